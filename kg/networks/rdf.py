"""Network metrics back into the graph: one named graph per analysis, replaced when re-run.

:func:`metrics_to_rdf` turns a network and its :class:`~kg.networks.metrics.NetworkMetrics`
into quads of one named graph:

* a ``radkg:NetworkAnalysis`` node carrying the parameters that determine the
  result (network name, node kinds, link counting, weight normalisation, the
  article query with its parameters and years, ``min_articles``,
  ``max_members``, community method, resolution, random seed, pivots of the
  sampled estimates) and the network's size, density and modularity;
* one ``radkg:NetworkPosition`` per node (``radkg:positionOf`` the person,
  institution or concept; ``prov:wasGeneratedBy`` the analysis) with its
  degree, strength, betweenness, closeness, eigenvector centrality, PageRank,
  clustering coefficient, k-core number, component and community.

No time stamp is written: the analysis, its positions and its named graph get
IRIs hashed from the parameters, so the same network and parameters always
give the same bytes, and running the analysis again (say, after new sources
were added) replaces its graph exactly.  A different selection (only 2020-2024,
only one disease) is another analysis in another graph, so both can be kept.
Counts are ``xsd:integer``; computed values ``xsd:double`` rounded to ten
significant digits (as the metric tables are), so that the bytes do not
depend on the last bits of floating-point arithmetic.

:func:`replace_metrics` puts the graph into a dataset or store;
:func:`write_metrics_rdf` writes it to a file (TriG or N-Quads keep the graph
name; Turtle and N-Triples hold its triples), canonically and atomically.

>>> import kg
>>> from kg.networks import coauthor_graph, network_metrics
>>> report = kg.build(quiet=True)
>>> G = coauthor_graph(report.dataset)
>>> quads = metrics_to_rdf(G, network_metrics(G, seed=0))
>>> len({q.graph_name for q in quads}), sum(q.object == RADKG_POSITION for q in quads)
(1, 35)
"""

from __future__ import annotations

import hashlib
import json
import math
import numbers
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox

from kg import ids
from kg.errors import UsageError
from kg.namespaces import PROV, RADKG, RDF, RDFS
from kg.networks.metrics import NetworkMetrics

__all__ = [
    "METRIC_PROPERTIES",
    "RADKG_POSITION",
    "metrics_graph_iri",
    "metrics_to_rdf",
    "replace_metrics",
    "write_metrics_rdf",
]

#: The ontology property of each node metric (:data:`kg.networks.NODE_METRICS`).
METRIC_PROPERTIES: dict[str, str] = {
    "degree": str(RADKG.degree),
    "strength": str(RADKG.strength),
    "betweenness": str(RADKG.betweenness),
    "closeness": str(RADKG.closeness),
    "eigenvector": str(RADKG.eigenvectorCentrality),
    "pagerank": str(RADKG.pageRank),
    "clustering": str(RADKG.clusteringCoefficient),
    "core": str(RADKG.coreNumber),
    "component": str(RADKG.componentIndex),
    "community": str(RADKG.communityIndex),
}

#: ``radkg:NetworkPosition`` as a pyoxigraph term.
RADKG_POSITION = ox.NamedNode(str(RADKG.NetworkPosition))

_TYPE = ox.NamedNode(str(RDF.type))

# Analysis parameters: (key in the provenance dict, ontology property).
_PARAMETERS = (
    ("network", RADKG.networkName),
    ("kinds", RADKG.nodeKind),
    ("counting", RADKG.edgeCounting),
    ("normalisation", RADKG.weightNormalisation),
    ("query", RADKG.articleQuery),
    ("year_from", RADKG.yearFrom),
    ("year_to", RADKG.yearTo),
    ("min_articles", RADKG.minArticles),
    ("max_members", RADKG.maxMembers),
    ("community_method", RADKG.communityMethod),
    ("resolution", RADKG.resolution),
    ("seed", RADKG.randomSeed),
    ("pivots", RADKG.pivotCount),
)

# Graph summary: (key in NetworkMetrics.graph, ontology property).
_SUMMARY = (
    ("nodes", RADKG.nodeCount),
    ("edges", RADKG.edgeCount),
    ("density", RADKG.density),
    ("modularity", RADKG.modularity),
)


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=6).hexdigest()


