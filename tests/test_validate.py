"""SHACL validation of built graphs: mapped pages conform, broken graphs do not."""

from __future__ import annotations

import time

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, URIRef

from kg.errors import UsageError
from kg.mapping import page_quads, page_triples
from kg.namespaces import PREFIXES
from kg.validate import ValidationReport, ontology_graph, shapes_graph, validate
from tests.test_mapping import hand_page, seed_page, synthetic_pages, to_graph

_PREFIXES = "".join(f"@prefix {k}: <{v}> .\n" for k, v in PREFIXES.items())
_ID = "https://w3id.org/radkg/id/"

#: A minimal conformant article with one performance result, in Turtle.
_BASE = (
    _PREFIXES
    + f"""
@prefix id: <{_ID}> .
id:source\\/s a prov:Entity, radkg:SourceDocument ; dcterms:identifier "s" .
id:article\\/a a fabio:JournalArticle ;
    dcterms:title "题目"@zh ;
    dcterms:type radkg:ResearchArticle ;
    radkg:authorListTruncated false ;
    prism:startingPage 1 ; prism:endingPage 4 ;
    prov:wasDerivedFrom id:source\\/s ;
    prov:qualifiedDerivation id:derivation\\/d ;
    prov:qualifiedAttribution id:authorship\\/a1 , id:authorship\\/a2 ;
    radkg:reportsResult id:result\\/r .
id:derivation\\/d a prov:Derivation ; prov:entity id:source\\/s ; radkg:sourceLine 3 .
id:authorship\\/a1 a radkg:Authorship ; prov:agent id:person\\/p1 ; radkg:authorPosition 1 .
id:authorship\\/a2 a radkg:Authorship ; prov:agent id:person\\/p2 ; radkg:authorPosition 2 .
id:person\\/p1 a foaf:Person ; foaf:name "王伟" .
id:person\\/p2 a foaf:Person ; foaf:name "李明" .
id:result\\/r a radkg:PerformanceResult ;
    radkg:metric radkg:AUC ;
    radkg:value 0.843 ; radkg:ciLower 0.730 ; radkg:ciUpper 0.956 ; radkg:ciLevel 0.95 .
"""
)


def _graph(turtle: str = _BASE) -> Graph:
    return Graph().parse(data=turtle, format="turtle")


def _broken(old: str, new: str) -> Graph:
    assert old in _BASE, old
    return _graph(_BASE.replace(old, new))


def test_shapes_and_ontology_load() -> None:
    assert len(shapes_graph()) > 100
    assert len(ontology_graph()) > 500


def test_minimal_article_with_result_conforms() -> None:
    report = validate(_graph())
    assert isinstance(report, ValidationReport)
    assert report.conforms, report.text
    assert report.violations == 0


def test_seed_page_conforms() -> None:
    report = validate(to_graph(page_triples(seed_page(), source_key="seeds/cjr-2024-03.txt")))
    assert report.conforms, report.text


def test_hand_page_with_issue_conforms() -> None:
    page = hand_page(year=2024, volume="58", number="3")
    report = validate(to_graph(page_triples(page, source_key="hand")))
    assert report.conforms, report.text


@pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")
def test_seed_in_pyoxigraph_store_and_dataset_conforms() -> None:
    quads = page_quads(seed_page(), source_key="seed")
    store = ox.Store()
    store.extend(quads)
    assert validate(store).conforms
    ds = Dataset()
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8")
    ds.parse(data=data, format="nquads")
    assert validate(ds).conforms


def test_oxrdflib_backed_graph_is_validated_natively() -> None:
    g = Graph(store="Oxigraph")
    g.parse(data=_BASE, format="turtle")
    assert validate(g).conforms
    bad = Graph(store="Oxigraph")
    bad.parse(data=_BASE.replace("radkg:value 0.843", "radkg:value 1.2"), format="turtle")
    assert not validate(bad).conforms


@pytest.mark.parametrize("inference", ["none", "rdfs"])
def test_with_ontology_mixed_in(inference: str) -> None:
    report = validate(_graph(), include_ontology=True, inference=inference)
    assert report.conforms, report.text


def test_unknown_inference_option() -> None:
    with pytest.raises(UsageError, match="inference must be one of"):
        validate(_graph(), inference="owl-full")


