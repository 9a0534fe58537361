"""Timelines of keywords, methods and other concepts over years, and Kleinberg's bursts.

:func:`timeline` counts, for each node of a network, the articles it occurs
in per year, beside the number of the network's articles per year.
:func:`kleinberg` finds the years in which a term's share of the articles is
unusually high with Kleinberg's two-state automaton for batched data
(Kleinberg 2003, "Bursty and hierarchical structure in streams", §4): in
the base state the term occurs in a share p0 of the articles (its share over
all years), in the burst state in s·p0; each year costs the negative log
likelihood of its count under the state's share, entering the burst state
costs γ·ln(n) for n years, leaving it is free, and the cheapest state
sequence (Viterbi) gives the bursts.  A burst's weight is the cost it saves
over staying in the base state.

>>> totals = {y: 10 for y in range(2019, 2024)}
>>> found = kleinberg({2019: 0, 2020: 0, 2021: 8, 2022: 9, 2023: 1}, totals)
>>> [(start, end, round(weight, 3)) for start, end, weight in found]
[(2021, 2022, 9.303)]
"""

from __future__ import annotations

import csv
import io
import math
import os
from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from kg.errors import UsageError
from kg.export import atomic_writer

__all__ = ["Burst", "Timeline", "bursts", "kleinberg", "timeline", "write_bursts"]


def _write_csv(path: str | os.PathLike[str], header: list[str], rows: list[list[object]]) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    target = Path(path)
    with atomic_writer(target) as handle:
        handle.write(buffer.getvalue().encode("utf-8"))
    return target


def _cost(r: int, d: int, p: float) -> float:
    """Negative log likelihood of r of d articles at share p (the binomial coefficient cancels)."""
    if d == 0:
        return 0.0
    return -(r * math.log(p) + (d - r) * math.log(1.0 - p))


def kleinberg(
    counts: Mapping[int, int], totals: Mapping[int, int], *, s: float = 2.0, gamma: float = 1.0
) -> list[tuple[int, int, float]]:
    """Bursts of one term: ``(first_year, last_year, weight)`` for each burst, in time order.

    Parameters
    ----------
    counts : mapping of year to int
        Articles with the term, per year.
    totals : mapping of year to int
        All articles, per year (years between the first and last are filled
        with zero articles).
    s : float
        The burst state's share is ``s`` times the base share (capped below 1).
    gamma : float
        Cost factor of entering the burst state; higher gives fewer bursts.

    Examples
    --------
    A term steady at 10% has no burst:

    >>> kleinberg({2019: 1, 2020: 1, 2021: 1}, {2019: 10, 2020: 10, 2021: 10})
    []
    """
    if s <= 1:
        raise UsageError("the burst factor s must be greater than 1")
    if gamma < 0:
        raise UsageError("gamma must not be negative")
    if not totals:
        return []
    years = list(range(min(totals), max(totals) + 1))
    for year in counts:
        if counts[year] > totals.get(year, 0):
            raise UsageError(
                f"{counts[year]} articles with the term in {year}, "
                f"but only {totals.get(year, 0)} in all"
            )
    r = [int(counts.get(y, 0)) for y in years]
    d = [int(totals.get(y, 0)) for y in years]
    if sum(d) == 0 or sum(r) == 0:
        return []
    p0 = sum(r) / sum(d)
    p1 = min(s * p0, 0.9999)
    if p1 <= p0:  # the term is in (nearly) every article: nothing can burst
        return []
    cost = [[_cost(rt, dt, p) for rt, dt in zip(r, d, strict=True)] for p in (p0, p1)]
    enter = gamma * math.log(len(years)) if len(years) > 1 else gamma * 0.0
    # Viterbi over two states, starting in the base state.
    best = [cost[0][0], enter + cost[1][0]]
    back: list[list[int]] = []
    for t in range(1, len(years)):
        to0 = (best[0], 0) if best[0] <= best[1] else (best[1], 1)  # leaving a burst is free
        to1 = (best[0] + enter, 0) if best[0] + enter < best[1] else (best[1], 1)
        back.append([to0[1], to1[1]])
        best = [to0[0] + cost[0][t], to1[0] + cost[1][t]]
    state = 0 if best[0] <= best[1] else 1
    states = [state]
    for pointers in reversed(back):
        state = pointers[state]
        states.append(state)
    states.reverse()
    found = []
    t = 0
    while t < len(years):
        if states[t] == 1:
            start = t
            while t + 1 < len(years) and states[t + 1] == 1:
                t += 1
            weight = sum(cost[0][i] - cost[1][i] for i in range(start, t + 1))
            found.append((years[start], years[t], weight))
        t += 1
    return found


