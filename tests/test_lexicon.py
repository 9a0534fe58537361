"""The lexicon (data/lexicon/*.tsv): integrity, coverage, bad files rejected with file:line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.extract.lexicon import COLUMNS, CONCEPT_TYPES, load_lexicon, read_lexicon

HEADER = "\t".join(COLUMNS) + "\n"


@pytest.fixture(scope="module")
def concepts():
    return read_lexicon()


def test_lexicon_is_broad_and_every_row_is_well_formed(concepts) -> None:
    assert len(concepts) >= 400
    by_type = {t: sum(c.type == t for c in concepts.values()) for t in CONCEPT_TYPES}
    assert all(n >= 10 for n in by_type.values()), by_type
    for c in concepts.values():
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", c.id)
        assert c.type in CONCEPT_TYPES and c.label_en and c.label_zh
        assert c.broader is None or c.broader in concepts
        if c.mesh is not None:
            assert re.fullmatch(r"D\d{6}(?:\d{3})?", c.mesh) and c.mesh_source, c.id


def test_ids_are_unique_across_files() -> None:
    ids = []
    for path in sorted(Path(read_lexicon.__globals__["data_path"]("lexicon")).glob("*.tsv")):
        ids += [
            line.split("\t", 1)[0]
            for line in path.read_text(encoding="utf-8").splitlines()[1:]
            if line
        ]
    assert len(ids) == len(set(ids))


def test_broader_chains_have_no_cycle_and_reach_the_issue_examples(concepts) -> None:
    lex = load_lexicon()
    for cid in concepts:
        chain = [c.id for c in lex.ancestors(cid)]
        assert cid not in chain and len(chain) == len(set(chain))
    assert [c.id for c in lex.ancestors("resnet50")][:4] == [
        "resnet",
        "cnn",
        "neural-network",
        "deep-learning",
    ]
    assert [c.id for c in lex.ancestors("dki")] == ["diffusion-mri", "mri", "imaging"]
    assert "tace" in [c.id for c in lex.ancestors("b-tace")]


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("a\tmethod\tA\t甲\t\t\t\t\t\t\na\tmethod\tB\t乙\t\t\t\t\t\t\n", "duplicate id"),
        ("a\tmethod\tA\t甲\t\t\t\tmissing\t\t\n", "does not exist"),
        ("a\tmethod\tA\t甲\t\t\t\tb\t\t\nb\tmethod\tB\t乙\t\t\t\ta\t\t\n", "cycle"),
        ("a\tgadget\tA\t甲\t\t\t\t\t\t\n", "unknown type"),
        ("a\tmethod\tA\t甲\t\t\t\t\tD12345\tsomewhere\n", "D######"),
        ("a\tmethod\tA\t甲\t\t\t\t\tD123456\t\n", "public source"),
        ("A B\tmethod\tA\t甲\t\t\t\t\t\t\n", "kebab-case"),
        ("a\tmethod\tA\t\t\t\t\t\t\t\n", "label_zh"),
        ("a\tmethod\tA\n", "columns"),
    ],
    ids=[
        "duplicate",
        "missing-broader",
        "cycle",
        "bad-type",
        "bad-mesh",
        "mesh-without-source",
        "bad-id",
        "no-zh-label",
        "short-row",
    ],
)
def test_bad_lexicon_is_rejected_with_file_and_line(tmp_path: Path, row: str, reason: str) -> None:
    (tmp_path / "x.tsv").write_text(HEADER + row, encoding="utf-8")
    with pytest.raises(InputError, match=reason) as err:
        read_lexicon(tmp_path)
    assert err.value.path.endswith("x.tsv") and err.value.line >= 2


def test_matching_rules_boundaries_case_and_short_forms() -> None:
    lex = load_lexicon()
    found = {
        (m[2], m[3]) for m in lex.matches("CT, ct scan, CTA, ACT, RF, 肺, 肺癌, ResNet50s, AD")
    }
    assert ("ct", "CT") in found and ("ct-angiography", "CTA") in found
    assert not any(surface in {"ACT", "肺", "ResNet50s"} for _, surface in found)
    # two-letter and shared abbreviations only resolve through an in-text definition
    assert ("random-forest", "RF") not in found and all(
        cid is None for cid, s in found if s in {"RF", "AD"}
    )
    assert ("lung-cancer", "肺癌") in found
