"""The radkg ontology: it parses, every minted term is documented and aligned,
``kg.namespaces.RADKG`` matches it both ways, and an OWL reasoner accepts it."""

from __future__ import annotations

import shutil

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg import namespaces
from kg.errors import ReasonerError
from kg.namespaces import INSTANCE_BASE, ONTOLOGY_IRI, PREFIXES, RADKG
from kg.validate import check_consistency, inferred_triples, ontology_graph, ontology_path

needs_java = pytest.mark.skipif(
    shutil.which("java") is None,
    reason="no Java runtime on PATH: the OWL reasoner (HermiT) needs one (default-jre-headless)",
)

_ALIGNMENTS = (
    RDFS.subClassOf,
    RDFS.subPropertyOf,
    OWL.equivalentClass,
    OWL.equivalentProperty,
    SKOS.exactMatch,
    SKOS.closeMatch,
    SKOS.broadMatch,
    SKOS.inScheme,
)


def _radkg_terms(g: Graph) -> set[str]:
    return {str(s)[len(str(RADKG)) :] for s in g.subjects() if str(s).startswith(str(RADKG))}


def _declared(cls: type) -> set[str]:
    return set(cls.__annotations__)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return ontology_graph()


def test_ontology_parses_and_has_header(onto: Graph) -> None:
    assert (URIRef(ONTOLOGY_IRI), RDF.type, OWL.Ontology) in onto
    assert not list(onto.objects(None, OWL.imports)), "no owl:imports: nothing may be fetched"


def test_every_radkg_term_in_ttl_is_in_namespace(onto: Graph) -> None:
    missing = _radkg_terms(onto) - _declared(RADKG)
    assert not missing, f"add to kg.namespaces.RADKG: {sorted(missing)}"


def test_every_namespace_term_is_declared_in_ttl(onto: Graph) -> None:
    missing = _declared(RADKG) - _radkg_terms(onto)
    assert not missing, f"declare in ontology/radkg.ttl: {sorted(missing)}"


@pytest.mark.parametrize("term", sorted(_declared(RADKG)))
def test_term_has_labels_definition_and_type(onto: Graph, term: str) -> None:
    iri = RADKG[term]
    langs = {label.language for label in onto.objects(iri, RDFS.label)}
    assert {"en", "zh"} <= langs, f"{term}: rdfs:label needs @en and @zh, has {langs}"
    definitions = [d for d in onto.objects(iri, SKOS.definition) if d.language == "en"]
    assert len(definitions) == 1, f"{term}: needs one skos:definition@en"
    assert set(onto.objects(iri, RDF.type)) & {
        OWL.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.NamedIndividual,
    }, f"{term}: not declared as an OWL class, property or individual"


def test_classes_are_aligned_or_specialise(onto: Graph) -> None:
    unaligned = [
        term
        for term in sorted(_declared(RADKG))
        if (RADKG[term], RDF.type, OWL.Class) in onto
        and not any(True for p in _ALIGNMENTS for _ in onto.objects(RADKG[term], p))
        and term not in {"Cohort", "PredictionModel"}
    ]
    assert unaligned == [], f"classes with no alignment axiom: {unaligned}"


def test_external_properties_used_are_declared(onto: Graph) -> None:
    """owlready2/HermiT need every property the ontology uses to be typed."""
    declared = (
        set(onto.subjects(RDF.type, OWL.AnnotationProperty))
        | set(onto.subjects(RDF.type, OWL.ObjectProperty))
        | set(onto.subjects(RDF.type, OWL.DatatypeProperty))
    )
    builtin = {
        RDF.type,
        RDF.first,
        RDF.rest,
        RDFS.subClassOf,
        RDFS.subPropertyOf,
        RDFS.domain,
        RDFS.range,
    }
    used = {p for p in onto.predicates() if not str(p).startswith(str(OWL))} - builtin
    assert used <= declared, sorted(used - declared)


def test_deep_learning_hierarchy(onto: Graph) -> None:
    chain = [
        RADKG.ResNet50,
        RADKG.ResNet,
        RADKG.ConvolutionalNeuralNetwork,
        RADKG.DeepLearningMethod,
        RADKG.MachineLearningMethod,
        RADKG.Method,
    ]
    for sub, sup in zip(chain, chain[1:], strict=False):
        assert (sub, RDFS.subClassOf, sup) in onto


def test_prefixes_and_bases() -> None:
    assert PREFIXES["radkg"] == ONTOLOGY_IRI + "#"
    assert INSTANCE_BASE.endswith("/")
    for name in namespaces.__all__:
        assert hasattr(namespaces, name)
    with pytest.raises(AttributeError):
        RADKG.NoSuchTerm  # noqa: B018