@dataclass(slots=True)
class Timeline:
    """Articles per year for each node of a network, and for the whole network."""

    years: list[int] = field(default_factory=list)
    totals: dict[int, int] = field(default_factory=dict)
    counts: dict[Hashable, dict[int, int]] = field(default_factory=dict)
    labels: dict[Hashable, str] = field(default_factory=dict)

    def rows(self) -> list[dict[str, object]]:
        """One row per node, sorted by label: ``node``, ``label``, then a count per year."""
        return [
            {
                "node": str(node),
                "label": self.labels.get(node, str(node)),
                **{str(y): self.counts[node].get(y, 0) for y in self.years},
            }
            for node in sorted(self.counts, key=lambda n: (self.labels.get(n, str(n)), str(n)))
        ]

    def write(self, path: str | os.PathLike[str]) -> Path:
        """Write the timeline as CSV (a ``total`` row first), atomically."""
        header = ["node", "label", *[str(y) for y in self.years]]
        rows = [["", "total", *[self.totals.get(y, 0) for y in self.years]]]
        rows += [list(row.values()) for row in self.rows()]
        return _write_csv(path, header, rows)


def timeline(G: nx.Graph, *, kind: str | None = None) -> Timeline:
    """Per-year article counts of the nodes of ``G`` (of ``kind`` only, when given).

    Uses the articles each node carries (``_articles``) and their years in
    ``G.graph["articles"]``, as the network builders of :mod:`kg.networks` set
    them; articles without a year are not counted.

    >>> G = nx.Graph()
    >>> G.graph["articles"] = {"a1": {"year": 2020}, "a2": {"year": 2022}}
    >>> G.add_node("k", label="CT", _articles=("a1", "a2"))
    >>> t = timeline(G)
    >>> t.years, t.totals, t.counts["k"]
    ([2020, 2021, 2022], {2020: 1, 2021: 0, 2022: 1}, {2020: 1, 2022: 1})
    """
    info = G.graph.get("articles", {})
    year_of = {a: meta.get("year") for a, meta in info.items() if meta.get("year") is not None}
    out = Timeline()
    if not year_of:
        return out
    out.years = list(range(min(year_of.values()), max(year_of.values()) + 1))
    totals: dict[int, int] = dict.fromkeys(out.years, 0)
    for year in year_of.values():
        totals[year] += 1
    out.totals = totals
    for node, data in G.nodes(data=True):
        if kind is not None and data.get("kind") != kind:
            continue
        per_year: dict[int, int] = defaultdict(int)
        for article in data.get("_articles", ()):
            if article in year_of:
                per_year[year_of[article]] += 1
        out.counts[node] = dict(sorted(per_year.items()))
        out.labels[node] = str(data.get("label", node))
    return out


@dataclass(frozen=True, slots=True)
class Burst:
    """A burst of one node: its first and last year and its weight."""

    node: str
    label: str
    start: int
    end: int
    weight: float

    def as_dict(self) -> dict[str, object]:
        return {
            "node": self.node,
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "weight": float(f"{self.weight:.10g}"),
        }


def bursts(
    line: Timeline, *, s: float = 2.0, gamma: float = 1.0, min_articles: int = 1
) -> list[Burst]:
    """Kleinberg bursts of every node of a :class:`Timeline`, strongest first.

    Nodes with fewer than ``min_articles`` dated articles are skipped.

    >>> totals = {2020: 10, 2021: 10, 2022: 10}
    >>> t = Timeline([2020, 2021, 2022], totals, {"k": {2021: 9}}, {"k": "CT"})
    >>> [(b.label, b.start, b.end) for b in bursts(t)]
    [('CT', 2021, 2021)]
    """
    found = []
    for node, per_year in line.counts.items():
        if sum(per_year.values()) < min_articles:
            continue
        for start, end, weight in kleinberg(per_year, line.totals, s=s, gamma=gamma):
            found.append(Burst(str(node), line.labels.get(node, str(node)), start, end, weight))
    return sorted(found, key=lambda b: (-round(b.weight, 9), b.start, b.label, b.node))


def write_bursts(found: list[Burst], path: str | os.PathLike[str]) -> Path:
    """Write bursts as CSV (``node,label,start,end,weight``), atomically.

    >>> import tempfile
    >>> out = write_bursts([Burst("k", "CT", 2021, 2022, 3.5)], Path(tempfile.mkdtemp()) / "b.csv")
    >>> out.read_text(encoding="utf-8").splitlines()
    ['node,label,start,end,weight', 'k,CT,2021,2022,3.5']
    """
    return _write_csv(
        path,
        ["node", "label", "start", "end", "weight"],
        [list(b.as_dict().values()) for b in found],
    )
