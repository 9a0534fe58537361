"""Networks from the graph, their metrics, bursts and files, checked against hand-worked values.

The fixture tests/data/networks/small.trig has six articles (2019-2023); the
expected edges below are counted by hand from it.
"""

from __future__ import annotations

import itertools
import json
import math
import random
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kg
import kg.data
from kg.errors import QueryError, UsageError
from kg.networks import (
    NETWORK_FORMATS,
    association_strength,
    bipartite_graph,
    bursts,
    coauthor_graph,
    communities,
    institution_graph,
    kleinberg,
    network,
    network_bytes,
    network_metrics,
    projected_graph,
    select_articles,
    timeline,
    topic_graph,
    write_network,
)
from kg.records import Article, Journal, Page

SMALL = Path(__file__).parent / "data" / "networks" / "small.trig"
ID = "https://w3id.org/radkg/id/"


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    s.load(path=str(SMALL), format=ox.RdfFormat.TRIG)
    return s


def _by_label(G: nx.Graph, attr: str = "weight") -> dict[tuple[str, str], float]:
    return {
        tuple(sorted((G.nodes[u]["label"], G.nodes[v]["label"]))): d[attr]
        for u, v, d in G.edges(data=True)
    }


def test_coauthor_full_and_fractional_counting(store: ox.Store) -> None:
    full = coauthor_graph(store)
    frac = coauthor_graph(store, counting="fractional")
    mallory = 'Mallory<img src=x onerror="window.__pwned=1">'
    assert _by_label(full) == {
        ("Alice", "Bob"): 2,
        ("Alice", "Carol"): 1,
        ("Alice", "Dave"): 1,
        ("Bob", "Carol"): 2,
        ("Bob", "Dave"): 1,
        ("Carol", "Dave"): 1,
        ("Eve", mallory): 1,
    }
    # A1 and A3 have three authors (1/2 per pair), A2, A4 and A5 two (1 per pair).
    assert _by_label(frac) == {
        ("Alice", "Bob"): 1.5,
        ("Alice", "Carol"): 0.5,
        ("Alice", "Dave"): 1.0,
        ("Bob", "Carol"): 1.0,
        ("Bob", "Dave"): 0.5,
        ("Carol", "Dave"): 0.5,
        ("Eve", mallory): 1.0,
    }
    alice = full.nodes[ID + "person/alice"]
    assert alice["articles"] == 3 and math.isclose(alice["fractional"], 1 / 3 + 1 / 2 + 1 / 2)
    assert (alice["first_year"], alice["last_year"]) == (2019, 2022)
    assert (
        full.nodes[ID + "person/frank"]["label"] == "王伟" and full.degree(ID + "person/frank") == 0
    )
    assert full.graph["articles"][ID + "article/a6"] == {
        "title": "肝脏CT",
        "year": 2023,
    }  # the year


def test_min_articles_and_max_members(store: ox.Store) -> None:
    G = coauthor_graph(store, min_articles=2)
    assert sorted(d["label"] for _, d in G.nodes(data=True)) == ["Alice", "Bob", "Carol", "Dave"]
    G = coauthor_graph(store, max_members=2)  # A1 and A3 (three authors) are ignored
    assert _by_label(G, "articles")[("Alice", "Bob")] == 1 and ("Bob", "Carol") not in _by_label(G)


def test_institution_and_topic_networks(store: ox.Store) -> None:
    assert _by_label(institution_graph(store)) == {
        ("First Hospital", "Second Hospital"): 3,
        ("First Hospital", "Third University"): 2,
        ("Second Hospital", "Third University"): 1,
    }
    topics = topic_graph(store)
    assert _by_label(topics) == {
        ("CT", "MRI"): 1,
        ("CT", "deep learning"): 1,
        ("CT", "影像组学"): 1,
        ("MRI", "deep learning"): 1,
    }
    concepts = network("concepts", store)
    kinds = {d["kind"] for _, d in concepts.nodes(data=True)}
    assert kinds == {"keyword", "method", "disease"}
    labels = _by_label(concepts)
    assert labels[("ResNet50", "肝细胞癌")] == 2 and labels[("CT", "ResNet50")] == 3


