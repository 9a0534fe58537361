"""SPARQL over radkg's graph: the named query library, bound parameters, results and their formats.

The library is the folder ``kg/queries``: one ``kebab-case.rq`` file per
query, the file name is the query's name, and a header says what it does
and which parameters it takes::

    # title: Articles by an author
    # description: Every article a person of this name wrote, with the author position.
    # param: ?author_name string 周卫平 -- the author's name as printed
    SELECT ?author_name ?article ... WHERE { ... }

A parameter line is ``# param: ?name TYPE [default] [-- description]``;
types are :data:`PARAMETER_TYPES`.  A parameter without a default is
optional: left unbound, the query does not restrict on it.  Every parameter
is projected by the query (pyoxigraph binds only projected variables) and is
used only in the query's top-level group, or in a triple pattern of a
subquery that projects it (a join with the value gives the same rows; no
FILTER inside a subquery may read it), so that the three ways of binding
give the same rows: pyoxigraph ``substitutions=`` on an Oxigraph store,
rdflib ``initBindings`` on other rdflib stores, and, for an external
endpoint, a ``VALUES`` block of serialised RDF terms placed at the start of
the top-level ``WHERE`` group.  A value is never pasted into query text as
it was typed: it is parsed into an RDF term of its declared type first.

Oxigraph's union default graph repeats a triple once per named graph that
holds it (oxigraph/oxigraph#1919, fixed after 0.5), and radkg repeats shared
nodes (journals, people, concepts) in every source's graph.  Named queries
therefore count on the articles' own triples first and attach shared labels,
names and schemes through ``SELECT DISTINCT`` subqueries; pyoxigraph pushes a
bound parameter into such a subquery, so a lookup by name stays an index
lookup.  A subquery that projects a parameter may also narrow its own scan
with a test that lets every row through where the parameter is unbound
(``FILTER(COALESCE(... = ?method, true))``), provided the same test is made
again in the top-level group: the method-hierarchy queries find the concepts
labelled ``?method`` that way before walking ``skos:broader*`` (at 100k
articles the optimizer otherwise walks the hierarchy under every label first).

Queries run on a built :class:`rdflib.Dataset`, a :class:`pyoxigraph.Store`,
an RDF file or an on-disk store (:func:`open_graph`), or an external SPARQL
1.1 endpoint (:class:`Endpoint`).  Results (:class:`QueryResult`) give
Python values (``rows``), a pandas DataFrame when pandas is installed, and
the standard formats (:data:`FORMATS`).

Before anything runs, :func:`check_query` refuses what a read-only query
service must not do: updates, ``SERVICE`` (a request to another server),
``FROM``/``FROM NAMED`` (which make rdflib read local files and URLs) and
``LOAD``.

>>> import kg
>>> ds = kg.build(validate="none").dataset
>>> result = run(ds, "articles-by-author", params={"author_name": "周卫平"})
>>> [(row["author_name"], row["position"], row["truncated"]) for row in result.rows]
[('周卫平', 1, True)]
>>> print(serialize(run(ds, "article-types"), "csv").decode().splitlines()[1])
ResearchArticle,4
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as _xml_escape
from xml.sax.saxutils import quoteattr as _xml_attr

import pyoxigraph as ox
from rdflib import Dataset
from rdflib import Graph as RdfGraph

from kg.errors import QueryError, UsageError
from kg.namespaces import PREFIXES, XSD

__all__ = [
    "FORMATS",
    "PARAMETER_TYPES",
    "QUERY_DIR",
    "Endpoint",
    "NamedQuery",
    "Parameter",
    "QueryResult",
    "bind",
    "check_query",
    "library",
    "open_graph",
    "query",
    "query_form",
    "refusal",
    "run",
    "serialize",
    "upload",
]

#: The folder of the bundled named queries.
QUERY_DIR: Path = Path(__file__).resolve().parent / "queries"

#: Parameter types a ``# param:`` line may declare.
PARAMETER_TYPES = ("IRI", "string", "integer", "decimal", "boolean")

#: Output formats: key → (media type, what it can hold: ``"rows"`` for SELECT/ASK, ``"graph"``).
FORMATS: dict[str, tuple[str, str]] = {
    "table": ("text/plain; charset=utf-8", "rows"),
    "csv": ("text/csv; charset=utf-8", "rows"),
    "tsv": ("text/tab-separated-values; charset=utf-8", "rows"),
    "markdown": ("text/markdown; charset=utf-8", "rows"),
    "json": ("application/sparql-results+json", "rows"),
    "xml": ("application/sparql-results+xml", "rows"),
    "ttl": ("text/turtle; charset=utf-8", "graph"),
    "nt": ("application/n-triples", "graph"),
    "jsonld": ("application/ld+json", "graph"),
    "rdf": ("application/rdf+xml", "graph"),
}

_XSD = str(XSD)
_INTEGER_TYPES = frozenset(
    _XSD + t
    for t in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort",
        "unsignedByte", "gYear",
    )
)  # fmt: skip
_DT_INTEGER = ox.NamedNode(_XSD + "integer")
_DT_DECIMAL = ox.NamedNode(_XSD + "decimal")
_DT_BOOLEAN = ox.NamedNode(_XSD + "boolean")
_DT_STRING = _XSD + "string"

# --------------------------------------------------------------------------- the lexer

# Comments, IRIs, strings, words (keywords, variables, prefixed names) and single characters.
_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n\r]*)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<word>[?$]?[^\s{}()\[\];,.<>"'#=!&|+*/^@]+(?:\.[^\s{}()\[\];,.<>"'#=!&|+*/^@]+)*)
  | (?P<space>\s+)
  | (?P<punct>.)
    """,
    re.X | re.S,
)

