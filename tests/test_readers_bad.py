"""Bad input for every export reader: a broken record is reported with file and line; the rest read.

The files in ``tests/data/exports/bad/`` each hold three records of one
format, the middle one malformed the way that format breaks in practice (a
missing end tag, an unclosed BibTeX brace, a MEDLINE line that is neither a
field nor an indented continuation, a record without title, a tab-delimited
row cut short by a line break); mixed encodings and byte-order marks are
made here from the same records; the property tests feed arbitrary bytes to
every reader.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.readers import READERS, read, sniff_format

BAD = Path(__file__).parent / "data" / "exports" / "bad"

FIRST_EN = "Radiomics: Images Are More than Pictures, They Are Data"
LAST_EN = "Computational Radiomics System to Decode the Radiographic Phenotype"
FIRST_ZH = "基于扩散峰度成像多参数回归模型预测乳腺癌的复发风险"
LAST_ZH = "术前CT图像影像组学预测胃癌淋巴结转移"


@pytest.mark.parametrize(
    ("name", "fmt", "titles", "line", "message"),
    [
        ("middle.ris", "ris", 3, 7, "record has no end tag 'ER'; it ends where the next record"),
        ("middle.ris", "ris", 3, 11, "unknown RIS tag 'QQ' (1 field); ignored"),
        ("middle.bib", "bibtex", 2, 7, "broken BibTeX entry, skipped"),
        ("middle.nbib", "medline", 3, 8, "1 line in the record starting at line 6 is neither"),
        ("middle.nbib", "medline", 3, 9, "unknown MEDLINE tag 'XYZW' (1 field); ignored"),
        ("middle-refworks.txt", "refworks", 2, 7, "record has no title; skipped"),
        ("middle-refworks.txt", "refworks", 2, 9, "unknown RefWorks tag 'ZZ' (1 field); ignored"),
        ("middle-endnote.txt", "endnote", 2, 7, "record has no title; skipped"),
        (
            "middle-wos.txt",
            "wos",
            3,
            9,
            "record has no end tag 'ER'; it ends where the next record",
        ),
        ("middle-wos-tab.txt", "wos-tab", 3, 3, "row has 3 fields, the header 5; the missing"),
    ],
)
def test_a_broken_record_in_the_middle_is_reported_and_its_neighbours_read(
    name: str, fmt: str, titles: int, line: int, message: str
) -> None:
    path = BAD / name
    assert sniff_format(path) == fmt
    page = read(path, name=f"exports/{name}")
    reported = [str(d) for d in page.diagnostics]
    assert any(r.startswith(f"exports/{name}:{line}: {message}") for r in reported), reported
    first, last = (FIRST_ZH, LAST_ZH) if fmt in ("refworks", "endnote") else (FIRST_EN, LAST_EN)
    assert len(page.articles) == titles
    assert page.articles[0].title.rstrip(".") == first
    assert page.articles[-1].title.rstrip(".") == last
    assert page.articles[0].line < line < page.articles[-1].line


def test_the_medline_line_outside_any_field_stays_out_of_the_title() -> None:
    page = read(BAD / "middle.nbib")
    middle = page.articles[1]
    assert middle.title == "A record with a line that is neither a tag nor a continuation"
    assert middle.year == 2017


def test_unknown_bibtex_fields_are_ignored_quietly() -> None:
    page = read(BAD / "middle.bib")
    assert [d.line for d in page.diagnostics] == [7]  # 'shoesize' is no problem: BibTeX allows it
    assert page.articles[-1].journal is not None
    assert page.articles[-1].journal.title == "Cancer Research"


# ---------------------------------------------------------------------------
# Encodings: a GB18030 record inside a UTF-8 file, byte-order marks

_RECORDS = {
    "ris": (
        "TY  - JOUR\nAU  - 周卫平\nTI  - {title}\nPY  - 2024\nER  - \n",
        ".ris",
    ),
    "medline": ("PMID- {n}\nTI  - {title}\nFAU - 周卫平\nDP  - 2024\n", ".nbib"),
    "refworks": ("RT Journal Article\nA1 周卫平\nT1 {title}\nYR 2024\n", ".txt"),
    "endnote": ("%0 Journal Article\n%A 周卫平\n%T {title}\n%D 2024\n", ".txt"),
    "wos": ("PT J\nAU 周卫平\nTI {title}\nPY 2024\nER\n", ".txt"),
    "bibtex": ("@article{{k{n},\n  author = {{周卫平}},\n  title = {{{title}}},\n}}\n", ".bib"),
}
_TITLES = ("乳腺癌的复发风险", "胃癌淋巴结转移", "肺结节的CT表现")


def _record(fmt: str, n: int) -> str:
    return _RECORDS[fmt][0].format(n=n + 1, title=_TITLES[n])


@pytest.mark.parametrize("fmt", sorted(_RECORDS))
def test_a_gb18030_record_in_a_utf8_file_is_read_and_reported(fmt: str, tmp_path: Path) -> None:
    first, middle, last = (_record(fmt, n) + "\n" for n in range(3))
    path = tmp_path / f"mixed{_RECORDS[fmt][1]}"
    path.write_bytes(first.encode() + middle.encode("gb18030") + last.encode())
    page = read(path, format=fmt)
    assert [a.title for a in page.articles] == list(_TITLES)
    assert all(a.authors == ("周卫平",) for a in page.articles)
    mixed = [d for d in page.diagnostics if "mixes encodings" in d.message]
    assert len(mixed) == 1 and mixed[0].path == str(path)
    assert mixed[0].line == first.count("\n") + 2  # the GB18030 record's first Chinese line


@pytest.mark.parametrize("fmt", sorted(_RECORDS))
@pytest.mark.parametrize(("bom", "codec"), [(b"\xef\xbb\xbf", "utf-8"), (b"", "utf-16")])
def test_a_byte_order_mark_is_read_and_sniffed(
    fmt: str, bom: bytes, codec: str, tmp_path: Path
) -> None:
    text = "\n".join(_record(fmt, n) for n in range(3))
    path = tmp_path / f"bom{_RECORDS[fmt][1]}"
    path.write_bytes(bom + text.encode(codec))  # Python's utf-16 writes its own BOM
    assert sniff_format(path) == fmt
    page = read(path)
    assert [a.title for a in page.articles] == list(_TITLES)
    assert page.articles[0].line == 1
    assert page.diagnostics == ()


def test_a_file_in_neither_encoding_is_read_with_replacements_and_reported(
    tmp_path: Path,
) -> None:
    path = tmp_path / "latin1.ris"
    path.write_bytes(
        b"TY  - JOUR\nTI  - Ok\nER  - \n"
        + b"TY  - JOUR\nTI  - Caf\xe9 \xff\xfe\xfd\nER  - \n"
        + "TY  - JOUR\nTI  - 肺结节\nER  - \n".encode()
    )
    page = read(path)
    assert [a.title for a in page.articles][::2] == ["Ok", "肺结节"]
    assert "\ufffd" in page.articles[1].title
    assert any(d.line == 5 and "neither UTF-8 nor GB18030" in d.message for d in page.diagnostics)


# ---------------------------------------------------------------------------
# Property tests: any bytes, any reader


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.one_of(
        st.binary(max_size=400),
        st.text(max_size=300).map(lambda t: t.encode("utf-8")),
        st.text(max_size=200).map(lambda t: t.encode("gb18030", errors="replace")),
    ),
    fmt=st.sampled_from(sorted(set(READERS) - {"toc"})),
)
def test_any_bytes_give_a_page_with_titled_records(data: bytes, fmt: str, tmp_path: Path) -> None:
    path = tmp_path / "any.txt"
    path.write_bytes(data)
    page = read(path, format=fmt, name="shown.txt")
    assert page.path == "shown.txt"
    for article in page.articles:
        assert article.title.strip()
        assert article.line is None or article.line >= 1
    for d in page.diagnostics:
        assert d.path == "shown.txt"
        assert d.line is None or d.line >= 1


_FIELD_LINE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"),
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(
    middle=st.lists(_FIELD_LINE, max_size=8),
    fmt=st.sampled_from(["ris", "medline", "refworks", "endnote", "wos"]),
)
def test_any_middle_record_leaves_its_neighbours_intact(middle: list[str], fmt: str) -> None:
    from kg.readers import bibliographic  # noqa: F401  (the parsers below share its framer)
    from kg.readers.cnki import parse_endnote, parse_refworks
    from kg.readers.medline import parse_medline
    from kg.readers.ris import parse_ris
    from kg.readers.wos import parse_wos

    parse = {
        "ris": parse_ris,
        "medline": parse_medline,
        "refworks": parse_refworks,
        "endnote": parse_endnote,
        "wos": parse_wos,
    }[fmt]
    start = {
        "ris": "TY  - JOUR",
        "medline": "PMID- 2",
        "refworks": "RT Journal Article",
        "endnote": "%0 Journal Article",
        "wos": "PT J",
    }[fmt]
    head, tail = _record(fmt, 0), _record(fmt, 2)
    text = head + "\n" + "\n".join([start, *middle]) + "\n\n" + tail
    page = parse(text, path="p")
    titles = [a.title for a in page.articles]
    assert titles[0] == _TITLES[0] and titles[-1] == _TITLES[2]


# ---------------------------------------------------------------------------
# A 50 MB export: memory stays bounded


_MEMORY_PROBE = textwrap.dedent(
    """
    import resource, sys
    from kg.readers import read
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    page = read(sys.argv[1])
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(len(page.articles), len(page.diagnostics), before, after)
    """
)


def write_large_ris(path: Path, megabytes: int) -> int:
    """Write an RIS export of about ``megabytes`` MB (1.5 KB records, every 1,000th broken)."""
    abstract = " ".join(["Radiomics extracts quantitative features from medical images."] * 20)
    records = 0
    with path.open("w", encoding="utf-8") as handle:
        while handle.tell() < megabytes * 1_000_000:
            end = "" if records % 1000 == 999 else "ER  - \n"  # a missing end tag now and then
            handle.write(
                f"TY  - JOUR\nAU  - Wang, Wei\nAU  - Li, Fang\nTI  - Radiomics record {records}\n"
                f"JO  - Radiology\nSN  - 0033-8419\nPY  - {2000 + records % 25}\n"
                f"SP  - {records % 900 + 1}\n"
                f"DO  - 10.1000/large.{records}\nKW  - radiomics\nAB  - {abstract}\n{end}\n"
            )
            records += 1
    return records


@pytest.mark.slow
def test_a_50_mb_export_is_read_with_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "large.ris"
    records = write_large_ris(path, 50)
    size_kb = path.stat().st_size // 1024
    done = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE, str(path)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    articles, diagnostics, before_kb, after_kb = map(int, done.stdout.split())
    print(f"{records} records, {size_kb} KB file, peak RSS grew by {after_kb - before_kb} KB")
    assert articles == records and diagnostics == records // 1000
    # The reader holds the file's bytes, its text, its lines and fields, and every article with
    # its abstract at once: a few times the file (measured 5.4x for 49 MB, 35k records); 8x
    # leaves room for allocator slack, never for a copy per record or a quadratic join.
    assert after_kb - before_kb < 8 * size_kb, (after_kb - before_kb, size_kb)
