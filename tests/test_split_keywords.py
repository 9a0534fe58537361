"""Tests of kg.split_keywords: seed lines, real keyword lists, edge cases and properties."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import split_keywords
from kg.data import data_path

TSV = Path(__file__).parent / "data" / "segment" / "keywords.tsv"
SEED = data_path("seeds", "cjr-2024-03.txt")
TARGET = 0.99  # lists whose keywords are all in the vocabulary (measured 0.991)
FLOOR = 0.83  # all lists, a third of them with a keyword outside the vocabulary (measured 0.837)
CONTEXT_TARGET = 0.96  # lists with a title or abstract as context (measured 0.963)


def _cases() -> list[tuple[str, list[str], str]]:
    cases = []
    for line in TSV.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        glued, keywords, *rest = line.split("\t")
        cases.append((glued, keywords.split("|"), rest[0] if rest else ""))
    return cases


CASES = _cases()


def _vocabulary() -> set[str]:
    lines = data_path("keywords.tsv").read_text(encoding="utf-8").splitlines()
    return {line.split("\t")[0] for line in lines if line and not line.startswith("#")}


VOCABULARY = _vocabulary()
KNOWN = [case for case in CASES if all(keyword in VOCABULARY for keyword in case[1])]

# The keyword lines of the seed page, with the split read off each article's abstract.
SEED_EXPECTED = {
    34: ["乳腺肿瘤", "扩散峰度成像", "磁共振成像", "21基因"],
    42: ["癌,肝细胞", "体层摄影术,X线计算机", "化学栓塞,治疗性", "影像组学", "深度学习"],
    50: ["软组织肿瘤", "肉瘤", "磁共振成像", "影像组学", "病理组学"],
    58: ["儿童", "年龄测定,骨骼", "人工智能", "X线"],
    66: ["震颤", "共济失调", "神经退行性疾病", "脆性X智力低下1基因"],
    74: ["磁共振成像", "强直性肌营养不良", "脑白质病变", "基因检测"],
    82: [
        "癌,肝细胞",
        "球囊闭塞经导管动脉化疗栓塞",
        "动脉化疗栓塞",
        "球囊封堵",
        "动脉残端压",
        "微球囊导管",
    ],
    90: ["卵巢肿瘤", "磁共振成像", "上皮-间叶性肿瘤", "性索-间质肿瘤", "生殖细胞肿瘤"],
}


def _seed(number: int) -> tuple[str, str]:
    """The keyword line ``number`` of the seed page and its article's title and abstract."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    start = max(i for i in range(number - 1) if lines[i].strip().endswith("页")) - 3
    return lines[number - 1].strip(), "\n".join(lines[start : number - 1])


@pytest.mark.parametrize("number", sorted(SEED_EXPECTED), ids=lambda n: f"line{n}")
def test_seed_lines_with_context(number: int) -> None:
    text, context = _seed(number)
    assert split_keywords(text, context=context) == SEED_EXPECTED[number]


@pytest.mark.parametrize("number", sorted(SEED_EXPECTED), ids=lambda n: f"line{n}")
def test_seed_lines_without_context(number: int) -> None:
    text, _ = _seed(number)
    assert split_keywords(text) == SEED_EXPECTED[number]


def _rate(cases, *, use_context: bool) -> tuple[float, list[str]]:
    failures = []
    for glued, expected, context in cases:
        got = split_keywords(glued, context=context if use_context else "")
        if got != expected:
            failures.append(f"{glued}: got {'|'.join(got)}, want {'|'.join(expected)}")
    return 1 - len(failures) / len(cases), failures


def test_test_set_is_broad_enough() -> None:
    assert len(CASES) >= 300
    assert sum(1 for *_, context in CASES if not context) >= len(CASES) // 5
    # At least a third of the lists exercise the unknown-keyword path.
    assert 3 * (len(CASES) - len(KNOWN)) >= len(CASES)


