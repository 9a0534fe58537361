"""End-to-end import of bibliographic exports: synthetic RIS and MEDLINE records through kg.build.

    python benchmarks/bench_import.py [--records 100000] [--per-file 10000]

Writes ``--records`` synthetic records of each format (realistic shapes:
6 authors in ``Family, Given`` form, MEDLINE's FAU/AU/AD per author, a
journal from a small pool with ISSN, year/volume/issue, pages, DOI, PMID,
keywords and a 1,200-character abstract) into files of ``--per-file``
records, then builds each format in a fresh process pinned to one core
(read → map → Oxigraph store → identity (article merging, people) → counts →
SHACL (auto: a sample) → canonical Turtle).  Prints records/s end to end, each
stage's share of the time, and the reader's and the identity step's own rates.
Target (issue 8): >= 3,000 records/s end to end.

Each format also gets the store's insert floor: the same quads, mapped
beforehand, inserted into an empty in-memory Oxigraph store, as records/s.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_JOURNALS = [
    ("Radiology", "0033-8419"),
    ("European Radiology", "0938-7994"),
    ("American Journal of Roentgenology", "0361-803X"),
    ("Cancer Research", "0008-5472"),
]
_FAMILIES = [
    "Wang",
    "Li",
    "Zhang",
    "Liu",
    "Chen",
    "Smith",
    "Müller",
    "Garcia",
    "Kim",
    "Nguyen",
    "Rossi",
]
_GIVEN = [
    "Wei",
    "Fang",
    "Jun",
    "Robert J",
    "Paul E",
    "Hedvig",
    "Min-Ji",
    "Anna",
    "Luca",
    "Xiaoming",
]
_WORDS = (
    "radiomics deep learning computed tomography magnetic resonance imaging nodule carcinoma "
    "prediction model diffusion kurtosis segmentation validation cohort retrospective"
).split()


def _record(rng: random.Random, i: int) -> dict:
    journal, issn = rng.choice(_JOURNALS)
    start = rng.randint(1, 900)
    return {
        "title": " ".join(rng.choice(_WORDS) for _ in range(10)).capitalize() + f" {i}",
        "authors": [(rng.choice(_FAMILIES), rng.choice(_GIVEN)) for _ in range(6)],
        "journal": journal,
        "issn": issn,
        "year": rng.randint(2000, 2024),
        "volume": str(rng.randint(1, 300)),
        "number": str(rng.randint(1, 12)),
        "start": start,
        "end": start + rng.randint(1, 12),
        "doi": f"10.1000/bench.{i}",
        "pmid": str(10_000_000 + i),
        "keywords": rng.sample(_WORDS, 4),
        "abstract": " ".join(rng.choice(_WORDS) for _ in range(150)),
    }


def _ris(r: dict) -> str:
    lines = [
        "TY  - JOUR",
        *(f"AU  - {f}, {g}" for f, g in r["authors"]),
        f"TI  - {r['title']}",
        f"JO  - {r['journal']}",
        f"SN  - {r['issn']}",
        f"PY  - {r['year']}",
        f"VL  - {r['volume']}",
        f"IS  - {r['number']}",
        f"SP  - {r['start']}",
        f"EP  - {r['end']}",
        f"DO  - {r['doi']}",
        *(f"KW  - {k}" for k in r["keywords"]),
        f"AB  - {r['abstract']}",
        "ER  - ",
        "",
    ]
    return "\n".join(lines)


def _medline(r: dict) -> str:
    lines = [
        f"PMID- {r['pmid']}",
        f"IS  - {r['issn']} (Linking)",
        f"VI  - {r['volume']}",
        f"IP  - {r['number']}",
        f"DP  - {r['year']} Mar",
        f"TI  - {r['title']}.",
        f"PG  - {r['start']}-{r['end']}",
        f"LID - {r['doi']} [doi]",
        f"AB  - {r['abstract']}",
    ]
    for f, g in r["authors"]:
        initials = "".join(p[0] for p in g.replace("-", " ").split())
        lines += [
            f"FAU - {f}, {g}",
            f"AU  - {f} {initials}",
            "AD  - Department of Radiology, Example Hospital.",
        ]
    lines += [
        "LA  - eng",
        "PT  - Journal Article",
        f"TA  - {r['journal']}",
        f"JT  - {r['journal']}",
        *(f"OT  - {k}" for k in r["keywords"]),
        "",
    ]
    return "\n".join(lines)


def _write(folder: Path, fmt: str, records: int, per_file: int) -> None:
    rng = random.Random(8)
    render, suffix = (_ris, "ris") if fmt == "ris" else (_medline, "nbib")
    for start in range(0, records, per_file):
        text = "\n".join(
            render(_record(rng, i)) for i in range(start, min(records, start + per_file))
        )
        (folder / f"part-{start // per_file:04d}.{suffix}").write_text(text, encoding="utf-8")


def _measure(folder: str, out: str) -> None:
    from kg.pipeline import build

    paths = sorted(Path(folder).iterdir())
    start = time.perf_counter()
    report = build(paths, out=out, formats=("ttl",), quiet=True)
    seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "records": report.articles,
                "triples": report.triples,
                "seconds": seconds,
                "conforms": report.conforms,
                "diagnostics": len(report.diagnostics),
                "timings": report.timings,
            }
        )
    )


def _floor(folder: str) -> None:
    """The store's own limit: the same quads, mapped beforehand, inserted into an empty store."""
    from store_floor import insert_floor

    print(json.dumps(insert_floor(Path(folder).iterdir())))


