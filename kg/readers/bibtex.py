"""Reader for BibTeX and BibLaTeX files, through bibtexparser 2.

bibtexparser splits the file into blocks and keeps going past a broken
one (unbalanced braces, a missing comma): each failed block becomes a
diagnostic with its line, and the entries before and after it are read.
LaTeX markup is decoded (``{\\'e}`` → ``é``, ``--`` → ``–``), author lists
are split at ``and`` into name parts, and BibLaTeX's field names
(``journaltitle``, ``date``, ``langid``, ``eprint`` with
``eprinttype = {pubmed}``) are read beside BibTeX's.

>>> page = parse_bibtex('''@article{gillies2016,
...   author = {Gillies, Robert J. and Kinahan, Paul E. and Hricak, Hedvig},
...   title = {Radiomics: Images Are More than {Pictures}, They Are Data},
...   journal = {Radiology}, year = 2016, volume = 278, number = 2,
...   pages = {563--577}, doi = {10.1148/radiol.2015151169}, pmid = {26579733}
... }''', path="refs.bib")
>>> a = page.articles[0]
>>> a.authors, a.page_start, a.page_end, a.pmid, a.line
(('Gillies, Robert J.', 'Kinahan, Paul E.', 'Hricak, Hedvig'), 563, 577, '26579733', 1)
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import Iterator

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.library import Library
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, ParsingFailedBlock

from kg.readers.bibliographic import article, keywords_of, read_export, year_of
from kg.records import Article, Author, Diagnostic, Page

__all__ = ["parse_bibtex", "read_bibtex"]

#: Entry types that describe something radkg reads as an article.
_ARTICLE_TYPES = frozenset(
    {
        "article",
        "inproceedings",
        "conference",
        "misc",
        "online",
        "report",
        "incollection",
        "unpublished",
        "phdthesis",
        "mastersthesis",
        "thesis",
        "periodical",
    }
)
_HAN_RE = re.compile(r"[\u3400-\u9fff]")


def read_bibtex(path: str | os.PathLike[str], *, name: str | None = None) -> Page:
    """Read a BibTeX or BibLaTeX file.

    >>> read_bibtex("/nonexistent.bib").diagnostics[0].message
    'cannot read file: No such file or directory'
    """
    return read_export(path, name, parse_bibtex)


def parse_bibtex(text: str, *, path: str = "<string>") -> Page:
    """Parse the text of a BibTeX/BibLaTeX file.

    >>> page = parse_bibtex("@article{a, title={Ok}}\\n@article{b, title={Broken}\\n", path="x.bib")
    >>> [a.title for a in page.articles], page.diagnostics[0].line
    (['Ok'], 2)
    """
    problems: list[Diagnostic] = []
    library = _library(text, path, problems)
    duplicates: list[Entry] = []
    for block in library.failed_blocks:
        line = None if block.start_line is None else block.start_line + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            problems.append(
                Diagnostic(
                    path, line, f"duplicate entry key {block.key!r}; the entry is still read"
                )
            )
            if isinstance(block.ignore_error_block, Entry):
                duplicates.append(block.ignore_error_block)
        elif isinstance(block, ParsingFailedBlock):
            error = block.error
            reason = getattr(error, "abort_reason", None) or str(error) or type(error).__name__
            reason = " ".join(reason.split())[:200]
            problems.append(Diagnostic(path, line, f"broken BibTeX entry, skipped: {reason}"))
    articles: list[Article] = []
    skipped: dict[str, list[int]] = {}
    for entry in sorted([*library.entries, *duplicates], key=lambda e: e.start_line or 0):
        line = (entry.start_line or 0) + 1
        if entry.entry_type.lower() not in _ARTICLE_TYPES:
            skipped.setdefault(entry.entry_type.lower(), []).append(line)
            continue
        found = _article(entry, line, path, problems)
        if found is not None:
            articles.append(found)
    for kind, lines in sorted(skipped.items()):
        problems.append(
            Diagnostic(
                path,
                lines[0],
                f"{len(lines)} @{kind} entr{'ies' if len(lines) > 1 else 'y'} "
                "(not an article); skipped",
            )
        )
    if not library.entries and not problems:
        problems.append(
            Diagnostic(path, None, "no BibTeX entries found (an entry starts with '@article{')")
        )
    return Page(
        path=path,
        articles=tuple(articles),
        diagnostics=tuple(sorted(problems, key=lambda d: (d.line or 0, d.message))),
    )


@contextlib.contextmanager
def _quiet_bibtexparser() -> Iterator[None]:
    """bibtexparser logs each broken block; radkg reports it as a diagnostic instead."""
    logger = logging.getLogger("bibtexparser")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(level)


def _parse(text: str) -> Library:
    with _quiet_bibtexparser():
        return bibtexparser.parse_string(
            text,
            append_middleware=[
                middlewares.LatexDecodingMiddleware(),
                middlewares.SeparateCoAuthors(),
                middlewares.SplitNameParts(),
            ],
        )


_ENTRY_START_RE = re.compile(r"^[ \t]*@", re.M)


def _library(text: str, path: str, problems: list[Diagnostic]) -> Library:
    """The parsed file; if bibtexparser fails on it as a whole, each ``@`` block on its own.

    bibtexparser raises (rather than recovers) on a few inputs it considers
    its own bugs; parsing block by block then loses only the offending block.
    """
    try:
        return _parse(text)
    except Exception:  # noqa: BLE001 - any failure of the library is one bad block, reported below
        pass
    library = Library()
    starts = [m.start() for m in _ENTRY_START_RE.finditer(text)] or [0]
    for begin, end in zip(starts, [*starts[1:], len(text)], strict=True):
        offset = text.count("\n", 0, begin)
        try:
            part = _parse(text[begin:end])
        except Exception as exc:  # noqa: BLE001
            reason = " ".join(str(exc).split())[:200] or type(exc).__name__
            problems.append(
                Diagnostic(path, offset + 1, f"unreadable BibTeX block, skipped: {reason}")
            )
            continue
        for block in part.blocks:
            if block.start_line is not None:
                block._start_line_in_file = block.start_line + offset  # noqa: SLF001
            library.add(block, fail_on_duplicate_key=False)
    return library


def _value(entry: Entry, *keys: str) -> str | None:
    fields = entry.fields_dict
    for key in keys:
        for candidate in (key, key.upper(), key.capitalize()):
            f = fields.get(candidate)
            if f is not None and isinstance(f.value, str) and f.value.strip():
                return f.value.replace("{", "").replace("}", "").strip()
    return None


def _authors(entry: Entry) -> tuple[tuple[Author, ...], bool]:
    field = entry.fields_dict.get("author")
    if field is None or isinstance(field.value, str):
        raw = field.value if field is not None else ""
        return tuple(Author(n.strip()) for n in re.split(r"\s+and\s+", raw) if n.strip()), False
    out: list[Author] = []
    truncated = False
    for parts in field.value:
        family = " ".join([*parts.von, *parts.last]).replace("{", "").replace("}", "").strip()
        given = " ".join(parts.first).replace("{", "").replace("}", "").strip()
        if family.lower() == "others" and not given:
            truncated = True
            continue
        if not family and not given:
            continue
        if _HAN_RE.search(family) and not given:
            out.append(Author(family))
            continue
        name = f"{family}, {given}" if given else family
        out.append(Author(name, family=family or None, given=given or None))
    return tuple(out), truncated


def _article(entry: Entry, line: int, path: str, problems: list[Diagnostic]) -> Article | None:
    authors, truncated = _authors(entry)
    title = _value(entry, "title")
    abstract = _value(entry, "abstract")
    words = _value(entry, "keywords") or ""
    if ";" not in words and not _HAN_RE.search(words):
        words = words.replace(",", ";")
    context = " ".join(filter(None, (title, abstract)))
    pmid = _value(entry, "pmid")
    if pmid is None and (_value(entry, "eprinttype") or "").lower() == "pubmed":
        pmid = _value(entry, "eprint")
    return article(
        path=path,
        line=line,
        problems=problems,
        title=title,
        title_en=_value(entry, "titleaddon", "title_en", "entitle"),
        authors=authors,
        authors_truncated=truncated,
        journal_title=_value(entry, "journaltitle", "journal", "booktitle"),
        journal_abbrev=_value(entry, "shortjournal", "journalabbrev"),
        issn=_value(entry, "issn"),
        year=year_of(_value(entry, "year", "date")),
        volume=_value(entry, "volume"),
        number=_value(entry, "number", "issue"),
        page_field=_value(entry, "pages", "eid"),
        abstracts=[abstract] if abstract else [],
        keywords=keywords_of([words] if words else [], context=context),
        types=[entry.entry_type.lower()],
        doi=_value(entry, "doi"),
        pmid=pmid,
        pmcid=_value(entry, "pmcid"),
        language=_value(entry, "langid", "language"),
        url=_value(entry, "url"),
        affiliations=[
            a
            for a in re.split(r"[;；]", _value(entry, "affiliation", "affiliations") or "")
            if a.strip()
        ],
    )
