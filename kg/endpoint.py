"""A read-only SPARQL 1.1 Protocol endpoint over radkg's graph (Starlette + uvicorn).

Routes::

    GET/POST /sparql           the SPARQL 1.1 Protocol: ``query`` parameter (GET or form POST)
                               or an ``application/sparql-query`` body; results negotiated by
                               ``Accept`` (or ``?format=``): SPARQL JSON/XML, CSV, TSV for
                               SELECT/ASK; Turtle, N-Triples, JSON-LD, RDF/XML for graphs
    GET /queries               the named query library as JSON
    GET /queries/NAME?k=v      a named query, its parameters bound from the query string
    GET /                      an offline query page (no CDN) that lists and runs the queries

What the endpoint refuses, and how:

* updates (``update=``, ``application/sparql-update``, INSERT/DELETE/... in a query): 403;
  ``SERVICE``, ``FROM``/``FROM NAMED``, ``LOAD``, ``default-graph-uri``/``named-graph-uri``: 403;
* a query that runs longer than ``timeout`` seconds: 503, and the worker process running it is
  killed and replaced (neither pyoxigraph nor rdflib can cancel a query in-process), so the
  server answers in time and stays usable;
* a result of more than ``max_rows`` rows: 413; a query text over 100 kB: 413;
* malformed SPARQL: 400; an unacceptable ``Accept``: 406.

Queries run in a pool of worker processes, each with the graph opened read-only from an
on-disk Oxigraph store: the store given, or a temporary one the graph file (or the bundled
data) is loaded into at start-up.  The server binds to 127.0.0.1 unless told otherwise and
sends no CORS headers.  Workers fork from a forkserver that has imported radkg once, so a killed
worker is replaced in milliseconds; the event loop hands each job to a thread that waits on the
worker's pipe, and uvicorn runs on uvloop and httptools where they are installed (dependencies).

>>> app = create_app(workers=1)
>>> sorted(route.path for route in app.routes)
['/', '/queries', '/queries/{name}', '/sparql']
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import multiprocessing
import os
import secrets
import shutil
import sys
import tempfile
import urllib.parse
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError, RadkgError, UsageError
from kg.sparql import FORMATS, bind, library, query, query_form, refusal, serialize

__all__ = ["DEFAULTS", "Settings", "create_app", "negotiate", "serve"]


@dataclass(frozen=True, slots=True)
class Settings:
    """How the endpoint runs: time limit (s), row cap, worker processes, largest query (bytes)."""

    timeout: float = 10.0
    max_rows: int = 10_000
    workers: int = 2
    max_query_bytes: int = 100_000


#: The defaults of :func:`serve` and ``radkg serve``.
DEFAULTS = Settings()

_ROW_MEDIA = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
_GRAPH_MEDIA = {
    "text/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/rdf+xml": "rdf",
    "application/xml": "rdf",
}


_ROW_ALIASES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv"}
_GRAPH_ALIASES = {
    "ttl": "ttl", "turtle": "ttl", "n3": "ttl", "nt": "nt", "ntriples": "nt", "n-triples": "nt",
    "jsonld": "jsonld", "json-ld": "jsonld", "json": "jsonld",
    "rdf": "rdf", "xml": "rdf", "rdf+xml": "rdf",
}  # fmt: skip


def negotiate(accept: str | None, form: str, *, override: str | None = None) -> str | None:
    """The output format for an ``Accept`` header and a query form, or ``None`` (406).

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", "select")
    'xml'
    >>> negotiate("*/*", "construct"), negotiate(None, "ask"), negotiate("image/png", "select")
    ('ttl', 'json', None)
    >>> negotiate("image/png", "construct", override="json-ld")
    'jsonld'
    """
    table = _GRAPH_MEDIA if form in ("construct", "describe") else _ROW_MEDIA
    default = "ttl" if table is _GRAPH_MEDIA else "json"
    if (
        override
    ):  # ?format=, as SPARQLWrapper and browsers send it; unknown names fall back to Accept
        aliases = _GRAPH_ALIASES if table is _GRAPH_MEDIA else _ROW_ALIASES
        chosen = aliases.get(override.lower()) or table.get(override.lower())
        if chosen:
            return chosen
    if not accept:
        return default
    choices = []
    for index, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        choices.append((-q, index, media.lower()))
    for negative_q, _, media in sorted(choices):
        if negative_q >= 0:
            break
        if media in table:
            return table[media]
        if media in ("*/*", "application/*", "text/*"):
            return default
    return None


# --------------------------------------------------------------------------- workers


def _term_data(term: ox.NamedNode | ox.Literal) -> tuple[str, str, str | None, str | None]:
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value, None, None)
    return ("literal", term.value, term.datatype.value, term.language)


def _term(data: tuple[str, str, str | None, str | None]) -> ox.NamedNode | ox.Literal:
    kind, value, datatype, language = data
    if kind == "iri":
        return ox.NamedNode(value)
    if language:
        return ox.Literal(value, language=language)
    return ox.Literal(value, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(value)


def _worker_main(conn: Connection, store_path: str, max_rows: int) -> None:
    """A worker process: open the store read-only, then answer jobs until the pipe closes."""
    store = ox.Store.read_only(store_path)
    conn.send(("ready", "", b""))
    while True:
        try:
            text, bindings, fmt = conn.recv()
        except (EOFError, OSError):
            return
        try:
            terms = {name: _term(data) for name, data in bindings.items()}
            result = query(store, text, bindings=terms, max_rows=max_rows)
            conn.send(("ok", fmt, serialize(result, fmt)))
        except QueryError as exc:
            status = "too-large" if "more than" in str(exc) else "bad"
            conn.send((status, "", str(exc).encode()))
        except Exception as exc:  # noqa: BLE001 - a worker reports every failure and lives on
            conn.send(("bad", "", f"the query failed: {exc}".encode()))


def _exchange(conn: Connection, job: tuple[Any, ...], seconds: float) -> Any:
    """Send a job to a worker; its answer (status, format, body), or ``None`` after ``seconds``."""
    conn.send(job)
    return conn.recv() if conn.poll(seconds) else None


class _Worker:
    __slots__ = ("conn", "process")

    def __init__(self, conn: Connection, process: multiprocessing.process.BaseProcess) -> None:
        self.conn, self.process = conn, process


class _Pool:
    """Worker processes running queries; one that overruns the time limit is killed and replaced."""

    def __init__(self, store_path: str, settings: Settings) -> None:
        self.store_path, self.settings = store_path, settings
        method = (
            "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        )
        self.context = multiprocessing.get_context(method)
        if method == "forkserver":
            # Workers fork from a server that has imported radkg once: replacing a killed
            # worker then costs a fork and a store open, not a second of imports.
            self.context.set_forkserver_preload(["kg.endpoint"])
        self.idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self.workers: set[_Worker] = set()

    def _spawn(self) -> _Worker:
        parent, child = self.context.Pipe()
        process = self.context.Process(
            target=_worker_main, args=(child, self.store_path, self.settings.max_rows), daemon=True
        )
        process.start()
        child.close()
        try:
            is_ready = parent.poll(60) and parent.recv()[0] == "ready"
        except (EOFError, OSError):
            is_ready = False
        if not is_ready:
            process.kill()
            raise RadkgError(f"a query worker could not open the store at {self.store_path}")
        worker = _Worker(parent, process)
        self.workers.add(worker)
        return worker

    async def start(self) -> None:
        for _ in range(self.settings.workers):
            self.idle.put_nowait(await asyncio.to_thread(self._spawn))

    async def _replace(self, worker: _Worker) -> None:
        self.workers.discard(worker)
        worker.process.kill()
        await asyncio.to_thread(worker.process.join)
        worker.conn.close()
        self.idle.put_nowait(await asyncio.to_thread(self._spawn))

    async def run(self, text: str, bindings: Mapping[str, Any], fmt: str) -> tuple[int, str, bytes]:
        """(HTTP status, format, body) of a query, within the time limit."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.settings.timeout
        try:
            worker = await asyncio.wait_for(self.idle.get(), self.settings.timeout)
        except asyncio.TimeoutError:
            return 503, "", b"every query worker is busy; try again later"
        data = {name: _term_data(term) for name, term in bindings.items()}
        try:
            # The pipe is waited on in a thread: the event loop (asyncio or uvloop) never reads it.
            answer = await asyncio.to_thread(
                _exchange, worker.conn, (text, data, fmt), max(0.0, deadline - loop.time())
            )
        except (EOFError, OSError):
            asyncio.create_task(self._replace(worker))  # noqa: RUF006 - the pool keeps the worker set
            return 500, "", b"the query worker died; it has been replaced"
        except asyncio.CancelledError:  # the request went away: its worker may still be busy
            asyncio.create_task(self._replace(worker))  # noqa: RUF006
            raise
        if answer is None:
            asyncio.create_task(self._replace(worker))  # noqa: RUF006
            limit = self.settings.timeout
            return 503, "", f"the query ran longer than the time limit of {limit:g} s".encode()
        self.idle.put_nowait(worker)
        status, fmt, body = answer
        return {"ok": 200, "too-large": 413}.get(status, 400), fmt, body

    async def close(self) -> None:
        for worker in list(self.workers):
            worker.process.kill()
            await asyncio.to_thread(worker.process.join)
            worker.conn.close()
        self.workers.clear()


