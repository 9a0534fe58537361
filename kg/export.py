"""Atomic, deterministic writers for the built graph.

Every RDF file radkg writes is *canonical*: named graphs (one per source)
in IRI order, each graph's triples sorted by their N-Triples form, a triple
shared by several sources written once, and radkg's fixed prefixes, so the
same graph always gives the same bytes, whatever the store backend, the
number of jobs or the order sources were loaded in.  Only one graph is
held in memory at a time.  Turtle, TriG and RDF/XML are written by pyoxigraph's
serialisers from that sorted stream; JSON-LD by rdflib, compacted with the
context radkg ships (``ontology/context.jsonld``, written inline: nothing
refers to a remote context).

Every file is written to a temporary file in the same directory, flushed
to disk and moved over the target in one step (:func:`atomic_writer`), so
an interrupted build leaves the previous file intact.

>>> sorted(FORMATS)
['jsonld', 'nq', 'nt', 'rdf', 'trig', 'ttl']
"""

from __future__ import annotations

import contextlib
import itertools
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Dataset

from kg.namespaces import PREFIXES
from kg.store import graph_names, oxigraph, quads

__all__ = [
    "FORMATS",
    "RdfFormat",
    "atomic_writer",
    "canonical_chunks",
    "canonical_lines",
    "write_rdf",
]

_CHUNK = 200_000
_UMASK = os.umask(0o022)
os.umask(_UMASK)  # lines parsed per step when re-reading the sorted stream


@dataclass(frozen=True, slots=True)
class RdfFormat:
    """An output format: its file name, pyoxigraph format and whether it keeps named graphs."""

    key: str
    filename: str
    format: ox.RdfFormat
    is_dataset: bool
    media_type: str


#: Output formats by the key used on the command line (``--format ttl,nq``).
FORMATS: dict[str, RdfFormat] = {
    "ttl": RdfFormat("ttl", "radkg.ttl", ox.RdfFormat.TURTLE, False, "text/turtle"),
    "nt": RdfFormat("nt", "radkg.nt", ox.RdfFormat.N_TRIPLES, False, "application/n-triples"),
    "nq": RdfFormat("nq", "radkg.nq", ox.RdfFormat.N_QUADS, True, "application/n-quads"),
    "trig": RdfFormat("trig", "radkg.trig", ox.RdfFormat.TRIG, True, "application/trig"),
    "jsonld": RdfFormat(
        "jsonld", "radkg.jsonld", ox.RdfFormat.JSON_LD, False, "application/ld+json"
    ),
    "rdf": RdfFormat("rdf", "radkg.rdf", ox.RdfFormat.RDF_XML, False, "application/rdf+xml"),
}


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """Open ``path`` for writing so that it is replaced only when writing succeeds.

    The data goes to a temporary file beside ``path``; on success it is
    flushed, fsynced and moved over ``path`` with :func:`os.replace`; on any
    exception (or if the process dies) ``path`` keeps its previous content
    and the temporary file is removed.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_writer(target) as f:
    ...     _ = f.write(b"complete")
    >>> target.read_bytes()
    b'complete'
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp creates 0600; give the file the usual permissions
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _graph_lines(ds: Dataset) -> Iterator[tuple[str, list[bytes]]]:
    """Each named graph's triples as sorted N-Triples lines, graphs in IRI order."""
    store = oxigraph(ds)
    if store is not None:
        names = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
        for name in names:
            lines = store.dump(
                format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name)
            ).splitlines()
            lines.sort()
            yield name, lines
        return
    by_graph: dict[str, list[ox.Triple]] = {}
    for q in quads(ds):
        by_graph.setdefault(q.graph_name.value, []).append(
            ox.Triple(q.subject, q.predicate, q.object)
        )
    for name in sorted(by_graph):
        lines = ox.serialize(by_graph.pop(name), format=ox.RdfFormat.N_TRIPLES).splitlines()
        lines.sort()
        yield name, lines


def _shared_subjects(ds: Dataset) -> set[bytes]:
    """Subjects (in N-Triples form) that occur in more than one named graph."""
    query = "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?s HAVING (COUNT(DISTINCT ?g) > 1)"
    store = oxigraph(ds)
    if store is not None:
        return {str(row[0]).encode() for row in store.query(query)}
    graphs_of: dict[object, set[object]] = {}
    for q in quads(ds):
        graphs_of.setdefault(q.subject, set()).add(q.graph_name)
    return {str(s).encode() for s, graphs in graphs_of.items() if len(graphs) > 1}


