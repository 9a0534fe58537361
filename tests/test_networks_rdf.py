"""Network metrics written back into the graph (kg.networks.rdf, issue 7).

The values read back from the RDF are compared with networkx's own functions
on the hand-written graph tests/data/networks/small.trig, the output is
checked byte for byte across runs, and the graph is validated with the SHACL
shapes (and shown to fail them when broken).
"""

from __future__ import annotations

import math
import types
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

import kg
from kg.errors import UsageError
from kg.namespaces import PROV, RADKG
from kg.networks import (
    METRIC_PROPERTIES,
    NODE_METRICS,
    coauthor_graph,
    communities,
    metrics_graph_iri,
    metrics_to_rdf,
    network_metrics,
    replace_metrics,
    topic_graph,
    write_metrics_rdf,
)
from kg.sparql import library, run
from kg.store import graph_names, open_store, replace_source
from kg.validate import validate

SMALL = Path(__file__).parent / "data" / "networks" / "small.trig"
ID = "https://w3id.org/radkg/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"

# The named query proposed for kg/queries/network-positions.rq (kg/queries is another
# helper's): every node's metrics in the analyses of one network, best PageRank first.
# The named query kg/queries/network-positions.rq, which reads the metrics back.
POSITIONS = library()["network-positions"].text

_COLUMNS = {
    "degree": "degree",
    "strength": "strength",
    "betweenness": "betweenness",
    "closeness": "closeness",
    "eigenvector": "eigenvector",
    "pagerank": "pagerank",
    "clustering": "clustering",
    "core": "core",
    "component": "component",
    "community": "community",
}


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    s.load(path=str(SMALL), format=ox.RdfFormat.TRIG)
    return s


def _read_back(quads: list[ox.Quad], network: str) -> dict[str, dict[str, object]]:
    """Every node's metrics, read with the named query ``network-positions`` (typed values)."""
    s = ox.Store()
    s.extend(quads)
    rows: dict[str, dict[str, object]] = {}
    solutions = s.query(
        POSITIONS,
        use_default_graph_as_union=True,
        substitutions={ox.Variable("network"): ox.Literal(network)},
    )
    for row in solutions:
        values: dict[str, object] = {}
        for name in _COLUMNS:
            term = row[name]
            if term is None:
                continue
            assert isinstance(term, ox.Literal)
            if term.datatype.value == XSD + "integer":
                values[name] = int(term.value)
            else:
                assert term.datatype.value == XSD + "double", (name, term)
                values[name] = float(term.value)
        rows[row["node"].value] = values
    return rows


def test_metric_properties_cover_every_node_metric() -> None:
    assert list(METRIC_PROPERTIES) == list(NODE_METRICS)
    assert all(iri.startswith(str(RADKG)) for iri in METRIC_PROPERTIES.values())


def test_metrics_in_rdf_equal_the_networkx_values(store: ox.Store) -> None:
    G = coauthor_graph(store)
    metrics = network_metrics(G, seed=3)
    rows = _read_back(metrics_to_rdf(G, metrics), "coauthors")
    assert set(rows) == set(G)
    expected = {
        "degree": dict(G.degree()),
        "strength": dict(G.degree(weight="weight")),
        "betweenness": nx.betweenness_centrality(G),
        "closeness": nx.closeness_centrality(G),
        "pagerank": nx.pagerank(G, weight="weight"),
        "clustering": nx.clustering(G),
        "core": nx.core_number(G),
        "community": communities(G, seed=3),
    }
    for name, values in expected.items():
        got = {node: row[name] for node, row in rows.items()}
        assert got == pytest.approx(values, rel=1e-9, abs=1e-12), name
    # Eigenvector centrality: radkg's deterministic power iteration against networkx's.
    reference = nx.eigenvector_centrality(G, weight="weight", max_iter=1000, tol=1e-12)
    got = {node: row["eigenvector"] for node, row in rows.items()}
    assert got == pytest.approx(reference, abs=1e-6)
    # Components are numbered by size: the four people who write together are component 0.
    giant = max(nx.connected_components(G), key=len)
    assert {node for node, row in rows.items() if row["component"] == 0} == giant
    assert all(isinstance(rows[n]["degree"], int) for n in rows)
    by_label = {G.nodes[n]["label"]: rows[n] for n in rows}
    assert by_label["Alice"]["degree"] == 3 and by_label["Eve"]["degree"] == 1
    assert by_label["王伟"]["degree"] == 0 and by_label["王伟"]["betweenness"] == 0.0