@pytest.mark.parametrize("use_context", [False, True], ids=["without-context", "with-context"])
def test_exact_match_rate_known_keywords(use_context: bool) -> None:
    rate, failures = _rate(KNOWN, use_context=use_context)
    assert rate >= TARGET, f"{rate:.3f} exact; failures:\n" + "\n".join(failures)


@pytest.mark.parametrize("use_context", [False, True], ids=["without-context", "with-context"])
def test_exact_match_rate_all(use_context: bool) -> None:
    rate, failures = _rate(CASES, use_context=use_context)
    assert rate >= FLOOR, f"{rate:.3f} exact; failures:\n" + "\n".join(failures)


def test_context_rescues_keywords_the_vocabulary_lacks() -> None:
    with_context = [case for case in CASES if case[2]]
    rate, failures = _rate(with_context, use_context=True)
    assert rate >= CONTEXT_TARGET, f"{rate:.3f} exact; failures:\n" + "\n".join(failures)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("卵巢肿瘤超声MRICT", ["卵巢肿瘤", "超声", "MRI", "CT"]),
        ("18F-FDG PET/CT肺肿瘤", ["18F-FDG PET/CT", "肺肿瘤"]),
        ("Ki-67乳腺肿瘤3.0T磁共振成像", ["Ki-67", "乳腺肿瘤", "3.0T", "磁共振成像"]),
        ("胰腺炎,急性,坏死性磁共振成像", ["胰腺炎,急性,坏死性", "磁共振成像"]),
        ("癌，肝细胞体层摄影术，X线计算机", ["癌，肝细胞", "体层摄影术，X线计算机"]),
        ("磁共振成像DWIADC", ["磁共振成像", "DWI", "ADC"]),
        ("脆性X智力低下1基因震颤", ["脆性X智力低下1基因", "震颤"]),
    ],
    ids=[
        "latin-run",
        "space-slash",
        "digits-hyphen",
        "double-comma",
        "full-width-comma",
        "abbrevs",
        "digit-inside",
    ],
)
def test_edge_cases(text: str, expected: list[str]) -> None:
    assert split_keywords(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("肝肿瘤；磁共振成像；诊断", ["肝肿瘤", "磁共振成像", "诊断"]),
        ("肝肿瘤;磁共振成像; 诊断,鉴别", ["肝肿瘤", "磁共振成像", "诊断,鉴别"]),
        ("癌，肝细胞；体层摄影术，X线计算机", ["癌，肝细胞", "体层摄影术，X线计算机"]),
        ("肺肿瘤、体层摄影术,X线计算机、人工智能", ["肺肿瘤", "体层摄影术,X线计算机", "人工智能"]),
        ("肝肿瘤 磁共振成像 诊断", ["肝肿瘤", "磁共振成像", "诊断"]),
        ("肝肿瘤, 磁共振成像, 诊断,鉴别", ["肝肿瘤", "磁共振成像", "诊断,鉴别"]),
        ("  影像组学  ", ["影像组学"]),
    ],
    ids=[
        "semicolon-full",
        "semicolon",
        "inverted-kept",
        "enumeration-comma",
        "spaces",
        "comma-space",
        "strip",
    ],
)
def test_explicit_separators(text: str, expected: list[str]) -> None:
    assert split_keywords(text) == expected


@pytest.mark.parametrize("text", ["", "   ", ";;", "，", "、、 ；"])
def test_empty_input_gives_empty_list(text: str) -> None:
    assert split_keywords(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("垂体腺瘤磁共振成像海绵窦侵犯", ["垂体腺瘤", "磁共振成像", "海绵窦侵犯"]),
        ("胃癌Borrmann分型体层摄影术,X线计算机", ["胃癌", "Borrmann分型", "体层摄影术,X线计算机"]),
        ("胶质瘤H3 K27M弥漫性中线胶质瘤", ["胶质瘤", "H3 K27M", "弥漫性中线胶质瘤"]),
        ("肺肺泡微结石症高分辨率CT", ["肺", "肺泡微结石症", "高分辨率CT"]),
    ],
    ids=["relation-suffix", "latin-suffix", "latin-space", "doubled-character"],
)
def test_unknown_keyword_classes(text: str, expected: list[str]) -> None:
    assert split_keywords(text) == expected


