"""Readers of Statistics Norway's population tables in the three forms users bring.

(a) JSON-stat 2.0 as the SSB API (PxWebApi) returns it; (b) the StatBank web download as CSV
(semicolon-separated, title line, decimal comma, symbols; UTF-8 or Latin-1); (c) a labelled
tidy CSV (one row per cell, comma-separated) such as ``models/ssb/data/telemark-14288-2024.csv``.
All three return one `SsbTable`.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
import re
from pathlib import Path
from typing import Any

import pandas as pd

from models.errors import DataFileError
from models.ssb.ages import is_total, parse_age
from models.ssb.regions import code_of_name, normalise_code
from models.ssb.table import (
    SsbTable,
    alternative_of,
    make_frame,
    parse_count,
    table_kind,
)

_REQUIRED_DIMS = ("Region", "Alder", "ContentsCode", "Tid")
_OPTIONAL_DIMS = ("Kjonn",)


#: The years an SSB population table can hold.
FIRST_YEAR, LAST_YEAR = 1846, 2200
#: Separators a CSV may use, named in error lines.
SEPARATORS = {";": "semicolon", ",": "comma", "\t": "tab", "|": "vertical bar"}
#: Most cells a JSON-stat dataset may span (every region of Norway x 106 ages x 2 sexes x
#: 9 alternatives x 50 years is about 36 million; a larger ``size`` is a corrupt file).
MAX_CELLS = 50_000_000
#: Byte signatures of files that are not text, named in the error line.
_BINARY = ((b"PK\x03\x04", "a zip or Excel (.xlsx) file"),
           (b"\xd0\xcf\x11\xe0", "an old Excel (.xls) file"),
           (b"%PDF", "a PDF file"), (b"\x1f\x8b", "a gzip file"))
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"), (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
         (b"\xff\xfe", "utf-16-le", "UTF-16"), (b"\xfe\xff", "utf-16-be", "UTF-16"))


def read_ssb_file(path: Path) -> SsbTable:
    """Read an SSB file in any of the three forms (detected from its content).

    Raises
    ------
    DataFileError
        For a file that is not one of them, or whose structure, encoding, separator or
        counts are wrong (`models.ssb.validate`), naming the row, cell or field.
    """
    text = _decode(path)
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith(("{", "[")) or path.suffix.lower() == ".json":
        return read_jsonstat(path, text)
    lines = [ln for ln in head.splitlines() if ln.strip()]
    first = lines[0] if lines else ""
    titled = re.match(r'^\W*\d{5}\s*:', first) is not None
    header = (lines[1] if len(lines) > 1 else "") if titled else first
    sep = _separator(header)
    if sep not in (",", ";"):
        raise DataFileError(path, f"{SEPARATORS[sep]}-separated (the header line: "
                                  f"{_cut(header, 50)}): SSB's files are comma-separated (a "
                                  "labelled CSV) or semicolon-separated (StatBank's download)",
                            row=lines.index(header) + 1 if header in lines else None)
    if titled or sep == ";":
        return read_statbank_csv(path, text, sep=sep)
    return read_tidy_csv(path, text, sep=sep)


def _separator(header: str) -> str:
    """The separator of a CSV header line: the most frequent of `SEPARATORS` outside quotes
    (comma when there is none)."""
    bare = re.sub(r'"[^"]*"', "", header)
    counts = {sep: bare.count(sep) for sep in SEPARATORS}
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else ","


def _decode(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataFileError(path, "file not found") from None
    except IsADirectoryError:
        raise DataFileError(path, "is a folder, not a file") from None
    except OSError as exc:
        raise DataFileError(path, f"cannot be read: {exc.strerror or exc}") from None
    for magic, what in _BINARY:
        if raw.startswith(magic):
            raise DataFileError(path, f"{what}, not text: export the table from SSB as "
                                      "JSON-stat 2.0 or CSV")
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            # SSB's downloads are UTF-8 (or Latin-1); a UTF-16 file is one re-saved by a
            # spreadsheet, whose separators and number format were changed with it
            raise DataFileError(path, f"encoded as {name} ({codec}, byte-order mark "
                                      f"{raw[:len(bom)].hex(' ').upper()}), not UTF-8: save "
                                      "it as UTF-8 (CSV UTF-8), or download it again from SSB")
    if b"\x00" in raw:
        at = raw.index(b"\x00")
        raise DataFileError(path, f"NUL byte at byte {at}: UTF-16 or UTF-32 without a "
                                  "byte-order mark, or not a text file; save it as UTF-8")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # older StatBank downloads are Latin-1 (ISO 8859-1); every byte decodes
        text = raw.decode("latin-1")
    bad = re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        raise DataFileError(path, f"control character {bad.group()!r} on line {line}: not a "
                                  "text file (or a corrupt one)", row=line)
    return text


# --- (a) JSON-stat 2.0 -------------------------------------------------------------------

def _categories(path: Path, dim_id: str, dim: object, size: int
                ) -> tuple[list[str], dict[str, str]]:
    field = f"dimension.{dim_id}"
    if not isinstance(dim, dict):
        raise DataFileError(path, f"must be an object, got {_kind(dim)}", field=field)
    cat = dim.get("category", {})
    if not isinstance(cat, dict):
        raise DataFileError(path, f"must be an object, got {_kind(cat)}",
                            field=f"{field}.category")
    index = cat.get("index")
    label = cat.get("label", {})
    if not isinstance(label, dict) or not all(isinstance(v, str | int | float)
                                              and not isinstance(v, bool)
                                              for v in label.values()):
        raise DataFileError(path, "must be an object of category code -> text",
                            field=f"{field}.category.label")
    if isinstance(index, list):
        if not all(isinstance(c, str | int) and not isinstance(c, bool) for c in index):
            raise DataFileError(path, "must be a list of category codes",
                                field=f"{field}.category.index")
        codes = [str(c) for c in index]
    elif isinstance(index, dict):
        positions = list(index.values())
        if sorted(p for p in positions if isinstance(p, int) and not isinstance(p, bool)) \
                != list(range(len(index))):
            raise DataFileError(path, f"positions must be 0 to {len(index) - 1}, each once, "
                                      f"got {_cut(positions)}", field=f"{field}.category.index")
        codes = [str(c) for c, _ in sorted(index.items(), key=lambda kv: kv[1])]
    elif index is None:  # a single category may omit the index (JSON-stat 2.0)
        codes = [str(c) for c in label]
    else:
        raise DataFileError(path, f"must be a list or an object, got {_kind(index)}",
                            field=f"{field}.category.index")
    if len(set(codes)) != len(codes):
        twice = next(c for c in codes if codes.count(c) > 1)
        raise DataFileError(path, f"category {twice!r} appears twice",
                            field=f"{field}.category.index")
    if len(codes) != size:
        raise DataFileError(path, f"dimension '{dim_id}': {len(codes)} categories but size "
                                  f"says {size}", field=f"{field}.category")
    labels = {str(k): str(v) for k, v in label.items()}
    return codes, labels


def _kind(value: object) -> str:
    """A JSON value's type in JSON's words, for error lines."""
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false",
             int: "a number", float: "a number", type(None): "null"}
    return f"{names.get(type(value), type(value).__name__)} ({_cut(value)})"


def _cut(value: object, width: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= width else text[:width - 3] + "..."


def _check_status(path: Path, status: object) -> None:
    """``status``: absent, one symbol for every cell, a list or an object of symbols."""
    if status is None or isinstance(status, str):
        return
    items = status if isinstance(status, list) else (
        list(status.values()) if isinstance(status, dict) else None)
    if items is None or not all(x is None or isinstance(x, str) for x in items):
        raise DataFileError(path, f"must be a text, a list or an object of SSB symbols, got "
                                  f"{_kind(status)}", field="status")


def _status_of(status: Any, i: int) -> str:
    if status is None:
        return ""
    if isinstance(status, str):
        return status
    if isinstance(status, list):
        return str(status[i]) if i < len(status) and status[i] is not None else ""
    return str(status.get(str(i)) or "")


def _load_json(path: Path, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataFileError(path, f"not valid JSON (truncated or corrupt?): {exc.msg} at line "
                                  f"{exc.lineno}, column {exc.colno}") from None
    except RecursionError:
        raise DataFileError(path, "JSON nested too deeply to be a JSON-stat dataset") from None


def _check_structure(path: Path, doc: object) -> tuple[list[str], list[int], dict[str, Any]]:
    """Check JSON-stat 2.0's skeleton (types of ``id``, ``size``, ``dimension``); return them."""
    if not isinstance(doc, dict) or doc.get("class") != "dataset" or "id" not in doc:
        raise DataFileError(path, "not a JSON-stat 2.0 dataset (no class 'dataset' with 'id')")
    ids, sizes, dims = doc["id"], doc.get("size"), doc.get("dimension")
    if not isinstance(ids, list) or not all(isinstance(d, str) for d in ids):
        raise DataFileError(path, f"must be a list of dimension names, got {_kind(ids)}",
                            field="id")
    if len(set(ids)) != len(ids):
        raise DataFileError(path, f"a dimension is named twice: {_cut(ids, 80)}", field="id")
    if not isinstance(sizes, list) or not all(isinstance(n, int) and not isinstance(n, bool)
                                              and n >= 0 for n in sizes):
        raise DataFileError(path, f"must be a list of whole numbers >= 0 (one per 'id'), got "
                                  f"{_kind(sizes)}", field="size")
    if not isinstance(dims, dict):
        raise DataFileError(path, f"must be an object, got {_kind(dims)}", field="dimension")
    if len(ids) != len(sizes) or any(d not in dims for d in ids):
        raise DataFileError(path, "JSON-stat 'id', 'size' and 'dimension' do not match")
    n_cells = math.prod(sizes)
    if n_cells > MAX_CELLS:
        raise DataFileError(path, f"sizes {sizes} make {n_cells:,} cells, more than an SSB "
                                  f"population table has ({MAX_CELLS:,})", field="size")
    ext = doc.get("extension")
    if ext is not None and not isinstance(ext, dict):
        raise DataFileError(path, f"must be an object, got {_kind(ext)}", field="extension")
    px = (ext or {}).get("px")
    if px is not None and not isinstance(px, dict):
        raise DataFileError(path, f"must be an object, got {_kind(px)}", field="extension.px")
    tableid = (px or {}).get("tableid")
    if tableid is not None and not isinstance(tableid, str | int):
        raise DataFileError(path, f"must be a table number, got {_kind(tableid)}",
                            field="extension.px.tableid")
    if "label" in doc and not isinstance(doc["label"], str):
        raise DataFileError(path, f"must be a text, got {_kind(doc['label'])}", field="label")
    _check_status(path, doc.get("status"))
    return ids, sizes, dims


