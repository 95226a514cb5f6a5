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
from models.ssb.ages import is_both_sexes, is_total, parse_age
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


def read_ssb_file(path: Path) -> SsbTable:
    """Read an SSB file in any of the three forms (detected from its content)."""
    text = _decode(path)
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("{") or path.suffix.lower() == ".json":
        return read_jsonstat(path, text)
    first = next((ln for ln in head.splitlines() if ln.strip()), "")
    if ";" in first or re.match(r'^\W*\d{5}\s*:', first):
        return read_statbank_csv(path, text)
    return read_tidy_csv(path, text)


def _decode(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataFileError(path, "file not found") from None
    except IsADirectoryError:
        raise DataFileError(path, "is a folder, not a file") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # older StatBank downloads are Latin-1 (ISO 8859-1); every byte decodes
        return raw.decode("latin-1")


# --- (a) JSON-stat 2.0 -------------------------------------------------------------------

def _categories(path: Path, dim_id: str, dim: dict[str, Any], size: int
                ) -> tuple[list[str], dict[str, str]]:
    cat = dim.get("category", {})
    index = cat.get("index")
    if isinstance(index, list):
        codes = [str(c) for c in index]
    elif isinstance(index, dict):
        codes = [str(c) for c, _ in sorted(index.items(), key=lambda kv: kv[1])]
    else:  # a single category may omit the index (JSON-stat 2.0)
        codes = [str(c) for c in cat.get("label", {})]
    if len(codes) != size:
        raise DataFileError(path, f"dimension '{dim_id}': {len(codes)} categories but size "
                                  f"says {size}")
    labels = {str(k): str(v) for k, v in cat.get("label", {}).items()}
    return codes, labels


def _status_of(status: Any, i: int) -> str:
    if status is None:
        return ""
    if isinstance(status, str):
        return status
    if isinstance(status, list):
        return str(status[i]) if i < len(status) and status[i] is not None else ""
    return str(status.get(str(i), ""))


def read_jsonstat(path: Path, text: str) -> SsbTable:
    """Read a JSON-stat 2.0 dataset: ``value`` flat in row-major order of ``id``/``size``."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataFileError(path, f"not valid JSON (truncated or corrupt?): {exc.msg} at line "
                                  f"{exc.lineno}, column {exc.colno}") from None
    if not isinstance(doc, dict) or doc.get("class") != "dataset" or "id" not in doc:
        raise DataFileError(path, "not a JSON-stat 2.0 dataset (no class 'dataset' with 'id')")
    ids, sizes = doc["id"], doc.get("size", [])
    dims = doc.get("dimension", {})
    if len(ids) != len(sizes) or any(d not in dims for d in ids):
        raise DataFileError(path, "JSON-stat 'id', 'size' and 'dimension' do not match")
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
    # with a "both sexes" category beside men and women, read it alone (no double count)
    both = ({c for c, lab in cats[ids.index("Kjonn")][1].items() if is_both_sexes(lab)}
            if "Kjonn" in ids else set())
    table_id = _jsonstat_table_id(doc)
    values = doc.get("value")
    n_cells = math.prod(sizes)
    if isinstance(values, dict):
        values = [values.get(str(i)) for i in range(n_cells)]
    if not isinstance(values, list) or len(values) != n_cells:
        got = len(values) if isinstance(values, list) else type(values).__name__
        raise DataFileError(path, f"'value' holds {got} cells, the sizes {sizes} need {n_cells}")
    status = doc.get("status")
    pos = {d: k for k, d in enumerate(ids)}
    records: list[tuple] = []
    alternatives: set[str] = set()
    for i, combo in enumerate(itertools.product(*(c for c, _ in cats))):
        where = f"value[{i}] ({', '.join(f'{d}={c}' for d, c in zip(ids, combo, strict=True))})"
        if both and combo[pos["Kjonn"]] not in both:
            continue
        region = combo[pos["Region"]]
        age_code = combo[pos["Alder"]]
        age_text = cats[pos["Alder"]][1].get(age_code, age_code)
        if is_total(age_text):
            continue
        ages = parse_age(age_text) or parse_age(age_code)
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
                        ages[0], ages[1], age_text, year, value, symbol or st, where))
    kind = table_kind(path, table_id, alternatives)
    return SsbTable(path, str(table_id), kind, "json-stat", make_frame(records, path))


def _jsonstat_table_id(doc: dict[str, Any]) -> str | None:
    px = doc.get("extension", {}).get("px", {}) if isinstance(doc.get("extension"), dict) else {}
    if px.get("tableid"):
        return str(px["tableid"])
    m = re.match(r"^\s*(\d{5})\s*:", str(doc.get("label", "")))
    return m.group(1) if m else None


def _year(path: Path, raw: object, where: str) -> int:
    text = str(raw).strip()
    if not re.fullmatch(r"\d{4}", text):
        raise DataFileError(path, f"{where}: not a year: {text!r}")
    return int(text)


# --- (b) and (c): CSV ---------------------------------------------------------------------

_COLS = {"region": "region", "kjønn": "sex", "kjonn": "sex", "sex": "sex", "alder": "age",
         "age": "age", "statistikkvariabel": "contents", "contents": "contents",
         "contentscode": "contents", "år": "year", "tid": "year", "year": "year",
         "value": "value", "verdi": "value", "tabell": "table", "framskriving": "round"}


def read_statbank_csv(path: Path, text: str) -> SsbTable:
    """Read StatBank's web download "CSV (semicolon-separated) with heading".

    A title line ("14288: Framskrevet folkemengde ..."), a header of dimension columns and
    value columns (long: a year column; wide: one column per "<statistikkvariabel> <year>"),
    data rows, then footnote lines (skipped).
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
    n_fields = len(next(csv.reader([header_line], delimiter=";")))
    data = [(i, ln) for i, ln in body[1:]
            if len(next(csv.reader([ln], delimiter=";"))) == n_fields]
    frame = pd.read_csv(io.StringIO("\n".join([header_line] + [ln for _, ln in data])), sep=";",
                        dtype=str, keep_default_na=False)
    return _from_rows(path, frame, [i for i, _ in data], table_id, "statbank-csv", header_no)


def read_tidy_csv(path: Path, text: str) -> SsbTable:
    """Read a labelled tidy CSV: region, statistikkvariabel, år, alder, value[, Tabell]."""
    try:
        frame = pd.read_csv(io.StringIO(text.lstrip("\ufeff")), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataFileError(path, f"not a readable CSV: {exc}") from None
    table_id = None
    for col in frame.columns:
        if col.strip().casefold() == "tabell":
            ids = sorted(set(frame[col].str.strip()))
            if len(ids) != 1:
                raise DataFileError(path, f"column '{col}' names several tables: {ids}")
            table_id = ids[0]
    return _from_rows(path, frame, list(range(2, len(frame) + 2)), table_id, "tidy-csv", 1)


def _region(raw: str) -> tuple[str, str]:
    """("3811 Færder" | "K-3811 Færder" | "Færder" | "3811") -> (code, name)."""
    text = raw.strip()
    m = re.match(r"^((?:[KF]-)?\d{1,4})(?:\s+(.*))?$", text)
    if m:
        return normalise_code(m.group(1)), (m.group(2) or m.group(1)).strip()
    return code_of_name(text) or text, text


def _from_rows(path: Path, frame: pd.DataFrame, line_numbers: list[int], table_id: str | None,
               fmt: str, header_no: int) -> SsbTable:
    roles: dict[str, str] = {}
    for col in frame.columns:
        role = _COLS.get(str(col).strip().casefold())
        if role is not None:
            roles[role] = col
    for need in ("region", "age"):
        if need not in roles:
            raise DataFileError(path, f"no '{need if need == 'region' else 'alder'}' column "
                                      "(a file of another table?)", row=header_no)
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
    both = ("sex" in roles and frame[roles["sex"]].map(is_both_sexes).any())
    for lineno, row in zip(line_numbers, frame.to_dict("records"), strict=True):
        if both and not is_both_sexes(row[roles["sex"]]):
            continue
        code, name = _region(row[roles["region"]])
        age_text = row[roles["age"]].strip()
        if is_total(age_text):
            continue
        ages = parse_age(age_text)
        if ages is None:
            raise DataFileError(path, f"not an age: {age_text!r}", row=lineno,
                                field=roles["age"])
        for col in value_cols:
            where = f"row {lineno}, column '{col}'"
            if "year" in roles:
                year_text = row[roles["year"]]
                contents = row[roles["contents"]] if "contents" in roles else str(col)
            else:
                m = re.match(r"^(.*?)\s*(\d{4})$", str(col).strip())
                if m is None:
                    raise DataFileError(path, f"column '{col}' is neither a dimension nor "
                                              "'<statistikkvariabel> <year>'", row=header_no)
                contents, year_text = m.group(1), m.group(2)
                if "contents" in roles:
                    contents = row[roles["contents"]]
            alt = alternative_of(contents)
            alternatives.add(alt)
            year = _year(path, year_text, where)
            value, status = parse_count(row[col], path, where)
            records.append((code, name, alt, ages[0], ages[1], age_text, year, value, status,
                            where))
    kind = table_kind(path, table_id, alternatives)
    return SsbTable(path, str(table_id), kind, fmt, make_frame(records, path))
