"""Plots for those who would rather look than read: degrees, top nodes, trends and bursts.

matplotlib with the Agg backend (no screen needed); PNG or SVG by the file
extension; deterministic bytes: no creation date or software stamp, a fixed
SVG hash salt.  Chinese labels use a CJK font when one is installed (Noto
Sans CJK, WenQuanYi, Source Han, SimHei, Microsoft YaHei), else the default
font.  Every writer is atomic and returns the path.

>>> import tempfile, networkx as nx
>>> out = degree_distribution(nx.star_graph(4), Path(tempfile.mkdtemp()) / "degrees.svg")
>>> out.read_bytes().startswith(b"<?xml")
True
"""

from __future__ import annotations

import io
import os
import warnings
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import UsageError
from kg.export import atomic_writer
from kg.networks.bursts import Burst, Timeline

__all__ = ["degree_distribution", "top_nodes", "trends"]

_CJK_FONTS = [
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Source Han Sans SC",
    "SimHei",
    "Microsoft YaHei",
]


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    plt.rcParams["font.sans-serif"] = [f for f in _CJK_FONTS if f in installed] + ["DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False
    plt.rcParams["svg.hashsalt"] = "radkg"
    plt.rcParams["svg.fonttype"] = "path"
    return plt


def _save(fig: Any, path: str | os.PathLike[str]) -> Path:
    target = Path(path)
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise UsageError(f"{target}: plots are written as .png or .svg")
    metadata = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        fig.savefig(buffer, format=fmt, dpi=120, metadata=metadata, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    with atomic_writer(target) as handle:
        handle.write(buffer.getvalue())
    return target


def degree_distribution(
    G: nx.Graph, path: str | os.PathLike[str], *, weight: str | None = None
) -> Path:
    """The degree (or, with ``weight``, strength) distribution on log-log axes."""
    plt = _pyplot()
    counts = Counter(d for _, d in G.degree(weight=weight) if d > 0)
    fig, ax = plt.subplots(figsize=(5, 4))
    if counts:
        xs = sorted(counts)
        ax.loglog(xs, [counts[x] for x in xs], "o", color="#4e79a7")
    ax.set_xlabel("strength" if weight else "degree")
    ax.set_ylabel("nodes")
    name = G.graph.get("name", "network")
    ax.set_title(f"{name}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges")
    return _save(fig, path)


def top_nodes(
    G: nx.Graph,
    path: str | os.PathLike[str],
    *,
    values: dict[Any, float] | None = None,
    metric: str = "articles",
    n: int = 20,
) -> Path:
    """A bar chart of the ``n`` nodes with the highest ``values`` (default: article counts)."""
    plt = _pyplot()
    scores = (
        values if values is not None else {v: d.get("articles", 0) for v, d in G.nodes(data=True)}
    )
    top = sorted(scores.items(), key=lambda item: (-item[1], str(item[0])))[:n]
    fig, ax = plt.subplots(figsize=(6, 0.3 * max(len(top), 3) + 1))
    labels = [str(G.nodes[v].get("label", v)) if v in G else str(v) for v, _ in top]
    ax.barh(range(len(top)), [value for _, value in top], color="#4e79a7")
    ax.set_yticks(range(len(top)), labels)
    ax.invert_yaxis()
    ax.set_xlabel(metric)
    ax.set_title(f"top {len(top)} by {metric}")
    return _save(fig, path)


def trends(
    line: Timeline,
    path: str | os.PathLike[str],
    *,
    nodes: Sequence[Any] | None = None,
    top: int = 8,
    found: Sequence[Burst] = (),
) -> Path:
    """Articles per year of the ``top`` most frequent nodes (or ``nodes``), bursts shaded."""
    plt = _pyplot()
    if nodes is None:
        nodes = sorted(line.counts, key=lambda v: (-sum(line.counts[v].values()), str(v)))[:top]
    fig, ax = plt.subplots(figsize=(7, 4))
    for i, node in enumerate(nodes):
        colour = f"C{i % 10}"
        ys = [line.counts.get(node, {}).get(y, 0) for y in line.years]
        ax.plot(line.years, ys, marker="o", color=colour, label=line.labels.get(node, str(node)))
        for burst in found:
            if burst.node == str(node):
                ax.axvspan(burst.start - 0.4, burst.end + 0.4, color=colour, alpha=0.12)
    ax.set_xlabel("year")
    ax.set_ylabel("articles")
    if line.years:
        ax.set_xticks(line.years)
    if nodes:
        ax.legend(fontsize="small", loc="upper left")
    ax.set_title("trends" + (" and bursts" if found else ""))
    return _save(fig, path)
