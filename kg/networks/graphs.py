"""Networks read from the knowledge graph: co-authorship, institutions, topics, bipartite.

Everything is read with a few SPARQL queries on the pyoxigraph store under
the graph (the fast path), then assembled in Python in sorted order, so the
same graph always gives the same network: same nodes, same edges, same
attribute values, in the same insertion order.

Nodes are IRIs (the person's, institution's or concept's) with attributes
``label``, ``kind`` (``author``, ``institution``, ``keyword``, ``method``,
``disease``, ...), ``articles`` (how many articles it occurs in),
``fractional`` (its fractionally counted articles, 1/n for each article
with n members), ``first_year``/``last_year`` when known and, for pages and
tooltips, ``_articles`` (the sorted article IRIs; attributes whose name
starts with ``_`` are never exported).  ``G.graph["articles"]`` maps each
article IRI of the network to its ``title`` and ``year``.

Co-occurrence edges carry ``articles`` (shared articles), ``full`` (the same
number, as a float), ``fractional`` (each article with n members adds
1/(n-1) to each of its pairs, so every member's links from one article add
up to 1: Perianes-Rodriguez, Waltman & van Eck 2016) and ``weight``, which is
``full`` or ``fractional`` as ``counting`` asks.

>>> import kg
>>> G = coauthor_graph(kg.build(quiet=True).dataset)
>>> G.number_of_nodes(), G.number_of_edges(), G.graph["counting"]
(35, 51, 'full')
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Union

import networkx as nx
import pyoxigraph as ox

from kg.errors import QueryError, UsageError
from kg.namespaces import DCTERMS, FABIO, FOAF, FRBR, PROV, RADKG, RDFS, SKOS

__all__ = [
    "COUNTINGS",
    "SIDES",
    "ArticleFilter",
    "GraphSource",
    "Side",
    "bipartite_graph",
    "coauthor_graph",
    "cooccurrence_graph",
    "institution_graph",
    "projected_graph",
    "select_articles",
    "store_of",
    "topic_graph",
]

#: How a shared article is counted on an edge: once (``full``) or 1/(n-1) (``fractional``).
COUNTINGS = ("full", "fractional")

#: What a SPARQL string, a named query name or a set of article IRIs may select.
ArticleFilter = Union[str, Iterable[str], None]  # noqa: UP007 (a runtime alias on Python 3.10)

#: Anything a network can be read from: an rdflib graph or dataset, a pyoxigraph store,
#: or a :class:`kg.BuildReport`.
GraphSource = Any


@dataclass(frozen=True, slots=True)
class Side:
    """One kind of node a network can have: how an article reaches it.

    ``pattern`` is a SPARQL group pattern binding ``?node`` for ``?article``;
    ``node_filter``, when given, a pattern that ``?node`` must match (checked
    with ``FILTER EXISTS``, which does not repeat rows for a node described
    in many source graphs).
    """

    name: str
    pattern: str
    node_filter: str = ""


_LABELS = f"<{SKOS.prefLabel}>|<{FOAF.name}>|<{RDFS.label}>"

#: The kinds of node, by name: authors and institutions through authorships, concepts
#: through the article's subject properties (see ``ontology/radkg.ttl``).
SIDES: dict[str, Side] = {
    "author": Side(
        "author", f"?article <{PROV.qualifiedAttribution}> ?role . ?role <{PROV.agent}> ?node ."
    ),
    "institution": Side(
        "institution",
        f"?article <{PROV.qualifiedAttribution}> ?role . ?role <{RADKG.affiliation}> ?node .",
    ),
    "keyword": Side(
        "keyword",
        f"?article <{DCTERMS.subject}> ?node .",
        f"?node <{SKOS.inScheme}> <{RADKG.KeywordScheme}> .",
    ),
    "method": Side("method", f"?article <{RADKG.usesMethod}> ?node ."),
    "disease": Side("disease", f"?article <{RADKG.studiesDisease}> ?node ."),
    "modality": Side("modality", f"?article <{RADKG.usesModality}> ?node ."),
    "anatomy": Side("anatomy", f"?article <{RADKG.studiesAnatomy}> ?node ."),
    "procedure": Side("procedure", f"?article <{RADKG.studiesProcedure}> ?node ."),
}

_NAMED_QUERY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def store_of(g: GraphSource) -> ox.Store:
    """The pyoxigraph store to query for ``g``.

    ``g`` may be a pyoxigraph ``Store``, an rdflib ``Graph``/``Dataset`` over
    the Oxigraph store (its store is used directly), another rdflib graph
    (its triples are copied into a new store), or a :class:`kg.BuildReport`.

    >>> store_of(ox.Store()).__class__.__name__
    'Store'
    """
    if isinstance(g, ox.Store):
        return g
    dataset = getattr(g, "dataset", None)
    if dataset is not None:  # a BuildReport
        g = dataset
    from kg.store import oxigraph

    inner = oxigraph(g) if hasattr(g, "store") else None
    if inner is not None:
        return inner
    if not hasattr(g, "triples"):
        raise UsageError(
            f"cannot read a network from {type(g).__name__}; "
            "pass an rdflib graph or a pyoxigraph Store"
        )
    from oxrdflib._converter import to_ox

    store = ox.Store()
    store.bulk_extend(
        ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in g.triples((None, None, None))
    )
    return store


def _query(store: ox.Store, query: str) -> ox.QuerySolutions:
    return store.query(query, use_default_graph_as_union=True)


def _article_column(result: object) -> set[str]:
    """The IRIs in a SELECT result's ``?article`` column (or its first column)."""
    from kg.sparql import QueryResult

    assert isinstance(result, QueryResult)
    if result.kind != "select" or not result.variables:
        raise QueryError("the article query must be a SELECT query that projects ?article")
    column = result.variables.index("article") if "article" in result.variables else 0
    return {row[column].value for row in result.solutions if isinstance(row[column], ox.NamedNode)}