def read_jsonstat(path: Path, text: str) -> SsbTable:
    """Read a JSON-stat 2.0 dataset: ``value`` flat in row-major order of ``id``/``size``."""
    doc = _load_json(path, text)
    ids, sizes, dims = _check_structure(path, doc)
    missing = [d for d in _REQUIRED_DIMS if d not in ids]
    if missing:
        raise DataFileError(path, f"missing dimension(s) {', '.join(missing)} (a file of "
                                  "another table?)")
    extra = [d for d, n in zip(ids, sizes, strict=True)
             if d not in _REQUIRED_DIMS + _OPTIONAL_DIMS and n != 1]
    if extra:
        raise DataFileError(path, f"unexpected dimension(s) {', '.join(extra)} (a file of "
                                  "another table?)")
    cats = [_categories(path, d, dims[d], n) for d, n in zip(ids, sizes, strict=True)]
    table_id = _jsonstat_table_id(doc)
    values = doc.get("value")
    n_cells = math.prod(sizes)
    if isinstance(values, dict):
        values = [values.get(str(i)) for i in range(n_cells)]
    if not isinstance(values, list) or len(values) != n_cells:
        got = len(values) if isinstance(values, list) else _kind(values)
        raise DataFileError(path, f"holds {got} cells, the sizes {sizes} need {n_cells}",
                            field="value")
    status = doc.get("status")
    pos = {d: k for k, d in enumerate(ids)}
    records: list[tuple] = []
    alternatives: set[str] = set()
    for i, combo in enumerate(itertools.product(*(c for c, _ in cats))):
        where = f"value[{i}] ({', '.join(f'{d}={c}' for d, c in zip(ids, combo, strict=True))})"
        sex = (cats[pos["Kjonn"]][1].get(combo[pos["Kjonn"]], combo[pos["Kjonn"]])
               if "Kjonn" in pos else "")
        region = combo[pos["Region"]]
        age_code = combo[pos["Alder"]]
        age_text = cats[pos["Alder"]][1].get(age_code, age_code)
        total = is_total(age_text)
        ages = (-1, -1) if total else (parse_age(age_text) or parse_age(age_code))
        if ages is None:
            raise DataFileError(path, f"{where}: not an age: {age_text!r}")
        contents = combo[pos["ContentsCode"]]
        alt = alternative_of(cats[pos["ContentsCode"]][1].get(contents, contents), contents)
        alternatives.add(alt)
        year = _year(path, combo[pos["Tid"]], where)
        raw = values[i]
        symbol = _status_of(status, i)
        if raw is None and symbol == "-":
            raw = 0
        value, st = parse_count(raw, path, where)
        records.append((normalise_code(region), cats[pos["Region"]][1].get(region, region), alt,
                        ages[0], ages[1], age_text, year, value, symbol or st, where, sex,
                        total))
    kind = table_kind(path, table_id, alternatives)
    return SsbTable(path, str(table_id), kind, "json-stat", make_frame(records, path))


