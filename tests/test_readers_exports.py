"""Readers of bibliographic exports: real-format files, hostile input, sniffing, property tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kg
from kg.readers import READERS, read, sniff_format, sniff_text
from kg.readers.bibliographic import decode_export
from kg.readers.bibtex import parse_bibtex
from kg.readers.cnki import parse_endnote, parse_refworks
from kg.readers.medline import parse_medline
from kg.readers.ris import parse_ris
from kg.readers.wos import parse_wos, parse_wos_tab
from kg.records import as_dict

EXPORTS = Path(__file__).parent / "data" / "exports"

GILLIES = {
    "title": "Radiomics: Images Are More than Pictures, They Are Data",
    "year": 2016,
    "volume": "278",
    "number": "2",
    "page_start": 563,
    "page_end": 577,
    "doi": "10.1148/radiol.2015151169",
    "issn": "0033-8419",
    "family": ["Gillies", "Kinahan", "Hricak"],
}


@pytest.mark.parametrize(
    ("name", "fmt", "pmid"),
    [
        ("gillies-2016.nbib", "medline", "26579733"),
        ("gillies-2016.ris", "ris", "26579733"),
        ("gillies-2016-wos.txt", "wos", "26579733"),
        ("gillies-2016-wos-tab.txt", "wos-tab", "26579733"),
        ("radiomics.bib", "bibtex", "26579733"),
    ],
)
def test_the_same_article_in_every_english_format(name: str, fmt: str, pmid: str) -> None:
    path = EXPORTS / name
    assert sniff_format(path) == fmt
    page = read(path)
    assert page.diagnostics == ()
    a = page.articles[0]
    assert a.title == GILLIES["title"]
    assert (a.year, a.volume, a.number) == (GILLIES["year"], GILLIES["volume"], GILLIES["number"])
    assert (a.page_start, a.page_end) == (GILLIES["page_start"], GILLIES["page_end"])
    assert a.doi == GILLIES["doi"] and a.pmid == pmid
    assert a.journal is not None and a.journal.issn == GILLIES["issn"]
    assert [d.family for d in a.author_details] == GILLIES["family"]
    assert len(a.author_details) == len(a.authors)


def test_medline_keeps_each_authors_short_form_and_affiliation() -> None:
    page = read(EXPORTS / "gillies-2016.nbib")
    gillies, griethuysen = page.articles
    first = gillies.author_details[0]
    assert (first.name, first.short, first.given) == ("Gillies, Robert J", "Gillies RJ", "Robert J")
    assert first.affiliations == (
        "Department of Cancer Imaging, H. Lee Moffitt Cancer Center and Research Institute, "
        "12902 Magnolia Dr, Tampa, FL 33612.",
    )
    assert gillies.pmcid == "PMC4734157" and gillies.journal.eissn == "1527-1315"
    assert gillies.language == "en" and gillies.line == 1
    # An electronic page range stays a label; a lower-cased DOI.
    assert (griethuysen.page_start, griethuysen.page_label) == (None, "e104-e107")
    assert griethuysen.doi == "10.1158/0008-5472.can-17-0339"
    assert griethuysen.author_details[0].family == "van Griethuysen"
    assert griethuysen.line == 35


def test_wos_links_addresses_to_authors() -> None:
    for name in ("gillies-2016-wos.txt", "gillies-2016-wos-tab.txt"):
        a = read(EXPORTS / name).articles[0]
        kinahan = a.author_details[1]
        assert kinahan.short == "Kinahan, PE"
        assert kinahan.affiliations[0].startswith("Univ Washington, Dept Radiol")
        assert a.article_type == "review"


@pytest.mark.parametrize(
    "name", ["cjr-2024-03-refworks.txt", "cjr-2024-03-endnote.txt", "cjr-2024-03.ris"]
)
def test_cnki_exports_give_the_seed_articles(name: str) -> None:
    """CNKI's exports of 中华放射学杂志 2024(3) agree with the TOC page on every shared field."""
    seed = {a.title: a for a in kg.read_toc(kg.data.seed_pages()[0]).articles}
    page = read(EXPORTS / name)
    assert page.diagnostics == ()
    assert page.articles
    for a in page.articles:
        toc = seed[a.title]
        assert a.authors == toc.authors
        assert a.keywords == toc.keywords
        assert (a.page_start, a.page_end) == (toc.page_start, toc.page_end)
        assert (a.year, a.volume) == (2024, "58")
        assert a.journal.title == "中华放射学杂志" and a.journal.issn == "1005-1201"
        if a.abstract_zh:
            assert a.abstract_zh == toc.abstract_zh
    if name != "cjr-2024-03.ris":
        assert all(a.authors_truncated for a in page.articles)  # the lists end in 等
        assert len(page.articles) == 3