_UPDATE_WORDS = frozenset(
    ("INSERT", "DELETE", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
)
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str
    text: str
    start: int


def _tokens(text: str) -> Iterator[_Token]:
    """The tokens of a SPARQL text, comments and whitespace left out."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "punct"
        if kind not in ("comment", "space"):
            yield _Token(kind, match.group(), match.start())


def _keyword(token: _Token) -> str | None:
    """The upper-cased keyword a bare word token is, or ``None`` (variables, prefixed names)."""
    if token.kind != "word" or token.text[0] in "?$" or ":" in token.text:
        return None
    return token.text.upper()


def query_form(text: str) -> str:
    """The form of a SPARQL query: ``select``, ``ask``, ``construct`` or ``describe``.

    >>> query_form("PREFIX s: <http://s/> # SELECT in a comment\\nASK { ?s ?p 'SELECT' }")
    'ask'
    """
    for token in _tokens(text):
        word = _keyword(token)
        if word in _FORMS:
            return word.lower()
        if word in _UPDATE_WORDS or word == "LOAD":
            return "update"
    raise QueryError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE")


def refusal(text: str) -> str | None:
    """Why a read-only service must refuse ``text`` (updates, SERVICE, FROM, LOAD), or ``None``.

    Keywords count only outside strings, IRIs and comments, so a title that
    mentions "service" is fine.

    >>> refusal('SELECT ?t WHERE { ?a ?p ?t FILTER(CONTAINS(?t, "SERVICE")) }') is None
    True
    >>> refusal("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }")
    'FROM is refused: radkg reads no other files or URLs'
    """
    for token in _tokens(text):
        word = _keyword(token)
        if word is None:
            continue
        if word == "SERVICE":
            return "SERVICE is refused: radkg sends no requests to other servers"
        if word == "FROM":
            return "FROM is refused: radkg reads no other files or URLs"
        if word == "LOAD":
            return "LOAD is refused: the graph is read-only here"
        if word in _UPDATE_WORDS:
            return f"{word} is refused: updates are not allowed, the graph is read-only here"
    return None


@lru_cache(maxsize=1024)
def check_query(text: str) -> str:
    """Raise :class:`~kg.errors.QueryError` if :func:`refusal` refuses ``text``; else the form.

    >>> check_query("DROP ALL")
    Traceback (most recent call last):
    ...
    kg.errors.QueryError: DROP is refused: updates are not allowed, the graph is read-only here
    """
    reason = refusal(text)
    if reason is not None:
        raise QueryError(reason)
    return query_form(text)


@lru_cache(maxsize=256)
def _prefixes(text: str) -> dict[str, str]:
    """``PREFIX p: <iri>`` declarations of a query."""
    tokens = list(_tokens(text))
    found = {}
    for i, token in enumerate(tokens[:-2]):
        if _keyword(token) == "PREFIX" and tokens[i + 2].kind == "iri":
            found[tokens[i + 1].text.rstrip(":")] = tokens[i + 2].text[1:-1]
    return found


def _where_brace(text: str) -> int:
    """Offset just after the ``{`` that opens the top-level ``WHERE`` group."""
    depth, seen_where = 0, False
    for token in _tokens(text):
        if token.kind == "punct" and token.text == "{":
            if seen_where and depth == 0:
                return token.start + 1
            depth += 1
        elif token.kind == "punct" and token.text == "}":
            depth -= 1
        elif depth == 0 and _keyword(token) == "WHERE":
            seen_where = True
    raise QueryError(
        "the query has no top-level WHERE group to bind parameters in; write WHERE { ... }"
    )


# --------------------------------------------------------------------------- the library


@dataclass(frozen=True, slots=True)
class Parameter:
    """A parameter of a named query: name, type, default (``None``: optional) and meaning."""

    name: str
    type: str
    default: str | None = None
    description: str = ""


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A query of the library: its name, header, parameters and text."""

    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str
    form: str
    path: str = ""

    @property
    def prefixes(self) -> dict[str, str]:
        return dict(_prefixes(self.text))

    def to_json(self) -> dict[str, Any]:
        """The header as JSON-ready data: name, title, description, form, parameters."""
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "form": self.form,
            "parameters": [
                {"name": p.name, "type": p.type, "default": p.default, "description": p.description}
                for p in self.parameters
            ],
        }


_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_PARAM = re.compile(r"\?(?P<name>[a-z][a-z0-9_]*)\s+(?P<type>\S+)(?:\s+(?P<rest>.*))?")


def _parse_query_file(path: Path) -> NamedQuery:
    name = path.stem
    if not _NAME.fullmatch(name):
        raise QueryError(
            f"{path}: a named query's file name must be kebab-case, like articles-by-author.rq"
        )
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    params: list[Parameter] = []
    for number, line in enumerate(text.splitlines(), 1):
        match = re.match(r"#\s*(title|description|param)\s*:\s*(.*?)\s*$", line)
        if match is None:
            continue
        key, value = match.groups()
        if key != "param":
            header[key] = value
            continue
        p = _PARAM.fullmatch(value)
        if p is None or p["type"] not in PARAMETER_TYPES:
            raise QueryError(
                f"{path}:{number}: a parameter line is '# param: ?name TYPE [default] [-- text]'"
                f" with TYPE one of {', '.join(PARAMETER_TYPES)}"
            )
        default, _, description = (p["rest"] or "").partition("--")
        params.append(Parameter(p["name"], p["type"], default.strip() or None, description.strip()))
    for key in ("title", "description"):
        if not header.get(key):
            raise QueryError(f"{path}: the header has no '# {key}:' line")
    form = check_query(text)
    query = NamedQuery(
        name, header["title"], header["description"], tuple(params), text, form, str(path)
    )
    if params:
        _check_projection(query)
        for param in params:
            if param.default is not None:
                try:
                    _term(query, param, param.default)  # a bad default fails when the library loads
                except UsageError as exc:
                    raise QueryError(f"{path}: the default of {exc}") from None
    return query


def _check_projection(query: NamedQuery) -> None:
    """Parameters must be in the SELECT clause or CONSTRUCT template: pyoxigraph binds no other."""
    if query.form == "describe":
        raise QueryError(f"{query.path}: DESCRIBE queries cannot take parameters; use CONSTRUCT")
    if query.form in ("select", "construct"):
        words, seen_form, depth = [], False, 0
        for token in _tokens(query.text):
            keyword = _keyword(token)
            if keyword == query.form.upper():
                seen_form = True
            elif (
                seen_form
                and depth == 0
                and (keyword == "WHERE" or (token.text == "{" and query.form == "select"))
            ):
                break
            elif token.text in "{}" and token.kind == "punct":
                depth += 1 if token.text == "{" else -1
            words.append(token.text)
        missing = [p.name for p in query.parameters if f"?{p.name}" not in words]
        if missing:
            where = "SELECT clause" if query.form == "select" else "CONSTRUCT template"
            raise QueryError(f"{query.path}: parameter ?{missing[0]} is not in the {where}")
    _where_brace(query.text)


@lru_cache(maxsize=8)
def _library(directory: str) -> dict[str, NamedQuery]:
    folder = Path(directory)
    if not folder.is_dir():
        raise UsageError(f"{folder}: no such query folder")
    paths = sorted(folder.glob("*.rq"), key=lambda path: path.stem)
    return {path.stem: _parse_query_file(path) for path in paths}


def library(directory: str | os.PathLike[str] | None = None) -> dict[str, NamedQuery]:
    """The named queries of a folder (default: radkg's own, :data:`QUERY_DIR`), by name.

    Read on first use and cached; nothing is read when the module is imported.

    >>> queries = library()
    >>> p = queries["coauthors"].parameters[0]
    >>> p.name, p.type, p.default
    ('author_name', 'string', '周卫平')
    """
    return dict(_library(str(Path(directory).resolve()) if directory else _QUERY_DIR_KEY))


_QUERY_DIR_KEY = str(QUERY_DIR)  # already resolved: no file-system calls on the hot path


def _named(name: str, queries: Mapping[str, NamedQuery] | None) -> NamedQuery:
    queries = _library(_QUERY_DIR_KEY) if queries is None else queries
    try:
        return queries[name]
    except KeyError:
        close = [n for n in queries if name in n or n in name]
        hint = (
            f"; did you mean {', '.join(close[:3])}?" if close else "; `radkg queries` lists them"
        )
        raise UsageError(f"no named query {name!r}{hint}") from None


# --------------------------------------------------------------------------- parameters

_INT = re.compile(r"[+-]?\d+")
_DEC = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)")
_BOOL = {"true": "true", "1": "true", "yes": "true", "false": "false", "0": "false", "no": "false"}