def canonical_chunks(ds: Dataset, *, with_graphs: bool) -> Iterator[list[bytes]]:
    """The dataset as canonical N-Triples (or N-Quads) lines, one chunk per named graph.

    Graphs come in IRI order, each graph's lines sorted, so the order depends
    on the content alone (not on the backend, the jobs or the load order).
    With graphs, each line carries its graph (N-Quads).  Without, the union
    graph is written: a triple that several sources share (their journal,
    people, keywords) is written once, where it first appears.  Only one
    graph's lines are in memory at a time, beside the shared triples seen.
    """
    several = len(graph_names(ds)) > 1
    shared = _shared_subjects(ds) if several and not with_graphs else set()
    seen: set[bytes] = set()
    for name, lines in _graph_lines(ds):
        if with_graphs:
            suffix = b" <" + name.encode() + b"> ."
            yield [line[:-2] + suffix for line in lines if line]
            continue
        if shared:
            kept = []
            for line in lines:
                if line[: line.find(b" ")] in shared:
                    if line in seen:
                        continue
                    seen.add(line)
                kept.append(line)
            lines = kept
        yield [line for line in lines if line]


def canonical_lines(ds: Dataset, *, with_graphs: bool) -> list[bytes]:
    """All of :func:`canonical_chunks` in one list (for small graphs)."""
    return [line for chunk in canonical_chunks(ds, with_graphs=with_graphs) for line in chunk]


def _reparse(chunks: Iterable[list[bytes]], fmt: ox.RdfFormat) -> Iterator[ox.Triple | ox.Quad]:
    """Parse the chunks back into terms; ``chain`` keeps Python out of the per-triple loop."""
    blobs = (
        b"\n".join(lines[start : start + _CHUNK]) + b"\n"
        for lines in chunks
        for start in range(0, len(lines), _CHUNK)
    )
    return itertools.chain.from_iterable(ox.parse(blob, format=fmt) for blob in blobs)


def write_rdf(ds: Dataset, path: str | os.PathLike[str], fmt: str | RdfFormat) -> Path:
    """Write the dataset to ``path`` in one of :data:`FORMATS`, canonically and atomically.

    Triple formats get the union of all sources' graphs; N-Quads and TriG
    keep one named graph per source.

    >>> import pyoxigraph as ox, tempfile, pathlib
    >>> from kg.store import open_store, replace_source
    >>> ds = open_store()
    >>> s, p = ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/p")
    >>> replace_source(ds, ox.NamedNode("https://example.org/g"), [ox.Triple(s, p, ox.Literal("x"))])
    >>> out = write_rdf(ds, pathlib.Path(tempfile.mkdtemp()) / "g.nt", "nt")
    >>> out.read_text()
    '<https://example.org/a> <https://example.org/p> "x" .\\n'
    """
    spec = FORMATS[fmt] if isinstance(fmt, str) else fmt
    chunks = canonical_chunks(ds, with_graphs=spec.is_dataset)
    with atomic_writer(path) as handle:
        if spec.format in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS):
            for lines in chunks:
                if lines:
                    handle.write(b"\n".join(lines) + b"\n")
        elif spec.format is ox.RdfFormat.JSON_LD:
            handle.write(_jsonld([line for chunk in chunks for line in chunk]))
        else:
            source = ox.RdfFormat.N_QUADS if spec.is_dataset else ox.RdfFormat.N_TRIPLES
            ox.serialize(_reparse(chunks, source), handle, spec.format, prefixes=dict(PREFIXES))
    return Path(path)


def _jsonld(lines: list[bytes]) -> bytes:
    """Compact JSON-LD with radkg's shipped context inlined (no remote context is ever fetched)."""
    import json

    from rdflib import Graph

    from kg.validate import ontology_path

    context = json.loads(ontology_path("context.jsonld").read_text(encoding="utf-8"))["@context"]
    g = Graph()
    g.parse(data=b"\n".join(lines) + b"\n", format="nt")
    text = g.serialize(
        format="json-ld", context=context, auto_compact=True, sort_keys=True, indent=1
    )
    return text.encode("utf-8") + b"\n"
