"""The triple store: rdflib's API over an Oxigraph (pyoxigraph) store, in memory or on disk.

Every source file gets a named graph of its own, so re-building a source
replaces exactly its triples: :func:`replace_source` clears the source's
graph and bulk-loads the new triples in one go.  The default graph is the
union of all named graphs, so SPARQL without ``GRAPH`` sees everything.

Loading goes straight into pyoxigraph (the hot path); everything
downstream may use the rdflib ``Dataset`` that :func:`open_store` returns.
``backend="memory"`` gives the same API on rdflib's own Memory store, kept
for comparison in the benchmarks.

>>> import pyoxigraph as ox
>>> ds = open_store()
>>> s, p = ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/p")
>>> replace_source(ds, ox.NamedNode("https://example.org/graph/1"), [ox.Triple(s, p, ox.Literal("x"))])
>>> replace_source(ds, ox.NamedNode("https://example.org/graph/1"), [ox.Triple(s, p, ox.Literal("y"))])
>>> [str(o) for o in ds.objects()]
['y']
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset, URIRef

from kg.errors import StoreError
from kg.namespaces import PREFIXES

__all__ = [
    "BACKENDS",
    "graph_names",
    "open_store",
    "oxigraph",
    "quads",
    "remove_source",
    "rename_node",
    "rename_nodes",
    "replace_source",
    "triple_count",
]

#: Store backends: ``oxigraph`` (default, fast) and rdflib's ``memory`` (baseline).
BACKENDS = ("oxigraph", "memory")


def open_store(path: str | os.PathLike[str] | None = None, *, backend: str = "oxigraph") -> Dataset:
    """Open a dataset, in memory (``path=None``) or in an on-disk Oxigraph store.

    Parameters
    ----------
    path : path-like, optional
        A directory holding an Oxigraph store; created when missing.  Use it
        for builds too large for memory, or to update a graph incrementally.
    backend : {"oxigraph", "memory"}
        ``memory`` is rdflib's default store (in memory only); it exists for
        comparison and is 10–40× slower.

    Returns
    -------
    rdflib.Dataset
        With ``default_union=True`` and radkg's prefixes bound.

    >>> len(open_store())
    0
    """
    if backend not in BACKENDS:
        raise StoreError(f"unknown store backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    if backend == "memory":
        if path is not None:
            raise StoreError(
                "the memory backend cannot be stored on disk; use the oxigraph backend"
            )
        ds = Dataset(store="Memory", default_union=True)
    else:
        try:
            inner = ox.Store(str(path)) if path is not None else ox.Store()
        except OSError as exc:
            raise StoreError(f"cannot open the store at {path}: {exc}") from exc
        ds = Dataset(store=OxigraphStore(store=inner), default_union=True)
    for prefix, iri in PREFIXES.items():
        ds.bind(prefix, iri, override=True, replace=True)
    return ds


def oxigraph(ds: Dataset) -> ox.Store | None:
    """The pyoxigraph store under ``ds``, or ``None`` for another backend."""
    store = ds.store
    return store._inner if isinstance(store, OxigraphStore) else None


def replace_source(
    ds: Dataset, graph: ox.NamedNode, triples: Iterable[ox.Triple | ox.Quad]
) -> None:
    """Replace the named graph ``graph`` with ``triples`` (the source's new content).

    ``triples`` may also be quads already in ``graph`` (the fast path: no
    conversion).  Idempotent: loading the same triples twice leaves one
    copy.  Other sources' graphs are untouched.
    """
    items = list(triples)
    if items and isinstance(items[0], ox.Quad):
        if any(q.graph_name != graph for q in items):
            raise StoreError(f"quads given for {graph} belong to another graph")
    else:
        items = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in items]
    store = oxigraph(ds)
    if store is not None:
        if store.contains_named_graph(graph):
            store.remove_graph(graph)
        store.bulk_extend(items)
        return
    from oxrdflib._converter import from_ox

    context = ds.graph(URIRef(graph.value))
    ds.remove_graph(context)
    context = ds.graph(URIRef(graph.value))
    context.addN(
        (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), context) for q in items
    )


def rename_node(ds: Dataset, old: str, new: str) -> int:
    """Move every statement about or pointing to IRI ``old`` onto IRI ``new``, in each graph.

    Used when two records turn out to be one thing (a person, an article):
    each source's graph keeps its own statements, now about the merged node.
    Returns the number of statements moved.
    """
    source, target = ox.NamedNode(old), ox.NamedNode(new)
    store = oxigraph(ds)
    if store is not None:
        moved = [
            *store.quads_for_pattern(source, None, None),
            *store.quads_for_pattern(None, None, source),
        ]
        for quad in moved:
            store.remove(quad)
        store.extend(
            ox.Quad(
                target if q.subject == source else q.subject,
                q.predicate,
                target if q.object == source else q.object,
                q.graph_name,
            )
            for q in moved
        )
        return len(moved)
    before, after = URIRef(old), URIRef(new)
    moved_quads = [*ds.quads((before, None, None, None)), *ds.quads((None, None, before, None))]
    for s, p, o, g in moved_quads:
        ds.remove((s, p, o, g))
    for s, p, o, g in moved_quads:
        ds.add((after if s == before else s, p, after if o == before else o, g))
    return len(moved_quads)


_RENAME_BATCH = 4096  # quads moved per store transaction by rename_nodes


def _move(store: ox.Store, batch: list[ox.Quad], terms: dict[ox.NamedNode, ox.NamedNode]) -> int:
    """Remove the quads of ``batch`` and add them again with ``terms`` replaced; empties it."""
    for quad in batch:
        store.remove(quad)
    store.extend(
        ox.Quad(
            terms.get(q.subject, q.subject),
            q.predicate,
            terms.get(q.object, q.object),
            q.graph_name,
        )
        for q in batch
    )
    count = len(batch)
    batch.clear()
    return count


def rename_nodes(ds: Dataset, renames: Mapping[str, str]) -> int:
    """Move the statements of many IRIs at once: :func:`rename_node` for every ``old → new``.

    The statements about or pointing to each ``old`` are removed and
    inserted again about ``new`` (in their own graphs); a statement linking
    two renamed nodes moves once, straight to both new IRIs.  A
    ``new`` that is itself renamed is followed to its end (``a → b → c``
    puts ``a``'s statements on ``c``).  Returns the number of statements moved.

    >>> import pyoxigraph as ox
    >>> ds = open_store()
    >>> a, b, c, p = (ox.NamedNode(f"https://example.org/{x}") for x in "abcp")
    >>> replace_source(ds, ox.NamedNode("https://example.org/g"), [ox.Triple(a, p, b)])
    >>> rename_nodes(ds, {a.value: c.value, b.value: c.value})
    1
    >>> [(str(s), str(o)) for s, _, o in ds.triples((None, None, None))]
    [('https://example.org/c', 'https://example.org/c')]
    """
    final: dict[str, str] = {}
    for old in renames:
        new, seen = renames[old], {old}
        while new in renames and new not in seen:
            seen.add(new)
            new = renames[new]
        if new != old:
            final[old] = new
    if not final:
        return 0
    store = oxigraph(ds)
    if store is not None:
        terms = {ox.NamedNode(old): ox.NamedNode(new) for old, new in final.items()}
        moved = 0
        batch: list[ox.Quad] = []
        for node in terms:  # in batches of a few thousand: measured faster than one or many
            batch += store.quads_for_pattern(node, None, None)
            batch += (
                q for q in store.quads_for_pattern(None, None, node) if q.subject not in terms
            )
            if len(batch) >= _RENAME_BATCH:
                moved += _move(store, batch, terms)
        return moved + _move(store, batch, terms)
    nodes = {URIRef(old): URIRef(new) for old, new in final.items()}
    moved_quads = {
        quad
        for node in nodes
        for quad in (*ds.quads((node, None, None, None)), *ds.quads((None, None, node, None)))
    }
    for s, p, o, g in moved_quads:
        ds.remove((s, p, o, g))
    for s, p, o, g in moved_quads:
        ds.add((nodes.get(s, s), p, nodes.get(o, o), g))
    return len(moved_quads)


def remove_source(ds: Dataset, graph: ox.NamedNode) -> bool:
    """Remove a source's named graph; returns whether it was there."""
    store = oxigraph(ds)
    if store is not None:
        if not store.contains_named_graph(graph):
            return False
        store.remove_graph(graph)
        return True
    context = ds.graph(URIRef(graph.value))
    present = len(context) > 0
    ds.remove_graph(context)
    return present


def graph_names(ds: Dataset) -> list[str]:
    """IRIs of the named graphs (one per source), sorted."""
    store = oxigraph(ds)
    if store is not None:
        return sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    return sorted(
        str(g.identifier) for g in ds.graphs() if len(g) and isinstance(g.identifier, URIRef)
    )


def quads(ds: Dataset) -> Iterator[ox.Quad]:
    """Every quad in the named graphs, as pyoxigraph terms (unsorted)."""
    store = oxigraph(ds)
    if store is not None:
        yield from (q for q in store if not isinstance(q.graph_name, ox.DefaultGraph))
        return
    from oxrdflib._converter import to_ox

    for s, p, o, g in ds.quads((None, None, None, None)):
        if g is not None and isinstance(getattr(g, "identifier", g), URIRef):
            yield ox.Quad(
                to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(str(getattr(g, "identifier", g)))
            )


def triple_count(ds: Dataset) -> int:
    """Number of quads over all named graphs (a triple in two sources counts twice)."""
    store = oxigraph(ds)
    if store is not None:
        return len(store)
    return sum(1 for _ in quads(ds))
