"""The SPARQL endpoint with real clients (SPARQLWrapper, rdflib's SPARQLStore, httpx); limits."""

from __future__ import annotations

import gc
import json
import socket
import threading
import time
import urllib.error
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pyoxigraph as ox
import pytest
import uvicorn
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    QueryBadFormed,
    SPARQLWrapperException,
)

import kg
from kg.endpoint import create_app, negotiate
from kg.sparql import query, run

TIMEOUT = 1.0
MAX_ROWS = 200
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    """One server for the module: bundled data, two workers, a 1 s time limit, 200 rows at most."""
    app = create_app(workers=2, timeout=TIMEOUT, max_rows=MAX_ROWS)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def seed():
    return kg.build(validate="none").dataset


def _wrapper(base: str, text: str, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(base + "/sparql")
    client.setQuery(text)
    client.setReturnFormat(fmt)
    return client


# --------------------------------------------------------------------------- SPARQLWrapper


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select_json(base: str, method: str, seed) -> None:
    client = _wrapper(base, COUNT, JSON)
    client.setMethod(method)
    data = client.queryAndConvert()
    assert (
        int(data["results"]["bindings"][0]["n"]["value"]) == query(seed, COUNT).rows[0]["n"] > 500
    )


def test_sparqlwrapper_select_every_result_format(base: str, seed) -> None:
    text = """PREFIX foaf: <http://xmlns.com/foaf/0.1/> PREFIX dcterms: <http://purl.org/dc/terms/>
    SELECT ?coauthor ?coauthor_name (COUNT(DISTINCT ?article) AS ?shared_articles) WHERE {
      ?person foaf:name "周卫平" .
      ?article dcterms:creator ?person , ?coauthor .
      FILTER(?coauthor != ?person)
      ?coauthor foaf:name ?coauthor_name .
    }
    GROUP BY ?coauthor ?coauthor_name
    ORDER BY DESC(?shared_articles) ?coauthor_name ?coauthor"""  # the coauthors query, ad hoc
    expected = [r["coauthor_name"] for r in run(seed, "coauthors").rows]
    as_json = _wrapper(base, text, JSON).queryAndConvert()
    assert [b["coauthor_name"]["value"] for b in as_json["results"]["bindings"]] == expected
    as_xml = _wrapper(base, text, XML).queryAndConvert()  # an xml.dom document
    names = [n.firstChild.data for n in as_xml.getElementsByTagName("literal")]
    assert [n for n in names if n in expected] == expected
    as_csv = _wrapper(base, text, CSV).queryAndConvert().decode()
    assert as_csv.splitlines()[0] == "coauthor,coauthor_name,shared_articles"
    assert [line.split(",")[1] for line in as_csv.splitlines()[1:]] == expected
    as_tsv = _wrapper(base, text, TSV).queryAndConvert().decode()
    assert as_tsv.splitlines()[0] == "?coauthor\t?coauthor_name\t?shared_articles"
    assert [line.split("\t")[1] for line in as_tsv.splitlines()[1:]] == [f'"{n}"' for n in expected]


@pytest.mark.parametrize("fmt", [JSON, XML])
def test_sparqlwrapper_ask(base: str, fmt: str) -> None:
    yes = _wrapper(
        base, 'ASK { ?p <http://xmlns.com/foaf/0.1/name> "周卫平" }', fmt
    ).queryAndConvert()
    no = _wrapper(
        base, 'ASK { ?p <http://xmlns.com/foaf/0.1/name> "nobody" }', fmt
    ).queryAndConvert()
    if fmt == JSON:
        assert (yes["boolean"], no["boolean"]) == (True, False)
    else:
        values = [d.getElementsByTagName("boolean")[0].firstChild.data for d in (yes, no)]
        assert values == ["true", "false"]


@pytest.mark.parametrize("fmt", [TURTLE, N3, XML, JSONLD])
def test_sparqlwrapper_construct(base: str, fmt: str) -> None:
    article = "<http://purl.org/spar/fabio/JournalArticle>"
    text = f"CONSTRUCT {{ ?a a {article} }} WHERE {{ ?a a {article} }}"
    result = _wrapper(base, text, fmt).queryAndConvert()
    if isinstance(result, Graph):
        g = result
    else:
        g = Graph()
        g.parse(data=result, format="json-ld" if fmt == JSONLD else "turtle")
    assert len(g) == 9


def test_describe(base: str) -> None:
    text = "DESCRIBE <https://w3id.org/radkg/id/article/issn-1005-1201-na-p201-918a1d9c1382>"
    response = httpx.get(
        base + "/sparql", params={"query": text}, headers={"Accept": "application/n-triples"}
    )
    assert (
        response.status_code == 200 and response.headers["content-type"] == "application/n-triples"
    )
    assert len(list(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES))) > 20


