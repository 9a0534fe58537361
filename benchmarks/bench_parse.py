"""Throughput and peak memory of reading TOC pages (parse + author/keyword segmentation).

    python benchmarks/bench_parse.py [--sizes 1000 10000 100000]

Target (issue 3): >= 5,000 articles/s on one core.  Each size runs in a
fresh child process so that its peak RSS is its own.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _measure(folder: str) -> None:
    from kg.readers import read_toc

    paths = sorted(Path(folder).glob("*.txt"))
    start = time.perf_counter()
    articles = diagnostics = 0
    for path in paths:
        page = read_toc(path)
        articles += len(page.articles)
        diagnostics += len(page.diagnostics)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(
        json.dumps(
            {"articles": articles, "diagnostics": diagnostics, "seconds": seconds, "peak_rss": peak}
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        _measure(args.measure)
        return
    sys.path.insert(0, str(HERE))
    from synthetic import write_pages

    print(
        f"{'articles':>9} {'seconds':>8} {'articles/s':>11} {'peak RSS MB':>12}  target >= 5,000/s"
    )
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            write_pages(Path(tmp), size)
            # taskset pins the child to one core, as the target is stated for one core.
            cmd = [sys.executable, __file__, "--measure", tmp]
            try:
                out = subprocess.run(
                    ["taskset", "-c", "0", *cmd], capture_output=True, text=True, check=True
                )
            except FileNotFoundError:
                out = subprocess.run(cmd, capture_output=True, text=True, check=True)
            result = json.loads(out.stdout)
        rate = result["articles"] / result["seconds"]
        print(
            f"{result['articles']:>9,} {result['seconds']:>8.2f} {rate:>11,.0f} {result['peak_rss'] / 1e6:>12.1f}"
            f"  {'ok' if rate >= 5000 else 'BELOW TARGET'}"
        )


if __name__ == "__main__":
    main()
