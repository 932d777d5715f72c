"""Error types and exit codes.

Modules below the command line raise these; only ``ctoc_kg.cli`` prints or exits.
"""

from __future__ import annotations

from os import PathLike

EXIT_OK = 0  # the command ran and the data passed
EXIT_FAIL = 1  # the command ran and the data fails (a check, a validation, fmt --check)
EXIT_ERROR = 2  # the command could not run


class CtocError(Exception):
    """Base error: the command could not run (exit code 2)."""

    exit_code = EXIT_ERROR


class InputError(CtocError):
    """An input file is missing, unreadable or not valid RDF.

    ``str()`` is ``FILE:LINE:COL: cause``; ``LINE``/``COL`` are left out when the
    parser did not give them (``FILE:LINE: cause`` or ``FILE: cause``).
    """

    def __init__(
        self,
        path: str | PathLike[str],
        line: int | None = None,
        column: int | None = None,
        cause: str = "",
    ) -> None:
        self.path = str(path)
        self.line = line
        self.column = column
        self.cause = cause
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.cause}"


class QueryError(CtocError):
    """A query could not be prepared or run (exit 2)."""


class StoreError(CtocError):
    """A remote store could not be reached, refused a request, or answered nonsense (exit 2)."""
