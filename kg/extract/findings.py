"""Reported results: metric, value, confidence interval, model, split and test statistics.

Each abstract is cut into sentences; in a sentence, values that follow one
another with only separators between them (``0.730(95%CI …)、0.775(…)``,
``0.719, 0.748 and 0.533``) form a *run*.  A run takes

* its metric from the last metric name before it in the sentence (``AUC为``,
  ``with a sensitivity of``), or, when as many metric names as values stand
  before it (``AUC、准确度、敏感度、特异度分别为…``), one each, in order;
* its model the same way from the model names between it and the previous
  run (``ResNet18、ResNet50和ResNet101的AUC分别为…``), else the sentence's;
* its split from a split named right after it (``… in the test set``), else
  between it and the previous run, else from the sentence (and the clauses
  before it, up to a full stop), else from a split that frames the whole
  Results section (``结果 在测试集中, …``): a split named in one sentence is
  not said of the next.

A value without a metric name before it is not a result: nothing is guessed.
Percentages become fractions with the source's digits (``92.0%`` →
``0.920``).  An impossible value (a proportion outside [0, 1], a CI whose
bounds are swapped or do not contain the value) is reported as a
:class:`kg.records.Diagnostic` and not returned.  The same result in both
abstracts is returned once.

>>> [(f.metric, f.value, f.ci_low, f.ci_high, f.split) for f in findings(
...     "abstract_en", "In the test set, the AUC was 0.806 (95% CI: 0.665–0.946).")[0]]
[('auc', '0.806', '0.665', '0.946', 'test')]
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from kg.extract.scan import HAN, LongestMatcher, anchored_finditer, fold_case
from kg.records import Diagnostic, Finding, Mention

__all__ = [
    "METRICS",
    "PROPORTION_METRICS",
    "SPLIT_ROLES",
    "SPLIT_SCOPES",
    "findings",
    "merge",
    "parse_value",
    "shift_percent",
]

#: Metric names radkg reports, lower-case English.
METRICS = (
    "auc",
    "time-dependent auc",
    "c-index",
    "sensitivity",
    "specificity",
    "accuracy",
    "ppv",
    "npv",
    "f1",
    "dice",
    "icc",
    "kappa",
    "hr",
    "or",
)

#: Metrics on the unit interval.
PROPORTION_METRICS = frozenset(METRICS) - {"hr", "or"}


def _forms(*words: str) -> tuple[str, ...]:
    return words


# The other spellings of the area under the ROC curve: "area under the receiver-operating
# characteristics curve", "area under the summary receiver operating characteristic curve".
_ROC_AREA_FORMS = tuple(
    f"{area} under {the}{kind}receiver{hyphen}{operat}{hyphen2}{characteristic}curve{plural}"
    for area in ("area", "areas")
    for the in ("the ", "")
    for kind in ("", "summary ")
    for hyphen in (" ", "-")
    for operat in ("operating", "operator")
    for hyphen2 in (" ", "-")
    for characteristic in ("characteristic ", "characteristics ", "")  # "receiver operating curve"
    for plural in ("", "s")
)

# Surface forms of each metric.  Lower-case forms match case-insensitively; forms with an
# upper-case letter (abbreviations: OR, HR, SEN) match only as written.  Latin forms need a
# word boundary on both sides.  One Aho-Corasick automaton finds them all in one pass.
_METRIC_FORMS: dict[str, tuple[str, ...]] = {
    "time-dependent auc": _forms(
        "t-AUC",
        "td-AUC",
        "tdAUC",
        "td-AUCs",
        "tdAUCs",
        "time-dependent auc",
        "time-dependent aucs",
        "time dependent auc",
        "time dependent aucs",
        "time-dependent area under the curve",
        "time-dependent area under the roc curve",
        "time-dependent area under the receiver operating characteristic curve",
        "时间依赖曲线下面积",
        "时间依赖受试者操作特征曲线下面积",
        "时间依赖受试者工作特征曲线下面积",
        "时间依赖性受试者操作特征曲线下面积",
        "时间依赖roc曲线下面积",
        "时间依赖性roc曲线下面积",
    ),
    "auc": _forms(
        "AUC",
        "AUCs",
        "AUROC",
        "AUROCs",
        "AUC-ROC",
        "ROC-AUC",
        "AUC值",
        "曲线下面积",
        "area under the curve",
        "area under curve",
        "area under the curves",
        "area under curves",
        "area under the roc curve",
        "areas under the curve",
        "areas under the curves",
        "areas under the roc curve",
        "areas under the roc curves",
        "areas under the receiver operating characteristic curve",
        "areas under the receiver operating characteristic curves",
        "area under the receiver operating characteristic curve",
        "area under the receiver operating characteristic curves",
        "area under receiver operating characteristic curve",
        "area under the roc curves",
        "Az",
        *_ROC_AREA_FORMS,
    ),
    "c-index": _forms(
        "c-index",
        "c-indices",
        "c-indexes",
        "c index",
        "c indices",
        "cindex",
        "c指数",
        "一致性指数",
        "concordance index",
        "concordance indices",
        "concordance indexes",
        "c-statistic",
        "c-statistics",
        "c statistic",
        "c统计量",
        "c统计值",
    ),
    "sensitivity": _forms(
        "sensitivity",
        "sensitivities",
        "more sensitive",
        "less sensitive",
        "as sensitive",
        "灵敏度",
        "敏感度",
        "敏感性",
        "灵敏性",
        "召回率",
        "recall",
        "SEN",
        "Se",
    ),
    "specificity": _forms(
        "specificity",
        "specificities",
        "特异度",
        "特异性",
        "SPE",
        "Sp",
        # a comparison said with the adjective: "more specific than CT (92% vs 81%)"
        "more specific",
        "less specific",
    ),
    "accuracy": _forms(
        "accuracy",
        "accuracies",
        "more accurate",
        "less accurate",
        "as accurate",
        "准确度",
        "准确率",
        "准确性",
        "正确率",
        "符合率",
        "诊断符合率",
        "ACC",
        "efficiency",
    ),
    "ppv": _forms(
        "positive predictive value",
        "positive predictive values",
        "阳性预测值",
        "PPV",
        "precision",
        "精确率",
        "精确度",
        "精准度",
        "精准率",
    ),
    "npv": _forms("negative predictive value", "negative predictive values", "阴性预测值", "NPV"),
    "f1": _forms(
        "f1 score", "f1 scores", "f1-score", "f1-scores", "f1-measure", "f1值", "f1分数", "F1"
    ),
    "dice": _forms(
        "dice similarity coefficient",
        "dice similarity coefficients",
        "dice coefficient",
        "dice coefficients",
        "dice score",
        "dice scores",
        "dice index",
        "dice indexes",
        "dice indices",
        "dice",
        "DSC",
        "DSCs",
        "dice系数",
        "dice相似系数",
        "dice相似性系数",
    ),
    "icc": _forms(
        "intraclass correlation coefficient",
        "intraclass correlation coefficients",
        "intra-class correlation coefficient",
        "intra-class correlation coefficients",
        "组内相关系数",
        "组间相关系数",
        "类内相关系数",
        "ICC",
        "ICCs",
    ),
    "kappa": _forms(
        "kappa",
        "kappa value",
        "kappa values",
        "kappa coefficient",
        "kappa coefficients",
        "kappa值",
        "kappa系数",
        "κ",
        "κ值",
        "κ系数",
    ),
    "hr": _forms(
        "hazard ratio",
        "hazard ratios",
        "adjusted hazard ratio",
        "adjusted HR",
        "风险比",
        "危险比",
        "HR",
        "HRs",
        "aHR",
    ),
    "or": _forms(
        "odds ratio",
        "odds ratios",
        "adjusted odds ratio",
        "adjusted OR",
        "比值比",
        "优势比",
        "比数比",
        "OR",
        "ORs",
        "aOR",
    ),
}


# Longer names that contain a metric's name but are other measures ("mean average precision"
# is not a precision): matched like metrics, so that they win as the longer match, then dropped.
_NOT_METRICS = (
    "auc差值",
    "auc difference",
    "auc differences",
    "difference in auc",
    "differences in auc",
    "δauc",
    "average precision",
    "mean average precision",
    "precision-recall",
    "precision recall",
    "area under the precision-recall curve",
    "auprc",
    "pr-auc",
    "auc-pr",
    "精确率-召回率曲线下面积",  # the area under the precision-recall curve
    "精确率-召回率曲线",
    "精确率召回率曲线下面积",
    "召回率曲线下面积",
    "pr曲线下面积",
    "diagnostic odds ratio",
    "diagnostic odds ratios",
    "诊断比值比",
    "诊断优势比",
)


def _metric_matcher() -> LongestMatcher[tuple[str, str | None, bool]]:
    patterns = {form: ("", None, True) for form in _NOT_METRICS}
    for name, forms in _METRIC_FORMS.items():
        for form in forms:
            exact = form if form != form.lower() else None
            patterns[form.lower()] = (name, exact, form.isascii())  # a later form wins, by design
    return LongestMatcher(patterns)


_METRIC_AC = _metric_matcher()


def _metrics(text: str) -> list[tuple[int, int, str]]:
    """Metric names in ``text`` as ``(start, end, metric)``, leftmost longest."""
    out = []
    n = len(text)
    for start, end, (name, exact, is_latin) in _METRIC_AC.find(fold_case(text)):
        if not name or (exact is not None and text[start:end] != exact):
            continue
        if is_latin and (
            (start > 0 and text[start - 1].isascii() and text[start - 1].isalnum())
            or (end < n and text[end].isascii() and text[end].isalpha())
        ):
            continue
        at_times = _AT_TIME_POINTS.search(text[max(0, start - 40) : start])
        if name == "auc" and (
            _TIME_DEPENDENT.search(text[max(0, start - 30) : start])
            # "判断3年生存率的曲线下面积": the AUC of a rate at one time is a plain AUC
            or (at_times is not None and not _RATE.search(at_times.group(0)))
        ):
            name = "time-dependent auc"
        out.append((start, end, name))
    if "预测值" in text or "predictive" in text:
        for m in _PPV_AND_NPV.finditer(text):  # "positive and negative predictive values"
            out = [o for o in out if not (m.start() <= o[0] < m.end())]
            out.append((m.start(1), m.end(1), "ppv"))
            out.append((m.start(2), m.end(), "npv"))
        out.sort()
    if "=" in text or "＝" in text or "分别为" in text:
        for m in _KAPPA_AS_K.finditer(text):  # "一致性中等(k=0.512)", "(K=0.734,Z=5.415)"
            if _AGREEMENT.search(text, max(0, m.start() - 60), m.start()):
                out.append((m.start(), m.end(), "kappa"))
        out.sort()
    return out


_PPV_AND_NPV = re.compile(
    r"(positive|阳性)\s*(?:and|&|和|及|与|、)\s*(negative\s+predictive\s+values?|阴性预测值)", re.I
)
# Where "k" is kappa: after words of agreement.
_AGREEMENT = re.compile(r"一致|符合|agreement|concordan|consisten|reliab|reproducib", re.I)
_KAPPA_AS_K = re.compile(r"(?<![A-Za-z0-9_.-])[kK](?=\s*(?:[=＝]|值?分别为)\s*0?\.\d)")


# An AUC at time points of survival: "预测1年、3年无进展生存期的曲线下面积", "3-year OS AUC".
_AT_TIME_POINTS = re.compile(
    r"\d\s*(?:年|个月|-?\s*years?|-?\s*months?)[^。;；]{0,20}?"
    r"(?:生存|复发|进展|survival|recurrence|progression|\bOS\b|\bPFS\b|\bDFS\b|\bRFS\b)"
    r"[^。;；,，]{0,12}$",
    re.I,
)
_RATE = re.compile(r"率|\brates?\b", re.I)
_TIME_DEPENDENT = re.compile(r"(?:时间依赖(?:性)?|time[-\s]dependent)[^。;；,，]{0,16}$", re.I)

_NUM = r"(?:\d{1,4}(?:\.\s?\d+)?|\.\d{1,4}(?!\d))"  # ".967": Radiology drops the zero
# "95% CI", "95%可信区间(95%CI)", "95% confidence interval (CI)"; then ":", ",", "=" or "为".
_CI_LABEL = (
    r"(?:95\s?%\s?(?:CI|置信区间|可信区间|confidence\s+interval)|CI(?=\s*[:：]?\s*\d))"
    r"(?:\s*[(（\[]\s*(?:95\s?%\s?)?CI\s*[)）\]])?\s*(?:[:：,，;；=]|为|是|of\b)?\s*"
    r"(?:[(（\[]\s*(?=\d))?"  # "[95%CI(0.89,0.96)]", "(95% confidence interval [0.86, 0.98])"
)
_BOUND = r"(?:\d{1,6}(?:\.\s?\d+)?|\.\d{1,6}(?!\d))"  # an odds ratio's upper bound can be 33620
_RANGE = (
    rf"(?P<lo>-?{_BOUND})\s?(?P<lopct>%)?\s*(?P<sep>[-–—~～,，;；]|to|至)"
    rf"\s*(?P<hi>-?{_BOUND})\s?(?P<hipct>%)?"
)
_VALUE = re.compile(
    rf"(?<![A-Za-z0-9.])(?P<v>{_NUM})\s?(?P<pct>%|per\s?cent\b)?"
    # a percentage's counts: "85.2%(350/411)", "87.5% (35/40 ears)", "89.2%[58/65耳]"
    r"(?:\s*[(（\[]\d+\s?(?:/|of)\s?\d+\s?[\u4e00-\u9fffA-Za-z ]{0,8}[)）\]])?"
    # counts before the interval in one bracket: "90% (45 of 50; 95% CI: 78%, 97%)"
    rf"(?:(?:\s*[(（\[]\s*(?:\d+\s?(?:of|/)\s?\d+\s*[;；,，]\s*(?={_CI_LABEL}))?(?P<label>{_CI_LABEL})?|\s*[,，;；]\s*(?P<after>{_CI_LABEL}))"
    rf"{_RANGE}\s*(?P<close>[)）\]])?)?"
)
# A bound or a cut-off, not a result: "ICC > 0.75", "ICC≥0.75的特征", "AUC above 0.9",
# "at a threshold of 0.45", "截断值为0.325" (and, after the value, "以0.45为截断值").
_COMPARISON = (
    r"(?:[<>≤≥＜＞]=?|大于|小于|超过|不低于|不高于|greater\s+than|less\s+than|more\s+than"
    r"|at\s+least|above|below|exceeding)\s*(?:or\s+equal\s+to\s*)?"
)
_LIMIT_BEFORE = re.compile(
    rf"(?:{_COMPARISON}"
    r"|(?:threshold|cut-?off|cut-off\s+value|cutoff\s+value|截断值|临界值|阈值|界值|cut-off点)"
    r"\s*(?:value\s*)?(?:of|was|at|=|:|：|为|是)?\s*)$",
    re.I,
)
# A bound the metrics before it are held to ("均超过80%", "all above 0.9"), not a cut-off.
_COMPARISON_BEFORE = re.compile(_COMPARISON + "$", re.I)
# A P value that ends a bracket, before the text after it: ", P<0.001]", "; P = 0.010)".
_P_TAIL = r"(?:\s*[,，;；]\s*[Pp]\s*[<>=≤≥]\s*0?\.\d+\s*)?"
_THRESHOLD_AFTER = re.compile(r"\s*(?:为|作为)(?:最佳)?(?:截断值|临界值|阈值|界值)")
_STAT_BEFORE = re.compile(
    r"(?:(?<![A-Za-z0-9-])(?:[PpZzFt]|n|N)|χ\s?[2²]|chi-square)\s*(?:值|value)?\s*[=<>≤≥]\s*$"
)
_SPREAD_BEFORE = re.compile(
    r"[(（\[]\s*(?:standard\s+(?:error|deviation)|SE|SD|SEM)\s*(?:[,:=：]\s*)?$", re.I
)
_NOT_A_VALUE_AFTER = re.compile(
    r"\s?(?:例|个|名|岁|年|月|天|周|次|项|份|所|组|mm|cm|ms|kg|s\b|min|years?|months?|cases|patients|lesions)"
)
# A percentage that is the level of an interval or a percentile distance, not a value.
_LEVEL_OF = re.compile(
    r"\s*(?:CI|置信|可信|一致性界限|预测区间|豪斯多夫|confidence|credible|prediction\s+interval"
    r"|LoA\b|limits?\s+of\s+agreement|Hausdorff|HD\b)",
    re.I,
)
_STAT = re.compile(
    r"(?P<name>[Pp](?:\s*值|\s*value)?|Z|χ\s?[2²]|chi-square)\s*(?P<op>[=<>≤≥]|<=|>=)\s*(?P<num>\d*\.?\d+)"
)
# A full stop ends a sentence before a capital and after a lower-case letter, digit, ")", "%"
# or "]" (checked in Python: a look-behind in the pattern made every position slow).
_SENTENCE = re.compile(r"[。；;]|\.(?=\s+[A-Z])")
_BEFORE_STOP = frozenset("abcdefghijklmnopqrstuvwxyz0123456789)%]")
# (A closing bracket may lead: "0.85[95%CI(0.81,0.89)]和0.82[…]" leaves the outer "]".)
_SEPARATOR = re.compile(
    r"^[)）\]]?(?:\s|[、,，;；和及与至比\-–~～/]|and\b|or\b|to\b|vs\.?|versus)*$", re.I
)
# What may stand between two runs besides the split the first one was reported in, for the
# second to keep its metric: "0.900 (…) in the training cohort and 0.876 (…) in the test cohort".
_CONTINUES = re.compile(
    r"^(?:\s|[、,，;；和及与中的为在()（）]|and\b|in\b|on\b|for\b|the\b|of\b"
    r"|compared\s+(?:with|to)\b|versus\b|vs\b\.?)*$",
    re.I,
)
_RESPECTIVE = re.compile(r"分别|respectively", re.I)
# The sets of an earlier list named by their number: "in the two cohorts", "in both sets",
# "两个队列中", "在两组中" (a run beside them follows that list, as with "respectively").
_SETS_NAMED_BEFORE = re.compile(
    r"\s*(?:in|on|across|for)\s+(?:the\s+)?(?:two|three|four|both|all\s+three)\s+"
    r"(?:[a-z]+\s+)?(?:cohorts|sets|datasets|groups|samples)\b"
    r"|[两二三四]个?(?:队列|数据集|样本集|组)",
    re.I,
)
# "94.89% in category 3, 96.90% in category 4A": a subgroup after each value.
_PARALLEL = re.compile(
    r"^\s*(in|for|at|on|with|against|from)\s+[^,;，；.()]{1,40}?(?:,\s*(?:and\s+)?|\s+and\s+)(?:of\s+)?$",
    re.I,
)
_PARALLEL_ZH = re.compile(r"^[\s,，]*(?:而)?(?:在|按|以|对)[^,，。;；:：()（）\d]{1,20}?(?:中)?为$")
# "…的AUC为87.64%,增加CTP后为97.4%": a short clause that only changes the condition.
_CONDITION_ZH = re.compile(
    r"^[\s,，]*(?:其中)?(?!.*(?:指数|值|率|系数|分数|评分|比|阈|截断|年龄|时间|直径|体积|长度|大小))"
    r"(?:[^,，。;；:：()（）\d]|\d+(?=版|[A-Za-z])|(?<=[A-Za-z])\d+){1,12}?(?:后|时)?为$"
)  # (a digit only in a name: "2018版LLC为", "T2WI为"; not "3个月后为")
_PARALLEL_ZH_BEFORE = re.compile(r"(?:在|按|以|对)[^,，。;；:：()（）\d]{1,20}?(?:中)?为$")
_SUBGROUP_AFTER = re.compile(r"\s*(?:in|for|at|on|with|against|from)\b", re.I)
_CI_LIST_LABEL = re.compile(
    r"\s*[,，]?\s*(?:其|with\s+)?95\s?%\s?(?:CIs?|置信区间|可信区间|confidence\s+intervals?)"
    r"(?:\s*[(（]\s*(?:95\s?%\s?)?CI\s*[)）])?\s*(?:分别为|分别是|of|were|[:：])?\s*",
    re.I,
)
_CI_LIST_ITEM = re.compile(
    r"(?:\s*(?:[、,，]|和|及|与|\band\b)\s*)?"
    r"(?P<lo>\d{1,4}(?:\.\d+)?)\s?(?P<lopct>%)?\s*[-–—~～至]\s*(?P<hi>\d{1,4}(?:\.\d+)?)\s?(?P<hipct>%)?"
)
# A model named right after a value: "0.91 for the radiomics model".
_MODEL_AFTER = re.compile(
    r"\s*(?:for|of|by|with|using)\s+(?:the\s+)?[^,;，；.()]{1,50}?"
    r"\b(?:model|nomogram|signature|classifier)s?\b",
    re.I,
)
_OTHER_MEASURE = re.compile(
    r"率|比例|[Pp]\s*值|\b(?:rates?|proportions?|percentages?|incidences?|prevalences?|ratios?"
    r"|[Pp][- ]?values?)\b",
    re.I,
)
# A set of data named, that is no split: "on the merged datasets of both hospitals".
_OTHER_DATA = re.compile(r"\b(?:datasets?|data\s+sets?|cohorts?|populations?)\b|数据集|总体|全部")
# Values over the folds of a cross-validation are on no one split: "五折交叉验证的AUROC分别为…",
# "in 10-fold cross-validation".
_CROSS_VALIDATION = re.compile(r"交叉验证|cross[- ]validat", re.I)
_ASSOCIATIONS = frozenset(METRICS) - PROPORTION_METRICS  # odds and hazard ratios
# Values said of every set at once ("模型在各队列中的AUC为0.915~0.925") belong to no one split.
_ACROSS_SETS = re.compile(
    r"各(?:个)?(?:队列|数据集|验证集|测试集|组)|所有(?:队列|数据集)"
    r"|\b(?:across|in)\s+(?:all|each|every)\s+(?:the\s+)?(?:\w+\s+)?(?:cohorts?|sets|datasets)\b",
    re.I,
)
_FROM = re.compile(r"(?:\bfrom|由|从)\s*$", re.I)
_FROM_TO = re.compile(r"^[^。;；,，]{0,40}?(?:\bto|至|到)\s*$", re.I)
# Between a value and one it is compared with, which keeps its metric: "MRI的AUC为0.917，高于
# 超声的0.719", "The AUC of MRI was 0.917, higher than that of ultrasound, 0.719", "高于放射科
# 医师(0.79", "higher than that of radiologists (0.79; 95% CI …)".
_COMPARED = re.compile(
    rf"^{_P_TAIL}"  # the end of a bracket: ", P<0.001]"
    r"[)）\]]?[\s,，]*(?:(?:显著|明显|略|均)?(?:高于|低于|优于|大于|小于|差于)(?![\d.]+(?:的|[(（\[]))[^。;；,，()（）%]{1,24}?"
    r"(?:的|[(（\[])"
    r"|(?:(?:which|that)\s+)?(?:(?:was|were|is|are)\s+)?"
    r"(?:(?:significantly|slightly|much)\s+)?(?:(?:higher|lower|better|greater|larger|smaller|worse)"
    r"\s+than|(?:superior|inferior|comparable|similar)\s+to)\s+(?:(?:that|those)\s+of\s+(?:the\s+)?[^.;,()%]{1,40}?[\s,]*[(（]?"
    r"|(?:the\s+)?[^.;,()%\d]{1,40}?\s*[(（]))\s*$",
    re.I,
)
# Between one bracketed value and the next, a name: "(0.93), followed by DenseNet121 (0.91)
# and VGG16 (0.88)", "(0.93),其次为DenseNet121(0.91)".
_NAMED_BRACKETED = re.compile(
    rf"^{_P_TAIL}"  # the end of a bracket: "; P = 0.010)"
    r"[)）\]]?\s*(?:(?:in|for|on)\s+[^()（）;；,，]{1,60}?)?[,，、]?\s*"
    r"(?:(?:and|or|followed\s+by|then|compared\s+(?:with|to)|versus|vs\.?"
    r"|其次为|其次是|然后是|和|及|与)\s*)*"
    r"(?!.*(?:threshold|cut|\bp\b|value|mean|median|age|year|rate|ratio|size|截断|阈值|临界|率|比|值))"
    r"(?:the\s+)?[^.;；,，()（）%=<>\s][^.;；,，()（）%=<>]{0,39}?\s*[(（\[]\s*$",
    re.I,
)
_COMPARATIVE_CUE = re.compile(
    r"高于|低于|优于|差于|不及|\bthan\b|outperform|compared\s+(?:with|to)|\bversus\b|\bvs\b", re.I
)
# Before a list compared with the list before it: "85% and 90%, compared with 70% and 95% for
# radiography" (the same metrics, in order).
_COMPARED_LIST = re.compile(
    r"[)）\]]?[\s,，;；]*(?:compared\s+(?:with|to)|versus|vs\.?|against|相比之下|而|以及"
    r"|(?:and\s+)?th(?:ose|at)\s+of\s+[^.;,()]{1,40}?\s+(?:was|were))\s*$",
    re.I,
)
# Between two splits of a list named after a run: "in the training set, internal validation set
# and external validation set".
_SPLIT_LIST_GAP = re.compile(
    r"\s*(?:[,，、和及与]\s*)?(?:(?:and|or)\s+)?(?:the\s+|in\s+the\s+)?$", re.I
)
# Between a run and a split named after it: "… in the test set", "0.92 (training), 0.88
# (validation)" (in zh, a split after a comma starts a new clause).
_AFTER = re.compile(r"^[)）\]]?[\s,，]*(?:in|on|for|of)\s+(?:the\s+)?$|^\s?[(（]\s*$", re.I)
_SECTION = re.compile(
    r"(?:^|\s)(?:目的|方法|结果|结论|Objectives?|Purpose|Methods?|Results?|Conclusions?)\s", re.I
)

_SPLIT_ZH = re.compile(r"(内部|外部)?(?:独立)?(训练|验证|测试|检验|建模|主(?=队列))(?:集|组|队列)")
# Runs on case-folded text (``fold_case``, same offsets): IGNORECASE is several times slower.
_SPLIT_EN_ROLES = (
    r"training|train|development|derivation|discovery|primary|validation|validating|test|testing"
)
_SPLIT_EN_ITEM = re.compile(rf"\b(?:(internal|external)\s+)?({_SPLIT_EN_ROLES})\b")
# (a scope may be glossed in a bracket: "the internal (temporally independent) test cohort")
_SPLIT_EN_ONE = (
    rf"(?:(?:internal|external)\s+(?:\([^()]{{1,40}}\)\s+)?)?(?:{_SPLIT_EN_ROLES})(?:\s+[1-9]\b)?"
)
_SPLIT_EN_NOUN = (
    r"(?:\s+[1-9])?\s+(?:sets?|cohorts?|groups?|datasets?|data\s+sets?|data|samples?)\b"
)
# One split or a list of them before one noun: "the training, internal validation, and external
# test sets" (each item is read by _SPLIT_EN_ITEM).
_SPLIT_EN = re.compile(
    rf"\b{_SPLIT_EN_ONE}(?:\s*,\s*{_SPLIT_EN_ONE})*(?:\s*,?\s+(?:and|&)\s+{_SPLIT_EN_ONE})?"
    + _SPLIT_EN_NOUN
)
# Splits named in a list with slashes need no noun: "AUCs of training/internal test/external test".
_SPLIT_EN_SLASHED = re.compile(rf"\b{_SPLIT_EN_ONE}(?:\s*/\s*{_SPLIT_EN_ONE})+\b")
# Splits each followed by its own bracket of results: "the training (AUC, 0.91) and validation
# (AUC, 0.87) cohorts"; each item stands where it is named, before its values.
_SPLIT_EN_BRACKETED = re.compile(
    rf"\b{_SPLIT_EN_ONE}\s*\([^()]{{1,80}}\)(?:\s*,?\s*(?:and\s+)?{_SPLIT_EN_ONE}\s*\([^()]{{1,80}}\))+"
    + _SPLIT_EN_NOUN
)
# Two scopes each followed by the bracket of its results, then the role they share.
_SCOPES_BRACKETED = re.compile(
    r"\b(internal|external)\s*(\([^()]{1,80}\))\s*,?\s*(?:and\s+)?(internal|external)\s*"
    rf"(\([^()]{{1,80}}\))\s+(validation|test|testing){_SPLIT_EN_NOUN}"
)
# A split alone in the bracket after its value: "0.92 (training), 0.88 (internal validation)".
_SPLIT_EN_IN_BRACKET = re.compile(
    r"(?<=[(（])\s*(?:(internal|external)\s+)?(training|validation|test|testing)"
    r"(?:\s+(?:sets?|cohorts?|groups?|datasets?|samples?))?(?=\s*[)）])"
)
# A split named right before its value: "AUC: training 0.92, validation 0.88, test 0.85".
_SPLIT_EN_BEFORE_VALUE = re.compile(
    r"\b(?:(internal|external)\s+)?(training|validation|test|testing)\s*[:=]?\s*(?=\d)"
)
# A split named without a noun needs its scope: "内部验证的准确率", "the external validation".
_SPLIT_ZH_BARE = re.compile(r"(内部|外部)(验证|测试)(?!集|组|队列)")
_SPLIT_EN_BARE = re.compile(r"\b(internal|external)\s+(validation|testing|test)\b")
_SCOPES_ONE_ROLE = re.compile(
    r"\b(internal|external)\s+(?:and|or|&)\s+(internal|external)\s+(validation|test|testing)\b"
    r"|(内部|外部)[和及与、](内部|外部)(验证|测试)(?:集|组|队列)"
)
_SPLIT_ZH_CUES = ("训练", "验证", "测试", "检验", "建模", "主队列")
# Where a split can begin (see kg.extract.scan.anchored_finditer).
_SPLIT_ZH_STARTS = re.compile(r"内部|外部|训练|验证|测试|检验|建模|主队列")
_SPLIT_EN_STARTS = re.compile(
    r"internal|external|train|development|derivation|discovery|primary|validat|test"
)
_SPLIT_EN_CUES = ("set", "cohort", "group", "sample", "data", "internal", "external")
_MODEL_ZH_CUES = ("模型", "列线图", "标签")
_MODEL_EN_CUES = ("model", "nomogram", "signature", "classifier")
#: The role a split word names and the scope a scope word gives it (kg.extract.cohorts uses them).
SPLIT_ROLES = {
    "训练": "training",
    "验证": "validation",
    "测试": "test",
    "检验": "test",
    "建模": "training",
    "主": "training",
    "training": "training",
    "train": "training",
    "development": "training",
    "derivation": "training",
    "discovery": "training",
    "primary": "training",
    "validation": "validation",
    "validating": "validation",
    "test": "test",
    "testing": "test",
}
SPLIT_SCOPES = {
    "内部": "internal",
    "外部": "external",
    "internal": "internal",
    "external": "external",
}
_ROLE, _SCOPE = SPLIT_ROLES, SPLIT_SCOPES

_MODEL_ZH = re.compile(r"[\u4e00-\u9fffA-Za-z0-9\-]{1,14}?(?:模型|列线图|标签)")
_MODEL_EN = re.compile(
    r"(?i:\b(?:the\s+)?((?:[A-Za-z0-9][\w\-]*\s+){0,4}?(?:model|nomogram|signature|classifier)s?)\b)"
)
_MODEL_ID = re.compile(
    r"(?<![A-Za-z0-9])(?:[A-Z][a-z]{1,8}\d{1,3}|(?:ResNet|DenseNet|VGG|EfficientNet|ResNeXt)-?\d{1,3}[A-Za-z]?"
    r"|[A-Z][a-z]+(?:[A-Z][a-z]*)+-?[A-Z]?\d{1,3}[a-z]?"  # InceptionV3, MobileNetV2, EfficientNetB0
    r"|AlexNet|GoogLeNet|Xception|ConvNeXt|nnU-Net|U-Net)(?![A-Za-z0-9])"
)
_COMPARATIVE = re.compile(
    r"(?:优于|高于|低于|than|over|superior\s+to|outperform\w*|versus|vs\.?)\s*(?:the\s+|those\s+of\s+(?:the\s+)?)?$",
    re.I,
)
_MODEL_STOP = {
    "model",
    "models",
    "the model",
    "nomogram",
    "signature",
    "classifier",
    "模型",
    "该模型",
    "预测模型",
}


def shift_percent(number: str) -> str:
    """A percentage's digits as a fraction with the same digits (``"92.0"`` → ``"0.920"``).

    >>> shift_percent("92.0"), shift_percent("100"), shift_percent("5.5"), shift_percent("75")
    ('0.920', '1.00', '0.055', '0.75')
    """
    whole, _, frac = number.partition(".")
    whole = whole.lstrip("0") or ""
    digits = whole.rjust(2, "0")
    head, tail = digits[:-2] or "0", digits[-2:]
    return f"{int(head)}.{tail}{frac}"


def parse_value(text: str, *, percent: bool = False) -> str | None:
    """A source number as a canonical decimal string (``"0. 967"`` → ``"0.967"``), or ``None``.

    >>> parse_value("0. 967"), parse_value("92.0", percent=True), parse_value("x")
    ('0.967', '0.920', None)
    """
    number = text.replace(" ", "")
    negative = number.startswith("-")
    number = number.lstrip("-")
    if not number or not all(ch.isdigit() or ch == "." for ch in number) or number.count(".") > 1:
        return None
    if number.startswith("."):
        number = "0" + number
    if percent:
        number = shift_percent(number)
    try:
        Decimal(number)
    except InvalidOperation:
        return None
    return "-" + number if negative else number


@dataclass(slots=True)
class _Value:
    start: int
    end: int
    value: str
    reported: str
    has_decimal: bool
    percent: bool
    lo: str | None = None
    hi: str | None = None
    metric: str | None = None
    model: str | None = None
    split: str | None = None
    stats: dict[str, tuple[str, str]] = field(default_factory=dict)


def _splits_in(text: str, base: int) -> list[tuple[int, int, str]]:
    out = []
    if any(cue in text for cue in _SPLIT_ZH_CUES):
        for m in anchored_finditer(_SPLIT_ZH, _SPLIT_ZH_STARTS, text):
            role = _ROLE[m.group(2)]
            scope = _SCOPE.get(m.group(1) or "")
            out.append((base + m.start(), base + m.end(), f"{scope} {role}" if scope else role))
        for m in _SPLIT_ZH_BARE.finditer(text):
            out.append(
                (base + m.start(), base + m.end(), f"{_SCOPE[m.group(1)]} {_ROLE[m.group(2)]}")
            )
    folded = fold_case(text)
    matches = (
        anchored_finditer(_SPLIT_EN, _SPLIT_EN_STARTS, folded)
        if any(c in folded for c in _SPLIT_EN_CUES)
        else ()
    )
    for m in matches:  # a list of splits counts as named where the list starts
        for item in _SPLIT_EN_ITEM.finditer(re.sub(r"\([^()]*\)", _blank, m.group(0))):
            out.append((base + m.start(), base + m.end(), _split_label(item)))
    if "(" in folded and any(c in folded for c in _SPLIT_EN_CUES):
        taken = {start for start, _end, _split in out}
        for m in anchored_finditer(_SPLIT_EN_BRACKETED, _SPLIT_EN_STARTS, folded):
            for item in _SPLIT_EN_ITEM.finditer(re.sub(r"\([^()]*\)", _blank, m.group(0))):
                if base + m.start() + item.start() not in taken:
                    start = base + m.start() + item.start()
                    out.append((start, base + m.start() + item.end(), _split_label(item)))
    if "(" in folded and any(c in folded for c in _SPLIT_CUE_EN):
        taken = {start for start, _end, _split in out}
        for m in _SPLIT_EN_IN_BRACKET.finditer(folded):  # "0.92 (training)"
            if base + m.start() not in taken:
                out.append((base + m.start(), base + m.end(), _split_label(m)))
    if any(c in folded for c in _SPLIT_CUE_EN):  # "AUC: training 0.92, validation 0.88"
        taken = {start for start, _end, _split in out}
        for m in _SPLIT_EN_BEFORE_VALUE.finditer(folded):
            if base + m.start() not in taken:
                out.append((base + m.start(), base + m.end(), _split_label(m)))
    if "/" in folded and any(c in folded for c in _SPLIT_CUE_EN):
        for m in _SPLIT_EN_SLASHED.finditer(folded):  # "training/internal test/external test"
            if not _within(out, base + m.start()):
                for item in _SPLIT_EN_ITEM.finditer(m.group(0)):
                    out.append((base + m.start(), base + m.end(), _split_label(item)))
    if "internal" in folded or "external" in folded:
        for m in _SPLIT_EN_BARE.finditer(folded):
            # (not an item of a list already read: "the training, internal test and external
            # test sets")
            if not _within(out, base + m.start()):
                role = _ROLE[m.group(2)]
                out.append((base + m.start(), base + m.end(), f"{_SCOPE[m.group(1)]} {role}"))
    if ("internal" in folded and "external" in folded) or ("内部" in text and "外部" in text):
        # "the internal and external validation sets", "内部及外部验证集": one role, two scopes
        for m in _SCOPES_ONE_ROLE.finditer(folded):
            role = _ROLE[m.group(3) or m.group(6)]
            first, second = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(5))
            out = [sp for sp in out if not m.start() <= sp[0] - base < m.end()]
            out.append((base + m.start(), base + m.end(), f"{_SCOPE[first]} {role}"))
            out.append((base + m.start(), base + m.end(), f"{_SCOPE[second]} {role}"))
    out.sort(key=lambda split: split[:2])  # stable: a list keeps its order
    return out


def _within(splits: list[tuple[int, int, str]], at: int) -> bool:
    """Whether offset ``at`` lies in a split already read."""
    return any(start <= at < end for start, end, _split in splits)


def _split_label(item: re.Match[str]) -> str:
    scope = _SCOPE.get(item.group(1) or "")
    role = _ROLE[item.group(2)]
    return f"{scope} {role}" if scope else role


def _blank(m: re.Match[str]) -> str:
    """A bracket's text replaced by spaces of the same length (offsets kept)."""
    return " " * len(m.group(0))


