"""``build(sources, *, out, ...) -> BuildReport``: the stages wired together.

read → segment → map → store (one named graph per source) → validate →
(reason) → export, with a report of what happened beside the graph.  A
source that cannot be read is reported and skipped; the others are built.
Output files are written only after the whole graph is complete, each one
atomically, so a failed or killed build leaves the previous output intact.

>>> report = build(quiet=True)
>>> report.articles, report.conforms
(9, True)
"""

from __future__ import annotations

import contextlib
import gc
import json
import math
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset

from kg.data import DATA_DIR, seed_pages
from kg.errors import UsageError
from kg.export import FORMATS, atomic_writer, write_rdf
from kg.ids import source_iri
from kg.mapping import page_quads
from kg.merge import Records, identify
from kg.namespaces import FABIO, PREFIXES
from kg.readers import read
from kg.records import Diagnostic, Page
from kg.store import open_store, oxigraph, replace_source, triple_count

__all__ = ["BuildReport", "SourceReport", "VALIDATION_MODES", "build", "source_key"]

#: How a build validates: every triple, a deterministic sample of sources, or not at all.
VALIDATION_MODES = ("auto", "full", "sample", "none")

#: ``auto`` validates every triple up to this many triples, a sample of articles above it.
SAMPLE_LIMIT = 20_000

#: How many articles (with their neighbourhoods) a sampled validation checks.
SAMPLE_ARTICLES = 100


@dataclass(frozen=True, slots=True)
class SourceReport:
    """What one source contributed."""

    path: str
    graph: str
    articles: int
    triples: int
    diagnostics: tuple[Diagnostic, ...] = ()
    #: What extraction found impossible (e.g. an AUC of 1.2): reported, never written as a fact.
    warnings: tuple[Diagnostic, ...] = ()


@dataclass(slots=True)
class BuildReport:
    """The outcome of :func:`build`: counts, diagnostics, validation, timings, and the graph.

    ``dataset`` is the built rdflib ``Dataset`` (one named graph per
    source); ``to_json()`` gives the deterministic part written as
    ``build-report.json`` (timings are kept apart, in ``timings``).
    """

    sources: list[SourceReport] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    triples: int = 0
    conforms: bool | None = None
    validation: dict[str, Any] = field(default_factory=dict)
    inferred: int = 0
    outputs: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    dataset: Dataset | None = None
    identity: dict[str, int] = field(default_factory=dict)  # kg.merge.identify's counts

    @property
    def articles(self) -> int:
        return sum(s.articles for s in self.sources)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for s in self.sources for d in s.diagnostics]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for s in self.sources for d in s.warnings]

    @property
    def has_skipped_input(self) -> bool:
        """Whether any input was skipped or read only in part."""
        return bool(self.diagnostics)

    def to_json(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "triples": self.triples,
            "counts": self.counts,
            "sources": [
                {"path": s.path, "graph": s.graph, "articles": s.articles, "triples": s.triples}
                for s in self.sources
            ],
            "diagnostics": [
                {"path": d.path, "line": d.line, "message": d.message} for d in self.diagnostics
            ],
            "warnings": [
                {"path": d.path, "line": d.line, "message": d.message} for d in self.warnings
            ],
            "validation": self.validation,
            "inferred_triples": self.inferred,
            "outputs": self.outputs,
            "identity": self.identity,
        }


def source_key(path: str | os.PathLike[str]) -> str:
    """The stable key a source file's named graph is minted from.

    Bundled data is keyed by its place in radkg's data folder (the same on
    every machine); other files by their path relative to the working
    directory when inside it, else by their absolute path.

    >>> source_key(seed_pages()[0])
    'radkg-data/seeds/cjr-2024-03.txt'
    """
    resolved = Path(path).resolve()
    for base, prefix in ((DATA_DIR.resolve(), "radkg-data/"), (Path.cwd().resolve(), "")):
        try:
            return prefix + resolved.relative_to(base).as_posix()
        except ValueError:
            continue
    return resolved.as_posix()