def test_analysis_carries_its_parameters_not_a_time(store: ox.Store) -> None:
    G = coauthor_graph(
        store,
        counting="fractional",
        articles="articles-using-method",
        params={"method": "ResNet50"},
        years=(2019, 2022),
    )
    metrics = network_metrics(G, seed=5, community_method="louvain", resolution=1.5)
    quads = metrics_to_rdf(G, metrics)
    analyses = [q.subject for q in quads if q.object == ox.NamedNode(str(RADKG.NetworkAnalysis))]
    assert len(analyses) == 1
    facts = {
        q.predicate.value.rsplit("#", 1)[1]: q.object.value
        for q in quads
        if q.subject == analyses[0] and q.predicate.value.startswith(str(RADKG))
    }
    assert facts == {
        "networkName": "coauthors",
        "nodeKind": "author",
        "edgeCounting": "fractional",
        "articleQuery": "articles-using-method",
        "queryParameter": "method=ResNet50",
        "yearFrom": "2019",
        "yearTo": "2022",
        "communityMethod": "louvain",
        "resolution": "1.5",
        "randomSeed": "5",
        "nodeCount": str(G.number_of_nodes()),
        "edgeCount": str(G.number_of_edges()),
        "articleCount": str(len(G.graph["articles"])),
        "density": facts["density"],
        "modularity": facts["modularity"],
    }
    assert float(facts["density"]) == pytest.approx(nx.density(G))
    assert not any("dateTime" in q.object.value or "date" in q.predicate.value for q in quads)
    positions = {q.subject for q in quads if q.predicate == ox.NamedNode(str(PROV.wasGeneratedBy))}
    assert len(positions) == G.number_of_nodes()
    assert {q.graph_name.value for q in quads} == {metrics_graph_iri(G, metrics)}


def test_parameters_decide_the_graph_iri(store: ox.Store) -> None:
    G = coauthor_graph(store)
    same = metrics_graph_iri(G, network_metrics(G, seed=0))
    assert same == metrics_graph_iri(coauthor_graph(store), network_metrics(G, seed=0))
    others = {
        metrics_graph_iri(G, network_metrics(G, seed=1)),
        metrics_graph_iri(G, network_metrics(G, seed=0, resolution=2.0)),
        metrics_graph_iri(G, network_metrics(G, seed=0, community_method=None)),
        metrics_graph_iri(coauthor_graph(store, counting="fractional"), network_metrics(G)),
        metrics_graph_iri(coauthor_graph(store, years=(2020, None)), network_metrics(G)),
        metrics_graph_iri(coauthor_graph(store, articles=[ID + "article/a1"]), network_metrics(G)),
        metrics_graph_iri(coauthor_graph(store, min_articles=2), network_metrics(G)),
    }
    assert same not in others and len(others) == 7
    assert same.startswith(ID + "graph/network-coauthors-")


def test_output_is_byte_identical_across_runs_and_node_orders(
    store: ox.Store, tmp_path: Path
) -> None:
    def run(G: nx.Graph, name: str) -> dict[str, bytes]:
        metrics = network_metrics(G, seed=0, community_method=None)
        return {
            suffix: write_metrics_rdf(G, metrics, tmp_path / f"{name}.{suffix}").read_bytes()
            for suffix in ("nq", "trig", "ttl")
        }

    G = coauthor_graph(store)
    first = run(G, "a")
    assert run(coauthor_graph(store), "b") == first
    reversed_graph = nx.Graph()
    reversed_graph.graph.update(G.graph)
    reversed_graph.add_nodes_from(reversed(list(G.nodes(data=True))))
    reversed_graph.add_edges_from(reversed(list(G.edges(data=True))))
    assert run(reversed_graph, "c") == first
    assert first["trig"].count(b"radkg:NetworkPosition") == G.number_of_nodes()
    assert b"prov:wasGeneratedBy" in first["ttl"]