def test_bipartite_networks_and_projections(store: ox.Store) -> None:
    B = bipartite_graph(store, "method", "disease")
    assert _by_label(B) == {
        ("ResNet50", "肝细胞癌"): 2,
        ("ResNet50", "pulmonary nodule"): 1,
        ("logistic regression", "肝细胞癌"): 1,
        ("logistic regression", "pulmonary nodule"): 1,
    }
    assert nx.is_bipartite(B) and {B.nodes[n]["bipartite"] for n in B} == {0, 1}
    A = network("author-method", store)
    methods = projected_graph(A, "method")
    assert _by_label(methods) == {
        ("ResNet50", "logistic regression"): 4
    }  # all four authors used both
    authors = projected_graph(A, "author", weighting="newman")
    assert set(authors) == {ID + f"person/{p}" for p in ("alice", "bob", "carol", "dave")}
    with pytest.raises(UsageError, match="no 'institution' nodes"):
        projected_graph(A, "institution")


def test_selection_by_sparql_iris_and_years(store: ox.Store) -> None:
    studies = "https://w3id.org/radkg/ontology#studiesDisease"
    hcc = f"SELECT ?article WHERE {{ ?article <{studies}> <{ID}disease/hcc> }}"
    assert select_articles(store, hcc) == {ID + "article/a1", ID + "article/a2"}
    G = coauthor_graph(store, articles=hcc)
    assert _by_label(G) == {("Alice", "Bob"): 2, ("Alice", "Carol"): 1, ("Bob", "Carol"): 1}
    assert select_articles(store, years=(2021, 2022)) == {
        ID + "article/a3",
        ID + "article/a4",
        ID + "article/a5",
    }
    assert select_articles(store, [ID + "article/a1"], years=(2020, None)) == frozenset()
    named = select_articles(store, "articles-using-method", params={"method": "resnet50"})
    assert named == {ID + "article/a1", ID + "article/a2", ID + "article/a5"}
    G = coauthor_graph(store, articles="articles-using-method", params={"method": "ResNet50"})
    assert _by_label(G) == {
        ("Alice", "Bob"): 2,
        ("Alice", "Carol"): 1,
        ("Alice", "Dave"): 1,
        ("Bob", "Carol"): 1,
    }
    G = topic_graph(store, years=(2023, 2023))
    assert [d["label"] for _, d in G.nodes(data=True)] == ["CT"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "SELECT ?article WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?article ?p ?o } }",
            "SERVICE",
        ),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "must be a SELECT"),
        ("SELECT ?article FROM <file:///etc/passwd> WHERE { ?article ?p ?o }", "FROM is refused"),
        ("SELECT ?article WHERE { ?article", "not valid SPARQL"),
    ],
    ids=["service", "construct", "from-file", "malformed"],
)
def test_hostile_or_broken_article_queries_are_refused(
    store: ox.Store, query: str, message: str
) -> None:
    with pytest.raises(QueryError, match=message):
        select_articles(store, query)


def test_bad_options_are_usage_errors(store: ox.Store) -> None:
    with pytest.raises(UsageError, match="counting"):
        coauthor_graph(store, counting="harmonic")
    with pytest.raises(UsageError, match="empty"):
        select_articles(store, years=(2022, 2019))
    with pytest.raises(UsageError, match="unknown network"):
        network("citations", store)


def test_bundled_data_networks() -> None:
    ds = kg.build(quiet=True).dataset
    G = coauthor_graph(ds)
    assert G.number_of_nodes() == 35 and all(d["kind"] == "author" for _, d in G.nodes(data=True))
    # Every article's named authors form a clique; a name is one person within the journal.
    pairs = {
        frozenset(p)
        for a in kg.read_toc(kg.data.seed_pages()[0]).articles
        for p in itertools.combinations(set(a.authors), 2)
    }
    assert G.number_of_edges() == len(pairs) == 51
    assert topic_graph(kg.build(quiet=True)).number_of_nodes() == 32  # a BuildReport works too


# --- metrics ----------------------------------------------------------------------------------


