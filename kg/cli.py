"""The ``radkg`` command line: a thin click adapter over the public functions.

Exit codes (the same for every command):

====  ==========================================================
0     success; every input was read
1     done, but some input was skipped (see the diagnostics)
2     usage error (unknown option, wrong parameter)
3     failure: radkg could not do what was asked (message on stderr)
====  ==========================================================
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from kg import __version__
from kg.errors import RadkgError, UsageError
from kg.records import Diagnostic, Page, as_dict

__all__ = ["EXIT_FAILURE", "EXIT_OK", "EXIT_SKIPPED", "EXIT_USAGE", "main"]

EXIT_OK = 0
EXIT_SKIPPED = 1
EXIT_USAGE = 2
EXIT_FAILURE = 3


def _fail(exc: RadkgError) -> None:
    click.echo(f"radkg: error: {exc}", err=True)
    sys.exit(EXIT_USAGE if isinstance(exc, UsageError) else EXIT_FAILURE)


def _sources(paths: Sequence[str]) -> list[Path]:
    if paths:
        return [Path(p) for p in paths]
    from kg.data import seed_pages

    return seed_pages()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="radkg")
def main() -> None:
    """radkg: a knowledge-graph builder for the radiology literature.

    Exit codes: 0 success, 1 some input was skipped (diagnostics printed),
    2 usage error, 3 failure.
    """


@main.command()
@click.argument("pages", nargs=-1, type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON object per page (an array for several)."
)
@click.option(
    "--format", "fmt", default=None, help="Source format (default: sniffed from the content)."
)
@click.option("--no-extract", is_flag=True, help="With --json, leave out what extraction finds.")
def parse(pages: tuple[str, ...], as_json: bool, fmt: str | None, no_extract: bool) -> None:
    """Read table-of-contents PAGES and print what was found.

    With no PAGES, reads the bundled seed pages.  With --json, prints per page
    {"path", "journal", "issue", "articles", "diagnostics"}; absent values are
    null, absent lists [].  Each article also carries what extraction finds:
    "entities", "institutions", "study" and "results" (unless --no-extract).
    Results the text gives but that are impossible (an AUC of 1.2) are
    printed as warnings, never as results.
    """
    from kg.readers import read

    try:
        results = [read(path, format=fmt) for path in _sources(pages)]
    except RadkgError as exc:
        _fail(exc)
        return
    warnings = []
    if as_json:
        objects = [_page_json(page, extract=not no_extract, warnings=warnings) for page in results]
        payload = objects[0] if len(objects) == 1 else objects
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for page in results:
            _print_summary(page)
    for page in results:
        for diagnostic in page.diagnostics:
            click.echo(f"radkg: {diagnostic}", err=True)
    for warning in warnings:
        click.echo(f"radkg: warning: {warning}", err=True)
    if any(page.diagnostics for page in results):
        sys.exit(EXIT_SKIPPED)


def _page_json(
    page: Page, *, extract: bool = False, warnings: list[Diagnostic] | None = None
) -> dict[str, object]:
    data = as_dict(page)
    if extract:
        from kg.extract import as_json
        from kg.extract import extract as extract_article

        for record, article in zip(data["articles"], page.articles, strict=True):
            found = extract_article(article, path=page.path)
            record.update(as_json(found))
            if warnings is not None:
                warnings.extend(found.diagnostics)
    issue = {"year": data.pop("year"), "volume": data.pop("volume"), "number": data.pop("number")}
    return {
        "path": data["path"],
        "journal": data["journal"],
        "issue": issue,
        "articles": data["articles"],
        "diagnostics": data["diagnostics"],
    }


def _print_summary(page: Page) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console()
    j = page.journal
    title = " / ".join(filter(None, (j.title, j.title_en))) or "(no journal header)"
    console.print(
        f"[bold]{escape(page.path)}[/bold]: {escape(title)}"
        + (f"  ISSN {j.issn}" if j.issn else "")
    )
    table = Table(show_lines=False)
    for column in ("line", "pages", "type", "title", "authors", "keywords"):
        table.add_column(column, overflow="fold")
    for a in page.articles:
        pages = "" if a.page_start is None else f"{a.page_start}-{a.page_end}"
        if a.pages_extra:
            pages += "," + ",".join(a.pages_extra)
        authors = "、".join(a.authors) + (" …" if a.authors_truncated else "")
        table.add_row(
            str(a.line),
            pages,
            a.article_type,
            escape(a.title),
            escape(authors),
            escape(" / ".join(a.keywords)),
        )
    console.print(table)
    console.print(f"{len(page.articles)} articles, {len(page.diagnostics)} diagnostics")


def _split_formats(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "-o",
    "--out",
    default="out",
    show_default=True,
    type=click.Path(file_okay=False, path_type=str),
    help="Output directory (nothing is written outside it).",
)
@click.option(
    "--format",
    "formats",
    default="ttl",
    show_default=True,
    help="Comma-separated RDF formats: ttl, nt, nq, trig, jsonld, rdf.",
)
@click.option(
    "--store",
    default=None,
    type=click.Path(file_okay=False, path_type=str),
    help="Build into an on-disk Oxigraph store at this path (incremental).",
)
@click.option(
    "--source-format", default=None, help="Force a reader instead of sniffing the content."
)
@click.option(
    "-j",
    "--jobs",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    help="Read and map sources in this many processes.",
)
@click.option(
    "--validate",
    "validate_mode",
    default="auto",
    show_default=True,
    type=click.Choice(["auto", "full", "sample", "none"]),
    help="SHACL validation: whole graph, a sample of 100 articles, or none (auto: full up to 20k triples).",
)
@click.option(
    "--reason", is_flag=True, help="Add the OWL reasoner's inferred class memberships (needs Java)."
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary.")
def build(
    sources: tuple[str, ...],
    out: str,
    formats: str,
    store: str | None,
    source_format: str | None,
    jobs: int,
    validate_mode: str,
    reason: bool,
    quiet: bool,
) -> None:
    """Build the knowledge graph of SOURCES (the bundled data when none are given).

    Writes OUT/radkg.ttl (canonical Turtle) and the other requested formats,
    and OUT/build-report.json (counts by class, diagnostics, SHACL result).
    """
    from kg.pipeline import build as run_build

    try:
        report = run_build(
            list(sources) or None,
            out=out,
            formats=_split_formats(formats),
            store=store,
            source_format=source_format,
            jobs=jobs,
            validate=validate_mode,
            reason=reason,
            quiet=quiet,
        )
    except RadkgError as exc:
        _fail(exc)
        return
    for diagnostic in report.diagnostics:
        click.echo(f"radkg: {diagnostic}", err=True)
    for warning in report.warnings:
        click.echo(f"radkg: warning: {warning}", err=True)
    if not quiet:
        _print_build(report, out)
    if report.conforms is False:
        click.echo("radkg: the graph does not conform to ontology/shapes.ttl:", err=True)
        click.echo(report.validation.get("text") or "", err=True)
    if report.has_skipped_input or report.conforms is False:
        sys.exit(EXIT_SKIPPED)


def _print_build(report, out: str) -> None:  # type: ignore[no-untyped-def]
    from rich.console import Console
    from rich.table import Table

    console = Console(stderr=False)
    table = Table(title=f"{report.articles} articles, {report.triples:,} triples", show_header=True)
    table.add_column("class")
    table.add_column("count", justify="right")
    for name, count in report.counts.items():
        table.add_row(name, f"{count:,}")
    console.print(table)
    validation = report.validation
    if validation.get("mode") != "none":
        verdict = "conforms" if validation.get("conforms") else "DOES NOT CONFORM"
        console.print(
            f"SHACL ({validation['mode']}, {validation.get('triples_checked', 0):,} triples): {verdict}"
        )
    timings = ", ".join(f"{k} {v:.2f}s" for k, v in report.timings.items())
    console.print(f"wrote {', '.join(f'{out}/{name}' for name in report.outputs)} ({timings})")


def _load_graphs(graphs: Sequence[str]):  # type: ignore[no-untyped-def]
    """RDF files (any format radkg writes) merged into the default graph of a pyoxigraph store.

    With no files, the bundled data is built in memory first.
    """
    import pyoxigraph as ox

    from kg.export import canonical_lines

    store = ox.Store()
    if not graphs:
        from kg.pipeline import build as run_build

        ds = run_build(validate="none").dataset
        store.load(
            b"\n".join(canonical_lines(ds, with_graphs=False)) + b"\n",
            format=ox.RdfFormat.N_TRIPLES,
        )
        return store
    for name in graphs:
        path = Path(name)
        fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) if path.suffix else None
        if fmt is None:
            raise UsageError(
                f"{name}: unknown RDF file extension; use .ttl, .nt, .nq, .trig, .jsonld or .rdf"
            )
        try:
            store.extend(
                ox.Quad(q.subject, q.predicate, q.object)
                for q in ox.parse(path=str(path), format=fmt)
            )
        except SyntaxError as exc:
            raise UsageError(f"{name}: not valid {fmt.name}: {exc}") from None
        except OSError as exc:
            raise UsageError(f"{name}: cannot read: {exc.strerror}") from None
    return store


@main.command()
@click.argument("graphs", nargs=-1, type=click.Path(dir_okay=False, path_type=str))
def validate(graphs: tuple[str, ...]) -> None:
    """Check GRAPHS (RDF files radkg wrote) against ontology/shapes.ttl with pySHACL.

    With no GRAPHS, builds the bundled data and validates it.  Exit code 0 when
    the graph conforms, 1 when it does not (the report is printed).
    """
    from kg.validate import validate as run_validate

    try:
        result = run_validate(_load_graphs(graphs))
    except RadkgError as exc:
        _fail(exc)
        return
    if result.conforms:
        click.echo(f"conforms ({result.seconds:.2f}s)")
        return
    click.echo(result.text)
    sys.exit(EXIT_SKIPPED)


@main.command()
@click.argument("graphs", nargs=-1, type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "-o",
    "--out",
    default=None,
    type=click.Path(dir_okay=False, path_type=str),
    help="Write the inferred triples here as canonical Turtle (else only count them).",
)
@click.option("--timeout", default=120.0, show_default=True, help="Seconds the reasoner may run.")
def reason(graphs: tuple[str, ...], out: str | None, timeout: float) -> None:
    """Run the OWL reasoner (HermiT, via owlready2) over the ontology and GRAPHS.

    Checks that the ontology with the data is consistent and infers class
    memberships (a ResNet50 model is a CNN is a deep-learning method).  With no
    GRAPHS, reasons over the bundled data.  Needs a Java runtime.
    """
    import pyoxigraph as ox
    from oxrdflib._converter import to_ox

    from kg.validate import check_consistency, inferred_triples

    try:
        store = _load_graphs(graphs)
        from rdflib import Graph

        g = Graph()
        g.parse(
            data=store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()),
            format="nt",
        )
        consistency = check_consistency(g, timeout=timeout)
        inferred = inferred_triples(g, timeout=timeout)
    except RadkgError as exc:
        _fail(exc)
        return
    verdict = "consistent" if consistency.consistent else "INCONSISTENT"
    click.echo(
        f"{verdict} ({consistency.reasoner}, {consistency.seconds:.1f}s); {len(inferred)} inferred triples"
    )
    for iri in consistency.unsatisfiable:
        click.echo(f"unsatisfiable class: {iri}", err=True)
    if out is not None:
        from kg.export import atomic_writer
        from kg.namespaces import PREFIXES

        triples = sorted((ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in inferred), key=str)
        with atomic_writer(out) as handle:
            ox.serialize(triples, handle, ox.RdfFormat.TURTLE, prefixes=dict(PREFIXES))
    if not consistency.consistent:
        sys.exit(EXIT_SKIPPED)


@main.command()
@click.argument("graphs", nargs=-1, type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "--to",
    "to",
    required=True,
    type=click.Choice(["ris", "bibtex"]),
    help="Citation format: RIS or BibTeX (UTF-8).",
)
@click.option(
    "-o",
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=str),
    help="The file to write (replaced atomically).",
)
def export(graphs: tuple[str, ...], to: str, out: str) -> None:
    """Export the articles of GRAPHS (RDF files radkg wrote) as RIS or BibTeX citations.

    With no GRAPHS, builds the bundled data first.  The output is sorted by
    article and byte-identical for the same graph; radkg's readers read it back.
    """
    from kg.citations import write_citations

    try:
        count = write_citations(_load_graphs(graphs), out, to=to)
    except RadkgError as exc:
        _fail(exc)
        return
    click.echo(f"wrote {count} articles to {out}", err=True)


# --------------------------------------------------------------------------- SPARQL (issue 6)


def _query_target(graph: str | None, endpoint: str | None):  # type: ignore[no-untyped-def]
    """What a query runs on: an external endpoint, a saved graph or store, or the bundled data."""
    if endpoint is not None:
        if graph is not None:
            raise UsageError("give either GRAPH_OR_STORE or --endpoint, not both")
        from kg.sparql import Endpoint

        return Endpoint(endpoint)
    if graph is not None:
        from kg.sparql import open_graph

        return open_graph(graph)
    from kg.pipeline import build as run_build

    return run_build(validate="none").dataset


def _parse_params(pairs: Sequence[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--param takes key=value, not {pair!r}")
        params[key.strip()] = value
    return params


@main.command("query")
@click.argument("name", required=False)
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="A parameter of the named query (repeatable).",
)
@click.option(
    "--sparql", "text", default=None, help="Run this SPARQL query instead of a named one."
)
@click.option(
    "-f",
    "--file",
    "query_file",
    default=None,
    type=click.Path(dir_okay=False, path_type=str),
    help="Run the SPARQL query in this file.",
)
@click.option(
    "-g",
    "--graph",
    default=None,
    type=click.Path(exists=True, path_type=str),
    help="A saved graph (.ttl, .nq, ...) or an on-disk store (default: the bundled data).",
)
@click.option("--endpoint", default=None, help="Run on this external SPARQL 1.1 endpoint (URL).")
@click.option(
    "--format",
    "fmt",
    default="table",
    show_default=True,
    type=click.Choice(
        ["table", "csv", "tsv", "markdown", "json", "xml", "ttl", "nt", "jsonld", "rdf"]
    ),
    help="Output format (CONSTRUCT/DESCRIBE give Turtle unless an RDF format is chosen).",
)
@click.option(
    "-o",
    "--out",
    default=None,
    type=click.Path(dir_okay=False, path_type=str),
    help="Write the result to this file (atomically) instead of stdout.",
)
def query_command(
    name: str | None,
    params: tuple[str, ...],
    text: str | None,
    query_file: str | None,
    graph: str | None,
    endpoint: str | None,
    fmt: str,
    out: str | None,
) -> None:
    """Run the named query NAME (see `radkg queries`), or --sparql TEXT, or -f FILE.

    Parameters are bound as typed RDF terms, never pasted into the query.
    Updates, SERVICE, FROM and LOAD are refused.
    """
    from kg.sparql import FORMATS, query, run, serialize

    try:
        if sum(x is not None for x in (name, text, query_file)) != 1:
            raise UsageError("give exactly one of NAME, --sparql or -f/--file")
        if params and name is None:
            raise UsageError("--param goes with a named query")
        if query_file is not None:
            try:
                text = Path(query_file).read_text(encoding="utf-8")
            except OSError as exc:
                raise UsageError(f"{query_file}: cannot read: {exc.strerror}") from None
        target = _query_target(graph, endpoint)
        if name is not None:
            result = run(target, name, params=_parse_params(params))
        else:
            result = query(target, text or "")
        if result.kind == "graph" and FORMATS[fmt][1] != "graph":
            fmt = "ttl"
        data = serialize(result, fmt)
    except RadkgError as exc:
        _fail(exc)
        return
    if out is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    from kg.export import atomic_writer

    with atomic_writer(out) as handle:
        handle.write(data)


@main.command("queries")
@click.option("--json", "as_json", is_flag=True, help="Print the library as JSON.")
def queries_command(as_json: bool) -> None:
    """List the named query library: name, title and parameters."""
    from kg.sparql import library

    try:
        named = library()
    except RadkgError as exc:
        _fail(exc)
        return
    if as_json:
        payload = [q.to_json() for q in named.values()]
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=False)
    for column in ("name", "title", "parameters"):
        table.add_column(column, overflow="fold")
    for q in named.values():
        params = ", ".join(
            f"{p.name} ({p.type}{'' if p.default is None else ' = ' + p.default})"
            for p in q.parameters
        )
        table.add_row(Text(q.name), Text(q.title), Text(params))
    Console(width=140).print(table)


@main.command()
@click.argument("graph_or_store", required=False, type=click.Path(exists=True, path_type=str))
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (loopback by default).",
)
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on.",
)
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(min=0.01),
    help="Seconds a query may run; longer ones are stopped (503).",
)
@click.option(
    "--max-rows",
    default=10_000,
    show_default=True,
    type=click.IntRange(min=1),
    help="Largest result served (413 above it).",
)
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(min=1),
    help="Worker processes that run queries.",
)
def serve(
    graph_or_store: str | None, host: str, port: int, timeout: float, max_rows: int, workers: int
) -> None:
    """Serve GRAPH_OR_STORE (default: the bundled data) as a read-only SPARQL endpoint at /sparql.

    Also serves the named queries at /queries/NAME?param=value and a query page at /.
    """
    from kg.endpoint import serve as run_serve

    try:
        click.echo(
            f"radkg: SPARQL endpoint at http://{host}:{port}/sparql, query page at http://{host}:{port}/",
            err=True,
        )
        run_serve(
            graph_or_store,
            host=host,
            port=port,
            timeout=timeout,
            max_rows=max_rows,
            workers=workers,
        )
    except RadkgError as exc:
        _fail(exc)


@main.command()
@click.argument("graph_or_store", required=False, type=click.Path(exists=True, path_type=str))
@click.option(
    "--endpoint",
    required=True,
    help="The server's SPARQL 1.1 Graph Store Protocol URL (Oxigraph: http://HOST:7878/store).",
)
@click.option(
    "--chunk",
    default=100_000,
    show_default=True,
    type=click.IntRange(min=1),
    help="Triples per request.",
)
def load(graph_or_store: str | None, endpoint: str, chunk: int) -> None:
    """Bulk-load GRAPH_OR_STORE (default: the bundled data) into an external server, one named graph per source."""
    from kg.sparql import upload

    try:
        if graph_or_store is None:
            from kg.pipeline import build as run_build

            source = run_build(validate="none").dataset
        else:
            source = graph_or_store
        counts = upload(source, endpoint, chunk=chunk)
    except RadkgError as exc:
        _fail(exc)
        return
    click.echo(
        f"loaded {sum(counts.values()):,} triples in {len(counts)} graphs into {endpoint}", err=True
    )


# --------------------------------------------------------------------------- networks (issue 7)


def _network_options(func):  # type: ignore[no-untyped-def]
    """The options `radkg network` and `radkg view` share: what to build the network from and of."""
    from kg.networks import COUNTINGS, NETWORKS

    options = [
        click.argument("name", type=click.Choice(list(NETWORKS))),
        click.argument("sources", nargs=-1, type=click.Path(dir_okay=False, path_type=str)),
        click.option(
            "-g",
            "--graph",
            default=None,
            type=click.Path(exists=True, path_type=str),
            help="Read a saved graph (.ttl, .nq, ...) or store instead of building SOURCES.",
        ),
        click.option(
            "--counting",
            default="full",
            show_default=True,
            type=click.Choice(list(COUNTINGS)),
            help="Edge weights: shared articles, or fractional (1/(n-1) per article).",
        ),
        click.option(
            "--articles",
            default=None,
            metavar="QUERY",
            help="Only these articles: a named query, a SPARQL SELECT of ?article, or @FILE.rq.",
        ),
        click.option(
            "-p",
            "--param",
            "params",
            multiple=True,
            metavar="KEY=VALUE",
            help="A parameter of the named --articles query (repeatable).",
        ),
        click.option(
            "--years",
            default=None,
            metavar="FROM-TO",
            help="Only articles of these years (2020-2024).",
        ),
        click.option(
            "--min-articles",
            default=1,
            show_default=True,
            type=click.IntRange(min=1),
            help="Keep nodes with at least this many articles.",
        ),
        click.option(
            "--max-members",
            default=None,
            type=click.IntRange(min=2),
            help="Ignore articles with more nodes than this (e.g. 25 authors).",
        ),
        click.option(
            "--project",
            default=None,
            metavar="KIND",
            help="Project a bipartite network onto its nodes of KIND (e.g. method).",
        ),
        click.option(
            "--communities",
            "community_method",
            default="louvain",
            show_default=True,
            type=click.Choice(["louvain", "leiden", "none"]),
            help="Community detection.",
        ),
        click.option("--seed", default=0, show_default=True, help="Seed of every random step."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _size_metrics() -> list[str]:
    """What `radkg view --size-by` accepts."""
    from kg.views import SIZE_METRICS

    return list(SIZE_METRICS)


def _years(value: str | None) -> tuple[int | None, int | None] | None:
    if value is None:
        return None
    lo, sep, hi = value.partition("-")
    try:
        first = int(lo) if lo.strip() else None
        last = (int(hi) if hi.strip() else None) if sep else first
    except ValueError:
        raise UsageError(
            f"--years takes FROM-TO (2020-2024, 2020-, -2024 or 2021), not {value!r}"
        ) from None
    return first, last


def _cli_network(options: dict):  # type: ignore[no-untyped-def,type-arg]
    """The network of the shared options (popped from ``options``), and whether input was skipped.

    Also returns the community method (``None`` for none) and the seed.
    """
    from kg.networks import network, projected_graph

    name, sources, graph = options.pop("name"), options.pop("sources"), options.pop("graph")
    articles, project = options.pop("articles"), options.pop("project")

    skipped = False
    if graph is not None:
        if sources:
            raise UsageError("give either SOURCES or --graph, not both")
        from kg.sparql import open_graph

        g = open_graph(graph)
    else:
        from kg.pipeline import build as run_build

        report = run_build(list(sources) or None, validate="none")
        for diagnostic in report.diagnostics:
            click.echo(f"radkg: {diagnostic}", err=True)
        skipped = report.has_skipped_input
        g = report.dataset
    if articles is not None and articles.startswith("@"):
        try:
            articles = Path(articles[1:]).read_text(encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"{articles[1:]}: cannot read: {exc.strerror}") from None
    G = network(
        name,
        g,
        counting=options.pop("counting"),
        articles=articles,
        params=_parse_params(options.pop("params")) or None,
        years=_years(options.pop("years")),
        min_articles=options.pop("min_articles"),
        max_members=options.pop("max_members"),
    )
    if project is not None:
        G = projected_graph(G, project)
    method = options.pop("community_method")
    return G, skipped, None if method == "none" else method, options.pop("seed")


@main.command("network")
@_network_options
@click.option(
    "--metrics",
    "metrics_out",
    default=None,
    type=click.Path(dir_okay=False, path_type=str),
    help="Write the node metrics table here (.csv, or .json with the graph summary).",
)
@click.option(
    "--export",
    "exports",
    default="",
    help="Comma-separated network formats: graphml, gexf, pajek, "
    "csv, nodes-csv, vosviewer, vosviewer-map, vosviewer-network.",
)
@click.option(
    "-o",
    "--out",
    default=None,
    type=click.Path(dir_okay=False, path_type=str),
    help="Base path of the exported files (default: out/NAME).",
)
@click.option(
    "--normalize",
    type=click.Choice(["association"]),
    default=None,
    help="Replace co-occurrence weights by their association strength.",
)
@click.option(
    "--timeline",
    "timeline_out",
    default=None,
    type=click.Path(dir_okay=False, path_type=str),
    help="Write articles per year of every node (CSV).",
)
@click.option(
    "--bursts",
    "bursts_out",
    default=None,
    type=click.Path(dir_okay=False, path_type=str),
    help="Write the nodes' Kleinberg bursts (CSV).",
)
@click.option(
    "--plots",
    "plots_dir",
    default=None,
    type=click.Path(file_okay=False, path_type=str),
    help="Write degree, top-node and trend plots into this folder.",
)
@click.option("--plot-format", default="png", show_default=True, type=click.Choice(["png", "svg"]))
@click.option(
    "--to-graph",
    "to_graph",
    default=None,
    type=click.Path(path_type=str),
    help="Write the node metrics back as RDF, in a named graph of their own: into this "
    "Oxigraph store (an existing directory), replacing an earlier run, or to this file "
    "(.trig, .nq, .ttl, .nt, .jsonld, .rdf).",
)
def network_command(
    metrics_out: str | None,
    exports: str,
    out: str | None,
    normalize: str | None,
    timeline_out: str | None,
    bursts_out: str | None,
    plots_dir: str | None,
    plot_format: str,
    to_graph: str | None,
    **options: object,
) -> None:
    """Build the network NAME of SOURCES (the bundled data when none), its metrics and files.

    NAME is coauthors, institutions, topics, concepts, author-method,
    method-disease or author-keyword.  Prints a summary; writes what the
    options ask for, each file atomically and deterministically.  With
    --to-graph the metrics go back into the graph as radkg:NetworkPosition
    nodes of a radkg:NetworkAnalysis that records the parameters.
    """
    from kg.networks import (
        association_strength,
        bursts,
        network_metrics,
        timeline,
        write_bursts,
        write_network,
    )

    try:
        formats = _split_formats(exports)
        name = str(options["name"])
        stem = name if options["project"] is None else f"{name}-{options['project']}"
        G, skipped, method, seed = _cli_network(options)
        if normalize == "association":
            association_strength(G)
            for _, _, d in G.edges(data=True):
                d["weight"] = d["association"]
            G.graph["_normalisation"] = "association"
        metrics = network_metrics(G, community_method=method, seed=seed)
        metrics.annotate(G, ["community", "degree", "pagerank", "betweenness"])
        written: list[object] = []
        if metrics_out:
            written.append(metrics.write(metrics_out))
        if to_graph:
            written.append(_metrics_to_graph(G, metrics, to_graph))
        base = Path(out) if out else Path("out") / stem
        from kg.networks import NETWORK_FORMATS

        for fmt in formats:
            if fmt not in NETWORK_FORMATS:
                raise UsageError(
                    f"unknown network format {fmt!r}; choose from {', '.join(NETWORK_FORMATS)}"
                )
            written.append(
                write_network(G, base.with_name(base.name + NETWORK_FORMATS[fmt][1]), fmt)
            )
        line = timeline(G) if (timeline_out or bursts_out or plots_dir) else None
        found = bursts(line) if line is not None and (bursts_out or plots_dir) else []
        if timeline_out and line is not None:
            written.append(line.write(timeline_out))
        if bursts_out:
            written.append(write_bursts(found, bursts_out))
        if plots_dir:
            from kg.networks import plots

            folder = Path(plots_dir)
            written.append(plots.degree_distribution(G, folder / f"{name}-degrees.{plot_format}"))
            written.append(plots.top_nodes(G, folder / f"{name}-top.{plot_format}"))
            if line is not None and line.years:
                written.append(
                    plots.trends(line, folder / f"{name}-trends.{plot_format}", found=found)
                )
    except RadkgError as exc:
        _fail(exc)
        return
    summary = metrics.graph
    click.echo(
        f"{name}: {summary['nodes']} nodes, {summary['edges']} edges, "
        f"{summary['components']} components, giant component {summary['giant_nodes']} nodes"
        + (f", {summary['communities']} communities" if "communities" in summary else "")
    )
    for node, value in metrics.top("degree", 5):
        click.echo(f"  {metrics.labels[node]}\tdegree {value}")
    for path in written:
        click.echo(f"wrote {path}", err=True)
    if skipped:
        sys.exit(EXIT_SKIPPED)


def _metrics_to_graph(G, metrics, target: str) -> str:  # type: ignore[no-untyped-def]
    """Write the metrics' named graph into a store directory or an RDF file; says where."""
    from kg.networks import replace_metrics, write_metrics_rdf

    if Path(target).is_dir():
        from kg.store import open_store

        ds = open_store(target)
        try:
            name = replace_metrics(ds, G, metrics)
        finally:
            ds.close()
        return f"{target} (graph <{name}>)"
    return str(write_metrics_rdf(G, metrics, target))


