"""Export the graph's articles as citations for reference managers: RIS and BibTeX.

:func:`citations` reads every ``fabio:JournalArticle`` of a built graph
(an rdflib ``Dataset`` from :func:`kg.build`, or a pyoxigraph ``Store``)
back into plain records: title, authors in order, journal, ISSN, year,
volume, issue, pages, DOI, PMID, PMCID, CNKI and Web of Science ids,
abstracts, keywords, language, link.  :func:`write_citations` writes them
as RIS (through rispy's writer) or BibTeX (through bibtexparser's), sorted
by article IRI so that the same graph always gives the same bytes, and
atomically (:func:`kg.export.atomic_writer`).  radkg's own readers read
both files back (the round trip is tested).

>>> import kg
>>> records = citations(kg.build(validate="none").dataset)
>>> len(records), records[0]["journal"], records[0]["issn"]
(9, '中华放射学杂志', '1005-1201')
>>> print(ris_text(records[:1]).splitlines()[0:3])
['TY  - JOUR', 'AU  - 周卫平', 'AU  - 昝星有']
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path
from typing import Any

import bibtexparser
import pyoxigraph as ox
from bibtexparser.library import Library
from bibtexparser.model import Entry, Field
from bibtexparser.writer import BibtexFormat
from rispy.writer import RisWriter

from kg.errors import UsageError
from kg.export import atomic_writer
from kg.namespaces import DCTERMS, FABIO, FOAF, FRBR, PRISM, PROV, RADKG, RDF, SCHEMA, SKOS

__all__ = ["CITATION_FORMATS", "bibtex_text", "citations", "ris_text", "write_citations"]

#: Citation formats radkg writes, by name → file extension.
CITATION_FORMATS = {"ris": ".ris", "bibtex": ".bib"}

_HAN_RE = re.compile(r"[\u3400-\u9fff]")

# Single-valued article properties → record key.
_ARTICLE_VALUES = {
    "title": DCTERMS.title,
    "title_en": DCTERMS.alternative,
    "year": FABIO.hasPublicationYear,
    "page_start": PRISM.startingPage,
    "page_end": PRISM.endingPage,
    "page_range": PRISM.pageRange,
    "doi": PRISM.doi,
    "pmid": FABIO.hasPubMedId,
    "pmcid": FABIO.hasPubMedCentralId,
    "cnki_id": RADKG.cnkiId,
    "wos_id": RADKG.wosId,
    "language": DCTERMS.language,
    "url": SCHEMA.url,
    "journal": PRISM.publicationName,
}


def _rows(g: Any, query: str) -> list[tuple[str, ...]]:
    """Rows of a SELECT over the union of a graph's named graphs, as strings."""
    if isinstance(g, ox.Store):
        return [
            tuple(term.value for term in row)
            for row in g.query(query, use_default_graph_as_union=True)
        ]
    from kg.store import oxigraph

    store = oxigraph(g)
    if store is not None:
        return [
            tuple(t.value for t in row)
            for row in store.query(query, use_default_graph_as_union=True)
        ]
    return [tuple(str(t) for t in row) for row in g.query(query)]


def _pairs(g: Any, pattern: str) -> dict[str, list[str]]:
    """``?a`` → sorted values of ``?v`` for a pattern over articles ``?a``."""
    query = (
        f"SELECT DISTINCT ?a ?v WHERE {{ ?a <{RDF.type}> <{FABIO.JournalArticle}> . {pattern} }}"
    )
    found: dict[str, list[str]] = {}
    for a, v in _rows(g, query):
        found.setdefault(a, []).append(v)
    return {a: sorted(vs) for a, vs in found.items()}


def _preferred_name(names: list[str]) -> str:
    """The name a person was written under: ``Family, Given`` or Han script before short forms."""
    return sorted(names, key=lambda n: (not ("," in n or _HAN_RE.search(n)), -len(n), n))[0]


