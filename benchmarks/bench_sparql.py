"""Named-query latency on three engines; endpoint throughput while another client overruns.

    python benchmarks/bench_sparql.py [--articles 100000] [--memory-articles 10000] [--runs 5]
                                      [--limit 60] [--memory-timeout 60] [--seconds 10]
                                      [--clients 8] [--workers 3] [--workdir DIR]
                                      [--skip latency|memory|endpoint ...] [--query NAME ...]

1. Writes ``--articles`` synthetic articles (``synthetic.py``, the seed's layout, 1,000 a page)
   and builds them with ``kg.build`` into an on-disk Oxigraph store.  With ``--workdir`` the
   pages and the store are kept there and reused by the next run (a 100k build takes minutes).
2. Runs every named query ``--runs`` times (after one warm-up run) on that store, opened
   read-only, in two ways called in turn (so that a busy machine slows both alike): through
   ``kg.sparql.run`` on the rdflib ``Dataset`` over it (radkg's API, what ``kg.build`` returns)
   and directly on the raw ``pyoxigraph.Store`` (``store.query`` with ``substitutions=``,
   every value read).  A query whose first run takes longer than ``--limit`` seconds (run in a
   forked child, killed at the limit) is reported as over the limit and not timed.
   Parameters are the query's defaults, except that names and IRIs are taken from the data
   (the seed's author is not in the synthetic pages): the most productive author and the
   first article.
3. rdflib's Memory store holds ~2 kB per triple (about 2 GB for 10k articles), so it is
   compared on the first ``--memory-articles`` articles: the same pages built into radkg's store
   (in memory) and into the Memory store, every query run through ``kg.sparql.run`` on both
   (Memory in a child process killed after ``--memory-timeout`` s, as rdflib cannot cancel a
   query).  The speed-up of a query is Memory p50 / radkg p50; a killed query counts as the
   time limit, a lower bound.
4. Starts ``radkg serve STORE`` on loopback (``--workers`` workers, 1 s time limit) and, for
   ``--seconds`` (after a 1 s warm-up), lets ``--clients`` keep-alive clients send a lookup
   (``/queries/articles-by-author``, cycling through 100 authors of the data) while one more
   client keeps sending a query that always runs past the time limit.  Prints requests/s,
   p50 and p99 of the lookups, errors, and how many slow queries were stopped.  The clients are
   stdlib ``http.client`` connections (cheap per request) so that the load generator, which
   shares the machine, takes little of the CPU it measures.

Targets (issue 6): named queries within 1.5x of raw pyoxigraph, >= 20x faster than the Memory
store; >= 300 requests/s with p99 < 100 ms.
"""

from __future__ import annotations

import argparse
import gc
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import pyoxigraph as ox

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
PER_PAGE = 1000
FOAF_NAME = "<http://xmlns.com/foaf/0.1/name>"
FABIO_ARTICLE = "http://purl.org/spar/fabio/JournalArticle"


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _time(function, runs: int) -> tuple[list[float], int]:  # type: ignore[no-untyped-def]
    """Milliseconds of calls after a warm-up call, and the size of the warm-up's result.

    At least ``runs`` calls; quick queries are repeated for 0.3 s (at most 200 calls), so that
    a p50 of a fraction of a millisecond is not one noisy sample.
    """
    size = len(function())
    out: list[float] = []
    while len(out) < runs or (sum(out) < 300 and len(out) < 200):
        start = time.perf_counter()
        function()
        out.append((time.perf_counter() - start) * 1000)
    return out, size


def _interleaved(ours, theirs, runs: int) -> tuple[list[float], list[float], int]:  # type: ignore[no-untyped-def]
    """Like :func:`_time` for two functions, called in turn so that a busy machine slows both."""
    size = len(ours())
    theirs()
    a: list[float] = []
    b: list[float] = []
    while len(a) < runs or (sum(a) + sum(b) < 600 and len(a) < 200):
        for function, out in ((ours, a), (theirs, b)):
            start = time.perf_counter()
            function()
            out.append((time.perf_counter() - start) * 1000)
    return a, b, size


def _raw(store: ox.Store, text: str, bindings: dict) -> object:
    answer = store.query(
        text,
        substitutions={ox.Variable(k): v for k, v in bindings.items()} or None,
        use_default_graph_as_union=True,
    )
    if isinstance(answer, ox.QueryBoolean):
        return [bool(answer)]
    if isinstance(answer, ox.QuerySolutions):
        return [tuple(solution) for solution in answer]  # every value read, as any caller does
    return list(answer)


