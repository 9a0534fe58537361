"""Article merging and identity in the build: one article per article, namesakes kept apart."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.ids import identity_graph_iri, source_iri
from kg.merge import Records, merge_articles, title_key
from kg.namespaces import DCTERMS, FABIO, PROV, RADKG, RDF
from kg.pipeline import build, source_key
from kg.records import Article, Journal, Page
from kg.store import oxigraph

DATA = Path(__file__).parent / "data" / "exports"
GILLIES = ("gillies-2016.ris", "gillies-2016.nbib", "gillies-2016-toc.txt")
TITLE = "Radiomics: Images Are More than Pictures, They Are Data"


def _rows(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    return [
        tuple(v.value for v in row) for row in store.query(query, use_default_graph_as_union=True)
    ]


def _articles_titled(store: ox.Store, title: str) -> list[str]:
    query = (
        f"SELECT DISTINCT ?a {{ ?a a <{FABIO.JournalArticle}> ; <{DCTERMS.title}> ?t "
        f'FILTER(STR(?t) = "{title}") }}'
    )
    return [row[0] for row in _rows(store, query)]


def test_same_article_from_ris_medline_and_toc_is_one_article() -> None:
    paths = [DATA / name for name in GILLIES]
    report = build(paths, validate="full")
    store = oxigraph(report.dataset)
    # Gillies 2016 (RIS + MEDLINE + TOC page) and van Griethuysen 2017 (RIS + MEDLINE).
    assert report.counts["fabio:JournalArticle"] == 2
    (article,) = _articles_titled(store, TITLE)
    sources = {
        row[0] for row in _rows(store, f"SELECT ?s {{ <{article}> <{PROV.wasDerivedFrom}> ?s }}")
    }
    assert sources == {source_iri(source_key(p)) for p in paths}
    # Each source keeps its own derivation, in its own graph.
    derivations = store.query(
        f"SELECT ?g ?d {{ GRAPH ?g {{ <{article}> <{PROV.qualifiedDerivation}> ?d . "
        f"?d <{PROV.entity}> ?g }} }}"
    )
    assert len({(r["g"].value, r["d"].value) for r in derivations}) == 3
    # The TOC page's IRI stays (it names no source): the same whichever exports come along.
    assert "-r" not in article.rsplit("/", 1)[1]
    assert report.identity["articles_merged"] == 3
    assert report.conforms, report.validation.get("text")
    # Three authors, each one person however the sources write the name.
    people = _rows(store, f"SELECT DISTINCT ?p {{ <{article}> <{DCTERMS.creator}> ?p }}")
    assert len(people) == 3


def test_merge_is_order_free_and_rebuilds_are_byte_identical(tmp_path: Path) -> None:
    paths = [DATA / name for name in GILLIES]
    build(paths, out=tmp_path / "a", formats=("nq",), validate="none")
    build(paths[::-1], out=tmp_path / "b", formats=("nq",), validate="none")
    build(paths, out=tmp_path / "c", formats=("nq",), validate="none")
    first = (tmp_path / "a" / "radkg.nq").read_bytes()
    assert first == (tmp_path / "b" / "radkg.nq").read_bytes()
    assert first == (tmp_path / "c" / "radkg.nq").read_bytes()
    report = json.loads((tmp_path / "a" / "build-report.json").read_text())
    assert report["identity"]["articles_merged"] == 3


def _page(key: str, *articles: Article) -> tuple[str, Page]:
    return key, Page(key, articles=articles)


def _article(title: str, **fields: object) -> Article:
    defaults: dict[str, object] = {
        "authors": ("Gillies, Robert J",),
        "year": 2016,
        "page_start": 563,
        "journal": Journal(issn="0033-8419", title="Radiology"),
    }
    return Article(title, **{**defaults, **fields})  # type: ignore[arg-type]


def _merged(*pages: tuple[str, Page]) -> dict[str, str]:
    records = Records()
    for key, page in pages:
        records.add(key, page)
    return merge_articles(records)


@pytest.mark.parametrize(
    ("other", "merged"),
    [
        pytest.param(_article(TITLE.upper() + "."), True, id="same-title-other-spelling"),
        pytest.param(_article(TITLE, authors=("Gillies RJ",)), True, id="initials"),
        pytest.param(_article(TITLE + ": Part 2"), False, id="longer-title"),
        pytest.param(_article(TITLE, year=2017, page_start=None), False, id="other-year"),
        pytest.param(_article(TITLE, page_start=99), False, id="other-page"),
        pytest.param(_article(TITLE, authors=("Kinahan, Paul E",)), False, id="other-first-author"),
        pytest.param(_article(TITLE, journal=Journal(issn="0938-7994")), False, id="other-journal"),
    ],
)
def test_natural_key_merges_only_the_same_article(other: Article, merged: bool) -> None:
    found = _merged(_page("a.ris", _article(TITLE)), _page("b.ris", other))
    assert bool(found) is merged


def test_identifiers_decide_before_titles() -> None:
    same_doi = _article("Something else entirely", doi="10.1/x", page_start=1)
    assert len(_merged(_page("a", _article(TITLE, doi="10.1/X")), _page("b", same_doi))) == 1
    # One title, year, page and author, but two DOIs: two articles (an erratum, a reprint).
    a, b = _article(TITLE, doi="10.1/a"), _article(TITLE, doi="10.1/b")
    assert _merged(_page("a", a), _page("b", b)) == {}
    # A PMID in common does not join records whose DOIs differ.
    a, b = _article("A", doi="10.1/a", pmid="1"), _article("B", doi="10.1/b", pmid="1")
    assert _merged(_page("a", a), _page("b", b)) == {}


def test_zh_title_meets_the_en_title_of_one_article() -> None:
    journal = Journal(issn="1005-1201")
    zh = Article(
        "基于扩散峰度成像的研究",
        title_en="A study based on diffusion kurtosis imaging",
        authors=("周卫平",),
        year=2024,
        page_start=201,
        journal=journal,
    )
    en = Article(
        "A Study Based on Diffusion Kurtosis Imaging",
        authors=("Zhou Weiping",),
        year=2024,
        page_start=201,
        journal=journal,
    )
    stranger = Article(
        "A study based on diffusion kurtosis imaging",
        authors=("Smith, John",),
        year=2024,
        page_start=201,
        journal=journal,
    )
    assert len(_merged(_page("cnki.txt", zh), _page("wos.txt", en))) == 1
    assert _merged(_page("cnki.txt", zh), _page("wos.txt", stranger)) == {}


def test_merge_does_not_depend_on_record_order() -> None:
    pages = [_page(k, _article(TITLE, doi="10.1/g")) for k in ("x.ris", "a.nbib", "m.bib")]
    assert _merged(*pages) == _merged(*pages[::-1])
    assert len(set(_merged(*pages).values())) == 1


def test_title_key_ignores_spelling_only() -> None:
    assert title_key("Radiomics:  images.") == title_key("RADIOMICS — Images")
    assert title_key("基于CT的研究（一）") != title_key("基于CT的研究（二）")


def test_conflicting_fields_keep_one_value_and_the_other_title_as_alternative(
    tmp_path: Path,
) -> None:
    record = (
        "TY  - JOUR\nAU  - Gillies, Robert J.\nTI  - {title}\nJO  - Radiology\nSN  - 0033-8419\n"
        "PY  - 2016\nSP  - {start}\nEP  - 577\nDO  - 10.1148/radiol.2015151169\nER  - \n"
    )
    (tmp_path / "a.ris").write_text(record.format(title=TITLE, start=563), encoding="utf-8")
    (tmp_path / "b.ris").write_text(
        record.format(title="Radiomics: images are more than pictures", start=564),
        encoding="utf-8",
    )
    report = build([tmp_path / "a.ris", tmp_path / "b.ris"], validate="full")
    assert report.conforms, report.validation.get("text")
    store = oxigraph(report.dataset)
    (article,) = _rows(store, f"SELECT DISTINCT ?a {{ ?a a <{FABIO.JournalArticle}> }}")
    article = article[0]
    titles = _rows(store, f"SELECT ?t {{ <{article}> <{DCTERMS.title}> ?t }}")
    alternatives = _rows(store, f"SELECT ?t {{ <{article}> <{DCTERMS.alternative}> ?t }}")
    assert len(titles) == 1 and len(alternatives) == 1
    assert {titles[0][0], alternatives[0][0]} == {TITLE, "Radiomics: images are more than pictures"}


def test_namesakes_stay_apart_with_a_candidate_link_in_the_identity_graph() -> None:
    report = build([DATA / "wang-wei-namesakes.nbib"], validate="full")
    assert report.conforms, report.validation.get("text")
    assert report.identity["people_merged"] == 0
    assert report.identity["candidates"] == 1
    store = oxigraph(report.dataset)
    graph = ox.NamedNode(identity_graph_iri())
    (candidate,) = [
        q.subject
        for q in store.quads_for_pattern(None, ox.NamedNode(RDF.type), None, graph)
        if q.object.value == str(RADKG.IdentityCandidate)
    ]
    people = [
        q.object.value
        for q in store.quads_for_pattern(candidate, None, None, graph)
        if q.predicate.value == str(RADKG.candidate)
    ]
    assert len(people) == 2
    (score,) = store.quads_for_pattern(candidate, ox.NamedNode(RADKG.identityScore), None, graph)
    assert score.object.value == "0.5"
    evidence = {
        q.object.value
        for q in store.quads_for_pattern(candidate, ox.NamedNode(RADKG.identityEvidence), None)
    }
    assert "name-full" in evidence and "institution" not in evidence


def test_cli_authors_lists_people_and_the_open_cases(tmp_path: Path) -> None:
    runner = CliRunner()
    source = str(DATA / "wang-wei-namesakes.nbib")
    result = runner.invoke(main, ["authors", source, "--ambiguous", "--format", "json"])
    assert result.exit_code == 0, result.output
    (case,) = json.loads(result.output)
    assert case["names_a"] == ["Wang W", "Wang, Wei"] and case["score"] == 0.5
    assert case["evidence"][0] == "name-full"
    result = runner.invoke(main, ["authors", source, "--format", "csv"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "person,articles,names"
    assert sum("Wang, Wei" in line for line in lines) == 2
    out = tmp_path / "people.txt"
    result = runner.invoke(main, ["authors", "-o", str(out)])  # the bundled data, as a table
    assert result.exit_code == 0 and "周卫平" in out.read_text(encoding="utf-8")


def test_shapes_reject_a_candidate_link_with_one_person() -> None:
    from kg.pipeline import _validate

    report = build([DATA / "wang-wei-namesakes.nbib"], validate="none")
    store = oxigraph(report.dataset)
    member = next(iter(store.quads_for_pattern(None, ox.NamedNode(RADKG.candidate), None)))
    store.remove(member)
    result = _validate(report.dataset, report, "full")
    assert result["conforms"] is False
    assert "exactly two people" in result["text"]