def select_articles(
    g: GraphSource,
    articles: ArticleFilter = None,
    *,
    params: Mapping[str, object] | None = None,
    years: tuple[int | None, int | None] | None = None,
) -> frozenset[str] | None:
    """The article IRIs a network is restricted to, or ``None`` for every article.

    Parameters
    ----------
    g : graph source
        See :func:`store_of`.
    articles : str or iterable of str, optional
        A SPARQL ``SELECT`` whose ``?article`` column (or first column) gives
        the articles; a named query of :mod:`kg.sparql` (a kebab-case name
        such as ``articles-using-method``, with ``params``); or the article
        IRIs themselves.  Queries are checked by :func:`kg.sparql.check_query`
        (no SERVICE, FROM, LOAD or update).
    params : mapping, optional
        Parameters of a named query.
    years : (int or None, int or None), optional
        Keep articles published in this closed range of years (either end
        open); an article without a year is then left out.

    Examples
    --------
    >>> import kg
    >>> ds = kg.build(quiet=True).dataset
    >>> query = "SELECT ?article WHERE { ?article a <http://purl.org/spar/fabio/JournalArticle> }"
    >>> len(select_articles(ds, query))
    9
    >>> select_articles(ds, None) is None
    True
    """
    from kg import sparql

    store = store_of(g)
    chosen: set[str] | None = None
    if isinstance(articles, str):
        text = articles.strip()
        if _NAMED_QUERY.match(text):
            chosen = _article_column(sparql.run(store, text, params=params))
        else:
            if sparql.check_query(text) != "select":  # refuses SERVICE, FROM, LOAD and updates
                raise QueryError("the article query must be a SELECT query that projects ?article")
            chosen = _article_column(sparql.query(store, text))
    elif articles is not None:
        chosen = {str(a) for a in articles}
    if years is not None:
        lo, hi = years
        if lo is not None and hi is not None and lo > hi:
            raise UsageError(f"the year range {lo}-{hi} is empty: the first year is after the last")
        in_range = {
            iri
            for iri, (_, year) in _article_info(store).items()
            if year is not None and (lo is None or year >= lo) and (hi is None or year <= hi)
        }
        chosen = in_range if chosen is None else chosen & in_range
    return None if chosen is None else frozenset(chosen)


def _best(labels: list[tuple[str, str]]) -> str:
    """The label to show: Chinese first, then English, then untagged, then the smallest."""
    rank = {"zh": 0, "en": 1, "": 2}
    return min(labels, key=lambda item: (rank.get(item[1], 3), item[1], item[0]))[0]


