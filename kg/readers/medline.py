"""Reader for PubMed's MEDLINE format (``.nbib``, ``pubmed-*.txt``).

No maintained parser reads this format with line numbers (``nbib`` was last
released in 2021), and the format is simple: fields ``TAG - value`` with the
tag padded to four characters, continuation lines indented by six spaces,
records separated by blank lines and opened by ``PMID-``.  Framing is
:func:`kg.readers.bibliographic.frame`'s; this module maps the fields.

Authors keep what MEDLINE says about each of them, in order: the full name
(``FAU``), the short form (``AU``), the affiliations (``AD`` lines after the
author) and the ORCID iD (``AUID``).  A non-English article's vernacular
title (``TT``) becomes the title and the English one (``TI``) ``title_en``.

>>> page = parse_medline('''PMID- 26579733
... TI  - Radiomics: Images Are More than Pictures, They Are Data.
... PG  - 563-77
... FAU - Gillies, Robert J
... AU  - Gillies RJ
... AD  - From the Department of Cancer Imaging, H. Lee Moffitt Cancer Center.
... IS  - 0033-8419 (Print)
... DP  - 2016 Feb
... LID - 10.1148/radiol.2015151169 [doi]
... ''', path="demo.nbib")
>>> a = page.articles[0]
>>> a.pmid, a.page_end, a.doi, a.author_details[0].short, a.author_details[0].affiliations[0][:19]
('26579733', 577, '10.1148/radiol.2015151169', 'Gillies RJ', 'From the Department')
"""

from __future__ import annotations

import dataclasses
import os
import re

from kg.readers.bibliographic import (
    MEDLINE_SYNTAX,
    Record,
    article,
    clean_orcid,
    keywords_of,
    latin_author,
    parse_tagged,
    read_export,
    year_of,
)
from kg.records import Article, Author, Diagnostic, Page

__all__ = ["parse_medline", "read_medline"]

_ISSN_KIND_RE = re.compile(r"^(\S+)\s*\((Print|Electronic|Linking)\)", re.IGNORECASE)


def read_medline(path: str | os.PathLike[str], *, name: str | None = None) -> Page:
    """Read a MEDLINE/PubMed export.

    >>> read_medline("/nonexistent.nbib").diagnostics[0].message
    'cannot read file: No such file or directory'
    """
    return read_export(path, name, parse_medline)


def parse_medline(text: str, *, path: str = "<string>") -> Page:
    """Parse the text of a MEDLINE export.

    >>> parse_medline("PMID- 1\\nAU  - Li W\\n", path="m.txt").diagnostics[0].message
    'record has no title; skipped'
    """
    return parse_tagged(
        text,
        path=path,
        syntax=MEDLINE_SYNTAX,
        article_of=_article,
        none_found="no MEDLINE records found (a record starts with 'PMID- ')",
    )


def _authors(record: Record) -> tuple[list[Author], list[str]]:
    """Authors in order (short form, affiliations, ORCID), and affiliations of no author."""
    authors: list[Author] = []
    loose: list[str] = []
    previous = ""
    for f in record.fields:
        tag, value = f.tag, f.value
        if not value:
            continue
        if tag == "FAU":
            authors.append(latin_author(value))
        elif tag == "AU":
            if previous == "FAU":
                authors[-1] = dataclasses.replace(authors[-1], short=value)
            else:
                found = latin_author(value)
                authors.append(dataclasses.replace(found, short=found.short or value))
        elif tag == "CN":
            authors.append(Author(value))
        elif tag == "AD":
            if authors and previous in ("FAU", "AU", "AD", "AUID", "CN"):
                last = authors[-1]
                authors[-1] = dataclasses.replace(last, affiliations=(*last.affiliations, value))
            else:
                loose.append(value)
        elif tag == "AUID" and authors:
            orcid = clean_orcid(value)
            if orcid:
                authors[-1] = dataclasses.replace(authors[-1], orcid=orcid)
        previous = tag
    return authors, loose


def _article(record: Record, path: str, problems: list[Diagnostic]) -> Article | None:
    authors, loose = _authors(record)
    issn = eissn = None
    for value in record.all("IS"):
        m = _ISSN_KIND_RE.match(value)
        if m is None:
            issn = issn or value
        elif m.group(2).lower() == "electronic":
            eissn = eissn or m.group(1)
        else:
            issn = issn or m.group(1)
    doi = next((v for v in record.all("LID", "AID") if v.endswith("[doi]")), None)
    english = record.first("TI")
    if english and english.startswith("[") and english.endswith("]."):
        english = english[1:-2]  # a translated title, in brackets before 2017
    if english and english.endswith(".") and not english.endswith(".."):
        english = english[:-1]  # MEDLINE ends every title with a full stop
    vernacular = record.first("TT")
    abstracts = record.all("AB")
    title = vernacular or english
    context = " ".join(filter(None, (title, *abstracts)))
    return article(
        path=path,
        line=record.line,
        problems=problems,
        title=title,
        title_en=english if vernacular else None,
        authors=tuple(authors),
        journal_title=record.first("JT"),
        journal_abbrev=record.first("TA"),
        issn=issn,
        eissn=eissn,
        year=year_of(record.first("DP")),
        volume=record.first("VI"),
        number=record.first("IP"),
        page_field=record.first("PG"),
        abstracts=abstracts,
        keywords=keywords_of(record.all("OT"), context=context),
        types=record.all("PT"),
        doi=doi.removesuffix("[doi]") if doi else None,
        pmid=record.first("PMID"),
        pmcid=record.first("PMC"),
        language=record.first("LA"),
        affiliations=loose,
    )
