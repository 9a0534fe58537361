"""One article, however many sources describe it: merging the records of a build.

Each source's record of an article is mapped into the source's own named
graph under its own IRI (:func:`kg.ids.article_iri` qualifies export records
by their source).  After every source is loaded, :func:`identify` decides
which records are one article, keeping for each only what merging and
identity need (:class:`Records`, filled while the sources load):

1. **Identifiers**, strongest first: DOI, PMID, PMCID, CNKI document code,
   Web of Science accession number.  Two records sharing one are one article
   unless a stronger identifier differs.
2. **Natural key**: the same normalised title (a Chinese title also meets
   the English title another record gives as ``title_en``), no conflicting
   year, first page, ISSN or identifier, a compatible first author
   (:func:`kg.identity.name_match`), and the same year or first page.

A merged article keeps one IRI, the same whatever the order of sources: a
TOC page's (its IRI names no source), else the smallest.  Every statement of
the other records moves onto it *in its own source's graph*, so each source
still says ``prov:wasDerivedFrom`` it with its own ``prov:Derivation``;
where sources disagree on a single-valued field (title, pages, year, type,
one abstract per language), the surviving record's value stands and a
differing title is kept as ``dcterms:alternative``.  Authorship nodes move
with the article where both records name one person at that position.
People are then resolved (:func:`kg.identity.resolve_records`), and every
merge and open same-name case is written to the identity graph
(:func:`kg.ids.identity_graph_iri`), which each build replaces whole.

>>> from kg.records import Article, Journal, Page
>>> a = Article("Radiomics: Images Are More than Pictures", doi="10.1148/x", year=2016,
...             journal=Journal(issn="0033-8419"))
>>> records = Records()
>>> records.add("a.ris", Page("a.ris", articles=(a,)))
>>> records.add("b.nbib", Page("b.nbib", articles=(a,)))
>>> len(merge_articles(records))
1
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg import ids
from kg.identity import IdentityReport, UnionFind, name_match, resolve_records

if TYPE_CHECKING:
    from rdflib import Dataset

    from kg.records import Article, Page

__all__ = ["IDENTIFIERS", "ArticleRecord", "Records", "identify", "merge_articles", "title_key"]

_NOT_WORD = re.compile(r"[\W_]+")

#: Identifier fields of :class:`kg.records.Article`, strongest first.
IDENTIFIERS = ("doi", "pmid", "pmcid", "cnki_id", "wos_id")


def title_key(title: str | None) -> str:
    """A title reduced to what two spellings of it share: letters and digits, case-folded.

    >>> title_key("Radiomics: Images Are More than Pictures, They Are Data.")
    'radiomicsimagesaremorethanpicturestheyaredata'
    >>> title_key("基于 CT 的研究（一）") == title_key("基于CT的研究(一)")
    True
    """
    if not title:
        return ""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", title).casefold())


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.strip()
    return text or None


def _identifier(value: str | None) -> str | None:
    value = _clean(value)
    return None if value is None else value.casefold()


class ArticleRecord:
    """What merging and identity keep of one article record: no abstracts, nothing derived yet.

    Kept as the source gives it and worked out only when needed (most
    records merge with nothing): ``iri`` (as :mod:`kg.mapping` mints it),
    and per author position (1-based position ``i`` at index ``i - 1``)
    ``people`` (person IRIs), ``names`` (every form of the name the record
    gives) and ``affiliations`` (organisation IRIs).
    """

    __slots__ = (
        "source_key",
        "source",
        "is_toc",
        "journal",
        "year",
        "page",
        "title",
        "title_en",
        "identifiers",
        "authors",
        "details",
        "labels",
        "_iri",
        "_names",
    )

    def __init__(self, article: Article, page: Page, scope: str, source_key: str, source: str):
        self.source_key, self.source = source_key, source
        self.is_toc = (article.journal, article.year, article.volume, article.number) == _NO_ISSUE
        self.year = page.year if self.is_toc or article.year is None else article.year
        if not self.is_toc and article.journal is not None:
            try:
                scope = ids.journal_key(
                    issn=ids.canonical_issn(article.journal.issn),
                    title=_clean(article.journal.title),
                )
            except ValueError:
                pass  # no ISSN and no title: the page's scope, as the mapping does
        self.journal = scope
        self.page = article.page_start
        self.title, self.title_en = article.title, article.title_en
        self.identifiers = (
            article.doi,
            article.pmid,
            article.pmcid,
            article.cnki_id,
            article.wos_id,
        )
        if any(self.identifiers):
            self.identifiers = tuple(map(_identifier, self.identifiers))
        names = article.authors
        self.authors = tuple(n.strip() for n in names if n and n.strip())
        ok = len(article.author_details) == len(names) and len(self.authors) == len(names)
        self.details = article.author_details if ok else ()
        self.labels = article.keywords
        self._iri: str | None = None
        self._names: tuple[tuple[str, ...], ...] | None = None

    @property
    def iri(self) -> str:
        if self._iri is None:
            self._iri = ids.article_iri(
                self.journal,
                year=self.year,
                page_start=self.page,
                title=self.title,
                record=None if self.is_toc else self.source,
            )
        return self._iri

    @property
    def rank(self) -> tuple[bool, str]:
        """Sort key of the surviving record: TOC pages first (no source in their IRI), then IRI."""
        return (not self.is_toc, self.iri)

    @property
    def people(self) -> tuple[str, ...]:
        return tuple(ids.person_iri(name, evidence=self.journal) for name in self.authors)

    @property
    def names(self) -> tuple[tuple[str, ...], ...]:
        if self._names is None:
            if not self.details:
                self._names = tuple((name,) for name in self.authors)
            else:
                self._names = tuple(
                    (name, *(f for f in (_clean(d.name_en), _clean(d.short)) if f and f != name))
                    for name, d in zip(self.authors, self.details, strict=True)
                )
        return self._names

    @property
    def affiliations(self) -> tuple[tuple[str, ...], ...]:
        if not self.details:
            return ((),) * len(self.authors)
        return tuple(
            tuple(ids.organization_iri(p) for p in map(_clean, d.affiliations) if p)
            for d in self.details
        )

    @property
    def keywords(self) -> tuple[str, ...]:
        return tuple(sorted({ids.normalise(k) for k in self.labels if k.strip()}))


_NO_ISSUE = (None, None, None, None)


@dataclass
class Records:
    """The records of every source a build loaded, filled source by source with :meth:`add`."""

    articles: list[ArticleRecord] = field(default_factory=list)
    #: (journal key, name) of people named outside author lists (journal editors).
    editors: set[tuple[str, str]] = field(default_factory=set)

    def add(self, source_key: str, page: Page) -> None:
        """Keep what merging needs of one source's records (IRIs as :mod:`kg.mapping` has them)."""
        journal = page.journal
        try:
            scope = ids.journal_key(issn=_clean(journal.issn), title=_clean(journal.title))
        except ValueError:
            scope = f"source:{source_key}"
        source = ids.source_iri(source_key)
        editor = _clean(journal.editor)
        if editor and (_clean(journal.title) or ids.canonical_issn(_clean(journal.issn))):
            self.editors.add((scope, editor))
        self.articles.extend(
            ArticleRecord(article, page, scope, source_key, source) for article in page.articles
        )


