"""Split the glued keyword lines of Chinese tables of contents.

A Chinese radiology table of contents prints an article's keywords with no
separator between them::

    癌,肝细胞体层摄影术,X线计算机化学栓塞,治疗性影像组学深度学习

and :func:`split_keywords` turns such a line back into a list.  The commas
stay: they belong to inverted subject headings in the style of the Chinese
medical subject headings (CMeSH), where a qualifier follows its head
(``癌,肝细胞``; ``胰腺炎,急性,坏死性``).

How it works
------------
The line is first cut at explicit separators (``;`` ``；`` ``、`` ``|``, line
breaks, and whitespace between two Chinese characters); when there are any,
the pieces are the keywords.  Otherwise a dynamic programme scores every way
of cutting the line and keeps the cheapest one:

* a keyword of the bundled vocabulary (``data/keywords.tsv``, found in the
  line by one Aho-Corasick automaton) costs little, so fewer and longer known
  keywords win;
* a comma followed by a known qualifier (``,肝细胞``, ``,X线计算机``) is
  attached to the keyword before it; a comma may also be read as a separator,
  cheaply when a space follows it and dearly when not;
* a stretch that the vocabulary does not cover becomes an unknown keyword,
  charged by its length and by how seldom its first and last characters
  begin and end keywords of the vocabulary; it never cuts a run of Latin
  letters or digits in two;
* a known keyword printed twice in a row (``肺肺黏液表皮样癌``) is charged
  dearly, since a list never repeats a keyword: the second copy instead begins
  one keyword with the known keyword after it (``肺`` / ``肺黏液表皮样癌``);
* only when the cheapest cut still contains unknown keywords is the
  ``context`` (title and abstracts) consulted: stretches around the unknown
  parts that also occur in the context become candidate keywords, and the
  programme runs again.

English keyword lines are printed glued too (``osteoporosiscomputed
tomographydual-energy X-ray absorptiometryscreening``).  A line without
Chinese characters, and a stretch of a Chinese line without them that is
longer than the lattice's longest unknown keyword, is split where two words
touch with no space between them: wordninja's word model over radkg's English
vocabulary (the lexicon, ``keywords.tsv``) and its bundled English word list
finds the words, a keyword radkg knows wins, and a run of letters that is not
made of known words is never cut (see :func:`_split_english`).

Every character of the input is kept in the output except separators and
surrounding whitespace, so ``"".join(parts)`` gives back the input without
them.
"""

from __future__ import annotations

import gzip
import io
import math
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import ahocorasick
from ahocorasick_rs import AhoCorasick

from kg.data import data_path

__all__ = ["split_keywords"]

# ---------------------------------------------------------------------------
# Costs (negative log-odds in spirit; only their differences matter)

_KNOWN = 10.0  # one keyword of the vocabulary
_KNOWN_SHORT = 3.0  # extra for a one-character known keyword (``癌``)
_ATTACH = 2.0  # a comma and a known qualifier after a keyword
_ATTACH_UNKNOWN = -5.0  # added to the unknown cost of an unknown qualifier
_SEP_COMMA = 9.0  # a comma with no space after it read as a separator
_SEP_COMMA_SPACED = 0.5  # a comma followed by whitespace read as a separator
_SEP_SPACE = 0.5  # whitespace next to Latin text read as a separator
_UNKNOWN = 21.0  # an unknown keyword, plus the terms below
_UNKNOWN_PER_CHAR = 4.5
_UNKNOWN_SINGLE = 8.0  # extra for a one-character unknown keyword
_UNKNOWN_LATIN = 22.0  # a whole unknown run of Latin letters and digits
_CONTEXT = 20.0  # a stretch found in the context, plus the term below
_CONTEXT_PER_CHAR = 0.4
_CONTEXT_BOUNDED = 6.0  # less for a stretch the context prints between word boundaries
_BOUNDARY_WEIGHT = 1.5  # weight of the first/last-character terms

_PRODUCTIVE = 5  # a keyword that begins or ends this many others is a productive part
_COMPOUND_BONUS = 3.0  # less for an unknown keyword that begins or ends with one
_LIKELY_EDGE = 0.9  # -log share below which a character marks a likely boundary
# No unknown keyword costs less than this.
_UNKNOWN_FLOOR = min(_UNKNOWN + _UNKNOWN_PER_CHAR, _UNKNOWN_LATIN) - 2 * _COMPOUND_BONUS
# Junctures inside an unknown keyword: a character pair never seen inside a
# keyword of the vocabulary costs this, more when the first character usually
# ends keywords and the second usually begins them, and most for a doubled
# character (``肺肺泡微结石症``: the organ heading and then the finding).
_JUNCTURE_UNSEEN = 1.5
_JUNCTURE_EDGE = 1.5  # per unit of edge likeliness below ``_JUNCTURE_LEVEL``
_JUNCTURE_LEVEL = 1.5
_JUNCTURE_PRIOR = 8.0  # pseudo-count of the average edge share in the likeliness estimates
_JUNCTURE_REPEAT = 12.0
_LATIN_SUFFIX = 11.0  # a Latin token and a classifier suffix read as one keyword (``Borrmann分型``)
# Extra for a known keyword right after the same text (``肺肺``: a list never repeats one).
_REPEAT = 30.0
# The repeated keyword instead begins a compound with the known keyword after it
# (``肺肺黏液表皮样癌``: ``肺`` and ``肺黏液表皮样癌``); this much more than a known keyword.
_REPEAT_COMPOUND = 2.0
_GLUE = 4.0  # a known keyword and a relation suffix read as one keyword (``海绵窦侵犯``)
_MAX_UNKNOWN = 14  # longest unknown keyword, in characters
_MAX_QUALIFIER = 6  # longest unknown qualifier after a comma
_CONTEXT_MARGIN = 8  # how far around an unknown part the context is tried
_INF = math.inf

# ---------------------------------------------------------------------------
# Characters

_HARD_SEPARATORS = re.compile(r"[;；、|\n\r\t]+")
_CJK = "\u3400-\u9fff\uf900-\ufaff"
_CJK_SPACE_CJK = re.compile(rf"(?<=[{_CJK}])[ \u3000\xa0]+(?=[{_CJK}])")
_SPACES = " \u3000\xa0"
# Characters around a word of the context: punctuation and the particles that join words.
_CONTEXT_BOUNDARIES = frozenset(
    " \n\t\u3000\xa0,.;:!?()[]<>\"'/，。；：！？（）【】《》“”‘’、…·的与及和在对或等于为中"
)
_NO_FIRST = frozenset(",- /)")  # an unknown keyword never starts with these
_NO_LAST = frozenset(",- /(")  # nor ends with these
# A Latin token: letters and digits, joined by hyphens, slashes, dots, pluses or single spaces.
_LATIN_TOKEN = re.compile(r"[a-z0-9α-ωⅠ-ⅿ]+(?:[-/.+ ]?[a-z0-9α-ωⅠ-ⅿ]+)*")


