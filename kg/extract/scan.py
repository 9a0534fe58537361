"""Fast text scanning for extraction: offsets kept, regexes started only where they can match.

Three primitives the extractors share:

* :func:`fold_case`: lower-case text without moving any offset, so that
  patterns run case-sensitively on it (Python's IGNORECASE is several times
  slower) and spans still point into the original;
* :class:`LongestMatcher`: leftmost-longest matching of many literal patterns
  at once (Rust's ``aho-corasick`` through ``ahocorasick_rs``);
* :func:`anchored_finditer`: ``pattern.finditer(text)`` for a pattern that
  begins with an optional group (``(内部|外部)?(训练|验证)…``), which the regex
  engine would otherwise try at every position of the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Generic, TypeVar

import ahocorasick_rs

__all__ = ["HAN", "LongestMatcher", "anchored_finditer", "fold_case"]

#: A CJK unified ideograph (what "Chinese text" means to the extractors).
HAN = re.compile(r"[\u4e00-\u9fff]")

V = TypeVar("V")


def fold_case(text: str) -> str:
    """``text`` lower-cased character by character, so that every offset stays the same.

    >>> fold_case("DKI and İ")  # "İ" would become two characters
    'dki and İ'
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


class LongestMatcher(Generic[V]):
    """Leftmost-longest, non-overlapping matching of many lower-case patterns at once.

    A thin layer over ``ahocorasick_rs`` (Rust's ``aho-corasick``, about five
    times faster here than pyahocorasick and exactly leftmost-longest),
    giving character offsets and each pattern's value.

    >>> m = LongestMatcher({"dki": 1, "diffusion kurtosis imaging": 2, "kurtosis": 3})
    >>> list(m.find("diffusion kurtosis imaging (dki)"))
    [(0, 26, 2), (28, 31, 1)]
    """

    __slots__ = ("_automaton", "_values")

    def __init__(self, patterns: dict[str, V]) -> None:
        keys = list(patterns)
        self._values = [patterns[key] for key in keys]
        self._automaton = ahocorasick_rs.AhoCorasick(
            keys, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest
        )

    def find(self, text: str) -> Iterator[tuple[int, int, V]]:
        """``(start, end, value)`` of each match in ``text`` (already case-folded)."""
        values = self._values
        for index, start, end in self._automaton.find_matches_as_indexes(text):
            yield start, end, values[index]


def anchored_finditer(
    pattern: re.Pattern[str], starts: re.Pattern[str], text: str
) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(text)``, trying ``pattern`` only where ``starts`` matches.

    ``starts`` must find every position at which a match of ``pattern`` can
    begin (for ``(internal\\s+)?(training|test)``, the words ``internal``,
    ``training`` and ``test``), and none of its matches may begin inside
    another of its matches.  ``starts`` should begin with literals, so that the
    regex engine skips quickly to the candidates.

    >>> split = re.compile(r"(?:(internal|external)\\s+)?(training|test)\\s+sets?")
    >>> cue = re.compile(r"internal|external|training|test")
    >>> text = "the training set and the external test set"
    >>> [m.group(0) for m in anchored_finditer(split, cue, text)]
    ['training set', 'external test set']
    >>> [m.span() for m in anchored_finditer(split, cue, text)] == [
    ...     m.span() for m in split.finditer(text)]
    True
    """
    end = 0
    for cue in starts.finditer(text):
        position = cue.start()
        if position < end:
            continue
        m = pattern.match(text, position)
        if m is not None:
            # finditer never yields an empty match right after the previous one; the
            # patterns used here cannot match empty, so one step on is equivalent.
            end = m.end() if m.end() > position else position + 1
            yield m
