"""The store's own limit, shared by the build and import benchmarks.

The same quads a build would load, mapped beforehand, inserted into an empty
in-memory Oxigraph store: no pipeline on that store can be faster.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

__all__ = ["insert_floor"]


def insert_floor(paths: Iterable[Path]) -> dict[str, float]:
    """Read and map ``paths`` (untimed), then time inserting their quads into an empty store.

    Returns ``{"records": articles or records read, "quads": ..., "seconds": insert time}``.
    """
    import pyoxigraph as ox

    from kg.pipeline import _read_and_map

    mapped = [_read_and_map(str(path), None) for path in sorted(paths)]
    records = sum(len(page.articles) for page, _, _ in mapped)
    quads = [quad_list for _, quad_list, _ in mapped]
    del mapped
    store = ox.Store()
    start = time.perf_counter()
    for quad_list in quads:
        store.bulk_extend(quad_list)
    seconds = time.perf_counter() - start
    return {"records": records, "quads": sum(map(len, quads)), "seconds": seconds}