def test_owlready2_cannot_read_turtle_so_we_convert() -> None:
    """Pitfall: owlready2 0.51 has no Turtle parser; the ontology goes to it as N-Triples."""
    assert ontology_path("radkg.ttl").suffix == ".ttl"


@needs_java
def test_ontology_is_consistent_with_hermit() -> None:
    report = check_consistency(timeout=300)
    assert report.consistent
    assert report.unsatisfiable == ()


@needs_java
def test_reasoner_infers_resnet50_is_deep_learning() -> None:
    g = Graph()
    model = URIRef(INSTANCE_BASE + "concept/method-resnet50")
    g.add((model, RDF.type, RADKG.ResNet50))
    inferred = {o for s, _, o in inferred_triples(g, timeout=300) if s == model}
    assert {RADKG.ResNet, RADKG.ConvolutionalNeuralNetwork, RADKG.DeepLearningMethod} <= inferred
    assert RADKG.ResNet50 not in inferred, "asserted types are not 'new' triples"


@needs_java
def test_disjoint_typing_is_inconsistent() -> None:
    g = Graph()
    concept = URIRef(INSTANCE_BASE + "concept/x")
    g.add((concept, RDF.type, RADKG.Disease))
    g.add((concept, RDF.type, RADKG.ConvolutionalNeuralNetwork))
    assert not check_consistency(g, timeout=300).consistent
    with pytest.raises(ReasonerError, match="inconsistent"):
        inferred_triples(g, timeout=300)


def test_missing_java_raises_reasoner_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RADKG_JAVA", "/nonexistent/java-for-radkg-test")
    with pytest.raises(ReasonerError, match="install a Java runtime"):
        check_consistency(timeout=30)


def test_java_vanishing_in_child_raises_reasoner_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pitfall: owlready2 raises FileNotFoundError (not OwlReadyJavaError) without Java."""
    monkeypatch.setenv("RADKG_JAVA", "/nonexistent/java-for-radkg-test")
    monkeypatch.setattr("kg.validate.shutil.which", lambda name: name)
    with pytest.raises(ReasonerError, match="install a Java runtime"):
        check_consistency(timeout=120)


@needs_java
def test_reasoner_deadline_kills_child() -> None:
    with pytest.raises(ReasonerError, match="did not finish within"):
        check_consistency(timeout=0.05)


@needs_java
def test_pellet_runs_or_says_why() -> None:
    """owlready2 0.51's Pellet ships Jena jars built for Java 25: older Java must fail clearly."""
    try:
        report = check_consistency(timeout=300, reasoner="pellet")
    except ReasonerError as exc:
        assert "hermit" in str(exc)
    else:
        assert report.consistent


def test_jsonld_context_matches_prefixes() -> None:
    """The bundled JSON-LD context is local (never fetched) and says what PREFIXES says."""
    import json

    context = json.loads(ontology_path("context.jsonld").read_text(encoding="utf-8"))["@context"]
    assert {k: v for k, v in context.items() if k in PREFIXES} == PREFIXES
    assert context["radkgid"] == INSTANCE_BASE


@needs_java
def test_inferences_over_named_graphs_of_a_dataset_and_a_store() -> None:
    """The build passes a Dataset (one graph per source) or a pyoxigraph store."""
    import pyoxigraph as ox
    from rdflib import Dataset

    model = URIRef(INSTANCE_BASE + "concept/method-unet")
    other = URIRef(INSTANCE_BASE + "concept/method-other")
    article = URIRef(INSTANCE_BASE + "article/a")
    ds = Dataset()
    ds.graph(URIRef(INSTANCE_BASE + "source/s")).add((model, RDF.type, RADKG.UNet))
    ds.graph(URIRef(INSTANCE_BASE + "source/t")).add((article, RADKG.usesMethod, other))
    inferred = {(s, o) for s, _, o in inferred_triples(ds, timeout=300)}
    assert {(model, RADKG.ConvolutionalNeuralNetwork), (other, RADKG.Method)} <= inferred
    store = ox.Store()
    graph = ox.NamedNode(INSTANCE_BASE + "source/s")
    store.add(ox.Quad(ox.NamedNode(model), ox.NamedNode(RDF.type), ox.NamedNode(RADKG.UNet), graph))
    inferred = {(s, o) for s, _, o in inferred_triples(store, timeout=300)}
    assert (model, RADKG.ConvolutionalNeuralNetwork) in inferred
    assert other not in {s for s, _ in inferred}


@needs_java
def test_asserted_superclass_is_not_returned_as_new() -> None:
    g = Graph()
    design = URIRef(INSTANCE_BASE + "concept/design-cohort")
    g.add((design, RDF.type, RADKG.StudyDesign))
    g.add((design, RDF.type, SKOS.Concept))
    assert inferred_triples(g, timeout=300) == []