def test_issue_unknown_keyword_between_known_ones_is_not_merged() -> None:
    assert split_keywords("球囊封堵动脉残端压微球囊导管") == [
        "球囊封堵",
        "动脉残端压",
        "微球囊导管",
    ]


_SEPARATORS = re.compile(r"[;；、|\s,，]")


def _strip_separators(text: str) -> str:
    return _SEPARATORS.sub("", text)


_alphabet = st.sampled_from(
    list("癌肝细胞肺肿瘤磁共振成像影像组学深度学习体层摄影术线计算机")
    + list("XCTMRI-/.0123 ,，;；、")
)


@settings(max_examples=300, deadline=None)
@given(st.text(_alphabet, max_size=40), st.text(max_size=60))
def test_property_join_gives_back_input(text: str, context: str) -> None:
    parts = split_keywords(text, context=context)
    assert all(part and part == part.strip() for part in parts)
    assert _strip_separators("".join(parts)) == _strip_separators(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.text(max_size=80))
def test_property_never_raises(text: str, context: str) -> None:
    parts = split_keywords(text, context=context)
    assert isinstance(parts, list)
    assert _strip_separators("".join(parts)) == _strip_separators(text.strip())


def test_glued_text_without_separators_is_kept_exactly() -> None:
    for glued, _, context in CASES:
        if not re.search(r"[;；、\s]", glued):
            assert "".join(split_keywords(glued, context=context)) == glued


def test_issue_repeated_site_keyword_begins_a_compound() -> None:
    # A list never holds the same keyword twice in a row: the second copy begins a compound.
    assert split_keywords("喉喉软骨肉瘤体层摄影术,X线计算机") == [
        "喉",
        "喉软骨肉瘤",
        "体层摄影术,X线计算机",
    ]
    assert split_keywords("肺肺泡微结石症高分辨率CT") == ["肺", "肺泡微结石症", "高分辨率CT"]


# ---------------------------------------------------------------------------
# English keyword lines (issue: glued English lines became fragments such as 'gy X-ray abs')

