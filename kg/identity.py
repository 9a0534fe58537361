"""Who is who: personal names across scripts, and the evidence that two records are one person.

Chinese bibliometrics stands or falls with author identity.  One person
appears as ``周卫平`` in a table of contents, ``Zhou Weiping`` in a
CNKI English export, ``Zhou W`` or ``Zhou WP`` in MEDLINE and ``Weiping
Zhou`` in Web of Science; and one ``王伟`` is thousands of people.  This
module holds the two halves of the answer:

* **Name forms.**  :func:`name_forms` reads a name in any of these shapes
  as a set of :class:`NameForm` (family name, given name as pinyin
  syllables, or only initials), every reading of a polyphonic character
  included (``曾`` is *zeng* or *ceng*), so that matching never depends on
  pypinyin guessing the reading a family chose.  :func:`name_match` says
  how two names relate: ``"full"`` (the same name, in one script or
  across scripts), ``"initials"`` (compatible, but one side gives only
  initials) or ``None``.
* **Evidence.**  :func:`identity_score` weighs what two same-name records
  share (institutions, co-authors, topics, journals) into a score with
  its reasons; :data:`MERGE_THRESHOLD` decides a merge, and anything
  weaker is kept as a scored candidate link, never silently merged.

>>> name_match("周卫平", "Zhou Weiping"), name_match("周卫平", "Zhou WP")
('full', 'initials')
>>> name_match("周卫平", "Zhou Wei") is None
True
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import combinations, product
from typing import TYPE_CHECKING, Any

from kg.data import data_path

if TYPE_CHECKING:
    from rdflib import Dataset

    from kg.merge import ArticleRecord, Records

__all__ = [
    "CANDIDATE_THRESHOLD",
    "MERGE_THRESHOLD",
    "Evidence",
    "IdentityReport",
    "NameForm",
    "UnionFind",
    "identity_score",
    "resolve_people",
    "resolve_records",
    "name_forms",
    "name_keys",
    "name_match",
    "pinyin_syllables",
]

#: A pair of records whose score reaches this is one person.
MERGE_THRESHOLD = 1.0
#: Below the merge threshold but at least this: kept apart, with a candidate link and its evidence.
CANDIDATE_THRESHOLD = 0.5

_MAX_READINGS = 32  # polyphonic names: the number of readings kept per name
_LATIN_TOKEN = re.compile(r"[A-Za-z]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or "\U00020000" <= char


def _fold(text: str) -> str:
    """Lower-case ASCII letters of a romanised name: ``Lü`` → ``lu``, ``Lyu``/``Lv`` → ``lu``."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"(?<=[ln])(?:yu|v)", "u", text.replace("ü", "u"))


@dataclass(frozen=True, slots=True, order=True)
class NameForm:
    """One reading of a personal name in pinyin-like Latin letters, folded to lower case.

    ``given`` holds the given name's syllables (``("wei", "ping")``), or,
    when ``initials_only``, one letter per syllable (``("w", "p")``); a
    single initial may stand for a whole given name (``Zhou W``).
    """

    family: str
    given: tuple[str, ...]
    initials_only: bool = False

    @property
    def initials(self) -> str:
        return "".join(part[0] for part in self.given)


@lru_cache(maxsize=1)
def _compound_surnames() -> frozenset[str]:
    names = set()
    with data_path("surnames.tsv").open(encoding="utf-8") as handle:
        for line in handle:
            surname = line.split("\t", 1)[0]
            if len(surname) == 2 and all(_is_cjk(c) for c in surname):
                names.add(surname)
    return frozenset(names)


#: Every toneless pinyin syllable pypinyin knows, folded (``lü`` → ``lu``): what
#: :func:`_pypinyin_syllables` derives from pypinyin's dictionary (a test keeps the two
#: equal), written out so that reading romanised names never imports pypinyin (0.3 s).
_SYLLABLES = (
    "a ai an ang ao ba bai ban bang bao bei ben beng bi bian biang biao bie bin bing bo bong bu "
    "ca cai can cang cao ce cei cen ceng cha chai chan chang chao che chen cheng chi chong chou "
    "chu chua chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang "
    "dao de dei den deng di dia dian diao die din ding diu dong dou du duan dui dun duo e ei en "
    "eng er fa fan fang fei fen feng fiao fo fou fu ga gai gan gang gao ge gei gen geng gong gou "
    "gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng hm hng hong hou hu "
    "hua huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue "
    "jun ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai "
    "lan lang lao le lei len leng li lia lian liang liao lie lin ling liu lo long lou lu luan lue "
    "lun luo m ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu n na "
    "nai nan nang nao ne nei nen neng ng ni nia nian niang niao nie nin ning niu nong nou nu nuan "
    "nue nun nuo o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi qia "
    "qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri rong rou "
    "ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she shei "
    "shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun "
    "suo ta tai tan tang tao te tei teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa "
    "wai wan wang wei wen weng wo wong wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan "
    "xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze "
    "zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai "
    "zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo"
)


