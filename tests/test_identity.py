"""Author identity: name forms across scripts, and evidence-based merging in a built graph."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.identity import Evidence, identity_score, name_match, resolve_people
from kg.store import open_store, oxigraph


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