def _bounded(function, seconds: float):  # type: ignore[no-untyped-def]
    """``function()`` in a forked child, or ``None`` if it runs longer than ``seconds``."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe()

    def target() -> None:
        child.send(function())

    process = context.Process(target=target)
    process.start()
    try:
        return parent.recv() if parent.poll(seconds) else None
    finally:
        process.kill()
        process.join()


def prepare(workdir: Path, articles: int) -> tuple[Path, Path]:
    """The pages and on-disk store of ``articles`` synthetic articles in ``workdir`` (reused)."""
    from synthetic import write_pages

    import kg

    pages, store = workdir / f"pages-{articles}", workdir / f"store-{articles}"
    if not (workdir / f"pages-{articles}.done").exists():
        write_pages(pages, articles, per_page=PER_PAGE)
        (workdir / f"pages-{articles}.done").write_text("")
    if not (workdir / f"store-{articles}.done").exists():
        start = time.perf_counter()
        report = kg.build(sorted(pages.glob("*.txt")), store=store, validate="none")
        del report
        gc.collect()  # the writer is closed before anything opens the store read-only
        (workdir / f"store-{articles}.done").write_text("")
        print(f"built {articles:,} articles into {store} in {time.perf_counter() - start:.0f} s")
    return pages, store


def _params(raw: ox.Store) -> dict[str, dict[str, object]]:
    """Parameters that select something in the synthetic data, by query name."""
    from kg.sparql import run

    author = run(raw, "productive-authors").rows[0]["name"]
    first = f"SELECT ?a WHERE {{ ?a a <{FABIO_ARTICLE}> }} LIMIT 1"
    article = next(iter(raw.query(first, use_default_graph_as_union=True)))["a"]
    return {
        "articles-by-author": {"author_name": author},
        "coauthors": {"author_name": author},
        "has-author": {"author_name": author},
        "article-graph": {"article": article.value},
    }


ONLY: list[str] = []  # --query NAME (repeatable): only these named queries


def _chosen() -> dict:  # type: ignore[type-arg]
    from kg.sparql import library

    return {k: v for k, v in library().items() if not ONLY or k in ONLY}


def _p50_p95(values: list[float]) -> list[float]:
    return [statistics.median(values), _percentile(values, 0.95)]


def _line(cells: list[str], widths: list[int]) -> str:
    """A table line: the first cell left-aligned, the others right-aligned."""
    return " ".join(
        f"{cell:{w}}" if i == 0 else f"{cell:>{w}}"
        for i, (cell, w) in enumerate(zip(cells, widths, strict=True))
    )


def latency(store_dir: Path, articles: int, runs: int, limit: float) -> None:
    """radkg's API vs raw pyoxigraph on the on-disk store."""
    from oxrdflib import OxigraphStore
    from rdflib import Dataset

    from kg.sparql import bind, run
    from kg.store import oxigraph

    # The Dataset kg.store.open_store(store_dir) gives, over the store opened read-only.
    ds = Dataset(store=OxigraphStore(store=ox.Store.read_only(str(store_dir))), default_union=True)
    raw = oxigraph(ds)
    assert raw is not None
    print(f"\n{articles:,} articles, {len(raw):,} quads: radkg (kg.sparql.run) vs raw pyoxigraph")
    params = _params(raw)
    widths = [34, 7, 10, 9, 9, 9, 6]
    print(_line(["query", "rows", "radkg p50", "p95", "raw p50", "p95", "ratio"], widths))
    ratios = []
    for name, named in _chosen().items():
        given = params.get(name, {})
        bindings = bind(named, given)
        if _bounded(lambda n=name, g=given: len(run(ds, n, params=g)), limit) is None:
            ratios.append(float("nan"))
            print(_line([name, "", f">{limit:g} s", "", "", "", ""], widths), flush=True)
            continue  # too slow to time here: a forked child ran it and was killed at the limit
        ours, theirs, count = _interleaved(
            lambda n=name, g=given: run(ds, n, params=g),
            lambda t=named.text, b=bindings: _raw(raw, t, b),
            runs,
        )
        ratio = statistics.median(ours) / max(statistics.median(theirs), 1e-6)
        ratios.append(ratio)
        cells = [f"{t:.2f}" for t in _p50_p95(ours) + _p50_p95(theirs)]
        print(_line([name, f"{count}", *cells, f"{ratio:.2f}"], widths), flush=True)
    timed = [(r, n) for r, n in zip(ratios, _chosen(), strict=True) if r == r]  # NaN: over limit
    worst = max(timed)
    print(
        f"radkg/raw p50 ratio: median {statistics.median(r for r, _ in timed):.2f},"
        f" max {worst[0]:.2f} ({worst[1]}) (target <= 1.5)"
    )