# --------------------------------------------------------------------------- the store


def _materialise(source: str | os.PathLike[str] | None, directory: str) -> None:
    """Load a graph file (or the bundled data when ``None``) into an on-disk store."""
    if source is None:
        from kg.pipeline import build

        report = build(store=directory, validate="none")
        report.dataset = None
        del report
    else:
        path = Path(source)
        fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) if path.suffix else None
        if fmt is None:
            raise UsageError(f"{source}: unknown RDF file extension; use .ttl, .nt, .nq or .trig")
        store = ox.Store(directory)
        try:
            store.bulk_load(path=str(path), format=fmt)
        except SyntaxError as exc:
            raise UsageError(f"{source}: not valid {fmt.name}: {exc}") from None
        except OSError as exc:
            raise UsageError(f"{source}: cannot read: {exc}") from None
        store.flush()
        del store
    gc.collect()  # close the writer before the workers open the store read-only


# --------------------------------------------------------------------------- the application


def create_app(
    source: str | os.PathLike[str] | None = None,
    *,
    timeout: float = DEFAULTS.timeout,
    max_rows: int = DEFAULTS.max_rows,
    workers: int = DEFAULTS.workers,
) -> Any:
    """The Starlette app serving ``source``: an on-disk store, an RDF file, or the bundled data.

    The graph is opened and the worker processes started when the
    application starts (its lifespan), not here.
    """
    from jinja2 import Environment, PackageLoader, select_autoescape
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
    from starlette.routing import Route

    if workers < 1 or timeout <= 0 or max_rows < 1:
        raise UsageError("workers, the time limit and the row cap must be positive")
    settings = Settings(timeout=timeout, max_rows=max_rows, workers=workers)
    if source is not None and not Path(source).exists():
        raise UsageError(f"{source}: no such file or store")
    templates = Environment(
        loader=PackageLoader("kg", "templates"), autoescape=select_autoescape(("html",))
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        scratch = None
        if source is not None and Path(source).is_dir():
            store_path = str(source)
        else:
            scratch = tempfile.mkdtemp(prefix="radkg-serve-")
            store_path = os.path.join(scratch, "store")
            await asyncio.to_thread(_materialise, source, store_path)
        pool = _Pool(store_path, settings)
        app.state.pool = pool
        try:
            await pool.start()
            yield
        finally:
            await pool.close()
            if scratch is not None:
                shutil.rmtree(scratch, ignore_errors=True)

    def error(status: int, message: str) -> Response:
        return PlainTextResponse(message + "\n", status_code=status)

    async def execute(
        request: Request, text: str, bindings: Mapping[str, Any], form: str | None = None
    ) -> Response:
        """Run ``text``; ``form`` is given for named queries, checked when the library loaded."""
        if form is None:
            if len(text.encode()) > settings.max_query_bytes:
                return error(413, f"the query is longer than {settings.max_query_bytes:,} bytes")
            reason = refusal(text)
            if reason is not None:
                return error(403, reason)
            try:
                form = query_form(text)
            except QueryError as exc:
                return error(400, str(exc))
        fmt = negotiate(
            request.headers.get("accept"), form, override=request.query_params.get("format")
        )
        if fmt is None:
            kinds = _GRAPH_MEDIA if form in ("construct", "describe") else _ROW_MEDIA
            return error(
                406, "cannot answer in the requested format; accepted: " + ", ".join(kinds)
            )
        status, fmt, body = await request.app.state.pool.run(text, bindings, fmt)
        if status != 200:
            return error(status, body.decode("utf-8", "replace"))
        headers = {"Vary": "Accept", "X-Content-Type-Options": "nosniff"}
        return Response(body, media_type=FORMATS[fmt][0], headers=headers)

    async def sparql(request: Request) -> Response:
        params = request.query_params
        if "default-graph-uri" in params or "named-graph-uri" in params:
            return error(
                403,
                "default-graph-uri and named-graph-uri are refused: radkg queries its own graph",
            )
        if request.method == "GET":
            if "update" in params:
                return error(403, "SPARQL updates are not allowed: this endpoint is read-only")
            text = params.get("query")
        else:
            content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if content_type == "application/sparql-update":
                return error(403, "SPARQL updates are not allowed: this endpoint is read-only")
            if content_type == "application/sparql-query":
                raw = await request.body()
                if len(raw) > settings.max_query_bytes:
                    return error(
                        413, f"the query is longer than {settings.max_query_bytes:,} bytes"
                    )
                text = raw.decode("utf-8", "replace")
            elif content_type == "application/x-www-form-urlencoded":
                raw = await request.body()
                if len(raw) > 3 * settings.max_query_bytes:
                    return error(
                        413, f"the query is longer than {settings.max_query_bytes:,} bytes"
                    )
                form = urllib.parse.parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True)
                if "update" in form:
                    return error(403, "SPARQL updates are not allowed: this endpoint is read-only")
                if "default-graph-uri" in form or "named-graph-uri" in form:
                    return error(403, "default-graph-uri and named-graph-uri are refused")
                if len(form.get("query", ())) > 1:
                    return error(400, "give one 'query' parameter")
                text = form.get("query", [None])[0]
            else:
                return error(
                    415, "POST a query as application/sparql-query or as a form field 'query'"
                )
        if not text:
            return error(400, "no query: pass it as the 'query' parameter")
        return await execute(request, text, {})

    async def queries(request: Request) -> Response:
        return JSONResponse(_catalogue())

    async def named(request: Request) -> Response:
        name = request.path_params["name"]
        params = {k: v for k, v in request.query_params.items() if k != "format"}
        try:
            bindings = bind(name, params)
        except UsageError as exc:
            return error(404 if "no named query" in str(exc) else 400, str(exc))
        named_query = library()[name]
        return await execute(request, named_query.text, bindings, named_query.form)

    async def page(request: Request) -> Response:
        nonce = secrets.token_urlsafe(16)
        html = templates.get_template("query.html").render(queries=_catalogue(), nonce=nonce)
        csp = (
            f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; "
            "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
        )
        return HTMLResponse(
            html, headers={"Content-Security-Policy": csp, "X-Content-Type-Options": "nosniff"}
        )

    return Starlette(
        routes=[
            Route("/sparql", sparql, methods=["GET", "POST"]),
            Route("/queries", queries, methods=["GET"]),
            Route("/queries/{name}", named, methods=["GET"]),
            Route("/", page, methods=["GET"]),
        ],
        lifespan=lifespan,
    )


def _catalogue() -> list[dict[str, Any]]:
    return [q.to_json() for q in library().values()]


def serve(
    source: str | os.PathLike[str] | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    timeout: float = DEFAULTS.timeout,
    max_rows: int = DEFAULTS.max_rows,
    workers: int = DEFAULTS.workers,
) -> None:
    """Serve ``source`` over HTTP until interrupted (see :func:`create_app`)."""
    import ipaddress

    import uvicorn

    app = create_app(source, timeout=timeout, max_rows=max_rows, workers=workers)
    try:
        is_loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        is_loopback = False
    if not is_loopback:
        print(f"radkg: warning: serving on {host}, reachable from other machines", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
