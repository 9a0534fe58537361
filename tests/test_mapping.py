"""Records → triples: the seed page, hostile and edge records, stable IRIs and typed literals."""

from __future__ import annotations

import dataclasses

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, SKOS, XSD

from kg import ids
from kg.data import seed_pages
from kg.mapping import ARTICLE_TYPE_CONCEPTS, language_of, page_quads, page_triples, source_triples
from kg.namespaces import FABIO, FRBR, INSTANCE_BASE, PRISM, RADKG
from kg.readers import read_toc
from kg.records import ARTICLE_TYPES, Article, Journal, Page

#: The seed's journal header, written by hand (independent of the reader).
CJR = Journal(
    "中华放射学杂志",
    "Chinese Journal of Radiology",
    "1005-1201",
    publisher="中华医学会杂志社",
    editor="郭启勇",
    frequency="月刊",
    indexing=("CSCD", "北大核心", "CSTPCD"),
    description="1953年9月创刊,中华医学会主办。",
)

#: The seed's first two articles, written by hand (independent of the reader).
HAND_ARTICLES = (
    Article(
        title="基于扩散峰度成像多参数回归模型预测雌激素受体阳性、人表皮生长因子受体2阴性乳腺癌的复发风险",
        authors=("周卫平", "昝星有", "刘晓", "杨树东"),
        authors_truncated=True,
        page_start=201,
        page_end=208,
        abstract_zh="目的 探讨基于扩散峰度成像(DKI)参数的回归模型预测复发风险。",
        abstract_en="Objective To explore the predictive value of a regression model.",
        keywords=("乳腺肿瘤", "扩散峰度成像", "磁共振成像", "21基因"),
        line=28,
    ),
    Article(
        title="术前CT图像影像组学联合深度学习预测肝细胞癌经动脉化疗栓塞术后疗效的价值",
        authors=("王丹丹", "王海波", "孙中琪", "姜慧杰"),
        authors_truncated=True,
        page_start=209,
        page_end=215,
        keywords=("癌,肝细胞", "体层摄影术,X线计算机", "化学栓塞,治疗性", "影像组学", "深度学习"),
        line=36,
    ),
)


def hand_page(*articles: Article, journal: Journal = CJR, **kw: object) -> Page:
    return Page("tests/hand.txt", journal, articles=articles or HAND_ARTICLES, **kw)


def seed_page() -> Page:
    """The bundled seed page as the TOC reader reads it."""
    return read_toc(seed_pages()[0])


def to_graph(triples: list[ox.Triple]) -> Graph:
    """The triples as an rdflib graph (through N-Triples, as the store's loaders do)."""
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return Graph().parse(data=data.decode("utf-8"), format="nt")


def synthetic_pages(n_articles: int, *, per_page: int = 500) -> list[Page]:
    """Pages of the seed's articles replicated with varied titles and page ranges."""
    seed = seed_page()
    pages, done = [], 0
    while done < n_articles:
        articles, first = [], 1
        for i in range(min(per_page, n_articles - done)):
            base = seed.articles[(done + i) % len(seed.articles)]
            articles.append(
                dataclasses.replace(
                    base, title=f"{base.title}（{done + i}）", page_start=first, page_end=first + 5
                )
            )
            first += 6
        pages.append(
            dataclasses.replace(seed, path=f"synthetic-{done}.txt", articles=tuple(articles))
        )
        done += per_page
    return pages


def _articles(g: Graph) -> list[URIRef]:
    return sorted(g.subjects(RDF.type, FABIO.JournalArticle))


# --------------------------------------------------------------------------- the seed


def test_hand_page_maps_bibliographic_core() -> None:
    g = to_graph(page_triples(hand_page(), source_key="hand"))
    journal = URIRef(ids.journal_iri(issn="1005-1201"))
    assert (journal, RDF.type, FABIO.Journal) in g
    assert (journal, PRISM.issn, Literal("1005-1201")) in g
    assert (journal, DCTERMS.title, Literal("Chinese Journal of Radiology", lang="en")) in g
    assert (journal, RADKG.publicationFrequency, Literal("月刊")) in g
    assert len(list(g.objects(journal, RADKG.indexedIn))) == 3
    assert len(_articles(g)) == 2
    for article in _articles(g):
        assert (article, FRBR.partOf, journal) in g
        assert (article, DCTERMS.type, RADKG.ResearchArticle) in g
        assert (article, RADKG.authorListTruncated, Literal(True)) in g
        assert len(list(g.objects(article, DCTERMS.title))) == 1


def test_pages_are_xsd_integers_and_titles_language_tagged() -> None:
    g = to_graph(page_triples(hand_page(), source_key="hand"))
    for _, _, o in g.triples((None, PRISM.startingPage, None)):
        assert o.datatype == XSD.integer
    for _, _, o in g.triples((None, DCTERMS.title, None)):
        assert o.language in {"zh", "en"}
    abstracts = {o.language for o in g.objects(None, DCTERMS.abstract)}
    assert abstracts == {"zh", "en"}