def test_metrics_by_hand_on_a_path_and_a_triangle_with_a_tail() -> None:
    m = network_metrics(nx.path_graph(["a", "b", "c"]), community_method=None)
    assert m.nodes["b"]["betweenness"] == 1.0 and m.nodes["a"]["betweenness"] == 0.0
    assert math.isclose(m.nodes["a"]["closeness"], 2 / 3) and m.nodes["b"]["closeness"] == 1.0
    assert m.graph["density"] == pytest.approx(2 / 3) and m.graph["giant_diameter"] == 2
    G = nx.Graph(
        [
            ("a", "b", {"weight": 2.0}),
            ("b", "c", {"weight": 1.0}),
            ("a", "c", {"weight": 1.0}),
            ("c", "d", {"weight": 4.0}),
        ]
    )
    G.add_node("e")
    m = network_metrics(G)
    assert {v: row["core"] for v, row in m.nodes.items()} == {
        "a": 2,
        "b": 2,
        "c": 2,
        "d": 1,
        "e": 0,
    }
    assert m.nodes["c"]["strength"] == 6.0 and m.nodes["c"]["degree"] == 3
    assert m.nodes["c"]["clustering"] == pytest.approx(1 / 3) and m.nodes["a"]["clustering"] == 1.0
    assert m.nodes["c"]["betweenness"] == pytest.approx(
        2 / 6
    )  # a-d and b-d, of the 6 pairs of a, b, d, e
    assert (
        m.graph["components"] == 2 and m.graph["giant_nodes"] == 4 and m.graph["giant_edges"] == 4
    )
    assert {m.nodes[v]["component"] for v in "abcd"} == {0} and m.nodes["e"]["component"] == 1
    assert sum(row["pagerank"] for row in m.nodes.values()) == pytest.approx(1.0)
    assert m.graph["transitivity"] == pytest.approx(
        3 * 1 / 5
    )  # one triangle, five connected triples


def test_eigenvector_matches_networkx() -> None:
    G = nx.karate_club_graph()
    ours = network_metrics(G, metrics=["eigenvector"], weight="weight")
    theirs = nx.eigenvector_centrality(G, weight="weight", tol=1e-12, max_iter=5000)
    assert all(ours.nodes[v]["eigenvector"] == pytest.approx(theirs[v], abs=1e-6) for v in G)
    assert ours.graph["eigenvector_converged"] is True


def test_sampled_estimates_above_the_limit() -> None:
    G = nx.connected_watts_strogatz_graph(300, 6, 0.1, seed=3)
    exact = nx.closeness_centrality(G)
    m = network_metrics(G, metrics=["closeness", "betweenness"], sample_limit=100, k=60, seed=5)
    assert m.graph["estimated_from_pivots"] == 60 and m.graph["diameter_exact"] is False
    assert max(abs(m.nodes[v]["closeness"] - exact[v]) / exact[v] for v in G) < 0.1
    again = network_metrics(G, metrics=["closeness", "betweenness"], sample_limit=100, k=60, seed=5)
    assert again.nodes == m.nodes and m.graph["giant_diameter"] <= nx.diameter(G)


def _graphs_for_engine() -> list[nx.Graph]:
    """Connected and disconnected graphs, isolated nodes, string and int nodes, tiny ones."""
    small_world = nx.connected_watts_strogatz_graph(120, 4, 0.2, seed=1)
    forest = nx.disjoint_union_all(
        [nx.gnp_random_graph(40, 0.08, seed=2), nx.path_graph(5), nx.empty_graph(3)]
    )
    named = nx.relabel_nodes(nx.gnp_random_graph(50, 0.1, seed=4), lambda v: f"n{v:02d}")
    return [small_world, forest, named, nx.path_graph(2), nx.empty_graph(1), nx.star_graph(6)]


@pytest.mark.parametrize(
    "G", _graphs_for_engine(), ids=["small-world", "forest", "named", "edge", "single", "star"]
)
def test_igraph_engine_gives_the_networkx_values(G: nx.Graph) -> None:
    m = network_metrics(G, metrics=["betweenness", "closeness", "clustering", "core"])
    assert {v: r["betweenness"] for v, r in m.nodes.items()} == pytest.approx(
        nx.betweenness_centrality(G), abs=1e-12
    )
    assert {v: r["closeness"] for v, r in m.nodes.items()} == pytest.approx(
        nx.closeness_centrality(G), abs=1e-12
    )
    assert {v: r["clustering"] for v, r in m.nodes.items()} == pytest.approx(
        nx.clustering(G), abs=1e-12
    )
    assert {v: r["core"] for v, r in m.nodes.items()} == nx.core_number(G)
    assert m.graph["transitivity"] == pytest.approx(nx.transitivity(G), abs=1e-12)
    assert m.graph["average_clustering"] == pytest.approx(nx.average_clustering(G), abs=1e-12)


@pytest.mark.parametrize("G", _graphs_for_engine()[:3], ids=["small-world", "forest", "named"])
def test_sampled_betweenness_is_networkx_k_sampled_with_the_same_seed(G: nx.Graph) -> None:
    m = network_metrics(G, metrics=["betweenness"], sample_limit=10, k=12, seed=9)
    theirs = nx.betweenness_centrality(G, k=12, seed=9)
    assert {v: r["betweenness"] for v, r in m.nodes.items()} == pytest.approx(theirs, abs=1e-12)