def _run(folder: str, *, floor: bool = False) -> dict:
    with tempfile.TemporaryDirectory() as out:
        cmd = [sys.executable, __file__, "--measure", folder, out]
        if floor:
            cmd = [sys.executable, __file__, "--floor", folder]
        try:
            done = subprocess.run(["taskset", "-c", "0", *cmd], capture_output=True, text=True)
        except FileNotFoundError:
            done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"run failed:\n{done.stderr}")
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--per-file", type=int, default=10_000)
    parser.add_argument("--measure", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--floor", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        _measure(*args.measure)
        return
    if args.floor:
        _floor(args.floor)
        return
    stages = ("read", "map", "load", "identity", "count", "validate", "export")
    print(
        f"{'format':8} {'records':>8} {'seconds':>8} {'records/s':>10} "
        + " ".join(f"{st:>8}" for st in stages)
        + f" {'triples':>10}  SHACL"
    )
    for fmt in ("ris", "medline"):
        with tempfile.TemporaryDirectory() as folder:
            _write(Path(folder), fmt, args.records, args.per_file)
            result = _run(folder)
            floor = _run(folder, floor=True)
        t, total = result["timings"], result["seconds"]
        shares = " ".join(f"{t.get(st, 0) / total:>8.0%}" for st in stages)
        verdict = "conforms" if result["conforms"] else "DOES NOT CONFORM"
        if result["diagnostics"]:
            verdict += f" ({result['diagnostics']} diagnostics)"
        rate = result["records"] / total
        reader = result["records"] / t["read"] if t.get("read") else float("nan")
        identity = t.get("identity", 0) / result["records"] * 1e6
        print(
            f"{fmt:8} {result['records']:>8,} {total:>8.1f} {rate:>10,.0f} {shares} "
            f"{result['triples']:>10,}  {verdict}; reader alone {reader:,.0f} records/s, "
            f"identity {identity:.0f} µs/record"
        )
        print(
            f"{'':8} {'floor':>8} {floor['seconds']:>8.1f} "
            f"{floor['records'] / floor['seconds']:>10,.0f}  the store's insert alone "
            f"({floor['quads']:,} quads mapped beforehand, {floor['quads'] / floor['records']:.0f}"
            f" per record, {floor['seconds'] / floor['quads'] * 1e6:.2f} µs/quad): no pipeline on"
            " this store is faster"
        )


if __name__ == "__main__":
    main()
