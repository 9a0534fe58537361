"""Exports in the graph (mapping of the new fields) and back out as RIS/BibTeX (round trip)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import kg
from kg.citations import bibtex_text, citations, ris_text, write_citations
from kg.cli import main
from kg.errors import UsageError
from kg.readers import read

EXPORTS = Path(__file__).parent / "data" / "exports"
ALL = sorted(p for p in EXPORTS.iterdir() if p.is_file() and p.suffix != ".md")


@pytest.fixture(scope="module")
def built() -> kg.BuildReport:
    return kg.build([str(p) for p in ALL], validate="full")


def _store(report: kg.BuildReport) -> ox.Store:
    from kg.store import oxigraph

    store = oxigraph(report.dataset)
    assert store is not None
    return store


def _ask(report: kg.BuildReport, query: str) -> list[tuple[str, ...]]:
    rows = _store(report).query(query, use_default_graph_as_union=True)
    return sorted(tuple("" if t is None else t.value for t in row) for row in rows)


def test_every_export_builds_a_conforming_graph(built: kg.BuildReport) -> None:
    assert built.conforms, built.validation.get("text")
    assert built.diagnostics == []
    assert built.articles == sum(len(read(p).articles) for p in ALL)


def test_identifiers_are_standard_terms(built: kg.BuildReport) -> None:
    rows = _ask(
        built,
        """
        PREFIX prism: <http://prismstandard.org/namespaces/basic/2.0/>
        PREFIX fabio: <http://purl.org/spar/fabio/>
        SELECT DISTINCT ?doi ?pmid ?pmc WHERE { ?a prism:doi ?doi ; fabio:hasPubMedId ?pmid .
                                                OPTIONAL { ?a fabio:hasPubMedCentralId ?pmc } }""",
    )
    assert ("10.1148/radiol.2015151169", "26579733", "PMC4734157") in rows
    assert ("10.1158/0008-5472.can-17-0339", "29092951", "") in rows


def test_records_carry_their_own_journal_and_issue(built: kg.BuildReport) -> None:
    rows = _ask(
        built,
        """
        PREFIX prism: <http://prismstandard.org/namespaces/basic/2.0/>
        PREFIX frbr: <http://purl.org/vocab/frbr/core#>
        PREFIX fabio: <http://purl.org/spar/fabio/>
        SELECT DISTINCT ?issn ?volume ?number WHERE {
            ?a frbr:partOf ?i . ?i a fabio:JournalIssue ; frbr:partOf ?j ; prism:volume ?volume ;
               prism:issueIdentifier ?number . ?j prism:issn ?issn }""",
    )
    # CNKI's "03" and RIS's "3" are one issue.
    assert ("1005-1201", "58", "3") in rows and ("1005-1201", "58", "03") not in rows
    assert ("0033-8419", "278", "2") in rows and ("0008-5472", "77", "21") in rows


def test_affiliations_sit_on_authorships(built: kg.BuildReport) -> None:
    rows = _ask(
        built,
        """
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX foaf: <http://xmlns.com/foaf/0.1/>
        PREFIX radkg: <https://w3id.org/radkg/ontology#>
        SELECT DISTINCT ?name ?place WHERE { ?r prov:agent ?p ; radkg:affiliation ?o .
            ?p foaf:name ?name . ?o a radkg:Institution ; foaf:name ?place } """,
    )
    assert (
        "Gillies RJ",
        "Department of Cancer Imaging, H. Lee Moffitt Cancer Center and Research "
        "Institute, 12902 Magnolia Dr, Tampa, FL 33612.",
    ) in rows


def test_seed_output_is_unchanged_by_the_new_fields(tmp_path: Path) -> None:
    """TOC articles have none of the new fields, so the seed graph keeps its IRIs and triples."""
    report = kg.build(out=tmp_path, validate="none")
    text = (tmp_path / "radkg.ttl").read_text(encoding="utf-8")
    assert "prism:doi" not in text and "publicationName" not in text
    assert "article/issn-1005-1201-na-p201-" in text
    assert report.articles == 9


def test_round_trip_through_ris_and_bibtex(built: kg.BuildReport, tmp_path: Path) -> None:
    records = citations(built.dataset)
    assert len(records) == len({r["iri"] for r in records})
    for to, suffix in (("ris", "ris"), ("bibtex", "bib")):
        path = tmp_path / f"refs.{suffix}"
        assert write_citations(built.dataset, path, to=to) == len(records)
        page = read(path)
        assert page.diagnostics == (), page.diagnostics
        back = sorted(page.articles, key=lambda a: _order(a.title, a.year, a.doi, a.authors))
        expected = sorted(
            records, key=lambda r: _order(r["title"], r["year"], r["doi"], r["authors"])
        )
        assert [a.title for a in back] == [r["title"] for r in expected]
        for a, r in zip(back, expected, strict=True):
            if to == "ris":
                assert list(a.authors) == r["authors"]
            else:  # BibTeX's own name model: "Robert J. Gillies" comes back as "Gillies, Robert J."
                assert [_family(n) for n in a.authors] == [_family(n) for n in r["authors"]]
            assert a.doi == r["doi"] and a.pmid == r["pmid"]
            assert (str(a.year) if a.year else None) == r["year"]
            assert (a.volume, a.number) == (r["volume"], r["number"])
            assert a.page_start == (int(r["page_start"]) if r["page_start"] else None)
            assert (a.journal.issn if a.journal else None) == r["issn"]
            assert sorted(a.keywords) == sorted(r["keywords"])


def _family(name: str) -> str:
    return name.split(",")[0] if "," in name else name.split()[-1]


def _order(title: str, year: object, doi: str | None, authors: object) -> tuple:
    names = [_family(n) for n in authors]  # type: ignore[attr-defined]
    return title, int(year or 0), doi or "", len(names), names


def test_export_is_deterministic_and_rejects_unknown_formats(
    built: kg.BuildReport, tmp_path: Path
) -> None:
    records = citations(built.dataset)
    assert ris_text(records) == ris_text(citations(built.dataset))
    assert bibtex_text(records) == bibtex_text(list(records))
    with pytest.raises(UsageError):
        write_citations(built.dataset, tmp_path / "x", to="endnote")
    assert not (tmp_path / "x").exists()


def test_bibtex_values_are_escaped_and_balanced() -> None:
    text = bibtex_text(
        [
            {
                "iri": "i",
                "title": "Unbalanced } brace {and & 50% of_x",
                "authors": ["Li, Wei"],
                "year": "2020",
            }
        ]
    )
    page = kg.readers.bibtex.parse_bibtex(text, path="x.bib")
    assert page.diagnostics == ()
    assert page.articles[0].title == "Unbalanced brace and & 50% of_x"


def test_cli_export(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "o"
    assert (
        runner.invoke(
            main, ["build", str(EXPORTS / "gillies-2016.nbib"), "-o", str(out), "-q"]
        ).exit_code
        == 0
    )
    result = runner.invoke(
        main, ["export", str(out / "radkg.ttl"), "--to", "bibtex", "-o", str(tmp_path / "r.bib")]
    )
    assert result.exit_code == 0, result.output
    assert read(tmp_path / "r.bib").articles[1].pmid == "26579733"
    bad = runner.invoke(
        main, ["export", str(out / "radkg.ttl"), "--to", "xml", "-o", str(tmp_path / "r")]
    )
    assert bad.exit_code == 2
