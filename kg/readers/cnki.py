"""Readers for CNKI's text exports: RefWorks (``RT ...``) and EndNote (``%0 ...``) tagged text.

CNKI (中国知网) exports a selection as RefWorks or EndNote tagged text:
one field per line (``A1 周卫平;昝星有;刘晓`` or ``%A 周卫平``), records
separated by a blank line, Chinese content, authors, affiliations and
keywords separated by ``;``.  Author fields go through
:func:`kg.segment.split_authors` and keyword fields through
:func:`kg.segment.split_keywords`, so separated and glued lists give the same
names.  CNKI's document code (``filename=ZHFS202403001`` in the link) is the
record's ``cnki_id``.  The EndNote reader reads any EndNote tagged export,
not only CNKI's.

>>> page = parse_refworks('''RT Journal Article
... A1 周卫平;昝星有;刘晓;杨树东
... T1 基于扩散峰度成像多参数回归模型预测乳腺癌的复发风险
... JF 中华放射学杂志
... YR 2024
... VO 58
... IS 03
... OP 201-208
... K1 乳腺肿瘤;扩散峰度成像;磁共振成像;21基因
... SN 1005-1201
... ''', path="cnki.txt")
>>> a = page.articles[0]
>>> a.authors, a.keywords[:2], a.journal.title, a.number, a.page_end
(('周卫平', '昝星有', '刘晓', '杨树东'), ('乳腺肿瘤', '扩散峰度成像'), '中华放射学杂志', '03', 208)
"""

from __future__ import annotations

import os
import re

from kg.readers.bibliographic import (
    Record,
    Syntax,
    article,
    keywords_of,
    parse_tagged,
    people,
    read_export,
    year_of,
)
from kg.records import Article, Diagnostic, Page

__all__ = [
    "ENDNOTE_SYNTAX",
    "REFWORKS_SYNTAX",
    "parse_endnote",
    "parse_refworks",
    "read_endnote",
    "read_refworks",
]

_REFWORKS_TAGS = frozenset(
    "RT SR ID A1 A2 A3 A4 A5 T1 T2 T3 OT ST JF JO JA YR FD VO IS SP OP K1 AB NO PB PP ED AD LA SN "
    "CN CL DS LK DO UL DB WV WT U1 U2 U3 U4 U5 SF RD AN AV CA ET IP".split()
)

#: RefWorks tagged format: two-letter tag, a space, the value; a blank line between records.
REFWORKS_SYNTAX = Syntax(
    name="RefWorks",
    tag=re.compile(r"^([A-Z][A-Z0-9])(?: (.*))?$"),
    start="RT",
    known=_REFWORKS_TAGS,
)

_ENDNOTE_TAGS = frozenset(
    "%0 %A %B %C %D %E %F %G %I %J %K %L %M %N %P %Q %R %S %T %U %V %W %X %Y %Z %@ %+ "
    "%! %# %$ %& %( %) %* %^ %< %> %~ %H %O".split()
)

#: EndNote tagged format: ``%`` and one character, a space, the value; a blank line between records.
ENDNOTE_SYNTAX = Syntax(
    name="EndNote",
    tag=re.compile(r"^(%[0-9A-Z@!#$&()*+^~<>=|?\[\]])(?: (.*))?$"),
    start="%0",
    known=_ENDNOTE_TAGS,
)

_CNKI_ID_RE = re.compile(r"[?&](?:filename|FileName|FILENAME)=([A-Za-z0-9]{6,30})")


def read_refworks(path: str | os.PathLike[str], *, name: str | None = None) -> Page:
    """Read a CNKI RefWorks export.

    >>> read_refworks("/nonexistent.txt").diagnostics[0].message
    'cannot read file: No such file or directory'
    """
    return read_export(path, name, parse_refworks)


def read_endnote(path: str | os.PathLike[str], *, name: str | None = None) -> Page:
    """Read an EndNote tagged export (CNKI's or another database's).

    >>> read_endnote("/nonexistent.txt").diagnostics[0].message
    'cannot read file: No such file or directory'
    """
    return read_export(path, name, parse_endnote)


