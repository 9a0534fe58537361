"""The store (named graph per source, replace semantics) and the canonical, atomic writers."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.export import FORMATS, atomic_writer, write_rdf
from kg.store import graph_names, open_store, remove_source, replace_source, triple_count

EX = "https://example.org/"
G1, G2 = ox.NamedNode(EX + "graph/1"), ox.NamedNode(EX + "graph/2")


def _t(s: str, o: str) -> ox.Triple:
    return ox.Triple(ox.NamedNode(EX + s), ox.NamedNode(EX + "p"), ox.Literal(o, language="zh"))


@pytest.fixture(params=["oxigraph", "memory"])
def backend(request) -> str:
    return request.param


def test_replace_source_replaces_exactly_its_graph(backend: str) -> None:
    ds = open_store(backend=backend)
    replace_source(ds, G1, [_t("a", "甲"), _t("b", "乙")])
    replace_source(ds, G2, [_t("c", "丙")])
    replace_source(ds, G1, [_t("a", "丁")])
    assert graph_names(ds) == [G1.value, G2.value]
    assert triple_count(ds) == 2
    assert sorted(str(o) for o in ds.objects()) == ["丁", "丙"]
    assert remove_source(ds, G2) and not remove_source(ds, G2)
    assert triple_count(ds) == 1


def test_on_disk_store_persists(tmp_path: Path) -> None:
    ds = open_store(tmp_path / "store")
    replace_source(ds, G1, [_t("a", "甲")])
    ds.close()
    again = open_store(tmp_path / "store")
    assert triple_count(again) == 1


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_writers_are_canonical_across_backends_and_load_order(tmp_path: Path, fmt: str) -> None:
    triples = [_t(s, o) for s, o in [("b", "乙"), ("a", "甲"), ("c", "丙"), ("a", "丁")]]
    outputs = []
    for i, (backend, reverse) in enumerate(
        [("oxigraph", False), ("oxigraph", True), ("memory", False)]
    ):
        ds = open_store(backend=backend)
        loads = [(G1, triples[:2]), (G2, triples[2:] + triples[:1])]  # one triple in both graphs
        for graph, items in reversed(loads) if reverse else loads:
            replace_source(ds, graph, items[::-1] if reverse else items)
        outputs.append(write_rdf(ds, tmp_path / f"{i}{FORMATS[fmt].filename}", fmt).read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]
    parsed = list(ox.parse(outputs[0], format=FORMATS[fmt].format))
    assert len(parsed) == (5 if FORMATS[fmt].is_dataset else 4)


def test_atomic_writer_keeps_old_content_on_error(tmp_path: Path) -> None:
    target = tmp_path / "radkg.ttl"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_writer(target) as handle:
        handle.write(b"half of the new")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [target]