def _read_and_map(
    path: str, fmt: str | None, stages: dict[str, float] | None = None
) -> tuple[Page, list[ox.Quad], tuple[Diagnostic, ...]]:
    """Read a source and map it to quads in the source's own named graph (timing both).

    Also returns the extraction's warnings (results it found impossible).
    """
    key = source_key(path)
    tick = time.perf_counter()
    page = read(path, format=fmt, name=key)  # the key, not an absolute path, goes into the graph
    read_done = time.perf_counter()
    warnings: list[Diagnostic] = []
    graph = ox.NamedNode(source_iri(key))
    quads = page_quads(page, source_key=key, graph=graph, extract=True, warnings=warnings)
    if stages is not None:
        stages["read"] += read_done - tick
        stages["map"] += time.perf_counter() - read_done
    return page, quads, tuple(warnings)


def _worker(path: str, fmt: str | None) -> tuple[Page, bytes, tuple[Diagnostic, ...]]:
    """Read and map in a child process; quads travel back as N-Quads bytes."""
    page, quads, warnings = _read_and_map(path, fmt)
    return page, ox.serialize(quads, format=ox.RdfFormat.N_QUADS), warnings


def build(
    sources: Sequence[str | os.PathLike[str]] | None = None,
    *,
    out: str | os.PathLike[str] | None = None,
    formats: Iterable[str] = ("ttl",),
    store: str | os.PathLike[str] | None = None,
    backend: str = "oxigraph",
    source_format: str | None = None,
    jobs: int = 1,
    validate: str = "auto",
    reason: bool = False,
    quiet: bool = True,
) -> BuildReport:
    """Build the knowledge graph of ``sources`` (the bundled pages when none are given).

    Parameters
    ----------
    sources : sequence of path-like, optional
        Source files; with none, radkg's bundled seed pages.
    out : path-like, optional
        Output directory.  When given, writes ``radkg.<ext>`` for each of
        ``formats`` and ``build-report.json``; nothing outside it.
    formats : iterable of str
        Keys of :data:`kg.export.FORMATS` (``ttl``, ``nt``, ``nq``, ``trig``,
        ``jsonld``, ``rdf``).
    store : path-like, optional
        An on-disk Oxigraph store to build into (incrementally: each source's
        graph is replaced).  In memory when omitted.
    backend : {"oxigraph", "memory"}
        ``memory`` is rdflib's Memory store, for comparison only.
    source_format : str, optional
        Force a reader (see :data:`kg.readers.READERS`); sniffed otherwise.
    jobs : int
        Read and map sources in this many processes.
    validate : {"auto", "full", "sample", "none"}
        SHACL validation against ``ontology/shapes.ttl``: ``auto`` checks the
        whole graph up to 20,000 triples and, above that, a deterministic
        sample of 100 articles with their neighbourhoods.
    reason : bool
        Add the OWL reasoner's inferred class memberships (needs Java).
    quiet : bool
        No progress bar.

    Returns
    -------
    BuildReport
    """
    if validate not in VALIDATION_MODES:
        raise UsageError(
            f"unknown validation mode {validate!r}; choose one of {', '.join(VALIDATION_MODES)}"
        )
    formats = list(formats)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise UsageError(
            f"unknown output format {unknown[0]!r}; choose from {', '.join(sorted(FORMATS))}"
        )
    if jobs < 1:
        raise UsageError("--jobs must be at least 1")
    paths = [str(p) for p in (sources if sources else seed_pages())]
    report = BuildReport()
    clock = time.perf_counter()
    ds = open_store(store, backend=backend)
    report.dataset = ds

    stages = dict.fromkeys(("read", "map", "load"), 0.0)
    records = Records()  # what merging and identity need of every loaded record
    with _progress(len(paths), quiet=quiet) as advance, _no_cyclic_gc():
        if jobs == 1 or len(paths) == 1:
            for path in paths:
                page, quads, warnings = _read_and_map(path, source_format, stages)
                tick = time.perf_counter()
                _load(ds, report, path, page, quads, records, warnings)
                stages["load"] += time.perf_counter() - tick
                advance()
            report.timings.update(stages)
        else:
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                results = pool.map(_worker, paths, [source_format] * len(paths), chunksize=4)
                for path, (page, data, warnings) in zip(paths, results, strict=True):
                    quads = list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
                    _load(ds, report, path, page, quads, records, warnings)
                    advance()
            report.timings["read_map_load"] = time.perf_counter() - clock

    if oxigraph(ds) is not None:  # issue 8: one article per article, people resolved, candidates
        clock = time.perf_counter()
        report.identity = identify(ds, records).to_json()
        report.timings["identity"] = time.perf_counter() - clock

    if reason:
        clock = time.perf_counter()
        report.inferred = _add_inferences(ds)
        report.timings["reason"] = time.perf_counter() - clock

    clock = time.perf_counter()
    report.triples = triple_count(ds)
    report.counts = _class_counts(ds)
    report.timings["count"] = time.perf_counter() - clock

    clock = time.perf_counter()
    report.validation = _validate(ds, report, validate)
    report.conforms = report.validation.get("conforms")
    report.timings["validate"] = time.perf_counter() - clock

    if out is not None:
        clock = time.perf_counter()
        _write_outputs(ds, report, Path(out), formats)
        report.timings["export"] = time.perf_counter() - clock
    return report


