"""Reading the plain data files (CSV with '#' comment lines, TOML) with row-level error reporting.

Rows are validated with pydantic models; a validation failure becomes one `DataFileError`
naming the file, the line number and the field.
"""

from __future__ import annotations

import csv
import io
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from models.errors import DataFileError

RowModel = TypeVar("RowModel", bound=BaseModel)


def read_csv(path: Path, required: Iterable[str]) -> list[tuple[int, dict[str, str]]]:
    """Return ``(line_number, row)`` pairs of a CSV file whose ``#`` lines are comments.

    Raises
    ------
    DataFileError
        If the file is missing, has no header, lacks a required column or a row has the
        wrong number of fields.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(path, "file not found") from None
    except UnicodeDecodeError as exc:
        raise DataFileError(path, f"not valid UTF-8 text ({exc.reason})") from None
    numbered = [(i, line) for i, line in enumerate(text.splitlines(), start=1)
                if line.strip() and not line.lstrip().startswith("#")]
    if not numbered:
        raise DataFileError(path, "no header line (the file is empty or only comments)")
    header_line, header = numbered[0][0], next(csv.reader([numbered[0][1]]))
    header = [h.strip() for h in header]
    missing = [c for c in required if c not in header]
    if missing:
        raise DataFileError(path, f"missing column(s) {', '.join(repr(m) for m in missing)}",
                            row=header_line)
    rows: list[tuple[int, dict[str, str]]] = []
    for lineno, line in numbered[1:]:
        values = next(csv.reader(io.StringIO(line)))
        if len(values) != len(header):
            raise DataFileError(path, f"expected {len(header)} fields, found {len(values)}",
                                row=lineno)
        rows.append((lineno, {h: v.strip() for h, v in zip(header, values, strict=True)}))
    return rows


def parse_rows(path: Path, model: type[RowModel], rows: list[tuple[int, dict[str, str]]]
               ) -> list[tuple[int, RowModel]]:
    """Validate each row with ``model``; blank strings become ``None``."""
    out: list[tuple[int, RowModel]] = []
    for lineno, raw in rows:
        cleaned = {k: (v if v != "" else None) for k, v in raw.items()}
        try:
            out.append((lineno, model.model_validate(cleaned)))
        except ValidationError as exc:
            raise _as_data_error(path, lineno, exc, cleaned) from None
    return out


def _as_data_error(path: Path, lineno: int, exc: ValidationError,
                   raw: dict[str, Any]) -> DataFileError:
    err = exc.errors()[0]
    field = ".".join(str(p) for p in err["loc"]) if err["loc"] else None
    msg = err["msg"].removeprefix("Value error, ")
    if field is not None and field in raw:
        msg += f", got {raw[field]!r}"
    return DataFileError(path, msg, row=lineno, field=field)


def read_toml(path: Path) -> dict[str, Any]:
    """Read a TOML file, reporting a syntax error with its file and line."""
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise DataFileError(path, "file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(path, f"invalid TOML: {exc}") from None
