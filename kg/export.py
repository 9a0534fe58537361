"""Atomic, deterministic writers for the built graph.

Every RDF file radkg writes is *canonical*: the triples (or quads) are
sorted by their N-Triples form, duplicates dropped, and serialised with
radkg's fixed prefixes, so the same graph always gives the same bytes,
whatever the store backend, the number of jobs or the order sources were
loaded in.  Turtle, TriG and RDF/XML are written by pyoxigraph's
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
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Dataset

from kg.namespaces import PREFIXES
from kg.store import oxigraph, quads

__all__ = [
    "FORMATS",
    "RdfFormat",
    "atomic_writer",
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
    "jsonld": RdfFormat("jsonld", "radkg.jsonld", ox.RdfFormat.JSON_LD, False, "application/ld+json"),
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


def canonical_lines(ds: Dataset, *, with_graphs: bool) -> list[bytes]:
    """The dataset as sorted, de-duplicated N-Triples (or N-Quads) lines, without newlines.

    Without graphs, the triples of all named graphs are merged (the union
    graph); with graphs, each quad keeps its graph.
    """
    store = oxigraph(ds)
    lines: list[bytes] = []
    if store is not None:
        if with_graphs:
            lines = store.dump(format=ox.RdfFormat.N_QUADS).splitlines()
        else:
            for graph in store.named_graphs():
                lines.extend(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph).splitlines())
    else:
        items = list(quads(ds))
        fmt = ox.RdfFormat.N_QUADS if with_graphs else ox.RdfFormat.N_TRIPLES
        data = items if with_graphs else [ox.Triple(q.subject, q.predicate, q.object) for q in items]
        lines = ox.serialize(data, format=fmt).splitlines()
    lines.sort()
    # Drop the duplicates that the union of several sources' graphs gives (journal triples).
    return [line for i, line in enumerate(lines) if line and (i == 0 or line != lines[i - 1])]


def _reparse(lines: list[bytes], fmt: ox.RdfFormat) -> Iterator[ox.Triple | ox.Quad]:
    for start in range(0, len(lines), _CHUNK):
        chunk = b"\n".join(lines[start : start + _CHUNK]) + b"\n"
        yield from ox.parse(chunk, format=fmt)


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
    lines = canonical_lines(ds, with_graphs=spec.is_dataset)
    with atomic_writer(path) as handle:
        if spec.format in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS):
            for start in range(0, len(lines), _CHUNK):
                handle.write(b"\n".join(lines[start : start + _CHUNK]) + b"\n")
        elif spec.format is ox.RdfFormat.JSON_LD:
            handle.write(_jsonld(lines))
        else:
            source = ox.RdfFormat.N_QUADS if spec.is_dataset else ox.RdfFormat.N_TRIPLES
            ox.serialize(_reparse(lines, source), handle, spec.format, prefixes=dict(PREFIXES))
    return Path(path)


def _jsonld(lines: list[bytes]) -> bytes:
    """Compact JSON-LD with radkg's shipped context inlined (no remote context is ever fetched)."""
    import json

    from rdflib import Graph

    from kg.validate import ontology_path

    context = json.loads(ontology_path("context.jsonld").read_text(encoding="utf-8"))["@context"]
    g = Graph()
    g.parse(data=b"\n".join(lines) + b"\n", format="nt")
    text = g.serialize(format="json-ld", context=context, auto_compact=True, sort_keys=True, indent=1)
    return text.encode("utf-8") + b"\n"