def _normaliser() -> dict[int, int]:
    """A length-preserving translation: full-width forms to ASCII, ASCII to lower case."""
    table: dict[int, int] = {}
    for code in range(0xFF01, 0xFF5F):
        table[code] = code - 0xFEE0
    table[0x3000] = 0x20
    table[0x00A0] = 0x20
    for dash in "‐‑‒–—―－−":
        table[ord(dash)] = ord("-")
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = code + 32
    for code in range(0xFF21, 0xFF3B):  # full-width capitals straight to lower case
        table[code] = code - 0xFEE0 + 32
    return table


_NORMALISE = _normaliser()


def _normalise(text: str) -> str:
    return text.translate(_NORMALISE)


def _is_latin(char: str) -> bool:
    """A letter or digit that belongs to a Latin run (``MRI``, ``Ki67``, ``3.0T``, ``α``)."""
    if char.isascii():
        return char.isalnum()
    return "\u03b1" <= char <= "\u03c9" or "\u2160" <= char <= "\u217f"


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


# ---------------------------------------------------------------------------
# The vocabulary


class _Vocabulary:
    """The automaton over keywords and qualifiers, and first/last-character costs."""

    __slots__ = (
        "automaton",
        "start_cost",
        "end_cost",
        "default_start",
        "default_end",
        "starters",
        "enders",
        "profiles",
        "keywords",
        "latin_suffixes",
        "relations",
        "pairs",
        "junctures",
        "likely_start",
        "likely_end",
    )

    def __init__(self, keywords: set[str], qualifiers: set[str], suffixes: dict[str, str]) -> None:
        self.keywords = keywords
        self.latin_suffixes = sorted(
            (word for word, kind in suffixes.items() if kind == "latin"), key=len, reverse=True
        )
        self.relations = frozenset(w for w, kind in suffixes.items() if kind == "relation")
        self.pairs = frozenset(word[k : k + 2] for word in keywords for k in range(len(word) - 1))
        self.junctures: dict[str, float] = {}
        self.likely_start = _edge_likeliness(keywords, 0)
        self.likely_end = _edge_likeliness(keywords, -1)
        prefixes, suffixes_ = _productive_parts(keywords)
        automaton = ahocorasick.Automaton()
        for word in keywords | qualifiers:
            automaton.add_word(
                word,
                (
                    len(word),
                    word in keywords,
                    word in qualifiers,
                    word in prefixes,
                    word in suffixes_,
                ),
            )
        automaton.make_automaton()
        self.automaton = automaton
        self.start_cost, self.default_start = _edge_costs(keywords, 0)
        self.end_cost, self.default_end = _edge_costs(keywords, -1)
        # Characters that mostly begin (end) keywords mark likely boundaries.
        self.starters = frozenset(c for c, v in self.start_cost.items() if v < _LIKELY_EDGE)
        self.enders = frozenset(c for c, v in self.end_cost.items() if v < _LIKELY_EDGE)
        self.profiles: dict[str, tuple[float, float, bool, bool, bool, bool]] = {}

    def juncture(self, pair: str) -> float:
        """Cost of reading the two characters of ``pair`` inside one unknown keyword (memoised)."""
        found = self.junctures.get(pair)
        if found is None:
            first, second = pair
            if pair in self.pairs or not (_is_cjk(first) or _is_cjk(second)):
                found = 0.0
            elif first == second:
                found = _JUNCTURE_REPEAT
            else:
                ends = self.likely_end.get(first, 0.0)
                starts = self.likely_start.get(second, 0.0)
                found = _JUNCTURE_UNSEEN + _JUNCTURE_EDGE * (ends + starts)
            if len(self.junctures) < 262144:
                self.junctures[pair] = found
        return found

    def profile(self, char: str) -> tuple[float, float, bool, bool, bool, bool]:
        """``(head, tail, is_latin, is_cjk, likely_start, likely_end)`` of a character, memoised."""
        found = self.profiles.get(char)
        if found is None:
            head = tail = _INF
            if char not in _NO_FIRST:
                head = _BOUNDARY_WEIGHT * self.start_cost.get(char, self.default_start)
            if char not in _NO_LAST:
                tail = _BOUNDARY_WEIGHT * self.end_cost.get(char, self.default_end)
            likely_start = char in self.starters or char in ", -"
            likely_end = char in self.enders or char in ", -"
            found = (head, tail, _is_latin(char), _is_cjk(char), likely_start, likely_end)
            if len(self.profiles) < 65536:
                self.profiles[char] = found
        return found


def _productive_parts(words: set[str]) -> tuple[set[str], set[str]]:
    """Keywords that begin (end) at least ``_PRODUCTIVE`` longer keywords: ``动脉``, ``侵犯``.

    An unknown keyword that begins (ends) with one of them is likely a compound
    the vocabulary lacks (``动脉残端压``, ``海绵窦侵犯``), so it is charged less.
    """
    starts: dict[str, int] = {}
    ends: dict[str, int] = {}
    for word in words:
        for cut in range(2, min(len(word), 6)):
            starts[word[:cut]] = starts.get(word[:cut], 0) + 1
            ends[word[-cut:]] = ends.get(word[-cut:], 0) + 1
    prefixes = {w for w, n in starts.items() if n >= _PRODUCTIVE and w in words}
    suffixes = {w for w, n in ends.items() if n >= _PRODUCTIVE and w in words}
    return prefixes, suffixes


def _edge_costs(words: set[str], index: int) -> tuple[dict[str, float], float]:
    """How unlikely each character is to begin (``index=0``) or end (``-1``) a keyword.

    The cost is ``-log`` of the share of a character's occurrences in the
    vocabulary that sit at that edge of a word, smoothed; characters that never
    occur get the cost of a character seen once in the middle of a word.
    """
    seen: dict[str, int] = {}
    at_edge: dict[str, int] = {}
    for word in words:
        core = word.split(",")[0] if index == 0 else word.split(",")[-1]
        if not core:
            continue
        for char in word:
            seen[char] = seen.get(char, 0) + 1
        at_edge[core[index]] = at_edge.get(core[index], 0) + 1
    costs = {
        char: -math.log((at_edge.get(char, 0) + 0.5) / (count + 1.0))
        for char, count in seen.items()
    }
    return costs, -math.log(0.5 / 2.0)