# Keyword lists of English radiology articles, glued as the pages print them (every space is
# inside a keyword; two keywords touch without one).  Expected splits written by hand.
ENGLISH_LINES = [
    (
        "osteoporosiscomputed tomographydual-energy X-ray absorptiometryscreening",
        ["osteoporosis", "computed tomography", "dual-energy X-ray absorptiometry", "screening"],
    ),
    (
        "radiomicsmagnetic resonance imagingprostate cancerdeep learning",
        ["radiomics", "magnetic resonance imaging", "prostate cancer", "deep learning"],
    ),
    (
        "hepatocellular carcinomatransarterial chemoembolizationradiomics",
        ["hepatocellular carcinoma", "transarterial chemoembolization", "radiomics"],
    ),
    (
        "lung cancerlow-dose CTscreeningartificial intelligence",
        ["lung cancer", "low-dose CT", "screening", "artificial intelligence"],
    ),
    ("ResNet50breast cancermammography", ["ResNet50", "breast cancer", "mammography"]),
    ("PI-RADSmpMRIprostate biopsy", ["PI-RADS", "mpMRI", "prostate biopsy"]),
    (
        "COVID-19pneumoniacomputed tomographydeep learning",
        ["COVID-19", "pneumonia", "computed tomography", "deep learning"],
    ),
    (
        "glioblastomaIDH mutationMRIradiogenomics",
        ["glioblastoma", "IDH mutation", "MRI", "radiogenomics"],
    ),
    (
        "breast neoplasmsdynamic contrast-enhanced MRIneoadjuvant chemotherapy"
        "pathological complete response",
        [
            "breast neoplasms",
            "dynamic contrast-enhanced MRI",
            "neoadjuvant chemotherapy",
            "pathological complete response",
        ],
    ),
    (
        "Alzheimer's diseaseamyloid PETmild cognitive impairmentdiffusion tensor imaging",
        [
            "Alzheimer's disease",
            "amyloid PET",
            "mild cognitive impairment",
            "diffusion tensor imaging",
        ],
    ),
    (
        "acute ischemic strokeCT perfusionmechanical thrombectomyinfarct core",
        ["acute ischemic stroke", "CT perfusion", "mechanical thrombectomy", "infarct core"],
    ),
    (
        "thyroid noduleultrasoundTI-RADSdeep learning",
        ["thyroid nodule", "ultrasound", "TI-RADS", "deep learning"],
    ),
    (
        "pulmonary embolismCT pulmonary angiographyconvolutional neural networkDenseNet",
        [
            "pulmonary embolism",
            "CT pulmonary angiography",
            "convolutional neural network",
            "DenseNet",
        ],
    ),
    (
        "SHapley Additive exPlanationsmachine learningXGBoostradiomics",
        ["SHapley Additive exPlanations", "machine learning", "XGBoost", "radiomics"],
    ),
    (
        "18F-FDG PET/CTnon-small cell lung cancerEGFR mutationradiomics",
        ["18F-FDG PET/CT", "non-small cell lung cancer", "EGFR mutation", "radiomics"],
    ),
    (
        "renal cell carcinomaclear cellCT texture analysisWHO/ISUP grade",
        ["renal cell carcinoma", "clear cell", "CT texture analysis", "WHO/ISUP grade"],
    ),
    (
        "knee osteoarthritiscartilageT2 mappingMRI",
        ["knee osteoarthritis", "cartilage", "T2 mapping", "MRI"],
    ),
    (
        "multiple sclerosisMRIgadolinium-based contrast agentsT1-weighted imaging",
        ["multiple sclerosis", "MRI", "gadolinium-based contrast agents", "T1-weighted imaging"],
    ),
    (
        "interobserver agreementLI-RADScontrast-enhanced ultrasoundhepatocellular carcinoma",
        [
            "interobserver agreement",
            "LI-RADS",
            "contrast-enhanced ultrasound",
            "hepatocellular carcinoma",
        ],
    ),
    (
        "photon-counting CTspectral imagingvirtual monoenergetic imagesimage quality",
        ["photon-counting CT", "spectral imaging", "virtual monoenergetic images", "image quality"],
    ),
    ("Deep learningRadiomicsBreast cancer", ["Deep learning", "Radiomics", "Breast cancer"]),
    (
        "magnetic resonance imaging (MRI)radiomicsglioma",
        ["magnetic resonance imaging (MRI)", "radiomics", "glioma"],
    ),
    (
        "pulmonary nodulesmall cell lung cancer",  # not 'pulmonary nodules' + 'mall cell ...'
        ["pulmonary nodule", "small cell lung cancer"],
    ),
    (
        "arterial phase hyperenhancementwashoutLI-RADS",  # a prefix glued to its word stays
        ["arterial phase hyperenhancement", "washout", "LI-RADS"],
    ),
    (
        "lung adenocarcinomaground-glass noduleinvasivenessradiomics",  # and so does a suffix
        ["lung adenocarcinoma", "ground-glass nodule", "invasiveness", "radiomics"],
    ),
    ("tomography, X-ray computedradiomics", ["tomography, X-ray computed", "radiomics"]),
    ("deep learning, radiomics, MRI", ["deep learning", "radiomics", "MRI"]),
]


