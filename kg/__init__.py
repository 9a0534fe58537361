"""radkg: a knowledge-graph builder for the radiology literature.

Read tables of contents and bibliographic exports, segment the glued Chinese
author and keyword lists, and turn the records into RDF: ``kg.build()``
returns a :class:`BuildReport` whose ``dataset`` is the graph.

>>> import kg
>>> kg.split_authors("周卫平昝星有刘晓杨树东...")
['周卫平', '昝星有', '刘晓', '杨树东']
>>> found = kg.extract(kg.Article("基于DKI的肝细胞癌分级", abstract_zh="训练组AUC为0.92。"))
>>> sorted(link.id for link in found.links), [(f.metric, f.value) for f in found.findings]
(['dki', 'hcc'], [('auc', '0.92')])
"""

from __future__ import annotations

from kg.errors import (
    DecodingError,
    InputError,
    ParseError,
    QueryError,
    RadkgError,
    ReasonerError,
    StoreError,
    UsageError,
    ValidationError,
)
from kg.extract import extract
from kg.networks import (
    coauthor_graph,
    institution_graph,
    metrics_to_rdf,
    network_metrics,
    replace_metrics,
    topic_graph,
)
from kg.pipeline import BuildReport, build
from kg.readers import read, read_toc
from kg.records import Article, Diagnostic, Journal, Page
from kg.segment import split_authors, split_keywords
from kg.sparql import query
from kg.sparql import run as run_query

__version__ = "0.1.0"

__all__ = [
    "Article",
    "BuildReport",
    "DecodingError",
    "Diagnostic",
    "InputError",
    "Journal",
    "Page",
    "ParseError",
    "QueryError",
    "RadkgError",
    "ReasonerError",
    "StoreError",
    "UsageError",
    "ValidationError",
    "__version__",
    "build",
    "coauthor_graph",
    "extract",
    "institution_graph",
    "metrics_to_rdf",
    "network_metrics",
    "query",
    "read",
    "read_toc",
    "replace_metrics",
    "run_query",
    "split_authors",
    "split_keywords",
    "topic_graph",
]