def _provenance(G: nx.Graph, metrics: NetworkMetrics) -> dict[str, Any]:
    """Everything that determines the analysis's values, JSON-ready, in a fixed form."""
    summary = metrics.graph
    selection: Mapping[str, Any] = G.graph.get("_selection", {})
    years = selection.get("years") or (None, None)
    present = [m for m in METRIC_PROPERTIES if any(m in row for row in metrics.nodes.values())]
    prov: dict[str, Any] = {
        "network": str(G.graph.get("name") or summary.get("name") or "network"),
        "kinds": G.graph.get("kinds"),
        "counting": G.graph.get("counting"),
        "normalisation": G.graph.get("_normalisation"),
        "query": selection.get("query"),
        "params": selection.get("params"),
        "article_iris": selection.get("article_iris"),
        "year_from": years[0],
        "year_to": years[1],
        "min_articles": selection.get("min_articles"),
        "max_members": selection.get("max_members"),
        "metrics": present,
        "weight": summary.get("weight"),
        "community_method": summary.get("community_method") if "community" in present else None,
        "resolution": summary.get("resolution") if "community" in present else None,
        "seed": summary.get("seed", 0),
        "pivots": summary.get("estimated_from_pivots"),
    }
    return {k: v for k, v in prov.items() if v is not None}


def _iris(G: nx.Graph, metrics: NetworkMetrics) -> tuple[dict[str, Any], str, str, str]:
    """(provenance, graph IRI, analysis IRI, the head of the positions' IRIs)."""
    prov = _provenance(G, metrics)
    key = _digest(json.dumps(prov, sort_keys=True, ensure_ascii=False))
    return (prov, *ids.network_analysis_iris(prov["network"], key))


def metrics_graph_iri(G: nx.Graph, metrics: NetworkMetrics) -> str:
    """The IRI of the named graph :func:`metrics_to_rdf` writes for this analysis.

    Equal parameters give equal IRIs; any parameter that changes the values
    (the selection, the seed, the counting, ...) gives another.

    >>> from kg.networks import network_metrics
    >>> G = nx.Graph([("https://example.org/a", "https://example.org/b")], name="demo")
    >>> metrics_graph_iri(G, network_metrics(G, seed=1)).rsplit("/", 1)[1][:13]
    'network-demo-'
    >>> metrics_graph_iri(G, network_metrics(G, seed=1)) == metrics_graph_iri(
    ...     G, network_metrics(G, seed=2))
    False
    """
    return _iris(G, metrics)[1]


def _number(value: Any) -> ox.Literal | None:
    """An ``xsd:integer`` for ints, an ``xsd:double`` (10 significant digits) for floats.

    Rounding keeps the bytes independent of the last bits of floating-point
    arithmetic; ``-0.0`` becomes ``0.0``; NaN and infinities give ``None``.
    """
    if value is None or isinstance(value, bool):
        return None
    kind = type(value)
    if kind is int or (kind is not float and isinstance(value, numbers.Integral)):
        return ox.Literal(int(value))  # xsd:integer
    number = float(value)
    if not math.isfinite(number):
        return None
    return ox.Literal(float(f"{number:.10g}") + 0.0)  # xsd:double


def _literal(value: Any) -> ox.Literal | None:
    if isinstance(value, str):
        return ox.Literal(value)
    return _number(value)


def _node_term(node: object) -> ox.NamedNode:
    try:
        return ox.NamedNode(str(node))
    except ValueError:
        raise UsageError(
            f"network node {node!r} is not an IRI: only networks read from the graph "
            "can be written back into it"
        ) from None