@pytest.mark.parametrize(
    ("text", "expected"), ENGLISH_LINES, ids=[expected[0] for _, expected in ENGLISH_LINES]
)
def test_issue_english_line_split_where_words_touch(text: str, expected: list[str]) -> None:
    assert split_keywords(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "xyzzyqwertdeep learning",  # 'xyzzyqwertdeep' is no sequence of known words
        "vascular invasionresectability",  # 'resectability' is in no word list
        "cardiofrobnicitycardiac MRI",  # no lexicon word starts a cut of it
    ],
)
def test_english_run_of_unknown_words_is_kept_whole(text: str) -> None:
    # Better one unsplit keyword than fragments: a run is cut only into known words.
    assert split_keywords(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("乳腺肿瘤MRIdeep learning", ["乳腺肿瘤", "MRI", "deep learning"]),
        (
            "肺结节low-dose CTdeep learning人工智能",
            ["肺结节", "low-dose CT", "deep learning", "人工智能"],
        ),
        (
            "肝细胞癌hepatocellular carcinomatransarterial chemoembolization影像组学",
            ["肝细胞癌", "hepatocellular carcinoma", "transarterial chemoembolization", "影像组学"],
        ),
        ("影像组学deep learningMeta分析", ["影像组学", "deep learning", "Meta分析"]),
        (
            "磁共振成像myocardial fibrosisT1 mapping心肌病",
            ["磁共振成像", "myocardial fibrosis", "T1 mapping", "心肌病"],
        ),
        ("乳腺癌breast cancerBI-RADS钼靶", ["乳腺癌", "breast cancer", "BI-RADS", "钼靶"]),
    ],
    ids=["short-latin", "both-sides", "long-english", "latin-suffix-after", "t1-mapping", "abbrev"],
)
def test_mixed_chinese_english_lines(text: str, expected: list[str]) -> None:
    assert split_keywords(text) == expected


def test_heldout_pages_english_keyword_lines() -> None:
    # The English-only articles of the second and third held-out pages (issue: fragments
    # such as 'ncermammograph', 'gy X-ray abs' became concepts in the graph).
    from kg.readers import read_toc

    folder = Path(__file__).parent / "data" / "extract"
    found = {}
    for name in ("heldout2.txt", "heldout3.txt"):
        for article in read_toc(folder / name).articles:
            found[(name, article.line)] = list(article.keywords)
    assert found[("heldout2.txt", 5)] == [
        "breast cancer",
        "mammography",
        "deep learning",
        "computer-aided diagnosis",
    ]
    assert found[("heldout3.txt", 93)] == [
        "osteoporosis",
        "computed tomography",
        "dual-energy X-ray absorptiometry",
        "screening",
    ]
    assert found[("heldout3.txt", 157)] == [
        "breast nodule",
        "ultrasonography",
        "transformer",
        "computer-aided diagnosis",
    ]


def test_english_split_agrees_with_wordninja_on_plain_words() -> None:
    # Inside a run the words are wordninja's: where every word is a common English word and
    # no keyword radkg knows is involved, the run is cut where wordninja cuts it.
    import wordninja

    for run in ("computedtomography", "screeningscore", "prostatebiopsy"):
        words = wordninja.split(run)
        assert split_keywords(run) == words, run


_latin = st.sampled_from(list("abcdeilmnorstuyCDGIMPRTX0123") + list(" -/(),.'"))


@settings(max_examples=300, deadline=None)
@given(st.text(_latin, max_size=60))
def test_property_english_join_gives_back_input(text: str) -> None:
    parts = split_keywords(text)
    assert all(part and part == part.strip() for part in parts)
    assert _strip_separators("".join(parts)) == _strip_separators(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from([expected for _, expected in ENGLISH_LINES[:12]]), max_size=3))
def test_property_english_keywords_glued_come_back(lists: list[list[str]]) -> None:
    # Gluing known lines together gives the concatenation of their splits back.
    keywords = [keyword for expected in lists for keyword in expected]
    assert split_keywords("".join(keywords)) == keywords


@pytest.mark.parametrize(
    "text",
    [
        "a" * 20000,
        "deep learning" * 2000,
        "computedtomography" * 500,
        "((((((((((",
        ",,,,",
        "- / . ' ( )",
        "ＭＲＩｄｅｅｐ ｌｅａｒｎｉｎｇ",
        "X" * 5000 + "radiomics",
        "\u0130stanbul\u00dfMRI",
    ],
    ids=[
        "one-letter",
        "repeated-phrase",
        "repeated-run",
        "brackets",
        "commas",
        "punctuation",
        "full-width",
        "capitals",
        "case-changing-unicode",
    ],
)
def test_hostile_english_lines_never_crash(text: str) -> None:
    parts = split_keywords(text)
    assert _strip_separators("".join(parts)) == _strip_separators(text.strip())
