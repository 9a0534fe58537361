"""kg.build end to end: counts on the seed, determinism, bad sources, incremental stores, kills mid-write."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.export import FORMATS
from kg.pipeline import build, source_key
from kg.readers import read_toc

ALL_FORMATS = tuple(sorted(FORMATS))


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("seed-build")
    return build(out=out, formats=ALL_FORMATS), out


def _count(report, query: str) -> int:
    from kg.store import oxigraph

    rows = list(oxigraph(report.dataset).query(query, use_default_graph_as_union=True))
    return int(rows[0][0].value)


def test_seed_build_conforms_and_counts_match_the_page(seed_build, seed_path: Path) -> None:
    report, out = seed_build
    page = read_toc(seed_path)
    authors = {name for a in page.articles for name in a.authors}
    keywords = {k for a in page.articles for k in a.keywords}
    assert report.conforms is True and report.validation["mode"] == "full"
    assert report.articles == len(page.articles) == 9
    assert report.counts["fabio:JournalArticle"] == 9
    assert report.counts["radkg:Authorship"] == sum(len(a.authors) for a in page.articles) == 35
    assert report.counts["fabio:Journal"] == 1
    prefix = "PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX radkg: <https://w3id.org/radkg/ontology#> "
    assert _count(
        report, prefix + "SELECT (COUNT(DISTINCT ?p) AS ?n) { ?a dcterms:creator ?p }"
    ) == len(authors)
    assert _count(
        report, prefix + "SELECT (COUNT(DISTINCT ?k) AS ?n) { ?a dcterms:subject ?k }"
    ) == len(keywords)
    assert (
        _count(report, prefix + "SELECT (COUNT(*) AS ?n) { ?a radkg:authorListTruncated true }")
        == 8
    )


def test_author_order_is_queryable(seed_build) -> None:
    report, _ = seed_build
    from kg.store import oxigraph

    query = """
        PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX radkg: <https://w3id.org/radkg/ontology#>
        PREFIX foaf: <http://xmlns.com/foaf/0.1/> PREFIX prism: <http://prismstandard.org/namespaces/basic/2.0/>
        SELECT ?name WHERE { ?a prism:startingPage 238 ; prov:qualifiedAttribution ?s .
                             ?s radkg:authorPosition ?pos ; prov:agent ?p . ?p foaf:name ?name } ORDER BY ?pos"""
    names = [
        row["name"].value
        for row in oxigraph(report.dataset).query(query, use_default_graph_as_union=True)
    ]
    assert names == ["马凤华", "强金伟", "胡凌"]


def test_every_format_is_written_and_parses_offline(seed_build) -> None:
    report, out = seed_build
    for key, spec in FORMATS.items():
        data = (out / spec.filename).read_bytes()
        parsed = list(ox.parse(data, format=spec.format))
        assert len(parsed) >= 500, key
    document = json.loads((out / "radkg.jsonld").read_text())
    assert isinstance(document["@context"], dict)  # inline, never a URL to fetch
    assert document["@context"]["radkg"] == "https://w3id.org/radkg/ontology#"
    assert json.loads((out / "build-report.json").read_text())["articles"] == 9


def test_rebuild_is_byte_identical_whatever_the_jobs(
    tmp_path: Path, seed_path: Path, test_data: Path
) -> None:
    sources = [seed_path, test_data / "toc" / "radiologic-practice-variant.txt"]
    first, second, third = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    build(sources, out=first, formats=ALL_FORMATS)
    build(sources, out=second, formats=ALL_FORMATS)
    build(sources[::-1], out=third, formats=ALL_FORMATS, jobs=2)
    for spec in FORMATS.values():
        a, b, c = ((d / spec.filename).read_bytes() for d in (first, second, third))
        assert a == b == c, spec.filename
    assert (first / "build-report.json").read_bytes() == (second / "build-report.json").read_bytes()


def test_memory_backend_gives_the_same_graph(tmp_path: Path) -> None:
    build(out=tmp_path / "ox", formats=("nq",))
    build(out=tmp_path / "mem", formats=("nq",), backend="memory")
    assert (tmp_path / "ox" / "radkg.nq").read_bytes() == (
        tmp_path / "mem" / "radkg.nq"
    ).read_bytes()


def test_bad_sources_are_reported_and_the_rest_is_built(tmp_path: Path, seed_path: Path) -> None:
    empty, binary = tmp_path / "empty.txt", tmp_path / "binary.txt"
    empty.write_bytes(b"")
    binary.write_bytes(b"\x00\x01\x02PNG")
    report = build([empty, seed_path, binary], out=tmp_path / "out")
    assert report.articles == 9 and report.conforms
    assert report.has_skipped_input
    assert sorted(d.message.split(" ")[0] for d in report.diagnostics) == ["file", "file"]
    assert {d.path for d in report.diagnostics} == {source_key(empty), source_key(binary)}


def test_store_is_incremental_and_idempotent(tmp_path: Path, seed_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(seed_path.read_text(encoding="utf-8"), encoding="utf-8")
    store = tmp_path / "store"
    first = build([page], store=store, validate="none")
    first.dataset.close()
    again = build([page], store=store, validate="none")
    assert again.triples == first.triples
    again.dataset.close()
    # The page loses its last article: re-building replaces exactly that source's triples.
    text = page.read_text(encoding="utf-8")
    page.write_text(text[: text.index("    基于术前CT影像的肺结节")], encoding="utf-8")
    smaller = build([page], store=store, validate="none")
    assert smaller.articles == 8 and 0 < smaller.triples < first.triples
    assert smaller.counts["fabio:JournalArticle"] == 8


def test_build_writes_only_inside_its_output_directory(
    tmp_path: Path, seed_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "keep.txt").write_text("x")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    build([seed_path], out=tmp_path / "out", formats=ALL_FORMATS)
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    new = [p for p in after if p not in before]
    assert new and all(p.parts[0] == "out" for p in new)
    assert not any(p.name.startswith(".") for p in (tmp_path / "out").iterdir())


_KILLER = """
import os, signal, sys
import kg.export as export
real = export.atomic_writer
calls = []
def dying_writer(path):
    calls.append(path)
    if len(calls) == {when}:
        class Handle:
            def write(self, data):
                os.kill(os.getpid(), signal.SIGKILL)
        from contextlib import contextmanager
        @contextmanager
        def cm():
            with real(path) as handle:
                handle.write(b"half-written")
                yield Handle()
        return cm()
    return real(path)
