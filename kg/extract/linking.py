"""Link an article's text to lexicon concepts, with in-text abbreviation definitions.

The fields read are the title, both abstracts and the keywords (joined with
``"; "``).  An abbreviation defined in the article itself, ``扩散峰度成像(DKI)``
or ``diffusion kurtosis imaging (DKI)`` (Schwartz–Hearst: a parenthesised
short form right after its long form), resolves every later use of that
abbreviation *in this article*: to the long form's concept when the long form
is in the lexicon, and to nothing when it is not (an article that defines
``PH`` as ``peak enhancement`` never links ``PH`` to pulmonary hypertension).
A zh and an en mention of one concept become one :class:`kg.records.Link`
holding every mention's ``(field, start, end)``.

>>> from kg.records import Article
>>> en = "Diffusion kurtosis imaging (DKI) of breast cancer. DKI helps."
>>> a = Article("扩散峰度成像预测乳腺癌", abstract_en=en)
>>> [(link.id, len(link.mentions)) for link in links(a)]
[('dki', 4), ('breast-cancer', 2)]
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from kg.extract.lexicon import Concept, Lexicon, load_lexicon
from kg.extract.scan import HAN
from kg.records import Article, Link, Mention

__all__ = ["FIELDS", "field_texts", "links"]

#: The article fields extraction reads, in this order.
FIELDS = ("title", "abstract_zh", "abstract_en", "keywords")

# A parenthesised short form: letters/digits/hyphens, at least one upper-case letter.
_SHORT_FORM = re.compile(r"[(（]\s*([A-Za-z][A-Za-z0-9\-]{0,14})\s*[)）]")
_UPPER = re.compile(r"[A-Z]")


def field_texts(article: Article) -> list[tuple[str, str]]:
    """The ``(field, text)`` pairs extraction reads; absent fields are left out.

    >>> field_texts(Article("T", keywords=("a", "b")))
    [('title', 'T'), ('keywords', 'a; b')]
    """
    out = [("title", article.title or "")]
    if article.abstract_zh:
        out.append(("abstract_zh", article.abstract_zh))
    if article.abstract_en:
        out.append(("abstract_en", article.abstract_en))
    if article.keywords:
        out.append(("keywords", "; ".join(article.keywords)))
    return [(name, text) for name, text in out if text]


def _definitions(
    text: str,
    found: list[tuple[int, int, str | None, str, bool]],
    defs: dict[str, str | None],
    longs: dict[str, str],
) -> None:
    """Record the short forms ``text`` defines: short form → concept id (``None``: unknown),
    and, for those, the text the definition stands after (``longs``)."""
    if "(" not in text and "（" not in text:
        return
    ends = {m[1]: m[2] for m in found if m[2] is not None and not m[4]}
    for m in _SHORT_FORM.finditer(text):
        short = m.group(1)
        if not _UPPER.search(short) or short in defs:
            continue
        end = m.start()
        while end > 0 and text[end - 1] == " ":
            end -= 1
        defs[short] = ends.get(end)
        if defs[short] is None:
            longs[short] = text[max(0, end - 30) : end]


def _respelled(defs: dict[str, str | None], longs: dict[str, str], lex: Lexicon) -> None:
    """Keep a lexicon abbreviation's concept where the text defines it by a spelling the lexicon
    lacks but that shares a stretch of the concept's name: "T1加权像(T1WI)" is T1-weighted
    imaging; "cortical thickness (CT)" shares nothing with computed tomography and stays unknown.
    """
    for short, long in longs.items():
        owners = lex.abbreviations.get(short)
        if owners is None or len(owners) != 1:
            continue
        concept = lex.concepts[owners[0]]
        names = (concept.label_zh, concept.label_en.lower())
        if any(_common_stretch(long.lower(), name) for name in names if name):
            defs[short] = owners[0]


def _common_stretch(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` share three Han characters or six Latin ones in a row.

    >>> _common_stretch("比较两组t1加权像", "t1加权成像")
    True
    >>> _common_stretch("cortical thickness", "computed tomography")
    False
    """
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    stretch = a[match.a : match.a + match.size]
    need = 3 if HAN.search(stretch) else 6
    return len(stretch.strip()) >= need


def _narrow(defs: dict[str, str | None], lex: Lexicon) -> None:
    """Keep a lexicon abbreviation's own concept when the text defines it by a broader one.

    ``multiparametric prostate magnetic resonance imaging (mpMRI)``: the long form's
    match ends in ``magnetic resonance imaging`` (``mri``), but the lexicon's ``mpMRI``
    (``mpmri``, narrower than ``mri``) is what the definition means.
    """
    for short, cid in defs.items():
        owners = lex.abbreviations.get(short)
        if cid is None or owners is None or len(owners) != 1 or owners[0] == cid:
            continue
        if any(c.id == cid for c in lex.ancestors(owners[0])):
            defs[short] = owners[0]


