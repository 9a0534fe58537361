"""Time of mapping read pages to quads (:func:`kg.mapping.page_quads`), in µs per article.

    python benchmarks/bench_mapping.py [--articles 10000] [--repeat 5]

Target: <= 50 µs/article.  Pages are read first (not timed); only the calls
to ``page_quads`` are timed, with the garbage collector on as in a build (the
quads of a page are dropped between calls, untimed, as the pipeline drops them
after loading).  The first pass runs with the id caches of :mod:`kg.ids` cold,
as a build does; later passes are warm, and the best of them is reported too.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import write_pages  # noqa: E402

from kg.mapping import page_quads  # noqa: E402
from kg.readers import read_toc  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pages = [read_toc(path) for path in write_pages(Path(tmp), args.articles)]
    n = sum(len(page.articles) for page in pages)
    times = []
    quads = 0
    for _ in range(args.repeat):
        seconds, quads = 0.0, 0
        for i, page in enumerate(pages):
            start = time.perf_counter()
            out = page_quads(page, source_key=f"k{i}")
            seconds += time.perf_counter() - start
            quads += len(out)
            del out
        times.append(seconds)
    cold, warm = times[0], min(times[1:], default=times[0])
    print(f"{n} articles, {quads / n:.1f} quads/article")
    cold_us, warm_us = cold / n * 1e6, warm / n * 1e6
    best = f"best of {len(times) - 1}"
    print(f"cold: {cold_us:.1f} µs/article   warm ({best}): {warm_us:.1f} µs/article")


if __name__ == "__main__":
    main()
