"""Reading the plain data files (CSV with '#' comment lines, TOML) with row-level error reporting.

Every user file trappa reads (data, scenario, sweep, package, calibration files) goes through
`read_text`, `read_toml` or `read_csv`, so that the rules of docs/scenarios.md ("Bad input")
hold in one place: the file is UTF-8 text, no number is NaN or infinite, and no text holds a
control character. Rows are validated with pydantic models; a validation failure becomes one
`DataFileError` naming the file, the line number and the field.
"""

from __future__ import annotations

import csv
import io
import math
import re
import stat
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from models.errors import DataFileError

RowModel = TypeVar("RowModel", bound=BaseModel)

# C0 controls but tab, line feed and carriage return; DEL; C1 controls. A NUL in a
# description once reached the PDF writer; a line break in a name once named a folder.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAK = re.compile(r"\r\n|\n|\r")
#: Nesting deeper than this is no trappa file (tomllib recurses once per level).
MAX_DEPTH = 32


def control_character(text: str) -> str | None:
    """Return a description of the first control character in ``text`` (None if none).

    Tab, line feed and carriage return are allowed (multi-line descriptions).
    """
    found = _CONTROL.search(text)
    return None if found is None else f"control character U+{ord(found.group()):04X}"


def path_kind(path: Path) -> str:
    """Return ``"file"``, ``"dir"``, ``"missing"`` or ``"other"`` for ``path``.

    Unlike ``Path.is_file``, a path the system refuses to look at (a name too long, a folder
    without permission) is reported as one line rather than raised as ``OSError``.

    Raises
    ------
    DataFileError
        If the path cannot be examined.
    """
    try:
        st = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return "missing"
    except ValueError:  # a NUL in the path
        raise DataFileError(ascii(str(path)), "not a valid path (holds a NUL)") from None
    except OSError as exc:
        raise DataFileError(path, f"cannot look at this path ({exc.strerror or exc})") from None
    return "file" if stat.S_ISREG(st.st_mode) else "dir" if stat.S_ISDIR(st.st_mode) else "other"


def read_text(path: Path) -> str:
    """Return a user file's text, refusing what is not UTF-8 text.

    Raises
    ------
    DataFileError
        If the file is missing, unreadable (a folder, no permission) or not UTF-8.
    """
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(path, "file not found") from None
    except UnicodeDecodeError as exc:
        raise DataFileError(path, f"not UTF-8 text (byte {exc.start}: {exc.reason}); save "
                            "it as UTF-8") from None
    except OSError as exc:
        raise DataFileError(path, f"cannot read the file ({exc.strerror or exc})") from None


def check_values(path: Path, data: Any) -> None:
    """Refuse NaN and infinite numbers, control characters and deep nesting in TOML data.

    Raises
    ------
    DataFileError
        Naming the dotted key of the first offending value (or table key).
    """
    _walk(path, data, "", 0)


def _walk(path: Path, data: Any, key: str, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise DataFileError(path, f"nested deeper than {MAX_DEPTH} levels", field=key)
    if isinstance(data, float) and not math.isfinite(data):
        raise DataFileError(path, f"must be a finite number, got {data!r}", field=key or None)
    if isinstance(data, str):
        bad = control_character(data)
        if bad:
            raise DataFileError(path, f"text holds a {bad}", field=key or None)
    if isinstance(data, dict):
        for k, v in data.items():
            sub = f"{key}.{k}" if key else str(k)
            bad = control_character(str(k))
            if bad:
                raise DataFileError(path, f"key holds a {bad}", field=sub)
            _walk(path, v, sub, depth + 1)
    if isinstance(data, list):
        # counted from 1, as the package file names its [[alternative]] tables
        for i, v in enumerate(data, start=1):
            _walk(path, v, f"{key}[{i}]", depth + 1)


def read_csv(path: Path, required: Iterable[str]) -> list[tuple[int, dict[str, str]]]:
    """Return ``(line_number, row)`` pairs of a CSV file whose ``#`` lines are comments.

    Raises
    ------
    DataFileError
        If the file is missing, has no header, lacks a required column or a row has the
        wrong number of fields.
    """
    text = read_text(path)
    # only \n, \r\n and \r end a line: str.splitlines also splits at \x1c-\x1e, \x85 and
    # U+2028, which inside a cell are control characters to report, not line breaks
    lines = _LINE_BREAK.split(text.removesuffix("\n").removesuffix("\r"))
    numbered = [(i, line) for i, line in enumerate(lines, start=1)
                if line.strip() and not line.lstrip().startswith("#")]
    if not numbered:
        raise DataFileError(path, "no header line (the file is empty or only comments)")
    header_line, header = numbered[0][0], next(csv.reader([numbered[0][1]]))
    for h in header:
        if control_character(h):
            raise DataFileError(path, f"column name holds a {control_character(h)}",
                                row=header_line, field=h)
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
        row = dict(zip(header, values, strict=True))
        for h, v in row.items():
            bad = control_character(v)  # before strip(), which would drop some silently
            if bad:
                raise DataFileError(path, f"text holds a {bad}", row=lineno, field=h)
        rows.append((lineno, {h: v.strip() for h, v in row.items()}))
    return rows


def parse_rows(path: Path, model: type[RowModel], rows: list[tuple[int, dict[str, str]]]
               ) -> list[tuple[int, RowModel]]:
    """Validate each row with ``model``; blank strings become ``None``."""
    out: list[tuple[int, RowModel]] = []
    for lineno, raw in rows:
        cleaned = {k: (v if v != "" else None) for k, v in raw.items()}
        try:
            row = model.model_validate(cleaned)
        except ValidationError as exc:
            raise _as_data_error(path, lineno, exc, cleaned) from None
        # one place for every row model: "nan" and "inf" parse as floats, and no data
        # file has a use for them
        for name, value in row:
            if isinstance(value, float) and not math.isfinite(value):
                raise DataFileError(path, f"must be a finite number, got {cleaned.get(name)!r}",
                                    row=lineno, field=name)
        out.append((lineno, row))
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
    """Read a TOML file, checked by `check_values`.

    Raises
    ------
    DataFileError
        If the file is missing or unreadable, not UTF-8, not valid TOML (with its line and
        column, never the file's content), nested too deeply, or holds a NaN or infinite
        number or a control character.
    """
    text = read_text(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(path, f"invalid TOML: {exc}") from None
    except RecursionError:
        raise DataFileError(path, "invalid TOML: tables or arrays nested too deeply") from None
    check_values(path, data)
    return data
