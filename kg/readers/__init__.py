"""Readers: one per source format, all yielding :class:`kg.records.Page`.

``READERS`` is a plain registry from format name to reader function; every
reader takes a path (and ``name=`` for diagnostics) and returns a ``Page``
whose problems are listed in ``Page.diagnostics`` instead of raised.
Bibliographic exports give a page without a journal header whose articles
carry their own journal and issue.

>>> sorted(READERS)
['bibtex', 'endnote', 'medline', 'refworks', 'ris', 'toc', 'wos', 'wos-tab']
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from kg.errors import UsageError
from kg.readers.bibtex import read_bibtex
from kg.readers.cnki import read_endnote, read_refworks
from kg.readers.medline import read_medline
from kg.readers.ris import read_ris
from kg.readers.toc import read_toc
from kg.readers.wos import read_wos, read_wos_tab
from kg.records import Page

__all__ = ["READERS", "read", "read_toc", "sniff_format", "sniff_text"]

Reader = Callable[..., Page]

#: Source formats radkg reads, by name.
READERS: dict[str, Reader] = {
    "toc": read_toc,
    "ris": read_ris,
    "bibtex": read_bibtex,
    "medline": read_medline,
    "refworks": read_refworks,
    "endnote": read_endnote,
    "wos": read_wos,
    "wos-tab": read_wos_tab,
}

#: How many leading bytes :func:`sniff_format` looks at.
SNIFF_BYTES = 65536

# The first line of a record in each tagged format, most specific first.
_SIGNATURES = (
    ("wos", re.compile(r"^(?:FN (?:Clarivate|Thomson|ISI)|VR \d|PT [JBSP]\s*$)", re.M)),
    ("wos-tab", re.compile(r"\A\ufeff?PT\t(?:AU|BA)\t")),
    ("ris", re.compile(r"^TY {1,2}- ", re.M)),
    ("medline", re.compile(r"^PMID- ?\d", re.M)),
    ("refworks", re.compile(r"^RT [A-Z][A-Za-z ]+$", re.M)),
    ("endnote", re.compile(r"^%0 \S", re.M)),
    ("bibtex", re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.M)),
)


def sniff_format(path: str | os.PathLike[str]) -> str:
    """The format of a source file, judged from its first 64 KB.

    A file matching no export signature (or unreadable) is read as a TOC
    page; the reader then reports what is wrong with it.

    >>> from kg.data import seed_pages
    >>> sniff_format(seed_pages()[0])
    'toc'
    """
    try:
        with Path(path).open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return "toc"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="replace")
    else:
        text = head.decode("utf-8", errors="replace")
    return sniff_text(text)


def sniff_text(text: str) -> str:
    """The format the beginning of a file's text is in (see :func:`sniff_format`).

    >>> sniff_text("TY  - JOUR\\nTI  - x"), sniff_text("PMID- 1\\n"), sniff_text("@article{k,")
    ('ris', 'medline', 'bibtex')
    >>> sniff_text("RT Journal Article\\nA1 王伟"), sniff_text("%0 Journal Article")
    ('refworks', 'endnote')
    >>> sniff_text("肺结节的CT表现")
    'toc'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for name, pattern in _SIGNATURES:
        if pattern.search(text):
            return name
    return "toc"


def read(
    path: str | os.PathLike[str], *, format: str | None = None, name: str | None = None
) -> Page:
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
        raise UsageError(
            f"unknown source format {fmt!r}; known formats: {', '.join(sorted(READERS))}"
        ) from None
    return reader(path, name=name)
