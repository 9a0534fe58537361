"""Readers: one per source format, all yielding :class:`kg.records.Page`.

``READERS`` is a plain registry from format name to reader function.
"""

from __future__ import annotations

from kg.readers.toc import read_toc

def read(path): raise NotImplementedError
READERS = {}

__all__ = ["READERS", "read", "read_toc"]
