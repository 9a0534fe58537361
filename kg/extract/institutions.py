"""Institutions named in abstracts (``在无锡市人民医院``, ``at Wuxi People′s Hospital``).

A Chinese name is the run of Han characters that ends in ``医院``, ``大学``,
``研究所`` … and starts after a boundary (``在``, ``于``, ``至``, a date);
an English name follows ``at``/``in``/``from`` and holds ``Hospital``,
``University``, ``Institute`` or ``Medical Center``.  When an article names
as many institutions in its zh abstract as in its en abstract, they are
paired in order of appearance: one :class:`kg.records.Institution` with both
names.

>>> from kg.records import Article
>>> [(i.name_zh, i.name_en) for i in institutions(Article("t",
...     abstract_zh="回顾性分析2016年1月至2018年12月在无锡市人民医院接受诊治的患者",
...     abstract_en="patients treated at Wuxi People′s Hospital from January 2016"))]
[('无锡市人民医院', 'Wuxi People′s Hospital')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.records import Article, Institution, Mention

__all__ = ["institutions"]

_ZH = re.compile(
    r"[\u4e00-\u9fff]{2,40}?(?:附属[\u4e00-\u9fff]{0,8})?(?:医院|医学中心|研究所|研究院|大学|医学院)(?![\u4e00-\u9fff]*?(?:医院|医学中心))"
)
_ZH_BOUNDARY = re.compile(
    r".*(?:[在于至自从到月年日的与及、为经由将对向共此所家]|来自|收集|纳入|就诊)"
)
_ZH_GENERIC = re.compile(
    r"^(?:[一二三]级|各级|基层|多家|多所|该|本|我|其|所在|各|同级|上级|下级|\d)"
)
_EN = re.compile(
    r"\b(?:at|in|from)\s+(?:the\s+)?("
    r"(?:(?:[A-Z][\w′'’.\-]*|of|and|the)\s+){0,8}?"
    r"(?:Hospital|University|Institute|Medical\s+Center|Medical\s+Centre|Cancer\s+Center|Cancer\s+Hospital)"
    r"(?:\s+of\s+(?:[A-Z][\w′'’.\-]*)(?:\s+[A-Z][\w′'’.\-]*){0,4})?)"
)
_ZH_CUE = re.compile(r"医院|医学中心|研究所|研究院|大学|医学院")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_EN_CUE = re.compile(r"Hospital|University|Institute|Medical Cent")
_EN_STOP = {"the", "of", "and"}


def _zh_matches(text: str) -> Iterator[re.Match[str]]:
    # A name never crosses a non-Han character, so only the runs of Han characters that hold a
    # cue are searched (the same matches as searching the whole text, at a fraction of the cost).
    for run in _HAN_RUN.finditer(text):
        if _ZH_CUE.search(run.group(0)):
            yield from _ZH.finditer(text, run.start(), run.end())


def _zh_names(text: str) -> list[tuple[int, int, str]]:
    out = []
    for m in _zh_matches(text):
        name = m.group(0)
        start = m.start()
        head = _ZH_BOUNDARY.match(name[:-2])
        if head is not None:
            start += head.end()
            name = name[head.end() :]
        if len(name) < 4 or _ZH_GENERIC.match(name):
            continue
        out.append((start, m.end(), name))
    return out


def _en_names(text: str) -> list[tuple[int, int, str]]:
    out = []
    for m in _EN.finditer(text):
        name = m.group(1).strip()
        words = name.split()
        while words and words[0].lower() in _EN_STOP:
            words.pop(0)
        if len(words) < 2:
            continue
        name = " ".join(words)
        out.append((m.end(1) - len(name), m.end(1), name))
    return out


def _distinct(found: list[tuple[int, int, str]]) -> list[tuple[str, list[tuple[int, int]]]]:
    names: dict[str, list[tuple[int, int]]] = {}
    for start, end, name in found:
        names.setdefault(name, []).append((start, end))
    return list(names.items())


def institutions(article: Article) -> list[Institution]:
    """The institutions ``article``'s abstracts name, zh and en paired where the counts agree.

    >>> from kg.records import Article
    >>> institutions(Article("t", abstract_zh="委托其在医院内开展调查,涵盖87所三级医院"))
    []
    """
    zh_text, en_text = article.abstract_zh, article.abstract_en
    zh = _distinct(_zh_names(zh_text)) if zh_text and _ZH_CUE.search(zh_text) else []
    en = _distinct(_en_names(en_text)) if en_text and _EN_CUE.search(en_text) else []

    def spans(field: str, text: str, places: list[tuple[int, int]]) -> tuple[Mention, ...]:
        return tuple(Mention(field, s, e, text[s:e]) for s, e in places)

    out = []
    if zh and len(zh) == len(en):
        for (zname, zplaces), (ename, eplaces) in zip(zh, en, strict=True):
            out.append(
                Institution(
                    zname,
                    ename,
                    spans("abstract_zh", article.abstract_zh or "", zplaces)
                    + spans("abstract_en", article.abstract_en or "", eplaces),
                )
            )
        return out
    out.extend(
        Institution(name, None, spans("abstract_zh", article.abstract_zh or "", p))
        for name, p in zh
    )
    out.extend(
        Institution(None, name, spans("abstract_en", article.abstract_en or "", p))
        for name, p in en
    )
    return out
