"""Typed errors for bad input: each names the file, the place in it and what is wrong."""

from __future__ import annotations

from pathlib import Path


class TrappaError(Exception):
    """Base class for errors reported to the user as one line, without a traceback."""


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
