"""Network files: GraphML, GEXF, Pajek, CSV edge and node lists, and VOSviewer's formats.

Every writer is deterministic (nodes and edges in the network's order, which
the builders make sorted; no date stamp: networkx's GEXF writer stamps
today's date, which is removed) and atomic (:func:`kg.export.atomic_writer`:
a failed write leaves no file and never a 0-byte one).  Attributes that
GraphML and GEXF cannot hold are left out: names starting with ``_`` (the
article lists kept for pages), ``None`` values, and lists or dicts.

``vosviewer`` writes VOSviewer's JSON (the map and the network in one file,
which VOSviewer Online opens); ``vosviewer-map`` and ``vosviewer-network``
write its two tab-separated text files.

>>> sorted(NETWORK_FORMATS)
['csv', 'gexf', 'graphml', 'nodes-csv', 'pajek', 'vosviewer', 'vosviewer-map', 'vosviewer-network']
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Callable, Hashable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import UsageError
from kg.export import atomic_writer

__all__ = ["NETWORK_FORMATS", "network_bytes", "write_network"]

_SCALARS = (str, int, float, bool)


def _clean(G: nx.Graph) -> nx.Graph:
    """A copy holding only the attributes every format can write (scalars, public names)."""

    def keep(data: Mapping[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in data.items() if not k.startswith("_") and isinstance(v, _SCALARS)}

    H = nx.Graph()
    H.graph.update(keep(G.graph))
    H.add_nodes_from((str(v), keep(d)) for v, d in G.nodes(data=True))
    H.add_edges_from((str(u), str(v), keep(d)) for u, v, d in G.edges(data=True))
    return H


def _graphml(G: nx.Graph) -> bytes:
    return ("\n".join(nx.generate_graphml(_clean(G))) + "\n").encode("utf-8")


_GEXF_DATE = re.compile(r' lastmodifieddate="[^"]*"')
_GEXF_CREATOR = re.compile(r"<creator>NetworkX [^<]*</creator>")


def _gexf(G: nx.Graph) -> bytes:
    text = "\n".join(nx.generate_gexf(_clean(G))) + "\n"
    text = _GEXF_DATE.sub("", text, count=1)
    return _GEXF_CREATOR.sub("<creator>radkg</creator>", text, count=1).encode("utf-8")


def _label(G: nx.Graph, node: Hashable) -> str:
    return str(G.nodes[node].get("label", node))


def _pajek(G: nx.Graph) -> bytes:
    """Pajek .net: numbered, labelled vertices (quotes and line ends made safe), weighted edges."""
    index = {v: i for i, v in enumerate(G, start=1)}
    lines = [f"*Vertices {len(index)}"]
    for v, i in index.items():
        label = re.sub(r"[\"\r\n]+", " ", _label(G, v))
        lines.append(f'{i} "{label}"')
    lines.append("*Edges")
    for u, v, w in G.edges(data="weight", default=1):
        lines.append(f"{index[u]} {index[v]} {float(w):g}")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _csv(rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _edges_csv(G: nx.Graph) -> bytes:
    extra = sorted(
        {k for _, _, d in G.edges(data=True) for k in d if k != "weight" and not k.startswith("_")}
    )
    rows: list[list[Any]] = [["source", "target", "source_label", "target_label", "weight", *extra]]
    for u, v, d in G.edges(data=True):
        rows.append(
            [u, v, _label(G, u), _label(G, v), d.get("weight", 1), *[d.get(k, "") for k in extra]]
        )
    return _csv(rows)


def _nodes_csv(G: nx.Graph) -> bytes:
    columns = sorted(
        {
            k
            for _, d in G.nodes(data=True)
            for k, v in d.items()
            if k != "label" and not k.startswith("_") and isinstance(v, _SCALARS)
        }
    )
    rows: list[list[Any]] = [["node", "label", *columns]]
    for v, d in G.nodes(data=True):
        rows.append([v, _label(G, v), *[d.get(k, "") for k in columns]])
    return _csv(rows)


def _clusters(G: nx.Graph) -> dict[Hashable, int]:
    """VOSviewer clusters (from 1): the ``community`` attribute + 1, else all in cluster 1."""
    return {
        v: int(d["community"]) + 1 if isinstance(d.get("community"), int) else 1
        for v, d in G.nodes(data=True)
    }


def _vosviewer_json(G: nx.Graph) -> bytes:
    index = {v: i for i, v in enumerate(G, start=1)}
    clusters = _clusters(G)
    strength = dict(G.degree(weight="weight"))
    items = []
    for v, i in index.items():
        d = G.nodes[v]
        item: dict[str, Any] = {
            "id": i,
            "label": _label(G, v),
            "url": str(v),
            "cluster": clusters[v],
        }
        if "x" in d and "y" in d:
            item["x"], item["y"] = float(d["x"]), float(d["y"])
        item["weights"] = {
            "Links": G.degree(v),
            "Total link strength": float(f"{strength[v]:.10g}"),
            "Documents": int(d.get("articles", 0)),
        }
        if isinstance(d.get("first_year"), int):
            item["scores"] = {"First year": d["first_year"], "Last year": d["last_year"]}
        items.append(item)
    links = [
        {"source_id": index[u], "target_id": index[v], "strength": float(f"{float(w):.10g}")}
        for u, v, w in G.edges(data="weight", default=1)
    ]
    data = {"network": {"items": items, "links": links}}
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _vosviewer_map(G: nx.Graph) -> bytes:
    clusters = _clusters(G)
    lines = ["id\tlabel\turl\tcluster\tweight<Links>\tweight<Documents>"]
    for i, v in enumerate(G, start=1):
        label = re.sub(r"[\t\r\n]+", " ", _label(G, v))
        lines.append(
            f"{i}\t{label}\t{v}\t{clusters[v]}\t{G.degree(v)}\t{int(G.nodes[v].get('articles', 0))}"
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


def _vosviewer_network(G: nx.Graph) -> bytes:
    index = {v: i for i, v in enumerate(G, start=1)}
    lines = [
        f"{index[u]}\t{index[v]}\t{float(w):g}" for u, v, w in G.edges(data="weight", default=1)
    ]
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


#: Network formats by name: (writer, file extension).
NETWORK_FORMATS: dict[str, tuple[Callable[[nx.Graph], bytes], str]] = {
    "graphml": (_graphml, ".graphml"),
    "gexf": (_gexf, ".gexf"),
    "pajek": (_pajek, ".net"),
    "csv": (_edges_csv, ".csv"),
    "nodes-csv": (_nodes_csv, ".nodes.csv"),
    "vosviewer": (_vosviewer_json, ".json"),
    "vosviewer-map": (_vosviewer_map, ".map.txt"),
    "vosviewer-network": (_vosviewer_network, ".network.txt"),
}


def network_bytes(G: nx.Graph, fmt: str) -> bytes:
    """The bytes of ``G`` in format ``fmt`` (a key of :data:`NETWORK_FORMATS`).

    >>> G = nx.Graph([("a", "b", {"weight": 2.0})])
    >>> network_bytes(G, "pajek")
    b'*Vertices 2\\r\\n1 "a"\\r\\n2 "b"\\r\\n*Edges\\r\\n1 2 2\\r\\n'
    """
    try:
        writer, _ = NETWORK_FORMATS[fmt]
    except KeyError:
        raise UsageError(
            f"unknown network format {fmt!r}; choose from {', '.join(NETWORK_FORMATS)}"
        ) from None
    return writer(G)


def write_network(G: nx.Graph, path: str | os.PathLike[str], fmt: str | None = None) -> Path:
    """Write ``G`` to ``path`` atomically, in ``fmt`` or the format its extension names.

    >>> import tempfile
    >>> out = write_network(nx.Graph([("a", "b")]), Path(tempfile.mkdtemp()) / "g.gexf")
    >>> b"lastmodifieddate" in out.read_bytes()
    False
    """
    target = Path(path)
    if fmt is None:
        name = target.name.lower()
        matches = [key for key, (_, ext) in NETWORK_FORMATS.items() if name.endswith(ext)]
        if not matches:
            raise UsageError(
                f"{target}: cannot tell the network format from the extension; pass a format"
            )
        fmt = max(matches, key=lambda key: len(NETWORK_FORMATS[key][1]))
    data = network_bytes(G, fmt)
    with atomic_writer(target) as handle:
        handle.write(data)
    return target