def _jsonstat_table_id(doc: dict[str, Any]) -> str | None:
    px = (doc.get("extension") or {}).get("px") or {}
    if px.get("tableid"):
        return str(px["tableid"]).strip()
    m = re.match(r"^\s*(\d{5})\s*:", str(doc.get("label", "")))
    return m.group(1) if m else None


def _year(path: Path, raw: object, where: str) -> int:
    text = str(raw).strip()
    if not re.fullmatch(r"\d{4}", text):
        raise DataFileError(path, f"{where}: not a year: {text!r}")
    if not FIRST_YEAR <= int(text) <= LAST_YEAR:
        # SSB's registered population starts in 1846 (table 05803) and no projection
        # reaches 2200: a year outside is a typo or a column of another kind
        raise DataFileError(path, f"{where}: year {text} is outside {FIRST_YEAR}-{LAST_YEAR}")
    return int(text)


# --- (b) and (c): CSV ---------------------------------------------------------------------

_COLS = {"region": "region", "kjønn": "sex", "kjonn": "sex", "sex": "sex", "alder": "age",
         "age": "age", "statistikkvariabel": "contents", "contents": "contents",
         "contentscode": "contents", "år": "year", "tid": "year", "year": "year",
         "value": "value", "verdi": "value", "tabell": "table", "framskriving": "round"}