#: Concepts so general that a bare mention of them, beside a disease they generalise, is a
#: reference to that disease, not a second topic.
_GENERIC = frozenset(
    {
        "neoplasm",
        "cancer",
        "carcinoma",
        "metastasis",
        "lymph-node-metastasis",
        "vascular-invasion",  # "血管侵犯" beside the microvascular invasion it is
        "thrombosis",
        "lymphadenopathy",
        "benign-tumor",
        "aneurysm",  # "动脉瘤" beside the intracranial aneurysm it is
        "fracture",
        "rads",
        "classical-ml",  # "classifiers" beside the SVM or random forest they are
        "neural-network",  # "neural networks" beside the CNN they are
        "radiography",  # "radiographs" beside the chest radiography they are
        "regression",  # "回归分析" beside the Cox regression it is
        "hernia",  # "hernia" beside the congenital diaphragmatic hernia it is
        "abscess",
        "sarcoma",  # "sarcoma" beside the retroperitoneal sarcoma it is
        "encephalitis",
        "brain-tumor",  # "brain tumours" beside the medulloblastoma they are
        "squamous-cell-carcinoma",
        "hemorrhage",  # "出血" beside the postoperative hemorrhage it is
        "imaging",  # "影像学检查" beside the CT or MRI it is
    }
)
#: Malignant or benign: said of a named tumour, they are its kinds, not diseases of their own.
_TUMOUR_KINDS = frozenset({"cancer", "benign-tumor"})
# A name right after a negating prefix is not what the text is about: "非转移性" (non-metastatic),
# "非霍奇金淋巴瘤" (a lymphoma that is not Hodgkin's), "无转移的" (without metastasis),
# "non-metastatic".
_NEGATED = ("non-", "non ", "Non-", "Non ", "NON-")


# Words that begin with a concept's name but are other words: "甲基转移酶" (a transferase) is no
# metastasis, a "stroke volume" no stroke.
_LONGER_WORDS = ("转移酶", "stroke volume", "Stroke volume")
# An abbreviation that goes on as a name: "PDA-Alpha" (an algorithm), not PDA.
_NAME_PART = re.compile(r"-[A-Z][a-z]")


def _named_after(specific: Concept, general: Concept) -> bool:
    """Whether ``specific``'s name ends with ``general``'s: "颅内动脉瘤" is an "动脉瘤" even where
    the lexicon files it under another broader concept.

    >>> c = load_lexicon().concepts
    >>> _named_after(c["intracranial-aneurysm"], c["aneurysm"])
    True
    >>> _named_after(c["hcc"], c["aneurysm"])
    False
    """
    zh = general.label_zh.removesuffix("分析")  # "回归分析": a Cox回归 is one
    en = general.label_en.lower().removesuffix(" analysis")
    return bool(
        (zh and specific.label_zh.endswith(zh) and specific.label_zh != zh)
        or (en and specific.label_en.lower().endswith(" " + en))
    )


#: Heads of composed disease names (kg.extract.lexicon) that, beside a disease named at the same
#: site, refer to it: a "bladder tumour" in an article on bladder cancer is that cancer.
_SITE_GENERIC_HEADS = frozenset({"tumor", "cyst", "injury"})


def _at_site(concept: Concept, site: tuple[str, ...]) -> bool:
    """Whether ``concept`` is a disease whose name starts with one of the ``site``'s names.

    >>> c = load_lexicon().concepts
    >>> _at_site(c["bladder-cancer"], ("bladder", "膀胱")), _at_site(c["hcc"], ("bladder", "膀胱"))
    (True, False)
    """
    if concept.type != "disease":
        return False
    zh, en = concept.label_zh, concept.label_en.lower()
    return any(zh.startswith(name) or en.startswith(name + " ") for name in site)


def _negated(text: str, start: int) -> bool:
    """Whether the name at ``start`` follows 非, 无 (not 有无: "whether") or a word-initial non-."""
    before = text[start - 1]
    if before == "非" or (before == "无" and text[start - 2 : start - 1] != "有"):
        return True
    if before not in "- ":
        return False
    return text.endswith(_NEGATED, max(0, start - 4), start) and (
        start < 5 or not text[start - 5].isalpha()
    )


# The first half of a coordination whose shared head is said once: "单因素和多因素分析",
# "univariate and multivariate analysis", "intra- and interobserver agreement".
_BEFORE_AND_ZH = re.compile(r"([\u4e00-\u9fff]{1,4})[和与及、]$")
_BEFORE_AND_EN = re.compile(r"\b([A-Za-z]{2,20})(-?)\s+(?:and|or|&)\s+$")
_CONJUNCTION_ZH = frozenset("和与及、")
_CONJUNCTION_EN = (" and ", " or ", " & ")


