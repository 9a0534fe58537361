"""Readers: one per source format, all yielding :class:`kg.records.Page`.

``READERS`` is a plain registry from format name to reader function; every
reader takes a path (and ``name=`` for diagnostics) and returns a ``Page``
whose problems are listed in ``Page.diagnostics`` instead of raised.

>>> sorted(READERS)
['toc']
"""

from __future__ import annotations

import os
from collections.abc import Callable

from kg.errors import UsageError
from kg.readers.toc import read_toc
from kg.records import Page

__all__ = ["READERS", "read", "read_toc", "sniff_format"]

Reader = Callable[..., Page]

#: Source formats radkg reads, by name.
READERS: dict[str, Reader] = {
    "toc": read_toc,
}


def sniff_format(path: str | os.PathLike[str]) -> str:
    """The format of a source file, judged from its content.

    Table-of-contents pages are the only format so far, so every file is
    read as one; the reader reports a file that is not a TOC page.

    >>> from kg.data import seed_pages
    >>> sniff_format(seed_pages()[0])
    'toc'
    """
    return "toc"


def read(path: str | os.PathLike[str], *, format: str | None = None, name: str | None = None) -> Page:
    """Read one source file with the reader for its format.

    Parameters
    ----------
    path : str or path-like
        The source file.
    format : str, optional
        A key of :data:`READERS`; sniffed from the content when omitted.
    name : str, optional
        The name shown in diagnostics (defaults to the path).

    Raises
    ------
    UsageError
        If ``format`` is not a known format.

    >>> from kg.data import seed_pages
    >>> len(read(seed_pages()[0]).articles)
    9
    """
    fmt = format or sniff_format(path)
    try:
        reader = READERS[fmt]
    except KeyError:
        raise UsageError(f"unknown source format {fmt!r}; known formats: {', '.join(sorted(READERS))}") from None
    return reader(path, name=name)
