"""Split the glued author strings of Chinese tables of contents into names.

Chinese TOC pages print an article's authors with no separator at all
(``周卫平昝星有刘晓杨树东...``).  :func:`split_authors` finds the most probable
segmentation of such a string with a Viterbi pass over its characters.  Every
candidate name is scored as a small generative model:

``log P(name) = log P(shape) + log P(surname) + sum(log P(given char))``

* *shape*: single surname + one given character (``刘晓``), single surname + two
  given characters (``周卫平``), or the rare double surname + two (``向覃言秋``);
* *surname*: share of the population with that surname, single (``王``) or
  compound (``欧阳``), from ``data/surnames.tsv``; an unlisted character gets a
  small floor, so rare surnames still work;
* *given characters*: share of given-name character occurrences, from
  ``data/given_name_chars.tsv`` (reduplicated names such as ``丹丹`` get their
  own small mass).

A character that is a common surname but a rare given-name character (``强``,
``倪``) therefore prefers to start the next name, while one that is common in
given names (``华``, ``林``) stays where it is unless the rest of the string
says otherwise: the whole string is scored at once, never greedily.

Minority names written with a middle dot (``阿力木江·木合塔尔``) are scored
the same way, character by character, from the weights of transliteration
characters in ``data/given_translit_chars.tsv`` and a prior on the length of
each part: such a name starts where the preceding Han name ends and stops
where the next one starts (``鲜军舫|艾克拜尔·吾拉木``,
``古丽娜尔·吐尔逊|华强``).

Besides glued Chinese names the splitter honours explicit separators
(``,，、;；`` and spaces), keeps group authors (``…学组``, ``…委员会``)
whole, splits Latin-script names on script and case boundaries, and drops a
trailing truncation marker (``...``, ``…``, ``等``).
"""

from __future__ import annotations

import math
import re
from functools import cache

from kg.data import data_path

__all__ = ["split_authors"]

# --- model constants (natural-log scale) -----------------------------------
# Shares of name shapes: 68 of the 187 Han names in the real lists of
# tests/data/segment/authors.tsv have two characters (36 %), 119 three.
_LOG_SHAPE_2 = math.log(0.33)  # surname + one given character
_LOG_SHAPE_3 = math.log(0.65)  # surname + two given characters
_LOG_SHAPE_DOUBLE = math.log(0.002)  # two single surnames + two given characters
_DUP_SHARE = 0.01  # share of two-character given names that repeat a character
_UNKNOWN_SURNAME_PPM = 0.01
_UNKNOWN_GIVEN_PPM = 0.3
_LOG_SINGLE_CHAR = -60.0  # last-resort token so that every string has a path
_SOFT_CROSS = 7.0  # penalty for a name that spans a space in the source
_DOT_NAME_PRIOR = math.log(0.002)
_OTHER_TRANSLIT_SHARE = 1e-5  # a character outside data/given_translit_chars.tsv in a dotted name
# Length of one part of a dotted name (阿力木江 4, 吐尔逊 3, 艾力 2); longer parts are rarer still.
_LOG_DOT_PART_LEN = tuple(math.log(p) for p in (1e-9, 0.01, 0.15, 0.35, 0.30, 0.12, 0.05, 0.02))
_LOG_DOT_PART_LONG = math.log(0.005)
_LOG_KNOWN_PART = math.log(8.0)  # a part listed in data/given_translit_parts.tsv
_MAX_DOT_NAME = 24
_MAX_SEPARATED_NAME = 4

