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

For context, each size also reports the store's own floor: the same quads,
mapped beforehand, inserted into an empty in-memory Oxigraph store (no
reading, extraction, validation or export), as articles/s.  No pipeline on
that store can be faster.  ``--jobs N`` adds a run of the build with N
reader processes (the targets are for one core); ``--disk`` adds a build
into an on-disk Oxigraph store (``radkg build --store PATH``), whose peak
memory does not grow with the graph as the in-memory store's does.
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


def _floor(folder: str) -> None:
    from store_floor import insert_floor

    floor = insert_floor(Path(folder).glob("*.txt"))
    print(
        json.dumps(
            {"articles": floor["records"], "quads": floor["quads"], "seconds": floor["seconds"]}
        )
    )


def _measure(folder: str, backend: str, out: str, jobs: str = "1") -> None:
    from kg.pipeline import build

    paths = sorted(Path(folder).glob("*.txt"))
    store = None
    if backend == "disk":  # an on-disk Oxigraph (RocksDB) store, as `radkg build --store PATH`
        backend, store = "oxigraph", str(Path(out) / "store")
    start = time.perf_counter()
    report = build(
        paths, out=out, backend=backend, store=store, formats=("ttl",), quiet=True, jobs=int(jobs)
    )
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(
        json.dumps(
            {
                "articles": report.articles,
                "triples": report.triples,
                "seconds": seconds,
                "peak_rss": peak,
                "conforms": report.conforms,
                "timings": report.timings,
            }
        )
    )


def _run(folder: str, backend: str, jobs: int = 1) -> dict:
    with tempfile.TemporaryDirectory() as out:
        if backend == "floor":
            cmd = [sys.executable, __file__, "--floor", folder]
        else:
            cmd = [sys.executable, __file__, "--measure", folder, backend, out, str(jobs)]
        pin = ["taskset", "-c", "0"] if jobs == 1 else []  # the targets are for one core
        try:
            done = subprocess.run([*pin, *cmd], capture_output=True, text=True)
        except FileNotFoundError:
            done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{backend} run failed:\n{done.stderr}")
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument(
        "--baseline-max",
        type=int,
        default=100000,
        help="skip the Memory-store baseline above this many articles",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="also run the build with this many reader processes (not pinned)",
    )
    parser.add_argument(
        "--disk",
        action="store_true",
        help="also build into an on-disk Oxigraph store (radkg build --store)",
    )
    parser.add_argument("--measure", nargs=4, help=argparse.SUPPRESS)
    parser.add_argument("--floor", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        _measure(*args.measure)
        return
    if args.floor:
        _floor(args.floor)
        return
    sys.path.insert(0, str(HERE))
    from synthetic import write_pages

    header = (
        f"{'articles':>9} {'store':>9} {'seconds':>8} {'art/s':>7} {'triples':>10} "
        f"{'peak MB':>8} {'B/triple':>8} {'speed-up (store stages)':>24}  stages (s)"
    )
    print(header)
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            write_pages(Path(folder), size)
            fast = _run(folder, "oxigraph")
            slow = _run(folder, "memory") if size <= args.baseline_max else None
            parallel = _run(folder, "oxigraph", args.jobs) if args.jobs > 1 else None
            disk = _run(folder, "disk") if args.disk else None
            floor = _run(folder, "floor")
        for name, result in (("oxigraph", fast), ("memory", slow), ("disk", disk)):
            if result is None and name == "disk":
                continue
            if result is None:
                print(f"{size:>9,} {name:>9}  (skipped: --baseline-max)")
                continue
            rate = result["articles"] / result["seconds"]
            speedup = (
                f"{slow['seconds'] / fast['seconds']:.1f}x" if slow and name == "oxigraph" else ""
            )
            if slow and name == "oxigraph":
                store_fast = sum(fast["timings"].get(k, 0) for k in _STORE_STAGES)
                store_slow = sum(slow["timings"].get(k, 0) for k in _STORE_STAGES)
                speedup += f" ({store_slow / store_fast:.0f}x)"
            stages = " ".join(f"{k}={v:.1f}" for k, v in result["timings"].items())
            print(
                f"{size:>9,} {name:>9} {result['seconds']:>8.2f} {rate:>7,.0f} {result['triples']:>10,} "
                f"{result['peak_rss'] / 1e6:>8.0f} {result['peak_rss'] / max(result['triples'], 1):>8.0f} "
                f"{speedup:>24}  {stages} shacl={'ok' if result['conforms'] else result['conforms']}"
            )
        print(
            f"{size:>9,} {'floor':>9} {floor['seconds']:>8.2f} "
            f"{floor['articles'] / floor['seconds']:>7,.0f} {floor['quads']:>10,}"
            f"  (insert alone: {floor['seconds'] / floor['quads'] * 1e6:.2f} us/quad)"
        )
        if parallel is not None:
            print(
                f"{size:>9,} {f'-j {args.jobs}':>9} {parallel['seconds']:>8.2f} "
                f"{parallel['articles'] / parallel['seconds']:>7,.0f} {parallel['triples']:>10,} "
                f"{parallel['peak_rss'] / 1e6:>8.0f}"
            )
    print(
        "targets: >= 3,000 articles/s (oxigraph), >= 10x the memory store, <= 450 B/triple at 100k"
    )


if __name__ == "__main__":
    main()
