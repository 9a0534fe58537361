"""The one exception tree of radkg.

Every error radkg raises on purpose derives from :class:`RadkgError`, so a
caller can catch one class.  Errors caused by input carry the path and line
where the problem is, and the message says what was wrong::

    RadkgError
    ├── InputError              bad input: carries ``path`` and ``line``
    │   ├── DecodingError       bytes that are not UTF-8 or GB18030 text
    │   └── ParseError          text that does not follow the expected layout
    ├── UsageError              a wrong option, parameter name or value
    ├── ValidationError         a graph that does not conform to the shapes
    ├── ReasonerError           the OWL reasoner could not run (e.g. no Java)
    ├── StoreError              the triple store could not be opened or written
    └── QueryError              a SPARQL query that is malformed or refused

Readers do not raise :class:`InputError` for a bad record: they report a
:class:`kg.records.Diagnostic` and carry on.  ``InputError`` is raised only
when a whole source cannot be read at all.
"""

from __future__ import annotations

__all__ = [
    "DecodingError",
    "InputError",
    "ParseError",
    "QueryError",
    "RadkgError",
    "ReasonerError",
    "StoreError",
    "UsageError",
    "ValidationError",
]


class RadkgError(Exception):
    """Base class of every error radkg raises on purpose."""


class InputError(RadkgError):
    """An input source that cannot be read.

    Parameters
    ----------
    path : str
        The file the problem is in.
    line : int or None
        1-based line number, or ``None`` when the problem is the whole file.
    message : str
        What is wrong, and where possible how to fix it.
    """

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")


class DecodingError(InputError):
    """Bytes that decode neither as UTF-8 nor as GB18030."""


class ParseError(InputError):
    """Text that does not follow the layout the reader expects."""


class UsageError(RadkgError):
    """A wrong option, parameter name or parameter value."""


class ValidationError(RadkgError):
    """A graph that does not conform to ``ontology/shapes.ttl``."""


class ReasonerError(RadkgError):
    """The OWL reasoner could not run (for example, Java is missing)."""


class StoreError(RadkgError):
    """The triple store could not be opened, read or written."""


class QueryError(RadkgError):
    """A SPARQL query that is malformed, refused, or failed."""