def _term(query: NamedQuery, param: Parameter, value: object) -> ox.NamedNode | ox.Literal:
    """The RDF term of a parameter value, checked against the declared type."""
    where = f"parameter ?{param.name} of {query.name}"
    if isinstance(value, (ox.NamedNode, ox.Literal)):
        value = value.value
    text = str(value).strip() if not isinstance(value, bool) else str(value).lower()
    kind = param.type
    if kind == "string":
        return ox.Literal(str(value))
    if kind == "integer" and _INT.fullmatch(text):
        return ox.Literal(str(int(text)), datatype=_DT_INTEGER)
    if kind == "decimal" and _DEC.fullmatch(text):
        return ox.Literal(str(Decimal(text)), datatype=_DT_DECIMAL)
    if kind == "boolean" and text.lower() in _BOOL:
        return ox.Literal(_BOOL[text.lower()], datatype=_DT_BOOLEAN)
    if kind == "IRI":
        iri = text[1:-1] if text.startswith("<") and text.endswith(">") else text
        prefix, colon, local = iri.partition(":")
        known = {**PREFIXES, **_prefixes(query.text)}
        if colon and prefix in known and not local.startswith("//"):
            iri = known[prefix] + local
        if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", iri) and not re.search(r'[\s<>"{}|^`\\]', iri):
            try:
                return ox.NamedNode(iri)
            except ValueError:
                pass
        raise UsageError(f"{where} must be an IRI (<https://...> or prefix:name), not {text!r}")
    raise UsageError(f"{where} must be {'an' if kind == 'integer' else 'a'} {kind}, not {text!r}")


def bind(
    name_or_query: str | NamedQuery,
    params: Mapping[str, object] | None = None,
    *,
    queries: Mapping[str, NamedQuery] | None = None,
) -> dict[str, ox.NamedNode | ox.Literal]:
    """The RDF terms of a named query's parameters: given values over defaults, each checked.

    Raises :class:`kg.errors.UsageError` for a parameter the query does not
    take or a value of the wrong type.

    >>> bind("productive-authors", {"min_articles": "2"})
    {'min_articles': <Literal value=2 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>}
    >>> bind("productive-authors", {"min_articles": "two"})
    Traceback (most recent call last):
    ...
    kg.errors.UsageError: parameter ?min_articles of productive-authors must be an integer, ...
    """
    query = (
        name_or_query if isinstance(name_or_query, NamedQuery) else _named(name_or_query, queries)
    )
    declared = {p.name: p for p in query.parameters}
    params = dict(params or {})
    for key in params:
        if key.lstrip("?$") not in declared:
            takes = ", ".join(f"{p.name} ({p.type})" for p in query.parameters) or "no parameters"
            raise UsageError(f"query {query.name} has no parameter {key!r}; it takes {takes}")
    given = {key.lstrip("?$"): value for key, value in params.items()}
    bound = {}
    for name, param in declared.items():
        value = given.get(name, param.default)
        if value is not None:
            bound[name] = _term(query, param, value)
    return bound


# --------------------------------------------------------------------------- results

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def _python(term: Term | None) -> Any:
    """A term as a Python value: IRIs as str, typed numbers and booleans as numbers/bool."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype in _INTEGER_TYPES:
            try:
                return int(term.value)
            except ValueError:
                return term.value
        if datatype == _XSD + "decimal":
            try:
                return Decimal(term.value)
            except InvalidOperation:
                return term.value
        if datatype in (_XSD + "double", _XSD + "float"):
            try:
                return float(term.value)
            except ValueError:
                return term.value
        if datatype == _XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)


@dataclass(slots=True)
class QueryResult:
    """What a query returned: solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT/DESCRIBE).

    ``solutions`` holds pyoxigraph terms (``None`` where unbound); ``rows``
    the same as dicts of Python values.
    """

    kind: str
    variables: tuple[str, ...] = ()
    solutions: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)

    @property
    def rows(self) -> list[dict[str, Any]]:
        """Solutions as dicts of Python values (ASK: one row ``{"boolean": ...}``)."""
        if self.kind == "ask":
            return [{"boolean": self.boolean}]
        if self.kind == "graph":
            return [
                {
                    "subject": _python(t.subject),
                    "predicate": _python(t.predicate),
                    "object": _python(t.object),
                }
                for t in self.triples
            ]
        names = self.variables
        return [
            dict(zip(names, map(_python, solution), strict=True)) for solution in self.solutions
        ]

    def __len__(self) -> int:
        return (
            len(self.triples)
            if self.kind == "graph"
            else 1
            if self.kind == "ask"
            else len(self.solutions)
        )

    def to_dataframe(self) -> Any:
        """The rows as a :class:`pandas.DataFrame` (needs pandas)."""
        try:
            import pandas as pd
        except ImportError:  # pragma: no cover - depends on the environment
            raise UsageError("to_dataframe needs pandas: pip install pandas") from None
        columns = (
            ["boolean"]
            if self.kind == "ask"
            else ["subject", "predicate", "object"]
            if (self.kind == "graph")
            else list(self.variables)
        )
        return pd.DataFrame(self.rows, columns=columns)


def _capped(items: Iterator[Any], max_rows: int | None) -> list[Any]:
    """The items, or :class:`~kg.errors.QueryError` as soon as there are more than ``max_rows``."""
    if max_rows is None:
        return list(items)
    out = list(itertools.islice(items, max_rows + 1))
    if len(out) > max_rows:
        raise QueryError(f"the result has more than {max_rows:,} rows; add a LIMIT")
    return out


def _from_ox(answer: Any, max_rows: int | None = None) -> QueryResult:
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        names = tuple(v.value for v in answer.variables)
        return QueryResult("select", names, _capped(map(tuple, answer), max_rows))
    return QueryResult("graph", triples=_capped(iter(answer), max_rows))


# --------------------------------------------------------------------------- running


@dataclass(frozen=True, slots=True)
class Endpoint:
    """An external SPARQL 1.1 endpoint (Oxigraph, Virtuoso, Fuseki, GraphDB, ...).

    Its default graph must be the union of radkg's named graphs, as it is
    for Virtuoso and for ``oxigraph serve --union-default-graph``.
    """

    url: str
    timeout: float = 60.0


_RDFLIB_LOCK = threading.Lock()  # rdflib's SPARQL parser (pyparsing) is not thread-safe


def _rdflib_query(
    g: RdfGraph, text: str, bindings: Mapping[str, Term], max_rows: int | None
) -> QueryResult:
    from oxrdflib._converter import from_ox, to_ox
    from rdflib.query import Result

    init = {name: from_ox(term) for name, term in bindings.items()}
    with _RDFLIB_LOCK:
        answer: Result = g.query(text, initBindings=init)
        if answer.type == "ASK":
            return QueryResult("ask", boolean=bool(answer.askAnswer))
        if answer.type == "SELECT":
            names = tuple(str(v) for v in answer.vars or ())
            rows = (tuple(None if t is None else to_ox(t) for t in row) for row in answer)
            rows = _capped(rows, max_rows)
            return QueryResult("select", names, rows)
        triples = (ox.Triple(*(to_ox(t) for t in triple)) for triple in answer)
        return QueryResult("graph", triples=_capped(triples, max_rows))


def _values_block(bindings: Mapping[str, Term]) -> str:
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(
        str(term) for term in bindings.values()
    )  # N-Triples syntax, escaped by pyoxigraph
    return f"\n  VALUES ({names}) {{ ({terms}) }}\n"


def _endpoint_query(
    endpoint: Endpoint, text: str, bindings: Mapping[str, Term], form: str
) -> QueryResult:
    if bindings:
        at = _where_brace(text)
        text = text[:at] + _values_block(bindings) + text[at:]
    accept = (
        "application/n-triples"
        if form in ("construct", "describe")
        else "application/sparql-results+json"
    )
    request = urllib.request.Request(
        endpoint.url,
        data=urllib.parse.urlencode({"query": text}).encode(),
        headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
    )
    try:
        with urllib.request.urlopen(request, timeout=endpoint.timeout) as response:  # noqa: S310 - user's URL
            body = response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip()[:500]
        raise QueryError(f"{endpoint.url} answered {exc.code}: {detail}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise QueryError(f"cannot reach the SPARQL endpoint {endpoint.url}: {exc}") from None
    if form in ("construct", "describe"):
        return QueryResult("graph", triples=list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES)))
    return _from_ox(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON))


Target = Dataset | RdfGraph | ox.Store | Endpoint | str | os.PathLike


def _oxigraph_of(ds: Dataset) -> ox.Store | None:
    """The pyoxigraph store under an rdflib Dataset built by radkg, or ``None``."""
    from kg.store import oxigraph

    return oxigraph(ds)


def query(
    target: Target,
    sparql: str,
    *,
    bindings: Mapping[str, Term] | None = None,
    max_rows: int | None = None,
) -> QueryResult:
    """Run a SPARQL query (after :func:`check_query`) on a graph, store, file or endpoint.

    Parameters
    ----------
    target : rdflib.Dataset, rdflib.Graph, pyoxigraph.Store, Endpoint, or path
        A built graph (``kg.build().dataset``), a pyoxigraph store, an
        external endpoint, or a path that :func:`open_graph` opens.  Queries
        see the union of all named graphs.
    sparql : str
        A SELECT, ASK, CONSTRUCT or DESCRIBE query.
    bindings : mapping of str to pyoxigraph term, optional
        Values of variables (see :func:`bind`); each must be projected.
    max_rows : int, optional
        Raise :class:`~kg.errors.QueryError` rather than return more rows.

    >>> import pyoxigraph as ox
    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("x")))
    >>> query(store, "SELECT ?o WHERE { ?s ?p ?o }").rows
    [{'o': 'x'}]
    """
    form = check_query(sparql)
    bindings = dict(bindings or {})
    if type(target) is Dataset:  # the common case first: a built graph over pyoxigraph
        target = _oxigraph_of(target) or target
    if isinstance(target, (str, os.PathLike)):
        target = open_graph(target)
    if isinstance(target, Endpoint):
        return _endpoint_query(target, sparql, bindings, form)
    store = target if isinstance(target, ox.Store) else None
    if store is None and isinstance(target, RdfGraph):
        store = _oxigraph_of(target) if isinstance(target, Dataset) else None
        if store is None:
            try:
                return _rdflib_query(target, sparql, bindings, max_rows)
            except QueryError:
                raise
            except Exception as exc:  # rdflib raises pyparsing and plain exceptions alike
                raise QueryError(f"the query failed: {exc}") from None
    if store is None:
        raise UsageError(
            f"cannot query a {type(target).__name__}; give a Dataset, Store, path or Endpoint"
        )
    try:
        answer = store.query(
            sparql,
            substitutions={ox.Variable(k): v for k, v in bindings.items()} or None,
            use_default_graph_as_union=True,
        )
        return _from_ox(answer, max_rows)
    except SyntaxError as exc:
        raise QueryError(f"the query is not valid SPARQL: {exc}") from None
    except (RuntimeError, OSError) as exc:
        raise QueryError(f"the query failed: {exc}") from None


def run(
    target: Target,
    name: str,
    *,
    params: Mapping[str, object] | None = None,
    queries: Mapping[str, NamedQuery] | None = None,
) -> QueryResult:
    """Run the named query ``name`` with ``params`` (values as text or Python values).

    >>> import kg
    >>> ds = kg.build(validate="none").dataset
    >>> run(ds, "has-author", params={"author_name": "周卫平"}).boolean
    True
    """
    named = _named(name, queries)
    return query(target, named.text, bindings=bind(named, params))


@lru_cache(maxsize=4)
def _opened(path: str, mtime: float) -> ox.Store:
    source = Path(path)
    if source.is_dir():
        try:
            return ox.Store.read_only(path)
        except OSError as exc:
            raise UsageError(f"{path}: not an Oxigraph store: {exc}") from None
    fmt = ox.RdfFormat.from_extension(source.suffix.lstrip(".")) if source.suffix else None
    if fmt is None:
        raise UsageError(
            f"{path}: unknown RDF file extension; use .ttl, .nt, .nq, .trig, .jsonld or .rdf"
        )
    store = ox.Store()
    try:
        store.bulk_load(path=path, format=fmt)
    except SyntaxError as exc:
        raise UsageError(f"{path}: not valid {fmt.name}: {exc}") from None
    return store


def open_graph(path: str | os.PathLike[str]) -> ox.Store:
    """Open a saved graph: an RDF file (read into memory) or an on-disk Oxigraph store (read-only).

    >>> open_graph("no/such/file.ttl")
    Traceback (most recent call last):
    ...
    kg.errors.UsageError: no/such/file.ttl: no such file or store
    """
    source = Path(path)
    if not source.exists():
        raise UsageError(f"{path}: no such file or store")
    return _opened(str(source.resolve()), source.stat().st_mtime)


# --------------------------------------------------------------------------- formats


def _csv_cell(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def _tsv_cell(term: Term | None) -> str:
    """A term in Turtle syntax; integers and booleans in their short form."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal) and term.datatype.value in (_XSD + "integer", _XSD + "boolean"):
        return term.value
    return str(term)


def _json_term(term: Term) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _DT_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {k: _json_term(getattr(term, k)) for k in ("subject", "predicate", "object")},
    }


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{_xml_escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml_escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return (
                f"<literal xml:lang={_xml_attr(term.language)}>{_xml_escape(term.value)}</literal>"
            )
        if term.datatype.value != _DT_STRING:
            datatype = _xml_attr(term.datatype.value)
            return f"<literal datatype={datatype}>{_xml_escape(term.value)}</literal>"
        return f"<literal>{_xml_escape(term.value)}</literal>"
    return f"<literal>{_xml_escape(str(term))}</literal>"


def _xml(result: QueryResult) -> bytes:
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
    ]
    out.append(
        "<head>" + "".join(f"<variable name={_xml_attr(v)}/>" for v in result.variables) + "</head>"
    )
    if result.kind == "ask":
        out.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for solution in result.solutions:
            cells = "".join(
                f"<binding name={_xml_attr(v)}>{_xml_term(t)}</binding>"
                for v, t in zip(result.variables, solution, strict=True)
                if t is not None
            )
            out.append(f"<result>{cells}</result>")
        out.append("</results>")
    out.append("</sparql>")
    return ("\n".join(out) + "\n").encode()


def _display(term: Term | None) -> str:
    value = _python(term)
    return "" if value is None else str(value)


def _markdown(result: QueryResult) -> bytes:
    def cell(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")

    names = ("boolean",) if result.kind == "ask" else result.variables
    rows = (
        [[str(result.boolean).lower()]]
        if result.kind == "ask"
        else [[cell(_display(t)) for t in solution] for solution in result.solutions]
    )
    lines = ["| " + " | ".join(names) + " |", "|" + "---|" * len(names)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return ("\n".join(lines) + "\n").encode()


def _table(result: QueryResult) -> bytes:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    names = ("boolean",) if result.kind == "ask" else result.variables
    for name in names:
        table.add_column(name, overflow="fold")
    if result.kind == "ask":
        table.add_row(str(result.boolean).lower())
    for solution in result.solutions:
        table.add_row(*(_rich_text(_display(t)) for t in solution))
    console = Console(file=io.StringIO(), width=160, color_system=None, force_terminal=False)
    console.print(table)
    console.print(f"{len(result)} row{'s' if len(result) != 1 else ''}")
    return console.file.getvalue().encode()  # type: ignore[attr-defined]


def _rich_text(text: str) -> Any:
    from rich.text import Text

    return Text(text)  # data is shown as text, never read as rich markup


def serialize(result: QueryResult, fmt: str = "json") -> bytes:
    """The result in a format of :data:`FORMATS` (rows for SELECT/ASK, RDF for graphs).

    >>> r = QueryResult("select", ("n",), [(ox.Literal("3", datatype=_DT_INTEGER),)])
    >>> serialize(r, "json").decode()
    '{"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"literal","value":"3","datatype":"http://www.w3.org/2001/XMLSchema#integer"}}]}}\\n'
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if result.kind == "graph":
        if FORMATS[fmt][1] != "graph":
            fmt = "ttl"
        if fmt == "jsonld":
            g = RdfGraph()
            g.parse(data=ox.serialize(result.triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
            return g.serialize(format="json-ld", auto_compact=True).encode()
        triples = sorted(result.triples, key=str)
        rdf_format = {"ttl": ox.RdfFormat.TURTLE, "rdf": ox.RdfFormat.RDF_XML}.get(
            fmt, ox.RdfFormat.N_TRIPLES
        )
        prefixes = dict(PREFIXES) if fmt in ("ttl", "rdf") else None
        return ox.serialize(triples, format=rdf_format, prefixes=prefixes) or b""
    if FORMATS[fmt][1] != "rows":
        raise UsageError(
            f"{fmt} holds RDF graphs; a {result.kind.upper()} result needs csv, tsv, json, xml, ..."
        )
    if fmt == "json":
        if result.kind == "ask":
            payload: dict[str, Any] = {"head": {}, "boolean": bool(result.boolean)}
        else:
            bindings = [
                {
                    v: _json_term(t)
                    for v, t in zip(result.variables, s, strict=True)
                    if t is not None
                }
                for s in result.solutions
            ]
            payload = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
        return (json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
    if fmt == "xml":
        return _xml(result)
    if fmt == "markdown":
        return _markdown(result)
    if fmt == "table":
        return _table(result)
    if result.kind == "ask":
        return (
            b"true" if result.boolean else b"false"
        )  # as Oxigraph writes it: no standard form exists
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(result.variables)
        writer.writerows([_csv_cell(t) for t in solution] for solution in result.solutions)
        return buffer.getvalue().encode()
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join(_tsv_cell(t) for t in solution) for solution in result.solutions]
    return ("\n".join(lines) + "\n").encode()


# --------------------------------------------------------------------------- loading an endpoint


def upload(
    source: Dataset | ox.Store | str | os.PathLike[str],
    url: str,
    *,
    chunk: int = 100_000,
    timeout: float = 300.0,
) -> dict[str, int]:
    """Bulk-load radkg's named graphs into a server through the SPARQL 1.1 Graph Store Protocol.

    Each named graph (one per source) is replaced: the first chunk of its
    triples is ``PUT`` to ``url?graph=IRI`` as N-Triples, the rest ``POST``-ed,
    ``chunk`` triples at a time.  ``url`` is the server's graph store
    (Oxigraph: ``http://host:7878/store``).  Returns triples per graph.
    """
    if isinstance(source, (str, os.PathLike)):
        source = open_graph(source)
    from kg.store import oxigraph

    store = source if isinstance(source, ox.Store) else oxigraph(source)
    if store is None:
        raise UsageError("upload needs an Oxigraph-backed graph, a store or a file")
    graphs: dict[str, list[ox.Triple]] = {}
    for q in store:
        key = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
        graphs.setdefault(key, []).append(ox.Triple(q.subject, q.predicate, q.object))
    counts = {}
    for graph in sorted(graphs):
        triples = sorted(graphs[graph], key=str)
        target = f"{url}?{urllib.parse.urlencode({'graph': graph})}" if graph else f"{url}?default"
        for start in range(0, max(len(triples), 1), chunk):
            body = (
                ox.serialize(triples[start : start + chunk], format=ox.RdfFormat.N_TRIPLES) or b""
            )
            request = urllib.request.Request(
                target,
                data=body,
                method="PUT" if start == 0 else "POST",
                headers={"Content-Type": "application/n-triples"},
            )
            try:
                with urllib.request.urlopen(request, timeout=timeout):  # noqa: S310 - user's URL
                    pass
            except urllib.error.HTTPError as exc:
                detail = exc.read().decode("utf-8", "replace").strip()[:300]
                raise QueryError(
                    f"{url} refused graph {graph or 'default'}: {exc.code} {detail}"
                ) from None
            except (urllib.error.URLError, OSError) as exc:
                raise QueryError(f"cannot reach the graph store {url}: {exc}") from None
        counts[graph] = len(triples)
    return counts
