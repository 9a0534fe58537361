"""The curated lexicon of ``data/lexicon/*.tsv`` and its multi-pattern matcher.

Each row is one concept::

    id  type  label_en  label_zh  aliases_en  aliases_zh  abbreviations  broader  mesh  mesh_source

Lists are ``|``-separated.  ``type`` is one of :data:`CONCEPT_TYPES`;
``broader`` names another concept's id (``resnet50`` → ``resnet`` → ``cnn``
→ ``neural-network`` → ``deep-learning``); ``mesh`` is a MeSH descriptor id
(``D008279``) given only where the public source in ``mesh_source`` states it.

Matching rules (:class:`Lexicon` builds one Aho–Corasick automaton, once):

* labels and aliases match case-insensitively; a Latin pattern must start and
  end on a word boundary (no letter or digit just outside it);
* abbreviations match case-sensitively, on word boundaries; an abbreviation
  of one or two characters (``RF``, ``AD``), or one that two concepts share
  (``ICC``), matches only where the article itself defines it;
* Han patterns shorter than two characters are never matched (``肺``, ``癌``);
* overlapping matches resolve to the leftmost longest one.

Besides the written labels and aliases, regular surface variants are derived
(a written form always wins over a derived one; see :func:`_en_variants` and
:func:`_zh_variants`): English plurals, British and American spellings,
hyphens written as spaces, ``'s`` written or left out, organ adjectives and
nouns (``hepatic``/``liver``), ``carcinoma of the pancreas``, ``macroadenoma``;
Chinese names with and without ``性`` (``弥漫性大B细胞淋巴瘤``), with an organ
suffix (``肝脏血管瘤``), with a size or number inserted after the organ
(``肝小血管瘤``), ``恶性肿瘤`` for ``癌`` after an organ, ``症`` and ``术`` left out.

>>> lex = load_lexicon()
>>> lex.concepts["resnet50"].broader
'resnet'
>>> [c.id for c in lex.ancestors("resnet50")]
['resnet', 'cnn', 'neural-network', 'deep-learning', 'machine-learning', 'artificial-intelligence']
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.data import data_path
from kg.errors import InputError
from kg.extract.scan import LongestMatcher, fold_case

__all__ = [
    "CONCEPT_TYPES",
    "COLUMNS",
    "Composition",
    "Concept",
    "Head",
    "Lexicon",
    "Site",
    "load_lexicon",
    "read_composition",
    "read_lexicon",
]

#: The concept types a lexicon row may have.
CONCEPT_TYPES = (
    "method",
    "statistical-method",
    "ml-model",
    "modality",
    "sequence",
    "disease",
    "anatomy",
    "procedure",
    "study-design",
)

#: The columns of every lexicon file, in order.
COLUMNS = (
    "id",
    "type",
    "label_en",
    "label_zh",
    "aliases_en",
    "aliases_zh",
    "abbreviations",
    "broader",
    "mesh",
    "mesh_source",
)

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_MESH = re.compile(r"D\d{6}(?:\d{3})?")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True, slots=True)
class Concept:
    """One lexicon row."""

    id: str
    type: str
    label_en: str
    label_zh: str
    aliases_en: tuple[str, ...] = ()
    aliases_zh: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    broader: str | None = None
    mesh: str | None = None
    mesh_source: str | None = None
    #: For a composed disease name (``splenic cyst``): the site's names and the head's id.
    site: tuple[str, ...] = ()
    head: str | None = None


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def _rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """The numbered rows of a TSV file with the header ``columns``; malformed rows raise."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or tuple(rows[0]) != columns:
        raise InputError(str(path), 1, f"the header must be the columns {', '.join(columns)}")
    out = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            raise InputError(
                str(path), number, f"expected {len(columns)} tab-separated columns, got {len(row)}"
            )
        out.append((number, dict(zip(columns, (cell.strip() for cell in row), strict=True))))
    return out


