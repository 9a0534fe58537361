"""Author identity: name forms across scripts, and evidence-based merging in a built graph."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kg.identity as identity
from kg.identity import Evidence, identity_score, name_match, resolve_people
from kg.merge import Records
from kg.records import Article, Author, Journal, Page
from kg.store import open_store, oxigraph, rename_node, rename_nodes, replace_source


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("周卫平", "Zhou Weiping", "full"),
        ("周卫平", "Weiping Zhou", "full"),
        ("周卫平", "Zhou Wei-ping", "full"),
        ("周卫平", "Zhou WP", "initials"),
        ("周卫平", "Zhou W", "initials"),
        ("周伟", "Zhou WP", None),
        ("周卫平", "Zhou Wei", None),
        ("欧阳明", "Ouyang Ming", "full"),
        ("曾乐", "Zeng Le", "full"),
        ("吕军", "Lyu Jun", "full"),
        ("王伟", "李伟", None),
    ],
)
def test_name_match_across_scripts(a: str, b: str, expected: str | None) -> None:
    assert name_match(a, b) == expected
    assert name_match(b, a) == expected


def test_name_alone_never_merges() -> None:
    score, reasons = identity_score(Evidence(frozenset({"王伟"})), Evidence(frozenset({"王伟"})))
    assert score < 1.0 and reasons == ("name-full",)


_BASE = "https://w3id.org/radkg/id/"
_TRIG = """
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix radkg: <https://w3id.org/radkg/ontology#> .
@prefix id: <https://w3id.org/radkg/id/> .
id:graph-a {
  id:a1 dcterms:creator id:zwp1 , id:lx1 .
  id:zwp1 a foaf:Person ; foaf:name "周卫平" .
  id:lx1 a foaf:Person ; foaf:name "刘晓" .
  id:a3 dcterms:creator id:ww1 .
  id:ww1 a foaf:Person ; foaf:name "王伟" .
  id:as3 prov:agent id:ww1 ; radkg:affiliation id:org1 .
}
id:graph-b {
  id:a2 dcterms:creator id:zwp2 , id:lx2 .
  id:zwp2 a foaf:Person ; foaf:name "Zhou Weiping" .
  id:lx2 a foaf:Person ; foaf:name "Liu Xiao" .
  id:a4 dcterms:creator id:ww2 .
  id:ww2 a foaf:Person ; foaf:name "王伟" .
  id:as4 prov:agent id:ww2 ; radkg:affiliation id:org2 .
}
"""


def test_resolve_people_merges_on_evidence_and_keeps_namesakes_apart() -> None:
    ds = open_store()
    store = oxigraph(ds)
    store.load(_TRIG.encode(), format=ox.RdfFormat.TRIG)
    report = resolve_people(ds)
    # 周卫平 and Zhou Weiping share a co-author (刘晓 / Liu Xiao): one person, named both ways.
    assert report.merged[_BASE + "zwp2"] == _BASE + "zwp1"
    names = {
        q.object.value for q in store.quads_for_pattern(ox.NamedNode(_BASE + "zwp1"), None, None)
    }
    assert {"周卫平", "Zhou Weiping"} <= names
    assert not list(store.quads_for_pattern(ox.NamedNode(_BASE + "zwp2"), None, None))
    # Two 王伟 at different institutions with no shared co-author stay two, as a scored candidate.
    assert _BASE + "ww2" not in report.merged and _BASE + "ww1" not in report.merged
    pairs = {(a, b) for a, b, _, _ in report.candidates}
    assert (_BASE + "ww1", _BASE + "ww2") in pairs


# ---------------------------------------------------------------------------
# Identity at scale: evidence read on demand, renames in one call (issue 8)

_NAMES = ["Wang, Wei", "Wang W", "王伟", "Li, Fang", "Li F", "李芳", "Zhou, Weiping", "周卫平"]
_PLACES = ["Hospital A", "Hospital B", "Hospital C"]
_ISSNS = ["0033-8419", "0938-7994", "1005-1201"]
_TOPICS = ["radiomics", "CT", "MRI", "nodule"]


def test_syllable_table_is_what_pypinyin_knows() -> None:
    assert identity._syllables() == identity._pypinyin_syllables()


def _reference_decide(names, blocks, score, evidence_of):  # type: ignore[no-untyped-def]
    """The decision rule on complete evidence: every pair of every block scored."""
    report = identity.IdentityReport(people=len(names))
    scored = {}
    parent = identity.UnionFind()
    for key in sorted(blocks):
        for a, b in sorted(identity._pairs(blocks[key], evidence_of)):
            if (a, b) not in scored:
                scored[(a, b)] = identity_score(evidence_of(a), evidence_of(b))
                if scored[(a, b)][0] >= identity.MERGE_THRESHOLD:
                    parent.union(a, b)
    for person in sorted(parent):
        if parent.find(person) != person:
            report.merged[person] = parent.find(person)
    for (a, b), (value, reasons) in sorted(scored.items()):
        if identity.CANDIDATE_THRESHOLD <= value < 1.0 and parent.find(a) != parent.find(b):
            report.candidates.append((a, b, value, reasons))
    return report


_AUTHOR = st.tuples(st.sampled_from(_NAMES), st.sets(st.sampled_from(_PLACES), max_size=1))
_RECORD = st.tuples(
    st.lists(_AUTHOR, min_size=1, max_size=4, unique_by=lambda a: a[0]),
    st.sampled_from(_ISSNS),
    st.sets(st.sampled_from(_TOPICS), max_size=2),
)


def _records(rows: list[tuple[list[tuple[str, set[str]]], str, set[str]]]) -> Records:
    records = Records()
    for i, (authors, issn, topics) in enumerate(rows):
        article = Article(
            f"Article {i}",
            authors=tuple(name for name, _ in authors),
            author_details=tuple(Author(n, affiliations=tuple(p)) for n, p in authors),
            year=2020,
            journal=Journal(issn=issn),
            keywords=tuple(sorted(topics)),
        )
        records.add(f"s{i}.ris", Page(f"s{i}.ris", articles=(article,)))
    return records


@settings(max_examples=60, deadline=None)
@given(st.lists(_RECORD, min_size=2, max_size=14))
def test_evidence_read_on_demand_decides_as_complete_evidence(rows) -> None:  # type: ignore[no-untyped-def]
    records = _records(rows)
    fast = identity.resolve_records(records, {})
    real = identity._decide
    identity._decide = _reference_decide
    try:
        reference = identity.resolve_records(_records(rows), {})
    finally:
        identity._decide = real
    assert fast.merged == reference.merged
    assert fast.candidates == reference.candidates
    assert fast.people == reference.people


def test_a_prolific_pair_is_merged_after_reading_few_of_its_articles(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # One author in two journals, 200 articles each, always with the same co-author.
    rows = [([("Wang, Wei", set()), ("Li, Fang", set())], _ISSNS[i % 2], set()) for i in range(400)]
    made: list[identity._Gathered] = []
    real = identity._Gathered
    monkeypatch.setattr(identity, "_Gathered", lambda: made.append(real()) or made[-1])
    report = identity.resolve_records(_records(rows), {})
    assert len(report.merged) == 2  # Wang Wei and Li Fang: each one person over both journals
    people = made[0].people.values()
    assert sum(len(p.occurrences) for p in people) == 800
    assert sum(p.read for p in people) <= 8  # a shared co-author is met in the first articles


def test_rename_nodes_moves_what_rename_node_moves_one_by_one() -> None:
    g1, g2 = ox.NamedNode(_BASE + "graph/1"), ox.NamedNode(_BASE + "graph/2")
    n = {x: ox.NamedNode(_BASE + x) for x in ("a", "b", "c", "d", "p", "q")}
    triples = [
        ox.Triple(n["a"], n["p"], n["b"]),  # both ends renamed
        ox.Triple(n["c"], n["p"], n["a"]),
        ox.Triple(n["a"], n["q"], ox.Literal("x")),
        ox.Triple(n["d"], n["q"], n["b"]),
    ]
    renames = {n["a"].value: n["d"].value, n["b"].value: n["c"].value}
    one_by_one, at_once = open_store(), open_store()
    for ds in (one_by_one, at_once):
        replace_source(ds, g1, triples)
        replace_source(ds, g2, triples[1:3])
    for old, new in sorted(renames.items()):
        rename_node(one_by_one, old, new)
    assert rename_nodes(at_once, renames) == 6
    assert set(oxigraph(at_once)) == set(oxigraph(one_by_one))
    assert rename_nodes(at_once, {}) == 0


def test_rename_nodes_follows_chains() -> None:
    ds = open_store()
    a, b, c, p = (ox.NamedNode(_BASE + x) for x in "abcp")
    replace_source(ds, ox.NamedNode(_BASE + "graph/1"), [ox.Triple(a, p, ox.Literal("x"))])
    rename_nodes(ds, {a.value: b.value, b.value: c.value, c.value: c.value})
    assert [q.subject for q in oxigraph(ds)] == [c]
