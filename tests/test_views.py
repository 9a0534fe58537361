"""Network pages: self-contained, escaped, deterministic, and working in a real headless Chromium.

The browser tests drive Debian's Chromium (/usr/bin/chromium, installed by
.ci/run) with Playwright's Python package; they are skipped, with the
reason, only where no Chromium is installed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from kg.errors import UsageError
from kg.networks import coauthor_graph, network_metrics, topic_graph
from kg.views import network_page, page_data, write_page

SMALL = Path(__file__).parent / "data" / "networks" / "small.trig"
CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
#: The flags the machine documentation gives for headless Chromium on a closed network.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    s.load(path=str(SMALL), format=ox.RdfFormat.TRIG)
    return s


@pytest.fixture(scope="module")
def page_path(store: ox.Store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    G = coauthor_graph(store)
    metrics = network_metrics(G, seed=1)
    return write_page(G, tmp_path_factory.mktemp("page") / "coauthors.html", metrics=metrics.nodes)


def test_page_is_self_contained_and_escaped(page_path: Path) -> None:
    html = page_path.read_text(encoding="utf-8")
    assert not re.search(r"<(script|img|link|iframe)[^>]*\s(src|href)=", html, re.I)
    assert "Content-Security-Policy" in html and "connect-src &#39;none&#39;" in html
    assert "vis.Network" in html and "vis-network" in html  # the library is inlined
    # The hostile strings of the fixture appear only JSON-escaped.
    assert "<img src=x" not in html and "<script>window" not in html
    assert '\\u003cimg src=x onerror=\\"window.__pwned=3\\"\\u003e' in html  # the title of A4
    assert 'Mallory\\u003cimg src=x onerror=\\"window.__pwned=1\\"\\u003e' in html


def test_page_bytes_are_deterministic(store: ox.Store) -> None:
    first = network_page(
        topic_graph(store), size_by="degree", metrics=network_metrics(topic_graph(store)).nodes
    )
    again = network_page(
        topic_graph(store), size_by="degree", metrics=network_metrics(topic_graph(store)).nodes
    )
    assert first == again


def test_page_data_sizes_and_colours(store: ox.Store) -> None:
    G = coauthor_graph(store)
    metrics = network_metrics(G, seed=1).nodes
    data = page_data(G, size_by="pagerank", metrics=metrics)
    alice = next(n for n in data["nodes"] if n["label"] == "Alice")
    assert alice["value"] == pytest.approx(
        metrics["https://w3id.org/radkg/id/person/alice"]["pagerank"]
    )
    assert len(alice["articles"]) == 3 and data["years"] == [2019, 2023]
    assert {n["color"] for n in data["nodes"] if n["community"] == 0} == {"#4e79a7"}
    assert data["options"]["physics"] == {"enabled": False}
    with pytest.raises(UsageError, match="cannot size nodes"):
        page_data(G, size_by="charisma")


def test_title_is_escaped() -> None:
    html = network_page(nx.Graph([("a", "b")]), title="</title><script>alert(1)</script>")
    assert "<title>&lt;/title&gt;&lt;script&gt;" in html


# --- in a real browser ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if CHROMIUM is None:
        pytest.skip(
            "no Chromium installed (CI installs Debian's chromium: apt-get install -y chromium)"
        )
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extra")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def _open(browser: object, path: Path) -> tuple[object, list[str], list[str]]:
    page = browser.new_page(viewport={"width": 1200, "height": 800})  # type: ignore[attr-defined]
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-drawn='1']", timeout=15_000)
    return page, requests, errors


def test_browser_renders_every_node_and_edge_offline(
    browser: object, page_path: Path, tmp_path: Path
) -> None:
    page, requests, errors = _open(browser, page_path)
    drawn = page.evaluate(
        "[radkgView.network.body.nodeIndices.length, radkgView.network.body.edgeIndices.length]"
    )
    assert drawn == [7, 7]
    assert page.text_content("#counts") == "7 nodes, 7 edges"
    external = [u for u in requests if not u.startswith(("file:", "data:", "blob:", "about:"))]
    assert external == [] and errors == []
    shot = tmp_path / "coauthors.png"
    page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 5_000
    page.close()


def test_browser_does_not_run_hostile_labels(browser: object, page_path: Path) -> None:
    page, _, errors = _open(browser, page_path)
    page.fill("#search", "mallory")
    page.click("#search-form button")
    assert (
        page.text_content("#search-result")
        == 'Found: Mallory<img src=x onerror="window.__pwned=1">'
    )
    page.hover("#panel")  # the panel now lists the hostile article title, as text
    assert '<img src=x onerror="window.__pwned=3">' in page.text_content("#panel")
    assert page.evaluate(
        "[typeof window.__pwned, document.querySelectorAll('img, #panel script').length]"
    ) == [
        "undefined",
        0,
    ]
    assert errors == []
    # The Content-Security-Policy admits only the page's own scripts: an injected one is refused.
    with pytest.raises(Exception, match="Content Security Policy|CSP|Refused"):
        page.add_script_tag(content="window.__pwned = 4")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    page.close()


def test_browser_search_and_year_filter(browser: object, page_path: Path) -> None:
    page, _, _ = _open(browser, page_path)
    page.fill("#search", "王")
    page.press("#search", "Enter")
    assert page.text_content("#search-result") == "Found: 王伟"
    assert page.evaluate("radkgView.network.getSelectedNodes().length") == 1
    page.fill("#search", "nobody")
    page.press("#search", "Enter")
    assert page.text_content("#search-result") == "No node matches"
    page.fill("#year-from", "2019")
    page.fill("#year-to", "2019")
    page.dispatch_event("#year-to", "change")
    assert page.text_content("#counts") == "3 nodes, 3 edges"  # Alice, Bob and Carol of A1
    assert page.evaluate("radkgView.network.body.nodeIndices.length") == 3
    page.click("#year-reset")
    assert page.text_content("#counts") == "7 nodes, 7 edges"
    page.close()


def _has_cjk_font() -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    found = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True)
    return bool(found.stdout.strip())


def test_browser_draws_chinese_labels_with_a_cjk_font(browser: object, page_path: Path) -> None:
    """CI installs fonts-noto-cjk: 王伟 is drawn full-width (one em a character), not as boxes."""
    if not _has_cjk_font():
        if os.environ.get("CI"):
            pytest.fail("no CJK font: .ci/run must install Debian's fonts-noto-cjk")
        pytest.skip("no CJK font installed (CI installs Debian's fonts-noto-cjk)")
    page, _, errors = _open(browser, page_path)
    widths = page.evaluate(
        """() => { const c = document.createElement('canvas').getContext('2d');
           c.font = '40px sans-serif';
           return [c.measureText('王伟').width, c.measureText('\\u{10FFFD}\\u{10FFFD}').width]; }"""
    )
    cjk, missing = widths  # missing: two unassigned code points, drawn as .notdef boxes
    assert cjk == pytest.approx(80, abs=1) and abs(cjk - missing) > 10 and errors == []
    page.close()