def _models_in(text: str) -> list[str]:
    found: list[tuple[int, str]] = []
    for m in _MODEL_ID.finditer(text):
        found.append((m.start(), m.group(0)))
    listed: list[tuple[int, int]] = []  # spans of coordinated lists, read item by item
    if HAN.search(text):
        if any(cue in text for cue in _MODEL_ZH_CUES):
            _listed_models(_MODEL_LIST_ZH, text, found, listed)
            for m in _MODEL_ZH.finditer(text):
                if not any(a <= m.end() - 1 < b for a, b in listed):
                    found.append((m.start(), m.group(0)))
    elif any(cue in text.lower() for cue in _MODEL_EN_CUES):
        _listed_models(_MODEL_LIST_EN, text, found, listed)
        for m in _MODEL_EN.finditer(text):
            if not any(a <= m.end(1) - 1 < b for a, b in listed):
                found.append((m.start(1), m.group(1)))
    out = []
    for start, label in sorted(found):
        label = _clean_model(label)
        if label.lower() in _MODEL_STOP or _COMPARATIVE.search(text[max(0, start - 24) : start]):
            continue
        if out and (label in out[-1] or out[-1] in label):
            if len(label) > len(out[-1]):
                out[-1] = label
            continue
        out.append(label)
    return out


def _listed_models(
    pattern: re.Pattern[str],
    text: str,
    found: list[tuple[int, str]],
    listed: list[tuple[int, int]],
) -> None:
    """Add each model of a coordinated list (``pattern``) to ``found``, at its own position."""
    for m in pattern.finditer(text):
        items = _LIST_SEPARATOR.split(m.group(1))
        cut = _MODEL_LIST_CUT_ZH.match(items[0])  # "比较临床" of "比较临床、…模型"
        if cut is not None:
            items[0] = items[0][cut.end() :]
        head = m.group(2)
        if len(items) < 2 or not all(items):
            continue
        joiner = "" if head in ("模型", "列线图") else " "
        listed.append((m.start(), m.end()))
        for offset, item in enumerate(items):
            # "影像组学模型、临床模型及联合模型": items that name their head keep it once
            label = item if item.lower().endswith(head.lower()) else f"{item}{joiner}{head}"
            found.append((m.start() + offset, label))