def read_lexicon(folder: str | Path | None = None) -> dict[str, Concept]:
    """Read every ``*.tsv`` of a lexicon folder and check its integrity.

    Raises
    ------
    kg.errors.InputError
        On a malformed row, a duplicate id, an unknown type, a malformed
        MeSH id or one without a source, a ``broader`` id that does not
        exist, or a ``broader`` cycle; the message names the file and line.

    Examples
    --------
    >>> concepts = read_lexicon()
    >>> concepts["dki"].label_zh, concepts["dki"].broader
    ('扩散峰度成像', 'diffusion-mri')
    """
    base = Path(folder) if folder is not None else data_path("lexicon")
    concepts: dict[str, Concept] = {}
    where: dict[str, tuple[str, int]] = {}
    for path in sorted(base.glob("*.tsv")):
        for number, cells in _rows(path, COLUMNS):
            cid = cells["id"]
            if not _ID.fullmatch(cid):
                raise InputError(
                    str(path), number, f"id {cid!r} is not a lower-case kebab-case slug"
                )
            if cid in concepts:
                first = where[cid]
                raise InputError(
                    str(path), number, f"duplicate id {cid!r} (first at {first[0]}:{first[1]})"
                )
            if cells["type"] not in CONCEPT_TYPES:
                raise InputError(
                    str(path),
                    number,
                    f"unknown type {cells['type']!r}; use one of {', '.join(CONCEPT_TYPES)}",
                )
            if not cells["label_en"] or not cells["label_zh"]:
                raise InputError(
                    str(path), number, f"{cid}: both label_en and label_zh are required"
                )
            mesh = cells["mesh"] or None
            if mesh is not None and not _MESH.fullmatch(mesh):
                raise InputError(
                    str(path), number, f"{cid}: MeSH id {mesh!r} is not of the form D######"
                )
            if mesh is not None and not cells["mesh_source"]:
                raise InputError(
                    str(path), number, f"{cid}: a MeSH id needs the public source that states it"
                )
            concepts[cid] = Concept(
                id=cid,
                type=cells["type"],
                label_en=cells["label_en"],
                label_zh=cells["label_zh"],
                aliases_en=_split(cells["aliases_en"]),
                aliases_zh=_split(cells["aliases_zh"]),
                abbreviations=_split(cells["abbreviations"]),
                broader=cells["broader"] or None,
                mesh=mesh,
                mesh_source=cells["mesh_source"] or None,
            )
            where[cid] = (str(path), number)
    for cid, concept in concepts.items():
        if concept.broader is not None and concept.broader not in concepts:
            path, number = where[cid]
            raise InputError(
                path, number, f"{cid}: broader concept {concept.broader!r} does not exist"
            )
    for cid in concepts:
        seen = {cid}
        parent = concepts[cid].broader
        while parent is not None:
            if parent in seen:
                path, number = where[cid]
                raise InputError(
                    path, number, f"{cid}: the broader chain has a cycle through {parent!r}"
                )
            seen.add(parent)
            parent = concepts[parent].broader
    return concepts


def _is_word(ch: str) -> bool:
    return ch.isalnum() and not _HAN.match(ch)


