"""Study design and cohort: design concepts, study period, patient and lesion counts, data splits.

Designs are the lexicon's ``study-design`` concepts the article mentions
(``回顾性``, ``cross-sectional study``).  The period is the first
``2016年1月至2018年12月`` / ``from January 2016 to December 2018`` range;
counts are the first ``共纳入265例患者`` / ``A total of 265 patients``
(patients) and ``50个病灶`` / ``50 lesions``; splits are training,
validation and test sets (internal or external) with the size the text
gives beside them (``训练集(212例``, ``112 patients … as training set``,
``training, n = 840``).  Nothing the text does not state is filled in.

>>> zh = "回顾性分析2015年1月至2021年1月的265例患者,分为训练集(212例)和测试集(53例)。"
>>> s = study(["retrospective"], zh, None)
>>> s.period_start, s.period_end, s.patients, [(x.role, x.size) for x in s.splits]
('2015-01', '2021-01', 265, [('training', 212), ('test', 53)])
"""

from __future__ import annotations

import re

from kg.extract.findings import SPLIT_ROLES, SPLIT_SCOPES
from kg.extract.scan import anchored_finditer, fold_case
from kg.records import Mention, Split, Study

__all__ = ["implied_designs", "study"]

_MONTHS = {
    m: i
    for i, m in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
}
_PERIOD_ZH = re.compile(
    r"((?:19|20)\d{2})\s*年\s*(?:(\d{1,2})\s*月)?\s*(?:[-–—~～至到])\s*((?:19|20)\d{2})\s*年\s*(?:(\d{1,2})\s*月)?"
)
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
_PERIOD_EN = re.compile(
    rf"(?i:(?:from|between)\s+(?:{_MONTH}\s+)?((?:19|20)\d{{2}})\s+(?:to|and|through)\s+(?:{_MONTH}\s+)?((?:19|20)\d{{2}}))"
)
# The count is the first number before the noun ("共纳入265例患者", "a total of 265 patients"):
# the verbs and phrases that often precede it change nothing, so the patterns start at the digits
# (a leading optional group would make the regex engine try every position of the text).  The
# English patterns run on case-folded text (``fold_case``): IGNORECASE is several times slower.
_PATIENTS_ZH = re.compile(
    r"(\d{1,6})\s*例(?:[\u4e00-\u9fffA-Za-z\-]{0,10}?)患者|患者(\d{1,6})\s*例"
)
_PATIENTS_EN = re.compile(
    r"(\d{1,3}(?:,\d{3})*|\d+)\s+(?:consecutive\s+)?(?:patients|participants|subjects|women|men|children)"
)
_LESIONS = re.compile(r"(\d{1,6})\s*(?:个病灶|个结节|处病灶|(?i:lesions|nodules))")
_SPLIT_ZH = re.compile(
    r"(内部|外部)?(?:独立)?(训练|验证|测试|建模)(?:集|组|队列)\s*[(（]?\s*(?:n\s*=\s*)?(\d{1,6})?\s*(?:例|名|个)?"
)
_SPLIT_EN = re.compile(
    r"(?:(internal|external)\s+)?(training|development|derivation|discovery|primary|validation|test|testing)"
    r"\s+(?:sets?|cohorts?|groups?|datasets?|data\s+sets?)"
    r"(?:\s*[(（]\s*(?:n\s*=\s*)?(\d{1,6})\b)?"
)
# Where a split can begin (see kg.extract.scan.anchored_finditer).
_SPLIT_ZH_STARTS = re.compile(r"内部|外部|训练|验证|测试|建模")
_SPLIT_EN_STARTS = re.compile(
    r"internal|external|training|development|derivation|discovery|primary|validation|test"
)
_SIZE_BEFORE = re.compile(
    r"(\d{1,6})\s+(?:patients|cases|lesions|participants)\b[^.;,]{0,40}?(?:as|for|in|into)\s+(?:the\s+)?$"
)
_EN_SPLIT_CUE = re.compile(r"training|development|derivation|discovery|primary|validation|test")
_TRAINING_N = re.compile(r"\(\s*training,?\s*n\s*=\s*(\d{1,6})")


def _int(text: str | None) -> int | None:
    return int(text.replace(",", "")) if text else None


def _period(zh: str | None, en: str | None) -> tuple[str | None, str | None]:
    if zh:
        m = _PERIOD_ZH.search(zh)
        if m:
            y1, m1, y2, m2 = m.groups()
            return (f"{y1}-{int(m1):02d}" if m1 else y1), (f"{y2}-{int(m2):02d}" if m2 else y2)
    if en:
        m = _PERIOD_EN.search(en)
        if m:
            mo1, y1, mo2, y2 = m.groups()
            start = f"{y1}-{_MONTHS[mo1.lower()]:02d}" if mo1 else y1
            end = f"{y2}-{_MONTHS[mo2.lower()]:02d}" if mo2 else y2
            return start, end
    return None, None