def test_sampled_closeness_is_the_pivot_estimate() -> None:
    """Large components from k pivots (drawn per component, by size), small ones exact."""
    G = nx.disjoint_union_all(
        [
            nx.connected_watts_strogatz_graph(90, 4, 0.2, seed=5),
            nx.cycle_graph(30),
            nx.path_graph(4),
        ]
    )
    n, k = G.number_of_nodes(), 20
    m = network_metrics(G, metrics=["closeness"], sample_limit=50, k=k, seed=11)
    rng = random.Random(11)
    expected: dict[int, float] = {}
    for part in sorted(nx.connected_components(G), key=lambda c: (-len(c), min(map(str, c)))):
        scale = (len(part) - 1) / (n - 1)
        if len(part) <= k:
            inner = nx.closeness_centrality(G.subgraph(part))
            expected.update({v: c * scale for v, c in inner.items()})
            continue
        totals = dict.fromkeys(part, 0)
        counts = dict.fromkeys(part, 0)
        for pivot in rng.sample(sorted(part, key=str), k):
            for v, d in nx.single_source_shortest_path_length(G, pivot).items():
                if v != pivot:
                    totals[v] += d
                    counts[v] += 1
        expected.update({v: scale * counts[v] / totals[v] for v in part})
    assert {v: r["closeness"] for v, r in m.nodes.items()} == pytest.approx(expected, abs=1e-12)


def test_communities_are_stable_for_a_seed_and_find_the_cliques() -> None:
    G = nx.connected_caveman_graph(4, 6)
    first = communities(G, seed=7)
    assert all(communities(G, seed=7) == first for _ in range(3))
    assert len(set(first.values())) == 4
    assert all(len({first[v] for v in range(c * 6, c * 6 + 6)}) == 1 for c in range(4))


def test_leiden_when_installed() -> None:
    pytest.importorskip("leidenalg", reason="leidenalg is the optional 'leiden' extra")
    G = nx.connected_caveman_graph(4, 6)
    parts = communities(G, method="leiden", seed=3)
    assert parts == communities(G, method="leiden", seed=3) and len(set(parts.values())) == 4


def test_association_strength_by_hand() -> None:
    G = nx.Graph([("a", "b", {"weight": 2}), ("b", "c", {"weight": 1}), ("c", "d", {"weight": 3})])
    # m = 6; s = a 2, b 3, c 4, d 3: AS = 2 m c_ij / (s_i s_j)
    values = association_strength(G)
    assert values[("a", "b")] == pytest.approx(2 * 6 * 2 / (2 * 3))
    assert values[("c", "d")] == pytest.approx(2 * 6 * 3 / (4 * 3))
    assert G.edges["b", "c"]["association"] == pytest.approx(2 * 6 * 1 / (3 * 4))


def test_metric_tables_are_written_deterministically(store: ox.Store, tmp_path: Path) -> None:
    m = network_metrics(coauthor_graph(store), seed=2)
    first = m.write(tmp_path / "m.csv").read_bytes()
    assert (
        network_metrics(coauthor_graph(store), seed=2).write(tmp_path / "n.csv").read_bytes()
        == first
    )
    header = first.decode().splitlines()[0]
    assert (
        header
        == "node,label,degree,strength,betweenness,closeness,eigenvector,pagerank,clustering,core,"
        "component,community"
    )
    table = json.loads(m.write(tmp_path / "m.json").read_text(encoding="utf-8"))
    assert table["graph"]["nodes"] == 7 and len(table["nodes"]) == 7
    assert m.top("degree", 1)[0][1] == 3


# --- bursts -----------------------------------------------------------------------------------


def test_kleinberg_burst_by_hand() -> None:
    # p0 = 18/50, p1 = 0.72; 2021 saves 3.892 and 2022 5.412 (negative log likelihoods),
    # more than entering the burst state costs (ln 5).
    found = kleinberg(
        {2019: 0, 2020: 0, 2021: 8, 2022: 9, 2023: 1}, {y: 10 for y in range(2019, 2024)}
    )
    assert [(a, b) for a, b, _ in found] == [(2021, 2022)]
    assert found[0][2] == pytest.approx(9.30347, abs=1e-4)
    assert (
        kleinberg(
            {2019: 0, 2020: 0, 2021: 8, 2022: 9, 2023: 1},
            {y: 10 for y in range(2019, 2024)},
            gamma=10,
        )
        == []
    )
    with pytest.raises(UsageError):
        kleinberg({2020: 5}, {2020: 3})


