r"""Interactive network pages: one self-contained HTML file that works offline.

:func:`network_page` renders a network through radkg's own Jinja template
(``kg/templates/network.html``, autoescaped; the data goes in through
``|tojson`` and is read with ``JSON.parse``, never as markup).  vis-network's
script and styles are inlined from the copy that ships inside the installed
pyvis package (``pyvis/templates/lib/vis-9.1.2``), so nothing is fetched
from a CDN; a Content-Security-Policy allows only the page's own two
scripts (by their SHA-256 hashes) and no network access at all.  Labels and
tooltips are shown with ``textContent``: a title such as
``<img src=x onerror=...>`` stays text.

Node positions are computed here, before the page is written (igraph's
Fruchterman-Reingold, DrL above 2,000 nodes, from a seeded start), and the
page draws them with physics off, so even a 5,000-node page paints at once.
Node size follows a chosen metric, colour the community, a side panel lists
the node's articles, a search box finds a node by label and a year range
hides the nodes with no article in it.

>>> import networkx as nx
>>> G = nx.Graph([("a", "b")])
>>> G.nodes["a"]["label"] = "<img src=x onerror=alert(1)>"
>>> html = network_page(G)
>>> "<img src=x" in html, "\\u003cimg src=x" in html, "<script src" in html, "<link" in html
(False, True, False, False)
"""

from __future__ import annotations

import base64
import hashlib
import os
import random
from collections.abc import Hashable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx
from markupsafe import Markup

from kg.errors import UsageError
from kg.export import atomic_writer

__all__ = ["PALETTE", "SIZE_METRICS", "layout", "network_page", "page_data", "write_page"]

#: Community colours (Tableau 20); communities beyond the palette are grey.
PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
    "#a0cbe8",
    "#ffbe7d",
    "#ff9d9a",
    "#86bcb6",
    "#8cd17d",
    "#f1ce63",
    "#d4a6c8",
    "#fabfd2",
    "#d7b5a6",
    "#79706e",
)
_OTHER = "#c7c7c7"

#: What node size may follow: the node's article count or a metric of :mod:`kg.networks.metrics`.
SIZE_METRICS = (
    "articles",
    "degree",
    "strength",
    "betweenness",
    "closeness",
    "eigenvector",
    "pagerank",
    "core",
)

_LAYOUT_FR_LIMIT = 2000


def _vis_assets() -> tuple[str, str]:
    """vis-network's minified script and stylesheet, from the installed pyvis package."""
    import pyvis

    folder = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"
    try:
        js = (folder / "vis-network.min.js").read_text(encoding="utf-8")
        css = (folder / "vis-network.css").read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(
            f"vis-network is missing from the installed pyvis ({folder}): reinstall pyvis"
        ) from exc
    return js.replace("</script", "<\\/script"), css.replace("</style", "<\\/style")


@lru_cache(maxsize=1)
def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, select_autoescape

    return Environment(
        loader=PackageLoader("kg", "templates"),
        autoescape=select_autoescape(["html"], default_for_string=True, default=True),
        keep_trailing_newline=True,
    )


def _csp_hash(script: str) -> str:
    return (
        "'sha256-"
        + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        + "'"
    )


def layout(
    G: nx.Graph, *, seed: int = 0, weight: str | None = "weight"
) -> dict[Hashable, tuple[float, float]]:
    """Deterministic 2-D positions for the nodes of ``G``, in screen units.

    igraph's Fruchterman-Reingold (DrL above 2,000 nodes) from a start drawn
    with ``seed``, scaled so that the drawing spans about 200 units per
    square-root node; the same graph and seed give the same positions.

    >>> pos = layout(nx.path_graph(3), seed=1)
    >>> sorted(pos) == [0, 1, 2] and pos == layout(nx.path_graph(3), seed=1)
    True
    """
    import igraph
    import numpy as np

    nodes = list(G)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {v: i for i, v in enumerate(nodes)}
    edges = [(index[u], index[v]) for u, v in G.edges() if u != v]
    g = igraph.Graph(n=n, edges=edges)
    weights = [
        float(G.edges[nodes[a], nodes[b]].get(weight, 1.0)) if weight else 1.0 for a, b in edges
    ]
    start = np.random.default_rng(seed).uniform(-1.0, 1.0, (n, 2)).tolist()
    igraph.set_random_number_generator(random.Random(seed))
    try:
        if n > _LAYOUT_FR_LIMIT:
            coords = g.layout_drl(seed=start, weights=weights or None).coords
        else:
            coords = g.layout_fruchterman_reingold(
                seed=start, weights=weights or None, niter=500
            ).coords
    finally:
        igraph.set_random_number_generator(random)
    xy = np.asarray(coords, dtype=float)
    xy -= xy.mean(axis=0)
    span = float(np.abs(xy).max()) or 1.0
    xy *= 100.0 * max(n, 9) ** 0.5 / span
    return {
        v: (round(float(x), 2), round(float(y), 2)) for v, (x, y) in zip(nodes, xy, strict=True)
    }


def _options(*, big: bool) -> dict[str, Any]:
    """vis-network options: pyvis's defaults, then physics off over the precomputed layout."""
    import json

    from pyvis.options import Options

    options = json.loads(Options().to_json())
    options["physics"] = {"enabled": False}
    options["layout"] = {"improvedLayout": False}
    options["interaction"].update(
        hover=True, hideEdgesOnDrag=big, hideEdgesOnZoom=big, tooltipDelay=100
    )
    options["edges"] = {
        "smooth": False,
        "color": {"color": "#9a9a9a", "highlight": "#333333", "opacity": 0.6},
        "scaling": {"min": 0.5, "max": 6},
    }
    options["nodes"] = {
        "shape": "dot",
        "font": {"size": 12},
        "scaling": {
            "min": 5,
            "max": 40,
            "label": {"enabled": True, "min": 10, "max": 22, "drawThreshold": 7},
        },
    }
    return options