def _conflict(a: ArticleRecord, b: ArticleRecord, *, upto: int = len(IDENTIFIERS)) -> bool:
    """Whether two records carry different values of one of the ``upto`` strongest identifiers."""
    return any(map(_differ, a.identifiers[:upto], b.identifiers[:upto]))


def _differ(x: object, y: object) -> bool:
    return x is not None and y is not None and x != y


def _same_by_key(a: ArticleRecord, b: ArticleRecord) -> bool:
    """Whether two records with one normalised title are one article (by natural key)."""
    if _conflict(a, b) or _differ(a.year, b.year) or _differ(a.page, b.page):
        return False
    if a.journal.startswith("issn-") and b.journal.startswith("issn-") and a.journal != b.journal:
        return False
    if not ((a.year is not None and a.year == b.year) or (a.page is not None and a.page == b.page)):
        return False
    if a.names and b.names:
        return any(name_match(x, y) for x in a.names[0] for y in b.names[0])
    return not a.names and not b.names


def _blocks(index: dict[str, list[ArticleRecord]]) -> Iterator[list[ArticleRecord]]:
    for key in sorted(index):
        block = index[key]
        if len(block) > 1:
            yield block


def merge_articles(records: Records) -> dict[str, str]:
    """Which article IRIs are one article: each merged IRI → the IRI that stays.

    Decided on the records alone (no store), in an order-free way: the same
    records in any order give the same answer.
    """
    return _merge(records)[0]