def _edge_likeliness(words: set[str], index: int) -> dict[str, float]:
    """How much more than ``exp(-_JUNCTURE_LEVEL)`` of a character's uses begin (end) a keyword.

    Unlike :func:`_edge_costs` the shares are shrunk hard towards the average,
    so a character seen a few times is not taken for a likely boundary.
    """
    seen: dict[str, int] = {}
    at_edge: dict[str, int] = {}
    for word in words:
        for part in word.split(","):
            if part:
                for char in part:
                    seen[char] = seen.get(char, 0) + 1
                at_edge[part[index]] = at_edge.get(part[index], 0) + 1
    prior = sum(at_edge.values()) / max(1, sum(seen.values()))
    likeliness = {}
    for char, count in seen.items():
        share = (at_edge.get(char, 0) + _JUNCTURE_PRIOR * prior) / (count + _JUNCTURE_PRIOR)
        value = _JUNCTURE_LEVEL + math.log(share)
        if value > 0:
            likeliness[char] = value
    return likeliness


def _read_column(name: str) -> set[str]:
    """The normalised first column of a bundled TSV file, skipping ``#`` comments."""
    words = set()
    for line in data_path(name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word = _normalise(line.split("\t")[0].strip())
            if word:
                words.add(word)
    return words


@cache
def _vocabulary() -> _Vocabulary:
    """Read the vocabulary once: ``data/keywords.tsv`` and ``data/keyword-qualifiers.tsv``.

    Qualifiers are the words of ``keyword-qualifiers.tsv`` and every part after
    a comma in a heading of ``keywords.tsv``.
    """
    keywords = _read_column("keywords.tsv")
    qualifiers = _read_column("keyword-qualifiers.tsv")
    for word in keywords:
        qualifiers.update(part for part in word.split(",")[1:] if part)
    suffixes = {}
    for line in data_path("keyword-suffixes.tsv").read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) >= 2 and not line.startswith("#"):
            suffixes[_normalise(fields[0].strip())] = fields[1].strip()
    return _Vocabulary(keywords, qualifiers, suffixes)


# ---------------------------------------------------------------------------
# The dynamic programme


class _Lattice:
    """One chunk's known matches by start position, and what an unknown keyword may be.

    ``head[i]`` (``tail[j]``) is the first-character (last-character) term of an
    unknown keyword starting at ``i`` (ending at ``j``), infinite where one may
    not start (end): at a comma, space, hyphen or slash, or inside a run of
    Latin letters and digits.  ``reach[i]`` is the furthest end of an unknown
    keyword starting at ``i`` (the next comma, or space that is not inside a
    Latin run).  ``inner[j] - inner[i + 1]`` sums the juncture terms inside
    ``norm[i:j]``.  A space between two Latin characters (``H3 K27M``) is part
    of a keyword, never a separator.
    """

    __slots__ = (
        "norm",
        "keywords",
        "qualifiers",
        "anchors",
        "extra",
        "glue",
        "repeats",
        "head",
        "tail",
        "reach",
        "wide",
        "inner",
        "joined",
    )

    def __init__(self, norm: str, vocabulary: _Vocabulary) -> None:
        size = len(norm)
        keywords: list[list[int]] = [[] for _ in range(size)]
        qualifiers: list[list[int]] = [[] for _ in range(size + 1)]
        glue: list[list[int]] = [[] for _ in range(size)]
        anchors = {size}
        compound_start: set[int] = set()
        compound_end: set[int] = set()
        known_edges: set[int] = set()
        repeats: set[tuple[int, int]] = set()
        longest_end: dict[int, int] = {}  # the longest known keyword ending at each position
        relations = vocabulary.relations
        for end, (
            length,
            is_keyword,
            is_qualifier,
            is_prefix,
            is_suffix,
        ) in vocabulary.automaton.iter(norm):
            start = end + 1 - length
            if is_keyword:
                keywords[start].append(end + 1)
                longest_end[end + 1] = max(longest_end.get(end + 1, 0), length)
                if start >= length and norm.startswith(norm[start : end + 1], start - length):
                    repeats.add((start, end + 1))
                known_edges.add(start)
                known_edges.add(end + 1)
            if is_qualifier:
                qualifiers[start].append(end + 1)
            if is_prefix:
                compound_start.add(start)
            if is_suffix:
                compound_end.add(end + 1)
            anchors.add(start)
            anchors.add(end + 1)
        # Not a repeat when the first copy ends a longer keyword
        # (``经导管动脉化疗栓塞动脉化疗栓塞``).
        repeats = {(a, b) for a, b in repeats if longest_end.get(a, 0) <= b - a}
        for word in relations:
            found = norm.find(word, 1)
            while found > 0:
                glue[found].append(found + len(word))
                anchors.add(found + len(word))
                found = norm.find(word, found + 1)
        profiles = [vocabulary.profile(char) for char in norm]
        # Spaces between two Latin characters join them into one Latin run.
        joined = {
            position
            for position in range(1, size - 1)
            if norm[position] == " " and profiles[position - 1][2] and profiles[position + 1][2]
        }
        if joined:
            latin = (0.0, 0.0, True, False, False, False)
            profiles = [latin if p in joined else profile for p, profile in enumerate(profiles)]
        head = [_INF] * (size + 1)
        tail = [_INF] * (size + 1)
        wide = [0] * (size + 1)  # count of non-ASCII characters before each position
        inner = [0.0] * (size + 1)  # juncture terms summed up to each position
        juncture = vocabulary.juncture
        previous = (_INF, _INF, False, False, False, False)
        for position, char in enumerate(norm):
            wide[position + 1] = wide[position] + (char > "\x7f")
            profile = profiles[position]
            if not (profile[2] and previous[2]):  # not inside a Latin run
                head[position] = profile[0]
                tail[position] = previous[1]
                if position:
                    inner[position] = inner[position - 1] + juncture(
                        norm[position - 1 : position + 1]
                    )
                    if position in joined or position - 1 in joined:
                        head[position] = tail[position] = _INF
            else:
                inner[position] = inner[position - 1] if position else 0.0
                if (
                    position in known_edges
                    and position not in joined
                    and position - 1 not in joined
                ):
                    # a known keyword ends inside a Latin run (``LI-RADSCEUS``)
                    head[position] = profile[0] + 2.0
                    tail[position] = previous[1] + 2.0
            if position and (profile[4] or previous[5] or profile[3] != previous[3]):
                anchors.add(position)
            previous = profile
        tail[size] = previous[1]
        inner[size] = inner[size - 1] if size else 0.0
        for position in compound_start:
            head[position] -= _COMPOUND_BONUS
        for position in compound_end:
            tail[position] -= _COMPOUND_BONUS
        reach = [size] * (size + 1)
        for position in range(size - 1, -1, -1):
            char = norm[position]
            stops = char == "," or (char == " " and position not in joined)
            reach[position] = position if stops else reach[position + 1]
        self.norm = norm
        self.keywords = keywords
        self.qualifiers = qualifiers
        self.glue = glue
        self.repeats = repeats
        self.joined = joined
        self.anchors = sorted(anchors)
        self.extra: list[list[tuple[int, float, float, float]]] = [[] for _ in range(size)]
        for start, stop in repeats:
            if stop < size:
                for end in keywords[stop]:
                    self.extra[start].append((end, _KNOWN + _REPEAT_COMPOUND))
        self.head, self.tail, self.reach, self.wide, self.inner = head, tail, reach, wide, inner
        if vocabulary.latin_suffixes and wide[size] != size:
            self._add_latin_suffixes(vocabulary)

    def _add_latin_suffixes(self, vocabulary: _Vocabulary) -> None:
        """Offer each Latin token followed by a classifier suffix as one keyword."""
        norm = self.norm
        for match in _LATIN_TOKEN.finditer(norm):
            stop = match.end()
            if stop >= len(norm) or not _is_cjk(norm[stop]):
                continue
            for suffix in vocabulary.latin_suffixes:
                if norm.startswith(suffix, stop):
                    end = stop + len(suffix)
                    self.extra[match.start()].append((end, _LATIN_SUFFIX))
                    break

    def unknown(self, start: int, stop: int) -> float:
        """Cost of reading ``norm[start:stop]`` as one keyword the vocabulary does not know."""
        if stop > self.reach[start]:
            return _INF
        edges = self.head[start] + self.tail[stop]
        if edges == _INF:
            return _INF
        length = stop - start
        if self.wide[stop] == self.wide[start]:  # all Latin: no boundary terms
            return _UNKNOWN_LATIN + 0.3 * length
        cost = (
            _UNKNOWN + _UNKNOWN_PER_CHAR * length + edges + self.inner[stop - 1] - self.inner[start]
        )
        return cost + _UNKNOWN_SINGLE if length == 1 else cost


