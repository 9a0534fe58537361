"""Stable instance IRIs from normalised natural keys.

Every instance IRI has the form ``{INSTANCE_BASE}{type}/{slug}``.  The slug
comes from the record's natural key after :func:`normalise` (Unicode NFKC,
case folding, whitespace collapsed), never from a counter, dict order or a
blank node, so the same records always give the same IRIs.  Slugs are
ASCII: a key that is already a clean ASCII slug (an ISSN, a year) is used as
it is; any other key gives its ASCII letters and digits (possibly none, for
Chinese text) followed by ``_`` and a 12-hex-digit BLAKE2b hash of the
normalised key.  ``_`` never occurs in a clean slug, so the two forms cannot
collide.

================  ===========================================================
type              natural key
================  ===========================================================
``journal``       ISSN (``issn-1005-1201``); else the normalised title
``issue``         journal key + year + volume + number
``article``       journal key + year + first page + hash of the title
``person``        normalised name + *evidence* (see below)
``organization``  normalised name
``keyword``       normalised label (one SKOS concept per label)
``indexing``      normalised label of a citation index (CSCD, 北大核心, ...)
``source``        the source key string the pipeline passes in
``authorship``    article + author position
``derivation``    article + source
``result``        article + metric + model + split + value
``concept``       kind + normalised label (``concept/lexicon-<id>``: the lexicon's concepts)
``mention``       article + lexicon concept id (its spans are a literal on it)
``cohort``        article (one study population per article)
``split``         article + role (``training``, ``external test``, ...)
``model``         article + normalised model label (``Pre2`` and ``pre2`` are one model)
``graph``         named graphs radkg itself writes (``graph/inferred``, ``graph/identity``)
``candidate``     the two person IRIs of a same-name candidate link (:mod:`kg.identity`)
``analysis``      network name + a hash of every parameter of a network analysis
``position``      analysis + a hash of the node's IRI (:mod:`kg.networks.rdf`)
================  ===========================================================

People: a name alone does not identify a person (there are many 王伟).  A
person IRI hashes the normalised name together with an *evidence* string;
radkg passes the journal key (:func:`journal_key`), so the same name in the
same journal is one person and the same name in two journals is two people
until a later identity-resolution step links them (``owl:sameAs``).  Callers
with better evidence (an ORCID, an institution) pass that instead.

>>> journal_iri(issn="1005-1201")
'https://w3id.org/radkg/id/journal/issn-1005-1201'
>>> person_iri("王伟", evidence="issn-1005-1201") != person_iri("王伟", evidence="issn-1000-0313")
True
>>> normalise("  Deep\\u3000LEARNING ")
'deep learning'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from kg.namespaces import INSTANCE_BASE

__all__ = [
    "IRI_TYPES",
    "article_iri",
    "authorship_iri",
    "candidate_iri",
    "network_analysis_iris",
    "network_position_iri",
    "canonical_issn",
    "concept_iri",
    "derivation_iri",
    "identity_graph_iri",
    "indexing_iri",
    "inferred_graph_iri",
    "issue_iri",
    "journal_iri",
    "journal_key",
    "keyword_iri",
    "lexicon_concept_iri",
    "mention_iri",
    "cohort_iri",
    "split_iri",
    "model_iri",
    "normalise",
    "organization_iri",
    "person_iri",
    "rebased_iri",
    "result_iri",
    "source_iri",
]

#: The instance types radkg mints IRIs for (the ``{type}`` path segment).
IRI_TYPES = (
    "article",
    "authorship",
    "concept",
    "derivation",
    "graph",
    "indexing",
    "issue",
    "journal",
    "keyword",
    "organization",
    "person",
    "result",
    "source",
    "mention",
    "cohort",
    "split",
    "model",
    "candidate",
    "analysis",
    "position",
)

_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
_SPACE_IN_CJK = re.compile(r"(?<=[\u2e80-\u9fff]) (?=[\u2e80-\u9fff])")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_CLEAN_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ISSN = re.compile(r"(\d{4})-?(\d{3}[\dX])")
_SEP = "\x1f"
_MAX_ASCII = 48


def normalise(text: str) -> str:
    """Normalise a natural key: NFKC, case-folded, whitespace collapsed.

    Whitespace between CJK characters is removed (``"王  伟"`` is ``"王伟"``):
    pages pad two-character names to the width of three.

    Parameters
    ----------
    text : str
        Any key text.

    Returns
    -------
    str
        The normalised key.

    Examples
    --------
    >>> normalise("王  伟"), normalise("ＣＴ  Imaging"), normalise("癌，肝细胞")
    ('王伟', 'ct imaging', '癌,肝细胞')
    """
    if text.isascii():  # NFKC leaves ASCII as it is, and casefold() is lower() on it
        return " ".join(text.lower().split())
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    text = " ".join(text.split())  # str.split() and re's \s agree on what whitespace is
    if " " in text and _CJK.search(text):
        text = _SPACE_IN_CJK.sub("", text)
    return text


def _hash(key: str) -> str:
    return hashlib.blake2b(key.encode("utf-8"), digest_size=6).hexdigest()


def _slug(key: str) -> str:
    """ASCII slug of an already normalised key (clean slug, or ascii + ``_`` + hash)."""
    if _CLEAN_SLUG.fullmatch(key) and len(key) <= _MAX_ASCII:
        return key
    ascii_part = _NOT_SLUG.sub("-", key)[:_MAX_ASCII].strip("-")
    return f"{ascii_part}_{_hash(key)}" if ascii_part else f"_{_hash(key)}"


#: ``{INSTANCE_BASE}{type}/`` of every type, the head of every IRI this module mints.
_HEADS = {kind: f"{INSTANCE_BASE}{kind}/" for kind in IRI_TYPES}


def _iri(kind: str, slug: str) -> str:
    return _HEADS[kind] + slug


def _tail(iri: str, kind: str) -> str:
    """The slug of an IRI this module minted for ``kind``."""
    head = _HEADS[kind]
    if not iri.startswith(head):
        raise ValueError(f"{iri!r} is not a radkg {kind} IRI (expected it to start with {head})")
    return iri[len(head) :]


def canonical_issn(text: str | None) -> str | None:
    """The ISSN in canonical form ``NNNN-NNNC``, or ``None`` if ``text`` is not one.

    The check digit is verified.

    >>> canonical_issn("10051201"), canonical_issn("1005-1201 "), canonical_issn("1005-1202")
    ('1005-1201', '1005-1201', None)
    """
    if not text:
        return None
    m = _ISSN.fullmatch(unicodedata.normalize("NFKC", text).strip().upper())
    if m is None:
        return None
    digits = m.group(1) + m.group(2)
    total = sum(int(d) * w for d, w in zip(digits[:7], range(8, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    if digits[7] != ("X" if check == 10 else str(check)):
        return None
    return f"{m.group(1)}-{m.group(2)}"


def journal_key(*, issn: str | None = None, title: str | None = None) -> str:
    """The natural key of a journal: ``issn-NNNN-NNNC``, else the normalised title.

    Raises
    ------
    ValueError
        When neither a valid ISSN nor a title is given.

    Examples
    --------
    >>> journal_key(issn="1005-1201", title="中华放射学杂志")
    'issn-1005-1201'
    >>> journal_key(title="Chinese  Journal of Radiology")
    'title:chinese journal of radiology'
    """
    canonical = canonical_issn(issn)
    if canonical is not None:
        return f"issn-{canonical}"
    if title and title.strip():
        return f"title:{normalise(title)}"
    raise ValueError("a journal needs an ISSN or a title to be identified; the record has neither")


def journal_iri(*, issn: str | None = None, title: str | None = None) -> str:
    """IRI of a journal, by ISSN (fallback: normalised title).

    >>> journal_iri(title="中华放射学杂志")
    'https://w3id.org/radkg/id/journal/title_78d8674cf0ef'
    """
    return _iri("journal", _slug(journal_key(issn=issn, title=title)))


def issue_iri(
    journal: str, *, year: int | None = None, volume: str | None = None, number: str | None = None
) -> str:
    """IRI of a journal issue from the journal key and year/volume/number.

    Parameters
    ----------
    journal : str
        The journal key (:func:`journal_key`).
    year, volume, number
        What the source states; at least one must be given.

    Examples
    --------
    >>> issue_iri("issn-1005-1201", year=2024, volume="58", number="3")
    'https://w3id.org/radkg/id/issue/issn-1005-1201-y2024-v58-n3'
    """
    if year is None and volume is None and number is None:
        raise ValueError("an issue needs a year, a volume or a number to be identified")
    parts = [journal]
    for tag, value in (("y", year), ("v", volume), ("n", number)):
        if value is not None:
            parts.append(tag + normalise(str(value)))
    return _iri("issue", _slug("-".join(parts)))


def article_iri(
    journal: str, *, year: int | None, page_start: int | None, title: str, record: str | None = None
) -> str:
    """IRI of an article: journal key + year + first page + a hash of the title.

    ``record`` (the source key) qualifies the IRI of a record read from a
    bibliographic export: each source's record of an article is its own node
    (``…-r`` + a hash of the source) until merging links the records of one
    article; TOC pages pass none, so their IRIs are as before.

    >>> article_iri("issn-1005-1201", year=2024, page_start=201, title="A title")
    'https://w3id.org/radkg/id/article/issn-1005-1201-2024-p201-64161e9b1beb'
    >>> article_iri("issn-1005-1201", year=2024, page_start=201, title="A title", record="a.ris")[-14:]
    '-r8fded6487719'
    """
    y = "na" if year is None else str(year)
    p = "na" if page_start is None else str(page_start)
    tail = "" if record is None else f"-r{_hash(record)}"
    return _iri("article", f"{_article_head(journal)}-{y}-p{p}-{_hash(normalise(title))}{tail}")


@lru_cache(maxsize=1024)
def _article_head(journal: str) -> str:
    """The journal part of an article slug: one per journal, so cached (titles never repeat)."""
    return _slug(journal).replace("_", "-")


def person_iri(name: str, *, evidence: str) -> str:
    """IRI of a person from the normalised name and an evidence key.

    Parameters
    ----------
    name : str
        The name as the source writes it.
    evidence : str
        What makes two equal names one person; radkg passes the journal key.

    Examples
    --------
    >>> a = person_iri("王伟", evidence="issn-1005-1201")
    >>> a == person_iri("王 伟", evidence="issn-1005-1201")
    True
    >>> person_iri("John  Smith", evidence="x").rsplit("/", 1)[1][:11]
    'john-smith_'
    """
    return _person_iri(name, evidence)


@lru_cache(maxsize=65536)
def _person_iri(name: str, evidence: str) -> str:
    # Positional, so that the cache key is a plain tuple; names recur across a journal's pages.
    key = normalise(name)
    ascii_part = _NOT_SLUG.sub("-", key)[:_MAX_ASCII].strip("-")
    return _iri("person", f"{ascii_part}_{_hash(key + _SEP + evidence)}")


@lru_cache(maxsize=16384)
def organization_iri(name: str) -> str:
    """IRI of an organisation (publisher, institution) from its normalised name.

    >>> organization_iri("中华医学会杂志社").startswith("https://w3id.org/radkg/id/organization/_")
    True
    """
    return _iri("organization", _slug(normalise(name)))


@lru_cache(maxsize=65536)
def keyword_iri(label: str) -> str:
    """IRI of the keyword concept with this normalised label.

    >>> keyword_iri("癌，肝细胞") == keyword_iri("癌,肝细胞")
    True
    """
    return _iri("keyword", _slug(normalise(label)))


@lru_cache(maxsize=4096)
def indexing_iri(label: str) -> str:
    """IRI of a citation index / core list concept (``CSCD``, ``北大核心``).

    >>> indexing_iri("CSCD")
    'https://w3id.org/radkg/id/indexing/cscd'
    """
    return _iri("indexing", _slug(normalise(label)))


def concept_iri(kind: str, label: str) -> str:
    """IRI of a lexicon concept of a kind (``method``, ``disease``, ``modality``...).

    >>> concept_iri("method", "ResNet50")
    'https://w3id.org/radkg/id/concept/method-resnet50'
    """
    return _iri("concept", _slug(f"{normalise(kind)}-{normalise(label)}"))


def source_iri(key: str) -> str:
    """IRI of a source document from the source key the pipeline passes in.

    >>> source_iri("seeds/cjr-2024-03.txt")
    'https://w3id.org/radkg/id/source/seeds-cjr-2024-03-txt_c014ef6e86bb'
    """
    if not key:
        raise ValueError("a source key must be a non-empty string")
    return _iri("source", _slug(unicodedata.normalize("NFKC", key)))


def authorship_iri(article: str, position: int) -> str:
    """IRI of the authorship node of the author at ``position`` (1-based) of an article.

    >>> authorship_iri(article_iri("issn-1005-1201", year=None, page_start=1, title="t"), 2)
    'https://w3id.org/radkg/id/authorship/issn-1005-1201-na-p1-ef6ff420b319-2'
    """
    if position < 1:
        raise ValueError(f"author positions start at 1, got {position}")
    return _iri("authorship", f"{_tail(article, 'article')}-{position}")


def derivation_iri(article: str, source: str) -> str:
    """IRI of the ``prov:Derivation`` node of an article derived from a source.

    >>> a = article_iri("issn-1005-1201", year=None, page_start=1, title="t")
    >>> derivation_iri(a, source_iri("x.txt")).split("/")[-2]
    'derivation'
    """
    return _iri("derivation", f"{_tail(article, 'article')}-{_source_digest(source)}")


@lru_cache(maxsize=1024)
def _source_digest(source: str) -> str:
    # One per source, and every article of the source asks for it.
    return _hash(_tail(source, "source"))


def result_iri(
    article: str,
    *,
    metric: str,
    value: str,
    model: str | None = None,
    split: str | None = None,
) -> str:
    """IRI of a performance-result node of an article (metric, value, model, split).

    >>> a = article_iri("issn-1005-1201", year=None, page_start=1, title="t")
    >>> result_iri(a, metric="AUC", value="0.92") == result_iri(a, metric="AUC", value="0.92")
    True
    """
    key = _SEP.join((metric, value, model or "", split or ""))
    return _iri("result", f"{_tail(article, 'article')}-{_hash(key)}")


def inferred_graph_iri() -> str:
    """IRI of the named graph that holds the reasoner's inferred triples.

    >>> inferred_graph_iri()
    'https://w3id.org/radkg/id/graph/inferred'
    """
    return _iri("graph", "inferred")


# ---------------------------------------------------------------------------
# Extraction (kg.extract): lexicon concepts, mentions, cohorts, splits, models.
# ---------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def lexicon_concept_iri(concept_id: str) -> str:
    """IRI of a lexicon concept (``data/lexicon``) from its stable id.

    >>> lexicon_concept_iri("resnet50")
    'https://w3id.org/radkg/id/concept/lexicon-resnet50'
    """
    return concept_iri("lexicon", concept_id)


def mention_iri(article: str, concept_id: str) -> str:
    """IRI of the node holding an article's mentions of one lexicon concept.

    >>> a = article_iri("issn-1005-1201", year=None, page_start=1, title="t")
    >>> mention_iri(a, "dki").split("/")[-2]
    'mention'
    """
    return _iri("mention", f"{_tail(article, 'article')}-{_hash(concept_id)}")


def cohort_iri(article: str) -> str:
    """IRI of the cohort an article analyses (one per article).

    >>> cohort_iri(article_iri("issn-1005-1201", year=None, page_start=1, title="t"))
    'https://w3id.org/radkg/id/cohort/issn-1005-1201-na-p1-ef6ff420b319'
    """
    return _iri("cohort", _tail(article, "article"))


def split_iri(article: str, role: str) -> str:
    """IRI of a data split (``training``, ``external test`` …) of an article's cohort.

    >>> a = article_iri("issn-1005-1201", year=None, page_start=1, title="t")
    >>> split_iri(a, "external test")[-13:]
    'external-test'
    """
    slug = _NOT_SLUG.sub("-", normalise(role)).strip("-")
    return _iri("split", f"{_tail(article, 'article')}-{slug}")


def model_iri(article: str, label: str) -> str:
    """IRI of a prediction model an article names, from its normalised label.

    >>> a = article_iri("issn-1005-1201", year=None, page_start=1, title="t")
    >>> model_iri(a, "Pre2") == model_iri(a, "pre2")
    True
    """
    return _iri("model", f"{_tail(article, 'article')}-{_hash(normalise(label))}")


# ---------------------------------------------------------------------------
# Identity (kg.merge, kg.identity): merged records and same-name candidate links.
# ---------------------------------------------------------------------------

#: The types whose IRIs are minted from an article's (:func:`rebased_iri` moves them).
_ARTICLE_PARTS = ("authorship", "derivation", "mention", "cohort", "split", "model", "result")


def identity_graph_iri() -> str:
    """IRI of the named graph that holds merge records and same-name candidate links.

    >>> identity_graph_iri()
    'https://w3id.org/radkg/id/graph/identity'
    """
    return _iri("graph", "identity")


def network_analysis_iris(network: str, key: str) -> tuple[str, str, str]:
    """IRIs of one network analysis: (its named graph, the analysis, the head of its positions).

    ``key`` is a digest of every parameter that determines the analysis's
    values (:mod:`kg.networks.rdf`), so that the same analysis gets the same
    IRIs and another selection or seed gets others.  A node's position IRI is
    the head followed by a hash of the node's IRI (:func:`network_position_iri`).

    >>> graph, analysis, head = network_analysis_iris("Co-authors", "0a1b2c3d4e5f")
    >>> graph.split("/")[-2:], analysis.split("/")[-1]
    (['graph', 'network-co-authors-0a1b2c3d4e5f'], 'co-authors-0a1b2c3d4e5f')
    """
    slug = _NOT_SLUG.sub("-", network.lower()).strip("-") or "network"
    return (
        _iri("graph", f"network-{slug}-{key}"),
        _iri("analysis", f"{slug}-{key}"),
        _iri("position", f"{slug}-{key}-"),
    )


def network_position_iri(head: str, node: str) -> str:
    """IRI of a node's position in an analysis (``head`` from :func:`network_analysis_iris`).

    >>> network_position_iri("https://w3id.org/radkg/id/position/t-k-", "https://x/p")[-12:]
    'c5615769e875'
    """
    return head + _hash(node)


def candidate_iri(a: str, b: str) -> str:
    """IRI of the candidate link between two person IRIs (the same whatever their order).

    >>> candidate_iri("x", "y") == candidate_iri("y", "x"), candidate_iri("x", "y").split("/")[-2]
    (True, 'candidate')
    """
    low, high = sorted((a, b))
    return _iri("candidate", _hash(low + _SEP + high))


def rebased_iri(iri: str, article: str, new_article: str) -> str | None:
    """The IRI a node minted from ``article`` gets when the article becomes ``new_article``.

    Authorships, derivations, mentions, cohorts, splits, models and results
    carry their article's slug; any other IRI gives ``None``.

    >>> a = article_iri("issn-1005-1201", year=None, page_start=1, title="t")
    >>> b = article_iri("issn-1005-1201", year=2024, page_start=1, title="t")
    >>> rebased_iri(authorship_iri(a, 2), a, b) == authorship_iri(b, 2)
    True
    >>> rebased_iri(a, a, b) is None
    True
    """
    old, new = _tail(article, "article"), _tail(new_article, "article")
    for kind in _ARTICLE_PARTS:
        head = _HEADS[kind]
        if iri.startswith(head) and iri.startswith(old, len(head)):
            rest = iri[len(head) + len(old) :]
            if not rest or rest[0] == "-":
                return head + new + rest
    return None