@lru_cache(maxsize=1)
def _syllables() -> frozenset[str]:
    return frozenset(_SYLLABLES.split())


def _pypinyin_syllables() -> frozenset[str]:
    """Every toneless syllable of pypinyin's dictionary, folded: the source of :data:`_SYLLABLES`.

    >>> {"zhou", "lu", "lue", "xian"} <= _pypinyin_syllables()
    True
    """
    from pypinyin import Style
    from pypinyin.pinyin_dict import pinyin_dict
    from pypinyin.style import convert as convert_style

    readings = {r for value in pinyin_dict.values() for r in value.split(",")}
    found = set()
    for reading in readings:
        plain = convert_style(reading, Style.NORMAL, strict=True)
        if plain.isascii() or "ü" in plain:
            found.add(_fold(plain))
    found.discard("")
    return frozenset(found)


def pinyin_syllables(word: str) -> tuple[str, ...] | None:
    """Split a run of romanised letters into pinyin syllables, or ``None`` if it is not pinyin.

    The split with the fewest syllables wins, the earliest longest syllable
    breaking ties, so ``xian`` stays one syllable (not ``xi an``).

    >>> pinyin_syllables("Weiping"), pinyin_syllables("xian"), pinyin_syllables("Smith")
    (('wei', 'ping'), ('xian',), None)
    """
    text = _fold(word).replace("-", "").replace("'", "")
    if not text.isalpha():
        return None
    syllables = _syllables()
    size = len(text)
    best: list[tuple[str, ...] | None] = [None] * (size + 1)
    best[0] = ()
    for start in range(size):
        if best[start] is None:
            continue
        for stop in range(min(size, start + 6), start, -1):
            piece = text[start:stop]
            if piece in syllables:
                candidate = (*best[start], piece)  # type: ignore[misc]
                if best[stop] is None or len(candidate) < len(best[stop]):  # type: ignore[arg-type]
                    best[stop] = candidate
    return best[size]


@cache
def _readings(char: str, every: bool) -> tuple[str, ...]:
    """Toneless readings of one Han character, folded: every one, or only the most common.

    >>> _readings("曾", True), _readings("平", False)
    (('ceng', 'zeng'), ('ping',))
    """
    from pypinyin import Style, pinyin

    found = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    if not found:
        return ()
    readings = [_fold(r) for r in found[0]]
    return tuple(sorted(set(readings))) if every else tuple(readings[:1])


def _cjk_forms(name: str) -> frozenset[NameForm]:
    # A surname keeps every reading (曾 is Zeng, 单 is Shan, 解 is Xie); a given-name
    # character its common one, so that a rare reading never makes two names equal.
    cut = 2 if len(name) > 2 and name[:2] in _compound_surnames() else 1
    readings = [_readings(char, position < cut) for position, char in enumerate(name)]
    if not all(readings):  # a character pypinyin cannot read
        return frozenset()
    forms = set()
    for combo in product(*readings):
        forms.add(NameForm("".join(combo[:cut]), tuple(combo[cut:])))
        if len(forms) >= _MAX_READINGS:
            break
    return frozenset(forms)


def _given_parts(tokens: list[str]) -> tuple[tuple[str, ...], bool]:
    """Given-name tokens as syllables, or as initials (``WP``, ``W.-P.``, ``W P``)."""
    letters = [t for t in tokens if t]
    if (
        letters
        and all(len(t) <= 3 and t.isupper() for t in letters)
        and sum(map(len, letters)) <= 3
    ):
        if all(len(t) == 1 for t in letters) or len(letters) == 1:
            return tuple(c.lower() for t in letters for c in t), True
    syllables: list[str] = []
    for token in letters:
        for piece in _CAMEL.split(token):
            split = pinyin_syllables(piece)
            syllables.extend(split if split else (_fold(piece),))
    return tuple(syllables), False


def _latin_forms(name: str) -> frozenset[NameForm]:
    name = unicodedata.normalize("NFKD", name.replace("ü", "v").replace("Ü", "V"))
    name = "".join(c for c in name if not unicodedata.combining(c))
    if "," in name:
        family_part, _, given_part = name.partition(",")
        family_tokens = _LATIN_TOKEN.findall(family_part)
        given_tokens = _LATIN_TOKEN.findall(given_part)
        if not family_tokens:
            return frozenset()
        given, initials = _given_parts(given_tokens)
        return frozenset({NameForm(_fold("".join(family_tokens)), given, initials)})
    tokens = [t for t in re.split(r"[\s.]+", name.strip()) if t]
    tokens = [t for t in tokens if _LATIN_TOKEN.fullmatch(t.replace("-", "").replace("'", ""))]
    if len(tokens) < 2:
        return frozenset({NameForm(_fold(tokens[0]), ())}) if tokens else frozenset()
    forms = set()
    # Family name first (Chinese order, MEDLINE's "Zhou WP") ...
    given, initials = _given_parts(
        [t.replace("-", "") if not t.isupper() else t for t in tokens[1:]]
    )
    forms.add(NameForm(_fold(tokens[0]), given, initials))
    # ... or last (Western order, "Weiping Zhou"), unless the tail is clearly initials.
    if not initials:
        given, initials = _given_parts([t.replace("-", "") for t in tokens[:-1]])
        forms.add(NameForm(_fold(tokens[-1]), given, initials))
    return frozenset(forms)


