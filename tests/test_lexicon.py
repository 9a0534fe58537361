"""The lexicon (data/lexicon/*.tsv): integrity, coverage, bad files rejected with file:line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.extract import extract
from kg.extract.lexicon import COLUMNS, CONCEPT_TYPES, load_lexicon, read_lexicon
from kg.records import Article

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


def test_issue_5_lexicon_covers_every_body_system(concepts) -> None:
    by_type = {t: sum(c.type == t for c in concepts.values()) for t in CONCEPT_TYPES}
    assert by_type["disease"] >= 400 and by_type["anatomy"] >= 150, by_type
    assert by_type["modality"] + by_type["sequence"] >= 100, by_type
    assert by_type["method"] + by_type["statistical-method"] + by_type["ml-model"] >= 200, by_type
    assert by_type["procedure"] >= 90, by_type
    lex = load_lexicon()
    # one concept per system, each reaching its root through the broader chain
    for cid, root in [
        ("ccrcc", "neoplasm"),  # C12 urogenital tumours
        ("ipmn", "neoplasm"),  # C06 digestive
        ("central-lymph-node-metastasis", "neoplasm"),  # lesion states
        ("community-acquired-pneumonia", "lung-disease"),  # C08 respiratory
        ("lacunar-infarction", "cardiovascular-disease"),  # C10/C14
        ("hypertrophic-cardiomyopathy", "cardiovascular-disease"),  # C14
        ("osteoporotic-fracture", "fracture"),  # C05
        ("brain-abscess", "infectious-disease"),  # C01
        ("ddh", "congenital-anomaly"),  # C16
        ("graves-disease", "hyperthyroidism"),  # C19
        ("sjogren-syndrome", "connective-tissue-disease"),  # C17
        ("pdff", "imaging"),
        ("attention-unet", "deep-learning"),
        ("fleiss-kappa", "statistics"),
        ("sroc", "statistics"),
        ("tavr", "interventional-procedure"),
        ("imrt", "radiotherapy"),
        ("lad", "heart"),
    ]:
        assert root in [c.id for c in lex.ancestors(cid)], cid


def test_a_label_or_alias_names_one_concept(concepts) -> None:
    owner: dict[str, str] = {}
    for c in concepts.values():
        for term in (c.label_en, c.label_zh, *c.aliases_en, *c.aliases_zh):
            key = " ".join(term.lower().split())
            assert owner.setdefault(key, c.id) == c.id, (term, owner[key], c.id)


def _linked(text: str) -> set[str]:
    from kg.extract.linking import links
    from kg.records import Article

    field = "abstract_zh" if re.search(r"[\u4e00-\u9fff]", text) else "abstract_en"
    return {link.id for link in links(Article("t", **{field: text}))}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("视网膜母细胞瘤的MRI表现", {"retinoblastoma", "mri"}),  # not 网膜 (omentum)
        ("多发性骨髓瘤与骨髓瘤", {"multiple-myeloma"}),  # not 骨髓 (bone marrow)
        ("下丘脑错构瘤", {"hypothalamus", "hamartoma"}),  # not 丘脑 (thalamus)
        ("hypothalamic hamartoma of the hypothalamus", {"hypothalamus", "hamartoma"}),
        ("肺结节病灶的CT表现", {"pulmonary-nodule", "ct"}),
        ("丘脑出血与乙状结肠癌", {"intracerebral-hemorrhage", "colon-cancer"}),
        ("腰椎间盘突出", {"disc-herniation"}),
        (
            "medial meniscus tear and articular cartilage damage",
            {"meniscal-tear", "cartilage-lesion"},
        ),
        ("mediastinal lymph node metastasis", {"lymph-node-metastasis"}),
        ("Tumour heterogeneity was assessed.", set()),
        ("Strategies to combat COVID-19 pneumonia", {"covid-19"}),
        ("Features were harmonized with ComBat.", {"combat-harmonization"}),
        ("PAI-1 levels and recurrence-free survival", set()),
        ("无复发生存期与左室射血分数", set()),
        ("以临床特征构建基础模型", set()),
        ("left ventricular ejection fraction", set()),
        ("the tumor microenvironment (TME), Chinese Academy of Sciences (CAS), UAE", set()),
        ("HCM and DCM", {"hypertrophic-cardiomyopathy"}),  # DCM: two concepts share it
        ("dilated cardiomyopathy (DCM); DCM was", {"dilated-cardiomyopathy"}),
        ("cervical spondylotic myelopathy (DCM); DCM was", {"cervical-myelopathy"}),
        ("MRE of the pancreas", {"pancreas"}),  # MRE: elastography or enterography
        ("MR enterography (MRE) in Crohn's disease", {"mr-enterography", "crohn-disease"}),
        ("MR elastography (MRE) of liver fibrosis", {"mre", "liver-fibrosis"}),
        ("Egger's test; SROC; I2 statistic", {"publication-bias", "sroc", "heterogeneity-test"}),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_issue_5_new_concepts_match_and_their_traps_do_not(text: str, expected: set) -> None:
    assert _linked(text) == expected


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "HCC",
                "CT",
                "DCM",
                "肺癌",
                "丘脑",
                "下丘脑出血",
                "MRE",
                "ComBat",
                "combat",
                "-",
                " ",
                "(",
                ")",
                "x",
                "7",
                "乳腺",
                "cancer",
                "DWI",
                "脑",
            ]
        ),
        max_size=30,
    ).map("".join)
)
def test_matches_are_exact_spans_on_word_boundaries(text: str) -> None:
    lex = load_lexicon()
    last = 0
    for start, end, cid, surface, is_abbr in lex.matches(text):
        assert last <= start < end <= len(text) and text[start:end] == surface
        assert cid is None or cid in lex.concepts
        assert not is_abbr or surface in lex.abbreviations
        if surface.isascii():
            assert not (start > 0 and text[start - 1].isascii() and text[start - 1].isalnum())
            assert not (end < len(text) and text[end].isascii() and text[end].isalnum())
        last = end


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Chinese: 性 left out or written, organ suffixes, a size or number after the organ
        ("弥漫性大B细胞淋巴瘤", {"dlbcl"}),
        ("多发骨髓瘤", {"multiple-myeloma"}),
        ("肝小血管瘤的超声造影表现", {"hepatic-hemangioma", "ceus"}),
        ("肝脏血管瘤与肝脏多发血管瘤", {"hepatic-hemangioma"}),
        ("骨质疏松", {"osteoporosis"}),
        ("胆囊恶性肿瘤", {"gallbladder-cancer"}),
        ("垂体大腺瘤与垂体微腺瘤", {"pituitary-adenoma"}),
        ("甲状腺全切", {"thyroidectomy"}),
        # a written form wins over a derived one: 脑小血管病 is not 脑+小+血管病
        ("脑小血管病", {"cerebral-small-vessel-disease"}),
        # no organ where the character begins another word: 肾上腺, not 肾脏上腺
        ("肾上腺腺瘤", {"adrenal-adenoma"}),
        # English: "X of the Y", organ nouns for adjectives, spellings, plurals
        ("carcinoma of the pancreas", {"pancreatic-cancer"}),
        ("Adenocarcinoma of the lung", {"lung-adenocarcinoma"}),
        ("haemangiomas of the liver", {"hepatic-hemangioma"}),
        ("liver metastasis and osseous metastases", {"liver-metastasis", "bone-metastasis"}),
        ("cardiac failure", {"heart-failure"}),
        ("cerebral metastases", {"brain-metastasis"}),
        ("gastric malignancy", {"gastric-cancer"}),
        ("pituitary macroadenomas", {"pituitary-adenoma"}),
        ("Crohn′s disease", {"crohn-disease"}),
        ("non small cell lung cancer", {"nsclc"}),
        ("oesophageal varices", {"esophageal-varices"}),
        # "cervical" names the neck as often as the cervix: no "X of the cervix" from it
        ("lymph node metastasis of the cervix", {"lymph-node-metastasis", "cervix"}),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_issue_5_surface_variants_are_derived(text: str, expected: set) -> None:
    assert _linked(text) == expected


def test_derived_variants_never_replace_a_written_form(concepts) -> None:
    lex = load_lexicon()
    for c in concepts.values():
        for term in (c.label_en, c.label_zh, *c.aliases_en, *c.aliases_zh):
            assert len(term) < 2 or lex.lookup(term) == c.id, term


def test_issue_5_round_2_covers_modalities_methods_procedures_and_anatomy(concepts) -> None:
    by_type = {t: sum(c.type == t for c in concepts.values()) for t in CONCEPT_TYPES}
    assert by_type["modality"] + by_type["sequence"] >= 130, by_type
    assert by_type["method"] + by_type["statistical-method"] + by_type["ml-model"] >= 280, by_type
    assert by_type["procedure"] >= 135 and by_type["anatomy"] >= 300, by_type
    lex = load_lexicon()
    for cid, root in [
        ("rs-dwi", "diffusion-mri"),
        ("mprage", "mri"),
        ("tau-pet", "nuclear-medicine"),
        ("portable-radiography", "imaging"),
        ("llama", "natural-language-processing"),
        ("gru", "neural-network"),
        ("test-time-augmentation", "deep-learning"),
        ("rmst", "statistics"),
        ("prisma", "meta-analysis-method"),
        ("vmat", "radiotherapy"),
        ("prostatic-artery-embolization", "interventional-procedure"),
        ("eus-fna", "biopsy"),
        ("entorhinal-cortex", "brain"),
        ("piriform-sinus", "head-and-neck"),
        ("prostate-transition-zone", "pelvis"),
    ]:
        assert root in [c.id for c in lex.ancestors(cid)], cid


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a longer technique name wins over the generic word inside it
        ("readout-segmented DWI (RESOLVE) of the prostate", {"rs-dwi", "prostate"}),
        ("MR弹性成像评估肝纤维化", {"mre", "liver-fibrosis"}),  # not ultrasound elastography
        ("IQon能谱CT碘图与单能量图", {"dual-energy-ct"}),  # iodine maps are spectral CT
        ("协方差分析与方差分析", {"ancova", "anova"}),  # 协方差分析 is no ANOVA
        ("经尿道膀胱肿瘤电切术(TURBT)", {"turbt"}),  # not urethra, bladder, neoplasm
        ("前列腺动脉栓塞术治疗良性前列腺增生", {"prostatic-artery-embolization", "bph"}),
        ("下腔静脉滤器置入", {"ivc-filter"}),  # not the inferior vena cava
        ("颈动脉磁共振黑血成像", {"carotid-artery", "black-blood-mri"}),
        # a tracer named with its PET/CT leaves no stray "CT"
        ("11C-choline PET/CT and 68Ga-DOTATATE", {"choline-pet", "somatostatin-receptor-pet"}),
        # compounds of two concepts keep both
        ("关节镜下肩袖修补术", {"arthroscopy", "rotator-cuff-repair"}),
        ("CEUS LI-RADS", {"ceus", "li-rads"}),
        ("内嗅皮层与海马", {"entorhinal-cortex", "hippocampus"}),
        # subtypes the gold sets annotate as their parent
        ("visceral adipose tissue", {"fat"}),
        ("冈下肌腱损伤", {"rotator-cuff"}),
        ("Deauville评分与Graf's method", {"deauville-score", "graf-method"}),
        # names of models and their versions
        ("YOLOv7, ShuffleNetV2 and Llama-3 with GPT-4o", {"yolo", "shufflenet", "llama", "gpt"}),
        # no common word becomes a concept
        ("The model, network and scores were analysed with imaging.", set()),
        ("In this space, the cube and the clip", set()),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_issue_5_round_2_concepts_match_and_their_traps_do_not(text: str, expected: set) -> None:
    assert _linked(text) == expected


# Composed disease names (data/lexicon/compose): a site and a pathology the lexicon lacks as one.


def _link_ids(text: str) -> list[str]:
    from kg.extract import extract
    from kg.records import Article

    return [link.id for link in extract(Article(text)).links]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # minted: one concept for every spelling, zh and en, singular and plural
        ("睾丸挫伤与肾脏裂伤", ["testicular-contusion", "renal-laceration"]),
        (
            "Testicular contusions and renal lacerations",
            ["testicular-contusion", "renal-laceration"],
        ),
        ("kidney laceration; 肾裂伤", ["renal-laceration"]),
        ("splenic haematoma", ["splenic-hematoma"]),
        # a spelling the lexicon already has keeps its concept, and lends it the others
        ("睾丸扭转与testis torsion", ["testicular-torsion"]),
        ("hepatic fibrosis", ["liver-fibrosis"]),
        # Han names have no word boundaries: a longer written name still wins
        ("基于术前CT影像的肺结节病理类型预测", ["ct", "pulmonary-nodule"]),
        ("急性肾损伤", ["acute-kidney-injury"]),
        # a generic composed name beside a disease named at the same site is that disease
        ("膀胱肿瘤患者的膀胱癌分期", ["bladder-cancer"]),
        ("胰腺囊肿", ["pancreatic-cyst"]),
    ],
)
def test_composed_disease_names(text: str, expected: list[str]) -> None:
    assert _link_ids(text) == expected


def test_a_composed_concept_has_labels_a_broader_head_and_its_site() -> None:
    lex = load_lexicon()
    written = read_lexicon()
    c = lex.concepts["splenic-hematoma"]
    assert "splenic-hematoma" not in written
    assert (c.type, c.label_en, c.label_zh, c.broader) == (
        "disease",
        "splenic hematoma",
        "脾血肿",
        "hemorrhage",
    )
    assert c.site[:2] == ("splenic", "spleen") and "脾脏" in c.site and c.head == "hematoma"
    # never minted beside a written concept of the same id or name
    assert all(cid in written for cid in ("liver-fibrosis", "testicular-torsion"))
    assert not {"hepatic-fibrosis", "testicular-torsion"} & (lex.concepts.keys() - written.keys())


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [
        (
            "sites.tsv",
            "adjective\tother_en\tzh\nsplenic\tspleen\t\n",
            "needs an adjective and a zh",
        ),
        ("sites.tsv", "adjective\tzh\nsplenic\t脾\n", "the header must be"),
        ("heads.tsv", "head\tbroader\tlabel_en\tother_en\tzh\nCyst\t\tcyst\t\t囊肿\n", "slug"),
        (
            "heads.tsv",
            "head\tbroader\tlabel_en\tother_en\tzh\ncyst\tnope\tcyst\t\t囊肿\n",
            "broader",
        ),
        ("heads.tsv", "head\tbroader\tlabel_en\tother_en\tzh\ncyst\t囊肿\n", "columns"),
    ],
)
def test_bad_composition_files_are_rejected_with_file_and_line(
    tmp_path: Path, name: str, text: str, reason: str
) -> None:
    from kg.extract.lexicon import read_composition

    good = {
        "sites.tsv": "adjective\tother_en\tzh\nsplenic\tspleen\t脾\n",
        "heads.tsv": "head\tbroader\tlabel_en\tother_en\tzh\ncyst\t\tcyst\t\t囊肿\n",
    }
    good[name] = text
    for file, content in good.items():
        (tmp_path / file).write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=reason) as err:
        read_composition(tmp_path, read_lexicon())
    assert err.value.path.endswith(name) and err.value.line >= 1
    assert read_composition(tmp_path / "absent", read_lexicon()).sites == ()


# Round 3 (issue 5): diseases and disease-like findings across every subspecialty.


def test_issue_5_round_3_diseases_reach_their_roots_in_every_subspecialty(concepts) -> None:
    by_type = {t: sum(c.type == t for c in concepts.values()) for t in CONCEPT_TYPES}
    assert by_type["disease"] >= 1150, by_type
    lex = load_lexicon()
    for cid, root in [
        ("atrt", "brain-tumor"),  # neuroradiology
        ("rcvs", "cerebrovascular-disease"),
        ("polymicrogyria", "congenital-anomaly"),
        ("sudden-hearing-loss", "snhl"),  # head and neck
        ("adenoid-cystic-carcinoma", "cancer"),
        ("diabetic-retinopathy", "diabetes"),
        ("vap", "lung-disease"),  # chest
        ("ila", "interstitial-lung-disease"),
        ("scad", "vascular-disease"),  # cardiac and vascular
        ("hlhs", "congenital-anomaly"),
        ("endoleak", "postoperative-complication"),
        ("mtm-hcc", "liver-cancer"),  # abdominal
        ("phlf", "liver-disease"),
        ("post-ercp-pancreatitis", "pancreatitis"),
        ("extraprostatic-extension", "cancer"),  # genitourinary
        ("cornual-pregnancy", "ectopic-pregnancy"),  # obstetric and fetal
        ("hydrops-fetalis", "congenital-anomaly"),
        ("subscapularis-tear", "sports-injury"),  # musculoskeletal
        ("abusive-head-trauma", "traumatic-brain-injury"),  # paediatric
        ("lcis", "breast-lesion"),  # breast
        ("her2-low-breast-cancer", "cancer"),
        ("pmbcl", "lymphoma"),  # oncology
        ("oligometastasis", "metastasis"),
        ("radiation-temporal-lobe-injury", "radiation-injury"),  # treatment injuries
        ("cement-leakage", "postoperative-complication"),
        ("osteosarcopenia", "sarcopenia"),  # body composition
        ("visceral-obesity", "obesity"),
    ]:
        assert root in [c.id for c in lex.ancestors(cid)], cid


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("非典型畸胎样/横纹肌样瘤(AT/RT)与髓母细胞瘤", {"atrt", "medulloblastoma"}),
        ("Reversible cerebral vasoconstriction syndrome (RCVS) and PRES", {"rcvs", "pres"}),
        # spellings the code derives: British forms, 's left out, plurals
        ("haemothorax and chylothorax", {"hemothorax", "chylothorax"}),
        ("Ménière disease", {"meniere-disease"}),
        ("Hill-Sachs lesions and Bankart lesions", {"hill-sachs-lesion", "bankart-lesion"}),
        (
            "oligometastases and HER2-low breast cancers",
            {"oligometastasis", "her2-low-breast-cancer"},
        ),
        ("type II endoleaks; II型内漏", {"endoleak"}),
        # a longer name wins: no procedure inside a complication, no organ inside a failure
        ("肝切除术后肝衰竭", {"phlf"}),
        # a generic parent beside the specific kind named after it is that kind
        ("造口旁疝与疝", {"parastomal-hernia"}),
        # traps: names inside other names, abbreviations with another meaning
        ("NK/T细胞淋巴瘤", {"nk-t-cell-lymphoma"}),  # no peripheral T-cell lymphoma
        ("肌营养不良与营养不良", {"muscular-dystrophy", "malnutrition"}),
        ("食管胃静脉曲张", {"esophageal-varices"}),  # not gastric varices
        ("BMI and bone marrow involvement", {"bone-marrow-involvement"}),  # BMI: body mass
        ("stroke volume index (SVI)", set()),  # SVI: no seminal vesicle invasion
        ("sepsis-associated encephalopathy; SAE; ESS; CMD", {"sepsis-associated-encephalopathy"}),
        ("cardiac toxicity of anthracyclines", {"cardiotoxicity"}),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_issue_5_round_3_diseases_match_and_their_traps_do_not(text: str, expected: set) -> None:
    assert _linked(text) == expected


@pytest.mark.parametrize(
    ("text", "cid"),
    [
        ("Five machine-learning models were compared.", "machine-learning"),
        ("Patients with invasive ductal breast cancer were included.", "idc"),
        ("Ventricles were segmented on fetal brain MRI.", "fetal-mri"),
        ("All patients had non-contrast chest CT.", "ncct"),
        ("Lesions were outlined on contrast-enhanced abdominal CT.", "cect"),
        ("Cut-offs came from logistic analysis.", "logistic-regression"),
        ("回顾性分析34例尤因肉瘤患者。", "ewing-sarcoma"),
        ("患者均行非增强胸部CT检查。", "ncct"),
        ("比较观察者间可靠性。", "interobserver-agreement"),
    ],
)
def test_spellings_added_after_the_heldout17_and_18_run(text: str, cid: str) -> None:
    field = "abstract_zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "abstract_en"
    assert cid in {link.id for link in extract(Article("t", **{field: text})).links}


# Round 4 (issue 5): named scores, criteria, classification and reporting systems, imaging
# techniques, contrast studies and procedures across every subspecialty.


def test_issue_5_round_4_names_reach_their_roots_in_every_subspecialty(concepts) -> None:
    by_type = {t: sum(c.type == t for c in concepts.values()) for t in CONCEPT_TYPES}
    assert by_type["method"] + by_type["statistical-method"] + by_type["ml-model"] >= 500, by_type
    assert by_type["modality"] + by_type["sequence"] >= 220 and by_type["procedure"] >= 200, by_type
    lex = load_lexicon()
    for cid, root in [
        ("pc-aspects", "aspects"),  # neuroradiology
        ("bt-rads", "rads"),
        ("ajcc-staging", "tnm-staging"),  # head and neck, oncology
        ("co-rads", "rads"),  # chest
        ("li-rads-tr", "li-rads"),  # abdominal, interventional
        ("ki-rads", "rads"),  # genitourinary
        ("recip", "recist"),  # nuclear medicine
        ("mrmc-analysis", "roc-analysis"),  # AI evaluation
        ("quadas-ai", "meta-analysis-method"),
        ("medicalnet", "cnn"),
        ("llava", "large-language-model"),
        ("grasp", "dce-mri"),  # MRI techniques
        ("stretched-exponential-model", "diffusion-mri"),
        ("speckle-tracking", "echocardiography"),  # ultrasound
        ("cevus", "ceus"),
        ("vcug", "radiography"),  # contrast studies
        ("quantitative-flow-ratio", "angiography-imaging"),
        ("brain-perfusion-spect", "nuclear-medicine"),
        ("octa", "oct"),
        ("varicocele-embolization", "interventional-procedure"),  # procedures
        ("histotripsy", "ablation"),
        ("tomotherapy", "radiotherapy"),
        ("capsule-endoscopy", "diagnostic-procedure"),
    ]:
        assert root in [c.id for c in lex.ancestors(cid)], cid


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # scores, criteria, classification and reporting systems, zh and en
        ("pc-ASPECTS评分与ASPECTS评分", {"pc-aspects", "aspects"}),
        (
            "Spetzler-Martin grading and the modified Fisher scale",
            {"spetzler-martin", "modified-fisher-scale"},
        ),
        ("采用Lund-Mackay评分与Fleischner学会指南", {"lund-mackay", "fleischner-guidelines"}),
        (
            "SYNTAX score, Gensini score and the AHA 17-segment model",
            {"syntax-score", "gensini-score", "aha-17-segment-model"},
        ),
        ("Stanford分型与DeBakey分型", {"stanford-classification", "debakey-classification"}),
        ("米兰标准、UCSF标准与杭州标准", {"milan-criteria", "ucsf-criteria", "hangzhou-criteria"}),
        ("修订版亚特兰大分类评估急性胰腺炎", {"atlanta-classification", "pancreatitis"}),
        ("KI-RADS, GB-RADS, BT-RADS and CO-RADS", {"ki-rads", "gb-rads", "bt-rads", "co-rads"}),
        ("IOTA简单法则与ADNEX模型", {"iota-simple-rules", "adnex-model"}),
        ("Genant半定量法与Garden分型", {"genant-method", "garden-classification"}),
        ("WORMS and MOAKS scores of the knee", {"worms", "moaks", "knee"}),
        (
            "metabolic tumor volume (MTV) and total lesion glycolysis (TLG)",
            {"metabolic-tumor-volume", "total-lesion-glycolysis"},
        ),
        ("Clavien-Dindo classification and CTCAE v5.0", {"clavien-dindo", "ctcae"}),
        ("STARD 2015 and the CLAIM checklist", {"stard", "claim-checklist"}),
        ("Kendall's W and Gwet's AC1", {"kendall-w", "gwet-ac1"}),
        # imaging techniques, contrast studies, nuclear medicine
        (
            "扩散频谱成像、拉伸指数模型与分数阶微积分模型",
            {"dsi", "stretched-exponential-model", "fractional-order-calculus-model"},
        ),
        ("HASTE and VIBE sequences; TrueFISP cine", {"ssfse", "vibe", "bssfp"}),
        ("斑点追踪超声心动图与组织多普勒成像", {"speckle-tracking", "tissue-doppler"}),
        ("排尿性膀胱尿道造影(VCUG)与静脉肾盂造影", {"vcug", "urography"}),
        ("11C-蛋氨酸PET与18F-FET PET", {"methionine-pet", "fet-pet"}),
        ("endobronchial ultrasound", {"endoscopic-us"}),  # the gold sets' concept for EBUS
        # procedures
        ("经皮胆囊造瘘术与PICC置管", {"percutaneous-cholecystostomy", "picc"}),
        ("肾输尿管全长切除术与肾盂成形术", {"nephroureterectomy", "pyeloplasty"}),
        ("组织摧毁术与组织碎化术", {"histotripsy"}),
        ("CAR-T细胞治疗与造血干细胞移植", {"car-t-therapy", "hsct"}),
        # a longer name wins, and one already in the lexicon keeps its concept
        ("holmium laser enucleation of the prostate (HoLEP)", {"turp"}),
        ("EBUS-TBNA; Milan ultrasound criteria", {"ebus-tbna", "milan-ultrasound-criteria"}),
        ("Fisher's exact test and Rotterdam criteria", {"fisher-exact", "rotterdam-criteria"}),
        ("支架辅助弹簧圈栓塞", {"aneurysm-coiling"}),
        ("趋势卡方检验", {"chi-square-test"}),
        ("双变量随机效应模型", {"random-effects-model"}),  # the gold sets keep both words
        # traps: common words, abbreviations with another meaning, names inside other words
        ("In haste, the blade will thrive; it makes sense.", set()),
        ("TTF-1 and ART in HIV; microvessel density (MVD); PTX; entecavir (ETV)", set()),
        ("palm and simple rules; multimodal image fusion", set()),
        ("SNR, CNR and CTDIvol were measured", set()),  # image-quality measurements
        ("错位型骨折、轻微骨折", {"fracture"}),  # no microfracture
        ("Mayo endoscopic score", set()),  # a reference standard, not annotated
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_issue_5_round_4_names_match_and_their_traps_do_not(text: str, expected: set) -> None:
    assert _linked(text) == expected


@pytest.mark.parametrize(
    ("text", "cid"),
    [
        ("基于CT影像组学预测非小细胞肺癌患者的超进展。", "hyperprogressive-disease"),
        (
            "The score grades tumor-related spinal instability in spinal tumors.",
            "spinal-instability",
        ),
        ("采用有限元分析(FEA)评价血肿形态。", "finite-element-analysis"),
        ("以Darknet-53为主干网络。", "darknet-53"),
        ("Reports were simplified by Mixtral-8x22B.", "mixtral"),
        ("冠状面质子密度加权(PD)脂肪抑制序列。", "pdwi"),
    ],
)
def test_spellings_added_after_the_heldout19_and_20_run(text: str, cid: str) -> None:
    field = "abstract_zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "abstract_en"
    assert cid in {link.id for link in extract(Article("t", **{field: text})).links}