def _solve(lattice: _Lattice) -> list[tuple[int, int, str]]:
    """The cheapest path as edges ``(start, stop, kind)``: keyword, unknown, attach, glue, sep."""
    norm = lattice.norm
    size = len(norm)
    # State 0: a keyword just ended here; state 1: at the start or after a separator.
    done = [_INF] * (size + 1)
    free = [_INF] * (size + 1)
    back_done: list[tuple[int, int, str] | None] = [None] * (size + 1)
    back_free: list[tuple[int, int, str] | None] = [None] * (size + 1)
    free[0] = 0.0
    anchors = lattice.anchors
    head, reach, unknown = lattice.head, lattice.reach, lattice.unknown
    repeats = lattice.repeats
    anchor_index = 0
    for i in range(size):
        after_keyword, after_sep = done[i], free[i]
        if after_keyword <= after_sep:
            base, origin = after_keyword, 0
        else:
            base, origin = after_sep, 1
        if base == _INF:
            continue
        char = norm[i]
        if char == " " and i in lattice.joined:
            continue
        if char == "," or char == " ":
            spaced = char == " " or (i + 1 < size and norm[i + 1] == " ")
            step = _SEP_SPACE if char == " " else (_SEP_COMMA_SPACED if spaced else _SEP_COMMA)
            if base + step < free[i + 1]:
                free[i + 1] = base + step
                back_free[i + 1] = (i, origin, "sep")
            if char == "," and after_keyword < _INF and not spaced:
                candidates = [(stop, _ATTACH) for stop in lattice.qualifiers[i + 1]]
                for stop in range(i + 2, min(size, i + 1 + _MAX_QUALIFIER) + 1):
                    candidates.append((stop, unknown(i + 1, stop) + _ATTACH_UNKNOWN))
                for stop, step in candidates:
                    if after_keyword + step < done[stop]:
                        done[stop] = after_keyword + step
                        back_done[stop] = (i, 0, "attach")
            continue
        for stop in lattice.keywords[i]:
            value = base + (_KNOWN_SHORT + _KNOWN if stop - i == 1 else _KNOWN)
            if (i, stop) in repeats:
                value += _REPEAT
            if value < done[stop]:
                done[stop] = value
                back_done[stop] = (i, origin, "keyword")
        if after_keyword < _INF:
            for stop in lattice.glue[i]:
                if after_keyword + _GLUE < done[stop]:
                    done[stop] = after_keyword + _GLUE
                    back_done[stop] = (i, 0, "glue")
        for stop, step in lattice.extra[i]:
            if base + step < done[stop]:
                done[stop] = base + step
                back_done[stop] = (i, origin, "keyword")
        while anchors[anchor_index] <= i:
            anchor_index += 1
        if head[i] == _INF:
            continue
        floor = base + _UNKNOWN_FLOOR
        last = min(reach[i], i + _MAX_UNKNOWN)
        for stop in anchors[anchor_index:]:
            if stop > last:
                break
            if floor >= done[stop]:
                continue
            value = base + unknown(i, stop)
            if value < done[stop]:
                done[stop] = value
                back_done[stop] = (i, origin, "unknown")
    state = 0 if done[size] <= free[size] else 1
    if min(done[size], free[size]) == _INF:
        return [(0, size, "unknown")]
    edges: list[tuple[int, int, str]] = []
    position = size
    while position > 0:
        pointer = (back_done, back_free)[state][position]
        if pointer is None:  # pragma: no cover - every reachable state has a pointer
            break
        start, state, kind = pointer
        edges.append((start, position, kind))
        position = start
    edges.reverse()
    return edges


def _bounded(span: str, context: str) -> bool:
    """Whether ``span`` occurs in ``context`` between word boundaries (punctuation, 的, 与, ...)."""
    found = context.find(span)
    while found >= 0:
        end = found + len(span)
        if (found == 0 or context[found - 1] in _CONTEXT_BOUNDARIES) and (
            end == len(context) or context[end] in _CONTEXT_BOUNDARIES
        ):
            return True
        found = context.find(span, found + 1)
    return False