_DOTS = frozenset("·•・‧∙⋅")
_HARD_SEPARATORS = re.compile(r"[,，、;；|/／\n\r\t]+")
_TRUNCATION = re.compile(
    r"(?:\s*(?:\.{2,}|。{2,}|…+|⋯+|(?:等|et\.?\s*al)\.?|etc\.?))+[\s.,，;；、]*$", re.IGNORECASE
)
_LATIN_CASE_BOUNDARY = re.compile(r"(?<=[a-zß-öø-ÿ])(?=[A-ZÀ-ÖØ-Þ])")
_GROUP_STRONG = (
    "学组|委员会|专家组|协作组|分会|联盟|工作组|研究组|写作组|编写组|编委会|编辑部|课题组|共识组|"
    "协作网|研究会|协作中心"
)
_GROUP_WEAK = "学会|协会|小组|中心|联合会|医学会"
_GROUP_START = re.compile(
    r"《|中华|中国|全国|国家|国际|亚洲|世界|海峡两岸|北京|上海|天津|重庆|河北|山西|辽宁|吉林|黑龙江|"
    r"江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|"
    r"内蒙古|广西|西藏|宁夏|新疆|香港|澳门"
)
_GROUP_STRONG_RE = re.compile(rf"(?:{_GROUP_STRONG})+")
_GROUP_WEAK_RE = re.compile(rf"(?:{_GROUP_WEAK}|{_GROUP_STRONG})+")


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x3134F
        or o == 0x3007
    )


def _read_ppm_table(name: str) -> dict[str, float]:
    """Read a ``key<TAB>ppm`` table (comment lines start with ``#``; one header line)."""
    table: dict[str, float] = {}
    with data_path(name).open(encoding="utf-8") as handle:
        rows = (line.rstrip("\n").split("\t") for line in handle if not line.startswith("#"))
        next(rows, None)
        for row in rows:
            if len(row) >= 2 and row[0]:
                table[row[0]] = float(row[1])
    return table


def _read_translit() -> dict[str, float]:
    """Log-probability of each character of a transliterated (dotted) name."""
    weights = _read_ppm_table("given_translit_chars.tsv")
    total = sum(weights.values())
    return {c: math.log(w / total) for c, w in weights.items()}


@cache
def _translit() -> tuple[dict[str, float], frozenset[str]]:
    """Character log-probabilities and known whole parts of transliterated names."""
    with data_path("given_translit_parts.tsv").open(encoding="utf-8") as handle:
        rows = [line.strip() for line in handle if line.strip() and not line.startswith("#")]
    return _read_translit(), frozenset(rows[1:])


@cache
def _model() -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
    """Log-probability tables: single surnames, compound surnames, given-name chars."""
    surnames = _read_ppm_table("surnames.tsv")
    total = sum(surnames.values())
    single = {s: math.log(p / total) for s, p in surnames.items() if len(s) == 1}
    compound = {s: math.log(p / total) for s, p in surnames.items() if len(s) == 2}
    given_ppm = _read_ppm_table("given_name_chars.tsv")
    given_total = sum(given_ppm.values())
    given = {c: math.log(p / given_total) for c, p in given_ppm.items()}
    return single, compound, given


def _split_latin(run: str) -> list[str]:
    """``'John SmithLi Wei'`` -> ``['John Smith', 'Li Wei']``."""
    names = []
    for part in _LATIN_CASE_BOUNDARY.split(run):
        part = " ".join(part.split()).strip(" .-'")
        if part:
            names.append(part)
    return names


