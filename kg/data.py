"""Where radkg's bundled data lives (surname lists, vocabularies, lexicons, seed pages).

In a source checkout or an editable install the data is the repository's
top-level ``data/`` folder; a built wheel carries the same folder as
``kg/_data``.  Nothing here touches the network.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["DATA_DIR", "data_path", "seed_pages"]


def _find_data_dir() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "_data", here.parent / "data"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"radkg's bundled data folder is missing (looked in {here / '_data'} and "
        f"{here.parent / 'data'}); reinstall radkg"
    )


#: The folder holding radkg's bundled data.
DATA_DIR: Path = _find_data_dir()


def data_path(*parts: str) -> Path:
    """Path of a bundled data file, e.g. ``data_path("surnames.tsv")``.

    >>> data_path("seeds").name
    'seeds'
    """
    return DATA_DIR.joinpath(*parts)


def seed_pages() -> list[Path]:
    """The bundled table-of-contents pages, sorted by name.

    >>> [p.suffix for p in seed_pages()][:1]
    ['.txt']
    """
    return sorted(data_path("seeds").glob("*.txt"))