@lru_cache(maxsize=65536)
def name_forms(name: str) -> frozenset[NameForm]:
    """Every Latin reading of a personal name, whatever script and order it is written in.

    >>> sorted(f.family + " " + "-".join(f.given) for f in name_forms("曾乐"))
    ['ceng le', 'zeng le']
    >>> sorted((f.family, f.given, f.initials_only) for f in name_forms("Zhou, W.-P."))
    [('zhou', ('w', 'p'), True)]
    """
    name = unicodedata.normalize("NFKC", name).strip()
    if not name:
        return frozenset()
    if all(_is_cjk(c) for c in name):
        return _cjk_forms(name)
    if any(_is_cjk(c) for c in name):
        return frozenset()
    return _latin_forms(name)


def _form_match(a: NameForm, b: NameForm) -> str | None:
    if a.family != b.family:
        return None
    if not a.given or not b.given:
        return None
    if not a.initials_only and not b.initials_only:
        return "full" if "".join(a.given) == "".join(b.given) else None
    # Initials on at least one side: ``Zhou W`` may abbreviate all of ``Wei Ping``,
    # but ``Zhou WP`` never abbreviates ``Wei``.
    if a.initials_only and b.initials_only:
        short, long_ = sorted((a.initials, b.initials), key=len)
    else:
        short, long_ = (a.initials, b.initials) if a.initials_only else (b.initials, a.initials)
    if long_ == short or (len(short) == 1 and long_.startswith(short)):
        return "initials"
    return None


def name_match(a: str, b: str) -> str | None:
    """How two written names relate: ``"full"``, ``"initials"`` or ``None`` (different people).

    >>> name_match("Zhou Weiping", "Weiping Zhou"), name_match("Zhou W", "Zhou Weiping")
    ('full', 'initials')
    >>> name_match("周卫平", "周卫萍"), name_match("吕军", "Lyu Jun"), name_match("吕军", "Lü Jun")
    (None, 'full', 'full')
    """
    return _name_match(*sorted((a, b)))


@lru_cache(maxsize=262144)
def _name_match(a: str, b: str) -> str | None:
    if unicodedata.normalize("NFKC", a).strip() == unicodedata.normalize("NFKC", b).strip():
        return "full" if a.strip() else None
    best = None
    for x in name_forms(a):
        for y in name_forms(b):
            found = _form_match(x, y)
            if found == "full" and not (_is_cjk(a.strip()[0]) and _is_cjk(b.strip()[0])):
                return "full"
            if found == "initials":
                best = "initials"
    return best


@lru_cache(maxsize=65536)
def name_keys(name: str) -> frozenset[str]:
    """Blocking keys: the family name with the whole given name, and with its initials.

    Two written forms of one name share at least one key, whatever script or
    order each is in (``周卫平``, ``Zhou Weiping``, ``Zhou WP`` and ``Weiping
    Zhou`` all give ``zhou wp``); :func:`name_match` settles the rest.  A
    lone initial (``Zhou W``) only meets names with a one-syllable given name.

    >>> sorted(name_keys("周卫平")), sorted(name_keys("Zhou WP"))
    (['zhou weiping', 'zhou wp'], ['zhou wp'])
    """
    keys = set()
    for form in name_forms(name):
        if form.given:
            keys.add(f"{form.family} {form.initials}")
            if not form.initials_only:
                keys.add(f"{form.family} {''.join(form.given)}")
    return frozenset(keys)


def _signatures(name: str) -> frozenset[str]:
    """Family name plus initials of every reading: how a co-author is recognised across sources."""
    return frozenset(f"{f.family} {f.initials}" for f in name_forms(name) if f.given)


@dataclass(frozen=True, slots=True)
class Evidence:
    """What one person record is known by, beside the name: sets of comparable keys."""

    names: frozenset[str]
    institutions: frozenset[str] = field(default_factory=frozenset)
    coauthors: frozenset[str] = field(
        default_factory=frozenset
    )  # co-authors' family name + initials
    topics: frozenset[str] = field(default_factory=frozenset)
    journals: frozenset[str] = field(default_factory=frozenset)
    #: ``article#position`` of each authorship (after article merging): two records named at
    #: the same position of one article are one person.
    authorships: frozenset[str] = field(default_factory=frozenset)