def test_author_order_is_queryable_in_sparql() -> None:
    g = to_graph(page_triples(hand_page(), source_key="hand"))
    rows = g.query(
        """SELECT ?name ?pos WHERE {
             ?a prism:startingPage 201 ; prov:qualifiedAttribution ?role .
             ?role prov:agent ?p ; radkg:authorPosition ?pos . ?p foaf:name ?name }
           ORDER BY ?pos""",
        initNs={"prism": PRISM._NS, "prov": PROV, "radkg": RADKG._NS, "foaf": FOAF},
    )
    assert [(str(n), int(p)) for n, p in rows] == [
        ("周卫平", 1),
        ("昝星有", 2),
        ("刘晓", 3),
        ("杨树东", 4),
    ]


def test_keywords_are_concepts_in_the_keyword_scheme() -> None:
    g = to_graph(page_triples(hand_page(), source_key="hand"))
    hcc = URIRef(ids.keyword_iri("癌,肝细胞"))
    assert (hcc, RDF.type, SKOS.Concept) in g
    assert (hcc, SKOS.prefLabel, Literal("癌,肝细胞", lang="zh")) in g
    assert (hcc, SKOS.inScheme, RADKG.KeywordScheme) in g
    assert (None, DCTERMS.subject, hcc) in g


def test_provenance_derivation_with_source_line() -> None:
    g = to_graph(page_triples(hand_page(), source_key="hand"))
    source = URIRef(ids.source_iri("hand"))
    assert (source, RDF.type, PROV.Entity) in g
    for article in _articles(g):
        assert (article, PROV.wasDerivedFrom, source) in g
        (derivation,) = g.objects(article, PROV.qualifiedDerivation)
        assert (derivation, PROV.entity, source) in g
        (line,) = g.objects(derivation, RADKG.sourceLine)
        assert line.datatype == XSD.integer and int(line) in {28, 36}


def test_seed_page_from_reader_maps_every_article() -> None:
    page = seed_page()
    triples = page_triples(page, source_key="seeds/cjr-2024-03.txt")
    g = to_graph(triples)
    assert len(_articles(g)) == len(page.articles) == 9
    types = {o for o in g.objects(None, DCTERMS.type)}
    assert {RADKG.ResearchArticle, RADKG.CaseReport, RADKG.Review} <= types
    assert len(triples) == len(set(triples)), "no duplicate triples"


def test_triples_load_into_pyoxigraph_store() -> None:
    page = seed_page()
    store = ox.Store()
    graph = ox.NamedNode(ids.source_iri("seed"))
    store.extend(page_quads(page, source_key="seed", graph=graph))
    assert len(store) == len(page_triples(page, source_key="seed"))
    assert [g.value for g in store.named_graphs()] == [graph.value]
    (count,) = store.query(
        "SELECT (COUNT(*) AS ?n) "
        "WHERE { GRAPH ?g { ?a a <http://purl.org/spar/fabio/JournalArticle> } }"
    )
    assert int(count["n"].value) == 9


def test_default_quad_graph_is_the_source() -> None:
    quad = page_quads(hand_page(), source_key="hand")[0]
    assert quad.graph_name == ox.NamedNode(ids.source_iri("hand"))


# --------------------------------------------------------------------------- determinism


def test_same_records_give_same_triples_in_same_order() -> None:
    page = seed_page()
    a = page_triples(page, source_key="seed")
    b = page_triples(seed_page(), source_key="seed")
    assert [str(t) for t in a] == [str(t) for t in b]


def test_iris_are_pinned_across_runs() -> None:
    """IRIs are part of the public data: a change here breaks everyone's links."""
    assert ids.journal_iri(issn="1005-1201") == INSTANCE_BASE + "journal/issn-1005-1201"
    assert ids.article_iri("issn-1005-1201", year=2024, page_start=201, title="A title") == (
        INSTANCE_BASE + "article/issn-1005-1201-2024-p201-64161e9b1beb"
    )
    assert (
        ids.person_iri("王伟", evidence="issn-1005-1201") == INSTANCE_BASE + "person/_93b4b00f5ea8"
    )


def test_iris_are_iri_safe() -> None:
    for t in page_triples(seed_page(), source_key="种子/页面 1.txt"):
        for term in (t.subject, t.object):
            if isinstance(term, ox.NamedNode):
                assert term.value.isascii() and " " not in term.value, term.value


# ------------------------------------------------------------------ hostile and edge records


def test_script_title_is_just_text() -> None:
    title = '<script>alert("x")</script> 肺结节'
    g = to_graph(page_triples(hand_page(Article(title, page_start=1, page_end=1)), source_key="h"))
    (article,) = _articles(g)
    assert (article, DCTERMS.title, Literal(title, lang="zh")) in g