def _add_context(
    lattice: _Lattice, chunk: str, edges: list[tuple[int, int, str]], context: str
) -> bool:
    """Add stretches near doubtful parts that occur in ``context``; say whether any was added.

    Doubtful parts are unknown keywords and unknown qualifiers.  Two adjacent
    known keywords are not joined even when the title prints them as one word
    (``深度学习图像重建在低剂量CT中的应用``): titles glue keywords too.
    Candidate stretches start and end at anchors within ``_CONTEXT_MARGIN``
    characters of a doubtful part.  The longest match from each start is found
    with one substring test per step, reusing the match of the start before it
    (a suffix of a match is a match), so the work stays linear.  A stretch the
    context prints between word boundaries costs less, unless it begins with a
    known keyword (``儿童婴儿型纤维肉瘤的MRI表现``).
    """
    unknown = [(start, stop) for start, stop, kind in edges if kind == "unknown"]
    unknown += [(start + 1, stop) for start, stop, kind in edges if kind == "attach"]
    if not unknown:
        return False
    added = False
    size = len(chunk)
    anchors = lattice.anchors
    ends = set(anchors)
    for start, stop in unknown:
        low, high = max(0, start - _CONTEXT_MARGIN), min(size, stop + _CONTEXT_MARGIN)
        longest = low
        for first in [0, *anchors]:
            if first < low or first > start or lattice.head[first] == _INF:
                continue
            longest = max(longest, first + 1)
            while longest < high and chunk[first : longest + 1] in context:
                longest += 1
            if longest - first < 2:
                continue
            for last in range(first + 2, min(longest, lattice.reach[first]) + 1):
                if last in ends and lattice.tail[last] < _INF:
                    step = _CONTEXT + _CONTEXT_PER_CHAR * (last - first)
                    # No bonus for a known keyword glued to more: titles glue keywords.
                    glued = any(stop < last for stop in lattice.keywords[first])
                    if not glued and _bounded(chunk[first:last], context):
                        step -= _CONTEXT_BOUNDED
                    lattice.extra[first].append((last, step))
                    added = True
    return added


def _split_chunk(chunk: str, context: str) -> list[str]:
    """Segment one stretch of text that has no explicit separator."""
    vocabulary = _vocabulary()
    norm = _normalise(chunk)
    lattice = _Lattice(norm, vocabulary)
    edges = _solve(lattice)
    if context and _add_context(lattice, chunk, edges, context):
        edges = _solve(lattice)
    parts: list[str] = []
    for start, stop, kind in edges:
        if kind == "sep":
            continue
        if kind in ("attach", "glue") and parts:
            parts[-1] += chunk[start:stop]
        else:
            parts.append(chunk[start:stop])
    return [part for part in parts if part]


# ---------------------------------------------------------------------------
# English keyword lines
#
# English-only articles print their keywords glued too (``osteoporosiscomputed
# tomographydual-energy X-ray absorptiometryscreening``).  In such a line every
# space belongs to a keyword: a boundary is a place where two words touch with
# no space between them (``osteoporosis|computed``, ``tomography|MRI``).  The
# words come from wordninja's Zipf-cost language model over a word list that
# puts radkg's own English vocabulary (the lexicon's labels, aliases, plurals
# and abbreviations, the English entries of ``keywords.tsv``) before
# wordninja's bundled list.  A run of letters that is not made of known words is
# never cut, and a keyword radkg knows as a whole wins over other cuts.

_EN_KNOWN = 4.0  # a keyword radkg knows as a whole
_EN_UNKNOWN = 10.0  # any other keyword, plus the costs of its words
_EN_GLUED = 14.0  # two words touching inside one keyword (``hyper`` + ``enhancement``)
# More where the case changes between them (``cell`` + ``CT``, ``MRI`` + ``radiomics``).
_EN_GLUED_CASE = {"lu": 6.0, "ul": 3.0}
_EN_SHORT = 9.0  # a one-word unknown keyword of at most ``_EN_SHORT_LENGTH`` characters
_EN_SHORT_LENGTH = 3
# A run of letters that is no word of the model, read as one unknown word: this much,
# plus _EN_RUN_PER_CHAR a character (a long one is likely two words glued).
_EN_RUN_COST = 20.0
_EN_RUN_PER_CHAR = 2.0
_EN_RARE_LENGTH = 3  # words this short ...
_EN_RARE_COST = 11.5  # ... and costlier than this (rank ~8,000) are never found inside a run
_EN_NUMBER = 6.0  # a number (``50`` in ``ResNet50``)
_EN_CAPITALS_COST = 12.0  # a capital token inside a run (``MRI`` in ``mutationMRIradiomics``)
# A keyword ending in a prefix or beginning with a suffix (``hyper``, ``ness``, see _affixes).
_EN_AFFIX = 8.0
_EN_AFFIX_WORDS = 5
_EN_COMMON = 12.8  # the model's words up to this cost (rank ~30,000) count for _affixes
_EN_COMMA = 1.0  # a comma read as a separator
_EN_COMMA_INSIDE = 6.0  # a comma inside an unknown keyword
# The cost of a boundary between two touching characters, by their classes:
# l(ower-case letter), u(pper-case letter), d(igit), ``)``; others cost _EN_CUT_OTHER.
_EN_CUT = {
    "ll": 1.0,  # tomography|dual
    "lu": 0.0,  # tomography|MRI
    "ul": 1.0,  # MRI|prostate
    "uu": 3.0,  # PET|MRI
    "dl": 2.0,  # ResNet50|breast
    "du": 3.0,
    "ld": 3.0,  # cancer|18F-FDG
    "ud": 4.0,
    ")l": 0.0,  # (MRI)|radiomics
    ")u": 0.0,
    ")d": 1.0,
}
_EN_CUT_OTHER = 5.0
_EN_LONGEST_EDGE = _MAX_UNKNOWN  # longer English pieces beside Chinese text stand alone
_NON_CJK = re.compile(rf"[^{_CJK}]+")
_CJK_CHAR = re.compile(rf"[{_CJK}]")
_LONG_NON_CJK = re.compile(rf"[^{_CJK}]{{{_MAX_UNKNOWN + 1},}}")
_EN_SEPARATOR = re.compile(r" *, *")
_EN_RUN = re.compile("[0-9a-z\u03b1-\u03c9\u2160-\u217f]+")  # as _is_latin, after _normalise
_EN_NUMBER_RUN = re.compile("[0-9]+")
_EN_CAPITALS = re.compile("[A-Z0-9]*[A-Z][A-Z0-9]*")
# Character classes for _EN_CUT: l(ower-case), u(pper-case), d(igit); others stay themselves.
_EN_CLASSES = str.maketrans(
    {
        **dict.fromkeys(map(chr, range(ord("a"), ord("z") + 1)), "l"),
        **dict.fromkeys(map(chr, range(ord("A"), ord("Z") + 1)), "u"),
        **dict.fromkeys("0123456789", "d"),
    }
)
_WORD_CHARS = re.compile(r"[a-z0-9]+")