def citations(g: Any) -> list[dict[str, Any]]:
    """Every article of a graph as a plain record, sorted by article IRI.

    Parameters
    ----------
    g : rdflib.Dataset, rdflib.Graph or pyoxigraph.Store
        A graph built by radkg (all named graphs are read).

    Returns
    -------
    list of dict
        Keys ``iri``, ``title``, ``title_en``, ``authors`` (in order),
        ``journal``, ``issn``, ``year``, ``volume``, ``number``,
        ``page_start``, ``page_end``, ``page_range``, ``doi``, ``pmid``,
        ``pmcid``, ``cnki_id``, ``wos_id``, ``abstract_zh``, ``abstract_en``,
        ``keywords``, ``language``, ``url``; absent values ``None`` or ``[]``.
    """
    values = {key: _pairs(g, f"?a <{p}> ?v .") for key, p in _ARTICLE_VALUES.items()}
    abstracts = _rows(g, f"SELECT ?a ?v (LANG(?v) AS ?l) WHERE {{ ?a <{DCTERMS.abstract}> ?v }}")
    issue_of = _pairs(g, f"?a <{FRBR.partOf}> ?v . ?v <{RDF.type}> <{FABIO.JournalIssue}> .")
    journal_of = _pairs(g, f"?a <{FRBR.partOf}> ?v . ?v <{RDF.type}> <{FABIO.Journal}> .")
    volumes = dict(_rows(g, f"SELECT ?i ?v WHERE {{ ?i <{PRISM.volume}> ?v }}"))
    numbers = dict(_rows(g, f"SELECT ?i ?v WHERE {{ ?i <{PRISM.issueIdentifier}> ?v }}"))
    issns = dict(_rows(g, f"SELECT ?j ?v WHERE {{ ?j <{PRISM.issn}> ?v }}"))
    journal_titles: dict[str, list[str]] = {}
    for j, title, lang in _rows(
        g,
        f"SELECT ?j ?v (LANG(?v) AS ?l) WHERE {{ ?j <{DCTERMS.title}> ?v . "
        f"?j <{RDF.type}> <{FABIO.Journal}> }}",
    ):
        journal_titles.setdefault(j, []).append(f"{'0' if lang == 'zh' else '1'}{title}")
    authors: dict[str, dict[int, list[str]]] = {}
    for a, position, name in _rows(
        g,
        f"SELECT ?a ?pos ?name WHERE {{ ?a <{PROV.qualifiedAttribution}> ?r . "
        f"?r <{RADKG.authorPosition}> ?pos ; <{PROV.agent}> ?p . ?p <{FOAF.name}> ?name }}",
    ):
        authors.setdefault(a, {}).setdefault(int(position), []).append(name)
    keywords = _pairs(g, f"?a <{DCTERMS.subject}> ?k . ?k <{SKOS.prefLabel}> ?v .")
    truncated = {
        a
        for a, v in _rows(g, f"SELECT ?a ?v WHERE {{ ?a <{RADKG.authorListTruncated}> ?v }}")
        if v == "true"
    }

    records: list[dict[str, Any]] = []
    for iri in sorted(values["title"]):
        record: dict[str, Any] = {"iri": iri}
        for key in _ARTICLE_VALUES:
            found = values[key].get(iri)
            record[key] = found[0] if found else None
        journal = next(iter(journal_of.get(iri, [])), None)
        issue = next(iter(issue_of.get(iri, [])), None)
        if record["journal"] is None and journal in journal_titles:
            record["journal"] = sorted(journal_titles[journal])[0][1:]
        record["issn"] = issns.get(journal) if journal else None
        record["volume"] = volumes.get(issue) if issue else None
        record["number"] = numbers.get(issue) if issue else None
        record["authors"] = [
            _preferred_name(names) for _, names in sorted(authors.get(iri, {}).items())
        ]
        record["authors_truncated"] = iri in truncated
        record["keywords"] = keywords.get(iri, [])
        record["abstract_zh"] = next(
            (v for a, v, lang in abstracts if a == iri and lang == "zh"), None
        )
        record["abstract_en"] = next(
            (v for a, v, lang in abstracts if a == iri and lang == "en"), None
        )
        records.append(record)
    return records


def _pages(record: dict[str, Any]) -> tuple[str | None, str | None]:
    start, end = record.get("page_start"), record.get("page_end")
    if start is None and record.get("page_range"):
        first, _, last = record["page_range"].partition("-")
        return first or None, last or None
    return start, end