class Lexicon:
    """The concepts and one Aho–Corasick automaton over all their patterns.

    The automaton maps a lower-cased pattern to a tuple of entries
    ``(concept_id_or_None, case_form_or_None, is_latin)``: ``case_form`` is the
    exact-case spelling an abbreviation must have; a ``None`` concept marks an
    abbreviation that only an in-text definition can resolve.  With a ``composition``
    (:func:`read_composition`), the disease names it composes join the patterns after every
    written and derived form, and the concepts it mints join :attr:`concepts`.
    """

    def __init__(
        self, concepts: dict[str, Concept], *, composition: Composition | None = None
    ) -> None:
        self.concepts = concepts
        entries: dict[str, list[tuple[str | None, str | None, bool]]] = {}
        owners: dict[str, set[str]] = {}
        for c in concepts.values():
            for abbr in c.abbreviations:
                owners.setdefault(abbr, set()).add(c.id)
        #: Normalised long form (label or alias) → concept id, for in-text definitions.
        self.long_forms: dict[str, str] = {}
        for c in concepts.values():
            for term in (c.label_en, c.label_zh, *c.aliases_en, *c.aliases_zh):
                key = _key(term)
                if _HAN.search(term) and len(term) < 2:
                    continue
                self.long_forms.setdefault(key, c.id)
                entries.setdefault(key, []).append((c.id, None, not _HAN.search(term)))
        # Han names of organs (``肝脏``, ``乳腺``) for the surface rules of disease names.
        organs = frozenset(
            term
            for c in concepts.values()
            if c.type == "anatomy"
            for term in (c.label_zh, *c.aliases_zh)
            if len(term) >= 2 and _HAN.fullmatch(term[0])
        ) | frozenset(_ORGAN_SUFFIX)
        for c in concepts.values():  # after every written form, which wins over a derived one
            derived = [_plural(_key(term)) for term in (c.label_en, *c.aliases_en)]
            derived += [
                _key(term.replace(conjunction, other))
                for term in (c.label_zh, *c.aliases_zh)
                for conjunction, other in _CONJUNCTION_VARIANTS
                if conjunction in term
            ]  # "最小绝对收缩与选择算子" for "…收缩和选择算子"
            for term in (c.label_en, *c.aliases_en):
                for variant in _en_variants(_key(term), c.type):
                    derived += [variant, _plural(variant)]
            for term in (c.label_zh, *c.aliases_zh):
                derived += [_key(variant) for variant in _zh_variants(term, c.type, organs)]
            for key in derived:
                if key is not None and key not in entries:
                    self.long_forms.setdefault(key, c.id)
                    entries[key] = [(c.id, None, not _HAN.search(key))]
            for abbr in c.abbreviations:
                global_ok = len(owners[abbr]) == 1 and (len(abbr) > 2 or c.type == "modality")
                entries.setdefault(abbr.lower(), []).append(
                    (c.id if global_ok else None, abbr, True)
                )
        if composition is not None:  # after every written and derived form, which win
            self.concepts = {**concepts, **_compose(composition, concepts, entries)}
        self.abbreviations = {abbr: sorted(ids) for abbr, ids in owners.items()}
        for values in entries.values():
            # Exact-case abbreviation entries first, so that "CT" (an abbreviation) and "ct" (in an
            # alias list) resolve by case; a concept entry wins over an ambiguous marker.
            values.sort(key=lambda v: (v[1] is None, v[0] is None))
        self.matcher = LongestMatcher({key: tuple(values) for key, values in entries.items()})

    def lookup(self, term: str) -> str | None:
        """The concept whose label or alias ``term`` is (case and spacing aside), or ``None``.

        >>> load_lexicon().lookup("Logistic  Regression")
        'logistic-regression'
        """
        return self.long_forms.get(_key(term))

    def ancestors(self, cid: str) -> list[Concept]:
        """The broader concepts of ``cid``, nearest first."""
        out = []
        parent = self.concepts[cid].broader
        while parent is not None:
            out.append(self.concepts[parent])
            parent = self.concepts[parent].broader
        return out

    def matches(self, text: str) -> list[tuple[int, int, str | None, str, bool]]:
        """Leftmost-longest matches: ``(start, end, concept_id_or_None, surface, is_abbreviation)``.

        ``None`` marks an abbreviation that only an in-text definition resolves.

        >>> [(m[2], m[3]) for m in load_lexicon().matches("ResNet50 and DKI, not DKIs")]
        [('resnet50', 'ResNet50'), ('dki', 'DKI')]
        """
        out = []
        n = len(text)
        for start, end, values in self.matcher.find(fold_case(text)):
            surface = text[start:end]
            for cid, case_form, is_latin in values:
                if case_form is not None and surface != case_form:
                    continue
                if is_latin and (
                    (start > 0 and _is_word(text[start - 1]) and _is_word(text[start]))
                    or (end < n and _is_word(text[end]) and _is_word(text[end - 1]))
                ):
                    continue
                out.append((start, end, cid, surface, case_form is not None))
                break
        return out


def _key(term: str) -> str:
    return " ".join(term.lower().split())


#: Chinese conjunctions that spell the same name: 和 (and), 与 (and), 及 (and).
_CONJUNCTION_VARIANTS = (("和", "与"), ("与", "和"), ("和", "及"), ("及", "和"))
_PLURAL_RULES = ((re.compile(r"sis$"), "ses"), (re.compile(r"([^aeiou])y$"), r"\1ies"))
_NO_PLURAL = re.compile(r"(?:[sxz]|ch|sh|ing|ed|ic|al|ous|ive|[^a-z])$")