def versus_memory(pages: Path, articles: int, runs: int, timeout: float) -> None:
    """radkg's store vs rdflib's Memory store on the same first ``articles`` articles."""
    import kg
    from kg.sparql import run
    from kg.store import oxigraph

    chosen = sorted(pages.glob("*.txt"))[: max(1, -(-articles // PER_PAGE))]
    ds = kg.build(chosen, validate="none").dataset
    start = time.perf_counter()
    memory = kg.build(chosen, backend="memory", validate="none").dataset
    print(
        f"\n{articles:,} articles (Memory store built in {time.perf_counter() - start:.0f} s):"
        " radkg vs rdflib Memory, both through kg.sparql.run"
    )
    params = _params(oxigraph(ds))  # type: ignore[arg-type]
    widths = [34, 7, 10, 9, 11, 9, 9]
    print(_line(["query", "rows", "radkg p50", "p95", "Memory p50", "p95", "speed-up"], widths))
    speedups = []
    for name in _chosen():
        given = params.get(name, {})
        ours, count = _time(lambda n=name, g=given: run(ds, n, params=g), runs)
        slow = _bounded(
            lambda n=name, g=given: _time(lambda: run(memory, n, params=g), max(1, runs // 2))[0],
            timeout,
        )
        p50 = statistics.median(ours)
        if slow is None:  # rdflib cannot be stopped in-process: the child running it was killed
            speedups.append(timeout * 1000 / max(p50, 1e-6))
            theirs = [f">{timeout:g} s", "", f">{speedups[-1]:.0f}x"]
        else:
            speedups.append(statistics.median(slow) / max(p50, 1e-6))
            theirs = [f"{t:.1f}" for t in _p50_p95(slow)] + [f"{speedups[-1]:.0f}x"]
        row = [name, f"{count}", *(f"{t:.2f}" for t in _p50_p95(ours)), *theirs]
        print(_line(row, widths), flush=True)
    worst = min(zip(speedups, _chosen(), strict=True))
    print(
        f"Memory/radkg p50: median {statistics.median(speedups):.0f}x,"
        f" min {worst[0]:.0f}x ({worst[1]}) (target >= 20x)"
    )


def throughput(store_dir: Path, seconds: float, clients: int, workers: int) -> None:
    from kg.sparql import query

    text = f"SELECT DISTINCT ?n WHERE {{ ?p {FOAF_NAME} ?n }} LIMIT 100"
    names = [row["n"] for row in query(store_dir, text).rows]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from kg.cli import main; main()",
            "serve",
            str(store_dir),
            "--port",
            str(port),
            "--timeout",
            "1",
            "--workers",
            str(workers),
        ],
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                probe = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
                probe.request("GET", "/queries")
                probe.getresponse().read()
                probe.close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        begin = time.monotonic() + 1.0  # one second of warm-up is not counted
        stop = begin + seconds
        latencies: list[float] = []
        errors: list[int] = []
        slow = [0, 0]
        lock = threading.Lock()
        paths = [
            "/queries/articles-by-author?" + urllib.parse.urlencode({"author_name": n})
            for n in names
        ]
        accept = {"Accept": "application/sparql-results+json"}

        def lookup(offset: int) -> None:
            mine, bad = [], 0
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            i = offset
            while (now := time.monotonic()) < stop:
                start = time.perf_counter()
                connection.request("GET", paths[i % len(paths)], headers=accept)
                response = connection.getresponse()
                response.read()
                if now >= begin:
                    mine.append((time.perf_counter() - start) * 1000)
                    bad += response.status != 200
                i += 1
            connection.close()
            with lock:
                latencies.extend(mine)
                errors.append(bad)

        def overrun() -> None:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            path = "/sparql?" + urllib.parse.urlencode({"query": SLOW})
            while time.monotonic() < stop:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                slow[0] += 1
                slow[1] += response.status == 503
            connection.close()

        threads = [threading.Thread(target=lookup, args=(k * 13,)) for k in range(clients)]
        threads.append(threading.Thread(target=overrun))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        print(
            f"\nendpoint ({workers} workers), {clients} lookup clients"
            f" + 1 client hitting the 1 s limit, {seconds:g} s:"
            f" {len(latencies) / seconds:.0f} requests/s,"
            f" p50 {statistics.median(latencies):.1f} ms,"
            f" p99 {_percentile(latencies, 0.99):.1f} ms,"
            f" {sum(errors)} errors; {slow[1]}/{slow[0]} slow queries stopped at the limit"
            " (target >= 300 req/s, p99 < 100 ms)"
        )
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--memory-articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--memory-timeout", type=float, default=60.0, help="s per Memory query")
    parser.add_argument("--limit", type=float, default=60.0, help="s per query, radkg vs raw")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--workdir", type=Path, help="keep pages and store here, reuse them")
    parser.add_argument(
        "--skip", choices=("latency", "memory", "endpoint"), action="append", default=[]
    )
    parser.add_argument("--query", action="append", default=[], help="only this named query")
    args = parser.parse_args()
    ONLY.extend(args.query)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs", flush=True)
    with tempfile.TemporaryDirectory(prefix="radkg-bench-sparql-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        pages, store = prepare(workdir, args.articles)
        if "latency" not in args.skip:
            latency(store, args.articles, args.runs, args.limit)
        if "memory" not in args.skip:
            small = min(args.articles, args.memory_articles)
            versus_memory(pages, small, args.runs, args.memory_timeout)
        gc.collect()
        if "endpoint" not in args.skip:
            throughput(store, args.seconds, args.clients, args.workers)


if __name__ == "__main__":
    main()
