"""Synthetic table-of-contents pages in the layout of the bundled seed, for benchmarks.

Articles are recombined from the seed's own titles, abstracts and keyword
lines, with author lists drawn from common surnames and given names, and
consecutive page ranges, so the reader and segmenters do the same work per
article as on real pages.  Deterministic for a given ``seed``.
"""

from __future__ import annotations

import random
from pathlib import Path

from kg.data import seed_pages

__all__ = ["write_pages"]

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤昝谌仝"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力宁晓东海波凤森新宇毅民琳浩鹏程才方金凌兆祥赫屿效楠蕊怡"


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


def write_pages(folder: Path, n_articles: int, *, per_page: int = 1000, seed: int = 0) -> list[Path]:
    """Write ``n_articles`` synthetic articles as pages of ``per_page`` articles into ``folder``."""
    rng = random.Random(seed)
    header, articles = _seed_parts()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    written = 0
    while written < n_articles:
        count = min(per_page, n_articles - written)
        out = [header, ""]
        page = 1
        for k in range(count):
            title, abstract, keywords = articles[(written + k) % len(articles)]
            length = rng.randint(1, 9)
            out += [f"    {title}（{written + k}）", "", f"    {_authors(rng)}", f"    {page}-{page + length}页",
                    f"    {abstract}", ""]
            if keywords:
                out += [f"    {keywords}", ""]
            page += length + 1
        path = folder / f"synthetic-{len(paths):05d}.txt"
        path.write_text("\n".join(out), encoding="utf-8")
        paths.append(path)
        written += count
    return paths