def _plural(key: str) -> str | None:
    """The regular English plural of a lower-cased term's last word, if it has one.

    >>> [_plural(t) for t in ("multivariate analysis", "biopsy", "deep learning", "lesion")]
    ['multivariate analyses', 'biopsies', None, 'lesions']
    """
    if _HAN.search(key):
        return None
    for pattern, replacement in _PLURAL_RULES:
        if pattern.search(key):
            return pattern.sub(replacement, key)
    if _NO_PLURAL.search(key):
        return None
    return key + "s"


#: American → British spellings at the start of a word (both directions are derived).
_SPELLINGS = (
    ("tumor", "tumour"),
    ("hemorrhag", "haemorrhag"),
    ("hemangio", "haemangio"),
    ("hematom", "haematom"),
    ("hemato", "haemato"),
    ("hemoly", "haemoly"),
    ("hemosiderin", "haemosiderin"),
    ("hemothorax", "haemothorax"),
    ("hemoptysis", "haemoptysis"),
    ("hemodialysis", "haemodialysis"),
    ("esophag", "oesophag"),
    ("edema", "oedema"),
    ("ischemi", "ischaemi"),
    ("anemia", "anaemia"),
    ("leukemia", "leukaemia"),
    ("leukoencephal", "leucoencephal"),
    ("pediatric", "paediatric"),
    ("orthopedic", "orthopaedic"),
    ("fetal", "foetal"),
    ("fetus", "foetus"),
    ("estrogen", "oestrogen"),
    ("diarrhea", "diarrhoea"),
    ("gynecolog", "gynaecolog"),
    ("hydrocele", "hydrocoele"),
    ("celiac", "coeliac"),
    ("tumors", "tumours"),
)
_US_TO_UK = tuple((re.compile(rf"\b{us}"), uk) for us, uk in _SPELLINGS)
_UK_TO_US = tuple((re.compile(rf"\b{uk}"), us) for us, uk in _SPELLINGS)

#: Organ adjective → noun, for "hepatic X" / "liver X" and "X of the liver" (disease names).
_ORGAN_NOUNS = {
    "pulmonary": "lung",
    "hepatic": "liver",
    "renal": "kidney",
    "gastric": "stomach",
    "cerebral": "brain",
    "cardiac": "heart",
    "pancreatic": "pancreas",
    "splenic": "spleen",
    "esophageal": "esophagus",
    "colonic": "colon",
    "rectal": "rectum",
    "prostatic": "prostate",
    "ovarian": "ovary",
    "uterine": "uterus",
    "testicular": "testis",
    "vesical": "bladder",
    "osseous": "bone",
    "skeletal": "bone",
    "intestinal": "bowel",
    "thymic": "thymus",
    "laryngeal": "larynx",
    "mammary": "breast",
}
#: Organ noun → its adjectives.
_ORGAN_ADJECTIVES = {
    noun: tuple(adjective for adjective, other in _ORGAN_NOUNS.items() if other == noun)
    for noun in _ORGAN_NOUNS.values()
}
#: Nouns that name an organ in "X of the <organ>" (besides those of _ORGAN_NOUNS).
_OF_THE = frozenset(
    {
        *_ORGAN_NOUNS.values(),
        "breast",
        "bladder",
        "thyroid",
        "hip",
        "knee",
        "shoulder",
        "spine",
        "cervix",
        "skin",
        "tongue",
        "parotid",
        "pituitary",
        "adrenal",
        "gallbladder",
        "appendix",
        "duodenum",
        "femur",
        "tibia",
        "orbit",
    }
)
_NO_OF_THE = frozenset({"renal", "cervical"})  # "renal cell", "cervical lymph node": not an organ
_ADENOMA = re.compile(r"\badenoma(s?)$")


_TWO_WORDS = re.compile(r"[a-z]{3,} [a-z]{3,}")