_WEIGHTS = {
    "name-full": 0.5,
    "name-initials": 0.25,
    "authorship": 0.75,
    "institution": 0.5,
    "coauthor": 0.5,
}
_TOPIC_WEIGHT = 0.3
_JOURNAL_WEIGHT = 0.1


def _best_name(a: Iterable[str], b: Iterable[str]) -> str | None:
    levels = {name_match(x, y) for x in a for y in b}
    return "full" if "full" in levels else "initials" if "initials" in levels else None


def identity_score(a: Evidence, b: Evidence) -> tuple[float, tuple[str, ...]]:
    """Score that two person records are one person, with the reasons that add up to it.

    The name alone never reaches :data:`MERGE_THRESHOLD`: a full name match
    needs a shared institution or co-author on top (or strong topic and
    journal overlap); a match on initials needs both.  Incompatible names
    score 0.

    >>> a = Evidence(
    ...     frozenset({"王伟"}), institutions=frozenset({"org:1"}), coauthors=frozenset({"li m"})
    ... )
    >>> b = Evidence(frozenset({"Wang Wei"}), institutions=frozenset({"org:1"}))
    >>> identity_score(a, b)
    (1.0, ('name-full', 'institution'))
    >>> identity_score(a, Evidence(frozenset({"王伟"}), institutions=frozenset({"org:2"})))
    (0.5, ('name-full',))
    """
    level = _best_name(a.names, b.names)
    if level is None:
        return 0.0, ()
    reasons = [f"name-{level}"]
    if a.authorships & b.authorships:
        reasons.append("authorship")
    if a.institutions & b.institutions:
        reasons.append("institution")
    if a.coauthors & b.coauthors:
        reasons.append("coauthor")
    score = sum(_WEIGHTS[r] for r in reasons)
    union = a.topics | b.topics
    if union:
        overlap = len(a.topics & b.topics) / len(union)
        if overlap:
            reasons.append(f"topics:{overlap:.2f}")
            score += _TOPIC_WEIGHT * overlap
    if a.journals & b.journals:
        reasons.append("journal")
        score += _JOURNAL_WEIGHT
    return round(score, 4), tuple(reasons)


# ---------------------------------------------------------------------------
# Resolving the people of a built graph


#: Same-name blocks up to this size compare every pair (and record candidate links);
#: larger blocks (``王伟``) compare only pairs that share an institution or a co-author.
ALL_PAIRS_LIMIT = 40


@dataclass
class IdentityReport:
    """What :func:`resolve_people` decided: merged records and open candidate pairs."""

    people: int = 0  # person records examined
    merged: dict[str, str] = field(default_factory=dict)  # record IRI -> the IRI it became
    candidates: list[tuple[str, str, float, tuple[str, ...]]] = field(default_factory=list)
    records: int = 0  # article records examined (kg.merge.identify)
    merged_articles: dict[str, str] = field(
        default_factory=dict
    )  # article IRI -> the IRI it became

    def to_json(self) -> dict[str, object]:
        return {
            "article_records": self.records,
            "articles_merged": len(self.merged_articles),
            "people": self.people,
            "people_merged": len(self.merged),
            "candidates": len(self.candidates),
        }


class UnionFind(dict):
    """Union-find over IRIs; the lowest of a set (by ``key``, default the IRI) represents it.

    The representative depends only on the sets, not on the order of the unions.

    >>> sets = UnionFind()
    >>> sets.union("b", "c"); sets.union("c", "a")
    >>> sets.find("b"), sets.find("a")
    ('a', 'a')
    >>> ranked = UnionFind(key={"a": 2, "b": 1}.__getitem__)
    >>> ranked.union("a", "b"); ranked.find("a")
    'b'
    """

    def __init__(self, key: Callable[[str], Any] | None = None) -> None:
        super().__init__()
        self.key = key

    def find(self, x: str) -> str:
        root = x
        while self.get(root, root) != root:
            root = self[root]
        while x != root:
            self[x], x = root, self.get(x, x)
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            low, high = sorted((ra, rb), key=self.key)
            self[high] = low
            self.setdefault(low, low)


def _pairs_of(ds: Dataset, query: str) -> list[tuple[str, str]]:
    """Rows of a two-variable SELECT over the union of the source graphs, as strings."""
    from kg.store import oxigraph

    store = oxigraph(ds)
    if store is not None:
        return [
            (row[0].value, row[1].value)
            for row in store.query(query, use_default_graph_as_union=True)
        ]
    return [(str(row[0]), str(row[1])) for row in ds.query(query)]