def ris_text(records: list[dict[str, Any]]) -> str:
    """RIS text of citation records (rispy's writer, no numbered headers).

    >>> print(ris_text([{"title": "T", "authors": ["Li, Wei"], "year": "2016", "page_start": "5",
    ...                  "page_end": "9", "doi": "10.1/x", "pmid": "12"}]), end="")
    TY  - JOUR
    AU  - Li, Wei
    TI  - T
    PY  - 2016
    SP  - 5
    EP  - 9
    DO  - 10.1/x
    AN  - 12
    DB  - PubMed
    ER  -
    """
    entries = []
    for r in records:
        start, end = _pages(r)
        entry: dict[str, Any] = {"type_of_reference": "JOUR"}
        for key, value in (
            ("authors", list(r.get("authors") or [])),
            ("title", r.get("title")),
            ("translated_title", r.get("title_en")),
            ("journal_name", r.get("journal")),
            ("issn", r.get("issn")),
            ("year", r.get("year")),
            ("volume", r.get("volume")),
            ("number", r.get("number")),
            ("start_page", start),
            ("end_page", end),
            ("doi", r.get("doi")),
            ("accession_number", r.get("pmid")),
            ("name_of_database", "PubMed" if r.get("pmid") else None),
            ("abstract", r.get("abstract_zh") or r.get("abstract_en")),
            ("keywords", list(r.get("keywords") or [])),
            ("language", r.get("language")),
            ("urls", [r["url"]] if r.get("url") else []),
            ("notes", [f"PMCID: {r['pmcid']}"] if r.get("pmcid") else []),
        ):
            if value:
                entry[key] = value
        entries.append(entry)
    text = _Writer().formats(entries)
    return "\n".join(line.rstrip() for line in text.split("\n"))


class _Writer(RisWriter):
    """rispy's RIS writer without the ``1.``, ``2.`` lines it puts before each record."""

    def set_header(self, count: int) -> str:
        return ""


def _ascii(text: str) -> str:
    return re.sub(
        r"[^a-z0-9]+",
        "",
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower(),
    )


def _key(record: dict[str, Any]) -> str:
    """A stable citation key: first author's family name + year + a hash of the article IRI."""
    first = (record.get("authors") or [""])[0].split(",")[0]
    digest = hashlib.blake2b(
        str(record.get("iri", record.get("title"))).encode(), digest_size=3
    ).hexdigest()
    return f"{_ascii(first) or 'radkg'}{record.get('year') or ''}{digest}"


def _braced(text: str) -> str:
    """A braced BibTeX value's text: braces balanced (unmatched ones dropped), & % $ # _ escaped."""
    depth, out = 0, []
    for ch in text:
        if ch == "{":
            depth += 1
        elif ch == "}":
            if depth == 0:
                continue
            depth -= 1
        out.append(ch)
    text = "".join(out) + "}" * depth
    return re.sub(r"(?<!\\)([&%$#_])", r"\\\1", text)


def bibtex_text(records: list[dict[str, Any]]) -> str:
    """BibTeX text of citation records (bibtexparser's writer; UTF-8, BibLaTeX-compatible fields).

    >>> print(bibtex_text([{"iri": "x", "title": "A & B", "authors": ["Li, Wei", "周卫平"],
    ...                     "year": "2016", "page_start": "5", "page_end": "9"}]), end="")
    @article{li20168e6320,
      author = {Li, Wei and 周卫平},
      title = {A \\& B},
      year = {2016},
      pages = {5--9}
    }
    """
    library = Library()
    for r in records:
        start, end = _pages(r)
        authors = list(r.get("authors") or [])
        if r.get("authors_truncated"):
            authors.append("others")
        fields = []
        for key, value in (
            ("author", " and ".join(authors)),
            ("title", r.get("title")),
            ("journal", r.get("journal")),
            ("issn", r.get("issn")),
            ("year", r.get("year")),
            ("volume", r.get("volume")),
            ("number", r.get("number")),
            ("pages", f"{start}--{end}" if start and end else start),
            ("doi", r.get("doi")),
            ("pmid", r.get("pmid")),
            ("pmcid", r.get("pmcid")),
            ("abstract", r.get("abstract_zh") or r.get("abstract_en")),
            ("keywords", "; ".join(r.get("keywords") or [])),
            ("langid", r.get("language")),
            ("url", r.get("url")),
        ):
            if value:
                fields.append(Field(key, _braced(str(value))))
        library.add(Entry("article", _key(r), fields))
    if not records:
        return ""
    layout = BibtexFormat()
    layout.indent = "  "
    return bibtexparser.write_string(library, bibtex_format=layout).rstrip("\n") + "\n"


def write_citations(g: Any, path: str | os.PathLike[str], *, to: str) -> int:
    """Write the graph's articles to ``path`` as ``to`` (``ris`` or ``bibtex``); returns how many.

    The file is replaced atomically; the same graph gives the same bytes.

    Raises
    ------
    UsageError
        If ``to`` is not a key of :data:`CITATION_FORMATS`.
    """
    if to not in CITATION_FORMATS:
        raise UsageError(
            f"unknown citation format {to!r}; choose one of {', '.join(CITATION_FORMATS)}"
        )
    records = citations(g)
    text = ris_text(records) if to == "ris" else bibtex_text(records)
    with atomic_writer(Path(path)) as handle:
        handle.write(text.encode("utf-8"))
    return len(records)
