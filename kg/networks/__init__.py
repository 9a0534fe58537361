"""Networks for analysts, read from the knowledge graph.

==============================  ==================================================
:mod:`kg.networks.graphs`       co-authorship, institutions, topics, bipartite networks
:mod:`kg.networks.metrics`      centralities, communities, association strength
:mod:`kg.networks.bursts`       per-year timelines and Kleinberg bursts
:mod:`kg.networks.formats`      GraphML, GEXF, Pajek, CSV, VOSviewer files
:mod:`kg.networks.plots`        degree distribution, top nodes, trends (PNG/SVG)
:mod:`kg.networks.rdf`          metrics back into the graph (one named graph per analysis)
==============================  ==================================================

:data:`NETWORKS` names the networks the command line builds
(``radkg network NAME``, ``radkg view NAME``).

>>> import kg
>>> G = network("topics", kg.build(quiet=True).dataset)
>>> G.graph["name"], G.number_of_nodes()
('topics', 32)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import networkx as nx

from kg.errors import UsageError
from kg.networks.bursts import Burst, Timeline, bursts, kleinberg, timeline, write_bursts
from kg.networks.formats import NETWORK_FORMATS, network_bytes, write_network
from kg.networks.graphs import (
    COUNTINGS,
    SIDES,
    bipartite_graph,
    coauthor_graph,
    cooccurrence_graph,
    institution_graph,
    projected_graph,
    select_articles,
    store_of,
    topic_graph,
)
from kg.networks.metrics import (
    COMMUNITY_METHODS,
    NODE_METRICS,
    NetworkMetrics,
    association_strength,
    communities,
    network_metrics,
)
from kg.networks.rdf import (
    METRIC_PROPERTIES,
    metrics_graph_iri,
    metrics_to_rdf,
    replace_metrics,
    write_metrics_rdf,
)

__all__ = [
    "COMMUNITY_METHODS",
    "COUNTINGS",
    "METRIC_PROPERTIES",
    "NETWORKS",
    "NETWORK_FORMATS",
    "NODE_METRICS",
    "SIDES",
    "Burst",
    "NetworkMetrics",
    "Timeline",
    "association_strength",
    "bipartite_graph",
    "bursts",
    "coauthor_graph",
    "communities",
    "cooccurrence_graph",
    "institution_graph",
    "kleinberg",
    "metrics_graph_iri",
    "metrics_to_rdf",
    "network",
    "network_bytes",
    "network_metrics",
    "projected_graph",
    "replace_metrics",
    "select_articles",
    "store_of",
    "timeline",
    "topic_graph",
    "write_bursts",
    "write_metrics_rdf",
    "write_network",
]

_ALL_CONCEPTS = ("keyword", "method", "disease", "modality", "anatomy", "procedure")

#: Named networks (the command line's NAME): builders taking the graph and keyword options.
NETWORKS: dict[str, Callable[..., nx.Graph]] = {
    "coauthors": coauthor_graph,
    "institutions": institution_graph,
    "topics": topic_graph,
    "concepts": partial(topic_graph, kinds=_ALL_CONCEPTS, name="concepts"),
    "author-method": partial(bipartite_graph, left="author", right="method"),
    "method-disease": partial(bipartite_graph, left="method", right="disease"),
    "author-keyword": partial(bipartite_graph, left="author", right="keyword"),
}

_BIPARTITE = {"author-method", "method-disease", "author-keyword"}


def network(name: str, g: Any, **options: Any) -> nx.Graph:
    """Build the network called ``name`` (a key of :data:`NETWORKS`) from ``g``.

    Bipartite networks take ``articles``, ``params`` and ``years`` only;
    ``counting``, ``min_articles`` and ``max_members`` are dropped for them.
    """
    try:
        builder = NETWORKS[name]
    except KeyError:
        raise UsageError(f"unknown network {name!r}; choose from {', '.join(NETWORKS)}") from None
    if name in _BIPARTITE:
        options = {k: v for k, v in options.items() if k in ("articles", "params", "years")}
    return builder(g, **options)