def test_article_without_pages_or_authors() -> None:
    g = to_graph(page_triples(hand_page(Article("Editorial note")), source_key="h"))
    (article,) = _articles(g)
    assert (article, PRISM.startingPage, None) not in g
    assert (article, PROV.qualifiedAttribution, None) not in g
    assert (article, RADKG.authorListTruncated, Literal(False)) in g
    assert (article, DCTERMS.title, Literal("Editorial note", lang="en")) in g


def test_truncated_author_list_is_data() -> None:
    article = Article("题目", authors=("王伟", "李明"), authors_truncated=True, page_start=5)
    g = to_graph(page_triples(hand_page(article), source_key="h"))
    (a,) = _articles(g)
    assert (a, RADKG.authorListTruncated, Literal(True)) in g
    assert len(list(g.objects(a, PROV.qualifiedAttribution))) == 2


def test_single_page_article_and_extra_ranges() -> None:
    one = Article("单页文章", page_start=87, page_end=87)
    split = Article("分页文章", page_start=65, page_end=68, pages_extra=("87",))
    g = to_graph(page_triples(hand_page(one, split), source_key="h"))
    assert len(list(g.subjects(PRISM.startingPage, Literal(87)))) == 1
    assert (None, PRISM.pageRange, Literal("65-68,87")) in g


def test_two_wang_wei_in_two_journals_are_two_people() -> None:
    other = Journal(title="放射学实践", issn="1000-0313")
    art = Article("题目", authors=("王伟",), page_start=1)
    p1 = {
        t.object
        for t in page_triples(hand_page(art), source_key="a")
        if t.predicate.value == str(PROV.agent)
    }
    p2 = {
        t.object
        for t in page_triples(hand_page(art, journal=other), source_key="b")
        if t.predicate.value == str(PROV.agent)
    }
    assert len(p1) == len(p2) == 1 and p1 != p2


def test_same_name_same_journal_is_one_person() -> None:
    a1 = Article("第一篇", authors=("王伟", "李明"), page_start=1)
    a2 = Article("第二篇", authors=("王 伟",), page_start=9)
    g = to_graph(page_triples(hand_page(a1, a2), source_key="h"))
    editor = URIRef(ids.person_iri("郭启勇", evidence="issn-1005-1201"))
    people = set(g.subjects(RDF.type, FOAF.Person)) - {editor}
    assert len(people) == 2  # 王伟 (twice) and 李明


def test_unknown_article_type_becomes_other() -> None:
    g = to_graph(page_triples(hand_page(Article("x", article_type="letter")), source_key="h"))
    assert (None, DCTERMS.type, RADKG.OtherArticleType) in g


def test_every_article_type_has_a_concept() -> None:
    assert set(ARTICLE_TYPE_CONCEPTS) == set(ARTICLE_TYPES)


def test_page_without_journal_header_still_maps() -> None:
    page = Page("bare.txt", Journal(), articles=(Article("题目", authors=("王伟",)),))
    g = to_graph(page_triples(page, source_key="bare"))
    assert len(_articles(g)) == 1
    assert (None, RDF.type, FABIO.Journal) not in g


def test_issue_is_minted_when_the_page_states_it() -> None:
    g = to_graph(page_triples(hand_page(year=2024, volume="58", number="3"), source_key="h"))
    issue = URIRef(ids.issue_iri("issn-1005-1201", year=2024, volume="58", number="3"))
    assert (issue, RDF.type, FABIO.JournalIssue) in g
    assert (issue, PRISM.volume, Literal("58")) in g
    assert (issue, FABIO.hasPublicationYear, Literal("2024", datatype=XSD.gYear)) in g
    for article in _articles(g):
        assert (article, FRBR.partOf, issue) in g


def test_duplicate_article_on_one_page_is_described_once() -> None:
    art = Article("重复", authors=("王伟",), page_start=3)
    triples = page_triples(hand_page(art, art), source_key="h")
    assert len(triples) == len(set(triples))


def test_language_detection() -> None:
    assert language_of("MRI表现") == "zh"
    assert language_of("CT of the liver") == "en"


def test_source_triples_alone() -> None:
    g = to_graph(source_triples("x.ris", path="data/x.ris"))
    assert (URIRef(ids.source_iri("x.ris")), RDF.type, PROV.Entity) in g


# --------------------------------------------------------------------------- speed


@pytest.mark.slow
def test_page_triples_and_page_quads_state_the_same_in_the_same_order() -> None:
    page = seed_page()
    graph = ox.NamedNode("https://example.org/g")
    quads = page_quads(page, source_key="s", graph=graph)
    triples = page_triples(page, source_key="s")
    assert [q.triple for q in quads] == triples
    assert {q.graph_name for q in quads} == {graph}