def _en_variants(key: str, ctype: str) -> list[str]:
    """Regular English spellings of a lower-cased term (never the term itself).

    British and American spellings, hyphens as spaces (and a hyphen between two words: the
    compound adjective ``machine-learning``), ``'s`` left out or
    written with a typographic apostrophe; for diseases also the organ noun
    for its adjective and the reverse, ``<rest> of the <organ>``, ``cancer`` /
    ``carcinoma`` / ``malignancy`` after an organ and ``macro-``/``micro-``
    adenomas.

    >>> v = _en_variants("pancreatic carcinoma", "disease")
    >>> v[1:4]
    ['pancreas carcinoma', 'carcinoma of the pancreas', 'carcinoma of pancreas']
    >>> _en_variants("machine learning", "method")
    ['machine-learning']
    >>> "pancreatic cancer" in v
    True
    >>> _en_variants("ground-glass nodule", "disease")
    ['ground glass nodule']
    >>> _en_variants("pituitary adenoma", "disease")[-2:]
    ['pituitary macroadenoma', 'pituitary microadenoma']
    """
    if _HAN.search(key):
        return []
    out = [key]
    for rules in (_US_TO_UK, _UK_TO_US):
        spelled = key
        for pattern, replacement in rules:
            spelled = pattern.sub(replacement, spelled)
        out.append(spelled)
    if "-" in key:
        out += [form.replace("-", " ") for form in out]
    elif _TWO_WORDS.fullmatch(key):
        out += [form.replace(" ", "-") for form in out]  # "machine-learning models"
    for apostrophe in ("'s", "’s", "′s"):
        if apostrophe in key:
            out += [
                form.replace(apostrophe, other) for form in out for other in ("", "'s", "’s", "′s")
            ]
    if ctype == "disease":
        for form in list(dict.fromkeys(out)):
            out += _disease_variants(form)
    return [v for v in dict.fromkeys(out) if v != key]


def _disease_variants(key: str) -> list[str]:
    """Organ adjective and noun, ``<rest> of the <organ>``, cancer/carcinoma, adenoma by size."""
    out: list[str] = []
    words = key.split()
    first, rest = words[0], " ".join(words[1:])
    if 1 < len(words) <= 5 and first not in _NO_OF_THE:
        noun = _ORGAN_NOUNS.get(first)
        if noun is not None:
            out.append(f"{noun} {rest}")
        else:
            out += [f"{adjective} {rest}" for adjective in _ORGAN_ADJECTIVES.get(first, ())]
        noun = noun or (first if first in _OF_THE else None)
        if noun is not None:
            for head in (rest, _plural(rest)):
                if head is not None:
                    out += [f"{head} of the {noun}", f"{head} of {noun}"]
    if len(words) >= 2 and first not in _NO_OF_THE:
        if words[-1] == "cancer":
            out += [" ".join([*words[:-1], other]) for other in ("carcinoma", "malignancy")]
        elif words[-1] == "carcinoma":
            out.append(" ".join([*words[:-1], "cancer"]))
    m = _ADENOMA.search(key)
    if m is not None and len(words) >= 2:
        out += [key[: m.start()] + prefix + key[m.start() :] for prefix in ("macro", "micro")]
    return out


#: Han organ names written with or without a suffix: 肝/肝脏, 肾/肾脏, 胃/胃部.
_ORGAN_SUFFIX = {"肝": "肝脏", "肾": "肾脏", "脾": "脾脏", "胃": "胃部", "肺": "肺部", "脑": "脑部"}
# After one of these an organ character begins another word (肾上腺, 肺动脉, 脑干), not an organ.
_ORGAN_COMPOUND = re.compile(
    r"^(?:肾上|肾盂|肾小|肾盏|肺动|肺静|肝内|肝门|肝细胞|肝动|肝静|胃肠|脑干|脑室|脑膜|脑脊|脑白|脑灰|脑血|脑小|脑桥)"
)
#: Han modifiers written with or without 性: 弥漫(性)大B细胞淋巴瘤, 多发(性)骨髓瘤.
_XING = re.compile(
    r"(弥漫|多发|浸润|侵袭|局灶|原发|继发|特发|转移|缺血|出血|坏死|化脓|结核|病毒|细菌|真菌|放射|创伤|"
    r"外伤|退行|阻塞|梗阻|萎缩|增生|反应|感染|间质|混合)(?!性)(?=[\u4e00-\u9fff])"
)
#: Size or number words written between an organ and a disease: 肝小血管瘤, 肝多发囊肿.
_INSERTED = ("小", "微小", "巨大", "多发", "多发性", "单发", "孤立性")
_PROCEDURE_HEADS = re.compile(
    r"(?:切除|消融|栓塞|置换|重建|成形|植入|移植|引流|融合|清扫|活检|剥离)$"
)


