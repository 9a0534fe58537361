"""Records to triples: the only module that names ontology terms.

:func:`page_triples` turns one :class:`kg.records.Page` into the triples of
its source's named graph, as pyoxigraph terms (the store's hot path takes
them as they are).  Every graph is self-contained: it describes the source
document, the journal, the issue, the articles, their authorships, people
and keyword concepts that the page mentions.

What an article becomes (``a`` is the article, ``s`` the source)::

    a  a fabio:JournalArticle, schema:ScholarlyArticle ;
       dcterms:title "…"@zh ;  dcterms:abstract "…"@zh, "…"@en ;
       dcterms:type radkg:ResearchArticle ;                 # a SKOS concept
       prism:startingPage 201 ; prism:endingPage 208 ;     # xsd:integer
       prism:pageRange "65-68,87" ;                        # only with extra ranges
       frbr:partOf <journal>, <issue> ;  fabio:hasPublicationYear "2024"^^xsd:gYear ;
       dcterms:subject <keyword> ;  dcterms:creator <person> ;
       radkg:authorListTruncated true ;
       prov:qualifiedAttribution <authorship> ;   # → prov:agent, radkg:authorPosition
       prov:wasDerivedFrom s ;  prov:qualifiedDerivation <derivation> .
    <derivation> a prov:Derivation ; prov:entity s ; radkg:sourceLine 28 .

Literals are typed: pages, counts, author positions and lines ``xsd:integer``
(positions and lines are >= 1; Oxigraph stores ``xsd:positiveInteger`` as
``xsd:integer`` anyway, so the derived type would not survive), flags
``xsd:boolean``; titles, abstracts, descriptions and concept labels carry
``@zh`` or ``@en`` (``zh`` when the text has a CJK character); other strings
are simple literals.  The same records always give the same triple list in
the same order.

>>> from kg.records import Article, Journal, Page
>>> article = Article("肝细胞癌的CT表现", authors=("王伟",), page_start=1, page_end=2)
>>> page = Page("p.txt", Journal(title="中华放射学杂志", issn="1005-1201"), articles=(article,))
>>> triples = page_triples(page, source_key="p.txt")
>>> len(triples), len(page_triples(page, source_key="p.txt", extract=True))  # + kg.extract's facts
(26, 83)
>>> triples[0].subject.value, triples[0].object.value
('https://w3id.org/radkg/id/source/p-txt_8a1f44edbc86', 'http://www.w3.org/ns/prov#Entity')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache

from pyoxigraph import Literal, NamedNode, Quad, Triple

from kg import ids
from kg.namespaces import (
    BIBO,
    DCTERMS,
    FABIO,
    FOAF,
    FRBR,
    MESH,
    PRISM,
    PROV,
    RADKG,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    XSD,
)
from kg.records import Article, Diagnostic, Journal, Page

__all__ = [
    "ARTICLE_TYPE_CONCEPTS",
    "CONCEPT_CLASSES",
    "LINK_PROPERTIES",
    "METRIC_CONCEPTS",
    "identity_quads",
    "language_of",
    "page_quads",
    "page_triples",
    "source_triples",
]


def _n(term: object) -> NamedNode:
    return NamedNode(str(term))


#: Article types of :data:`kg.records.ARTICLE_TYPES` → their concept in ``radkg:ArticleTypeScheme``.
ARTICLE_TYPE_CONCEPTS: dict[str, str] = {
    "research": str(RADKG.ResearchArticle),
    "case-report": str(RADKG.CaseReport),
    "review": str(RADKG.Review),
    "expert-commentary": str(RADKG.ExpertCommentary),
    "guideline": str(RADKG.Guideline),
    "editorial": str(RADKG.Editorial),
    "other": str(RADKG.OtherArticleType),
}
_TYPE_NODES = {k: NamedNode(v) for k, v in ARTICLE_TYPE_CONCEPTS.items()}
_OTHER_TYPE = _TYPE_NODES["other"]

# Predicates and classes, built once.
_TYPE = _n(RDF.type)
_LABEL = _n(RDFS.label)
_C_ARTICLE = _n(FABIO.JournalArticle)
_C_SCHOLARLY = _n(SCHEMA.ScholarlyArticle)
_C_JOURNAL = _n(FABIO.Journal)
_C_ISSUE = _n(FABIO.JournalIssue)
_C_PERSON = _n(FOAF.Person)
_C_ORG = _n(FOAF.Organization)
_C_CONCEPT = _n(SKOS.Concept)
_C_ENTITY = _n(PROV.Entity)
_C_SOURCE = _n(RADKG.SourceDocument)
_C_DERIVATION = _n(PROV.Derivation)
_C_AUTHORSHIP = _n(RADKG.Authorship)
_TITLE = _n(DCTERMS.title)
_ABSTRACT = _n(DCTERMS.abstract)
_DESCRIPTION = _n(DCTERMS.description)
_IDENTIFIER = _n(DCTERMS.identifier)
_SUBJECT = _n(DCTERMS.subject)
_CREATOR = _n(DCTERMS.creator)
_PUBLISHER = _n(DCTERMS.publisher)
_DCTYPE = _n(DCTERMS.type)
_PART_OF = _n(FRBR.partOf)
_START = _n(PRISM.startingPage)
_END = _n(PRISM.endingPage)
_RANGE = _n(PRISM.pageRange)
_ISSN = _n(PRISM.issn)
_VOLUME = _n(PRISM.volume)
_ISSUE_ID = _n(PRISM.issueIdentifier)
_YEAR = _n(FABIO.hasPublicationYear)
_EDITOR = _n(BIBO.editor)
_NAME = _n(FOAF.name)
_PREF_LABEL = _n(SKOS.prefLabel)
_IN_SCHEME = _n(SKOS.inScheme)
_EMAIL = _n(SCHEMA.email)
_PHONE = _n(SCHEMA.telephone)
_POSTCODE = _n(SCHEMA.postalCode)
_ADDRESS = _n(SCHEMA.address)
_STATUS = _n(SCHEMA.creativeWorkStatus)
_FREQUENCY = _n(RADKG.publicationFrequency)
_INDEXED_IN = _n(RADKG.indexedIn)
_TRUNCATED = _n(RADKG.authorListTruncated)
_POSITION = _n(RADKG.authorPosition)
_SOURCE_LINE = _n(RADKG.sourceLine)
_DERIVED = _n(PROV.wasDerivedFrom)
_Q_DERIVATION = _n(PROV.qualifiedDerivation)
_Q_ATTRIBUTION = _n(PROV.qualifiedAttribution)
_P_ENTITY = _n(PROV.entity)
_P_AGENT = _n(PROV.agent)
_KEYWORDS = _n(RADKG.KeywordScheme)
_INDEXES = _n(RADKG.IndexingScheme)
_DT_INTEGER = _n(XSD.integer)
# Bibliographic exports: identifiers, the record's own journal, language, link, affiliations.
_ALTERNATIVE = _n(DCTERMS.alternative)
_DOI = _n(PRISM.doi)
_PUB_NAME = _n(PRISM.publicationName)
_EISSN = _n(PRISM.eIssn)
_PMID = _n(FABIO.hasPubMedId)
_PMCID = _n(FABIO.hasPubMedCentralId)
_CNKI_ID = _n(RADKG.cnkiId)
_WOS_ID = _n(RADKG.wosId)
_LANGUAGE = _n(DCTERMS.language)
_URL = _n(SCHEMA.url)
_AFFILIATION = _n(RADKG.affiliation)
_C_INSTITUTION = _n(RADKG.Institution)
_DT_LANGUAGE = _n(XSD.language)
_DT_ANYURI = _n(XSD.anyURI)
_DT_GYEAR = _n(XSD.gYear)
_TRUE = Literal("true", datatype=_n(XSD.boolean))
_FALSE = Literal("false", datatype=_n(XSD.boolean))

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")


def language_of(text: str) -> str:
    """The language tag radkg gives a text: ``"zh"`` if it has a CJK character, else ``"en"``.

    >>> language_of("基于MRI的研究"), language_of("Deep learning <b>in</b> CT")
    ('zh', 'en')
    """
    return "zh" if _CJK.search(text) else "en"


def _text(text: str) -> Literal:
    return Literal(text, language=language_of(text))


@lru_cache(maxsize=4096)
def _integer(n: int) -> Literal:
    """An ``xsd:integer`` literal; pages, positions and lines repeat, so each is built once."""
    return Literal(str(n), datatype=_DT_INTEGER)


def _clean(text: str | None) -> str | None:
    """Strip a string field; empty becomes ``None``."""
    if text is None:
        return None
    text = text.strip()
    return text or None


class _Emitter:
    """Collects the statements of one page; shared nodes are described once.

    A statement is ``make(s, p, o, *graph)``: a :class:`~pyoxigraph.Quad` in
    the page's graph (``graph`` is ``(g,)``), or a :class:`~pyoxigraph.Triple`
    (``graph`` is ``()``), built directly, never converted from one to the other.
    ``nodes`` maps the IRI of every node described so far to its
    :class:`~pyoxigraph.NamedNode`, so a person or keyword met again on the
    page is neither described nor built a second time.
    """

    __slots__ = ("out", "make", "graph", "nodes", "extract", "path", "warnings")

    def __init__(self, graph: NamedNode | None) -> None:
        self.out: list[Quad] | list[Triple] = []
        self.make: type[Quad] | type[Triple] = Triple if graph is None else Quad
        self.graph: tuple[NamedNode, ...] = () if graph is None else (graph,)
        self.nodes: dict[str, NamedNode] = {}
        self.extract = False  # add kg.extract's facts for each article (issue 5)
        self.path = ""  # the page's path, for extraction diagnostics
        self.warnings: list[Diagnostic] = []  # extraction diagnostics (impossible values)

    def add(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> None:
        self.out.append(self.make(s, p, o, *self.graph))

    def meet(self, iri: str) -> tuple[NamedNode, bool]:
        """The node of ``iri``, and whether this is the first time the page meets it."""
        node = self.nodes.get(iri)
        if node is not None:
            return node, False
        node = self.nodes[iri] = NamedNode(iri)
        return node, True


def _source(em: _Emitter, key: str, path: str | None) -> NamedNode:
    node, is_new = em.meet(ids.source_iri(key))
    if is_new:
        em.add(node, _TYPE, _C_ENTITY)
        em.add(node, _TYPE, _C_SOURCE)
        em.add(node, _IDENTIFIER, Literal(key))
        if path:
            em.add(node, _LABEL, Literal(path))
    return node


def _person(em: _Emitter, name: str, scope: str) -> NamedNode:
    node, is_new = em.meet(ids.person_iri(name, evidence=scope))
    if is_new:
        em.add(node, _TYPE, _C_PERSON)
        em.add(node, _NAME, Literal(name))
    return node


def _concept(em: _Emitter, iri: str, label: str, scheme: NamedNode) -> NamedNode:
    node, is_new = em.meet(iri)
    if is_new:
        em.add(node, _TYPE, _C_CONCEPT)
        em.add(node, _PREF_LABEL, _text(ids.normalise(label)))
        em.add(node, _IN_SCHEME, scheme)
    return node


def _journal(em: _Emitter, journal: Journal, scope: str) -> NamedNode | None:
    title, issn = _clean(journal.title), _clean(journal.issn)
    if title is None and ids.canonical_issn(issn) is None:
        return None
    node, is_new = em.meet(ids.journal_iri(issn=issn, title=title))
    if not is_new:
        return node
    em.add(node, _TYPE, _C_JOURNAL)
    for text in (title, _clean(journal.title_en)):
        if text:
            em.add(node, _TITLE, _text(text))
    if issn:
        em.add(node, _ISSN, Literal(ids.canonical_issn(issn) or issn))
    publisher = _clean(journal.publisher)
    if publisher:
        org, is_new = em.meet(ids.organization_iri(publisher))
        em.add(node, _PUBLISHER, org)
        if is_new:
            em.add(org, _TYPE, _C_ORG)
            em.add(org, _NAME, Literal(publisher))
    editor = _clean(journal.editor)
    if editor:
        em.add(node, _EDITOR, _person(em, editor, scope))
    for predicate, value in (
        (_FREQUENCY, journal.frequency),
        (_EMAIL, journal.email),
        (_PHONE, journal.phone),
        (_POSTCODE, journal.postcode),
        (_ADDRESS, journal.address),
        (_STATUS, journal.status),
    ):
        value = _clean(value)
        if value:
            em.add(node, predicate, Literal(value))
    description = _clean(journal.description)
    if description:
        em.add(node, _DESCRIPTION, _text(description))
    for label in journal.indexing:
        label = _clean(label)
        if label:
            em.add(node, _INDEXED_IN, _concept(em, ids.indexing_iri(label), label, _INDEXES))
    return node


def _issue(em: _Emitter, page: Page, scope: str, journal: NamedNode | None) -> NamedNode | None:
    volume, number = _clean(page.volume), _clean(page.number)
    if page.year is None and volume is None and number is None:
        return None
    node, is_new = em.meet(ids.issue_iri(scope, year=page.year, volume=volume, number=number))
    if is_new:
        em.add(node, _TYPE, _C_ISSUE)
        if journal is not None:
            em.add(node, _PART_OF, journal)
        if volume:
            em.add(node, _VOLUME, Literal(volume))
        if number:
            em.add(node, _ISSUE_ID, Literal(number))
        if page.year is not None:
            em.add(node, _YEAR, Literal(f"{page.year:04d}", datatype=_DT_GYEAR))
    return node


def _page_range(article: Article) -> str:
    first = "-".join(str(p) for p in (article.page_start, article.page_end) if p is not None)
    return ",".join(part for part in (first, *article.pages_extra) if part)


def _article(
    em: _Emitter,
    article: Article,
    *,
    scope: str,
    year: Literal | None,
    year_int: int | None,
    parents: Sequence[NamedNode],
    source: NamedNode,
    record: str | None = None,
) -> NamedNode | None:
    iri = ids.article_iri(
        scope, year=year_int, page_start=article.page_start, title=article.title, record=record
    )
    a, is_new = em.meet(iri)
    if not is_new:
        return None  # the same article twice on one page: described once
    # The hot path: each statement is built here and appended, with no Python call in between.
    add, make, g = em.out.append, em.make, em.graph
    add(make(a, _TYPE, _C_ARTICLE, *g))
    add(make(a, _TYPE, _C_SCHOLARLY, *g))
    add(make(a, _TITLE, _text(article.title.strip()), *g))
    add(make(a, _DCTYPE, _TYPE_NODES.get(article.article_type, _OTHER_TYPE), *g))
    for parent in parents:
        add(make(a, _PART_OF, parent, *g))
    if year is not None:
        add(make(a, _YEAR, year, *g))
    if article.page_start is not None:
        add(make(a, _START, _integer(article.page_start), *g))
    if article.page_end is not None:
        add(make(a, _END, _integer(article.page_end), *g))
    if article.pages_extra:
        add(make(a, _RANGE, Literal(_page_range(article)), *g))
    for text, lang in ((article.abstract_zh, "zh"), (article.abstract_en, "en")):
        text = _clean(text)
        if text:
            add(make(a, _ABSTRACT, Literal(text, language=lang), *g))
    keyword_iris: set[str] = set()
    for label in article.keywords:
        label = _clean(label)
        if label:
            k_iri = ids.keyword_iri(label)
            if k_iri not in keyword_iris:
                keyword_iris.add(k_iri)
                add(make(a, _SUBJECT, _concept(em, k_iri, label, _KEYWORDS), *g))
    add(make(a, _TRUNCATED, _TRUE if article.authors_truncated else _FALSE, *g))
    creators: set[NamedNode] = set()
    position = 0
    for name in article.authors:
        name = _clean(name)
        if not name:
            continue
        position += 1
        person = _person(em, name, scope)
        if person not in creators:
            creators.add(person)
            add(make(a, _CREATOR, person, *g))
        role = NamedNode(ids.authorship_iri(iri, position))
        add(make(a, _Q_ATTRIBUTION, role, *g))
        add(make(role, _TYPE, _C_AUTHORSHIP, *g))
        add(make(role, _P_AGENT, person, *g))
        add(make(role, _POSITION, _integer(position), *g))
    add(make(a, _DERIVED, source, *g))
    derivation = NamedNode(ids.derivation_iri(iri, source.value))
    add(make(a, _Q_DERIVATION, derivation, *g))
    add(make(derivation, _TYPE, _C_DERIVATION, *g))
    add(make(derivation, _P_ENTITY, source, *g))
    if article.line is not None and article.line >= 1:
        add(make(derivation, _SOURCE_LINE, _integer(article.line), *g))
    if em.extract:
        _extracted(em, a, article)  # issue 5: concepts, cohort, results (section at the end)
    return a


def _statements(
    page: Page,
    source_key: str,
    graph: NamedNode | None,
    extract: bool = False,
    warnings: list[Diagnostic] | None = None,
) -> list:
    em = _Emitter(graph)
    em.extract = extract
    em.path = page.path
    if warnings is not None:
        em.warnings = warnings
    source = _source(em, source_key, page.path)
    journal = page.journal
    try:
        scope = ids.journal_key(issn=_clean(journal.issn), title=_clean(journal.title))
    except ValueError:
        scope = f"source:{source_key}"  # no journal header: people are scoped to the source
    j = _journal(em, journal, scope)
    issue = _issue(em, page, scope, j)
    parents = tuple(node for node in (j, issue) if node is not None)
    year = None if page.year is None else Literal(f"{page.year:04d}", datatype=_DT_GYEAR)
    for article in page.articles:
        own = article.journal, article.year, article.volume, article.number
        if own == (None, None, None, None):  # a TOC article: the page's journal and issue
            _article(
                em,
                article,
                scope=scope,
                year=year,
                year_int=page.year,
                parents=parents,
                source=source,
            )
        else:
            _record(em, article, page, scope=scope, year=year, parents=parents, source=source)
    return em.out


def _record(
    em: _Emitter,
    article: Article,
    page: Page,
    *,
    scope: str,
    year: Literal | None,
    parents: Sequence[NamedNode],
    source: NamedNode,
) -> None:
    """An article of a bibliographic export, in its own journal and issue (exports mix journals).

    The article IRI is minted as for a TOC page, from the record's journal
    key, year, first page and title, qualified by the source: each source's
    record of an article is its own node, sharing its identifiers (DOI,
    PMID, CNKI id) and natural key with the others for merging to find.  A
    journal keyed by ISSN gets no title from a record (sources spell it
    differently: ``Radiology``, ``RADIOLOGY``); the record's spelling goes
    to the article's ``prism:publicationName``.
    """
    year_int = article.year if article.year is not None else page.year
    if article.year is not None:
        year = Literal(f"{article.year:04d}", datatype=_DT_GYEAR)
    journal = article.journal
    if journal is not None:
        issn, title = ids.canonical_issn(journal.issn), _clean(journal.title)
        try:
            scope = ids.journal_key(issn=issn, title=title)
        except ValueError:
            journal = None
    if journal is not None:
        node, is_new = em.meet(ids.journal_iri(issn=issn, title=title))
        if is_new:
            em.add(node, _TYPE, _C_JOURNAL)
            if issn:
                em.add(node, _ISSN, Literal(issn))
            elif title:
                em.add(node, _TITLE, _text(title))
            eissn = ids.canonical_issn(journal.eissn)
            if eissn and eissn != issn:
                em.add(node, _EISSN, Literal(eissn))
        number = _clean(article.number)
        if number and number.isdigit():
            number = str(int(number))  # CNKI writes issue 3 as "03"
        own_issue = Page(page.path, year=year_int, volume=_clean(article.volume), number=number)
        issue = _issue(em, own_issue, scope, node)
        parents = (node,) if issue is None else (node, issue)
    a = _article(
        em,
        article,
        scope=scope,
        year=year,
        year_int=year_int,
        parents=parents,
        source=source,
        record=source.value,
    )
    if a is not None:
        _record_details(em, a, article, scope, None if journal is None else _clean(journal.title))


def _record_details(
    em: _Emitter, a: NamedNode, article: Article, scope: str, journal_title: str | None
) -> None:
    """Identifiers, alternative title, language, link and per-author details of an export record."""
    add = em.add
    if journal_title:
        add(a, _PUB_NAME, Literal(journal_title))
    title_en = _clean(article.title_en)
    if title_en:
        add(a, _ALTERNATIVE, _text(title_en))
    if article.page_label and article.page_start is None:
        add(a, _RANGE, Literal(article.page_label))
    for predicate, value in (
        (_DOI, article.doi),
        (_PMID, article.pmid),
        (_PMCID, article.pmcid),
        (_CNKI_ID, article.cnki_id),
        (_WOS_ID, article.wos_id),
    ):
        value = _clean(value)
        if value:
            add(a, predicate, Literal(value))
    if article.language:
        add(a, _LANGUAGE, Literal(article.language, datatype=_DT_LANGUAGE))
    if article.url:
        add(a, _URL, Literal(article.url, datatype=_DT_ANYURI))
    if len(article.author_details) != len(article.authors):
        return
    position = 0
    for name, detail in zip(article.authors, article.author_details, strict=True):
        name = _clean(name)
        if not name:
            continue
        position += 1
        person = NamedNode(ids.person_iri(name, evidence=scope))
        for other in (detail.name_en, detail.short):
            other = _clean(other)
            if other and other != name:
                add(person, _NAME, Literal(other))  # a further form of the name (identity evidence)
        if detail.affiliations:
            role = NamedNode(ids.authorship_iri(a.value, position))
            for place in detail.affiliations:
                place = _clean(place)
                if place:
                    org, is_new = em.meet(ids.organization_iri(place))
                    if is_new:
                        add(org, _TYPE, _C_ORG)
                        add(org, _TYPE, _C_INSTITUTION)
                        add(org, _NAME, Literal(place))
                    add(role, _AFFILIATION, org)


def page_triples(page: Page, *, source_key: str, extract: bool = False) -> list[Triple]:
    """All triples of one page, for the named graph of its source.

    Parameters
    ----------
    page : Page
        What a reader read from one source file.
    source_key : str
        The key the pipeline identifies the source by (:func:`kg.ids.source_iri`).
    extract : bool
        Also map what :func:`kg.extract.extract` finds in each article (lexicon
        concepts, mentions, institutions, cohort, results); ``radkg build`` does.

    Returns
    -------
    list of pyoxigraph.Triple
        In a stable order: source, journal, issue, then each article.

    Examples
    --------
    >>> from kg.records import Article, Page
    >>> ts = page_triples(Page("x.txt", articles=(Article("Title"),)), source_key="x.txt")
    >>> sorted({t.predicate.value.rsplit("/", 1)[-1] for t in ts})[1:3]
    ['identifier', 'ontology#authorListTruncated']
    """
    return _statements(page, source_key, None, extract)


def page_quads(
    page: Page,
    *,
    source_key: str,
    graph: NamedNode | None = None,
    extract: bool = False,
    warnings: list[Diagnostic] | None = None,
) -> list[Quad]:
    """Like :func:`page_triples`, but as quads in ``graph`` (default: the source's IRI).

    With ``extract``, each article's extracted facts are added too, and the
    extraction's diagnostics (impossible results, which are never written as
    facts) are appended to ``warnings`` when it is given.

    >>> from kg.records import Article, Page
    >>> q = page_quads(Page("x.txt", articles=(Article("Title"),)), source_key="x.txt")[0]
    >>> q.graph_name.value == q.subject.value
    True
    """
    g = graph if graph is not None else NamedNode(ids.source_iri(source_key))
    return _statements(page, source_key, g, extract, warnings)


def source_triples(source_key: str, *, path: str | None = None) -> list[Triple]:
    """The PROV-O description of a source document (``prov:Entity``, key and path).

    :func:`page_triples` includes these; readers of other formats use them alone.

    >>> [t.object.value for t in source_triples("a.ris", path="data/a.ris")][2:]
    ['a.ris', 'data/a.ris']
    """
    em = _Emitter(None)
    _source(em, source_key, path)
    return em.out


# ---------------------------------------------------------------------------
# Extraction → RDF (issue 5).  What kg.extract finds in an article becomes:
#
#   a  radkg:usesMethod <c> ; radkg:usesModality <c> ; radkg:studiesDisease <c> ;
#      radkg:studiesAnatomy <c> ; radkg:studiesProcedure <c> ; radkg:hasStudyDesign <c> ;
#      radkg:hasMention <m> ; radkg:studySite <org> ; radkg:hasCohort <cohort> ;
#      radkg:developsModel <model> ; radkg:reportsResult <r> .
#   <c> a skos:Concept, <radkg class> ; skos:prefLabel "…"@en, "…"@zh ; skos:notation "id" ;
#       skos:inScheme radkg:LexiconScheme ; skos:broader <parent> ; skos:exactMatch mesh:D… .
#   <m> a radkg:Mention ; radkg:mentionOf <c> ; radkg:spans "abstract_en:120-123 title:2-8" .
#   <org> a radkg:Institution, foaf:Organization ; foaf:name "…"@zh, "…"@en .
#   <cohort> a radkg:Cohort ; radkg:sampleSize 265 ; radkg:lesionCount 50 ;
#       radkg:periodStart "2015-01"^^xsd:gYearMonth ; radkg:periodEnd … ; radkg:hasSplit <split> .
#   <split> a radkg:TrainingSet|ValidationSet|TestSet|ExternalTestSet ; rdfs:label "test" ;
#       radkg:sampleSize 53 .
#   <model> a radkg:PredictionModel ; rdfs:label "联合组学模型"@zh, "… model"@en ;
#       radkg:usesMethod <c> (when the label is a lexicon model, e.g. ResNet50) .
#   <r> a radkg:PerformanceResult ; radkg:metric radkg:AUC ; radkg:value "0.730"^^xsd:decimal ;
#       radkg:ciLower … ; radkg:ciUpper … ; radkg:ciLevel 0.95 ; radkg:model <model> ;
#       radkg:split <split> ; radkg:pValue … ; radkg:pValueComparator "<" ; radkg:zStatistic … ;
#       radkg:chiSquareStatistic … ; radkg:reportedText "0.730(95%CI 0.569~0.891)" .
# Concepts are typed with the nearest ontology class up their skos:broader chain, so the
# reasoner infers ResNet50 → ConvolutionalNeuralNetwork → DeepLearningMethod.
# ---------------------------------------------------------------------------

_C_MENTION = _n(RADKG.Mention)
_C_INSTITUTION = _n(RADKG.Institution)
_C_COHORT = _n(RADKG.Cohort)
_C_MODEL = _n(RADKG.PredictionModel)
_C_RESULT = _n(RADKG.PerformanceResult)
_C_SPLIT = _n(RADKG.DataSplit)
_LEXICON = _n(RADKG.LexiconScheme)
_NOTATION = _n(SKOS.notation)
_BROADER = _n(SKOS.broader)
_EXACT = _n(SKOS.exactMatch)
_HAS_MENTION = _n(RADKG.hasMention)
_MENTION_OF = _n(RADKG.mentionOf)
_SPANS = _n(RADKG.spans)
_STUDY_SITE = _n(RADKG.studySite)
_HAS_COHORT = _n(RADKG.hasCohort)
_HAS_SPLIT = _n(RADKG.hasSplit)
_SAMPLE_SIZE = _n(RADKG.sampleSize)
_LESIONS = _n(RADKG.lesionCount)
_PERIOD_START = _n(RADKG.periodStart)
_PERIOD_END = _n(RADKG.periodEnd)
_DEVELOPS = _n(RADKG.developsModel)
_USES_METHOD = _n(RADKG.usesMethod)
_REPORTS = _n(RADKG.reportsResult)
_METRIC_P = _n(RADKG.metric)
_VALUE_P = _n(RADKG.value)
_CI_LOW = _n(RADKG.ciLower)
_CI_HIGH = _n(RADKG.ciUpper)
_CI_LEVEL = _n(RADKG.ciLevel)
_MODEL_P = _n(RADKG.model)
_SPLIT_P = _n(RADKG.split)
_P_VALUE = _n(RADKG.pValue)
_P_COMPARATOR = _n(RADKG.pValueComparator)
_Z = _n(RADKG.zStatistic)
_CHI2 = _n(RADKG.chiSquareStatistic)
_REPORTED = _n(RADKG.reportedText)
_DT_DECIMAL = _n(XSD.decimal)
_DT_GYEARMONTH = _n(XSD.gYearMonth)
_MESH_BASE = str(MESH)

#: Lexicon concept type → the article property that links it.
LINK_PROPERTIES: dict[str, str] = {
    "method": str(RADKG.usesMethod),
    "statistical-method": str(RADKG.usesMethod),
    "ml-model": str(RADKG.usesMethod),
    "modality": str(RADKG.usesModality),
    "sequence": str(RADKG.usesModality),
    "disease": str(RADKG.studiesDisease),
    "anatomy": str(RADKG.studiesAnatomy),
    "procedure": str(RADKG.studiesProcedure),
    "study-design": str(RADKG.hasStudyDesign),
}
_LINK_NODES = {k: NamedNode(v) for k, v in LINK_PROPERTIES.items()}

#: Lexicon concept type → its base ontology class.
_TYPE_CLASSES = {
    "method": RADKG.Method,
    "statistical-method": RADKG.StatisticalMethod,
    "ml-model": RADKG.MachineLearningMethod,
    "modality": RADKG.ImagingModality,
    "sequence": RADKG.ImagingSequence,
    "disease": RADKG.Disease,
    "anatomy": RADKG.AnatomicalSite,
    "procedure": RADKG.Procedure,
    "study-design": RADKG.StudyDesign,
}

#: Lexicon concept id → the ontology class it (and its narrower concepts) instantiate.
CONCEPT_CLASSES: dict[str, str] = {
    "machine-learning": str(RADKG.MachineLearningMethod),
    "deep-learning": str(RADKG.DeepLearningMethod),
    "classical-ml": str(RADKG.MachineLearningModel),
    "cnn": str(RADKG.ConvolutionalNeuralNetwork),
    "resnet": str(RADKG.ResNet),
    "resnet18": str(RADKG.ResNet18),
    "resnet50": str(RADKG.ResNet50),
    "resnet101": str(RADKG.ResNet101),
    "densenet": str(RADKG.DenseNet),
    "vgg": str(RADKG.VGGNet),
    "unet": str(RADKG.UNet),
    "transformer": str(RADKG.Transformer),
    "svm": str(RADKG.SupportVectorMachine),
    "random-forest": str(RADKG.RandomForest),
    "gradient-boosting": str(RADKG.GradientBoosting),
    "radiomics": str(RADKG.RadiomicsMethod),
    "pathomics": str(RADKG.RadiomicsMethod),
    "regression": str(RADKG.RegressionAnalysis),
    "logistic-regression": str(RADKG.LogisticRegression),
    "cox-regression": str(RADKG.CoxRegression),
    "nomogram": str(RADKG.Nomogram),
    "roc-analysis": str(RADKG.ROCAnalysis),
    "hypothesis-test": str(RADKG.HypothesisTest),
    "ct": str(RADKG.ComputedTomography),
    "mri": str(RADKG.MagneticResonanceImaging),
    "radiography": str(RADKG.Radiography),
    "mammography": str(RADKG.Mammography),
    "us": str(RADKG.Ultrasonography),
    "pet": str(RADKG.PositronEmissionTomography),
    "neoplasm": str(RADKG.Neoplasm),
}

#: Metric names of :data:`kg.extract.METRICS` → their concept in ``radkg:MetricScheme``.
METRIC_CONCEPTS: dict[str, str] = {
    "auc": str(RADKG.AUC),
    "time-dependent auc": str(RADKG.TimeDependentAUC),
    "c-index": str(RADKG.CIndex),
    "sensitivity": str(RADKG.Sensitivity),
    "specificity": str(RADKG.Specificity),
    "accuracy": str(RADKG.Accuracy),
    "ppv": str(RADKG.PositivePredictiveValue),
    "npv": str(RADKG.NegativePredictiveValue),
    "f1": str(RADKG.F1Score),
    "dice": str(RADKG.DiceCoefficient),
    "icc": str(RADKG.IntraclassCorrelation),
    "kappa": str(RADKG.Kappa),
    "hr": str(RADKG.HazardRatio),
    "or": str(RADKG.OddsRatio),
}
_METRIC_NODES = {k: NamedNode(v) for k, v in METRIC_CONCEPTS.items()}

_SPLIT_CLASSES = {
    "training": RADKG.TrainingSet,
    "validation": RADKG.ValidationSet,
    "internal validation": RADKG.ValidationSet,
    "external validation": RADKG.ValidationSet,
    "test": RADKG.TestSet,
    "internal test": RADKG.TestSet,
    "external test": RADKG.ExternalTestSet,
}


@lru_cache(maxsize=1)
def _concept_classes() -> dict[str, tuple[NamedNode, ...]]:
    """Lexicon id → the classes of its concept node (nearest mapped class, base class)."""
    from kg.extract import load_lexicon

    lex = load_lexicon()
    out = {}
    for cid, c in lex.concepts.items():
        classes = [_n(_TYPE_CLASSES[c.type])]
        for node in (c, *lex.ancestors(cid)):
            if node.id in CONCEPT_CLASSES:  # the nearest mapped concept up the broader chain
                mapped = NamedNode(CONCEPT_CLASSES[node.id])
                if mapped not in classes:
                    classes.insert(0, mapped)
                break
        out[cid] = tuple(classes)
    return out


def _lexicon_concept(em: _Emitter, cid: str) -> NamedNode:
    from kg.extract import load_lexicon

    node, is_new = em.meet(ids.lexicon_concept_iri(cid))
    if not is_new:
        return node
    c = load_lexicon().concepts[cid]
    em.add(node, _TYPE, _C_CONCEPT)
    for cls in _concept_classes()[cid]:
        em.add(node, _TYPE, cls)
    em.add(node, _PREF_LABEL, Literal(c.label_en, language="en"))
    em.add(node, _PREF_LABEL, Literal(c.label_zh, language="zh"))
    em.add(node, _NOTATION, Literal(cid))
    em.add(node, _IN_SCHEME, _LEXICON)
    if c.mesh:
        em.add(node, _EXACT, NamedNode(_MESH_BASE + c.mesh))
    if c.broader:
        em.add(node, _BROADER, _lexicon_concept(em, c.broader))
    return node


def _decimal(text: str) -> Literal:
    """An ``xsd:decimal`` in canonical form (``"0.730"`` → ``"0.73"``), as Oxigraph stores it.

    Every store then holds the same form; the source's digits stay in ``radkg:reportedText``.
    """
    canonical = format(Decimal(text).normalize(), "f")
    return Literal(canonical if "." in canonical else canonical + ".0", datatype=_DT_DECIMAL)


def _period(text: str) -> Literal:
    return Literal(text, datatype=_DT_GYEARMONTH if "-" in text else _DT_GYEAR)


def _extracted(em: _Emitter, a: NamedNode, article: Article) -> None:
    """The facts :func:`kg.extract.extract` finds in ``article``, on article node ``a``."""
    from kg.extract import extract

    x = extract(article, path=em.path)
    em.warnings.extend(x.diagnostics)
    if not (x.links or x.institutions or x.findings or x.study.splits or x.study.patients):
        return
    add = em.add
    iri = a.value
    for link in x.links:
        c = _lexicon_concept(em, link.id)
        add(a, _LINK_NODES[link.type], c)
        m = NamedNode(ids.mention_iri(iri, link.id))
        add(a, _HAS_MENTION, m)
        add(m, _TYPE, _C_MENTION)
        add(m, _MENTION_OF, c)
        add(m, _SPANS, Literal(" ".join(f"{s.field}:{s.start}-{s.end}" for s in link.mentions)))
    for inst in x.institutions:
        org, is_new = em.meet(ids.organization_iri(inst.name_zh or inst.name_en or ""))
        add(a, _STUDY_SITE, org)
        if is_new:
            add(org, _TYPE, _C_ORG)
            add(org, _TYPE, _C_INSTITUTION)
            for name in (inst.name_zh, inst.name_en):
                if name:
                    add(org, _NAME, Literal(name))
    study = x.study
    splits: dict[str, NamedNode] = {}
    roles = [s.role for s in study.splits]
    roles += [f.split for f in x.findings if f.split and f.split in _SPLIT_CLASSES]
    if study.patients is not None or study.lesions is not None or study.period_start or roles:
        cohort = NamedNode(ids.cohort_iri(iri))
        add(a, _HAS_COHORT, cohort)
        add(cohort, _TYPE, _C_COHORT)
        if study.patients is not None:
            add(cohort, _SAMPLE_SIZE, _integer(study.patients))
        if study.lesions is not None:
            add(cohort, _LESIONS, _integer(study.lesions))
        if study.period_start:
            add(cohort, _PERIOD_START, _period(study.period_start))
        if study.period_end:
            add(cohort, _PERIOD_END, _period(study.period_end))
        sizes = {s.role: s.size for s in study.splits}
        for role in dict.fromkeys(roles):
            node = splits[role] = NamedNode(ids.split_iri(iri, role))
            add(cohort, _HAS_SPLIT, node)
            add(node, _TYPE, _C_SPLIT)  # the shapes check classes without subclass axioms
            add(node, _TYPE, _n(_SPLIT_CLASSES.get(role, RADKG.DataSplit)))
            add(node, _LABEL, Literal(role))
            if sizes.get(role) is not None:
                add(node, _SAMPLE_SIZE, _integer(sizes[role]))
    models: dict[str, NamedNode] = {}
    for f in x.findings:
        r_iri = ids.result_iri(iri, metric=f.metric, value=f.value, model=f.model, split=f.split)
        r = NamedNode(r_iri)
        add(a, _REPORTS, r)
        add(r, _TYPE, _C_RESULT)
        add(r, _METRIC_P, _METRIC_NODES[f.metric])
        add(r, _VALUE_P, _decimal(f.value))
        if f.ci_low is not None and f.ci_high is not None:
            add(r, _CI_LOW, _decimal(f.ci_low))
            add(r, _CI_HIGH, _decimal(f.ci_high))
            add(r, _CI_LEVEL, _decimal(f.ci_level or "0.95"))
        add(r, _REPORTED, Literal(f.reported))
        if f.split in splits:
            add(r, _SPLIT_P, splits[f.split])
        if f.p is not None:
            add(r, _P_VALUE, _decimal(f.p))
            add(r, _P_COMPARATOR, Literal(f.p_comparator or "="))
        if f.z is not None:
            add(r, _Z, _decimal(f.z))
        if f.chi2 is not None:
            add(r, _CHI2, _decimal(f.chi2))
        if f.model:
            model = models.get(f.model)
            if model is None:
                model = models[f.model] = NamedNode(ids.model_iri(iri, f.model))
                add(a, _DEVELOPS, model)
                add(model, _TYPE, _C_MODEL)
                labels = dict.fromkeys(f.model_labels or (f.model,))
                for label in labels:
                    add(model, _LABEL, _text(label))
                for link in x.links:
                    if link.type == "ml-model" and any(s.text in labels for s in link.mentions):
                        add(model, _USES_METHOD, _lexicon_concept(em, link.id))
            add(r, _MODEL_P, model)


# ---------------------------------------------------------------------------
# Identity (issue 8): what kg.merge.identify decided, in the identity graph.
#
#   <survivor> radkg:mergedRecord "<merged IRI>"^^xsd:anyURI .
#   <c> a radkg:IdentityCandidate ; radkg:candidate <p1>, <p2> ;
#       radkg:identityScore 0.5 ; radkg:identityEvidence "name-full", "institution" .
# ---------------------------------------------------------------------------

_C_CANDIDATE = _n(RADKG.IdentityCandidate)
_CANDIDATE = _n(RADKG.candidate)
_SCORE = _n(RADKG.identityScore)
_EVIDENCE = _n(RADKG.identityEvidence)
_MERGED = _n(RADKG.mergedRecord)


def identity_quads(
    merged: dict[str, str],
    candidates: Sequence[tuple[str, str, float, tuple[str, ...]]],
    *,
    graph: NamedNode,
) -> list[Quad]:
    """The identity graph: each merged record on the node it became, and each open candidate pair.

    Parameters
    ----------
    merged : dict
        Merged IRI → the IRI that stayed (articles and people).
    candidates : sequence of (IRI, IRI, score, reasons)
        Same-name pairs kept apart (:attr:`kg.identity.IdentityReport.candidates`).
    graph : pyoxigraph.NamedNode
        The identity graph (:func:`kg.ids.identity_graph_iri`).

    Examples
    --------
    >>> g = NamedNode(ids.identity_graph_iri())
    >>> qs = identity_quads({}, [("urn:a", "urn:b", 0.5, ("name-full",))], graph=g)
    >>> [q.object.value for q in qs][1:]
    ['urn:a', 'urn:b', '0.5', 'name-full']
    """
    out: list[Quad] = []
    for old, new in sorted(merged.items()):
        out.append(Quad(NamedNode(new), _MERGED, Literal(old, datatype=_DT_ANYURI), graph))
    for a, b, score, reasons in sorted(candidates):
        node = NamedNode(ids.candidate_iri(a, b))
        out.append(Quad(node, _TYPE, _C_CANDIDATE, graph))
        out.append(Quad(node, _CANDIDATE, NamedNode(a), graph))
        out.append(Quad(node, _CANDIDATE, NamedNode(b), graph))
        out.append(Quad(node, _SCORE, _decimal(str(score)), graph))
        for reason in reasons:
            out.append(Quad(node, _EVIDENCE, Literal(reason), graph))
    return out