def _has_cjk(text: str) -> bool:
    return _CJK_CHAR.search(text) is not None


class _English:
    """radkg's English keywords and the word model for glued English lines.

    ``known`` maps a normalised keyword to the exact spellings it must have
    (an abbreviation: ``US``, not ``us``), or to ``None`` when any case will
    do.  ``keywords`` finds the known keywords in a normalised line, ``words``
    the words of the model in a lower-case run of letters; ``word_cost[k]`` is
    the cost of the ``k``-th word pattern.
    """

    __slots__ = (
        "known",
        "keyword_list",
        "keywords",
        "cost",
        "prefixes",
        "suffixes",
        "words",
        "word_cost",
    )

    def __init__(self, known: dict[str, frozenset[str] | None], cost: dict[str, float]) -> None:
        self.known = known
        self.keyword_list = sorted(known)
        self.keywords = AhoCorasick(self.keyword_list)
        self.cost = cost
        # Inside a run, single characters and rare words of two or three letters (``teo``,
        # ``oro``) are not looked for: they are almost never a keyword's word, and half the
        # matches in a run.  A whole run is still looked up in ``cost``.
        patterns = sorted(
            word
            for word, value in cost.items()
            if len(word) > 1 and (len(word) > _EN_RARE_LENGTH or value <= _EN_RARE_COST)
        )
        self.words = AhoCorasick(patterns)
        common = [word for word, value in cost.items() if value <= _EN_COMMON]
        self.prefixes, self.suffixes = _affixes(known, common)
        self.word_cost = [(cost[word], *self.penalties(word)) for word in patterns]

    def penalties(self, word: str) -> tuple[float, float]:
        """Extra costs of ending, and of beginning, a keyword with ``word``."""
        return (
            _EN_AFFIX if word in self.prefixes else 0.0,
            _EN_AFFIX if word in self.suffixes else 0.0,
        )


def _affixes(known: Iterable[str], common: list[str]) -> tuple[frozenset[str], frozenset[str]]:
    """Pieces that begin (end) many words and end (begin) none of radkg's keywords.

    The words counted are those of radkg's keywords and the ``common`` words
    of the model.
    Prefixes such as ``hyper``, ``intra``, suffixes such as ``ation``,
    ``ness``: a keyword rarely ends in a prefix or begins with a suffix, so
    ``hyperenhancement`` and ``invasiveness`` stay whole words (which the
    model lacks), not ``hyper`` | ``enhancement``, ``invasive`` | ``ness``.
    """
    words: set[str] = set()
    finals: set[str] = set()
    initials: set[str] = set()
    for key in known:
        found = [word for word in _WORD_CHARS.findall(key) if len(word) > 1]
        words.update(found)
        if found:
            finals.add(found[-1])
            initials.add(found[0])
    every = words | set(common)
    plurals = {
        word
        for word in every
        if (word.endswith("s") and word[:-1] in every)
        or (word.endswith("es") and word[:-2] in every)
        or (word.endswith("ies") and word[:-3] + "y" in every)
    }
    heads: dict[str, int] = {}
    tails: dict[str, int] = {}
    for word in every - plurals:
        for cut in range(2, len(word) - 1):
            heads[word[:cut]] = heads.get(word[:cut], 0) + 1
            tails[word[-cut:]] = tails.get(word[-cut:], 0) + 1
    prefixes = {piece for piece, n in heads.items() if n >= _EN_AFFIX_WORDS} - finals
    suffixes = {piece for piece, n in tails.items() if n >= _EN_AFFIX_WORDS} - initials
    return frozenset(prefixes), frozenset(suffixes)


