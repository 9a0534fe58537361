"""The table-of-contents reader on the seed page, on pages written in its layout, and on bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.readers.toc import MAX_LINE_LENGTH, article_type, parse_toc, read_toc, split_abstract
from kg.records import Article, Journal

SEED_ARTICLES = [
    # line, title prefix, first authors, truncated, start, end, type, has English abstract
    (
        28,
        "基于扩散峰度成像多参数回归模型",
        ["周卫平", "昝星有", "刘晓", "杨树东"],
        True,
        201,
        208,
        "research",
        True,
    ),
    (
        36,
        "术前CT图像影像组学联合深度学习",
        ["王丹丹", "王海波", "孙中琪", "姜慧杰"],
        True,
        209,
        215,
        "research",
        True,
    ),
    (
        44,
        "基于MRI影像及数字病理图像",
        ["王童语", "王鹤翔", "赵心迪", "侯峰"],
        True,
        216,
        224,
        "research",
        True,
    ),
    (
        52,
        "基于调查问卷分析国内儿童骨龄",
        ["白凤森", "袁新宇", "马毅民", "杨洋"],
        True,
        225,
        228,
        "research",
        True,
    ),
    (
        60,
        "脆性X相关震颤/共济失调综合征1例",
        ["李秋璇", "赵志莲", "苏壮志", "张苗"],
        True,
        229,
        230,
        "case-report",
        False,
    ),
    (
        68,
        "成人型强直性肌营养不良1型MRI表现1例",
        ["李莉", "马子堂", "李蕊", "李新怡"],
        True,
        231,
        232,
        "case-report",
        False,
    ),
    (
        76,
        "球囊闭塞经导管动脉化疗栓塞治疗肝细胞癌的研究进展",
        ["田鹏程", "倪管崟", "詹一", "倪才方"],
        True,
        233,
        237,
        "review",
        False,
    ),
    (84, "卵巢肿瘤的MRI表现", ["马凤华", "强金伟", "胡凌"], False, 238, 242, "review", False),
    (
        92,
        "基于术前CT影像的肺结节病理类型预测模型研究",
        ["崔效楠", "叶兆祥", "张琳琳", "孙赫屿"],
        True,
        243,
        244,
        "expert-commentary",
        False,
    ),
]

SEED_KEYWORDS = {
    28: ["乳腺肿瘤", "扩散峰度成像", "磁共振成像", "21基因"],
    36: ["癌,肝细胞", "体层摄影术,X线计算机", "化学栓塞,治疗性", "影像组学", "深度学习"],
    44: ["软组织肿瘤", "肉瘤", "磁共振成像", "影像组学", "病理组学"],
    52: ["儿童", "年龄测定,骨骼", "人工智能", "X线"],
    60: ["震颤", "共济失调", "神经退行性疾病", "脆性X智力低下1基因"],
    68: ["磁共振成像", "强直性肌营养不良", "脑白质病变", "基因检测"],
    84: ["卵巢肿瘤", "磁共振成像", "上皮-间叶性肿瘤", "性索-间质肿瘤", "生殖细胞肿瘤"],
    92: [],
}


@pytest.fixture(scope="module")
def seed(seed_path: Path):
    return read_toc(seed_path)


def test_seed_journal_header(seed) -> None:
    assert seed.journal == Journal(
        title="中华放射学杂志",
        title_en="Chinese Journal of Radiology",
        issn="1005-1201",
        publisher="中华医学会杂志社",
        editor="郭启勇",
        frequency="月刊",
        email="cjr@cma.org.cn",
        phone="010-85158384",
        postcode="100710",
        address="北京市东城区东四西大街42号",
        indexing=("CSCD", "北大核心", "CSTPCD"),
        description=seed.journal.description,
        status="正式出版",
    )
    assert seed.journal.description.startswith("1953年9月创刊,中华医学会主办。")
    assert seed.journal.description.endswith("双核心期刊。")


def test_seed_reads_cleanly(seed) -> None:
    assert seed.diagnostics == ()
    assert len(seed.articles) == 9


@pytest.mark.parametrize("row", SEED_ARTICLES, ids=[str(r[0]) for r in SEED_ARTICLES])
def test_seed_articles(seed, row) -> None:
    line, title, authors, truncated, start, end, kind, has_en = row
    article = next(a for a in seed.articles if a.line == line)
    assert article.title.startswith(title)
    assert list(article.authors) == authors
    assert article.authors_truncated is truncated
    assert (article.page_start, article.page_end, article.pages_extra) == (start, end, ())
    assert article.article_type == kind
    assert article.abstract_zh and not article.abstract_zh.startswith(("查看更多", "摘要"))
    assert (article.abstract_en is not None) is has_en


@pytest.mark.parametrize("line", sorted(SEED_KEYWORDS))
def test_seed_keywords(seed, line) -> None:
    article = next(a for a in seed.articles if a.line == line)
    assert list(article.keywords) == SEED_KEYWORDS[line]


def test_seed_abstracts_split_where_the_english_starts(seed) -> None:
    first = seed.articles[0]
    assert first.abstract_zh.endswith("有效识别低复发风险患者。")
    assert first.abstract_en.startswith("Objective To explore the predictive value")
    assert "Wuxi People′s Hospital" in first.abstract_en
    assert "DKI" in first.abstract_zh  # Latin abbreviations stay in the Chinese part


def test_last_article_without_keyword_line(seed) -> None:
    last = seed.articles[-1]
    assert last.line == 92 and last.keywords == () and last.abstract_zh.startswith("专家引言")


# --- a page written in the seed layout, from another journal, with every variation ---------


@pytest.fixture(scope="module")
def variant(test_data: Path):
    return read_toc(test_data / "toc" / "radiologic-practice-variant.txt")


def test_variant_header_in_another_order(variant) -> None:
    j = variant.journal
    assert (j.title, j.title_en, j.issn, j.postcode, j.phone) == (
        "放射学实践",
        "Radiologic Practice",
        "1000-0313",
        "430030",
        "027-83662887",
    )
    assert j.publisher == "华中科技大学同济医学院附属同济医院"
    assert j.editor == "王承缘" and j.frequency == "月刊" and j.email == "fsxsj@163.com"
    assert j.indexing == ("CSCD", "北大核心", "CSTPCD")


def test_variant_articles(variant) -> None:
    by_line = {a.line: a for a in variant.articles}
    assert sorted(by_line) == [20, 28, 34, 42, 49]
    asl = by_line[20]
    assert asl.title.startswith("3D-ASL联合DTI") and (asl.page_start, asl.page_end) == (5, 8)
    assert (
        asl.authors == ("张晓东", "欧阳明辉", "阿力木江·木合塔尔", "李娜") and asl.authors_truncated
    )
    assert "（P＜0.05）" in asl.abstract_zh and asl.abstract_en.startswith(
        "Objective To investigate"
    )
    dti = by_line[28]
    assert "≤3 cm" in dti.title
    assert (dti.page_start, dti.page_end, dti.pages_extra) == (65, 68, ("87",))
    assert dti.keywords == () and dti.abstract_en is None
    lung = by_line[34]
    assert (lung.page_start, lung.page_end) == (1021, 1025)
    assert lung.authors[-1] == "中华医学会放射学分会心胸学组"
    assert "Muhammad Ali" in lung.authors
    assert lung.keywords == ("肺肿瘤", "影像组学", "磁共振成像")
    case = by_line[42]
    assert case.article_type == "case-report" and case.page_start is None
    assert case.keywords == ("颅咽管瘤", "儿童")
    hostile = by_line[49]
    assert hostile.title.startswith("<script>")  # kept as text, escaped later by every view
    assert hostile.keywords == ("胰腺炎,急性,坏死性", "体层摄影术,X线计算机")


def test_variant_diagnostics_name_file_line_and_problem(variant) -> None:
    messages = {(d.line, d.message.split(" ")[0]) for d in variant.diagnostics}
    assert (42, "article") in messages  # no page line
    assert (49, "title") in messages  # markup in a title
    assert (52, "malformed") in messages
    assert all(d.path.endswith("radiologic-practice-variant.txt") for d in variant.diagnostics)


# --- encodings and line ends -----------------------------------------------------------------


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda t: t.encode("utf-8-sig"), id="utf8-bom"),
        pytest.param(lambda t: t.replace("\n", "\r\n").encode(), id="crlf"),
        pytest.param(lambda t: t.replace("\n", "\r").encode(), id="cr"),
        pytest.param(lambda t: t.encode("gb18030"), id="gb18030"),
        pytest.param(lambda t: t.replace("′", "'").replace("²", "2").encode("gbk"), id="gbk"),
    ],
)
def test_encodings_and_line_ends_give_the_same_page(
    tmp_path: Path, seed_path: Path, seed, encode
) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(encode(seed_path.read_text(encoding="utf-8")))
    page = read_toc(path)
    assert page.diagnostics == ()
    assert page.journal == seed.journal
    assert [(a.title, a.authors, a.line, a.page_start, a.keywords) for a in page.articles] == [
        (a.title, a.authors, a.line, a.page_start, a.keywords) for a in seed.articles
    ]


# --- bad input -------------------------------------------------------------------------------


def _only_diagnostic(page) -> str:
    assert page.articles == ()
    assert len(page.diagnostics) == 1
    return str(page.diagnostics[0])


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert _only_diagnostic(read_toc(path)) == f"{path}: file is empty"


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert "binary" in _only_diagnostic(read_toc(path))


def test_undecodable_bytes_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("期刊\n第二行\n".encode() + b"\xff\xfe\xfa bad\n")
    message = _only_diagnostic(read_toc(path))
    assert message.startswith(f"{path}:3: not UTF-8 or GB18030")


def test_missing_file(tmp_path: Path) -> None:
    assert "cannot read file" in _only_diagnostic(read_toc(tmp_path / "nope.txt"))


def test_header_only_page(seed_path: Path, tmp_path: Path) -> None:
    header = seed_path.read_text(encoding="utf-8").split("\n")[:26]
    path = tmp_path / "header.txt"
    path.write_text("\n".join(header), encoding="utf-8")
    page = read_toc(path)
    assert page.journal.issn == "1005-1201" and page.articles == ()
    assert [d.message[:17] for d in page.diagnostics] == ["no articles found"]


def test_megabyte_line_is_reported_and_the_rest_read(seed_path: Path, tmp_path: Path) -> None:
    lines = seed_path.read_text(encoding="utf-8").split("\n")
    lines.insert(26, "x" * (1 << 20))
    path = tmp_path / "long.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    page = read_toc(path)
    assert len(page.articles) == 9
    assert [(d.line, d.message[:7]) for d in page.diagnostics] == [(27, "line is")]
    assert MAX_LINE_LENGTH < (1 << 20)


def test_article_lines_keep_their_numbers_after_bad_lines(seed_path: Path, tmp_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8").replace("    201-208页", "    201-2x8页")
    path = tmp_path / "bad-pages.txt"
    path.write_text(text, encoding="utf-8")
    page = read_toc(path)
    assert len(page.articles) == 9
    assert page.articles[0].page_start is None
    assert [(d.line, d.message[:9]) for d in page.diagnostics] == [(31, "malformed")]


def test_reversed_page_range(tmp_path: Path, seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8").replace("209-215页", "215-209页")
    page = parse_toc(text, path="rev.txt")
    assert page.articles[1].page_start is None
    assert [d.line for d in page.diagnostics] == [39]


def test_issue_year_volume_number_when_stated(seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8").replace(
        "正式出版", "正式出版\n2024年第58卷第3期", 1
    )
    page = parse_toc(text, path="issue.txt")
    assert (page.year, page.volume, page.number) == (2024, "58", "3")
    assert page.journal.status == "正式出版"


# --- helpers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "zh", "en"),
    [
        (
            "目的 探讨CT。 Objective To study CT imaging.",
            "目的 探讨CT。",
            "Objective To study CT imaging.",
        ),
        ("目的 比较AUC（0.92）。", "目的 比较AUC（0.92）。", None),
        ("Purpose To evaluate MRI in cancer.", None, "Purpose To evaluate MRI in cancer."),
        (
            "结论 有效(AUC 0.92, 95%CI 0.85~0.97)。 OBJECTIVE To explore it here.",
            "结论 有效(AUC 0.92, 95%CI 0.85~0.97)。",
            "OBJECTIVE To explore it here.",
        ),
        ("", None, None),
    ],
)
def test_split_abstract(text: str, zh: str | None, en: str | None) -> None:
    assert split_abstract(text) == (zh, en)


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("儿童颅咽管瘤1例", "case-report"),
        ("原发性肺动脉肉瘤一例", "case-report"),
        ("肝脏炎性假瘤2例并文献复习", "case-report"),
        ("CT诊断肝癌120例分析", "research"),
        ("人工智能在乳腺影像中的研究进展", "review"),
        ("肺结节影像学诊断专家共识(2024年版)", "guideline"),
        ("专家述评:影像组学的机遇与挑战", "expert-commentary"),
        ("编者按", "editorial"),
    ],
)
def test_article_type(title: str, kind: str) -> None:
    assert article_type(title) == kind


# --- properties ------------------------------------------------------------------------------

_page_text = st.lists(
    st.one_of(
        st.text(max_size=60),
        st.sampled_from(
            [
                "",
                "    201-208页",
                "    查看更多>>摘要:目的 探讨。 Objective To x y z.",
                "    王伟李明...",
                "1005-1201",
                "100710",
                "    65-68,87页",
                "    第12-页",
                "期刊信息/Journal information",
            ]
        ),
    ),
    max_size=40,
).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(_page_text)
def test_reader_never_crashes_and_keeps_line_numbers(text: str) -> None:
    page = parse_toc(text, path="prop.txt")
    n_lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    for article in page.articles:
        assert isinstance(article, Article)
        assert 1 <= article.line <= n_lines
        assert article.page_start is None or article.page_end >= article.page_start >= 1
    for diagnostic in page.diagnostics:
        assert diagnostic.path == "prop.txt"
        assert diagnostic.line is None or 1 <= diagnostic.line <= n_lines


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_reader_on_arbitrary_bytes(tmp_path_factory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("bytes") / "page.txt"
    path.write_bytes(data)
    page = read_toc(path)
    assert page.path == str(path)
    assert page.articles or page.diagnostics


def test_labelled_header_missing_fields_and_english_only_article(test_data: Path) -> None:
    page = read_toc(test_data / "toc" / "labelled-header-variant.txt")
    j = page.journal
    assert (j.title, j.issn, j.editor, j.frequency, j.publisher) == (
        "中国医学影像技术",
        "1003-3289",
        "王振常 金征宇",
        "双月刊",
        None,
    )
    assert (
        j.indexing == ("CSCD", "Scopus")
        and j.title_en == "Chinese Journal of Medical Imaging Technology"
    )
    assert (page.year, page.volume, page.number) == (2023, "39", "8")
    pet, knee = page.articles
    assert pet.title.startswith("18F-FDG PET/CT") and pet.authors == ("陈思远",)
    assert pet.abstract_zh.endswith("(AUC 0.71)。") and pet.abstract_en.startswith(
        "Objective To explore"
    )
    assert pet.keywords == ("肺肿瘤", "正电子发射断层显像术", "表皮生长因子受体")
    assert knee.authors == ("Zhang Wei", "Li Ming") and knee.abstract_zh is None
    assert knee.abstract_en.startswith("Objective To evaluate") and knee.line == 27
    assert page.diagnostics == ()


@pytest.mark.parametrize(
    "footer", ["上一页12下一页", "1 2 3 下一页\n共9条", "首页 上一页 1 下一页 尾页"]
)
def test_pagination_chrome_is_not_an_article_or_keywords(
    seed_path: Path, seed, footer: str
) -> None:
    page = parse_toc(
        seed_path.read_text(encoding="utf-8") + "\n\n" + footer + "\n", path="footer.txt"
    )
    assert page.diagnostics == ()
    assert [(a.title, a.keywords) for a in page.articles] == [
        (a.title, a.keywords) for a in seed.articles
    ]


def test_unindented_page_without_blank_lines_around_titles(seed_path: Path, seed) -> None:
    lines = [line.strip() for line in seed_path.read_text(encoding="utf-8").split("\n")]
    compact = [
        line
        for i, line in enumerate(lines)
        if line or not (i + 1 < len(lines) and lines[i + 1].endswith("..."))
    ]
    page = parse_toc("\n".join(compact), path="compact.txt")
    assert [(a.title, a.authors, a.page_start) for a in page.articles] == [
        (a.title, a.authors, a.page_start) for a in seed.articles
    ]
