"""End-to-end build throughput and memory: Oxigraph store vs rdflib's default Memory store.

    python benchmarks/bench_build.py [--sizes 1000 10000 100000] [--baseline-max 100000]

Generates synthetic articles in the seed layout (``synthetic.py``), then for
each size runs ``kg.build`` (read → segment → map → store → SHACL
validation (auto) → canonical Turtle) in a fresh child process pinned to
one core, once on the Oxigraph store and once, as the baseline, on rdflib's
Memory store.  Prints articles/s, the speed-up (end to end, and over the
stages that depend on the store: load, count, validate, export), triples,
peak RSS and peak bytes per triple, and the seconds of each stage.

Targets (issue 4): >= 3,000 articles/s end to end, >= 10x the Memory-store
pipeline, <= 450 bytes per triple peak at 100k articles.
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
#: The stages whose work depends on the store (reading and mapping are the same code for both).
_STORE_STAGES = ("load", "count", "validate", "export")


def _measure(folder: str, backend: str, out: str) -> None:
    from kg.pipeline import build

    paths = sorted(Path(folder).glob("*.txt"))
    start = time.perf_counter()
    report = build(paths, out=out, backend=backend, formats=("ttl",), quiet=True)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"articles": report.articles, "triples": report.triples, "seconds": seconds,
                      "peak_rss": peak, "conforms": report.conforms, "timings": report.timings}))


def _run(folder: str, backend: str) -> dict:
    with tempfile.TemporaryDirectory() as out:
        cmd = [sys.executable, __file__, "--measure", folder, backend, out]
        try:
            done = subprocess.run(["taskset", "-c", "0", *cmd], capture_output=True, text=True)
        except FileNotFoundError:
            done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{backend} run failed:\n{done.stderr}")
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--baseline-max", type=int, default=100000,
                        help="skip the Memory-store baseline above this many articles")
    parser.add_argument("--measure", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        _measure(*args.measure)
        return
    sys.path.insert(0, str(HERE))
    from synthetic import write_pages

    header = (f"{'articles':>9} {'store':>9} {'seconds':>8} {'art/s':>7} {'triples':>10} "
              f"{'peak MB':>8} {'B/triple':>8} {'speed-up (store stages)':>24}  stages (s)")
    print(header)
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            write_pages(Path(folder), size)
            fast = _run(folder, "oxigraph")
            slow = _run(folder, "memory") if size <= args.baseline_max else None
        for name, result in (("oxigraph", fast), ("memory", slow)):
            if result is None:
                print(f"{size:>9,} {name:>9}  (skipped: --baseline-max)")
                continue
            rate = result["articles"] / result["seconds"]
            speedup = f"{slow['seconds'] / fast['seconds']:.1f}x" if slow and name == "oxigraph" else ""
            if slow and name == "oxigraph":
                store_fast = sum(fast["timings"].get(k, 0) for k in _STORE_STAGES)
                store_slow = sum(slow["timings"].get(k, 0) for k in _STORE_STAGES)
                speedup += f" ({store_slow / store_fast:.0f}x)"
            stages = " ".join(f"{k}={v:.1f}" for k, v in result["timings"].items())
            print(f"{size:>9,} {name:>9} {result['seconds']:>8.2f} {rate:>7,.0f} {result['triples']:>10,} "
                  f"{result['peak_rss'] / 1e6:>8.0f} {result['peak_rss'] / max(result['triples'], 1):>8.0f} "
                  f"{speedup:>24}  {stages} shacl={'ok' if result['conforms'] else result['conforms']}")
    print("targets: >= 3,000 articles/s (oxigraph), >= 10x the memory store, <= 450 B/triple at 100k")


if __name__ == "__main__":
    main()