def read_statbank_csv(path: Path, text: str, sep: str = ";") -> SsbTable:
    """Read StatBank's web download "CSV (semicolon-separated) with heading".

    A title line ("14288: Framskrevet folkemengde ..."), a header of dimension columns and
    value columns (long: a year column; wide: one column per "<statistikkvariabel> <year>"),
    data rows, then footnote lines (skipped). ``sep``: the separator found in the header.
    """
    lines = text.lstrip("\ufeff").splitlines()
    numbered = [(i, ln) for i, ln in enumerate(lines, start=1) if ln.strip()]
    if not numbered:
        raise DataFileError(path, "empty file")
    title = numbered[0][1].strip().strip('"')
    m = re.match(r"^\W*(\d{5})\s*:", title)
    table_id = m.group(1) if m else None
    body = numbered[1:] if m else numbered
    if not body:
        raise DataFileError(path, "no header line after the title")
    header_no, header_line = body[0]
    n_fields = len(next(csv.reader([header_line], delimiter=sep)))
    data = [(i, ln) for i, ln in body[1:]
            if len(next(csv.reader([ln], delimiter=sep))) == n_fields]
    try:
        frame = pd.read_csv(io.StringIO("\n".join([header_line] + [ln for _, ln in data])),
                            sep=sep, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataFileError(path, f"not a readable CSV ({SEPARATORS[sep]}-separated): "
                                  f"{_first_line(exc)}") from None
    return _from_rows(path, frame, [i for i, _ in data], table_id, "statbank-csv", header_no,
                      sep)


def read_tidy_csv(path: Path, text: str, sep: str = ",") -> SsbTable:
    """Read a labelled tidy CSV: region, statistikkvariabel, år, alder, value[, Tabell]."""
    try:
        frame = pd.read_csv(io.StringIO(text.lstrip("\ufeff")), sep=sep, dtype=str,
                            keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataFileError(path, f"not a readable CSV ({SEPARATORS[sep]}-separated): "
                                  f"{_first_line(exc)}") from None
    return _from_rows(path, frame, list(range(2, len(frame) + 2)), None, "tidy-csv", 1, sep)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _region(raw: str) -> tuple[str, str]:
    """("3811 Færder" | "K-3811 Færder" | "Færder" | "3811") -> (code, name)."""
    text = raw.strip()
    m = re.match(r"^((?:[KF]-)?\d{1,4})(?:\s+(.*))?$", text)
    if m:
        return normalise_code(m.group(1)), (m.group(2) or m.group(1)).strip()
    return code_of_name(text) or text, text


def contents_and_year(path: Path, row: Any, roles: dict[str, str], col: object,
                      header_no: int, default: str) -> tuple[str, str]:
    """The statistics variable and the year of one value column of a StatBank CSV row: from
    the row's dimensions where the file has them, else from a column headed
    '<statistikkvariabel> <year>' (SSB's wide download); ``default`` is the variable when the
    file names none."""
    if "year" in roles:
        contents = row[roles["contents"]] if "contents" in roles else default
        return contents, row[roles["year"]]
    m = re.match(r"^(.*?)\s*(\d{4})$", str(col).strip())
    if m is None:
        raise DataFileError(path, f"column '{col}' is neither a dimension nor "
                                  "'<statistikkvariabel> <year>'", row=header_no)
    contents = row[roles["contents"]] if "contents" in roles else m.group(1)
    return contents, m.group(2)


def _from_rows(path: Path, frame: pd.DataFrame, line_numbers: list[int], table_id: str | None,
               fmt: str, header_no: int, sep: str) -> SsbTable:
    roles: dict[str, str] = {}
    for col in frame.columns:
        role = _COLS.get(str(col).strip().casefold())
        if role is not None:
            roles[role] = col
    for need in ("region", "age"):
        if need not in roles:
            shown = ", ".join(repr(str(c)) for c in frame.columns[:6])
            more = f" and {len(frame.columns) - 6} more" if len(frame.columns) > 6 else ""
            others = [n for s, n in SEPARATORS.items() if s != sep and s in " ".join(
                map(str, frame.columns))]
            hint = (f"; the header also holds {others[0]}s: another separator?" if others
                    else " (a file of another table?)")
            raise DataFileError(path, f"no '{need if need == 'region' else 'alder'}' column "
                                      f"among the {len(frame.columns)} "
                                      f"{SEPARATORS[sep]}-separated columns {shown}{more}"
                                      f"{hint}", row=header_no)
    if "table" in roles and table_id is None:
        col = roles["table"]
        ids = sorted(set(frame[col].str.strip()))
        if len(ids) != 1:
            raise DataFileError(path, f"column '{col}' names several tables: {_cut(ids)}"
                                      " (two files joined?)", field=col)
        table_id = ids[0]
    dims = [roles[r] for r in ("region", "sex", "age", "contents", "year") if r in roles]
    skip = {roles[r] for r in ("table", "round") if r in roles}
    value_cols = [c for c in frame.columns if c not in dims and c not in skip]
    if "year" in roles:
        if "value" in roles:
            value_cols = [roles["value"]]
        if not value_cols:
            raise DataFileError(path, "no value column", row=header_no)
    records: list[tuple] = []
    alternatives: set[str] = set()
    header_cells = [str(c).strip() for c in frame.columns]
    for lineno, row in zip(line_numbers, frame.to_dict("records"), strict=True):
        if [str(v).strip() for v in row.values()] == header_cells:
            raise DataFileError(path, f"repeats the header of row {header_no}: two files "
                                      "joined?", row=lineno)
        sex = row[roles["sex"]].strip() if "sex" in roles else ""
        code, name = _region(row[roles["region"]])
        age_text = row[roles["age"]].strip()
        total = is_total(age_text)
        ages = (-1, -1) if total else parse_age(age_text)
        if ages is None:
            raise DataFileError(path, f"not an age: {age_text!r}", row=lineno,
                                field=roles["age"])
        for col in value_cols:
            where = f"row {lineno}, column '{col}'"
            contents, year_text = contents_and_year(path, row, roles, col, header_no,
                                                    default=str(col))
            alt = alternative_of(contents)
            alternatives.add(alt)
            year = _year(path, year_text, where)
            value, status = parse_count(row[col], path, where)
            records.append((code, name, alt, ages[0], ages[1], age_text, year, value, status,
                            where, sex, total))
    kind = table_kind(path, table_id, alternatives)
    return SsbTable(path, str(table_id), kind, fmt, make_frame(records, path))