def test_rdflib_sparqlstore(base: str, seed) -> None:
    g = Graph(store=SPARQLStore(base + "/sparql", returnFormat="json"))
    text = "SELECT ?name WHERE { ?p <http://xmlns.com/foaf/0.1/name> ?name } ORDER BY ?name LIMIT 5"
    rows = list(g.query(text))
    assert [str(r[0]) for r in rows] == [r["name"] for r in query(seed, text).rows] and len(
        rows
    ) == 5
    assert bool(g.query("ASK { ?s ?p ?o }").askAnswer) is True
    xml_store = Graph(store=SPARQLStore(base + "/sparql", returnFormat="xml"))
    assert (
        len(list(xml_store.query("SELECT ?s WHERE { ?s a <http://xmlns.com/foaf/0.1/Person> }")))
        == 36
    )


# --------------------------------------------------------------------------- the protocol


def test_post_body_and_form(base: str) -> None:
    body = httpx.post(
        base + "/sparql",
        content=COUNT.encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    form = httpx.post(base + "/sparql", data={"query": COUNT})
    assert body.status_code == form.status_code == 200 and body.content == form.content
    assert (
        httpx.post(
            base + "/sparql", content=b"x", headers={"Content-Type": "text/plain"}
        ).status_code
        == 415
    )
    assert httpx.get(base + "/sparql").status_code == 400


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv; charset=utf-8"),
        (
            "text/tab-separated-values;q=0.9, text/csv;q=0.1",
            "text/tab-separated-values; charset=utf-8",
        ),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_content_negotiation(base: str, accept: str, media: str) -> None:
    response = httpx.get(base + "/sparql", params={"query": COUNT}, headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"] == media


def test_unacceptable_format_is_406(base: str) -> None:
    response = httpx.get(base + "/sparql", params={"query": COUNT}, headers={"Accept": "image/png"})
    assert response.status_code == 406


def test_negotiate() -> None:
    assert negotiate("text/turtle;q=0.2, application/ld+json", "construct") == "jsonld"
    assert negotiate("application/sparql-results+json;q=0", "select") is None
    assert negotiate(None, "select", override="csv") == "csv"
    assert (
        negotiate("text/csv", "select", override="ttl") == "csv"
    )  # not a row format: Accept decides


def test_malformed_query_is_400(base: str) -> None:
    response = httpx.get(base + "/sparql", params={"query": "SELECT ?x WHERE { ?x"})
    assert response.status_code == 400 and "not valid SPARQL" in response.text


def test_result_size_cap(base: str) -> None:
    response = httpx.get(base + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 413 and f"more than {MAX_ROWS}" in response.text
    limited = httpx.get(base + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 200"})
    assert limited.status_code == 200
    too_long = httpx.post(
        base + "/sparql",
        content=b"#" * 200_000,
        headers={"Content-Type": "application/sparql-query"},
    )
    assert too_long.status_code == 413


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("request_kwargs", "message"),
    [
        ({"data": {"update": "INSERT DATA { <http://a> <http://b> <http://c> }"}}, "read-only"),
        (
            {"content": b"DROP ALL", "headers": {"Content-Type": "application/sparql-update"}},
            "read-only",
        ),
        (
            {"data": {"query": "INSERT DATA { <http://a> <http://b> <http://c> }"}},
            "INSERT is refused",
        ),
        ({"data": {"query": "LOAD <file:///etc/passwd>"}}, "LOAD is refused"),
        (
            {"data": {"query": "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"}},
            "FROM is refused",
        ),
        (
            {
                "data": {
                    "query": "SELECT * FROM NAMED <file:///etc/passwd>"
                    " WHERE { GRAPH ?g { ?s ?p ?o } }"
                }
            },
            "FROM",
        ),
        ({"data": {"query": COUNT, "default-graph-uri": "file:///etc/passwd"}}, "refused"),
    ],
    ids=[
        "update-form",
        "update-body",
        "insert-as-query",
        "load",
        "from-file",
        "from-named",
        "default-graph-uri",
    ],
)
def test_updates_and_loading_are_refused(
    base: str, seed, request_kwargs: dict, message: str
) -> None:
    response = httpx.post(base + "/sparql", **request_kwargs)
    assert response.status_code == 403 and message in response.text
    assert "root:" not in response.text
    after = httpx.get(base + "/sparql", params={"query": COUNT}).json()["results"]["bindings"]
    assert int(after[0]["n"]["value"]) == query(seed, COUNT).rows[0]["n"]  # nothing was added


def test_sparqlwrapper_update_is_refused(base: str) -> None:
    client = SPARQLWrapper(base + "/sparql")
    client.setMethod("POST")
    client.setQuery("INSERT DATA { <http://a> <http://b> <http://c> }")
    with pytest.raises((SPARQLWrapperException, urllib.error.HTTPError)) as caught:
        client.query()
    assert getattr(caught.value, "code", 403) == 403


def test_service_to_a_loopback_address_is_refused_and_never_connects(base: str) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.settimeout(0.3)
    port = listener.getsockname()[1]
    try:
        for text in (
            f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ SERVICE SILENT <http://localhost:{port}/> {{ ?s ?p ?o }} }}",
        ):
            response = httpx.get(base + "/sparql", params={"query": text})
            assert response.status_code == 403 and "SERVICE is refused" in response.text
            with pytest.raises(TimeoutError):
                listener.accept()
    finally:
        listener.close()


@pytest.mark.parametrize(
    "hostile",
    [
        '周卫平" } ?s ?p ?o . FILTER("1',
        "x' } UNION { ?a ?b ?c }",
        "周卫平\n} ; DROP ALL",
        "}",
        '\\"',
    ],
    ids=["double-quote", "single-quote", "newline", "brace", "backslash"],
)
def test_injection_through_named_query_parameters(base: str, hostile: str) -> None:
    response = httpx.get(base + "/queries/articles-by-author", params={"author_name": hostile})
    assert response.status_code == 200
    data = response.json()
    assert data["results"]["bindings"] == []
    assert (
        httpx.get(base + "/queries/has-author", params={"author_name": hostile}).json()["boolean"]
        is False
    )


def test_named_queries(base: str, seed) -> None:
    catalogue = httpx.get(base + "/queries").json()
    assert [q["name"] for q in catalogue] == sorted(kg.sparql.library())
    response = httpx.get(
        base + "/queries/coauthors",
        params={"author_name": "周卫平"},
        headers={"Accept": "text/csv"},
    )
    assert response.status_code == 200
    assert response.text.splitlines()[1:] == [
        f"周卫平,{r['coauthor']},{r['coauthor_name']},1" for r in run(seed, "coauthors").rows
    ]
    graph = httpx.get(base + "/queries/article-graph", params={"format": "nt"})
    assert graph.status_code == 200 and len(graph.text.splitlines()) == len(
        run(seed, "article-graph")
    )
    assert httpx.get(base + "/queries/no-such-query").status_code == 404
    bad = httpx.get(base + "/queries/productive-authors", params={"min_articles": "many"})
    assert bad.status_code == 400 and "must be an integer" in bad.text
    unknown = httpx.get(base + "/queries/coauthors", params={"author": "x"})
    assert unknown.status_code == 400 and "has no parameter 'author'" in unknown.text


# ----------------------------------------------------------------- time limit and concurrency


def test_a_query_past_the_time_limit_is_stopped_and_the_server_stays_usable(base: str) -> None:
    started = time.monotonic()
    response = httpx.get(base + "/sparql", params={"query": SLOW}, timeout=30)
    elapsed = time.monotonic() - started
    assert response.status_code == 503 and "time limit" in response.text
    assert TIMEOUT <= elapsed < TIMEOUT + 1.5
    # Both workers answer again (the killed one was replaced): two queries at once, both quick.
    with ThreadPoolExecutor(2) as pool:
        answers = list(
            pool.map(
                lambda _: httpx.get(base + "/sparql", params={"query": COUNT}, timeout=10), range(4)
            )
        )
    assert [a.status_code for a in answers] == [200] * 4


def test_a_quick_query_is_answered_while_another_overruns(base: str) -> None:
    with ThreadPoolExecutor(1) as pool:
        slow = pool.submit(httpx.get, base + "/sparql", params={"query": SLOW}, timeout=30)
        time.sleep(0.2)
        quick = httpx.get(base + "/queries/has-author", timeout=10)
        assert quick.status_code == 200 and not slow.done()  # answered while the other still runs
        assert slow.result().status_code == 503


def test_a_killed_worker_is_replaced_at_once(tmp_path) -> None:
    """Workers fork from a server that has imported radkg: a replacement is ready at once.

    Spawning a fresh interpreter for each replacement took a second or more of imports, while
    a client hitting the time limit kept killing workers (p99 930 ms at 179 requests/s).
    """
    store = tmp_path / "store"
    report = kg.build(store=store, validate="none")
    report.dataset = None
    del report
    gc.collect()  # the writer is closed before the workers open the store read-only
    waits = []
    with _started(create_app(store, workers=1, timeout=TIMEOUT)) as url:
        for _ in range(2):
            slow = httpx.get(url + "/sparql", params={"query": SLOW}, timeout=30)
            assert slow.status_code == 503
            started = time.monotonic()
            quick = httpx.get(url + "/queries/has-author", timeout=30)  # waits for the new worker
            waits.append(time.monotonic() - started)
            assert quick.status_code == 200 and quick.json()["boolean"] is True
    assert min(waits) < 0.5, waits


def test_twenty_concurrent_clients(base: str, seed) -> None:
    expected = {name: run(seed, name).rows for name in ("coauthors", "article-types", "journals")}

    def client(i: int) -> list[bool]:
        name = sorted(expected)[i % 3]
        ok = []
        with httpx.Client(timeout=30) as c:
            for _ in range(5):
                response = c.get(f"{base}/queries/{name}")
                bindings = response.json()["results"]["bindings"]
                ok.append(response.status_code == 200 and len(bindings) == len(expected[name]))
        return ok

    with ThreadPoolExecutor(20) as pool:
        results = [ok for batch in pool.map(client, range(20)) for ok in batch]
    assert len(results) == 100 and all(results)


# --------------------------------------------------------------------------- the query page


def test_query_page_is_offline_and_lists_the_queries(base: str) -> None:
    response = httpx.get(base + "/")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    html = response.text
    assert 'src="http' not in html and 'href="http' not in html and "//cdn" not in html
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'nonce-" in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'<script nonce="{nonce}">' in html
    data = html.split('<script type="application/json" id="queries-data">')[1].split("</script>")[0]
    assert [q["name"] for q in json.loads(data)] == sorted(kg.sparql.library())


def test_query_page_escapes_hostile_catalogue_text() -> None:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("kg", "templates"), autoescape=select_autoescape(("html",))
    )
    hostile = [
        {
            "name": "x",
            "title": "</script><script>alert(1)</script>",
            "description": "<img onerror=x>",
            "form": "select",
            "parameters": [],
        }
    ]
    html = env.get_template("query.html").render(queries=hostile, nonce='"><script>')
    assert "</script><script>alert(1)" not in html and "<img onerror" not in html
    assert '"><script>' not in html
    data = html.split('id="queries-data">')[1].split("</script>")[0]
    assert json.loads(data)[0]["title"] == hostile[0]["title"]


def test_bad_settings_are_usage_errors(tmp_path) -> None:
    with pytest.raises(kg.UsageError):
        create_app(workers=0)
    with pytest.raises(kg.UsageError, match="no such file"):
        create_app(tmp_path / "missing.ttl")


def test_serving_a_graph_file(tmp_path) -> None:
    """A saved Turtle file is loaded into a temporary store that the workers read."""
    kg.build(validate="none", out=tmp_path, formats=["nq"])
    with _started(create_app(tmp_path / "radkg.nq", workers=1, timeout=5)) as url:
        response = httpx.get(url + "/queries/article-types", headers={"Accept": "text/csv"})
        assert response.text.splitlines()[1] == "ResearchArticle,4"
        assert (
            EndPointInternalError and QueryBadFormed
        )  # imported error classes exist in this SPARQLWrapper


class _started:
    def __init__(self, app) -> None:
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=_free_port(), log_level="warning")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        while not self.server.started:
            assert self.thread.is_alive()
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.server.config.port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)
