"""Synthetic table-of-contents pages in the layout of the bundled seed, for benchmarks.

Articles are recombined from the seed's own titles, abstracts and keyword
lines, with author lists drawn from common surnames and given names, and
consecutive page ranges, so the reader and segmenters do the same work per
article as on real pages.  Each page is one issue with a header line such as
``2019年第3期`` (the year and number the TOC reader takes from a page header):
page ``i`` is issue ``i // 11 + 1`` of year ``2015 + i % 11``, so the years
spread over 2015-2025 however many pages are written.  Deterministic for a
given ``seed``; the issue line uses no random numbers, so the articles are the
same as without it.
"""

from __future__ import annotations

import random
from pathlib import Path

from kg.data import seed_pages

__all__ = ["YEARS", "issue_line", "write_pages"]

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤昝谌仝"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力宁晓东海波凤森新宇毅民琳浩鹏程才方金凌兆祥赫屿效楠蕊怡"

#: Issue years cycle over this range, one page (issue) after another.
YEARS = range(2015, 2026)


def _seed_parts() -> tuple[str, list[tuple[str, str, str]]]:
    lines = seed_pages()[0].read_text(encoding="utf-8").split("\n")
    header = "\n".join(lines[:27])
    articles = []
    for i, line in enumerate(lines):
        if line.strip().startswith("查看更多>>摘要"):
            title = lines[i - 4].strip()
            keywords = lines[i + 2].strip() if i + 2 < len(lines) else ""
            articles.append((title, line.strip(), keywords))
    return header, articles


def _authors(rng: random.Random) -> str:
    names = []
    for _ in range(rng.randint(3, 8)):
        given = "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2, 2, 2))))
        names.append(rng.choice(_SURNAMES) + given)
    return "".join(names[:4]) + ("..." if len(names) > 4 else "")


def _pool(rng: random.Random, size: int) -> list[list[str]]:
    """``size`` distinct names grouped into teams of 5-30 people (a department, a lab)."""
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < size:
        given = "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2, 2, 2))))
        name = rng.choice(_SURNAMES) + given
        if name not in seen:
            seen.add(name)
            names.append(name)
    teams, start = [], 0
    while start < size:
        length = rng.randint(5, 30)
        teams.append(names[start : start + length])
        start += length
    return teams


def _pool_authors(rng: random.Random, teams: list[list[str]]) -> str:
    """An author list drawn mostly from one team (some teams far more productive), with guests.

    Team productivity follows a Zipf-like law, and one author in eight comes
    from another team, so co-authors repeat across articles and teams connect.
    """
    team = teams[
        min(int(rng.paretovariate(1.0)) - 1, len(teams) - 1)
        if rng.random() < 0.3
        else rng.randrange(len(teams))
    ]
    names: list[str] = []
    for _ in range(rng.randint(3, 8)):
        source = rng.choice(teams) if rng.random() < 0.125 else team
        name = (
            source[min(int(rng.paretovariate(1.2)) - 1, len(source) - 1)]
            if rng.random() < 0.5
            else rng.choice(source)
        )
        if name not in names:
            names.append(name)
    return "".join(names[:4]) + ("..." if len(names) > 4 else "")


def issue_line(page_index: int) -> str:
    """The header line that dates synthetic page ``page_index`` (0-based): year and issue number.

    >>> issue_line(0), issue_line(10), issue_line(11)
    ('2015年第1期', '2025年第1期', '2015年第2期')
    """
    year = YEARS[page_index % len(YEARS)]
    return f"{year}年第{page_index // len(YEARS) + 1}期"


def write_pages(
    folder: Path,
    n_articles: int,
    *,
    per_page: int = 1000,
    seed: int = 0,
    author_pool: int | None = None,
) -> list[Path]:
    """Write ``n_articles`` synthetic articles as pages of ``per_page`` articles into ``folder``.

    By default every author list is drawn afresh (names rarely repeat, as for
    reader benchmarks).  With ``author_pool=N`` the authors come from N
    people in teams, so that co-authors repeat across articles as in real
    literature (for network benchmarks); the other output is unchanged.
    """
    rng = random.Random(seed)
    teams = _pool(random.Random(seed + 1), author_pool) if author_pool else None
    header, articles = _seed_parts()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    written = 0
    while written < n_articles:
        count = min(per_page, n_articles - written)
        out = [header, issue_line(len(paths)), ""]
        page = 1
        for k in range(count):
            title, abstract, keywords = articles[(written + k) % len(articles)]
            length = rng.randint(1, 9)
            authors = _authors(rng) if teams is None else _pool_authors(rng, teams)
            out += [
                f"    {title}（{written + k}）",
                "",
                f"    {authors}",
                f"    {page}-{page + length}页",
                f"    {abstract}",
                "",
            ]
            if keywords:
                out += [f"    {keywords}", ""]
            page += length + 1
        path = folder / f"synthetic-{len(paths):05d}.txt"
        path.write_text("\n".join(out), encoding="utf-8")
        paths.append(path)
        written += count
    return paths