def test_endnote_export_is_gb18030_with_crlf() -> None:
    data = (EXPORTS / "cjr-2024-03-endnote.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert b"\r\n" in data
    assert sniff_format(EXPORTS / "cjr-2024-03-endnote.txt") == "endnote"


def test_hostile_ris_reports_each_problem_with_its_line() -> None:
    page = read(EXPORTS / "hostile" / "broken.ris")
    messages = {(d.line, d.message.split(";")[0]) for d in page.diagnostics}
    assert (1, "record has no end tag 'ER'") in messages
    assert (5, "unknown RIS tag 'ZZ' (1 field)") in messages
    assert (6, "record has no title") in messages
    assert (10, "1 line outside any record (a record starts with 'TY')") in messages
    assert (11, "invalid ISSN '1234-5678' (bad form or check digit)") in messages
    # The first record is not merged into the second; the third is read though it has no ER.
    assert [a.title[:13] for a in page.articles] == ["Radiomics: Im", "Computational"]
    assert page.articles[0].authors == ("Gillies, Robert J.",)
    assert page.articles[1].journal is None


def test_hostile_bibtex_keeps_the_entries_around_a_broken_one() -> None:
    page = read(EXPORTS / "hostile" / "broken.bib")
    assert [d.line for d in page.diagnostics] == [5, 10]
    assert "broken BibTeX entry" in page.diagnostics[0].message
    assert [a.line for a in page.articles] == [1, 9]


def test_bibtex_duplicate_key_and_truncated_list() -> None:
    text = "@article{k, author={A, B and others}, title={One}}\n@article{k, title={Two}}\n"
    page = parse_bibtex(text, path="d.bib")
    assert [a.title for a in page.articles] == ["One", "Two"]
    assert page.articles[0].authors_truncated
    assert "duplicate entry key 'k'" in page.diagnostics[0].message


def test_mixed_encodings_are_read_line_by_line_and_reported(tmp_path: Path) -> None:
    utf8 = "RT Journal Article\nA1 周卫平;昝星有\nT1 基于扩散峰度成像\n\n".encode()
    gbk = "RT Journal Article\nA1 王丹丹;王海波\nT1 术前CT图像影像组学\n".encode("gb18030")
    path = tmp_path / "mixed.txt"
    path.write_bytes(utf8 + gbk)
    page = read(path)
    assert [a.authors for a in page.articles] == [("周卫平", "昝星有"), ("王丹丹", "王海波")]
    assert page.diagnostics[0].line == 6 and "mixes encodings" in page.diagnostics[0].message


def test_utf16_tab_delimited_wos(tmp_path: Path) -> None:
    text = (EXPORTS / "gillies-2016-wos-tab.txt").read_text(encoding="utf-8")
    path = tmp_path / "savedrecs.txt"
    path.write_bytes(text.encode("utf-16"))
    assert sniff_format(path) == "wos-tab"
    assert read(path).articles[0].doi == GILLIES["doi"]


@pytest.mark.parametrize("fmt", sorted(set(READERS) - {"toc"}))
def test_unreadable_and_empty_files(fmt: str, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert read(empty, format=fmt).diagnostics[0].message == "file is empty"
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x00\x01TY  - JOUR")
    assert "binary" in read(binary, format=fmt).diagnostics[0].message
    assert "cannot read" in read(tmp_path / "missing", format=fmt).diagnostics[0].message


def test_parse_json_keeps_its_keys_and_adds_the_new_ones() -> None:
    from click.testing import CliRunner

    from kg.cli import main

    result = CliRunner().invoke(main, ["parse", str(EXPORTS / "gillies-2016.ris"), "--json"])
    assert result.exit_code == 0, result.output
    article = json.loads(result.output)["articles"][0]
    for key in (
        "title",
        "authors",
        "authors_truncated",
        "page_start",
        "page_end",
        "pages_extra",
        "abstract_zh",
        "abstract_en",
        "keywords",
        "article_type",
        "line",
    ):
        assert key in article
    assert article["doi"] == GILLIES["doi"] and article["journal"]["issn"] == "0033-8419"
    assert article["author_details"][0]["family"] == "Gillies"


def test_toc_json_is_unchanged_apart_from_new_keys() -> None:
    page = kg.read_toc(kg.data.seed_pages()[0])
    article = as_dict(page.articles[0])
    assert article["doi"] is None and article["journal"] is None and article["author_details"] == []


def test_sniffing_prefers_the_record_signature() -> None:
    assert sniff_text("FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\n") == "wos"
    assert sniff_text("\n\n%0 Journal Article\n%A 王伟\n") == "endnote"
    assert sniff_text("期刊信息/Journal information\n影像学杂志\n") == "toc"
    assert sniff_format(kg.data.seed_pages()[0]) == "toc"


# --- property tests: every reader survives any text, and reads back what it is given --------------

_PARSERS = [
    parse_ris,
    parse_medline,
    parse_refworks,
    parse_endnote,
    parse_wos,
    parse_wos_tab,
    parse_bibtex,
]
_LINES = st.lists(
    st.one_of(
        st.text(max_size=40),
        st.sampled_from(
            [
                "TY  - JOUR",
                "ER  - ",
                "PMID- 1",
                "RT Journal Article",
                "%0 Journal Article",
                "PT J",
                "ER",
                "@article{k,",
                "}",
                "TI  - x",
                "T1 y",
                "%T z",
                "TI w",
                "   cont",
            ]
        ),
    ),
    max_size=30,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=_LINES, parser=st.sampled_from(_PARSERS))
def test_any_text_gives_a_page_never_an_exception(lines: list[str], parser) -> None:  # type: ignore[no-untyped-def]
    page = parser("\n".join(lines), path="p")
    for a in page.articles:
        assert a.title.strip()
        assert a.line is None or a.line >= 1
    for d in page.diagnostics:
        assert d.line is None or d.line >= 1


_WORD = st.text(
    alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Lo", "Nd"), max_codepoint=0x9FFF),
    min_size=1,
    max_size=12,
)
_TITLE = st.lists(_WORD, min_size=1, max_size=6).map(" ".join)
_LATIN = st.text(
    alphabet=st.characters(whitelist_categories=("Lu", "Ll"), max_codepoint=0x24F),
    min_size=1,
    max_size=10,
)
_NAME = st.tuples(_LATIN, _LATIN).map(
    lambda t: f"{t[0]}, {t[1]}"
)  # "Family, Given", as exports write it


@settings(max_examples=60, deadline=None)
@given(
    records=st.lists(
        st.tuples(_TITLE, st.lists(_NAME, max_size=4), st.integers(1, 9000)), min_size=1, max_size=5
    ),
    fmt=st.sampled_from(["ris", "medline", "wos"]),
)
def test_generated_records_are_read_back(
    records: list[tuple[str, list[str], int]], fmt: str
) -> None:
    lines: list[str] = ["FN Clarivate Analytics Web of Science", "VR 1.0"] if fmt == "wos" else []
    for i, (title, names, page) in enumerate(records, 1):
        if fmt == "ris":
            lines += [
                "TY  - JOUR",
                *(f"AU  - {n}" for n in names),
                f"TI  - {title}",
                f"SP  - {page}",
                "ER  - ",
                "",
            ]
        elif fmt == "medline":
            lines += [
                f"PMID- {i}",
                f"TI  - {title}",
                *(f"FAU - {n}" for n in names),
                f"PG  - {page}",
                "",
            ]
        else:
            lines += [
                "PT J",
                *(f"{'AF' if k == 0 else '  '} {n}" for k, n in enumerate(names)),
                f"TI {title}",
                f"BP {page}",
                "ER",
                "",
            ]
    parse = {"ris": parse_ris, "medline": parse_medline, "wos": parse_wos}[fmt]
    page = parse("\n".join(lines), path="g")
    assert page.diagnostics == ()
    assert [a.title for a in page.articles] == [" ".join(t.split()) for t, _, _ in records]
    assert [a.page_start for a in page.articles] == [p for _, _, p in records]
    assert [len(a.authors) for a in page.articles] == [len(n) for _, n, _ in records]


@settings(max_examples=40, deadline=None)
@given(text=st.text(max_size=200))
def test_decoding_never_fails(text: str) -> None:
    for data in (text.encode(), text.encode("gb18030", errors="replace"), text.encode("utf-16")):
        decoded, _ = decode_export(data, path="x")
        assert isinstance(decoded, str)