def test_graph_validates_with_shacl_and_broken_ones_do_not(store: ox.Store) -> None:
    G = coauthor_graph(store)
    quads = metrics_to_rdf(G, network_metrics(G, seed=0))
    s = ox.Store()
    s.extend(quads)
    assert validate(s).conforms
    position = next(
        q.subject for q in quads if q.object == ox.NamedNode(str(RADKG.NetworkPosition))
    )
    graph = quads[0].graph_name
    broken = ox.Store()
    broken.extend(
        q
        for q in quads
        if not (q.subject == position and q.predicate.value.endswith("#positionOf"))
    )
    report = validate(broken)
    assert not report.conforms and "belongs to exactly one node" in report.text
    pagerank = ox.NamedNode(str(RADKG.pageRank))
    broken = ox.Store()
    broken.extend(q for q in quads if not (q.subject == position and q.predicate == pagerank))
    broken.add(ox.Quad(position, pagerank, ox.Literal(1.5), graph))  # PageRank is at most 1
    report = validate(broken)
    assert not report.conforms and "pageRank" in report.text
    broken.remove(ox.Quad(position, pagerank, ox.Literal(1.5), graph))
    broken.add(ox.Quad(position, pagerank, ox.Literal("0.5"), graph))  # a string, not a double
    assert not validate(broken).conforms
    extra = ox.Store()
    extra.extend(q for q in quads if q.subject != position)  # nodeCount no longer matches
    report = validate(extra)
    assert not report.conforms and "position nodes" in report.text


def test_replace_metrics_replaces_its_own_graph_only() -> None:
    report = kg.build(quiet=True)
    ds = report.dataset
    sources = graph_names(ds)
    before = len(ds)
    G = topic_graph(ds)
    metrics = network_metrics(G, seed=0)
    name = replace_metrics(report, G, metrics)
    added = len(ds) - before
    assert added == len(metrics_to_rdf(G, metrics)) and graph_names(ds) == sorted([*sources, name])
    assert replace_metrics(ds, G, metrics) == name and len(ds) - before == added  # replaced
    co = coauthor_graph(ds)
    other = replace_metrics(ds, co, network_metrics(co, seed=0))
    assert other != name and len(graph_names(ds)) == len(sources) + 2
    assert validate(ds).conforms
    # The networks read from the graph are unchanged by the metrics written into it.
    assert nx.utils.graphs_equal(topic_graph(ds), G)


def test_replace_metrics_into_a_pyoxigraph_store(store: ox.Store) -> None:
    s = ox.Store()
    s.extend(store)
    G = coauthor_graph(s)
    metrics = network_metrics(G, seed=0)
    first = replace_metrics(s, G, metrics)
    size = len(s)
    assert replace_metrics(s, G, metrics) == first and len(s) == size
    assert s.contains_named_graph(ox.NamedNode(first))


def test_sampled_estimates_record_their_pivots() -> None:
    G = nx.relabel_nodes(
        nx.connected_watts_strogatz_graph(80, 4, 0.2, seed=1), lambda v: f"{ID}person/p{v}"
    )
    G.graph["name"] = "synthetic"
    metrics = network_metrics(G, seed=2, sample_limit=50, k=20)
    quads = metrics_to_rdf(G, metrics)
    pivots = [q.object.value for q in quads if q.predicate == ox.NamedNode(str(RADKG.pivotCount))]
    assert pivots == ["20"]
    s = ox.Store()
    s.extend(quads)
    assert validate(s).conforms  # a sampled betweenness may exceed 1; the shapes allow it