def _zh_variants(term: str, ctype: str, organs: frozenset[str]) -> list[str]:
    """Regular Chinese spellings of a Han disease or procedure name (never the name itself).

    >>> _zh_variants("弥漫大B细胞淋巴瘤", "disease", frozenset())
    ['弥漫性大B细胞淋巴瘤']
    >>> v = _zh_variants("肝血管瘤", "disease", frozenset({"肝"}))
    >>> v[:3], "肝脏多发血管瘤" in v
    (['肝脏血管瘤', '肝小血管瘤', '肝微小血管瘤'], True)
    >>> _zh_variants("骨质疏松症", "disease", frozenset())
    ['骨质疏松']
    >>> _zh_variants("胆囊癌", "disease", frozenset({"胆囊"}))[-1]
    '胆囊恶性肿瘤'
    """
    if not _HAN.match(term) or len(term) < 3:
        return []
    out: list[str] = []
    if ctype == "procedure":
        if term.endswith("术") and len(term) >= 4:
            out.append(term[:-1])
        elif _PROCEDURE_HEADS.search(term):
            out.append(term + "术")
        return [v for v in dict.fromkeys(out) if v != term]
    if ctype != "disease":
        return []
    forms = [term]
    if term.endswith("症") and len(term) >= 4:
        forms.append(term[:-1])
    # 性 after a modifier of two or more characters may be left out (浸润性 → 浸润) ...
    for form in list(forms):
        at = [i for i, ch in enumerate(form) if ch == "性" and 2 <= i < len(form) - 1]
        for i in at:
            forms.append(form[:i] + form[i + 1 :])
        if len(at) > 1:
            forms.append(form[:2] + form[2:-1].replace("性", "") + form[-1])
    # ... or written after one (弥漫大B → 弥漫性大B).
    for form in list(forms):
        forms.append(_XING.sub(r"\1性", form))
    # The organ with or without its suffix, and a size or number word after it.
    for form in list(forms):
        for short, long in _ORGAN_SUFFIX.items():
            if form.startswith(long) and len(form) > len(long) + 1:
                rest = form[len(long) :]
            elif form.startswith(short) and not form.startswith(long) and len(form) > 2:
                rest = form[1:]
            else:
                continue
            if _ORGAN_COMPOUND.match(form):
                break
            forms += [short + rest, long + rest]
            if not rest.startswith(("细胞", *_INSERTED)):
                forms += [organ + word + rest for organ in (short, long) for word in _INSERTED]
            break
    # An adenoma by size is annotated as the adenoma (垂体大腺瘤, 垂体微腺瘤 → 垂体腺瘤).
    for form in list(forms):
        if form.endswith("腺瘤") and len(form) > 3 and form[-3] not in "大微":
            forms += [form[:-2] + size + "腺瘤" for size in "大微"]
    # 癌 after an organ name is also written 恶性肿瘤 (胆囊癌 / 胆囊恶性肿瘤).
    for form in list(forms):
        if form.endswith("癌") and form[:-1] in organs:
            forms.append(form[:-1] + "恶性肿瘤")
    return [v for v in dict.fromkeys(forms) if v != term]


# ---------------------------------------------------------------------------------------------
# Composed disease names: a site and a pathology (``splenic cyst``, ``睾丸破裂``).


@dataclass(frozen=True, slots=True)
class Site:
    """A site a disease name may start with: its English adjective (the form a composed
    concept's id and label use), its other English forms and its Han names."""

    adjective: str
    other_en: tuple[str, ...]
    zh: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Head:
    """A pathology a disease name may end with: the id part, the broader lexicon concept (if
    any), the English label, its other English forms and its Han names."""

    head: str
    broader: str | None
    label_en: str
    other_en: tuple[str, ...]
    zh: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Composition:
    """The sites and pathologies of ``data/lexicon/compose`` (``sites.tsv``, ``heads.tsv``)."""

    sites: tuple[Site, ...] = ()
    heads: tuple[Head, ...] = ()


_SITE_COLUMNS = ("adjective", "other_en", "zh")
_HEAD_COLUMNS = ("head", "broader", "label_en", "other_en", "zh")