def parse_refworks(text: str, *, path: str = "<string>") -> Page:
    """Parse the text of a RefWorks export.

    >>> page = parse_refworks("RT Journal Article\\nZZ odd\\nT1 题名\\n", path="r.txt")
    >>> page.diagnostics[0].message
    "unknown RefWorks tag 'ZZ' (1 field); ignored"
    """
    return _parse(text, path, REFWORKS_SYNTAX, _refworks_article)


def parse_endnote(text: str, *, path: str = "<string>") -> Page:
    """Parse the text of an EndNote tagged export.

    >>> text = "%0 Journal Article\\n%A 王丹丹\\n%A 王海波\\n%T 题名\\n%D 2024\\n"
    >>> page = parse_endnote(text, path="e.txt")
    >>> page.articles[0].authors, page.articles[0].year
    (('王丹丹', '王海波'), 2024)
    """
    return _parse(text, path, ENDNOTE_SYNTAX, _endnote_article)


def _parse(text: str, path: str, syntax: Syntax, make) -> Page:  # type: ignore[no-untyped-def]
    return parse_tagged(
        text,
        path=path,
        syntax=syntax,
        article_of=make,
        none_found=f"no {syntax.name} records found (a record starts with {syntax.start!r})",
    )


def _split(values: list[str]) -> list[str]:
    return [part.strip() for v in values for part in re.split(r"[;；]", v) if part.strip()]


def _cnki_id(*urls: str | None) -> str | None:
    for url in urls:
        m = _CNKI_ID_RE.search(url or "")
        if m:
            return m.group(1).upper()
    return None


def _refworks_article(record: Record, path: str, problems: list[Diagnostic]) -> Article | None:
    authors, truncated = people(record.all("A1", "AU"))
    title = record.first("T1")
    abstracts = record.all("AB")
    context = " ".join(filter(None, (title, *abstracts)))
    start, end = record.first("SP"), record.first("OP")
    if end and "-" in end:
        page_field: str | None = end  # CNKI writes the whole range in OP
    else:
        page_field = f"{start}-{end}" if start and end else start or end
    link = record.first("LK", "UL")
    return article(
        path=path,
        line=record.line,
        problems=problems,
        title=title,
        title_en=record.first("OT", "T2")
        if title and re.search(r"[\u4e00-\u9fff]", title)
        else None,
        authors=authors,
        authors_truncated=truncated,
        journal_title=record.first("JF", "JO"),
        journal_abbrev=record.first("JA"),
        issn=record.first("SN"),
        year=year_of(record.first("YR") or record.first("FD")),
        volume=record.first("VO"),
        number=record.first("IS"),
        page_field=page_field,
        abstracts=abstracts,
        keywords=keywords_of(record.all("K1"), context=context),
        types=record.all("RT"),
        doi=record.first("DO"),
        cnki_id=_cnki_id(link, record.first("AN")),
        language=record.first("LA"),
        url=link,
        affiliations=_split(record.all("AD")),
    )


def _endnote_article(record: Record, path: str, problems: list[Diagnostic]) -> Article | None:
    authors, truncated = people(record.all("%A"))
    title = record.first("%T")
    abstracts = record.all("%X")
    context = " ".join(filter(None, (title, *abstracts)))
    link = record.first("%U")
    return article(
        path=path,
        line=record.line,
        problems=problems,
        title=title,
        title_en=record.first("%Q"),
        authors=authors,
        authors_truncated=truncated,
        journal_title=record.first("%J", "%B"),
        issn=record.first("%@"),
        year=year_of(record.first("%D")),
        volume=record.first("%V"),
        number=record.first("%N"),
        page_field=record.first("%P"),
        abstracts=abstracts,
        keywords=keywords_of(record.all("%K"), context=context),
        types=record.all("%0"),
        doi=record.first("%R"),
        cnki_id=_cnki_id(link, record.first("%M")) if "cnki" in (link or "").lower() else None,
        language=record.first("%G"),
        url=link,
        affiliations=_split(record.all("%+")),
    )