def _load(
    ds: Dataset,
    report: BuildReport,
    path: str,
    page: Page,
    quads: list[ox.Quad],
    records: Records,
    warnings: tuple[Diagnostic, ...] = (),
) -> None:
    graph = ox.NamedNode(source_iri(source_key(path)))
    if page.articles or not page.diagnostics:
        replace_source(ds, graph, quads)
        records.add(source_key(path), page)
        count = len(quads)
    else:
        count = 0  # an unreadable source keeps whatever an earlier build stored for it
    report.sources.append(
        SourceReport(page.path, graph.value, len(page.articles), count, page.diagnostics, warnings)
    )


def _class_counts(ds: Dataset) -> dict[str, int]:
    query = "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?class } } GROUP BY ?class"
    store = oxigraph(ds)
    rows = (
        [(r["class"].value, int(r["n"].value)) for r in store.query(query)]
        if store is not None
        else [(str(r[0]), int(r[1])) for r in ds.query(query)]
    )
    return {_compact(iri): n for iri, n in sorted(rows, key=lambda row: _compact(row[0]))}


def _compact(iri: str) -> str:
    for prefix, base in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(base) and iri[len(base) :].replace("_", "a").replace("-", "a").isalnum():
            return f"{prefix}:{iri[len(base) :]}"
    return iri


def _validate(ds: Dataset, report: BuildReport, mode: str) -> dict[str, Any]:
    """SHACL-validate the whole graph, or the neighbourhoods of a deterministic sample of articles.

    pySHACL costs about a quarter of a millisecond per triple, so ``auto``
    validates every triple of graphs up to :data:`SAMPLE_LIMIT` triples, and
    above that every k-th article (sorted by IRI) with every node reachable
    from it (its authorships, people, keywords, journal, provenance).
    """
    if mode == "none":
        return {"mode": "none", "conforms": None}
    from kg.export import canonical_lines
    from kg.validate import validate

    if mode == "auto":
        mode = "full" if report.triples <= SAMPLE_LIMIT else "sample"
    g = (
        ox.Store()
    )  # pySHACL runs its SPARQL natively on a pyoxigraph store (5x faster than rdflib's)
    if mode == "full":
        g.load(
            b"\n".join(canonical_lines(ds, with_graphs=False)) + b"\n",
            format=ox.RdfFormat.N_TRIPLES,
        )
        checked = report.articles
    else:
        articles = sorted(_articles(ds))
        step = max(1, math.ceil(len(articles) / SAMPLE_ARTICLES))
        sample = articles[::step]
        checked = len(sample)
        for start in range(0, len(sample), 100):
            g.extend(
                ox.Quad(t.subject, t.predicate, t.object)
                for t in _neighbourhood(ds, sample[start : start + 100])
            )
    result = validate(g)
    return {
        "mode": mode,
        "articles_checked": checked,
        "triples_checked": len(g),
        "conforms": result.conforms,
        "violations": result.violations,
        "text": None if result.conforms else _first_results(result.text),
    }