def _article_info(store: ox.Store) -> dict[str, tuple[str, int | None]]:
    """Every article's (title, year); the year is the article's or its issue's."""
    query = f"""SELECT DISTINCT ?article ?title ?year ?issue_year WHERE {{
        ?article a <{FABIO.JournalArticle}> .
        OPTIONAL {{ ?article <{DCTERMS.title}> ?title }}
        OPTIONAL {{ ?article <{FABIO.hasPublicationYear}> ?year }}
        OPTIONAL {{ ?article <{FRBR.partOf}> ?issue .
                   ?issue <{FABIO.hasPublicationYear}> ?issue_year }}
    }}"""
    titles: dict[str, list[tuple[str, str]]] = defaultdict(list)
    years: dict[str, set[int]] = defaultdict(set)
    for row in _query(store, query):
        iri = row["article"].value
        titles[iri]
        title = row["title"]
        if title is not None:
            titles[iri].append((title.value, title.language or ""))
        for name in ("year", "issue_year"):
            value = row[name]
            if value is not None and value.value[:4].isdigit():
                years[iri].add(int(value.value[:4]))
    return {
        iri: (_best(labels) if labels else "", min(years[iri]) if years.get(iri) else None)
        for iri, labels in titles.items()
    }


def _labels(store: ox.Store) -> dict[str, str]:
    """The label to show for every labelled node (see :func:`_best`), in one query."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in _query(store, f"SELECT DISTINCT ?node ?label WHERE {{ ?node {_LABELS} ?label }}"):
        label = row["label"]
        if isinstance(label, ox.Literal):
            found[row["node"].value].append((label.value, label.language or ""))
    return {node: _best(labels) for node, labels in found.items()}


def _members(store: ox.Store, side: Side, allowed: frozenset[str] | None) -> dict[str, list[str]]:
    """Per article, its nodes of ``side`` (in author order for authors).

    Rows are DISTINCT and the node's own description is checked with
    ``FILTER EXISTS``: in the union of the source graphs a person or keyword
    is described once per source, which would otherwise multiply the rows.
    """
    position = (
        f"OPTIONAL {{ ?role <{RADKG.authorPosition}> ?position }}"
        if "?role" in side.pattern
        else ""
    )
    node_filter = f"FILTER EXISTS {{ {side.node_filter} }}" if side.node_filter else ""
    query = f"""SELECT DISTINCT ?article ?node {"?position" if position else ""} WHERE {{
        ?article a <{FABIO.JournalArticle}> . {side.pattern} {node_filter} {position}
    }}"""
    found: dict[str, dict[str, float]] = defaultdict(dict)
    for row in _query(store, query):
        article, node = row["article"].value, row["node"]
        if allowed is not None and article not in allowed:
            continue
        if not isinstance(node, (ox.NamedNode, ox.BlankNode)):
            continue
        key = node.value
        rank = float("inf")
        if position and row["position"] is not None:
            rank = float(row["position"].value)
        found[article][key] = min(found[article].get(key, rank), rank)
    return {a: sorted(nodes, key=lambda n: (nodes[n], n)) for a, nodes in found.items()}


def _label_of(labels: Mapping[str, str], node: str) -> str:
    return labels.get(node) or node.rsplit("/", 1)[-1]


def _check_counting(counting: str) -> None:
    if counting not in COUNTINGS:
        raise UsageError(f"unknown counting {counting!r}; choose one of {', '.join(COUNTINGS)}")


def _side(name: str) -> Side:
    try:
        return SIDES[name]
    except KeyError:
        raise UsageError(f"unknown node kind {name!r}; choose from {', '.join(SIDES)}") from None


def _node_attrs(
    kind: str,
    label: str,
    articles: Sequence[str],
    fractional: float,
    info: Mapping[str, tuple[str, int | None]],
) -> dict[str, Any]:
    attrs: dict[str, Any] = {
        "label": label,
        "kind": kind,
        "articles": len(articles),
        "fractional": round(fractional, 12),
    }
    years = sorted(y for a in articles if (y := info.get(a, ("", None))[1]) is not None)
    if years:
        attrs["first_year"], attrs["last_year"] = years[0], years[-1]
    attrs["_articles"] = tuple(sorted(articles))
    return attrs


def _fixed(articles: ArticleFilter) -> ArticleFilter:
    """A query as it is; an iterable of article IRIs read once into a frozenset."""
    if articles is None or isinstance(articles, str):
        return articles
    return frozenset(str(a) for a in articles)


def _selection(
    articles: ArticleFilter,
    params: Mapping[str, object] | None,
    years: tuple[int | None, int | None] | None,
    *,
    min_articles: int = 1,
    max_members: int | None = None,
) -> dict[str, Any]:
    """How a network's articles and nodes were chosen, for provenance (``G.graph["_selection"]``).

    A query (named or SPARQL) is kept as its text and parameters; a set of
    article IRIs as the sorted IRIs.  Values are JSON-ready and in a fixed
    order, so equal selections give equal dicts.

    >>> _selection("articles-using-method", {"method": "x"}, (2020, None))
    {'query': 'articles-using-method', 'params': {'method': 'x'}, 'years': [2020, None]}
    """
    selection: dict[str, Any] = {}
    if isinstance(articles, str):
        selection["query"] = articles.strip()
    elif articles is not None:
        selection["article_iris"] = sorted({str(a) for a in articles})
    if params:
        selection["params"] = {str(k): str(v) for k, v in sorted(params.items())}
    if years is not None:
        selection["years"] = list(years)
    if min_articles != 1:
        selection["min_articles"] = min_articles
    if max_members is not None:
        selection["max_members"] = max_members
    return selection


def _graph_articles(
    info: Mapping[str, tuple[str, int | None]], used: Iterable[str]
) -> dict[str, dict[str, Any]]:
    return {
        a: {"title": info.get(a, ("", None))[0], "year": info.get(a, ("", None))[1]}
        for a in sorted(set(used))
    }


def cooccurrence_graph(
    g: GraphSource,
    kinds: str | Sequence[str] = "author",
    *,
    counting: str = "full",
    articles: ArticleFilter = None,
    params: Mapping[str, object] | None = None,
    years: tuple[int | None, int | None] | None = None,
    min_articles: int = 1,
    max_members: int | None = None,
    name: str | None = None,
) -> nx.Graph:
    """The co-occurrence network of nodes of ``kinds`` that share articles.

    Parameters
    ----------
    g : graph source
        See :func:`store_of`.
    kinds : str or sequence of str
        Keys of :data:`SIDES`; several kinds make one network of all of them.
    counting : {"full", "fractional"}
        What ``weight`` holds (both are always on the edge).
    articles, params, years
        Restrict the network to some articles (see :func:`select_articles`).
    min_articles : int
        Keep only nodes that occur in at least this many articles.
    max_members : int, optional
        Ignore articles with more than this many nodes (VOSviewer ignores
        documents with more than 25 authors by default).
    name : str, optional
        ``G.graph["name"]``.

    Returns
    -------
    networkx.Graph

    Examples
    --------
    >>> import kg
    >>> G = cooccurrence_graph(kg.build(quiet=True).dataset, "keyword", counting="fractional")
    >>> G.graph["kinds"], G.number_of_nodes() > 0
    ('keyword', True)
    """
    _check_counting(counting)
    if min_articles < 1:
        raise UsageError("min_articles must be at least 1")
    kinds = (kinds,) if isinstance(kinds, str) else tuple(kinds)
    store = store_of(g)
    articles = _fixed(articles)
    allowed = select_articles(store, articles, params=params, years=years)
    info = _article_info(store)
    labels = _labels(store)
    members: dict[str, list[str]] = defaultdict(list)
    kind_of: dict[str, str] = {}
    for kind in kinds:
        side_members = _members(store, _side(kind), allowed)
        for article, nodes in side_members.items():
            fresh = [n for n in nodes if kind_of.setdefault(n, kind) == kind]
            members[article].extend(n for n in fresh if n not in members[article])
    if max_members is not None:
        members = defaultdict(list, {a: m for a, m in members.items() if len(m) <= max_members})
    node_articles: dict[str, list[str]] = defaultdict(list)
    node_fraction: dict[str, float] = defaultdict(float)
    for article, nodes in members.items():
        for node in nodes:
            node_articles[node].append(article)
            node_fraction[node] += 1.0 / len(nodes)
    kept = {n for n, arts in node_articles.items() if len(arts) >= min_articles}
    pair_full: dict[tuple[str, str], int] = defaultdict(int)
    pair_frac: dict[tuple[str, str], float] = defaultdict(float)
    for nodes in members.values():
        if len(nodes) < 2:
            continue
        share = 1.0 / (len(nodes) - 1)
        for u, v in itertools.combinations(sorted(n for n in nodes if n in kept), 2):
            pair_full[u, v] += 1
            pair_frac[u, v] += share
    G = nx.Graph()
    G.graph.update(
        name=name or "+".join(kinds),
        kinds="+".join(kinds),
        counting=counting,
        articles=_graph_articles(info, (a for n in kept for a in node_articles[n])),
        _selection=_selection(
            articles, params, years, min_articles=min_articles, max_members=max_members
        ),
    )
    for node in sorted(kept):
        G.add_node(
            node,
            **_node_attrs(
                kind_of[node],
                _label_of(labels, node),
                node_articles[node],
                node_fraction[node],
                info,
            ),
        )
    for (u, v), count in sorted(pair_full.items()):
        fractional = round(pair_frac[u, v], 12)
        G.add_edge(
            u,
            v,
            articles=count,
            full=float(count),
            fractional=fractional,
            weight=float(count) if counting == "full" else fractional,
        )
    return G


def coauthor_graph(g: GraphSource, *, counting: str = "full", **options: Any) -> nx.Graph:
    """The co-authorship network: authors linked by the articles they share.

    Keyword options are those of :func:`cooccurrence_graph`.  An author list
    that the source cut short (``radkg:authorListTruncated``) counts only the
    authors it names.

    >>> import kg
    >>> G = coauthor_graph(kg.build(quiet=True).dataset, counting="fractional")
    >>> sorted({d["kind"] for _, d in G.nodes(data=True)}), G.graph["counting"]
    (['author'], 'fractional')
    """
    return cooccurrence_graph(
        g, "author", counting=counting, name=options.pop("name", "coauthors"), **options
    )


def institution_graph(g: GraphSource, *, counting: str = "full", **options: Any) -> nx.Graph:
    """The institution collaboration network: institutions named on the same articles.

    Institutions come from the authorships' ``radkg:affiliation``.  Keyword
    options are those of :func:`cooccurrence_graph`.

    >>> import kg
    >>> institution_graph(kg.build(quiet=True).dataset).graph["kinds"]
    'institution'
    """
    return cooccurrence_graph(
        g, "institution", counting=counting, name=options.pop("name", "institutions"), **options
    )


def topic_graph(
    g: GraphSource,
    *,
    kinds: str | Sequence[str] = "keyword",
    counting: str = "full",
    **options: Any,
) -> nx.Graph:
    """The topic network: keywords (or other concepts) that occur in the same articles.

    ``kinds`` may add the extracted concepts (``method``, ``disease``,
    ``modality``, ``anatomy``, ``procedure``) to the keywords.  Keyword
    options are those of :func:`cooccurrence_graph`.

    >>> import kg
    >>> G = topic_graph(kg.build(quiet=True).dataset)
    >>> G.graph["name"], all(d["kind"] == "keyword" for _, d in G.nodes(data=True))
    ('topics', True)
    """
    return cooccurrence_graph(
        g, kinds, counting=counting, name=options.pop("name", "topics"), **options
    )


def bipartite_graph(
    g: GraphSource,
    left: str = "author",
    right: str = "method",
    *,
    articles: ArticleFilter = None,
    params: Mapping[str, object] | None = None,
    years: tuple[int | None, int | None] | None = None,
    name: str | None = None,
) -> nx.Graph:
    """The bipartite network of ``left`` and ``right`` nodes that meet in an article.

    An edge joins, say, an author and a method when the author wrote an
    article that uses the method; its ``weight`` (and ``articles``) is the
    number of such articles.  Nodes carry ``bipartite`` (0 for ``left``, 1
    for ``right``) as networkx's bipartite algorithms expect.

    >>> import kg
    >>> B = bipartite_graph(kg.build(quiet=True).dataset, "author", "keyword")
    >>> {d["bipartite"] for _, d in B.nodes(data=True)} == {0, 1}
    True
    """
    if left == right:
        raise UsageError("a bipartite network needs two different kinds of node")
    store = store_of(g)
    articles = _fixed(articles)
    allowed = select_articles(store, articles, params=params, years=years)
    info = _article_info(store)
    labels = _labels(store)
    left_members = _members(store, _side(left), allowed)
    right_members = _members(store, _side(right), allowed)
    node_articles: dict[str, set[str]] = defaultdict(set)
    links: dict[tuple[str, str], int] = defaultdict(int)
    for article in sorted(set(left_members) & set(right_members)):
        for u in left_members[article]:
            node_articles[u].add(article)
            for v in right_members[article]:
                node_articles[v].add(article)
                links[u, v] += 1
    B = nx.Graph()
    B.graph.update(
        name=name or f"{left}-{right}",
        kinds=f"{left}-{right}",
        counting="full",
        articles=_graph_articles(info, (a for arts in node_articles.values() for a in arts)),
        _selection=_selection(articles, params, years),
    )
    sides = (
        (left, {n for nodes in left_members.values() for n in nodes}),
        (right, {n for nodes in right_members.values() for n in nodes}),
    )
    for part, (kind, nodes) in enumerate(sides):
        for node in sorted(n for n in nodes if n in node_articles and n not in B):
            arts = sorted(node_articles[node])
            B.add_node(
                node,
                bipartite=part,
                **_node_attrs(kind, _label_of(labels, node), arts, float(len(arts)), info),
            )
    for (u, v), count in sorted(links.items()):
        B.add_edge(
            u, v, articles=count, full=float(count), fractional=float(count), weight=float(count)
        )
    return B


#: Weightings of a bipartite projection (networkx's projections).
_PROJECTIONS: dict[str, Callable[..., nx.Graph]] = {
    "shared": nx.bipartite.weighted_projected_graph,
    "newman": nx.bipartite.collaboration_weighted_projected_graph,
}


def projected_graph(B: nx.Graph, kind: str, *, weighting: str = "shared") -> nx.Graph:
    """The projection of a bipartite network onto its nodes of ``kind``.

    Two methods are linked when some author used both (for an author–method
    network projected on ``method``).  ``weighting="shared"`` counts the
    shared neighbours; ``"newman"`` is Newman's collaboration weighting
    (each shared neighbour with d links adds 1/(d-1)).

    >>> B = nx.Graph([("a", "m1"), ("a", "m2"), ("b", "m2")])
    >>> kinds = {"a": "author", "b": "author", "m1": "method", "m2": "method"}
    >>> nx.set_node_attributes(B, kinds, "kind")
    >>> sorted(projected_graph(B, "method").edges(data="weight"))
    [('m1', 'm2', 1.0)]
    """
    try:
        project = _PROJECTIONS[weighting]
    except KeyError:
        raise UsageError(
            f"unknown weighting {weighting!r}; choose one of {', '.join(_PROJECTIONS)}"
        ) from None
    nodes = sorted(n for n, k in B.nodes(data="kind") if k == kind)
    if not nodes:
        kinds = sorted({str(k) for _, k in B.nodes(data="kind")})
        raise UsageError(f"the network has no {kind!r} nodes; it has {', '.join(kinds) or 'none'}")
    P = project(B, nodes)
    H = nx.Graph()
    H.graph.update({k: v for k, v in B.graph.items() if k != "name"})
    H.graph["name"] = f"{B.graph.get('name', 'network')}:{kind}"
    H.graph["counting"] = weighting
    for node in nodes:
        H.add_node(node, **{k: v for k, v in B.nodes[node].items() if k != "bipartite"})
    for u, v, w in sorted((min(u, v), max(u, v), w) for u, v, w in P.edges(data="weight")):
        H.add_edge(
            u,
            v,
            weight=float(w),
            articles=len(
                set(B.nodes[u].get("_articles", ())) & set(B.nodes[v].get("_articles", ()))
            ),
        )
    return H