def page_data(
    G: nx.Graph,
    *,
    size_by: str = "articles",
    metrics: Mapping[Hashable, Mapping[str, Any]] | None = None,
    communities: Mapping[Hashable, int] | None = None,
    positions: Mapping[Hashable, tuple[float, float]] | None = None,
    seed: int = 0,
) -> dict[str, Any]:
    """The JSON the page draws: nodes (with position, size, colour), edges and articles.

    ``metrics`` (``NetworkMetrics.nodes``) gives ``size_by`` values other
    than ``articles`` and, with ``communities``, the colours; positions are
    computed with :func:`layout` unless given.

    >>> data = page_data(nx.Graph([("a", "b")]))
    >>> [n["label"] for n in data["nodes"]], data["edges"]
    (['a', 'b'], [{'from': 0, 'to': 1, 'value': 1.0}])
    """
    if size_by not in SIZE_METRICS:
        raise UsageError(f"cannot size nodes by {size_by!r}; choose from {', '.join(SIZE_METRICS)}")
    metrics = metrics or {}
    if communities is None:
        communities = {
            v: row["community"] for v, row in metrics.items() if row.get("community") is not None
        }
    positions = positions if positions is not None else layout(G, seed=seed)
    info: Mapping[str, Mapping[str, Any]] = G.graph.get("articles", {})
    article_ids = {a: i for i, a in enumerate(sorted(info))}
    index = {v: i for i, v in enumerate(G)}
    nodes = []
    for v, d in G.nodes(data=True):
        row = metrics.get(v, {})
        size = d.get("articles", 1) if size_by == "articles" else row.get(size_by, 0)
        community = communities.get(v)
        x, y = positions.get(v, (0.0, 0.0))
        nodes.append(
            {
                "id": index[v],
                "label": str(d.get("label", v)),
                "iri": str(v),
                "kind": str(d.get("kind", "")),
                "x": x,
                "y": y,
                "value": float(size or 0),
                "color": PALETTE[community]
                if isinstance(community, int) and community < len(PALETTE)
                else _OTHER,
                "community": community,
                "articles": [article_ids[a] for a in d.get("_articles", ()) if a in article_ids],
                "metrics": {
                    k: (float(f"{val:.6g}") if isinstance(val, float) else val)
                    for k, val in row.items()
                    if val is not None
                },
            }
        )
    edges = [
        {"from": index[u], "to": index[v], "value": float(w)}
        for u, v, w in G.edges(data="weight", default=1.0)
    ]
    articles = [
        {"iri": a, "title": str(info[a].get("title") or a), "year": info[a].get("year")}
        for a in sorted(info)
    ]
    years = sorted({a["year"] for a in articles if a["year"] is not None})
    return {
        "name": str(G.graph.get("name", "network")),
        "size_by": size_by,
        "nodes": nodes,
        "edges": edges,
        "articles": articles,
        "years": [years[0], years[-1]] if years else None,
        "options": _options(big=len(nodes) > 1000),
    }


def network_page(
    G: nx.Graph,
    *,
    title: str | None = None,
    size_by: str = "articles",
    metrics: Mapping[Hashable, Mapping[str, Any]] | None = None,
    communities: Mapping[Hashable, int] | None = None,
    positions: Mapping[Hashable, tuple[float, float]] | None = None,
    seed: int = 0,
) -> str:
    """The network as one self-contained HTML page (a string).

    Parameters
    ----------
    G : networkx.Graph
        A network from :mod:`kg.networks` (or any graph with ``label`` attributes).
    title : str, optional
        The page title (escaped); by default the network's name.
    size_by : str
        One of :data:`SIZE_METRICS`.
    metrics, communities, positions, seed
        See :func:`page_data`.

    Returns
    -------
    str
        The page; the same input gives the same bytes.
    """
    data = page_data(
        G, size_by=size_by, metrics=metrics, communities=communities, positions=positions, seed=seed
    )
    env = _environment()
    app_js = env.get_template("network-app.html").render()
    vis_js, vis_css = _vis_assets()
    csp = (
        "default-src 'none'; "
        f"script-src {_csp_hash(vis_js)} {_csp_hash(app_js)}; "
        "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; connect-src 'none'; "
        "form-action 'none'; base-uri 'none'"
    )
    return env.get_template("network.html").render(
        title=title or f"radkg: {data['name']}",
        data=data,
        csp=csp,
        vis_js=Markup(vis_js),
        vis_css=Markup(vis_css),
        app_js=Markup(app_js),
        big=len(data["nodes"]) > 1000,
    )


def write_page(G: nx.Graph, path: str | os.PathLike[str], **options: Any) -> Path:
    """Write :func:`network_page` to ``path`` atomically (options as for it).

    >>> import tempfile
    >>> out = write_page(nx.Graph([("a", "b")]), Path(tempfile.mkdtemp()) / "page.html")
    >>> out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    True
    """
    target = Path(path)
    html = network_page(G, **options)
    with atomic_writer(target) as handle:
        handle.write(html.encode("utf-8"))
    return target