_MODEL_LIST_CUT_ZH = re.compile(r".*(?:优于|高于|低于|获得|构建|建立|采用|比较|[的将在为于,，])")
_MODEL_CUT_ZH = re.compile(
    r".*(?:优于|高于|低于|获得|构建|建立|采用|比较|集中|组中|队列中|[和与及的将在为于上、,，])"
)
# Everything up to the last word that cannot be part of a model's name.
_MODEL_CUT_EN = re.compile(
    r"^.*\b(?:of|the|and|or|with|for|between|than|those|a|an|in|to|by|on|that|which|over"
    r"|versus|vs|compared|using|outperform\w*|achieved|showed|yielded|had|was|were|is|are"
    r"|results?|methods?|conclusions?|objectives?|purpose|background)\b\.?\s+",
    re.I,
)
# Models named in one coordinated phrase: "the clinical, radiomics and combined models",
# "临床、影像组学及联合模型"; each item becomes its own model.
_MODEL_LIST_EN = re.compile(
    r"(?i:\b((?:[a-z][\w\-]*,\s+)*[a-z][\w\-]*,?\s+and\s+[a-z][\w\-]*)"
    r"\s+(model|nomogram|signature|classifier)s\b)"
)
_MODEL_LIST_ZH = re.compile(
    r"((?:[\u4e00-\u9fffA-Za-z0-9\-]{1,8}、)*[\u4e00-\u9fffA-Za-z0-9\-]{1,8}[和及与][\u4e00-\u9fffA-Za-z0-9\-]{1,8})"
    r"(模型|列线图)"
)
_LIST_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|[、和及与]")


