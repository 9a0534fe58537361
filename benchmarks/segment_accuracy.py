"""Exact-match accuracy and speed of radkg's segmenters on the bundled test sets.

Run ``python benchmarks/segment_accuracy.py``.  Prints one table row per
(segmenter, test set): the share of lists split exactly right, and the mean
time per call.  jieba (``pip install jieba``) is compared when importable; it
is a benchmark-only baseline, never a radkg dependency.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import kg

ROOT = Path(__file__).resolve().parent.parent
AUTHORS = ROOT / "tests" / "data" / "segment" / "authors.tsv"
KEYWORDS = ROOT / "tests" / "data" / "segment" / "keywords.tsv"
_TRUNCATION_MARKERS = ("...", "…", "等")


def read_cases(path: Path) -> list[tuple[str, list[str]]]:
    """``glued<TAB>a|b|c[<TAB>context]`` lines, skipping blanks and ``#`` comments."""
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        cases.append((fields[0], fields[1].split("|") if len(fields) > 1 and fields[1] else []))
    return cases


def measure(
    split: Callable[[str], list[str]], cases: list[tuple[str, list[str]]]
) -> tuple[float, float, list]:
    """Exact-match rate, mean µs per call, and the failures as (glued, expected, got)."""
    failures = [(glued, want, got) for glued, want in cases if (got := split(glued)) != want]
    repeats = max(1, 20_000 // max(1, len(cases)))
    texts = [glued for glued, _ in cases]
    start = time.perf_counter()
    for _ in range(repeats):
        for text in texts:
            split(text)
    micros = (time.perf_counter() - start) / (repeats * len(texts)) * 1e6
    return 1 - len(failures) / len(cases), micros, failures


def _jieba_split(text: str) -> list[str]:
    import jieba

    for marker in _TRUNCATION_MARKERS:
        text = text.removesuffix(marker)
    return [w for w in jieba.lcut(text) if w.strip() and w not in ",，、;；"]


def main() -> int:
    rows = []
    failures_shown = []
    sets = [
        ("split_authors", AUTHORS, kg.split_authors),
        ("split_keywords", KEYWORDS, kg.split_keywords),
    ]
    for name, path, func in sets:
        if not path.exists():
            print(f"{path.relative_to(ROOT)} is absent: skipping {name}")
            continue
        cases = read_cases(path)
        rate, micros, failures = measure(func, cases)
        rows.append((name, path.name, len(cases), rate, micros))
        failures_shown += [(name, *f) for f in failures[:15]]
        try:
            import jieba

            jieba.setLogLevel(60)
            jieba.initialize()
        except ImportError:
            if name == "split_authors":
                print("jieba is not installed: no baseline (pip install jieba)")
            continue
        rate, micros, _ = measure(_jieba_split, cases)
        rows.append(("jieba.lcut", path.name, len(cases), rate, micros))
    print(f"\n{'segmenter':<16}{'test set':<15}{'lists':>7}{'exact':>10}{'µs/list':>10}")
    for name, file, count, rate, micros in rows:
        print(f"{name:<16}{file:<15}{count:>7}{rate:>10.1%}{micros:>10.1f}")
    if failures_shown:
        print("\nfirst failures (segmenter: input -> expected | got):")
        for name, glued, want, got in failures_shown:
            print(f"  {name}: {glued} -> {'|'.join(want)} | {'|'.join(got)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