def _grouped(rows: list[tuple[str, str]]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for key, value in rows:
        found.setdefault(key, set()).add(value)
    return found


def _names(ds: Dataset) -> dict[str, set[str]]:
    from kg.namespaces import FOAF, RDF

    return _grouped(
        _pairs_of(ds, f"SELECT ?p ?n {{ ?p <{RDF.type}> <{FOAF.Person}> ; <{FOAF.name}> ?n }}")
    )


def _evidence(ds: Dataset, names: dict[str, set[str]], involved: list[str]) -> dict[str, Evidence]:
    """What the articles of each ``involved`` person record tell about it, beside its names."""
    from kg.namespaces import DCTERMS, FABIO, FRBR, PROV, RADKG, RDF

    if not involved:
        return {}
    # Whole-graph reads, filtered here: pyoxigraph joins a large VALUES block slowly.
    wanted = set(involved)
    creators = _pairs_of(ds, f"SELECT DISTINCT ?a ?p {{ ?a <{DCTERMS.creator}> ?p }}")
    mine = {a for a, p in creators if p in wanted}
    creators = [(a, p) for a, p in creators if a in mine]
    affiliations = _grouped(
        [
            row
            for row in _pairs_of(
                ds, f"SELECT DISTINCT ?p ?o {{ ?s <{PROV.agent}> ?p ; <{RADKG.affiliation}> ?o }}"
            )
            if row[0] in wanted
        ]
    )
    links = " ".join(
        f"<{p}>"
        for p in (DCTERMS.subject, RADKG.usesMethod, RADKG.studiesDisease, RADKG.studiesAnatomy)
    )
    topics = _grouped(
        _pairs_of(
            ds,
            f"SELECT DISTINCT ?a ?t {{ VALUES ?link {{ {links} }} ?a ?link ?t }}",
        )
    )
    journals = _grouped(
        _pairs_of(
            ds,
            f"SELECT DISTINCT ?a ?j {{ ?a <{DCTERMS.creator}> [] ; <{FRBR.partOf}>+ ?j . "
            f"?j <{RDF.type}> <{FABIO.Journal}> }}",
        )
    )
    authors_of: dict[str, set[str]] = {}
    for article, person in creators:
        authors_of.setdefault(article, set()).add(person)
    articles_of: dict[str, set[str]] = {}
    for article, persons in authors_of.items():
        for person in persons:
            articles_of.setdefault(person, set()).add(article)
    people: dict[str, Evidence] = {}
    for person in involved:
        articles = articles_of.get(person, set())
        coauthors = frozenset(
            key
            for article in articles
            for other in authors_of[article]
            if other != person
            for name in names.get(other, ())
            for key in _signatures(name)
        )
        people[person] = Evidence(
            names=frozenset(names[person]),
            institutions=frozenset(affiliations.get(person, ())),
            coauthors=coauthors,
            topics=frozenset(t for a in articles for t in topics.get(a, ())),
            journals=frozenset(j for a in articles for j in journals.get(a, ())),
        )
    return people


def _pairs(block: list[str], evidence_of: Callable[[str], Evidence]) -> set[tuple[str, str]]:
    if len(block) <= ALL_PAIRS_LIMIT:
        return set(combinations(block, 2))
    by_feature: dict[str, list[str]] = {}
    for person in block:
        evidence = evidence_of(person)
        for feature in ("i:" + x for x in evidence.institutions):
            by_feature.setdefault(feature, []).append(person)
        for feature in ("c:" + x for x in evidence.coauthors):
            by_feature.setdefault(feature, []).append(person)
    pairs: set[tuple[str, str]] = set()
    for members in by_feature.values():
        if len(members) <= ALL_PAIRS_LIMIT * 4:
            pairs.update(combinations(sorted(members), 2))
    return pairs


def resolve_people(ds: Dataset) -> IdentityReport:
    """Merge person records that evidence says are one person; link the doubtful pairs.

    Every person record is blocked by :func:`name_keys`; within a block,
    pairs are scored with :func:`identity_score`.  Pairs at or above
    :data:`MERGE_THRESHOLD` are merged (transitively; the smallest IRI of a
    group stays, every triple of the others moves to it, in each source's
    graph).  Pairs in between :data:`CANDIDATE_THRESHOLD` and the merge
    threshold are returned as candidates (the caller writes them to the
    graph).  The result depends on the graph's content only, never on the
    order of sources.
    """
    from kg.store import rename_nodes

    names = _names(ds)
    blocks: dict[str, list[str]] = {}
    for person in sorted(names):
        for key in sorted(frozenset().union(*(name_keys(n) for n in names[person]))):
            blocks.setdefault(key, []).append(person)
    blocks = {key: block for key, block in blocks.items() if len(block) > 1}
    people = _evidence(ds, names, sorted({p for block in blocks.values() for p in block}))
    report = _decide(
        names, blocks, lambda a, b: identity_score(people[a], people[b]), people.__getitem__
    )
    rename_nodes(ds, report.merged)
    return report


def _decide(
    names: Mapping[str, set[str]],
    blocks: dict[str, list[str]],
    score: Callable[[str, str], tuple[float, tuple[str, ...]]],
    evidence_of: Callable[[str], Evidence],
) -> IdentityReport:
    """Score the pairs of every block; merge at the threshold, keep candidates below it.

    A pair whose two records are already one person (merged through other
    pairs) is not scored: its score could change neither the merge nor the
    candidates, which link only people that stay apart.  ``score`` gives a
    pair's score and reasons (:func:`identity_score`, or less for a pair it
    knows to be at or above :data:`MERGE_THRESHOLD`); ``evidence_of`` a
    record's whole evidence (large blocks pair records by what they share).
    """
    report = IdentityReport(people=len(names))
    scored: dict[tuple[str, str], tuple[float, tuple[str, ...]]] = {}
    parent = UnionFind()
    for key in sorted(blocks):
        for a, b in sorted(_pairs(blocks[key], evidence_of)):
            if (a, b) in scored or parent.find(a) == parent.find(b):
                continue
            scored[(a, b)] = found = score(a, b)
            if found[0] >= MERGE_THRESHOLD:
                parent.union(a, b)
    for person in sorted(parent):
        root = parent.find(person)
        if root != person:
            report.merged[person] = root
    for (a, b), (value, reasons) in sorted(scored.items()):
        if CANDIDATE_THRESHOLD <= value < MERGE_THRESHOLD and parent.find(a) != parent.find(b):
            report.candidates.append((a, b, value, reasons))
    return report


def _all_cjk(name: str) -> bool:
    return bool(name) and all(_is_cjk(c) for c in name)


def _may_be_romanised(name: str, families: set[str]) -> bool:
    """Whether a Han-script name's surname reads as one of ``families`` (worth its pinyin)."""
    first = _readings(name[0], True)
    if any(r in families for r in first):
        return True
    return name[:2] in _compound_surnames() and any(
        a + b in families for a in first for b in _readings(name[1], True)
    )


def _record_blocks(
    scopes: Mapping[str, set[str]], forms_of: Mapping[tuple[str, str], set[str]]
) -> dict[str, set[tuple[str, str]]]:
    """Blocks of people who may be one: a name in several journals, or one name in two forms.

    ``scopes`` maps each written name to the journal keys it occurs under (a
    person is a (journal key, name) pair, as :func:`kg.ids.person_iri` mints
    it); ``forms_of`` the further forms a record gives for a person.  The
    pinyin of a Han-script name is only worked out when a romanised name with
    one of its surname's readings is present (two Han names never match).
    """
    blocks: dict[str, set[tuple[str, str]]] = {}

    def put(key: str, name: str) -> None:
        blocks.setdefault(key, set()).update((scope, name) for scope in scopes[name])

    latin = [n for n in scopes if _LATIN_LETTER.search(n)]
    families = {form.family for n in latin for form in name_forms(n)}
    for (scope, name), forms in forms_of.items():
        for form in forms:
            if _LATIN_LETTER.search(form):
                families.update(f.family for f in name_forms(form))
            for key in name_keys(form):
                blocks.setdefault(key, set()).add((scope, name))
    for name, found in scopes.items():
        if len(found) > 1:
            put("=" + name, name)
    for name in latin:
        put("=" + " ".join(name.split()).casefold(), name)
        for key in name_keys(name):
            put(key, name)
    for name in scopes:
        if " " in name and name not in latin:
            put("=" + "".join(name.split()), name)
    if families:
        for name in scopes:
            if _all_cjk(name) and _may_be_romanised(name, families):
                for key in name_keys(name):
                    put(key, name)
    return {key: block for key, block in blocks.items() if len(block) > 1}


_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")


@lru_cache(maxsize=65536)
def _cached_signatures(name: str) -> frozenset[str]:
    return _signatures(name)


class _Person:
    """What the records tell about one person record: complete sets, and co-authors read so far."""

    __slots__ = ("institutions", "authorships", "occurrences", "coauthors", "read", "topics")

    def __init__(self) -> None:
        self.institutions: set[str] = set()
        self.authorships: set[str] = set()
        self.occurrences: list[tuple[ArticleRecord, int]] = []  # (record, author index)
        self.coauthors: set[str] = set()  # of the first ``read`` occurrences
        self.read = 0
        self.topics: frozenset[str] | None = None  # worked out when a score needs them

    def read_coauthors(self, count: int) -> None:
        """Add the co-authors' signatures of the next ``count`` occurrences."""
        stop = min(len(self.occurrences), self.read + count)
        for record, position in self.occurrences[self.read : stop]:
            for other, forms in enumerate(record.names):
                if other != position:
                    for name in forms:
                        self.coauthors.update(_cached_signatures(name))
        self.read = stop

    @property
    def is_read(self) -> bool:
        return self.read == len(self.occurrences)


class _Gathered:
    """The evidence of the people of a build, gathered only as far as each decision needs.

    Institutions and authorships (one set update per authorship) are
    gathered for every person in a block at once; co-authors (every other
    name of every article) and topics are read on demand: a pair that shares
    a co-author is known as soon as one shared signature is met, so two
    records of a prolific author read a few of their articles, not all.
    Scores and decisions are those of :func:`identity_score` on the
    complete evidence.
    """

    def __init__(self) -> None:
        self.people: dict[str, _Person] = {}
        self.names: Mapping[str, set[str]] = {}
        self.journals: Mapping[str, set[str]] = {}

    def add(
        self,
        record: ArticleRecord,
        article: str,
        positions: list[int],
        iri: Mapping[tuple[str, str], str],
    ) -> None:
        """The authorships at ``positions`` (0-based) of ``record``, merged as ``article``."""
        places = record.affiliations
        for position in positions:
            person = self.people.get(iri[(record.journal, record.authors[position])])
            if person is None:
                person = self.people[iri[(record.journal, record.authors[position])]] = _Person()
            person.institutions.update(places[position])
            person.authorships.add(f"{article}#{position + 1}")
            person.occurrences.append((record, position))

    def start(self, names: Mapping[str, set[str]], journals: Mapping[str, set[str]]) -> None:
        self.names, self.journals = names, journals
        for person in names:
            self.people.setdefault(person, _Person())

    def _shares_coauthor(self, a: _Person, b: _Person) -> bool:
        """Whether two people have a co-author in common, reading no more than it takes."""
        while a.coauthors.isdisjoint(b.coauthors):
            if a.is_read and b.is_read:
                return False
            low = a if not a.is_read and (b.is_read or a.read <= b.read) else b
            low.read_coauthors(max(1, low.read))  # 1, 2, 4, … occurrences
        return True

    def evidence(self, iri: str) -> Evidence:
        """The whole evidence of one person (every co-author read)."""
        person = self.people[iri]
        person.read_coauthors(len(person.occurrences))
        return self._evidence(iri)

    def _evidence(self, iri: str) -> Evidence:
        person = self.people[iri]
        if person.topics is None:
            person.topics = frozenset(t for r, _ in person.occurrences for t in r.keywords)
        return Evidence(
            names=frozenset(self.names[iri]),
            institutions=frozenset(person.institutions),
            coauthors=frozenset(person.coauthors),
            topics=person.topics,
            journals=frozenset(self.journals[iri]),
            authorships=frozenset(person.authorships),
        )

    def score(self, a: str, b: str) -> tuple[float, tuple[str, ...]]:
        """:func:`identity_score` of two people, or, once they reach the merge threshold, less.

        Names, authorships, institutions and co-authors add fixed weights
        that no further evidence takes back; when they reach
        :data:`MERGE_THRESHOLD` the pair is merged with that partial score
        (no reasons), without reading topics or the remaining co-authors.
        """
        level = _best_name(self.names[a], self.names[b])
        if level is None:
            return 0.0, ()
        x, y = self.people[a], self.people[b]
        sure = _WEIGHTS[f"name-{level}"]
        if not x.authorships.isdisjoint(y.authorships):
            sure += _WEIGHTS["authorship"]
        if not x.institutions.isdisjoint(y.institutions):
            sure += _WEIGHTS["institution"]
        if sure < MERGE_THRESHOLD and self._shares_coauthor(x, y):
            sure += _WEIGHTS["coauthor"]
        if sure >= MERGE_THRESHOLD:
            return sure, ()
        # Below the threshold on fixed weights: the exact score.  The co-author sets read
        # so far share a signature exactly when the complete sets do (checked just above).
        return identity_score(self._evidence(a), self._evidence(b))


def resolve_records(records: Records, articles: Mapping[str, str]) -> IdentityReport:
    """Decide who is who from the records of a build (no store queries): merges and candidates.

    Like :func:`resolve_people`, but the evidence comes from the records
    :class:`kg.merge.Records` kept while the sources loaded, and two records
    named at the same position of one (merged) article add the
    ``authorship`` reason.  ``articles`` maps merged article IRIs to the
    IRI each became (:func:`kg.merge.merge_articles`).  Nothing is changed:
    the caller applies ``merged`` and writes ``candidates``.

    >>> from kg.merge import Records
    >>> from kg.records import Article, Author, Journal, Page
    >>> def page(name, issn, place):
    ...     a = Article("t", authors=(name,), year=2024, journal=Journal(issn=issn),
    ...                 author_details=(Author(name, affiliations=(place,)),))
    ...     return Page("p", articles=(a,))
    >>> records = Records()
    >>> records.add("a", page("王伟", "1005-1201", "Hospital A"))
    >>> records.add("b", page("王伟", "1000-0313", "Hospital B"))
    >>> report = resolve_records(records, {})
    >>> len(report.merged), [c[3] for c in report.candidates]
    (0, [('name-full',)])
    """
    from kg.ids import person_iri

    first: dict[str, str] = {}  # name → the first journal key it was met under
    more: dict[str, set[str]] = {}  # names met under several journal keys → all of them
    forms_of: dict[tuple[str, str], set[str]] = {}
    people = 0
    for scope, name in sorted(records.editors):
        if first.setdefault(name, scope) != scope:
            more.setdefault(name, {first[name]}).add(scope)
    for record in records.articles:
        scope = record.journal
        for name in record.authors:
            if first.setdefault(name, scope) != scope:
                more.setdefault(name, {first[name]}).add(scope)
        if record.details:
            for forms in record.names:
                if len(forms) > 1:
                    forms_of.setdefault((scope, forms[0]), set()).update(forms)
    scopes = {name: more.get(name) or {scope} for name, scope in first.items()}
    people = sum(len(found) for found in scopes.values())
    blocks = _record_blocks(scopes, forms_of)
    involved = {p for block in blocks.values() for p in block}
    iri = {key: person_iri(key[1], evidence=key[0]) for key in involved}
    names: dict[str, set[str]] = {}
    journals: dict[str, set[str]] = {}
    for key in involved:
        names.setdefault(iri[key], set()).update(forms_of.get(key, {key[1]}))
        journals.setdefault(iri[key], set()).add(key[0])
    gathered = _Gathered()
    for record in records.articles if involved else ():
        scope = record.journal
        mine = [i for i, name in enumerate(record.authors) if (scope, name) in involved]
        if mine:
            gathered.add(record, articles.get(record.iri, record.iri), mine, iri)
    iri_blocks = {key: sorted({iri[p] for p in block}) for key, block in blocks.items()}
    gathered.start(names, journals)
    report = _decide(
        names,
        {k: b for k, b in iri_blocks.items() if len(b) > 1},
        gathered.score,
        gathered.evidence,
    )
    report.people = people
    return report


# ---------------------------------------------------------------------------
# Reading the people and the open cases back from a built graph (radkg authors)


def _union_rows(ds: Dataset, query: str) -> list[tuple[str, ...]]:
    """Rows of a SELECT over the union of the named graphs, every value as a string."""
    from kg.store import oxigraph

    store = oxigraph(ds)
    if store is not None:
        return [
            tuple("" if v is None else v.value for v in row)
            for row in store.query(query, use_default_graph_as_union=True)
        ]
    return [tuple("" if v is None else str(v) for v in row) for row in ds.query(query)]


def _people_names(ds: Dataset) -> dict[str, list[str]]:
    return {p: sorted(names) for p, names in _names(ds).items()}


def people_table(ds: Dataset) -> list[dict[str, object]]:
    """Every person of a graph with their article count and every form of their name.

    Sorted by article count (most first), then by first name form and IRI.

    >>> from kg.pipeline import build
    >>> rows = people_table(build(validate="none").dataset)
    >>> sorted(rows[0])
    ['articles', 'names', 'person']
    """
    from kg.namespaces import DCTERMS

    counts = dict(
        _union_rows(
            ds,
            f"SELECT ?p (COUNT(DISTINCT ?a) AS ?n) "
            f"WHERE {{ ?a <{DCTERMS.creator}> ?p }} GROUP BY ?p",
        )
    )
    rows = [
        {"person": person, "articles": int(counts.get(person, 0)), "names": names}
        for person, names in _people_names(ds).items()
    ]
    rows.sort(key=lambda r: (-r["articles"], r["names"][:1], r["person"]))  # type: ignore[operator]
    return rows


def candidate_table(ds: Dataset) -> list[dict[str, object]]:
    """The open same-name cases of a graph: both people, their names, the score and its evidence.

    Sorted by score (highest first), then by the people's IRIs.
    """
    from kg.namespaces import RADKG, RDF

    rows = _union_rows(
        ds,
        f"SELECT ?c ?p ?s ?e WHERE {{ ?c <{RDF.type}> <{RADKG.IdentityCandidate}> ; "
        f"<{RADKG.candidate}> ?p ; <{RADKG.identityScore}> ?s ; <{RADKG.identityEvidence}> ?e }}",
    )
    found: dict[str, tuple[set[str], str, set[str]]] = {}
    for candidate, person, score, reason in rows:
        people, _, reasons = found.setdefault(candidate, (set(), score, set()))
        people.add(person)
        reasons.add(reason)
    names = _people_names(ds)
    out: list[dict[str, object]] = []
    for people, score, reasons in found.values():
        a, b = sorted(people) if len(people) == 2 else (min(people), min(people))
        out.append(
            {
                "person_a": a,
                "names_a": names.get(a, []),
                "person_b": b,
                "names_b": names.get(b, []),
                "score": float(score),
                "evidence": sorted(reasons, key=_reason_order),
            }
        )
    out.sort(key=lambda r: (-r["score"], r["person_a"], r["person_b"]))  # type: ignore[operator]
    return out


def _reason_order(reason: str) -> tuple[int, str]:
    head = reason.split(":", 1)[0]
    order = [*_WEIGHTS, "topics", "journal"]
    return (order.index(head) if head in order else len(order), reason)