def _clean_model(label: str) -> str:
    label = label.strip()
    if HAN.search(label):
        head = _MODEL_CUT_ZH.match(label[:-2])
        if head is not None:
            label = label[head.end() :]
        return label
    return _MODEL_CUT_EN.sub("", label)


def _distinct(items: list[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        if not out or out[-1] != item:
            out.append(item)
    return out


def _values(sentence: str) -> list[_Value]:
    out = []
    if "±" in sentence:  # "(92.3±2.1)%" is 92.3 %: read as " 92.3%      " (offsets kept)
        sentence = _MEAN_SD_PERCENT.sub(_mean_percent, sentence)
    for m in _VALUE.finditer(sentence):
        before = sentence[max(0, m.start() - 24) : m.start()]
        if (before.rstrip().endswith("±") or _SPREAD_BEFORE.search(before)) and (
            out and out[-1].metric is None
        ):
            # "0.85 ± 0.04", "0.786 (standard error, 0.059; …)": a standard deviation or error
            # belongs to its value
            out[-1].end = m.end()
            continue
        if (
            _STAT_BEFORE.search(before)
            or _LIMIT_BEFORE.search(before)
            or _THRESHOLD_AFTER.match(sentence, m.end())
        ):
            out.append(_Value(m.start(), m.end(), "", m.group(0), False, False, metric="-"))
            continue
        if m.group("pct") is None and _NOT_A_VALUE_AFTER.match(sentence, m.end("v")):
            continue
        raw = m.group("v")
        has_decimal = "." in raw
        percent = m.group("pct") is not None
        if not has_decimal and not percent:
            if not _PERCENT_RANGE_END.match(sentence, m.end()):
                continue
            percent = True  # "(64–80%)": the first bound of a range of percentages
        if percent and _LEVEL_OF.match(sentence, m.end()):
            continue  # the "95%" of "95% CI", "95% limits of agreement", "95% Hausdorff distance"
        value = parse_value(raw, percent=percent)
        if value is None:
            continue
        v = _Value(m.start(), m.end(), value, m.group(0).strip(), has_decimal, percent)
        # Bounds separated by a comma ("[95% CI: 0.89, 0.96]", "1.568(1.020,2.410)") only
        # inside brackets or after a CI label: "0.81, 0.75 and 0.70" is a list of values.
        if m.group("lo") is not None and (
            m.group("sep") not in ",，;；"
            or m.group("close")
            or m.group("label")
            or m.group("after")
        ):
            _set_bounds(v, m.group("lo"), m.group("hi"), m.group("lopct"), m.group("hipct"))
        elif "CI" in before or "区间" in before:
            first = _CI_FIRST.search(sentence, max(0, m.start() - 60), m.start())
            if first is not None:  # "(95%CI=1.262~5.291,HR=2.584)": the interval comes first
                _set_bounds(v, first.group("lo"), first.group("hi"), None, None)
                out = [o for o in out if o.end <= first.start() or o.start >= first.end()]
        out.append(v)
    return out


# An interval named before its value, in one bracket: "(95%CI=1.262~5.291,HR=2.584)".
_CI_FIRST = re.compile(
    r"[(（\[]\s*(?:95\s?%\s?)?(?:CI|置信区间|可信区间)\s*[=:：为]?\s*"
    rf"(?P<lo>{_BOUND})\s*[-–—~～至]\s*(?P<hi>{_BOUND})\s*[,，;；]\s*"
    r"[A-Za-z\u4e00-\u9fff]{1,8}\s*(?:值)?\s*[=:：为]\s*$"
)


def _set_bounds(v: _Value, lo: str, hi: str, lo_pct: str | None, hi_pct: str | None) -> None:
    """Give ``v`` its interval; a percentage's bounds are percentages too unless written as
    fractions that enclose it ("98.7%(95%CI:0.964~0.996)")."""
    scale = v.percent and not _fraction_bounds(v.value, lo, hi)
    v.lo = parse_value(lo, percent=scale or lo_pct is not None)
    v.hi = parse_value(hi, percent=scale or hi_pct is not None)


def _fraction_bounds(share: str, lo: str, hi: str) -> bool:
    """Whether ``lo`` and ``hi`` are fractions that enclose ``share`` (a value as a fraction)."""
    try:
        low, high = Decimal(lo.replace(" ", "")), Decimal(hi.replace(" ", ""))
    except ArithmeticError:
        return False
    return high <= 1 and low <= Decimal(share) <= high


_MEAN_SD_PERCENT = re.compile(r"[(（](\d{1,3}(?:\.\d+)?)\s*±\s*\d{1,3}(?:\.\d+)?[)）]\s?%")


def _mean_percent(m: re.Match[str]) -> str:
    text = f" {m.group(1)}%"
    return text + " " * (len(m.group(0)) - len(text))


def _runs(sentence: str, values: list[_Value]) -> list[list[_Value]]:
    """Values in lists: a value joins the list before it when only separators stand between.

    A list that starts with a test statistic is a list of statistics ("Z=3.33、2.18",
    "P=0.001、0.029"), except across "vs" ("0.69(95%CI …),P<0.001 vs 0.60(95%CI …)": the P value
    neither starts the list nor breaks it). A bound starts no list ("0.795 and 0.806 for PDFF ≥
    5%, and 0.916 and 0.932 for …"); a label in brackets after a value is skipped ("0.80 (T2WI)
    and 0.78 (DWI)").
    """
    runs: list[list[_Value]] = []
    last: list[_Value] | None = None  # the last list of values that are no statistic
    stats: list[_Value] | None = None  # a list of statistics still open
    for v in values:
        if v.metric == "-":
            runs.append([v])
            before = sentence[max(0, v.start - 24) : v.start]
            stats = runs[-1] if _STAT_BEFORE.search(before) else None
            continue
        if stats is not None:
            gap = sentence[stats[-1].end : v.start]
            # a statistic that ends a bracket ends its list: "0.893(95%CI:…,P<0.001)、0.999(…)"
            closed = gap.lstrip().startswith((")", "）", "]"))
            if _SEPARATOR.match(gap) and not _VERSUS.search(gap) and not closed:
                stats.append(v)
                continue
            stats = None
        gap = _P_IN_GAP.sub("", sentence[last[-1].end : v.start]) if last else ""
        label = _LABEL_BRACKET.match(gap)
        if label is not None and not _SPLIT_WORD.search(label.group(0)):
            gap = gap[label.end() :]  # "0.80 (T2WI) and 0.78 (DWI)": a label after each value
        if (
            last is not None
            and _SEPARATOR.match(gap)
            and not _leaves_bracket(sentence, last[-1], gap)
        ):
            last.append(v)
        else:
            last = [v]
            runs.append(last)
    return runs


def _opening(text: str, end: int) -> int:
    """Where the innermost bracket still open at ``end`` opened (-1 if none), in the 150
    characters before it.

    >>> _opening("AUC 0.9 (sens 89%, spec 98", 26), _opening("(a) b", 5)
    (8, -1)
    """
    start = max(0, end - 150)
    depth = 0
    for i in range(end - 1, start - 1, -1):
        if text[i] in ")）]":
            depth += 1
        elif text[i] in "(（[":
            if depth == 0:
                return i
            depth -= 1
    return -1


def _leaves_bracket(sentence: str, v: _Value, gap: str) -> bool:
    """Whether ``gap`` closes a bracket that ``v`` stands in: the next value is outside it.

    "77% for A (sensitivity 89%, specificity 98%), 56% for B": 98% and 56% are no list, while
    "0.85[95%CI(0.81,0.89)]和0.82" closes the bracket of 0.85's own interval.
    """
    if not gap.lstrip().startswith((")", "）", "]")):
        return False
    return -1 < _opening(sentence, v.end) < v.start


# Between two metric names, the end of a clause and words that are no list separator.
_CLAUSE_END = re.compile(r"[,，;；]")
_LIST_WORDS = re.compile(
    r"[\s,，;；、和及与的()（）]|\b(?:and|or|the|its|their|as\s+well\s+as)\b", re.I
)
# A comparison that opens the bracket of the value compared: "优于血肿体积logistic模型(",
# "outperformed the clinical model (".
_COMPARED_IN_BRACKET = re.compile(
    r"(?:高于|低于|优于|差于|\b(?:better|higher|lower|worse|greater)\s+than\b|\boutperformed\b)"
    r"[^。;；,，()（）%\d=<>]{1,30}?[(（]\s*(?=\d|\.\d)",
    re.I,
)
# A list opening the bracket after a value: "(各折分别为…", "(".
_BRACKETED_LIST = re.compile(
    r"^\s*[(（\[](?!.*(?:四分位|范围|区间|标准差|IQR|range|interquartile|CI\b|SD\b|置信|可信))"
    r"[^()（）\[\]\d%=<>:：;；]{0,12}?(?:分别)?(?:为|是)?\s*$",
    re.I,
)
# A list of another model that leaves out the verb and metric of the list before: "…, and the
# peritumour model 0.790 and 0.808".
_ELLIPSIS = re.compile(
    r"[)）\]]?\s*[,，;；]\s*(?:and|while|whereas)\s+(?:the\s+)?[^.;,()\d%]{1,40}?"
    r"\b(?:model|nomogram|signature|classifier)s?\s*$",
    re.I,
)
# A value labelled in a bracket: "(2018 LLC: 0.91; 2009 LLC: 0.76)".
_LABELLED = re.compile(r"[(（\[;；,，]\s*([A-Za-z0-9\u4e00-\u9fff][\w .\-/+]{0,29}?)\s*[:：]\s*$")
_NOT_A_LABEL = re.compile(
    r"(?:p|z|t|n|f|r|χ2|chi-square|se|sd|iqr|range|mean|median|cut-?off|threshold|hr|or|rr"
    r"|95% ci|ci)$",
    re.I,
)
_SUBGROUP_BEFORE = re.compile(
    r"^[)）\]]\s*[,，]?\s*(?:and\s+)?(for|in|at|on)\s+[^,;，；()（）]{1,60}?$", re.I
)


def _before_bracket(sentence: str, out: list[_Value], v: _Value) -> _Value | None:
    """The value that ``v`` parallels across the bracket that the last value stood in.

    Either both are followed by their subgroup ("77% for A (…), 56% for B") or both follow
    it ("For A the accuracy was 48% (…), for B 84%").
    """
    last = out[-1]
    gap = sentence[last.end : v.start]
    if not _leaves_bracket(sentence, last, gap):
        return None
    opening = _opening(sentence, last.end)
    anchor = next((a for a in reversed(out) if a.end <= opening), None)
    if anchor is None or anchor.metric is None:
        return None
    closer = gap.lstrip()[1:]
    if _SEPARATOR.match(closer):
        if _SUBGROUP_AFTER.match(sentence, anchor.end) and _SUBGROUP_AFTER.match(sentence, v.end):
            return anchor
        return None
    before = _SUBGROUP_BEFORE.match(gap.lstrip())
    if before is None:
        return None
    clause = re.split(r"[,，;；]", sentence[: anchor.start])[-1]
    word = before.group(1).lower()
    return anchor if re.match(rf"\s*{word}\s", clause, re.I) else None


_PERCENT_RANGE_END = re.compile(r"\s?[-–—~～]\s?\d{1,3}(?:\.\d+)?\s?%")
_RANGE_JOIN = re.compile(r"\s*(?:[-–—~～至]|to)\s*$")
_VERSUS = re.compile(r"\bvs\b|versus", re.I)
_P_IN_GAP = re.compile(r"[,，;；]?\s*[Pp]\s*[<>=≤≥]\s*0?\.\d+")
_STAT_BRACKET = re.compile(r"^\s*[(（\[]\s*[Pp]\s*[<>=≤≥]\s*0?\.\d+\s*[)）\]]")


def _after_statistics(text: str) -> str:
    """``text`` after the P value (and the bracket it closes) that it starts with.

    >>> _after_statistics(" (P < 0.001) for TFLV"), _after_statistics("; P = 0.01) from LHR")
    ('for TFLV', 'from LHR')
    """
    text = _STAT_BRACKET.sub("", text, count=1)
    return _P_IN_GAP.sub("", text, count=1).lstrip(")）] ")


_LABEL_BRACKET = re.compile(r"\s*[(（][A-Za-z\u4e00-\u9fff][^()（）=<>%;；,，]{0,29}[)）]")
_SPLIT_WORD = re.compile(r"train|validat|test|训练|验证|测试|检验|建模", re.I)


def _assign(items: list[str], run: list[_Value], attr: str) -> bool:
    """Give a run ``items`` one per value (same count) or the last to all; False if none."""
    if not items:
        return False
    if len(items) == len(run) and len(run) > 1:
        for v, item in zip(run, items, strict=True):
            setattr(v, attr, item)
    else:
        for v in run:
            setattr(v, attr, items[-1])
    return True


_PAIRED = re.compile(r"比|\bvs\b|versus", re.I)


def _pairs(sentence: str, run: list[_Value], names: list[str]) -> bool:
    """Give each metric of ``names`` two values of ``run``, if it lists them in compared pairs.

    "敏感度、特异度…分别为91.67%比77.78%、85.71%比78.57%…", "(85% vs. 42%, 70% vs. 4%)": the
    gap inside each pair names the comparison, the gap between pairs does not.
    """
    if len(names) < 2 or len(run) != 2 * len(names):
        return False
    gaps = [
        _PAIRED.search(sentence, a.end, b.start) is not None for a, b in itertools.pairwise(run)
    ]
    if not all(gaps[0::2]) or any(gaps[1::2]):
        return False
    for i, v in enumerate(run):
        v.metric = names[i // 2]
    return True


def _grouped(sentence: str, run: list[_Value], size: int) -> bool:
    """Whether ``run`` falls into groups of ``size`` values: one separator stands inside every
    group, another between them ("25%、100%和33.3%、92.3%", "0.941/0.906 and 0.902/0.891")."""
    if size < 2 or len(run) < 2 * size or len(run) % size:
        return False
    gaps = [sentence[a.end : b.start].strip() for a, b in itertools.pairwise(run)]
    inner = {gap for i, gap in enumerate(gaps) if (i + 1) % size}
    outer = {gap for i, gap in enumerate(gaps) if not (i + 1) % size}
    return len(inner) == 1 and len(outer) == 1 and inner != outer


def _groups(sentence: str, run: list[_Value], names: list[str]) -> bool:
    """Give ``run`` the metrics of ``names`` in order, group by group, if it is grouped so
    ("敏感度和特异度分别为25%、100%和33.3%、92.3%")."""
    if not _grouped(sentence, run, len(names)):
        return False
    for i, v in enumerate(run):
        v.metric = names[i % len(names)]
    return True


def _stats(sentence: str, run: list[_Value], limit: int) -> None:
    """Test statistics after a value, up to the next value of its list or ``limit``.

    In a list, only statistics that stand between two values belong to the first
    ("0.69(…),P<0.001 vs 0.60(…),P=0.031"); those after the list go to its last value.
    """
    for i, v in enumerate(run):
        end = run[i + 1].start if i + 1 < len(run) else limit
        tail = sentence[v.end : min(end, v.end + 40)]
        for m in _STAT.finditer(tail):
            name = m.group("name").lower()
            key = "p" if name.startswith("p") else ("z" if name == "z" else "chi2")
            if key not in v.stats:
                v.stats[key] = (m.group("op"), m.group("num"))


def _same_sets(context: dict[str, Any], run: list[_Value]) -> list[str | None] | None:
    """The sets of the sentence before, if it reported the metric of ``run`` as many times,
    each value in its own set (its last list, or all its values)."""
    for last in (context["last_run"], context["sequence"]):
        if not last or len(last) != len(run):
            continue
        named = [split for _, _, split in last]
        metrics = {name for name, _, _ in last} | {v.metric for v in run}
        if None not in named and "" not in named and len(set(named)) == len(named):
            return named if len(metrics) == 1 else None
    return None


def _names_before(
    sentence: str, metrics: list[tuple[int, int, str]], floor: int, start: int
) -> list[str]:
    """The metrics named between ``floor`` and a run at ``start`` (at most 160 characters
    before it), in order, from the clause that names the run's own.

    A metric said of in a clause of its own is not one of the values':

    >>> zh = "诊断准确性优异,两种评分的AUC分别为0.98和0.97"
    >>> _names_before(zh, _metrics(zh), 0, zh.index("0.98"))
    ['auc']
    """
    named = [m for m in metrics if floor <= m[0] and m[1] <= start and start - m[1] <= 160]
    for i in range(len(named) - 1, 0, -1):
        between = sentence[named[i - 1][1] : named[i][0]]
        if _CLAUSE_END.search(between) and _LIST_WORDS.sub("", between):
            named = named[i:]
            break
    return _distinct([name for _, _, name in named])


def _continued(
    sentence: str,
    splits: list[tuple[int, int, str]],
    out: list[_Value],
    runs: list[list[_Value]],
    index: int,
    previous_end: int,
) -> tuple[list[str | None], bool, list[str | None] | None] | None:
    """The metrics of ``runs[index]``, a run named by no metric, from the values just before it.

    Returns the metrics, whether the run is compared with the values before (so not of their
    model), and the splits it takes from a parallel run; ``None`` if the run goes on from none.
    """
    run, before = runs[index], runs[index - 1]
    start = run[0].start
    gap = sentence[previous_end:start]
    for sp in sorted(splits, reverse=True):
        if previous_end <= sp[0] and sp[1] <= start:
            gap = gap[: sp[0] - previous_end] + gap[sp[1] - previous_end :]
    if len(gap) < len(sentence[previous_end:start]) and _CONTINUES.match(
        _LABEL_BRACKET.sub("", gap)
    ):
        # the same metrics, in the next split
        same = len(run) == len(before) > 1 and all(v.metric for v in before)
        return ([v.metric for v in before] if same else [out[-1].metric]), False, None
    if len(run) == 1 and _COMPARED.match(gap):
        return [out[-1].metric], True, None  # the same metric, of what it is compared with
    if (
        len(run) == 1
        and sentence[max(0, out[-1].start - 3) : out[-1].start].rstrip()[-1:] in ("(", "（", "[")
        and _NAMED_BRACKETED.match(gap)
    ):
        # "the highest AUC (0.93), followed by DenseNet121 (0.91) and VGG16 (0.88)"
        return [out[-1].metric], True, None
    if (
        len(run) == len(before)
        and all(v.metric is not None for v in before)
        and _FROM_TO.match(gap)
        and _FROM.search(sentence, max(0, before[0].start - 8), before[0].start)
    ):
        # "improved from 0.83 … to 0.90", "由0.83提高至0.90", "分别由50%、60%提高至72%、73%"
        return [v.metric for v in before], False, None
    if (
        len(run) == 1
        and _PARALLEL_ZH.match(_P_IN_GAP.sub("", gap).lstrip(")）] "))
        and _PARALLEL_ZH_BEFORE.search(sentence, max(0, out[-1].start - 24), out[-1].start)
    ):
        # "敏感度在神经放射科医师为100%,在普通放射科医师为87.5%": one metric over readers
        return [out[-1].metric], False, None
    if (
        (len(run) == 1 or _RANGE_JOIN.match(sentence, run[0].end, run[-1].start))
        and _CONDITION_ZH.match(gap)
        and sentence[max(0, before[0].start - 3) : before[0].start].rstrip().endswith(("为", "是"))
    ):
        # "阅片者1的AUC为87.64%,增加CTP后为97.4%": the same metric, another condition
        # (also of a range: "ICC范围为0.27~0.76,修复组织为0.00~0.90")
        return [out[-1].metric], False, None
    if len(run) > 1 and _BRACKETED_LIST.match(gap):
        # "准确度为93.46%(各折分别为93.4%、94.35%和92.62%)", "93.46% (93.4%, 94.35%
        # and 92.62%)": the values of the folds or readers behind it
        return [out[-1].metric], False, None
    if (
        len(run) == 1
        and (label := _LABELLED.search(gap)) is not None
        and out[0].end <= _opening(sentence, start)
        and not _NOT_A_LABEL.match(label.group(1))
    ):
        # "the largest AUC (0.95) compared with the others (2018 LLC: 0.91; 2009 LLC:
        # 0.76)": values labelled in a bracket after a value, of its metric
        return [out[-1].metric], False, None
    if len(run) == 1 and (anchor := _before_bracket(sentence, out, run[0])) is not None:
        # "77% for prelaminar invasion (sensitivity 89%, specificity 98%), 56% for
        # laminar invasion": the metric of the value before the bracket
        return [anchor.metric], False, None
    if (parallel := _PARALLEL.match(_after_statistics(gap))) is not None and (
        len(run) == 1 or len(run) == len(before)
    ):
        # "94.89% in category 3, 96.90% in category 4A": one metric over subgroups;
        # "between 0.770 and 0.878 in the cartilage and of 0.809 and 0.753 for the
        # menisci": runs of as many values
        if len(run) == 1:
            after_run = sentence[run[-1].end : run[-1].end + 60]
            follows = fold_case(_after_statistics(after_run)).startswith(parallel.group(1))
        else:
            follows = _SUBGROUP_AFTER.match(sentence, run[-1].end) is not None
        if follows:
            # (runs of as many values take the splits too: "0.96/0.96/0.82 in CE regions and
            # 0.97/0.89/0.91 in NE regions")
            splits_too = [v.split for v in before] if len(run) > 1 else None
            return [v.metric for v in before][-len(run) :], False, splits_too
    return None


def _sentence_values(
    sentence: str, metrics: list[tuple[int, int, str]], context: dict[str, Any]
) -> list[_Value]:
    values = _values(sentence)
    if not values:
        return []
    splits = _splits_in(sentence, 0)
    # A run that starts with a test statistic (Z=3.33、2.18) is a list of statistics, not results.
    runs = [run for run in _runs(sentence, values) if run[0].metric != "-"]
    # Metrics named before a bound or a statistic are its own ("特异度和灵敏度均超过80%,准确率
    # 分别为…"): the next run's names come after it.
    bounds = [
        v.end
        for v in values
        if v.metric == "-" and _COMPARISON_BEFORE.search(sentence, max(0, v.start - 12), v.start)
    ]
    for run in runs:
        for v in run:
            v.metric = None
    out: list[_Value] = []
    previous_end = 0
    sentence_model: str | None = None
    used_splits: set[int] = set()
    last_run: list[tuple[str | None, str | None, str | None]] | None = None
    model_floor = 0  # models before this offset were named after an earlier run
    for index, run in enumerate(runs):
        start = run[0].start
        next_start = runs[index + 1][0].start if index + 1 < len(runs) else len(sentence)
        floor = max([b for b in bounds if previous_end <= b <= start], default=previous_end)
        gap_metrics = _names_before(sentence, metrics, floor, start)
        postfix = second = None
        parallel_splits: list[str | None] | None = None
        # a value after "高于…", "than …", "outperformed …" is not the model named before it
        compared = out != [] and _COMPARATIVE_CUE.search(sentence, previous_end, start) is not None
        if not gap_metrics and len(run) == 1:
            postfix = _metric_after(sentence, run[0].end, metrics, next_start)
            if postfix is not None:  # "78.6% accuracy, 73% sensitivity": the name follows
                gap_metrics = [postfix[2]]
                joined = _AND.match(sentence, postfix[1])
                if joined is not None:  # "100% precision and specificity": one value, two names
                    second = _metric_after(sentence, joined.end(), metrics, next_start)
        if not gap_metrics and len(run) > 1 and _RESPECTIVE.search(sentence[previous_end:start]):
            gap_metrics = list(
                context["metrics"] or ()
            )  # "验证组分别为…": the previous list of metrics
            if len(gap_metrics) != len(run):
                gap_metrics = []
        if not gap_metrics and out and out[-1].end == previous_end:
            went_on = _continued(sentence, splits, out, runs, index, previous_end)
            if went_on is not None:
                gap_metrics, compared_on, parallel_splits = went_on
                compared = compared or compared_on
        template = None
        clause = re.split(r"[,，;；]", sentence[previous_end:start])[-1]
        compared_list = _COMPARED_LIST.match(sentence, previous_end, start) is not None or (
            len(run) > 1 and _COMPARED.match(clause) is not None
        )  # "…, compared with 70% and 95%", "均高于临床模型(0.75和0.70)"
        if (
            not gap_metrics
            and len(run) > 1
            and (
                compared_list
                or _ELLIPSIS.match(sentence, previous_end, start) is not None
                or _respective(sentence, previous_end, run)
            )
        ):
            # "综合模型分别为0.86和0.82", "the values were 0.977, …, respectively": the metrics,
            # models and splits of the previous list of as many values
            so_far = [(v.metric, v.model, v.split) for v in out]
            for candidate in (last_run, so_far, context["last_run"], context["sequence"]):
                if candidate and len(candidate) == len(run):
                    template = candidate
                    break
            if template is not None:
                for v, (name, model, split) in zip(run, template, strict=True):
                    # (a list compared with the model's is not the model's)
                    v.metric, v.model, v.split = name, None if compared_list else model, split
                gap_metrics = [name for name, _, _ in template if name]
            elif out and len(_models_in(sentence[previous_end:start])) == len(run):
                # "…的准确度最高(81.23%),InceptionV3、VGG16及DenseNet169分别为80.61%、81.13%和
                # 76.71%": the models of the list, with the metric just reported
                gap_metrics = [out[-1].metric]
        if not gap_metrics:
            previous_end = run[-1].end
            continue
        if template is None:
            if len(gap_metrics) > 1:
                context["metrics"] = tuple(gap_metrics)
            if len(run) == 2 and _RANGE_JOIN.match(sentence, run[0].end, run[1].start):
                for v in run:  # "accuracy (AUC 0.60–0.77)": a range of the nearest metric
                    v.metric = gap_metrics[-1]
            elif len(gap_metrics) == len(run) and len(run) > 1:
                for v, name in zip(run, gap_metrics, strict=True):
                    v.metric = name
            elif _pairs(sentence, run, gap_metrics) or _groups(sentence, run, gap_metrics):
                # "分别为91.67%比77.78%、85.71%比78.57%": two values of each metric;
                # "分别为25%、100%和33.3%、92.3%": every metric, twice
                pass
            elif len(gap_metrics) > 1 and len(run) > 1:
                # three values for two metric names: which is which is unknown, so none is kept
                previous_end = run[-1].end
                continue
            else:
                for v in run:
                    v.metric = gap_metrics[-1]
        models = _models_in(sentence[max(previous_end, model_floor) : start])
        trailing = _MODEL_AFTER.match(sentence, run[-1].end)
        trailing_models = _models_in(trailing.group(0)) if trailing is not None else []
        if len(trailing_models) == 1:  # "0.91 for the radiomics model and 0.85 for …"
            for v in run:
                v.model = trailing_models[0]
            model_floor = trailing.end()
        elif _assign(models, run, "model"):
            sentence_model = run[-1].model
        elif sentence_model is not None and template is None and not compared:
            # (a value compared with the model's is not the model's: "高于放射科医师(0.79")
            for v in run:
                v.model = sentence_model
        _respective_cis(sentence, run)
        after = [
            sp
            for sp in splits
            if run[-1].end <= sp[0] < next_start
            and sp[0] - run[-1].end <= 30
            and _AFTER.match(sentence[run[-1].end : sp[0]])
        ]
        if after and len(run) > 1:
            # "0.834, 0.813 and 0.811 in the training set, internal validation set and
            # external validation set": a list of splits, each with its noun
            for sp in splits:
                if sp[0] >= after[-1][1] and sp[0] < next_start:
                    if not _SPLIT_LIST_GAP.match(sentence, after[-1][1], sp[0]):
                        break
                    after.append(sp)
        gap = [
            sp
            for sp in splits
            if previous_end <= sp[0] and sp[1] <= start and sp[0] not in used_splits
        ]
        if after:
            used_splits.update(sp[0] for sp in after)
            _assign([sp[2] for sp in after], run, "split")
        elif gap:
            named = _distinct([sp[2] for sp in gap])
            if len(named) != len(run):  # "外部验证队列1和外部验证队列2": two sets of one name
                numbered = [sp[2] for sp in dict.fromkeys(gap)]
                named = numbered if len(numbered) == len(run) else named
            if _grouped(sentence, run, len(named)):
                for i, v in enumerate(run):  # "training/test … 0.94/0.90 and 0.92/0.89"
                    v.split = named[i % len(named)]
            else:
                _assign(named, run, "split")
        elif (
            parallel_splits is not None
            and None not in parallel_splits
            and len(set(parallel_splits)) == len(run)
        ):
            for v, split in zip(run, parallel_splits, strict=True):
                v.split = split
        elif (
            not splits
            and template is None
            and len(run) > 1
            and (earlier := _same_sets(context, run)) is not None
        ):
            # "…0.838 in the training set and 0.863 in the test set. The tumour model reached
            # AUCs of 0.816 and 0.830": as many values of the metric, in the same sets
            for v, split in zip(run, earlier, strict=True):
                v.split = split
        elif template is None and len(run) > 1 and _respective(sentence, previous_end, run):
            # "在两个队列中的C指数分别为…、…", "in the two cohorts": the splits of the last list
            for candidate in (last_run, context["last_run"], context["sequence"]):
                named = [split for _, _, split in candidate or ()]
                if len(named) == len(run) and None not in named and len(set(named)) == len(named):
                    for v, split in zip(run, named, strict=True):
                        v.split = split
                    break
        if (
            template is not None
            and not after
            and not gap
            and _OTHER_DATA.search(fold_case(sentence[previous_end:start]))
        ) or (not after and not gap and _CROSS_VALIDATION.search(clause) is not None):
            # "on the merged datasets", "五折交叉验证的AUROC": a set that is none of the splits
            for v in run:
                v.split = ""  # known to be none: nothing inherits into it
        _stats(sentence, run, next_start)
        out.extend(v for v in run if v.metric is not None)
        if second is not None:
            out.append(replace(run[0], metric=second[2], stats=dict(run[0].stats)))
            postfix = second
        last_run = [(v.metric, v.model, v.split) for v in run]
        previous_end = postfix[1] if postfix is not None else run[-1].end
    _respective_splits(sentence, splits, values, runs)
    if "internal" in sentence and "external" in sentence and "(" in sentence:
        # "in the internal (r = 0.63, AUC 0.89) and external (AUC 0.80) validation cohorts": the
        # values in each bracket are of the scope before it
        for m in _SCOPES_BRACKETED.finditer(fold_case(sentence)):
            role = _ROLE[m.group(5)]
            for scope, bracket in ((1, 2), (3, 4)):
                for v in out:
                    if m.start(bracket) <= v.start < m.end(bracket):
                        v.split = f"{_SCOPE[m.group(scope)]} {role}"
    if splits:
        last_split = splits[-1]
        if values and last_split[0] >= values[-1].end:
            for v in out:
                if v.split is None:
                    v.split = last_split[2]
        for v in out:
            if v.split is None and v.metric not in _ASSOCIATIONS:
                earlier = [sp for sp in splits if sp[1] <= v.start]
                if earlier:
                    v.split = earlier[-1][2]
        context["split"] = splits[-1][2]
    across = _ACROSS_SETS.search(sentence) is not None
    for v in out:
        if v.split is None and v.metric not in _ASSOCIATIONS and not across:
            v.split = context["split"]  # an odds or hazard ratio describes no split
    if across:
        context["split"] = None  # after values said of every set, no one set is in view
    if out:
        context["last_run"] = last_run
        context["sequence"] = [(v.metric, v.model, v.split) for run in runs for v in run]
    return out


def _respective_splits(
    sentence: str,
    splits: list[tuple[int, int, str]],
    values: list[_Value],
    runs: list[list[_Value]],
) -> None:
    """One list of splits after every value, "respectively": each run takes it in order.

    "sensitivities of 85% and 80% and specificities of 90% and 88% in the
    training and test sets, respectively".
    """
    if not values or not _RESPECTIVE.search(sentence):
        return
    final = [split for split in splits if split[0] >= values[-1].end]
    if len(final) < 2 or len({split[:2] for split in final}) != 1:
        return
    named = [split[2] for split in final]
    measured = [run for run in runs if any(v.metric for v in run)]
    if measured and all(len(run) == len(named) for run in measured):
        for run in measured:
            for v, split in zip(run, named, strict=True):
                v.split = split


_AND = re.compile(r"\s*(?:and|和|及|与)\s*", re.I)


def _metric_after(
    sentence: str, end: int, metrics: list[tuple[int, int, str]], limit: int
) -> tuple[int, int, str] | None:
    """A metric named right after a value (only spaces between), ending before ``limit``."""
    position = end
    while position < len(sentence) and sentence[position] == " ":
        position += 1
    if sentence.startswith(("a ", "an "), position):
        return None
    for metric in metrics:
        if metric[0] == position and metric[1] <= limit:
            return metric
    return None


def _respective(sentence: str, previous_end: int, run: list[_Value]) -> bool:
    """Whether ``run`` is said to follow another list: 分别/respectively before or just after it,
    or the sets of that list named by their number ("in the two cohorts").

    Not when the words before it name another measure ("两者恶性率分别为…").
    """
    gap = sentence[previous_end : run[0].start]
    if _OTHER_MEASURE.search(gap):
        return False
    after = sentence[run[-1].end : run[-1].end + 40]
    return bool(
        _RESPECTIVE.search(gap)
        or _RESPECTIVE.match(after.lstrip(" ,，"))
        or _SETS_NAMED_BEFORE.search(gap)
        or _SETS_NAMED_BEFORE.match(after)
    )


def _respective_cis(sentence: str, run: list[_Value]) -> None:
    """Give ``run`` the intervals listed after it.

    As in "比值比=1.10、7.72,95%可信区间(CI)分别为1.01~3.82、1.42~15.42".
    """
    if len(run) < 2 or any(v.lo is not None for v in run):
        return
    label = _CI_LIST_LABEL.match(sentence, run[-1].end)
    if label is None:
        return
    bounds = []
    position = label.end()
    while len(bounds) < len(run):
        m = _CI_LIST_ITEM.match(sentence, position)
        if m is None:
            return
        bounds.append((m.group("lo"), m.group("hi"), m.group("lopct"), m.group("hipct")))
        position = m.end()
    for v, (lo, hi, lo_pct, hi_pct) in zip(run, bounds, strict=True):
        _set_bounds(v, lo, hi, lo_pct, hi_pct)


_DECIMAL = re.compile(r"\d\.\s?\d|\d\s?%|\d\s?per\s?cent\b")
_SPLIT_CUE_EN = ("training", "validation", "test")
_SECTION_ZH = ("目的", "方法", "结果", "结论")
_SECTION_EN = ("objective", "purpose", "method", "result", "conclusion")


def _sentences(text: str) -> list[tuple[int, str]]:
    """``(offset, sentence)`` pairs; sentences end at 。；; or at ". " before a capital."""
    out = []
    start = 0
    n = len(text)
    for m in _SENTENCE.finditer(text):
        stop = m.group(0)
        if stop == "." and (m.start() == 0 or text[m.start() - 1] not in _BEFORE_STOP):
            continue
        if stop != "。" and _open_brackets(text, max(start, m.start() - 150), m.start()):
            continue  # "(AUC, 0.93; 95% CI: 0.89, 0.96; P = .002)", "(0.89 vs. Reader 2)"
        if stop in ";；" and _CI_NEXT.match(text, m.end()):
            continue  # "AUC, 0.91; 95% CI: 0.88, 0.94": the interval belongs to the value
        out.append((start, text[start : m.start()]))
        start = m.end()
        if stop == ".":
            while start < n and text[start].isspace():
                start += 1
    out.append((start, text[start:]))
    return out


def _ends_sentence(text: str, start: int) -> bool:
    """Whether the sentence before ``start`` ended with a full stop (not a semicolon).

    >>> _ends_sentence("AUC为0.9。验证集", 8), _ends_sentence("AUC为0.9;验证集", 8)
    (True, False)
    """
    at = start - 1
    while at > 0 and text[at].isspace():
        at -= 1
    return text[at] in "。."


# A split that opens a section and frames it: "结果 在测试集中,", "Results In the test set, …".
_FRAMING_TAIL = re.compile(r"\s*(?:中|内|上|里)?\s*[,，]")


def _framing_split(piece: str, start: int) -> str | None:
    """The split that ``piece`` names right at ``start`` (after a section heading) and sets off
    with a comma, as the frame of the whole section.

    >>> _framing_split("结果 在测试集中,临床模型的AUC为0.73", 3)
    'test'
    >>> _framing_split("结果 训练集AUC为0.90,测试集为0.85", 3) is None
    True
    """
    splits = _splits_in(piece[start : start + 60], 0)
    if not splits:
        return None
    first_start, first_end, label = splits[0]
    opening = piece[start : start + first_start].strip().lower()
    if opening not in ("", "在", "于", "in the", "on the", "for the", "in", "on"):
        return None
    return label if _FRAMING_TAIL.match(piece, start + first_end) else None


_CLOSED_PAIR = re.compile(r"[(（\[][^(（\[)）\]]*[)）\]]")
_CI_NEXT = re.compile(r"\s*(?:95\s?%\s?)?(?:CI|置信区间|可信区间|confidence\s+interval)", re.I)


def _open_brackets(text: str, start: int, end: int) -> bool:
    """Whether a bracket opened in ``text[start:end]`` is still open at ``end``.

    Looked for only in the last 150 characters, so that a bracket never closed
    (a typo) does not join the rest of an abstract into one sentence. Closed pairs are
    removed innermost first; a closer whose opener lies before the window counts for nothing.

    >>> _open_brackets("x) (a (b) c", 0, 11), _open_brackets("(a) b) c", 0, 8)
    (True, False)
    """
    piece = text[start:end]
    if "(" not in piece and "（" not in piece and "[" not in piece:
        return False
    while True:
        closed = _CLOSED_PAIR.sub("", piece)
        if closed == piece:
            break
        piece = closed
    return "(" in piece or "（" in piece or "[" in piece


def _check(v: _Value) -> str | None:
    """Why ``v`` is impossible, or ``None``."""
    value = Decimal(v.value)
    lo = Decimal(v.lo) if v.lo is not None else None
    hi = Decimal(v.hi) if v.hi is not None else None
    if v.metric in PROPORTION_METRICS:
        for name, number in (("value", value), ("CI lower bound", lo), ("CI upper bound", hi)):
            if number is not None and not (0 <= number <= 1):
                return f"{v.metric} {name} {number} is outside [0, 1]"
    elif value <= 0:
        return f"{v.metric} value {value} is not positive"
    if lo is not None and hi is not None:
        if lo > hi:
            return f"{v.metric} CI bounds are swapped ({v.lo} > {v.hi})"
        if not lo <= value <= hi:
            return f"{v.metric} value {v.value} lies outside its CI {v.lo}-{v.hi}"
    return None


def findings(
    field_name: str, text: str, *, path: str = "", line: int | None = None
) -> tuple[list[Finding], list[Diagnostic]]:
    """The results one field's text reports, and diagnostics for impossible ones.

    Parameters
    ----------
    field_name : str
        ``abstract_zh`` or ``abstract_en`` (kept in each finding's mention).
    text : str
        The field's text.
    path, line
        Where the article comes from, for diagnostics.

    Examples
    --------
    >>> text = "训练组AUC、敏感度分别为0. 967、88.9%;验证组AUC为1.2(95%CI 0.9~0.8)。"
    >>> fs, ds = findings("abstract_zh", text)
    >>> [(f.metric, f.value, f.split) for f in fs]
    [('auc', '0.967', 'training'), ('sensitivity', '0.889', 'training')]
    >>> ds[0].message
    'auc value 1.2 is outside [0, 1] (abstract_zh: "1.2(95%CI 0.9~0.8)")'
    """
    out: list[Finding] = []
    diagnostics: list[Diagnostic] = []
    if not text or _DECIMAL.search(text) is None:
        return out, diagnostics
    context: dict[str, Any] = {
        "split": None,
        "section_split": None,
        "metrics": None,
        "sequence": None,
        "last_run": None,
        "metric": None,
        "parallel": False,
    }
    all_metrics = _metrics(text)
    cursor = 0
    for base, piece in _sentences(text):
        limit = base + len(piece)
        metrics = []
        while cursor < len(all_metrics) and all_metrics[cursor][0] < limit:
            s0, e0, name = all_metrics[cursor]
            if s0 >= base:
                metrics.append((s0 - base, e0 - base, name))
            cursor += 1
        if base and _ends_sentence(text, base):
            # A split named in one sentence is not said of the next ("On the external test set,
            # accuracy was 77.5%. The TP53 model reached an AUC of 0.91"), unless it frames the
            # whole Results section ("结果 在测试集中, …"); clauses after a semicolon keep it.
            context["split"] = context["section_split"]
        # Plain substring tests first: most sentences hold no heading, "respectively" or split.
        low = piece.lower()
        if any(w in piece for w in _SECTION_ZH) or any(w in low for w in _SECTION_EN):
            heading = _SECTION.search(piece)
            if heading is not None:
                context["section_split"] = _framing_split(piece, heading.end())
                context["split"] = None
                context["sequence"] = context["last_run"] = context["metric"] = None
        respective = "分别" in piece or "respectively" in low
        remembered = context["metrics"] is not None or context["sequence"] is not None
        if (
            not metrics
            and context["metric"] is not None
            and (_SPLIT_LED_ZH.match(piece) or _SPLIT_LED_EN.match(low))
        ):
            # "…的AUC为0.88;验证集中为0.84", "…; in the validation cohort, it was 0.84": a clause
            # that only names another split reports the metric of the clause before it
            metrics = [(0, 0, context["metric"])]
        elif (
            not metrics
            and context["metric"] is not None
            and _COMPARED_IN_BRACKET.search(piece) is not None
        ):
            # "…的C统计量最高,为0.80。该模型显著优于血肿体积模型(0.62,P=0.042)": a value compared
            # in a bracket is of the metric the sentence before reported
            metrics = [(0, 0, context["metric"])]
        elif (
            not metrics
            and context["metrics"] is not None
            and context["parallel"]
            and _PARALLEL_CLAUSE_ZH.match(piece)
        ):
            # "…的敏感度及特异度分别为88%、74%;靶征为12%、100%;漩涡征为12%、100%": each clause
            # after the first names a sign and lists the same metrics' values
            metrics = [(0, 0, name) for name in context["metrics"]]
        if not metrics and (not remembered or not respective):
            if any(c in piece for c in _SPLIT_ZH_CUES) or any(c in low for c in _SPLIT_CUE_EN):
                splits = _splits_in(piece, 0)
                if splits:
                    context["split"] = splits[-1][2]
            continue
        values = _sentence_values(piece, metrics, context)
        named = {v.metric for v in values} or {name for _, _, name in metrics}
        context["metric"] = named.pop() if len(named) == 1 else None
        listed = context["metrics"]
        context["parallel"] = listed is not None and [v.metric for v in values] == list(listed)
        for v in values:
            problem = _check(v)
            if problem is not None:
                diagnostics.append(
                    Diagnostic(path, line, f'{problem} ({field_name}: "{v.reported}")')
                )
                continue
            p = v.stats.get("p")
            out.append(
                Finding(
                    metric=v.metric or "",
                    value=v.value,
                    reported=v.reported,
                    ci_low=v.lo,
                    ci_high=v.hi,
                    ci_level="0.95" if v.lo is not None and v.hi is not None else None,
                    model=v.model,
                    model_labels=(v.model,) if v.model else (),
                    # an odds or hazard ratio describes a predictor, not a split
                    split=None if v.metric in _ASSOCIATIONS else v.split or None,
                    p=p[1] if p else None,
                    p_comparator=p[0].replace("≤", "<=").replace("≥", ">=") if p else None,
                    z=v.stats["z"][1] if "z" in v.stats else None,
                    chi2=v.stats["chi2"][1] if "chi2" in v.stats else None,
                    mentions=(Mention(field_name, base + v.start, base + v.end, v.reported),),
                )
            )
    return out, diagnostics


# A clause that names one thing and lists values: "靶征为12%、100%" (after a clause that listed
# the same number of metrics' values).
_PARALLEL_CLAUSE_ZH = re.compile(
    r"\s*[^\d,，、。;；:：()（）]{1,16}?(?:为|是)\s*\d{1,3}(?:\.\d+)?\s?%?(?:\s*[、和及与]\s*"
    r"\d{1,3}(?:\.\d+)?\s?%?)+\s*[。;；]?\s*$"
)
# A clause that opens with a split (or another set: "for the pancreas they were 0.82") and goes
# straight on to a value.
_SPLIT_LED_ZH = re.compile(
    r"\s*(?:而|在)?(?:内部|外部)?(?:训练|验证|测试)(?:集|组|队列)(?:中|内)?\s*[,，]?\s*"
    r"(?:则|其|模型)?(?:的)?(?:为|是|达到?)\s*\d"
)
_SPLIT_LED_EN = re.compile(
    r"\s*(?:and\s+|while\s+|whereas\s+)?(?:(?:in|on|for)\s+the\s+[^.;,()\d]{1,50}?,?\s+)?"
    r"(?:it|they|this|these|the\s+values?|the\s+model)\s+"
    r"(?:was|were|is|are|reached|achieved|had|yielded)\s+(?:of\s+)?\d"
)


def _key(f: Finding) -> tuple:
    norm = [None if x is None else Decimal(x).normalize() for x in (f.value, f.ci_low, f.ci_high)]
    return (f.metric, *norm, f.split)


def merge(groups: list[list[Finding]]) -> list[Finding]:
    """Findings of several fields; a result reported in two fields is kept once (labels joined).

    Within one field equal results stay apart (two models may score the same).

    >>> a = Finding("auc", "0.92", "0.92", model="Pre2", model_labels=("Pre2",))
    >>> b = Finding("auc", "0.920", "0.920", model="the model", model_labels=("the model",))
    >>> [f.model_labels for f in merge([[a], [b]])]
    [('Pre2', 'the model')]
    """
    out: list[Finding] = []
    origin: list[int] = []
    index: dict[tuple, list[int]] = {}
    for group_number, group in enumerate(groups):
        taken: set[int] = set()
        for f in group:
            key = _key(f)
            match = next(
                (i for i in index.get(key, []) if i not in taken and origin[i] != group_number),
                None,
            )
            if match is None:
                index.setdefault(key, []).append(len(out))
                out.append(f)
                origin.append(group_number)
                continue
            taken.add(match)
            old = out[match]
            labels = old.model_labels + tuple(
                label for label in f.model_labels if label not in old.model_labels
            )
            out[match] = replace(
                old,
                model=old.model or f.model,
                model_labels=labels,
                p=old.p or f.p,
                p_comparator=old.p_comparator or f.p_comparator,
                z=old.z or f.z,
                chi2=old.chi2 or f.chi2,
                mentions=old.mentions + f.mentions,
            )
    return out