def test_timeline_and_bursts_of_a_network(store: ox.Store) -> None:
    line = timeline(topic_graph(store))
    assert line.years == [2019, 2020, 2021, 2022, 2023]
    assert line.totals == {2019: 1, 2020: 1, 2021: 2, 2022: 1, 2023: 1}
    assert line.counts[ID + "keyword/ct"] == {2019: 1, 2020: 1, 2022: 1, 2023: 1}
    # x is in all 4 articles of 2021 and in none of the 40 others: p0 = 1/11, and 2021 saves
    # 4 ln 2 = 2.77 over the base state, more than the ln 5 = 1.61 it costs to enter the burst.
    line.counts["x"] = {2021: 4}
    line.totals = {2019: 10, 2020: 10, 2021: 4, 2022: 10, 2023: 10}
    assert [(b.node, b.start, b.end) for b in bursts(line)] == [("x", 2021, 2021)]


# --- files ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(NETWORK_FORMATS))
def test_exports_are_byte_identical_across_runs(store: ox.Store, tmp_path: Path, fmt: str) -> None:
    def once(name: str) -> bytes:
        G = coauthor_graph(store)
        metrics = network_metrics(G, seed=1)
        nx.set_node_attributes(
            G, {v: row["community"] for v, row in metrics.nodes.items()}, "community"
        )
        return write_network(G, tmp_path / name, fmt).read_bytes()

    first = once("a")
    assert first and once("b") == first


def test_export_contents(store: ox.Store, tmp_path: Path) -> None:
    G = coauthor_graph(store)
    gexf = network_bytes(G, "gexf")
    assert b"lastmodifieddate" not in gexf and b"<creator>radkg</creator>" in gexf
    back = nx.read_graphml(write_network(G, tmp_path / "g.graphml"))
    assert back.number_of_edges() == 7 and back.nodes[ID + "person/alice"]["articles"] == 3
    assert nx.read_gexf(write_network(G, tmp_path / "g.gexf")).number_of_nodes() == 7
    pajek = nx.read_pajek(write_network(G, tmp_path / "g.net"))
    assert pajek.number_of_nodes() == 7 and pajek.number_of_edges() == 7
    vos = json.loads(write_network(G, tmp_path / "g.json", "vosviewer").read_text(encoding="utf-8"))
    items = {i["label"]: i for i in vos["network"]["items"]}
    assert items["Alice"]["weights"] == {"Links": 3, "Total link strength": 4.0, "Documents": 3}
    assert len(vos["network"]["links"]) == 7
    edges = tmp_path / "e.csv"
    write_network(G, edges, "csv")
    assert (
        edges.read_text(encoding="utf-8").splitlines()[0]
        == "source,target,source_label,target_label,weight,articles,fractional,full"
    )
    assert (
        write_network(G, tmp_path / "g.map.txt").read_text(encoding="utf-8").startswith("id\tlabel")
    )


def test_failed_export_leaves_no_file(tmp_path: Path) -> None:
    G = nx.Graph()
    G.add_node("a", label="x")
    G.graph["bad"] = object()  # dropped: never written, never fatal
    assert write_network(G, tmp_path / "ok.graphml").stat().st_size > 0
    with pytest.raises(UsageError):
        write_network(G, tmp_path / "g.unknown")
    with pytest.raises(UsageError):
        write_network(G, tmp_path / "g.xml", "dot")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ok.graphml"]


# --- a property of fractional counting --------------------------------------------------------


def _store_of(author_lists: list[list[int]]) -> ox.Store:
    articles = tuple(
        Article(f"Article {i}", authors=tuple(f"作者{a}" for a in authors), page_start=i + 1)
        for i, authors in enumerate(author_lists)
    )
    page = Page("p.txt", Journal(title="测试杂志", issn="1234-5678"), articles=articles, year=2020)
    s = ox.Store()
    s.bulk_extend(kg.mapping.page_quads(page, source_key="p.txt"))
    return s


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.lists(st.integers(0, 6), min_size=1, max_size=5, unique=True), min_size=1, max_size=8
    )
)
def test_fractional_links_of_each_article_add_up_to_one_per_author(
    author_lists: list[list[int]],
) -> None:
    G = coauthor_graph(_store_of(author_lists), counting="fractional")
    for v in G:
        name = G.nodes[v]["label"]
        shared = sum(1 for authors in author_lists if len(authors) > 1 and int(name[2:]) in authors)
        assert G.degree(v, weight="weight") == pytest.approx(shared)
        assert G.nodes[v]["articles"] == sum(
            1 for authors in author_lists if int(name[2:]) in authors
        )