def _merge(records: Records) -> tuple[dict[str, str], dict[str, list[ArticleRecord]]]:
    """The merges, and the records of every IRI that met another record (by IRI)."""
    ranks: dict[str, tuple[bool, str]] = {}
    sets = UnionFind(ranks.__getitem__)  # the record of lower rank represents its set
    met: dict[str, list[ArticleRecord]] = {}

    def sort(block: list[ArticleRecord]) -> None:
        block.sort(key=lambda r: (r.rank, r.source))
        for record in block:
            if record.iri not in ranks:
                ranks[record.iri] = record.rank
                met[record.iri] = []
            if record not in met[record.iri]:
                met[record.iri].append(record)

    with_ids = [r for r in records.articles if any(r.identifiers)]
    for position in range(len(IDENTIFIERS)):
        index: dict[str, list[ArticleRecord]] = {}
        for record in with_ids:
            value = record.identifiers[position]
            if value is not None:
                index.setdefault(value, []).append(record)
        for block in _blocks(index):
            sort(block)
            for other in block[1:]:
                if not _conflict(block[0], other, upto=position):
                    sets.union(block[0].iri, other.iri)
    titles: dict[str, list[ArticleRecord]] = {}
    for record in records.articles:
        for key in {title_key(record.title), title_key(record.title_en)}:
            if key:
                titles.setdefault(key, []).append(record)
    for block in _blocks(titles):
        sort(block)
        for i, a in enumerate(block):
            for b in block[i + 1 :]:
                if sets.find(a.iri) != sets.find(b.iri) and _same_by_key(a, b):
                    sets.union(a.iri, b.iri)
    merged = {iri: sets.find(iri) for iri in sorted(sets) if sets.find(iri) != iri}
    return merged, met


# ---------------------------------------------------------------------------
# Applying the decisions to the store


def identify(ds: Dataset, records: Records) -> IdentityReport:
    """Merge the articles and people of a built graph, and write the identity graph.

    Parameters
    ----------
    ds : rdflib.Dataset
        The built dataset (Oxigraph backend), one named graph per source.
    records : Records
        What :meth:`Records.add` kept of every source loaded into ``ds``.

    Returns
    -------
    IdentityReport
        Merged articles and people, and the open same-name candidates.
    """
    from kg.mapping import identity_quads
    from kg.store import oxigraph, rename_nodes, replace_source

    store = oxigraph(ds)
    if store is None:
        raise ValueError("identity resolution needs the oxigraph store backend")
    articles, met = _merge(records)
    report = resolve_records(records, articles)
    report.records = len(records.articles)
    report.merged_articles = articles
    rename_nodes(ds, report.merged)  # every person at once, in one pass over the store
    groups: dict[str, list[str]] = {}
    for old, new in articles.items():
        groups.setdefault(new, []).append(old)
    sorted_groups = [
        sorted(
            (r for iri in (new, *groups[new]) for r in met[iri]), key=lambda r: (r.rank, r.source)
        )
        for new in sorted(groups)
    ]
    moves: dict[str, str] = {}
    for group in sorted_groups:
        moves.update(_article_moves(store, group, report.merged))
    rename_nodes(ds, moves)  # every merged article with its authorships and derivations
    for group in sorted_groups:
        _settle(store, group[0].iri, [ox.NamedNode(r.source) for r in group])
    replace_source(
        ds,
        ox.NamedNode(ids.identity_graph_iri()),
        identity_quads(
            {**report.merged, **articles},
            report.candidates,
            graph=ox.NamedNode(ids.identity_graph_iri()),
        ),
    )
    return report


