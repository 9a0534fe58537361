"""Networks at scale: time to build each network and its metrics; a 5,000-node page in Chromium.

For 10k and 100k synthetic articles (benchmarks/synthetic.py with a
realistic author pool, so that co-authors repeat across articles) the
graph is built once, then each network is built from it, its metrics
computed (betweenness and closeness from 256 seeded pivots above 2,000
nodes, through igraph with networkx's definitions and pivots) and written
back into the graph as RDF (``kg.networks.replace_metrics``: one named
graph per analysis).  Then the 5,000 most productive authors of the 10k network are
written as a page (precomputed layout, physics off) and opened in headless
Chromium: first paint (navigation start to vis-network's first drawing),
and the time a search, a year filter and a redraw take.  Target: the page
paints in under 3 s.

    python benchmarks/bench_networks.py [--sizes 10000,100000] [--no-browser]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import write_pages  # noqa: E402

import kg  # noqa: E402
from kg.networks import network, network_metrics, replace_metrics  # noqa: E402
from kg.views import layout, write_page  # noqa: E402

__all__ = ["bench_page", "bench_size", "main"]

FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    tick = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - tick


def bench_size(n: int, folder: Path) -> object:
    """Build the graph of ``n`` synthetic articles; time each network and its metrics."""
    pages = write_pages(folder / f"pages-{n}", n, author_pool=max(2_000, n))
    report, seconds = _timed(kg.build, pages, validate="none")
    print(f"\n{n:,} articles: graph built in {seconds:.1f}s ({report.triples:,} triples)")
    print(
        f"{'network':<14}{'nodes':>9}{'edges':>10}{'build s':>9}{'metrics s':>11}"
        f"{'to-graph s':>12}  giant, communities, pivots"
    )
    coauthors = None
    for name in ("coauthors", "topics", "author-keyword"):
        G, build_s = _timed(network, name, report.dataset)
        metrics, metrics_s = _timed(network_metrics, G, seed=0)
        _, rdf_s = _timed(replace_metrics, report.dataset, G, metrics)
        summary = metrics.graph
        print(
            f"{name:<14}{G.number_of_nodes():>9,}{G.number_of_edges():>10,}{build_s:>9.2f}"
            f"{metrics_s:>11.2f}{rdf_s:>12.2f}  {summary['giant_nodes']:,}, "
            f"{summary.get('communities', 0):,}, {summary.get('estimated_from_pivots', 'exact')}"
        )
        if name == "coauthors":
            coauthors = G
    return coauthors


def bench_page(G, folder: Path, *, nodes: int = 5_000) -> None:  # type: ignore[no-untyped-def]
    """Write the ``nodes`` most productive authors as a page; time it in headless Chromium."""
    top = sorted(G, key=lambda v: (-G.nodes[v]["articles"], v))[:nodes]
    H = G.subgraph(top).copy()
    H.graph.update(G.graph)
    metrics, metrics_s = _timed(network_metrics, H, seed=0)
    positions, layout_s = _timed(layout, H, seed=0)
    path, page_s = _timed(
        write_page, H, folder / "page.html", metrics=metrics.nodes, positions=positions
    )
    print(
        f"\npage: {H.number_of_nodes():,} nodes, {H.number_of_edges():,} edges, "
        f"{path.stat().st_size / 1e6:.1f} MB; metrics {metrics_s:.1f}s, layout {layout_s:.1f}s, "
        f"render {page_s:.1f}s"
    )
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        print("no Chromium installed: page timings skipped (apt-get install -y chromium)")
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=FLAGS)
        paints, searches, years, redraws = [], [], [], []
        for _ in range(3):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(path.as_uri())
            page.wait_for_selector("body[data-drawn='1']", timeout=60_000)
            paints.append(page.evaluate("window.radkgFirstPaint") / 1000)
            label = H.nodes[top[-1]]["label"]
            page.fill("#search", label)
            searches.append(
                page.evaluate(
                    """() => { const t = performance.now();
                   document.getElementById('search-form').requestSubmit();
                   radkgView.network.redraw(); return performance.now() - t; }"""
                )
            )
            years.append(
                page.evaluate(
                    """() => { const t = performance.now(); radkgView.applyYears();
                   radkgView.network.redraw(); return performance.now() - t; }"""
                )
            )
            redraws.append(
                page.evaluate(
                    """() => { const t = performance.now(); radkgView.network.moveTo({scale: 0.3});
                   radkgView.network.redraw(); return performance.now() - t; }"""
                )
            )
            page.close()
        browser.close()
    print(
        f"first paint {min(paints):.2f}s "
        f"(best of 3; all: {', '.join(f'{x:.2f}' for x in paints)}), "
        f"target < 3 s: {'met' if min(paints) < 3 else 'NOT met'}"
    )
    print(
        f"search + redraw {min(searches):.0f} ms, year filter + redraw {min(years):.0f} ms, "
        f"zoom out + redraw {min(redraws):.0f} ms"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="Comma-separated article counts.")
    parser.add_argument("--no-browser", action="store_true", help="Skip the page timings.")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    import igraph
    import networkx

    print(f"networkx {networkx.__version__}, igraph {igraph.__version__}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        page_network = None
        for n in sizes:
            G = bench_size(n, folder)
            if page_network is None or (
                G is not None
                and G.number_of_nodes() >= 5_000 > 0
                and page_network.number_of_nodes() < 5_000
            ):
                page_network = G
        if not args.no_browser and page_network is not None:
            bench_page(page_network, folder)


if __name__ == "__main__":
    main()
