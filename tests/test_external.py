"""External SPARQL servers: radkg loads its graph into a real Oxigraph server and every named query
gives the same rows there as on the embedded store."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import kg
from kg.cli import main
from kg.errors import QueryError
from kg.sparql import Endpoint, library, open_graph, query, run, upload

FIXTURE = Path(__file__).parent / "data" / "sparql" / "extraction.trig"
OXIGRAPH = shutil.which("oxigraph")
pytestmark = pytest.mark.skipif(
    OXIGRAPH is None, reason="the oxigraph server (PyPI oxigraph) is not installed"
)

PARAMS = [
    ("articles-by-author", {"author_name": "周卫平"}),
    ("articles-by-author", {"author_name": '周" } ?s ?p ?o {'}),
    ("coauthors", {"author_name": "甲一"}),
    ("articles", {"issn": "0000-0019"}),
    ("productive-authors", {"min_articles": 2}),
    ("keywords-by-frequency", {"min_articles": 2}),
    ("concepts-without-mesh", {"scheme": "radkg:KeywordScheme"}),
    ("leaderboard", {"metric": "radkg:Sensitivity"}),
    ("method-results", {"method": "radiomics"}),
    ("articles-using-method", {"method": "深度学习"}),
    ("search-titles", {"text": "MRI"}),
    ("has-author", {"author_name": "nobody\n}"}),
]


@pytest.fixture(scope="module")
def embedded() -> ox.Store:
    """The seed build and the extraction fixture in one store, as radkg holds them."""
    store = ox.Store()
    store.extend(open_graph(FIXTURE))
    store.extend(_seed_quads())
    return store


def _seed_quads() -> list[ox.Quad]:
    """The seed build, with its co-author metrics written back (for ``network-positions``)."""
    from kg.networks import coauthor_graph, metrics_to_rdf, network_metrics
    from kg.store import quads

    dataset = kg.build(validate="none").dataset
    G = coauthor_graph(dataset)
    return [*quads(dataset), *metrics_to_rdf(G, network_metrics(G, seed=1))]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, embedded: ox.Store) -> Iterator[str]:
    """A real Oxigraph server on loopback, with a temporary store, loaded by radkg's bulk loader."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    location = tmp_path_factory.mktemp("oxigraph")
    process = subprocess.Popen(
        [
            OXIGRAPH,
            "serve",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                assert process.poll() is None, (
                    process.stderr.read().decode() if process.stderr else ""
                )
                assert time.monotonic() < deadline, "the Oxigraph server did not start"
                time.sleep(0.1)
        counts = upload(embedded, base + "/store", chunk=500)
        assert sum(counts.values()) == len(embedded)
        yield base
    finally:
        process.terminate()
        process.wait(10)


def test_every_named_query_gives_the_same_rows_on_the_server(
    server: str, embedded: ox.Store
) -> None:
    remote = Endpoint(server + "/query")
    for name, named in library().items():
        here, there = run(embedded, name), run(remote, name)
        if named.form == "construct":
            assert sorted(map(str, there.triples)) == sorted(map(str, here.triples)), name
        else:
            assert there.rows == here.rows, name


@pytest.mark.parametrize(
    ("name", "params"), PARAMS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(PARAMS)]
)
def test_bound_parameters_give_the_same_rows_on_the_server(
    server, embedded, name: str, params: dict
) -> None:
    assert (
        run(Endpoint(server + "/query"), name, params=params).rows
        == run(embedded, name, params=params).rows
    )


def test_nonempty_answers_are_compared(server: str, embedded: ox.Store) -> None:
    """The comparison above is not vacuous: most queries have rows on this data."""
    empty = [name for name in library() if len(run(embedded, name)) == 0]
    assert empty == []


def test_refusals_apply_to_external_endpoints_too(server: str) -> None:
    with pytest.raises(QueryError, match="SERVICE is refused"):
        query(
            Endpoint(server + "/query"),
            "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
        )
    with pytest.raises(QueryError, match="not valid|answered 400"):
        query(Endpoint(server + "/query"), "SELECT ?x WHERE { ?x")


def test_an_unreachable_endpoint_is_a_clear_error() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(QueryError, match="cannot reach the SPARQL endpoint"):
        query(Endpoint(f"http://127.0.0.1:{port}/query", timeout=2), "ASK {}")


def test_cli_load_and_query_against_the_server(
    server: str, embedded: ox.Store, tmp_path: Path
) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    assert runner.invoke(main, ["build", "-q", "-o", str(out), "--format", "nq"]).exit_code == 0
    # Loading the same source again replaces its graph: the server's triple count does not change.
    loaded = runner.invoke(main, ["load", str(out / "radkg.nq"), "--endpoint", server + "/store"])
    assert loaded.exit_code == 0, loaded.output
    assert "triples in 1 graphs" in loaded.stderr
    result = runner.invoke(
        main,
        [
            "query",
            "coauthors",
            "--endpoint",
            server + "/query",
            "--format",
            "csv",
            "-p",
            "author_name=周卫平",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "author_name,coauthor,coauthor_name,shared_articles"
    assert len(result.stdout.splitlines()) == 4
    count = query(
        Endpoint(server + "/query"), "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    )
    # The fixture, the seed build (just replaced by the same graph) and its network metrics.
    assert count.rows[0]["n"] == len(embedded)