def metrics_to_rdf(G: nx.Graph, metrics: NetworkMetrics) -> list[ox.Quad]:
    """The analysis and every node's metrics as quads of one named graph, sorted.

    Parameters
    ----------
    G : networkx.Graph
        A network built from the graph (:func:`kg.networks.network` and the
        builders); its nodes are IRIs.  Its ``graph`` attributes (name,
        kinds, counting, the article selection) are the analysis's
        provenance; ``G.graph["_normalisation"]`` names a weight
        normalisation applied before the metrics (``"association"``).
    metrics : NetworkMetrics
        Computed on ``G`` by :func:`kg.networks.network_metrics`.

    Returns
    -------
    list of pyoxigraph.Quad
        In the graph :func:`metrics_graph_iri` names, sorted by their
        N-Quads form.

    Raises
    ------
    kg.errors.UsageError
        When a node is not an IRI, or ``metrics`` has nodes ``G`` lacks.

    Examples
    --------
    >>> from kg.networks import network_metrics
    >>> G = nx.Graph([("https://example.org/a", "https://example.org/b")], name="demo")
    >>> quads = metrics_to_rdf(G, network_metrics(G, metrics=["degree"], seed=0))
    >>> sorted(q.object.value for q in quads if q.predicate.value.endswith("#degree"))
    ['1', '1']
    """
    stray = [v for v in metrics.nodes if v not in G]
    if stray:
        raise UsageError(f"the metrics are of another network: {stray[0]!r} is not a node of it")
    prov, graph_iri, analysis_iri, position_head = _iris(G, metrics)
    graph = ox.NamedNode(graph_iri)
    analysis = ox.NamedNode(analysis_iri)
    quads = [
        ox.Quad(analysis, _TYPE, ox.NamedNode(str(RADKG.NetworkAnalysis)), graph),
        ox.Quad(
            analysis,
            ox.NamedNode(str(RDFS.label)),
            ox.Literal(f"network metrics of {prov['network']}", language="en"),
            graph,
        ),
    ]
    for key, prop in _PARAMETERS:
        value = _literal(prov.get(key))
        if value is not None:
            quads.append(ox.Quad(analysis, ox.NamedNode(str(prop)), value, graph))
    for name, value in sorted((prov.get("params") or {}).items()):
        quads.append(
            ox.Quad(
                analysis,
                ox.NamedNode(str(RADKG.queryParameter)),
                ox.Literal(f"{name}={value}"),
                graph,
            )
        )
    for key, prop in _SUMMARY:
        value = _number(metrics.graph.get(key))
        if value is not None:
            quads.append(ox.Quad(analysis, ox.NamedNode(str(prop)), value, graph))
    articles = G.graph.get("articles")
    if isinstance(articles, Mapping):
        quads.append(
            ox.Quad(analysis, ox.NamedNode(str(RADKG.articleCount)), _number(len(articles)), graph)
        )
    generated = ox.NamedNode(str(PROV.wasGeneratedBy))
    position_of = ox.NamedNode(str(RADKG.positionOf))
    properties = {name: ox.NamedNode(iri) for name, iri in METRIC_PROPERTIES.items()}
    for node in G:
        term = _node_term(node)
        position = ox.NamedNode(ids.network_position_iri(position_head, term.value))
        quads += [
            ox.Quad(position, _TYPE, RADKG_POSITION, graph),
            ox.Quad(position, position_of, term, graph),
            ox.Quad(position, generated, analysis, graph),
        ]
        row = metrics.nodes.get(node, {})
        for name, prop in properties.items():
            value = _number(row.get(name))
            if value is not None:
                quads.append(ox.Quad(position, prop, value, graph))
    quads.sort(key=str)
    return quads


def replace_metrics(g: Any, G: nx.Graph, metrics: NetworkMetrics) -> str:
    """Put the analysis's named graph into ``g``, replacing an earlier run; returns its IRI.

    ``g`` is an rdflib ``Dataset`` (as :func:`kg.store.open_store` gives and
    :func:`kg.build` returns in its report), a writable pyoxigraph ``Store``,
    or a :class:`kg.BuildReport`.  Other graphs are untouched.

    >>> import kg
    >>> from kg.networks import topic_graph, network_metrics
    >>> report = kg.build(quiet=True)
    >>> G = topic_graph(report.dataset)
    >>> name = replace_metrics(report, G, network_metrics(G, seed=0))
    >>> name == replace_metrics(report, G, network_metrics(G, seed=0))
    True
    """
    quads = metrics_to_rdf(G, metrics)
    graph = ox.NamedNode(metrics_graph_iri(G, metrics))
    dataset = getattr(g, "dataset", None)  # a BuildReport
    target = g if dataset is None else dataset
    if isinstance(target, ox.Store):
        if target.contains_named_graph(graph):
            target.remove_graph(graph)
        target.bulk_extend(quads)
        return graph.value
    if not hasattr(target, "store"):
        raise UsageError(
            f"cannot write metrics into {type(g).__name__}; "
            "pass an rdflib Dataset, a pyoxigraph Store or a build report"
        )
    from kg.store import replace_source

    replace_source(target, graph, quads)
    return graph.value


def write_metrics_rdf(G: nx.Graph, metrics: NetworkMetrics, path: str | os.PathLike[str]) -> Path:
    """Write the analysis's graph to ``path``, canonically and atomically.

    The format follows the extension (``.trig``, ``.nq``, ``.ttl``, ``.nt``,
    ``.jsonld``, ``.rdf``); TriG and N-Quads keep the named graph, so that
    loading the file into a store (``radkg load``) replaces the analysis.

    >>> import tempfile
    >>> from kg.networks import network_metrics
    >>> G = nx.Graph([("https://example.org/a", "https://example.org/b")], name="demo")
    >>> out = write_metrics_rdf(G, network_metrics(G, seed=0), Path(tempfile.mkdtemp()) / "m.nq")
    >>> out.read_text().count("NetworkPosition")
    2
    """
    from kg.export import FORMATS, write_rdf
    from kg.store import open_store, replace_source

    suffix = Path(path).suffix.lstrip(".").lower()
    if suffix not in FORMATS:
        raise UsageError(
            f"{path}: unknown RDF file extension; use one of "
            + ", ".join(f".{key}" for key in sorted(FORMATS))
        )
    ds = open_store()
    replace_source(ds, ox.NamedNode(metrics_graph_iri(G, metrics)), metrics_to_rdf(G, metrics))
    return write_rdf(ds, path, suffix)