def _elided(text: str, start: int, surface: str, lex: Lexicon) -> tuple[str, int, int] | None:
    """The concept named by the first half of a coordination that ends at ``start``.

    ``surface`` (a lexicon term, the second half) supplies the head the first
    half shares; returns ``(concept id, start, end)`` of the first half, or
    ``None``.

    >>> lex = load_lexicon()
    >>> text = "采用单因素和多因素分析"
    >>> m = next(m for m in lex.matches(text) if m[3] == "多因素分析")
    >>> cid, s, e = _elided(text, m[0], m[3], lex)
    >>> cid, text[s:e]
    ('univariate-analysis', '单因素')
    """
    offset = max(0, start - 30)
    before = text[offset:start]
    zh = _BEFORE_AND_ZH.search(before)
    if zh is not None:
        first, at = zh.group(1), offset + zh.start(1)
        # "单因素" + the part of "多因素分析" after its own first characters
        for i in range(len(first) - 1):
            for k in range(1, min(len(surface) - 1, 5)):  # a conjunct's own part is short
                cid = lex.lookup(first[i:] + surface[k:])
                if cid is not None:
                    return cid, at + i, at + len(first)
        return None
    en = _BEFORE_AND_EN.search(before)
    if en is None:
        return None
    first, at = en.group(1), offset + en.start(1)
    words = surface.split()
    if en.group(2):  # "intra- and interobserver": the prefix of the first word is replaced
        candidates = [first + surface[k:] for k in range(2, len(words[0]))]
    else:  # "univariate and multivariate analysis": the last words are shared
        candidates = [" ".join([first, *words[k:]]) for k in range(1, len(words))]
    for candidate in candidates:
        cid = lex.lookup(candidate)
        if cid is not None:
            return cid, at, at + len(first) + len(en.group(2))
    return None


def _is_boundary(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())


def links(article: Article, *, lexicon: Lexicon | None = None) -> list[Link]:
    """The lexicon concepts ``article`` mentions, in order of first mention.

    Parameters
    ----------
    article : Article
        The article to read.
    lexicon : Lexicon, optional
        Default: radkg's bundled lexicon (:func:`kg.extract.lexicon.load_lexicon`).

    Returns
    -------
    list of Link
        One per concept, with every mention.

    Examples
    --------
    >>> from kg.records import Article
    >>> a = Article("峰值强化(PH)与PH的关系", abstract_en="pulmonary hypertension")
    >>> [link.id for link in links(a)]
    ['pulmonary-hypertension']
    """
    lex = lexicon if lexicon is not None else load_lexicon()
    fields = field_texts(article)
    found = [(name, text, lex.matches(text)) for name, text in fields]
    defs: dict[str, str | None] = {}
    longs: dict[str, str] = {}
    for _name, text, matches in found:
        _definitions(text, matches, defs, longs)
    _narrow(defs, lex)
    _respelled(defs, longs, lex)
    # Short forms the article defines for a lexicon concept but the lexicon does not list.
    extra = {
        short: cid
        for short, cid in defs.items()
        if cid is not None and short not in lex.abbreviations
    }
    mentions: dict[str, list[Mention]] = {}
    for name, text, matches in found:
        for start, end, cid, surface, is_abbr in matches:
            if start and _negated(text, start):
                continue
            if text.startswith(_LONGER_WORDS, start) or (
                is_abbr and _NAME_PART.match(text, end) is not None
            ):
                continue
            if is_abbr and surface in defs:
                cid = defs[surface]
            if cid is not None:
                mentions.setdefault(cid, []).append(Mention(name, start, end, surface))
                if start and (
                    text[start - 1] in _CONJUNCTION_ZH
                    or text.endswith(_CONJUNCTION_EN, max(0, start - 5), start)
                ):
                    elided = _elided(text, start, surface, lex)
                    if elided is not None:
                        other, s0, e0 = elided
                        mentions.setdefault(other, []).append(Mention(name, s0, e0, text[s0:e0]))
        for short, cid in extra.items():
            at = text.find(short)
            while at >= 0:
                end = at + len(short)
                if _is_boundary(text, at, end):
                    mentions.setdefault(cid, []).append(Mention(name, at, end, short))
                at = text.find(short, end)
    for cid in _GENERIC & mentions.keys():
        # "肿瘤", "cancer", "malignancy" beside a named disease that they generalise refer to
        # it, in the title too ("Malignancy risk of nodules at lung cancer screening"); "良恶性
        # 肿瘤" beside a named tumour are its kinds ("涎腺良恶性肿瘤", "malignancy risk of IPMN").
        covers = {cid, "neoplasm"} if cid in _TUMOUR_KINDS else {cid}
        general = lex.concepts[cid]
        if any(
            other != cid
            and (
                any(a.id in covers for a in lex.ancestors(other))
                or _named_after(lex.concepts[other], general)
            )
            for other in mentions
        ):
            del mentions[cid]
    for cid in [cid for cid in mentions if lex.concepts[cid].head in _SITE_GENERIC_HEADS]:
        # "膀胱肿瘤" beside the bladder cancer it is, "胰腺囊肿" beside a pancreatic cystic neoplasm
        site = lex.concepts[cid].site
        if any(other != cid and _at_site(lex.concepts[other], site) for other in mentions):
            del mentions[cid]
    out = []
    concepts = lex.concepts
    for cid, spans in mentions.items():
        c = concepts[cid]
        spans.sort(key=lambda m: (FIELDS.index(m.field), m.start))
        out.append(Link(c.id, c.type, c.label_en, c.label_zh, c.mesh, tuple(spans)))
    return out