def _viterbi(chars: str, soft: list[bool]) -> list[str]:
    """Best segmentation of a run of CJK characters (and middle dots) into names.

    ``soft[i]`` is true where the source had whitespace before ``chars[i]``.
    """
    single, compound, given = _model()
    n = len(chars)
    unknown_s = math.log(_UNKNOWN_SURNAME_PPM / 1e6)
    unknown_g = math.log(_UNKNOWN_GIVEN_PPM / 1e6)
    ls = [single.get(c, unknown_s) for c in chars]
    lg = [given.get(c, unknown_g) for c in chars]
    is_dot = [c in _DOTS for c in chars]
    has_dot = any(is_dot)
    has_soft = any(soft)
    if has_dot:
        translit, known_parts = _translit()
        other = math.log(_OTHER_TRANSLIT_SHARE)
        lt = [translit.get(c, other) for c in chars]
    neg = -math.inf
    best = [neg] * (n + 1)
    back = [0] * (n + 1)
    best[0] = 0.0

    def offer(end: int, score: float, start: int) -> None:
        if has_soft:
            score -= _SOFT_CROSS * sum(soft[start + 1 : end])
            if end < n and not soft[end]:
                score -= 0.5
        if score > best[end]:
            best[end] = score
            back[end] = start

    for i in range(n):
        base = best[i]
        if base == neg:
            continue
        offer(i + 1, base + _LOG_SINGLE_CHAR, i)
        if is_dot[i]:
            continue
        s = ls[i]
        # single surname + 1 or 2 given characters
        if i + 1 < n and not is_dot[i + 1]:
            g1 = lg[i + 1]
            offer(i + 2, base + _LOG_SHAPE_2 + s + g1, i)
            if i + 2 < n and not is_dot[i + 2]:
                g2 = lg[i + 2]
                two = g1 + g2
                if chars[i + 1] == chars[i + 2]:
                    two = math.log((1 - _DUP_SHARE) * math.exp(two) + _DUP_SHARE * math.exp(g1))
                offer(i + 3, base + _LOG_SHAPE_3 + s + two, i)
                # double surname (陈李华明) and compound surname + 1 given (欧阳晨)
                pair = compound.get(chars[i : i + 2])
                if pair is not None:
                    offer(i + 3, base + _LOG_SHAPE_2 + pair + g2, i)
                if i + 3 < n and not is_dot[i + 3]:
                    g3 = lg[i + 3]
                    if pair is not None:
                        offer(i + 4, base + _LOG_SHAPE_3 + pair + g2 + g3, i)
                    offer(i + 4, base + _LOG_SHAPE_DOUBLE + s + ls[i + 1] + g2 + g3, i)
        if has_dot:
            _offer_dotted(chars, lt, known_parts, is_dot, i, base, offer)
    names = []
    end = n
    while end > 0:
        start = back[end]
        names.append(chars[start:end])
        end = start
    names.reverse()
    return [name for name in names if not all(c in _DOTS for c in name)]


def _offer_dotted(
    chars: str,
    lt: list[float],
    known: frozenset[str],
    is_dot: list[bool],
    i: int,
    base: float,
    offer,
) -> None:
    """Offer every transliterated name ``X·Y[·Z]`` that starts at ``i``.

    ``lt[j]`` is the log-probability of character ``j`` in a transliterated
    name (``data/given_translit_chars.tsv``); each part also scores its
    length, and a part listed in ``known`` (``吐尔洪``) scores higher.  So the
    name starts where the preceding Han name ends and stops where the next
    one starts.
    """
    score = base + _DOT_NAME_PRIOR
    has_dot = False
    start = i  # start of the current part
    lengths = _LOG_DOT_PART_LEN

    def part_score(end: int) -> float:
        size = end - start
        extra = lengths[size] if size < len(lengths) else _LOG_DOT_PART_LONG
        return extra + _LOG_KNOWN_PART if chars[start:end] in known else extra

    for j in range(i, min(len(lt), i + _MAX_DOT_NAME)):
        if is_dot[j]:
            if j == start:
                return
            score += part_score(j)
            start = j + 1
            has_dot = True
            continue
        score += lt[j]
        if has_dot:
            offer(j + 1, score + part_score(j + 1), i)


def _split_cjk(run: str) -> list[str]:
    """Split one run of CJK text (spaces allowed, no group author) into names."""
    chars: list[str] = []
    soft: list[bool] = []
    pending_space = False
    for ch in run:
        if ch.isspace():
            pending_space = bool(chars)
            continue
        chars.append(ch)
        soft.append(pending_space)
        pending_space = False
    text = "".join(chars)
    if soft:
        soft[0] = False
    if not text or text in _DOTS:
        return []
    if len(text) == 1:
        return [text]
    return _viterbi(text, soft)


