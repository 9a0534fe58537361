"""Readers for Web of Science exports: plain text (``FN``, ``PT`` … ``ER``) and tab-delimited.

Both carry the same two-letter fields.  In plain text a multi-valued field
(``AU``, ``AF``, ``C1``) writes one value per line, continuation lines
indented by three spaces; in tab-delimited files the first row names the
fields and each further row is a record, values of a multi-valued field
separated by ``; ``.  Authors keep their full (``AF``: ``Gillies, Robert
J.``) and short (``AU``: ``Gillies, RJ``) forms, their ORCID iDs (``OI``) and
the addresses ``C1`` gives them (``[Gillies, Robert J.] Moffitt Canc Ctr,
…``); ``UT`` is the record's ``wos_id``.

>>> page = parse_wos('''FN Clarivate Analytics Web of Science
... VR 1.0
... PT J
... AU Gillies, RJ
...    Kinahan, PE
... AF Gillies, Robert J.
...    Kinahan, Paul E.
... TI Radiomics: Images Are More than Pictures, They Are Data
... SO RADIOLOGY
... PY 2016
... BP 563
... EP 577
... UT WOS:000369185100026
... ER
...
... EF''', path="savedrecs.txt")
>>> a = page.articles[0]
>>> a.authors, a.author_details[1].short, a.wos_id, a.page_end
(('Gillies, Robert J.', 'Kinahan, Paul E.'), 'Kinahan, PE', 'WOS:000369185100026', 577)
"""

from __future__ import annotations

import dataclasses
import os
import re

from kg.readers.bibliographic import (
    Field,
    Record,
    Syntax,
    article,
    clean_orcid,
    frame,
    keywords_of,
    latin_author,
    read_export,
    year_of,
)
from kg.records import Article, Author, Diagnostic, Page

__all__ = ["WOS_SYNTAX", "parse_wos", "parse_wos_tab", "read_wos", "read_wos_tab"]

_LIST_TAGS = frozenset(
    {"AU", "AF", "BA", "BF", "CA", "GP", "C1", "C3", "CR", "EM", "RI", "OI", "FU"}
)
_WOS_TAGS = frozenset(
    "PT AU AF BA BF CA GP BE TI SO SE BS LA DT CT CY CL SP HO DE ID AB C1 C3 RP EM RI OI FU FP FX "
    "CR NR TC Z9 U1 U2 PU PI PA SN EI BN J9 JI PD PY VL IS PN SU SI MA BP EP AR DI DL D2 EA PG WC "
    "WE SC GA UT PM OA HC HP DA ER".split()
)

#: Web of Science plain text: ``TAG value``, three-space continuations, ``PT`` … ``ER``.
WOS_SYNTAX = Syntax(
    name="Web of Science",
    tag=re.compile(r"^([A-Z][A-Z0-9])(?: (.*))?$"),
    start="PT",
    end="ER",
    continuation="   ",
    skip=frozenset({"FN", "VR", "EF"}),
    known=_WOS_TAGS,
    list_tags=_LIST_TAGS,
)

_C1_RE = re.compile(r"\[([^\]]*)\]\s*([^\[]*)")


def read_wos(path: str | os.PathLike[str], *, name: str | None = None) -> Page:
    """Read a Web of Science plain-text export (``savedrecs.txt``).

    >>> read_wos("/nonexistent.txt").diagnostics[0].message
    'cannot read file: No such file or directory'
    """
    return read_export(path, name, parse_wos)


def read_wos_tab(path: str | os.PathLike[str], *, name: str | None = None) -> Page:
    """Read a Web of Science tab-delimited export.

    >>> read_wos_tab("/nonexistent.txt").diagnostics[0].message
    'cannot read file: No such file or directory'
    """
    return read_export(path, name, parse_wos_tab)


def parse_wos(text: str, *, path: str = "<string>") -> Page:
    """Parse the text of a Web of Science plain-text export.

    >>> parse_wos("FN x\\nPT J\\nAU Li, W\\nER\\n", path="w.txt").diagnostics[0].message
    'record has no title; skipped'
    """
    records, problems = frame(text, path=path, syntax=WOS_SYNTAX)
    return _page(records, problems, path)


