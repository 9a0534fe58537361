"""Reader for RIS exports (EndNote, Zotero, Mendeley, PubMed, Web of Science, CNKI).

Each record (``TY  - JOUR`` … ``ER  - ``) is framed by
:func:`kg.readers.bibliographic.frame`, which keeps line numbers and
reports a missing ``ER`` (rispy alone would merge such a record into the
next one, and drop the last record of a file cut short), then parsed by
rispy's :class:`rispy.RisParser`, which knows the RIS tags and their
synonyms.  Authors written as ``Family, Given`` keep their parts; a
Chinese author field with several names (``周卫平;昝星有``) is split.

>>> page = parse_ris('''TY  - JOUR
... AU  - Gillies, Robert J
... AU  - Kinahan, Paul E
... TI  - Radiomics: Images Are More than Pictures, They Are Data
... JO  - Radiology
... SN  - 0033-8419
... PY  - 2016
... VL  - 278
... IS  - 2
... SP  - 563
... EP  - 577
... DO  - 10.1148/radiol.2015151169
... ER  - ''', path="demo.ris")
>>> a = page.articles[0]
>>> a.authors, a.journal.issn, a.year, a.page_start, a.page_end, a.doi
(('Gillies, Robert J', 'Kinahan, Paul E'), '0033-8419', 2016, 563, 577, '10.1148/radiol.2015151169')
"""

from __future__ import annotations

import os
import re

from rispy import RisParser
from rispy.config import LIST_TYPE_TAGS

from kg.readers.bibliographic import (
    RIS_SYNTAX,
    Record,
    article,
    keywords_of,
    parse_tagged,
    people,
    read_export,
    year_of,
)
from kg.records import Article, Diagnostic, Page

__all__ = ["parse_ris", "read_ris"]

# Every tag that may repeat is read as a list (rispy keeps only the first AD, SN, … otherwise).
_PARSER = RisParser(list_tags=[*LIST_TYPE_TAGS, "AD", "C1", "SN", "DO", "LA"])
_CNKI_ID_RE = re.compile(r"[?&](?:filename|FileName)=([A-Za-z0-9]{6,30})")
_WOS_RE = re.compile(r"^WOS:\w+$")


def read_ris(path: str | os.PathLike[str], *, name: str | None = None) -> Page:
    """Read an RIS export.

    Parameters
    ----------
    path : str or path-like
        The export (UTF-8 with or without BOM, UTF-16, or GB18030).
    name : str, optional
        The name used in diagnostics and ``Page.path`` (default: ``path``).

    Returns
    -------
    Page
        One :class:`~kg.records.Article` per record with a title; every
        problem (a missing ``ER``, an unknown tag, a record without title,
        an invalid ISSN) as a diagnostic with its line.

    >>> read_ris("/nonexistent.ris").diagnostics[0].message
    'cannot read file: No such file or directory'
    """
    return read_export(path, name, parse_ris)


def parse_ris(text: str, *, path: str = "<string>") -> Page:
    """Parse the text of an RIS export.

    >>> parse_ris("TY  - JOUR\\nAU  - Li, Wei\\nER  - \\n", path="x.ris").diagnostics[0].message
    'record has no title; skipped'
    """
    return parse_tagged(
        text,
        path=path,
        syntax=RIS_SYNTAX,
        article_of=_article,
        none_found="no RIS records found (a record starts with 'TY  - ')",
    )


def _entry(record: Record) -> dict:
    lines = [f"{f.tag}  - {f.value}" for f in record.fields]
    lines.append("ER  - ")
    entries = _PARSER.parse_lines(iter(lines))
    return entries[0] if entries else {}


def _first(entry: dict, *keys: str) -> str | None:
    for key in keys:
        value = entry.get(key)
        if isinstance(value, list):
            value = next((v for v in value if v), None)
        if value:
            return str(value)
    return None


def _article(record: Record, path: str, problems: list[Diagnostic]) -> Article | None:
    e = _entry(record)
    authors, truncated = people([*e.get("authors", []), *e.get("first_authors", [])])
    title = _first(e, "primary_title", "title")
    translated = _first(e, "translated_title")
    issns = e.get("issn", [])
    # JO is the full name in most exports, JF in EndNote's; JA/J2 are abbreviations.
    journal = _first(e, "journal_name", "alternate_title3", "secondary_title")
    abbrev = _first(e, "alternate_title2", "alternate_title1")
    start, end = _first(e, "start_page"), _first(e, "end_page")
    page_field = f"{start}-{end}" if start and end else start
    notes = [*e.get("notes", []), _first(e, "note") or ""]
    accession = _first(e, "accession_number") or ""
    database = " ".join(
        filter(None, (_first(e, "name_of_database"), _first(e, "database_provider")))
    ).lower()
    pmid = (
        accession if accession.isdigit() and ("pubmed" in database or "nlm" in database) else None
    )
    for note in notes:
        m = re.search(r"PMID:\s*(\d+)", note)
        pmid = pmid or (m.group(1) if m else None)
    pmcid = next((m.group(0) for n in notes for m in [re.search(r"PMC\d+", n)] if m), None)
    urls = e.get("urls", [])
    cnki = next((m.group(1) for u in urls for m in [_CNKI_ID_RE.search(u)] if m), None)
    abstracts = [a for a in (_first(e, "abstract"), _first(e, "notes_abstract")) if a]
    context = " ".join(filter(None, (title, *abstracts)))
    return article(
        path=path,
        line=record.line,
        problems=problems,
        title=title,
        title_en=translated,
        authors=authors,
        authors_truncated=truncated,
        journal_title=journal,
        journal_abbrev=abbrev,
        issn=issns[0] if issns else None,
        eissn=issns[1] if len(issns) > 1 else None,
        year=_year(e),
        volume=_first(e, "volume"),
        number=_first(e, "number"),
        page_field=page_field,
        abstracts=abstracts,
        keywords=keywords_of(e.get("keywords", []), context=context),
        types=[t for t in (_first(e, "type_of_reference"),) if t],
        doi=_first(e, "doi"),
        pmid=pmid,
        pmcid=pmcid,
        cnki_id=cnki,
        wos_id=accession if _WOS_RE.match(accession) else None,
        language=_first(e, "language"),
        url=urls[0] if urls else None,
        affiliations=e.get("author_address", []),
    )


def _year(entry: dict) -> int | None:
    for key in ("year", "publication_year", "date"):
        year = year_of(_first(entry, key))
        if year is not None:
            return year
    return None