def _find_group(text: str) -> tuple[int, int] | None:
    """Span of a group author (``中华医学会放射学分会腹部学组``) in ``text``, if any."""
    match = None
    for match in _GROUP_WEAK_RE.finditer(text):
        pass
    if match is None:
        return None
    end = match.end()
    prefix = _GROUP_START.search(text, 0, match.start())
    if prefix is not None:
        return prefix.start(), end
    if _GROUP_STRONG_RE.search(text, 0, end) is None or end < 4:
        return None
    return 0, end


def _runs(chunk: str):
    """Yield ``(is_cjk, text)`` runs of a separator-free chunk; other characters end a run."""
    kind = None
    buffer: list[str] = []
    for ch in chunk:
        if _is_cjk(ch) or ch in _DOTS:
            k = "cjk"
        elif ch.isalpha() or (ch in "'-." and kind == "latin"):
            k = "latin"
        elif ch.isspace():
            if kind is not None:
                buffer.append(ch)
            continue
        else:
            k = None
        if k != kind:
            if kind is not None:
                yield kind == "cjk", "".join(buffer)
            buffer = []
            kind = k
        if k is not None:
            buffer.append(ch)
    if kind is not None:
        yield kind == "cjk", "".join(buffer)


def split_authors(text: str) -> list[str]:
    """Split a glued author string from a Chinese table of contents into names.

    Parameters
    ----------
    text : str
        The author field as printed, e.g. ``"周卫平昝星有刘晓杨树东..."``.
        Explicit separators (``,`` ``，`` ``、`` ``;`` ``；`` and spaces) are
        honoured; a trailing truncation marker (``...``, ``…``, ``等``,
        ``et al.``) is dropped: record truncation separately if you need it.

    Returns
    -------
    list of str
        The names in order.  Chinese names come back without spaces; names
        with a middle dot (``阿力木江·木合塔尔``) and group authors
        (``中华医学会放射学分会乳腺学组``) stay whole; Latin-script names keep
        their inner spaces.  Empty or blank input gives ``[]``.  The function
        never raises on a ``str``.

    Notes
    -----
    The split maximises the joint probability of all names in the string
    (Viterbi), from surname frequencies (``data/surnames.tsv``), given-name
    character frequencies (``data/given_name_chars.tsv``) and name-shape
    priors; see the module docstring.

    Examples
    --------
    >>> split_authors("周卫平昝星有刘晓杨树东...")
    ['周卫平', '昝星有', '刘晓', '杨树东']
    >>> split_authors("马凤华强金伟胡凌")
    ['马凤华', '强金伟', '胡凌']
    >>> split_authors("张伟John SmithLi Wei")
    ['张伟', 'John Smith', 'Li Wei']
    """
    if not isinstance(text, str):
        return []
    text = _TRUNCATION.sub("", text.strip())
    names: list[str] = []
    chunks = _HARD_SEPARATORS.split(text)
    separated = len(chunks) > 1
    for chunk in chunks:
        group = _find_group(chunk)
        if group is None:
            names.extend(_split_chunk(chunk, separated))
        else:
            start, end = group
            names.extend(_split_chunk(chunk[:start], separated))
            names.append(" ".join(chunk[start:end].split()))
            names.extend(_split_chunk(chunk[end:], separated))
    return names


def _split_chunk(chunk: str, separated: bool) -> list[str]:
    """Names of a separator-free chunk without group authors.

    In a list with explicit separators a chunk of at most four CJK characters
    is one name (``欧阳明华``); longer chunks are still segmented.
    """
    names: list[str] = []
    for is_cjk, run in _runs(chunk):
        if (
            is_cjk
            and separated
            and len(run.strip()) <= _MAX_SEPARATED_NAME
            and not any(ch.isspace() for ch in run.strip())
        ):
            names.append(run.strip())
        else:
            names.extend(_split_cjk(run) if is_cjk else _split_latin(run))
    return [name for name in names if name and name not in _DOTS]