def parse_wos_tab(text: str, *, path: str = "<string>") -> Page:
    """Parse the text of a Web of Science tab-delimited export.

    >>> text = "PT\\tAU\\tAF\\tTI\\tPY\\tUT\\n"
    >>> text += "J\\tLi, W; Wang, W\\tLi, Wei; Wang, Wei\\tA title\\t2020\\tWOS:1\\n"
    >>> parse_wos_tab(text, path="t.txt").articles[0].authors
    ('Li, Wei', 'Wang, Wei')
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    problems: list[Diagnostic] = []
    header = [h.strip().lstrip("\ufeff") for h in lines[0].split("\t")] if lines else []
    while header and not header[-1]:
        header.pop()
    if "TI" not in header:
        problems.append(
            Diagnostic(
                path,
                1,
                "the first row does not name the fields (no 'TI' column); "
                "expected a Web of Science tab-delimited export",
            )
        )
        return _page([], problems, path)
    records: list[Record] = []
    for number, row in enumerate(lines[1:], 2):
        if not row.strip():
            continue
        values = row.split("\t")
        while len(values) > len(header) and not values[-1].strip():
            values.pop()
        if len(values) > len(header):
            problems.append(
                Diagnostic(
                    path,
                    number,
                    f"row has {len(values)} fields, the header {len(header)}; "
                    "the extra fields are ignored",
                )
            )
        elif len(values) < len(header):
            problems.append(
                Diagnostic(
                    path,
                    number,
                    f"row has {len(values)} fields, the header {len(header)}; the missing "
                    "ones are read as empty (a line break inside a field splits its row)",
                )
            )
        record = Record(number)
        for tag, value in zip(header, values, strict=False):
            value = value.strip()
            if not value:
                continue
            if tag in _LIST_TAGS and tag != "C1":
                record.fields.extend(
                    Field(tag, v.strip(), number) for v in value.split(";") if v.strip()
                )
            else:
                record.fields.append(Field(tag, value, number))
        records.append(record)
    return _page(records, problems, path)


def _page(records: list[Record], problems: list[Diagnostic], path: str) -> Page:
    articles: list[Article] = []
    for record in records:
        found = _article(record, path, problems)
        if found is not None:
            articles.append(found)
    if not records and not problems:
        problems.append(
            Diagnostic(path, None, "no Web of Science records found (a record starts with 'PT ')")
        )
    return Page(
        path=path,
        articles=tuple(articles),
        diagnostics=tuple(sorted(problems, key=lambda d: (d.line or 0, d.message))),
    )


def _key(name: str) -> str:
    return " ".join(name.replace(".", " ").split()).casefold()


def _authors(record: Record) -> list[Author]:
    full, short = record.all("AF"), record.all("AU")
    names = full or short
    authors = [latin_author(n) for n in names]
    if full and len(short) == len(full):
        authors = [dataclasses.replace(a, short=s) for a, s in zip(authors, short, strict=True)]
    addresses: dict[str, list[str]] = {}
    for value in record.all("C1"):
        for m in _C1_RE.finditer(value):
            place = m.group(2).strip().rstrip(";").strip()
            for who in m.group(1).split(";"):
                addresses.setdefault(_key(who), []).append(place)
    orcids: dict[str, str] = {}
    for value in record.all("OI"):
        for entry in value.split(";"):
            who, _, iri = entry.rpartition("/")
            orcid = clean_orcid(iri)
            if who and orcid:
                orcids[_key(who)] = orcid
    out = []
    for a in authors:
        key = _key(a.name)
        out.append(
            dataclasses.replace(
                a, affiliations=tuple(dict.fromkeys(addresses.get(key, ()))), orcid=orcids.get(key)
            )
        )
    return out


def _article(record: Record, path: str, problems: list[Diagnostic]) -> Article | None:
    authors = _authors(record)
    loose = [v.strip() for v in record.all("C1") if "[" not in v]
    title = record.first("TI")
    abstracts = record.all("AB")
    keywords = keywords_of(record.all("DE"), context=" ".join(filter(None, (title, *abstracts))))
    start, end = record.first("BP"), record.first("EP")
    page_field = f"{start}-{end}" if start and end else start or record.first("AR")
    ut = record.first("UT")
    return article(
        path=path,
        line=record.line,
        problems=problems,
        title=title,
        authors=tuple(authors),
        journal_title=record.first("SO"),
        journal_abbrev=record.first("JI", "J9"),
        issn=record.first("SN"),
        eissn=record.first("EI"),
        year=year_of(record.first("PY") or record.first("EA")),
        volume=record.first("VL"),
        number=record.first("IS"),
        page_field=page_field,
        abstracts=abstracts,
        keywords=keywords,
        types=record.all("DT"),
        doi=record.first("DI"),
        pmid=record.first("PM"),
        wos_id=ut if ut and ":" in ut else (f"WOS:{ut}" if ut else None),
        language=record.first("LA"),
        affiliations=loose,
    )