# --------------------------------------------------------------------------- negative cases

_BROKEN = {
    "auc-above-one": (
        "radkg:value 0.843 ; radkg:ciLower 0.730 ; radkg:ciUpper 0.956",
        "radkg:value 1.2 ; radkg:ciLower 0.730 ; radkg:ciUpper 1.3",
    ),
    "auc-upper-above-one": ("radkg:ciUpper 0.956", "radkg:ciUpper 1.05"),
    "auc-negative-lower": ("radkg:ciLower 0.730", "radkg:ciLower -0.1"),
    "ci-lower-above-value": ("radkg:ciLower 0.730", "radkg:ciLower 0.9"),
    "value-above-ci-upper": ("radkg:ciUpper 0.956", "radkg:ciUpper 0.8"),
    "value-not-decimal": ("radkg:value 0.843", 'radkg:value "0.843"'),
    "value-double": ("radkg:value 0.843", "radkg:value 8.43e-1"),
    "no-metric": ("radkg:metric radkg:AUC ;", ""),
    "ci-level-percent": ("radkg:ciLevel 0.95", "radkg:ciLevel 95"),
    "no-title": ('dcterms:title "题目"@zh ;', ""),
    "two-titles": ('dcterms:title "题目"@zh ;', 'dcterms:title "题目"@zh, "Title"@en ;'),
    "untagged-title": ('dcterms:title "题目"@zh ;', 'dcterms:title "题目" ;'),
    "french-title": ('dcterms:title "题目"@zh ;', 'dcterms:title "Titre"@fr ;'),
    "pages-reversed": (
        "prism:startingPage 1 ; prism:endingPage 4",
        "prism:startingPage 9 ; prism:endingPage 4",
    ),
    "page-zero": ("prism:startingPage 1", "prism:startingPage 0"),
    "page-string": ("prism:endingPage 4", 'prism:endingPage "4"'),
    "no-provenance": ("prov:wasDerivedFrom id:source\\/s ;", ""),
    "duplicate-position": ("radkg:authorPosition 2", "radkg:authorPosition 1"),
    "position-zero": ("radkg:authorPosition 2", "radkg:authorPosition 0"),
    "person-without-name": ('foaf:name "李明"', 'foaf:givenName "李明"'),
    "truncation-missing": ("radkg:authorListTruncated false ;", ""),
    "truncation-string": ("radkg:authorListTruncated false", 'radkg:authorListTruncated "no"'),
    "unknown-article-type": ("dcterms:type radkg:ResearchArticle", "dcterms:type radkg:Method"),
    "p-comparator-unknown": (
        "radkg:ciLevel 0.95 .",
        'radkg:ciLevel 0.95 ; radkg:pValueComparator "≈" .',
    ),
    "p-comparator-iri": (
        "radkg:ciLevel 0.95 .",
        "radkg:ciLevel 0.95 ; radkg:pValueComparator radkg:AUC .",
    ),
}


@pytest.mark.parametrize("name", sorted(_BROKEN))
def test_broken_graph_does_not_conform(name: str) -> None:
    old, new = _BROKEN[name]
    report = validate(_broken(old, new))
    assert not report.conforms, f"{name} should violate a shape"
    assert report.violations >= 1


def test_non_proportion_metric_may_exceed_one() -> None:
    g = _broken("radkg:metric radkg:AUC", "radkg:metric radkg:HazardRatio")
    g2 = _graph(
        _BASE.replace("radkg:metric radkg:AUC", "radkg:metric radkg:HazardRatio").replace(
            "radkg:value 0.843 ; radkg:ciLower 0.730 ; radkg:ciUpper 0.956",
            "radkg:value 2.31 ; radkg:ciLower 1.20 ; radkg:ciUpper 4.45",
        )
    )
    assert validate(g).conforms
    assert validate(g2).conforms, "a hazard ratio of 2.31 is fine"


def test_bad_issn_and_keyword_without_label() -> None:
    extra = (
        '\nid:journal\\/j a fabio:Journal ; prism:issn "1005 1201" .'
        "\nid:article\\/a dcterms:subject id:keyword\\/k ."
        "\nid:keyword\\/k a skos:Concept ."
    )
    report = validate(_graph(_BASE + extra))
    assert not report.conforms
    assert "ISSN" in report.text
    assert "prefLabel" in report.text


