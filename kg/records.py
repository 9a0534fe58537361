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
    "Author",
    "Diagnostic",
    "Extraction",
    "Finding",
    "Institution",
    "Journal",
    "Link",
    "Mention",
    "Page",
    "Split",
    "Study",
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
    eissn: str | None = None
    title_abbrev: str | None = None


@dataclass(frozen=True, slots=True)
class Author:
    """One author of an article as a bibliographic export describes them.

    ``name`` is the name exactly as the source writes it (and as it stands in
    ``Article.authors``); the other fields are what the source says beside it,
    kept apart so that author identity can weigh each piece of evidence:
    ``family``/``given`` when the source separates them (``Gillies, Robert J``),
    ``short`` the abbreviated form (MEDLINE ``AU`` ``Gillies RJ``, WoS ``AU``
    ``Gillies, RJ``), ``name_en`` a romanised form given beside a Han-script
    name, ``orcid`` a bare ORCID iD, ``affiliations`` the institutions given
    for this author on this article.

    >>> Author("Gillies, Robert J", family="Gillies", given="Robert J").given
    'Robert J'
    """

    name: str
    family: str | None = None
    given: str | None = None
    short: str | None = None
    name_en: str | None = None
    orcid: str | None = None
    affiliations: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Article:
    """One article as a source describes it.

    ``authors_truncated`` records a list that the source cut short with
    ``...``; the missing names are unknown and never guessed.
    ``pages_extra`` keeps further page ranges of a discontinuous article
    (``65-68,87页`` gives ``page_start=65, page_end=68, pages_extra=("87",)``).

    Bibliographic exports add what a TOC page lacks; every such field is
    optional and empty for TOC pages.  ``journal``, ``year``, ``volume`` and
    ``number`` are the article's own journal and issue (exports mix journals;
    for TOC pages they are ``None`` and the page's header applies).
    ``doi`` (lower-case, no resolver prefix), ``pmid``, ``pmcid``,
    ``cnki_id`` (CNKI's document code, ``ZHFS202403001``) and ``wos_id``
    (``WOS:000…``) are the identifiers merging keys on; ``title_en`` is an
    English title beside a Chinese one (or the vernacular title's English
    translation), ``page_label`` a page field that is not a plain number
    range (``e104-e107``, an article number), ``language`` an ISO 639-1 code,
    ``author_details`` one :class:`Author` per name of ``authors`` (same
    order) when the source says more than the name, ``affiliations`` every
    institution the record names, ``source_type`` the record's own type
    (``JOUR``, ``article``, ``Journal Article``).
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
    title_en: str | None = None
    journal: Journal | None = None
    year: int | None = None
    volume: str | None = None
    number: str | None = None
    page_label: str | None = None
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    cnki_id: str | None = None
    wos_id: str | None = None
    language: str | None = None
    url: str | None = None
    author_details: tuple[Author, ...] = ()
    affiliations: tuple[str, ...] = ()
    source_type: str | None = None


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


# ---------------------------------------------------------------------------
# Extraction records (kg.extract): what an article's text says, with spans.
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of an article field (``title``, ``abstract_zh``, ``abstract_en`` or ``keywords``).

    ``start``/``end`` are character offsets into that field's text (for
    ``keywords``: into the keywords joined with ``"; "``).

    >>> Mention("title", 0, 3, "DKI").end
    3
    """

    field: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Link:
    """A lexicon concept an article mentions; its zh and en mentions merged into one link."""

    id: str
    type: str
    label_en: str
    label_zh: str
    mesh: str | None = None
    mentions: tuple[Mention, ...] = ()


@dataclass(frozen=True, slots=True)
class Institution:
    """An institution named in an abstract; zh and en names merged where the text allows."""

    name_zh: str | None = None
    name_en: str | None = None
    mentions: tuple[Mention, ...] = ()


@dataclass(frozen=True, slots=True)
class Split:
    """A data split (``training``, ``validation``, ``test``, ``external test`` …) and its size."""

    role: str
    size: int | None = None
    mention: Mention | None = None


@dataclass(frozen=True, slots=True)
class Study:
    """Design and cohort of a study: design ids, period (``YYYY[-MM]``), counts, splits."""

    designs: tuple[str, ...] = ()
    period_start: str | None = None
    period_end: str | None = None
    patients: int | None = None
    lesions: int | None = None
    splits: tuple[Split, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """One reported result: a metric, its value and what the text gives around it.

    ``value``, ``ci_low`` and ``ci_high`` are decimal strings with the
    source's digits, percentages shifted to fractions (``92.0%`` gives
    ``"0.920"``); ``reported`` keeps the source text of the value and CI.
    Fields the text does not give are ``None``.
    """

    metric: str
    value: str
    reported: str
    ci_low: str | None = None
    ci_high: str | None = None
    ci_level: str | None = None
    model: str | None = None
    model_labels: tuple[str, ...] = ()
    split: str | None = None
    n: int | None = None
    p: str | None = None
    p_comparator: str | None = None
    z: str | None = None
    chi2: str | None = None
    mentions: tuple[Mention, ...] = ()


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything :func:`kg.extract.extract` found in one article."""

    links: tuple[Link, ...] = ()
    institutions: tuple[Institution, ...] = ()
    study: Study = field(default_factory=Study)
    findings: tuple[Finding, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
