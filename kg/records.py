"""Typed records that every reader yields and every later stage consumes.

Records are frozen dataclasses holding plain values (``str``, ``int``,
tuples), so they pickle cheaply across processes and compare by value.
``as_dict`` gives the stable JSON shape that ``radkg parse --json`` prints;
its keys are a public contract: add keys, never rename them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ARTICLE_TYPES",
    "Article",
    "Diagnostic",
    "Journal",
    "Page",
    "as_dict",
]

#: Article types the TOC reader derives from a page, in the order they are tried.
ARTICLE_TYPES = (
    "research",
    "case-report",
    "review",
    "expert-commentary",
    "guideline",
    "editorial",
    "other",
)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem found in one input, with the place it was found.

    >>> str(Diagnostic("page.txt", 12, "no page range"))
    'page.txt:12: no page range'
    """

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Journal:
    """The header of a table-of-contents page; any field may be missing."""

    title: str | None = None
    title_en: str | None = None
    issn: str | None = None
    publisher: str | None = None
    editor: str | None = None
    frequency: str | None = None
    email: str | None = None
    phone: str | None = None
    postcode: str | None = None
    address: str | None = None
    indexing: tuple[str, ...] = ()
    description: str | None = None
    status: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """One article as a source describes it.

    ``authors_truncated`` records a list that the source cut short with
    ``...``; the missing names are unknown and never guessed.
    ``pages_extra`` keeps further page ranges of a discontinuous article
    (``65-68,87页`` gives ``page_start=65, page_end=68, pages_extra=("87",)``).
    """

    title: str
    authors: tuple[str, ...] = ()
    authors_truncated: bool = False
    page_start: int | None = None
    page_end: int | None = None
    pages_extra: tuple[str, ...] = ()
    abstract_zh: str | None = None
    abstract_en: str | None = None
    keywords: tuple[str, ...] = ()
    article_type: str = "research"
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Page:
    """Everything read from one source file.

    ``year``, ``volume`` and ``number`` identify the journal issue when the
    page states them (many TOC pages do not); they are ``None`` otherwise.
    """

    path: str
    journal: Journal = field(default_factory=Journal)
    year: int | None = None
    volume: str | None = None
    number: str | None = None
    articles: tuple[Article, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()


def as_dict(record: Any) -> Any:
    """Turn a record (or a tuple of records) into JSON-ready dicts and lists.

    >>> as_dict(Diagnostic("a.txt", 3, "bad"))
    {'path': 'a.txt', 'line': 3, 'message': 'bad'}
    """
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {f.name: as_dict(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, (tuple, list)):
        return [as_dict(item) for item in record]
    return record