def test_hostile_query_text_stays_a_literal(store: ox.Store) -> None:
    query = (
        "SELECT ?article WHERE { ?article a <http://purl.org/spar/fabio/JournalArticle> }\n"
        '# "> . <x> <y> <z> . \\ """'
    )
    G = coauthor_graph(store, articles=query)
    quads = metrics_to_rdf(G, network_metrics(G, seed=0))
    texts = [q.object.value for q in quads if q.predicate == ox.NamedNode(str(RADKG.articleQuery))]
    assert texts == [query.strip()]
    again = ox.Store()
    again.load(ox.serialize(quads, format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    assert len(again) == len(quads)


def test_bad_inputs_are_usage_errors(store: ox.Store, tmp_path: Path) -> None:
    G = nx.path_graph(3)
    with pytest.raises(UsageError, match="not an IRI"):
        metrics_to_rdf(G, network_metrics(G))
    co = coauthor_graph(store)
    with pytest.raises(UsageError, match="another network"):
        metrics_to_rdf(co, network_metrics(nx.relabel_nodes(co, {next(iter(co)): ID + "x"})))
    with pytest.raises(UsageError, match="unknown RDF file extension"):
        write_metrics_rdf(co, network_metrics(co), tmp_path / "m.csv")
    assert not (tmp_path / "m.csv").exists()
    with pytest.raises(UsageError, match="cannot write metrics into"):
        replace_metrics(object(), co, network_metrics(co))


def test_a_dataset_built_elsewhere_keeps_the_other_sources(store: ox.Store) -> None:
    ds = open_store()
    source = ox.NamedNode(ID + "source/small")
    replace_source(ds, source, (q for q in store if q.graph_name == source))
    G = coauthor_graph(ds)
    replace_metrics(ds, G, network_metrics(G, seed=0))
    assert ID + "source/small" in graph_names(ds) and len(graph_names(ds)) == 2
    # A report whose dataset is still empty (falsy) is written into, not mistaken for a dataset.
    report = types.SimpleNamespace(dataset=open_store())
    name = replace_metrics(report, G, network_metrics(G, seed=0))
    assert graph_names(report.dataset) == [name]


def test_numpy_integers_negative_zero_and_nan_are_written_safely() -> None:
    import numpy as np

    from kg.networks import NetworkMetrics

    G = nx.Graph([(ID + "person/a", ID + "person/b")], name="hand")
    metrics = NetworkMetrics(
        nodes={
            ID + "person/a": {"degree": np.int64(1), "pagerank": -0.0, "closeness": math.nan},
            ID + "person/b": {"degree": 1, "pagerank": np.float64(1 / 3), "closeness": math.inf},
        },
        graph={"nodes": 2, "edges": 1, "seed": 0},
    )
    values = {
        (q.subject.value[-12:], q.predicate.value.rsplit("#", 1)[1]): q.object
        for q in metrics_to_rdf(G, metrics)
        if q.predicate.value.rsplit("#", 1)[1] in ("degree", "pageRank", "closeness")
    }
    assert sorted(v.value for v in values.values()) == ["0", "0.3333333333", "1", "1"]
    assert {v.datatype.value for k, v in values.items() if k[1] == "degree"} == {XSD + "integer"}
    assert {v.datatype.value for k, v in values.items() if k[1] == "pageRank"} == {XSD + "double"}
    assert not any(k[1] == "closeness" for k in values)  # NaN and infinity are left out


def test_named_query_reads_the_metrics_of_a_build() -> None:
    """`radkg query network-positions` on a build whose co-author metrics were written back."""
    report = kg.build(validate="none")
    G = coauthor_graph(report.dataset)
    metrics = network_metrics(G, seed=1)
    assert run(report.dataset, "network-positions").rows == []  # nothing written back yet
    replace_metrics(report, G, metrics)
    rows = run(report.dataset, "network-positions", params={"network": "coauthors"}).rows
    assert {row["node"] for row in rows} == set(G)
    assert {row["degree"] for row in rows} == {d for _, d in G.degree()}
    pageranks = [row["pagerank"] for row in rows]
    assert pageranks == sorted(pageranks, reverse=True)
    assert run(report.dataset, "network-positions", params={"network": "topics"}).rows == []
