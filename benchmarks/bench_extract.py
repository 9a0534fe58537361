"""Throughput of kg.extract.extract alone, on synthetic articles in the seed's layout.

    python benchmarks/bench_extract.py [--articles 10000] [--repeat 3]

Pages are written with ``synthetic.py`` and read first (not timed); then
``extract`` runs on every article and only that is timed.  The lexicon's
automaton is built before timing (once per process, as in a build).  Prints
articles/s and µs/article (best of ``--repeat`` passes; the first, cold pass
too).  Target (issue 5): <= ~50 µs/article, so that a build keeps >= 3,000
articles/s on one core.  Note that the synthetic articles recombine the
seed's nine abstracts (about 1,700 characters of abstract per article).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from synthetic import write_pages  # noqa: E402

from kg.extract import extract, load_lexicon  # noqa: E402
from kg.readers import read_toc  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        articles = [
            a for path in write_pages(Path(tmp), args.articles) for a in read_toc(path).articles
        ]
    load_lexicon()
    times = []
    results = 0
    for _ in range(args.repeat):
        start = time.perf_counter()
        results = sum(len(extract(a).findings) for a in articles)
        times.append(time.perf_counter() - start)
    n = len(articles)
    best = min(times)
    print(f"{n} articles, {results / n:.2f} results/article")
    print(
        f"extract: {n / best:,.0f} articles/s, {best / n * 1e6:.1f} µs/article "
        f"(best of {args.repeat}); "
        f"first pass {times[0] / n * 1e6:.1f} µs/article"
    )


if __name__ == "__main__":
    main()