def _splits(zh: str | None, en: str | None) -> tuple[Split, ...]:
    found: dict[str, Split] = {}
    if zh and ("训练" in zh or "验证" in zh or "测试" in zh or "建模" in zh):
        for m in anchored_finditer(_SPLIT_ZH, _SPLIT_ZH_STARTS, zh):
            role = SPLIT_ROLES[m.group(2)]
            scope = SPLIT_SCOPES.get(m.group(1) or "")
            key = f"{scope} {role}" if scope else role
            size = _int(m.group(3))
            if key not in found or (found[key].size is None and size is not None):
                found[key] = Split(
                    key, size, Mention("abstract_zh", m.start(), m.end(), m.group(0))
                )
    folded = fold_case(en) if en else ""
    if en and _EN_SPLIT_CUE.search(folded):
        for m in anchored_finditer(_SPLIT_EN, _SPLIT_EN_STARTS, folded):
            role = SPLIT_ROLES[m.group(2)]
            scope = SPLIT_SCOPES.get(m.group(1) or "")
            key = f"{scope} {role}" if scope else role
            before = _SIZE_BEFORE.search(folded[max(0, m.start() - 70) : m.start()])
            size = _int(m.group(3) or (before.group(1) if before else None))
            if key not in found or (found[key].size is None and size is not None):
                found[key] = Split(
                    key, size, Mention("abstract_en", m.start(), m.end(), en[m.start() : m.end()])
                )
        m = _TRAINING_N.search(folded)
        if m and (found.get("training") is None or found["training"].size is None):
            found["training"] = Split(
                "training",
                int(m.group(1)),
                Mention("abstract_en", m.start(), m.end(), en[m.start() : m.end()]),
            )
    order = (
        "training",
        "validation",
        "internal validation",
        "external validation",
        "test",
        "internal test",
        "external test",
    )
    return tuple(
        found[k] for k in sorted(found, key=lambda k: order.index(k) if k in order else len(order))
    )


_NUMERALS_ZH = "两二三四五六七八九十"
_NUMERALS_EN = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|multiple|several|both"
)
# Two or more centres named as the sources of the data: "来自2个医学中心", "两家医院", "双中心",
# "at two tertiary hospitals", "from 20 clinical centers", "a multiple center study".  The nouns
# are found first (a plain scan), then the count before each is read backwards from it.
_CENTRE_CUES = ("医院", "中心", "医疗机构", "cent", "hospital", "institution")
_CENTRE_NOUN_ZH = re.compile(r"医院|中心|医疗机构")
_CENTRE_NOUN_EN = re.compile(r"\b(?:centers|centres|hospitals|institutions|center|centre)\b")
_CENTRES_ZH = re.compile(
    rf"(?:(?<!第)(?:[{_NUMERALS_ZH}]|(?<!\d)[2-9]|[1-9]\d{{1,2}}|多)\s*[家个所]\s*"
    r"[\u4e00-\u9fff]{0,4}?(?:医学|医疗|临床|研究)?|[双多])$"
)
_CENTRES_EN = re.compile(
    rf"(?:\b(?:{_NUMERALS_EN}|[2-9]|[1-9]\d{{1,2}})\s+(?:[a-z-]+\s+){{0,2}}?|\bmultiple[- ])$"
)
# "回顾2010年7月至2017年7月我院收治的": a look back over a stated period is a retrospective study.
_LOOK_BACK_ZH = re.compile(r"回顾(?=\s*(?:19|20)\d{2}\s*年|我院|本院|分析)")


def implied_designs(zh: str | None, en: str | None) -> list[tuple[str, Mention]]:
    """Study designs the abstracts state without naming them, with the span that states each.

    Data from two or more centres make a multicentre study; a look back over a stated period
    (``回顾2010年7月至…``) a retrospective one.

    >>> [d for d, _ in implied_designs("纳入来自2个医学中心的336例患者。", None)]
    ['multicenter']
    >>> [d for d, m in implied_designs(None, "data from one hospital were used")]
    []
    """
    out: list[tuple[str, Mention]] = []
    found = None
    for field, text, nouns, count in (
        ("abstract_zh", zh, _CENTRE_NOUN_ZH, _CENTRES_ZH),
        ("abstract_en", en, _CENTRE_NOUN_EN, _CENTRES_EN),
    ):
        folded = fold_case(text) if field == "abstract_en" and text else text
        if not folded or not any(cue in folded for cue in _CENTRE_CUES):
            continue  # a plain test first: most abstracts name no centre
        for noun in nouns.finditer(folded):
            window = max(0, noun.start() - 30)
            m = count.search(folded, window, noun.start())
            plural = (
                field == "abstract_zh"
                or folded[noun.end() - 1] == "s"
                or m
                and "multiple" in m.group(0)
            )
            if m and plural:
                found = Mention(field, m.start(), noun.end(), text[m.start() : noun.end()])
                break
        if found:
            out.append(("multicenter", found))
            break
    if zh and "回顾" in zh:
        m = _LOOK_BACK_ZH.search(zh)
        if m:
            out.append(("retrospective", Mention("abstract_zh", m.start(), m.end(), m.group(0))))
    return out


def study(designs: list[str], zh: str | None, en: str | None) -> Study:
    """The study an article's abstracts describe.

    Parameters
    ----------
    designs : list of str
        The ``study-design`` concept ids linked in the article.
    zh, en : str or None
        The Chinese and English abstracts.
    """
    start, end = _period(zh, en)
    patients = lesions = None
    if zh:
        m = _PATIENTS_ZH.search(zh)
        if m:
            patients = _int(m.group(1) or m.group(2))
        m = _LESIONS.search(zh)
        if m:
            lesions = _int(m.group(1))
    if en and patients is None:
        m = _PATIENTS_EN.search(fold_case(en))
        if m:
            patients = _int(m.group(1))
    if en and lesions is None:
        m = _LESIONS.search(en)
        if m:
            lesions = _int(m.group(1))
    return Study(tuple(designs), start, end, patients, lesions, _splits(zh, en))