def _article_moves(
    store: ox.Store, group: list[ArticleRecord], people: dict[str, str]
) -> dict[str, str]:
    """The IRIs to move so that the records of ``group`` (sorted, survivor first) become one.

    Each merged record's IRI goes to the survivor's; its authorship and
    derivation nodes to the survivor's IRI space (an authorship only where
    both records name one person at its position).
    """
    new = group[0].iri
    agents: dict[int, str] = {}  # position → the person the first record naming it gives
    for record in group:
        for position, person in enumerate(record.people, 1):
            agents.setdefault(position, people.get(person, person))
    moves: dict[str, str] = {}
    for record in group:
        if record.iri == new:
            continue
        moves[record.iri] = new
        pending = [ox.NamedNode(record.iri)]
        while pending:
            node = pending.pop()
            for quad in store.quads_for_pattern(node, None, None):
                target = quad.object
                if not isinstance(target, ox.NamedNode) or target.value in moves:
                    continue
                moved = ids.rebased_iri(target.value, record.iri, new)
                kind = None if moved is None else moved.rsplit("/", 2)[-2]
                if kind not in ("authorship", "derivation"):
                    continue  # extracted nodes (mentions, cohort, results) stay the source's own
                if kind == "authorship":
                    position = int(moved.rsplit("-", 1)[1])
                    mine = record.people[position - 1] if position <= len(record.people) else None
                    if mine is None or people.get(mine, mine) != agents.get(position):
                        continue  # the sources name different people here: kept apart
                moves[target.value] = moved
    return moves


#: Single-valued article fields, in bundles that must come from one record (pages go together).
_SINGLE = (
    ("http://purl.org/dc/terms/title",),
    (
        "http://prismstandard.org/namespaces/basic/2.0/startingPage",
        "http://prismstandard.org/namespaces/basic/2.0/endingPage",
        "http://prismstandard.org/namespaces/basic/2.0/pageRange",
    ),
    ("http://purl.org/spar/fabio/hasPublicationYear",),
    ("http://purl.org/dc/terms/type",),
    ("https://w3id.org/radkg/ontology#authorListTruncated",),
)
_ABSTRACT = ox.NamedNode("http://purl.org/dc/terms/abstract")
_ALTERNATIVE = ox.NamedNode("http://purl.org/dc/terms/alternative")


def _settle(store: ox.Store, article: str, graphs: list[ox.NamedNode]) -> None:
    """Where the merged records disagree on a single-valued field, the first record's value stands.

    ``graphs`` are the records' source graphs, the surviving record's first.
    A differing title is kept in its own graph as ``dcterms:alternative``.
    """
    node = ox.NamedNode(article)
    graphs = list(dict.fromkeys(graphs))
    bundles = [tuple(ox.NamedNode(p) for p in bundle) for bundle in _SINGLE]
    for bundle in bundles:
        winner = None
        for graph in graphs:
            found = [q for p in bundle for q in store.quads_for_pattern(node, p, None, graph)]
            if not found:
                continue
            if winner is None:
                winner = {(q.predicate, q.object) for q in found}
                continue
            for quad in found:
                if (quad.predicate, quad.object) in winner:
                    continue
                store.remove(quad)
                if quad.predicate.value == _SINGLE[0][0]:
                    store.add(ox.Quad(node, _ALTERNATIVE, quad.object, graph))
    kept: dict[str | None, ox.Literal] = {}  # language → the abstract that stands
    for graph in graphs:
        for quad in list(store.quads_for_pattern(node, _ABSTRACT, None, graph)):
            language = getattr(quad.object, "language", None)
            if kept.setdefault(language, quad.object) != quad.object:
                store.remove(quad)