@main.command("view")
@_network_options
@click.option(
    "-o",
    "--out",
    default=None,
    type=click.Path(dir_okay=False, path_type=str),
    help="The page to write (default: out/NAME.html).",
)
@click.option(
    "--size-by",
    default="articles",
    show_default=True,
    type=click.Choice(_size_metrics()),
    help="What node size shows.",
)
@click.option("--title", default=None, help="The page title (default: the network's name).")
def view_command(out: str | None, size_by: str, title: str | None, **options: object) -> None:
    """Write the network NAME of SOURCES as one self-contained, offline HTML page.

    vis-network is inlined (no CDN); positions are precomputed (physics off);
    node size follows --size-by, colour the community; the page has a search
    box, a year filter and a panel listing each node's articles.
    """
    from kg.networks import network_metrics
    from kg.views import write_page

    try:
        name = str(options["name"])
        stem = name if options["project"] is None else f"{name}-{options['project']}"
        G, skipped, method, seed = _cli_network(options)
        metrics = network_metrics(G, community_method=method, seed=seed)
        target = write_page(
            G,
            out or Path("out") / f"{stem}.html",
            metrics=metrics.nodes,
            size_by=size_by,
            seed=seed,
            title=title,
        )
    except RadkgError as exc:
        _fail(exc)
        return
    click.echo(
        f"wrote {target} ({G.number_of_nodes()} nodes, {G.number_of_edges()} edges)", err=True
    )
    if skipped:
        sys.exit(EXIT_SKIPPED)


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "--ambiguous",
    is_flag=True,
    help="List the open same-name cases (candidate links with score and evidence).",
)
@click.option(
    "--format",
    "fmt",
    default="table",
    show_default=True,
    type=click.Choice(["table", "csv", "json"]),
    help="Output format.",
)
@click.option(
    "--source-format", default=None, help="Force a reader instead of sniffing the content."
)
@click.option(
    "-o",
    "--out",
    default=None,
    type=click.Path(dir_okay=False, path_type=str),
    help="Write to this file (atomically) instead of standard output.",
)
def authors(
    sources: tuple[str, ...], ambiguous: bool, fmt: str, source_format: str | None, out: str | None
) -> None:
    """List the people of SOURCES (the bundled data when none are given).

    Builds the graph in memory (articles merged, people resolved), then lists
    each person with their article count and name forms, or with --ambiguous
    the same-name pairs kept apart for want of evidence, with score and evidence.
    """
    from kg.identity import candidate_table, people_table
    from kg.pipeline import build as run_build

    try:
        report = run_build(list(sources) or None, source_format=source_format, validate="none")
    except RadkgError as exc:
        _fail(exc)
        return
    for diagnostic in report.diagnostics:
        click.echo(f"radkg: {diagnostic}", err=True)
    rows = candidate_table(report.dataset) if ambiguous else people_table(report.dataset)
    text = _authors_text(rows, fmt)
    if out is None:
        click.echo(text, nl=False)
    else:
        from kg.export import atomic_writer

        with atomic_writer(Path(out)) as handle:
            handle.write(text.encode("utf-8"))
    if report.has_skipped_input:
        sys.exit(EXIT_SKIPPED)


def _authors_text(rows: list[dict[str, object]], fmt: str) -> str:
    """``radkg authors`` rows as JSON, CSV (lists joined with "; ") or an aligned text table."""
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    flat = [
        {k: "; ".join(v) if isinstance(v, list) else str(v) for k, v in r.items()} for r in rows
    ]
    import io

    if fmt == "csv":
        import csv

        buffer = io.StringIO()
        writer = csv.DictWriter(
            buffer, fieldnames=list(flat[0]) if flat else ["person"], lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(flat)
        return buffer.getvalue()
    if not flat:
        return "(none)\n"
    from rich.console import Console
    from rich.table import Table

    table = Table(show_header=True)
    for column in flat[0]:
        table.add_column(column, justify="right" if column in ("articles", "score") else "left")
    for row in flat:
        table.add_row(*row.values())
    sink = io.StringIO()
    Console(width=200, file=sink, color_system=None).print(table)
    return sink.getvalue()
