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
    "Concept",
    "Lexicon",
    "load_lexicon",
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


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


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
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
        if not rows or tuple(rows[0]) != COLUMNS:
            raise InputError(str(path), 1, f"the header must be the columns {', '.join(COLUMNS)}")
        for number, row in enumerate(rows[1:], start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(COLUMNS):
                raise InputError(
                    str(path),
                    number,
                    f"expected {len(COLUMNS)} tab-separated columns, got {len(row)}",
                )
            cells = dict(zip(COLUMNS, (cell.strip() for cell in row), strict=True))
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
    abbreviation that only an in-text definition can resolve.
    """

    def __init__(self, concepts: dict[str, Concept]) -> None:
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
        for c in concepts.values():  # after every written form, which wins over a derived one
            derived = [_plural(_key(term)) for term in (c.label_en, *c.aliases_en)]
            derived += [
                _key(term.replace(conjunction, other))
                for term in (c.label_zh, *c.aliases_zh)
                for conjunction, other in _CONJUNCTION_VARIANTS
                if conjunction in term
            ]  # "最小绝对收缩与选择算子" for "…收缩和选择算子"
            for key in derived:
                if key is not None and key not in entries:
                    self.long_forms.setdefault(key, c.id)
                    entries[key] = [(c.id, None, not _HAN.search(key))]
            for abbr in c.abbreviations:
                global_ok = len(owners[abbr]) == 1 and (len(abbr) > 2 or c.type == "modality")
                entries.setdefault(abbr.lower(), []).append(
                    (c.id if global_ok else None, abbr, True)
                )
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


@lru_cache(maxsize=4)
def _load(folder: str | None) -> Lexicon:
    return Lexicon(read_lexicon(folder))


def load_lexicon(folder: str | Path | None = None) -> Lexicon:
    """The lexicon of ``folder`` (default: radkg's ``data/lexicon``), built once and cached.

    >>> load_lexicon() is load_lexicon()
    True
    """
    return _load(None if folder is None else str(folder))