def _articles(ds: Dataset) -> list[str]:
    query = f"SELECT DISTINCT ?a WHERE {{ GRAPH ?g {{ ?a a <{FABIO.JournalArticle}> }} }}"
    store = oxigraph(ds)
    if store is not None:
        return [row["a"].value for row in store.query(query)]
    return [str(row[0]) for row in ds.query(query)]


def _neighbourhood(ds: Dataset, articles: list[str]) -> list[ox.Triple]:
    """The triples of ``articles`` and of every node reachable from them."""
    values = " ".join(f"<{iri}>" for iri in articles)
    # Every node reachable from the article (its authorships, people, keywords, journal, the
    # journal's publisher, provenance), so that class and value checks see their targets.
    # Nothing in the data points forward to another article, so this never pulls one in.
    query = (
        "CONSTRUCT { ?s ?p ?o } WHERE { VALUES ?a { " + values + " } GRAPH ?g {"
        " ?a (<urn:radkg:any>|!<urn:radkg:any>)* ?s . ?s ?p ?o } }"
    )
    store = oxigraph(ds)
    if store is not None:
        return list(store.query(query))
    from oxrdflib._converter import to_ox

    return [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in ds.query(query)]


def _first_results(text: str, limit: int = 20) -> str:
    """The head of a pySHACL report: its summary and the first ``limit`` results."""
    parts = text.split("Constraint Violation")
    head = "Constraint Violation".join(parts[: limit + 1])
    more = len(parts) - 1 - limit
    return head + (f"\n... and {more} more results" if more > 0 else "")


def _add_inferences(ds: Dataset) -> int:
    from oxrdflib._converter import to_ox

    from kg.ids import inferred_graph_iri
    from kg.validate import inferred_triples

    triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in inferred_triples(ds)]
    replace_source(ds, ox.NamedNode(inferred_graph_iri()), triples)
    return len(triples)


def _write_outputs(ds: Dataset, report: BuildReport, out: Path, formats: list[str]) -> None:
    """Write every output into a staging folder inside ``out``, then move them all into place.

    The previous outputs stay untouched until every new file is complete;
    staging folders left by a killed build are removed on the next one.
    """
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob(".build-*"):
        shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=out))
    try:
        names = []
        for key in dict.fromkeys(formats):
            names.append(write_rdf(ds, staging / FORMATS[key].filename, key).name)
        report.outputs = [*names, "build-report.json"]
        with atomic_writer(staging / "build-report.json") as handle:
            handle.write(
                json.dumps(report.to_json(), ensure_ascii=False, indent=2).encode() + b"\n"
            )
        for name in report.outputs:
            os.replace(staging / name, out / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@contextlib.contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while records and quads stream through.

    The records and terms made here hold no reference cycles (reference
    counting frees them), but millions of short-lived objects would trigger
    full collections that walk every live object, about a fifth of mapping
    time; one collection at the end catches whatever else was left.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
        gc.collect()


class _progress:
    """A rich progress bar over sources, or nothing when quiet."""

    def __init__(self, total: int, *, quiet: bool) -> None:
        self.total, self.quiet = total, quiet
        self._bar: Any = None

    def __enter__(self) -> Any:
        if self.quiet or self.total < 2:
            return lambda: None
        from rich.progress import Progress

        self._bar = Progress(transient=True)
        self._bar.start()
        task = self._bar.add_task("building", total=self.total)
        return lambda: self._bar.advance(task)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()
