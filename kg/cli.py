"""The ``radkg`` command line: a thin click adapter over the public functions.

Exit codes (the same for every command):

====  ==========================================================
0     success; every input was read
1     done, but some input was skipped (see the diagnostics)
2     usage error (unknown option, wrong parameter)
3     failure: radkg could not do what was asked (message on stderr)
====  ==========================================================
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from kg import __version__
from kg.errors import RadkgError, UsageError
from kg.records import Page, as_dict

__all__ = ["EXIT_FAILURE", "EXIT_OK", "EXIT_SKIPPED", "EXIT_USAGE", "main"]

EXIT_OK = 0
EXIT_SKIPPED = 1
EXIT_USAGE = 2
EXIT_FAILURE = 3


def _fail(exc: RadkgError) -> None:
    click.echo(f"radkg: error: {exc}", err=True)
    sys.exit(EXIT_USAGE if isinstance(exc, UsageError) else EXIT_FAILURE)


def _sources(paths: Sequence[str]) -> list[Path]:
    if paths:
        return [Path(p) for p in paths]
    from kg.data import seed_pages

    return seed_pages()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="radkg")
def main() -> None:
    """radkg: a knowledge-graph builder for the radiology literature.

    Exit codes: 0 success, 1 some input was skipped (diagnostics printed),
    2 usage error, 3 failure.
    """


@main.command()
@click.argument("pages", nargs=-1, type=click.Path(dir_okay=False, path_type=str))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per page (an array for several).")
@click.option("--format", "fmt", default=None, help="Source format (default: sniffed from the content).")
def parse(pages: tuple[str, ...], as_json: bool, fmt: str | None) -> None:
    """Read table-of-contents PAGES and print what was found.

    With no PAGES, reads the bundled seed pages.  With --json, prints per page
    {"path", "journal", "issue", "articles", "diagnostics"}; absent values are
    null, absent lists [].
    """
    from kg.readers import read

    try:
        results = [read(path, format=fmt) for path in _sources(pages)]
    except RadkgError as exc:
        _fail(exc)
        return
    if as_json:
        objects = [_page_json(page) for page in results]
        payload = objects[0] if len(objects) == 1 else objects
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for page in results:
            _print_summary(page)
    for page in results:
        for diagnostic in page.diagnostics:
            click.echo(f"radkg: {diagnostic}", err=True)
    if any(page.diagnostics for page in results):
        sys.exit(EXIT_SKIPPED)


def _page_json(page: Page) -> dict[str, object]:
    data = as_dict(page)
    issue = {"year": data.pop("year"), "volume": data.pop("volume"), "number": data.pop("number")}
    return {
        "path": data["path"],
        "journal": data["journal"],
        "issue": issue,
        "articles": data["articles"],
        "diagnostics": data["diagnostics"],
    }


def _print_summary(page: Page) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console()
    j = page.journal
    title = " / ".join(filter(None, (j.title, j.title_en))) or "(no journal header)"
    console.print(f"[bold]{escape(page.path)}[/bold]: {escape(title)}"
                  + (f"  ISSN {j.issn}" if j.issn else ""))
    table = Table(show_lines=False)
    for column in ("line", "pages", "type", "title", "authors", "keywords"):
        table.add_column(column, overflow="fold")
    for a in page.articles:
        pages = "" if a.page_start is None else f"{a.page_start}-{a.page_end}"
        if a.pages_extra:
            pages += "," + ",".join(a.pages_extra)
        authors = "、".join(a.authors) + (" …" if a.authors_truncated else "")
        table.add_row(str(a.line), pages, a.article_type, escape(a.title), escape(authors),
                      escape(" / ".join(a.keywords)))
    console.print(table)
    console.print(f"{len(page.articles)} articles, {len(page.diagnostics)} diagnostics")