def _english_terms() -> dict[str, frozenset[str] | None]:
    """Every English keyword radkg knows: lexicon labels, aliases, abbreviations, keywords.tsv."""
    # Imported here, not at the top: only English lines need the lexicon.
    from kg.extract.lexicon import load_lexicon

    lexicon = load_lexicon()
    anycase = {key for key in lexicon.long_forms if not _has_cjk(key)}
    exact: dict[str, set[str]] = {}
    for concept in lexicon.concepts.values():
        for abbreviation in concept.abbreviations:
            exact.setdefault(_normalise(abbreviation), set()).add(abbreviation)
    for line in data_path("keywords.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = [field.strip() for field in line.split("\t")]
        if fields[0] and not _has_cjk(fields[0]):
            if " " not in fields[0] and fields[0] != fields[0].lower():  # an abbreviation
                exact.setdefault(_normalise(fields[0]), set()).add(fields[0])
            else:
                anycase.add(_normalise(fields[0]))
        if len(fields) > 1 and fields[1] and not _has_cjk(fields[1]):
            anycase.add(_normalise(fields[1]))
    known: dict[str, frozenset[str] | None] = {key: frozenset(f) for key, f in exact.items()}
    known.update(dict.fromkeys(anycase))
    for key, forms in list(known.items()):  # ``low-dose CT`` also as ``low dose CT``
        spaced = key.replace("-", " ")
        if spaced not in known:
            known[spaced] = None if forms is None else frozenset(f.replace("-", " ") for f in forms)
    known.pop("", None)
    return known


def _word_costs(known: dict[str, frozenset[str] | None]) -> dict[str, float]:
    """wordninja's word costs over radkg's words first, then wordninja's bundled list.

    radkg's words are ordered by how many of its keywords use them, ties by
    their rank in wordninja's list, then alphabetically.
    """
    import wordninja  # the model reads its word list from a gzip file (object)

    bundled = Path(wordninja.__file__).resolve().parent / "wordninja" / "wordninja_words.txt.gz"
    with gzip.open(bundled) as handle:
        theirs = handle.read().decode("utf-8").split()
    rank: dict[str, int] = {}
    for index, word in enumerate(theirs):
        rank.setdefault(word, index)
    uses: dict[str, int] = {}
    for key in known:
        for word in _WORD_CHARS.findall(key):
            if len(word) > 1:  # ``s`` of ``Crohn's`` is no evidence for single letters
                uses[word] = uses.get(word, 0) + 1
    own = sorted(uses, key=lambda word: (-uses[word], rank.get(word, len(theirs)), word))
    mine = set(own)
    listing = "\n".join([*own, *(word for word in theirs if word not in mine)])
    model = wordninja.LanguageModel(io.BytesIO(gzip.compress(listing.encode("utf-8"), mtime=0)))
    return dict(model._wordcost)


@cache
def _english() -> _English:
    """Build the English vocabulary and word model once (about 0.5 s, 30 MB)."""
    known = _english_terms()
    return _English(known, _word_costs(known))


def _english_words(
    text: str, norm: str, english: _English
) -> tuple[list[list[tuple[int, float, float, float]]], bytearray, list[int]]:
    """The words of a line by start position, and where the runs are.

    A word is ``(stop, cost, extra cost to end a keyword, extra cost to begin one)``.

    A run of letters and digits that is a word of the model is that word;
    any other run may be read as one unknown word (``_EN_RUN_COST``), or as a
    sequence of the model's words, numbers and capital tokens found in it.
    ``inside[i]`` is 1 between two characters of one run; ``next_word[i]`` is
    where the next run begins (``i`` itself inside a run).
    """
    size = len(norm)
    words: list[list[tuple[int, float, float, float]]] = [[] for _ in range(size + 1)]
    inside = bytearray(size + 1)
    next_word = [size] * (size + 1)
    cost_of, word_cost = english.cost, english.word_cost
    previous = 0
    for match in _EN_RUN.finditer(norm):
        start, stop = match.span()
        next_word[previous:start] = [start] * (start - previous)
        next_word[start:stop] = range(start, stop)
        previous = stop
        inside[start + 1 : stop] = b"\x01" * (stop - start - 1)
        run = match.group()
        whole = cost_of.get(run)
        if whole is not None:
            words[start].append((stop, whole, *english.penalties(run)))
            continue
        # The whole run as one unknown word.
        words[start].append((stop, _EN_RUN_COST + _EN_RUN_PER_CHAR * (stop - start), 0.0, 0.0))
        for first, last in _capitals(text, start, stop):
            words[first].append((last, _EN_CAPITALS_COST, 0.0, 0.0))
        matches = english.words.find_matches_as_indexes(run, overlapping=True)
        if run.isalpha():
            for index, first, last in matches:
                words[start + first].append((start + last, *word_cost[index]))
            continue
        for index, first, last in matches:
            if (first and run[first - 1 : first + 1].isdigit()) or (
                last < len(run) and run[last - 1 : last + 1].isdigit()
            ):
                continue  # no word begins or ends inside a number
            words[start + first].append((start + last, *word_cost[index]))
        for number in _EN_NUMBER_RUN.finditer(run):
            first, last = number.span()
            words[start + first].append((start + last, _EN_NUMBER, 0.0, 0.0))
    return words, inside, next_word


def _capitals(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    """Capital tokens of a run: ``MRI`` in ``mutationMRIradiomics``, ``H3`` in ``mutantH3``.

    Upper-case letters and digits (at least one letter, at least two
    characters) with a lower-case letter or the run's edge on each side.
    """
    found = []
    for match in _EN_CAPITALS.finditer(text, start, stop):
        first, last = match.span()
        if (first == start or text[first - 1].islower()) and (last == stop or text[last].islower()):
            found.append((first, last))
    return found


def _split_english(text: str) -> list[str]:
    """Split a glued line of English keywords (no Chinese in it) where two words touch.

    A dynamic programme over the characters.  Its states at a position: a
    keyword may begin here (``begin``); an unknown keyword has begun and its
    first word starts here (``fresh``); the first (``first``) or a later
    (``more``) word of an unknown keyword ends here; a word of an unknown
    keyword starts here after a space, hyphen or other connector (``after``);
    a keyword ends here (``end``).  A known keyword goes from ``begin`` to
    ``end`` in one step.  ``end`` leads to ``begin`` at the same position when
    two letters touch there (at the cost in ``_EN_CUT``), or after a comma.
    """
    text = text.strip(_SPACES + ",，")
    if not text:
        return []
    english = _english()
    norm = _normalise(text)
    size = len(norm)
    inf = _INF
    words, inside, next_word = _english_words(text, norm, english)
    closes = bytearray(size + 1)  # 1 right after a closing bracket
    found = text.find(")")
    while found >= 0:
        closes[found + 1] = 1
        found = text.find(")", found + 1)
    known_at: list[list[int]] = [[] for _ in range(size + 1)]
    for index, first, last in english.keywords.find_matches_as_indexes(norm, overlapping=True):
        forms = english.known[english.keyword_list[index]]
        if forms is None or text[first:last] in forms:
            known_at[first].append(last)
    begin = [inf] * (size + 1)
    fresh = [inf] * (size + 1)
    first_word = [inf] * (size + 1)
    more = [inf] * (size + 1)
    closing = [inf] * (size + 1)  # as ``more``, with the last word's end penalty
    after = [inf] * (size + 1)
    end = [inf] * (size + 1)
    back_begin = [0] * (size + 1)  # where the keyword before ended
    back_end = [0] * (size + 1)  # where the keyword that ends here began
    # Where the current unknown keyword began, per state.
    origin_fresh = [0] * (size + 1)
    origin_first = [0] * (size + 1)
    origin_more = [0] * (size + 1)
    origin_closing = [0] * (size + 1)
    origin_after = [0] * (size + 1)
    live = bytearray(size + 1)  # 1 where some state has been reached
    live[0] = 1
    begin[0] = 0.0
    known, unknown, glued, short, short_length = (
        _EN_KNOWN,
        _EN_UNKNOWN,
        _EN_GLUED,
        _EN_SHORT,
        _EN_SHORT_LENGTH,
    )
    for position in range(size + 1):
        if not live[position]:
            continue
        # An unknown keyword of two or more words may end here, or after a closing bracket.
        value = closing[position]
        if value < end[position]:
            end[position] = value
            back_end[position] = origin_closing[position]
        if position == size:
            if after[size] < end[size]:
                end[size] = after[size]
                back_end[size] = origin_after[size]
            break
        if closes[position] and after[position] < end[position]:
            end[position] = after[position]
            back_end[position] = origin_after[position]
        value = end[position]
        if value < inf:
            # A keyword ends here: another begins where two characters touch, or after a comma.
            if inside[position] or closes[position]:
                pair = (text[position - 1] + text[position]).translate(_EN_CLASSES)
                step = value + _EN_CUT.get(pair, _EN_CUT_OTHER)
                if step < begin[position]:
                    begin[position] = step
                    back_begin[position] = position
            elif norm[position] in " ,":
                match = _EN_SEPARATOR.match(norm, position)
                if match is not None:
                    stop = match.end()
                    live[stop] = 1
                    if value + _EN_COMMA < begin[stop]:
                        begin[stop] = value + _EN_COMMA
                        back_begin[stop] = position
        value = begin[position]
        if value < inf:
            for stop in known_at[position]:
                live[stop] = 1
                if value + known < end[stop]:
                    end[stop] = value + known
                    back_end[stop] = position
            start = next_word[position]
            live[start] = 1
            if value + unknown < fresh[start]:
                fresh[start] = value + unknown
                origin_fresh[start] = position
        value = fresh[position]
        if value < inf:
            origin = origin_fresh[position]
            for stop, cost, penalty, opening in words[position]:
                step = value + cost + opening
                live[stop] = 1
                if step < first_word[stop]:
                    first_word[stop] = step
                    origin_first[stop] = origin
                step += penalty
                if stop - origin <= short_length:
                    step += short
                if step < end[stop]:
                    end[stop] = step
                    back_end[stop] = origin
        # An unknown keyword goes on: a word touching the last one, or one after a connector.
        value = first_word[position]
        if value <= more[position]:
            origin = origin_first[position]
        else:
            value, origin = more[position], origin_more[position]
        if value < inf:
            if inside[position]:
                pair = (text[position - 1] + text[position]).translate(_EN_CLASSES)
                value += glued + _EN_GLUED_CASE.get(pair, 0.0)
            else:
                start = next_word[position]
                live[start] = 1
                if "," in norm[position:start]:
                    value += _EN_COMMA_INSIDE
                if value < after[start]:
                    after[start] = value
                    origin_after[start] = origin
                value = inf
        if after[position] < value:
            value, origin = after[position], origin_after[position]
        if value < inf:
            for stop, cost, penalty, _ in words[position]:
                live[stop] = 1
                step = value + cost
                if step < more[stop]:
                    more[stop] = step
                    origin_more[stop] = origin
                if step + penalty < closing[stop]:
                    closing[stop] = step + penalty
                    origin_closing[stop] = origin
    if end[size] == inf:
        return [text]
    parts: list[str] = []
    position = size
    while position > 0:
        start = back_end[position]
        parts.append(text[start:position].strip())
        position = back_begin[start] if start > 0 else 0
    parts.reverse()
    return [part for part in parts if part]


def _split_mixed(text: str, context: str) -> list[str]:
    """Split a line: English stretches at their touching words, the rest with the lattice.

    A stretch without Chinese characters that is longer than ``_MAX_UNKNOWN``
    (which the lattice would have to cut somewhere) is split as English.  Its
    first (last) piece, when short and right after (before) Chinese text, is
    left to the lattice with that text: it may belong to a Chinese keyword
    (``Meta分析``, ``Borrmann分型``).  Shorter stretches stay with the lattice
    as they are (``MRI``, ``18F-FDG PET/CT``, ``H3 K27M``), and so does a
    longer one that is neither split nor a phrase with spaces.
    """
    if not _has_cjk(text):
        return _split_english(text)
    if not _LONG_NON_CJK.search(text):
        return _split_chunk(text, context)
    parts: list[str] = []
    pending = 0  # where the text not yet segmented begins

    def lattice(stop: int) -> None:
        chunk = text[pending:stop]
        if chunk.strip(_SPACES + ",，-/"):
            parts.extend(_split_chunk(chunk, context))

    for match in _NON_CJK.finditer(text):
        stretch = match.group()
        core = stretch.strip(_SPACES + ",，-/")
        if len(core) <= _EN_LONGEST_EDGE or not any(_is_latin(char) for char in core):
            continue
        offset = match.start() + stretch.index(core)
        pieces = _split_english(core)
        if len(pieces) == 1 and " " not in core:
            continue  # no English phrase to keep from the lattice (``131I-MIBGSPECT/CT``)
        spans = []
        cursor = offset
        for piece in pieces:
            found = text.index(piece, cursor)
            spans.append((found, found + len(piece)))
            cursor = found + len(piece)
        first_start, first_stop = spans[0]
        if len(spans) > 1 and match.start() > 0 and first_stop - first_start <= _EN_LONGEST_EDGE:
            lattice(first_stop)  # the first piece joins the Chinese text before it
        else:
            lattice(first_start)
            parts.append(text[first_start:first_stop])
        pending = first_stop
        for start, stop in spans[1:-1]:
            parts.append(text[start:stop])
            pending = stop
        if len(spans) > 1:
            last_start, last_stop = spans[-1]
            if match.end() < len(text) and last_stop - last_start <= _EN_LONGEST_EDGE:
                pending = last_start  # the last piece joins the Chinese text after it
            else:
                parts.append(text[last_start:last_stop])
                pending = last_stop
    lattice(len(text))
    return parts


def _explicit_parts(text: str) -> list[str] | None:
    """The keywords when the line has explicit separators, else ``None``."""
    marked = _CJK_SPACE_CJK.sub("\n", text)
    if not _HARD_SEPARATORS.search(marked):
        return None
    parts = []
    for piece in _HARD_SEPARATORS.split(marked):
        piece = piece.strip(_SPACES + ",，")
        if piece:
            parts.append(piece)
    return parts


def split_keywords(text: str, *, context: str = "") -> list[str]:
    """Split a glued line of Chinese (or English) keywords into the keywords.

    Parameters
    ----------
    text : str
        The keyword line as a table of contents prints it, e.g.
        ``"乳腺肿瘤扩散峰度成像磁共振成像21基因"``.  Lines with explicit
        separators (``;`` ``；`` ``、``, or spaces between Chinese words) are
        split at them.
    context : str, optional
        The article's title and abstracts.  Stretches of ``text`` the
        vocabulary does not know are looked up here; it is never required.

    Returns
    -------
    list of str
        The keywords in order.  Inverted subject headings keep their commas
        (``"癌,肝细胞"``).  Joining the list gives back ``text`` without
        separators and surrounding whitespace; an empty or blank line gives
        ``[]``.

    Examples
    --------
    >>> split_keywords("癌,肝细胞体层摄影术,X线计算机化学栓塞,治疗性影像组学深度学习")
    ['癌,肝细胞', '体层摄影术,X线计算机', '化学栓塞,治疗性', '影像组学', '深度学习']
    >>> split_keywords("卵巢肿瘤超声MRICT")
    ['卵巢肿瘤', '超声', 'MRI', 'CT']
    >>> split_keywords("肝肿瘤；磁共振成像；诊断")
    ['肝肿瘤', '磁共振成像', '诊断']
    >>> split_keywords("osteoporosiscomputed tomographydual-energy X-ray absorptiometryscreening")
    ['osteoporosis', 'computed tomography', 'dual-energy X-ray absorptiometry', 'screening']
    """
    if not isinstance(text, str):
        return []
    text = text.strip()
    if not text:
        return []
    explicit = _explicit_parts(text)
    if explicit is not None:
        return explicit
    return _split_mixed(text, context if isinstance(context, str) else "")
