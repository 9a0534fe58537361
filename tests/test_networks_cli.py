"""`radkg network` and `radkg view`: files, byte-identical reruns, usage errors, exit codes."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import EXIT_FAILURE, EXIT_OK, EXIT_SKIPPED, EXIT_USAGE, main

SMALL = str(Path(__file__).parent / "data" / "networks" / "small.trig")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_network_writes_metrics_exports_timeline_bursts_and_plots(
    runner: CliRunner, tmp_path: Path
) -> None:
    args = [
        "network",
        "coauthors",
        "-g",
        SMALL,
        "--metrics",
        str(tmp_path / "m.csv"),
        "--export",
        "graphml,gexf,pajek,csv,vosviewer",
        "-o",
        str(tmp_path / "net" / "co"),
        "--timeline",
        str(tmp_path / "t.csv"),
        "--bursts",
        str(tmp_path / "b.csv"),
        "--plots",
        str(tmp_path / "plots"),
        "--plot-format",
        "svg",
    ]
    result = runner.invoke(main, args)
    assert result.exit_code == EXIT_OK, result.output
    assert result.stdout.startswith(
        "coauthors: 7 nodes, 7 edges, 3 components, giant component 4 nodes"
    )
    assert sorted(p.name for p in (tmp_path / "net").iterdir()) == [
        "co.csv",
        "co.gexf",
        "co.graphml",
        "co.json",
        "co.net",
    ]
    rows = list(csv.DictReader((tmp_path / "m.csv").open(encoding="utf-8")))
    assert {r["label"]: int(r["degree"]) for r in rows}["Alice"] == 3
    timeline = (tmp_path / "t.csv").read_text(encoding="utf-8").splitlines()
    assert (
        timeline[0] == "node,label,2019,2020,2021,2022,2023" and timeline[1] == ",total,1,1,2,1,1"
    )
    assert (
        (tmp_path / "b.csv").read_text(encoding="utf-8").startswith("node,label,start,end,weight")
    )
    assert sorted(p.name for p in (tmp_path / "plots").iterdir()) == [
        "coauthors-degrees.svg",
        "coauthors-top.svg",
        "coauthors-trends.svg",
    ]
    vos = json.loads((tmp_path / "net" / "co.json").read_text(encoding="utf-8"))
    assert {i["cluster"] for i in vos["network"]["items"]} == {1, 2, 3}  # communities + 1
    first = {p.name: p.read_bytes() for p in (tmp_path / "net").iterdir()}
    assert runner.invoke(main, args).exit_code == EXIT_OK
    assert {p.name: p.read_bytes() for p in (tmp_path / "net").iterdir()} == first


def test_network_selection_options(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["network", "coauthors", "-g", SMALL, "--years", "2019-2020"])
    assert result.stdout.startswith("coauthors: 3 nodes, 3 edges"), result.output
    result = runner.invoke(
        main,
        [
            "network",
            "coauthors",
            "-g",
            SMALL,
            "--articles",
            "articles-using-method",
            "-p",
            "method=logistic regression",
        ],
    )
    assert result.stdout.startswith("coauthors: 4 nodes, 4 edges"), result.output  # A2 and A3
    query = tmp_path / "hcc.rq"
    query.write_text(
        "SELECT ?article WHERE { ?article <https://w3id.org/radkg/ontology#studiesDisease> "
        "<https://w3id.org/radkg/id/disease/hcc> }",
        encoding="utf-8",
    )
    result = runner.invoke(
        main, ["network", "method-disease", "-g", SMALL, "--articles", f"@{query}"]
    )
    assert result.stdout.startswith("method-disease: 3 nodes, 2 edges"), result.output
    result = runner.invoke(main, ["network", "author-method", "-g", SMALL, "--project", "method"])
    assert result.stdout.startswith("author-method: 2 nodes, 1 edges"), result.output


def test_network_on_bundled_data_and_sources(
    runner: CliRunner, seed_path: Path, tmp_path: Path
) -> None:
    result = runner.invoke(
        main, ["network", "topics", "--normalize", "association", "--communities", "none"]
    )
    assert result.exit_code == EXIT_OK and result.stdout.startswith("topics: 32 nodes, 69 edges")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = runner.invoke(main, ["network", "coauthors", str(seed_path), str(empty)])
    assert result.exit_code == EXIT_SKIPPED and "file is empty" in result.stderr
    assert result.stdout.startswith("coauthors: 35 nodes")


_RADKG = "https://w3id.org/radkg/ontology#"


def _analyses(store: ox.Store) -> dict[str, dict[str, str]]:
    """Each analysis in the store: its graph IRI -> its radkg: facts (name -> value)."""
    found: dict[str, dict[str, str]] = {}
    query = f"""SELECT ?g ?p ?o WHERE {{ GRAPH ?g {{
        ?a a <{_RADKG}NetworkAnalysis> ; ?p ?o . FILTER(STRSTARTS(STR(?p), "{_RADKG}")) }} }}"""
    for row in store.query(query):
        found.setdefault(row["g"].value, {})[row["p"].value[len(_RADKG) :]] = row["o"].value
    return found


def test_network_to_graph_writes_a_file_and_replaces_in_a_store(
    runner: CliRunner, tmp_path: Path
) -> None:
    trig = tmp_path / "metrics.trig"
    args = ["network", "coauthors", "-g", SMALL, "--seed", "4", "--to-graph", str(trig)]
    result = runner.invoke(main, args)
    assert result.exit_code == EXIT_OK, result.output
    assert f"wrote {trig}" in result.stderr
    first = trig.read_bytes()
    assert runner.invoke(main, args).exit_code == EXIT_OK and trig.read_bytes() == first
    loaded = ox.Store()
    loaded.load(first, format=ox.RdfFormat.TRIG)
    (facts,) = _analyses(loaded).values()
    assert facts["networkName"] == "coauthors" and facts["randomSeed"] == "4"
    assert facts["nodeCount"] == "7" and facts["communityMethod"] == "louvain"

    store_dir = tmp_path / "store"
    source = ox.Store(str(store_dir))
    source.load(path=SMALL, format=ox.RdfFormat.TRIG)
    size = len(source)
    del source
    into = ["network", "coauthors", "-g", str(store_dir), "--to-graph", str(store_dir)]
    for _ in range(2):  # the second run replaces the first
        result = runner.invoke(main, into)
        assert result.exit_code == EXIT_OK, result.output
    result = runner.invoke(
        main, [*into, "--years", "2019-2020", "--normalize", "association", "--communities", "none"]
    )
    assert result.exit_code == EXIT_OK, result.output
    assert "(graph <https://w3id.org/radkg/id/graph/network-coauthors-" in result.stderr
    stored = ox.Store.read_only(str(store_dir))
    analyses = _analyses(stored)
    assert len(analyses) == 2
    subset = next(f for f in analyses.values() if "yearFrom" in f)
    assert subset["yearFrom"] == "2019" and subset["yearTo"] == "2020"
    assert subset["weightNormalisation"] == "association" and "communityMethod" not in subset
    assert sorted(int(f["nodeCount"]) for f in analyses.values()) == [3, 7]
    assert sum(1 for q in stored if q.graph_name.value not in analyses) == size  # sources intact
    result = runner.invoke(
        main,
        [
            "query",
            "--sparql",
            f"SELECT (COUNT(*) AS ?n) WHERE {{ ?p <{_RADKG}positionOf> ?node }}",
            "-g",
            str(store_dir),
            "--format",
            "csv",
        ],
    )
    assert result.exit_code == EXIT_OK and result.stdout.split() == ["n", "10"], result.output


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["network", "citations"], EXIT_USAGE, "Invalid value"),
        (["network", "coauthors", "--years", "2024-2020"], EXIT_USAGE, "empty"),
        (["network", "coauthors", "--years", "recent"], EXIT_USAGE, "--years takes FROM-TO"),
        (["network", "coauthors", "--export", "dot"], EXIT_USAGE, "unknown network format 'dot'"),
        (
            ["network", "coauthors", "--articles", "DELETE WHERE { ?s ?p ?o }"],
            EXIT_FAILURE,
            "refused",
        ),
        (["network", "coauthors", "--project", "method"], EXIT_USAGE, "no 'method' nodes"),
        (["view", "coauthors", "-g", SMALL, "x.txt"], EXIT_USAGE, "either SOURCES or --graph"),
        (
            ["network", "coauthors", "-g", SMALL, "--to-graph", "metrics.csv"],
            EXIT_USAGE,
            "unknown RDF file extension",
        ),
    ],
    ids=[
        "unknown-network",
        "empty-years",
        "bad-years",
        "bad-format",
        "update-query",
        "bad-projection",
        "sources-and-graph",
        "to-graph-extension",
    ],
)
def test_usage_errors(runner: CliRunner, args: list[str], code: int, message: str) -> None:
    result = runner.invoke(main, args)
    assert result.exit_code == code, result.output
    assert message in result.stderr


def test_view_writes_one_offline_page(runner: CliRunner, tmp_path: Path) -> None:
    page = tmp_path / "topics.html"
    result = runner.invoke(
        main,
        [
            "view",
            "topics",
            "-g",
            SMALL,
            "-o",
            str(page),
            "--size-by",
            "pagerank",
            "--title",
            "Topics <b>2019</b>",
        ],
    )
    assert result.exit_code == EXIT_OK, result.output
    html = page.read_text(encoding="utf-8")
    assert (
        "<title>Topics &lt;b&gt;2019&lt;/b&gt;</title>" in html and '"size_by": "pagerank"' in html
    )
    assert "<script src" not in html and "\\u003cscript\\u003ewindow.__pwned=2" in html
    assert "wrote" in result.stderr and "(5 nodes, 4 edges)" in result.stderr