def read_composition(folder: str | Path, concepts: dict[str, Concept]) -> Composition:
    """Read the sites and pathologies that compose disease names the lexicon lacks.

    An absent folder composes nothing.

    Raises
    ------
    kg.errors.InputError
        On a malformed row, a site without a Han name, a head that is no slug or whose
        ``broader`` concept is not a disease of ``concepts``; the message names the file and
        line.

    Examples
    --------
    >>> c = read_composition(data_path("lexicon") / "compose", read_lexicon())
    >>> c.sites[0].adjective, c.sites[0].zh, c.heads[0].broader
    ('hepatic', ('肝', '肝脏'), 'neoplasm')
    """
    base = Path(folder)
    if not base.is_dir():
        return Composition()
    sites = []
    for number, row in _rows(base / "sites.tsv", _SITE_COLUMNS):
        if not row["adjective"] or not _split(row["zh"]):
            raise InputError(
                str(base / "sites.tsv"), number, "a site needs an adjective and a zh name"
            )
        sites.append(
            Site(row["adjective"].lower(), _split(row["other_en"].lower()), _split(row["zh"]))
        )
    heads = []
    for number, row in _rows(base / "heads.tsv", _HEAD_COLUMNS):
        where = (str(base / "heads.tsv"), number)
        if not _ID.fullmatch(row["head"]) or not row["label_en"] or not _split(row["zh"]):
            raise InputError(*where, "a head needs a slug, an English label and a zh name")
        broader = row["broader"] or None
        if broader is not None and (broader not in concepts or concepts[broader].type != "disease"):
            raise InputError(*where, f"broader {broader!r} is not a disease of the lexicon")
        heads.append(
            Head(
                row["head"],
                broader,
                row["label_en"].lower(),
                _split(row["other_en"].lower()),
                _split(row["zh"]),
            )
        )
    return Composition(tuple(sites), tuple(heads))


def _compose(
    composition: Composition,
    concepts: dict[str, Concept],
    entries: dict[str, list[tuple[str | None, str | None, bool]]],
) -> dict[str, Concept]:
    """Add the composed names to ``entries``; return the concepts minted for them.

    A site and a head name one disease in every spelling (``splenic cyst``, ``spleen cysts``,
    ``脾囊肿``, ``脾脏囊肿``).  Where one spelling is already a disease of the lexicon, the
    others become its variants (``肝脏脓肿`` → ``liver-abscess``) and nothing is minted;
    where none is, a concept ``<adjective>-<head>`` is minted (``splenic-cyst``, label
    ``splenic cyst`` / ``脾囊肿``, broader the head's concept).  A spelling that is already
    another pattern keeps its meaning.
    """
    minted: dict[str, Concept] = {}
    for site in composition.sites:
        for head in composition.heads:
            keys = []
            for adjective in (site.adjective, *site.other_en):
                for name in (head.label_en, *head.other_en):
                    key = _key(f"{adjective} {name}")
                    keys += [key, _plural(key)]
                    for variant in _en_variants(key, "composed"):
                        keys += [variant, _plural(variant)]
            keys += [_key(place + name) for place in site.zh for name in head.zh]
            keys = [key for key in dict.fromkeys(keys) if key is not None]
            known = {
                value[0]
                for key in keys
                for value in entries.get(key, ())
                if value[0] is not None and value[1] is None
            }
            diseases = {cid for cid in known if concepts[cid].type == "disease"}
            cid = _key(f"{site.adjective} {head.head}").replace(" ", "-")
            if len(diseases) > 1 or (not diseases and cid in concepts):
                continue
            if not diseases:
                minted[cid] = Concept(
                    id=cid,
                    type="disease",
                    label_en=f"{site.adjective} {head.label_en}",
                    label_zh=site.zh[0] + head.zh[0],
                    broader=head.broader,
                    site=(site.adjective, *site.other_en, *site.zh),
                    head=head.head,
                )
            else:
                cid = diseases.pop()
            for key in keys:
                if key not in entries:
                    entries[key] = [(cid, None, not _HAN.search(key))]
    return minted


@lru_cache(maxsize=4)
def _load(folder: str | None) -> Lexicon:
    concepts = read_lexicon(folder)
    base = Path(folder) if folder is not None else data_path("lexicon")
    composition = read_composition(base / "compose", concepts)
    return Lexicon(concepts, composition=composition)


def load_lexicon(folder: str | Path | None = None) -> Lexicon:
    """The lexicon of ``folder`` (default: radkg's ``data/lexicon``), built once and cached.

    >>> load_lexicon() is load_lexicon()
    True
    """
    return _load(None if folder is None else str(folder))