export.atomic_writer = dying_writer
import kg.pipeline as pipeline
pipeline.atomic_writer = dying_writer
pipeline.build(out=sys.argv[1], formats=("ttl", "nq", "jsonld"))
"""


@pytest.mark.parametrize("when", [1, 2, 4], ids=["first-file", "second-file", "report"])
def test_killed_build_leaves_previous_output_intact(tmp_path: Path, when: int) -> None:
    out = tmp_path / "out"
    build(out=out, formats=("ttl", "nq", "jsonld"))
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    # Make the previous output differ from what the new build would write.
    (out / "radkg.ttl").write_bytes(before["radkg.ttl"] + b"# previous\n")
    before["radkg.ttl"] += b"# previous\n"
    script = textwrap.dedent(_KILLER).replace("{when}", str(when))
    done = subprocess.run(
        [sys.executable, "-c", script, str(out)], capture_output=True, env=os.environ.copy()
    )
    assert done.returncode == -9, done.stderr.decode()
    after = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}
    assert after == before
    # The next build clears the staging folder the killed one left behind.
    build(out=out, formats=("ttl",))
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_pages_with_hostile_and_missing_fields_still_conform(
    tmp_path: Path, test_data: Path
) -> None:
    pages = sorted((test_data / "toc").glob("*.txt"))
    report = build(pages, validate="full")
    assert report.conforms is True, report.validation["text"]
    assert report.articles == 7 and report.has_skipped_input  # the variant's diagnostics are kept
    titles = [str(o) for o in report.dataset.objects(predicate=None) if "<script>" in str(o)]
    assert titles == [
        "<script>alert(1)</script>胰腺炎的CT表现"
    ]  # stored as a literal, never as markup


def test_sampled_validation_sees_the_whole_neighbourhood(seed_path: Path, test_data: Path) -> None:
    """Regression: a one-hop sample lacked the types of the journal's publisher and editor."""
    report = build([seed_path, *sorted((test_data / "toc").glob("*.txt"))], validate="sample")
    assert report.validation["mode"] == "sample"
    assert report.validation["articles_checked"] == report.articles == 16
    assert report.conforms is True, report.validation["text"]
