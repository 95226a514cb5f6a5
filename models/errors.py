"""Typed errors for bad input: each names the file, the place in it and what is wrong."""

from __future__ import annotations

from pathlib import Path


class TrappaError(Exception):
    """Base class for errors reported to the user as one line, without a traceback.

    The text is always one line: line breaks and other control characters a user's file or
    argument brought in are shown escaped (``\\n``), never printed.
    """

    def __str__(self) -> str:
        return one_line(super().__str__())


def one_line(text: str) -> str:
    """Return ``text`` with control characters escaped (``\\n``, ``\\x00``): one printable line."""
    return "".join(c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii")
                   for c in text)


class DataFileError(TrappaError):
    """A data file is malformed: names the file, the row (line number) and the field."""

    def __init__(self, path: Path | str, problem: str, *, row: int | None = None,
                 field: str | None = None) -> None:
        self.path = Path(path)
        self.row = row
        self.field = field
        self.problem = problem
        where = str(self.path)
        if row is not None:
            where += f", row {row}"
        if field is not None:
            where += f", field '{field}'"
        super().__init__(f"{where}: {problem}")


class BadValueError(TrappaError, ValueError):
    """A number given to a calculation (on the command line) is out of its range."""