# --------------------------------------------------------------------------- timing


@pytest.mark.slow
def test_validation_time_on_1000_articles() -> None:
    pages = synthetic_pages(1000)
    store = ox.Store()
    for page in pages:
        store.extend(page_quads(page, source_key=page.path))
    g = Graph()
    g.parse(
        data=ox.serialize([q.triple for q in store], format=ox.RdfFormat.N_TRIPLES).decode("utf-8"),
        format="nt",
    )
    timings = {}
    for label, data in (("pyoxigraph", store), ("rdflib-memory", g)):
        start = time.perf_counter()
        report = validate(data)
        timings[label] = time.perf_counter() - start
        assert report.conforms, report.text[:2000]
    print("pySHACL on 1,000 articles:", {k: f"{v:.1f} s" for k, v in timings.items()})


def test_report_graph_is_rdf() -> None:
    report = validate(_broken("radkg:value 0.843", "radkg:value 1.2"))
    assert isinstance(report.graph, Graph)
    assert (None, None, URIRef("http://www.w3.org/ns/shacl#ValidationReport")) in report.graph


def test_ontology_mixed_into_pyoxigraph_store() -> None:
    """Regression: pySHACL 0.40 fails cloning rdf:Lists into an Oxigraph store; we copy first."""
    store = ox.Store()
    store.extend(page_quads(seed_page(), source_key="seed"))
    assert validate(store, include_ontology=True).conforms


@pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")
def test_dataset_union_is_validated_and_left_as_it_was() -> None:
    ds = Dataset()
    bad = _BASE.replace("radkg:value 0.843", "radkg:value 1.2")
    ds.graph(URIRef(_ID + "source/s")).parse(data=bad, format="turtle")
    assert not validate(ds).conforms
    assert ds.default_union is False


@pytest.mark.parametrize(
    ("start", "end", "conforms"),
    [
        ('"2019-01"^^xsd:gYearMonth', '"2022-12"^^xsd:gYearMonth', True),
        ('"2015"^^xsd:gYear', '"2020-06"^^xsd:gYearMonth', True),
        ('"2019-01-05"^^xsd:date', '"2022"^^xsd:gYear', False),  # a day the text never gave
        ('"2019-01"', '"2022"^^xsd:gYear', False),
        ("id:x", '"2022"^^xsd:gYear', False),
    ],
)
def test_study_period_is_a_year_or_year_month(start: str, end: str, conforms: bool) -> None:
    extra = (
        f"\nid:cohort\\/c a radkg:Cohort ; radkg:sampleSize 120 ;"
        f" radkg:periodStart {start} ; radkg:periodEnd {end} ."
    )
    report = validate(_graph(_BASE + extra))
    assert report.conforms is conforms, report.text


_P_VALUE_PAGE = """中华放射学杂志
2024年第3期

    基于CT的影像组学模型预测肝细胞癌微血管侵犯

    李明王芳
    201-206页
    查看更多>>摘要:目的 探讨CT影像组学模型的价值。方法 回顾性分析120例患者。结果 验证组AUC为0.812(95%CI 0.701~0.905,P<0.001),\
训练组AUC为0.852(P=0.03)。

    影像组学
"""


@pytest.mark.parametrize("source", ["store", "turtle"])
def test_p_value_comparators_conform_from_a_store_and_from_turtle(tmp_path, source: str) -> None:
    """Regression: the comparator shape rejected every "<" read back from Oxigraph (xsd:string)."""
    import kg
    from kg.store import oxigraph

    page = tmp_path / "p.txt"
    page.write_text(_P_VALUE_PAGE, encoding="utf-8")
    report = kg.build([page], out=tmp_path / "out", validate="none")
    store = ox.Store()
    store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in oxigraph(report.dataset))
    comparators = {
        row["c"].value
        for row in store.query(
            "SELECT ?c WHERE { ?r <https://w3id.org/radkg/ontology#pValueComparator> ?c }"
        )
    }
    assert comparators == {"<", "="}
    data = (
        store if source == "store" else _graph((tmp_path / "out" / "radkg.ttl").read_text("utf-8"))
    )
    result = validate(data)
    assert result.conforms, result.text
