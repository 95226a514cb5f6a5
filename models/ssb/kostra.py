"""Readers of SSB's KOSTRA tables: key figures 12209 and the accounts by function 12362/12367.

Two forms, as for the population tables (`models.ssb.readers`): JSON-stat 2.0 as PxWebApi v2
returns it and the StatBank download "CSV (semicolon-separated) with heading" (long: a year
column; or wide: one column per "<statistikkvariabel> <year>"). Both give one `KostraTable`
whose frame goes through the one validation layer (`models.ssb.validate.validated_kostra_frame`).
Table ids, dimension codes and the indicators read: `models.ssb.kostra_tables`.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from models.errors import DataFileError
from models.ssb import kostra_tables as kt
from models.ssb.readers import (
    _categories,
    _check_structure,
    _decode,
    _load_json,
    _separator,
    _status_of,
    _year,
    contents_and_year,
)
from models.ssb.regions import current_number, normalise_code
from models.ssb.table import parse_count

#: Columns of `KostraTable.frame`.
COLUMNS = ("region", "region_name", "figure", "year", "value", "status", "where")


@dataclass(frozen=True)
class KostraTable:
    """A KOSTRA table as one tidy frame (`COLUMNS`): ``figure`` is an indicator's trappa name
    (12209) or a KOSTRA function number (12362/12367); ``value`` NaN where SSB gives a symbol
    (named in ``status``); ``region`` today's municipality number."""

    path: Path
    table_id: str
    fmt: str
    frame: pd.DataFrame

    @property
    def is_accounts(self) -> bool:
        """True for the accounts by function (12362/12367)."""
        return self.table_id in kt.ACCOUNTS_TABLES

    def value(self, region: str, figure: str) -> tuple[float, int, str] | None:
        """The latest year's value of a figure for a region: (value, year, where), or None
        when the region or figure is absent or every year has an SSB symbol."""
        f = self.frame
        rows = f[(f["region"] == region) & (f["figure"] == figure) & f["value"].notna()]
        if rows.empty:
            return None
        r = rows.sort_values("year").iloc[-1]
        return float(r["value"]), int(r["year"]), str(r["where"])

    def regions(self) -> set[str]:
        """The regions the file holds."""
        return set(self.frame["region"])


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().casefold()


_LABELS = {_norm(i.label_nb): i.name for i in kt.INDICATORS}
_CODES = {i.code: i.name for i in kt.INDICATORS}


def indicator_of(code: str, label: str) -> str | None:
    """The trappa name of a 12209 key figure by its SSB code or label, or None (the table
    holds many key figures trappa does not read)."""
    if code in _CODES:
        return _CODES[code]
    text = _norm(label)
    text = re.sub(r"\s*\((?:prosent|%|antall)\)$", "", text)
    return _LABELS.get(text)


def function_of(code: str, label: str = "") -> str | None:
    """The KOSTRA function number of a code or label ("FG254", "254 Helse- og ..."), or
    None for another function."""
    for text in (code, label):
        m = re.match(r"^\D{0,3}(\d{3})\b", str(text).strip())
        if m and m.group(1) in kt.FUNCTIONS:
            return m.group(1)
    return None


def _is_gross_expenditure(code: str, label: str) -> bool:
    """Whether an art is the gross operating expenditure on the function (AGD10), by code or
    by label ("Brutto driftsutgifter ...", a CSV cell may hold "AGD10 Brutto ..."): not the
    corrected gross (AGD4, "Korrigerte brutto ...") nor the net (AGD2, "Netto ...")."""
    text = re.sub(r"^agd\d+\s+", "", _norm(label))
    return code == kt.GROSS_EXPENDITURE_ART or text.startswith(kt.GROSS_EXPENDITURE_LABEL)


def _region_code(raw: str) -> str:
    code = normalise_code(str(raw))
    m = re.match(r"^(\d{4}|EAK\w*)\b", code)
    code = m.group(1) if m else code
    return current_number(code) if code.isdigit() else code


def read_kostra_file(path: Path) -> KostraTable:
    """Read a KOSTRA file (JSON-stat 2.0 or StatBank CSV) of table 12209, 12362 or 12367.

    Raises
    ------
    DataFileError
        For another table, a broken structure, a value that is not a number or an SSB
        symbol, or a failed check of `models.ssb.validate.validated_kostra_frame`.
    """
    text = _decode(path)
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith(("{", "[")) or path.suffix.lower() == ".json":
        return _read_jsonstat(path, text)
    return _read_csv(path, text)


def _table_id(path: Path, table_id: str | None) -> str:
    if table_id is None:
        raise DataFileError(path, "cannot tell which SSB table this is (no table id in the "
                                  "title or the 'extension.px.tableid')")
    if table_id not in kt.KOSTRA_TABLES:
        raise DataFileError(path, f"a file of SSB table {table_id}: expected a KOSTRA table "
                                  f"({', '.join(kt.KOSTRA_TABLES)})")
    return table_id


def _read_jsonstat(path: Path, text: str) -> KostraTable:
    doc = _load_json(path, text)
    ids, sizes, dims = _check_structure(path, doc)
    region_dim = kt.REGION_DIM if kt.REGION_DIM in ids else "Region"
    missing = [d for d in (region_dim, kt.CONTENTS_DIM, kt.TIME_DIM) if d not in ids]
    if missing:
        raise DataFileError(path, f"missing dimension(s) {', '.join(missing)} (a file of "
                                  "another table?)")
    known = (region_dim, kt.CONTENTS_DIM, kt.TIME_DIM, kt.FUNCTION_DIM, kt.ART_DIM)
    extra = [d for d, n in zip(ids, sizes, strict=True) if d not in known and n != 1]
    if extra:
        raise DataFileError(path, f"unexpected dimension(s) {', '.join(extra)} (a file of "
                                  "another table?)")
    px = (doc.get("extension") or {}).get("px") or {}
    raw_id = str(px["tableid"]).strip() if px.get("tableid") else None
    if raw_id is None:
        m = re.match(r"^\s*(\d{5})\s*:", str(doc.get("label", "")))
        raw_id = m.group(1) if m else None
    table_id = _table_id(path, raw_id)
    accounts = table_id in kt.ACCOUNTS_TABLES
    if accounts and kt.FUNCTION_DIM not in ids:
        raise DataFileError(path, f"table {table_id} without the function dimension "
                                  f"{kt.FUNCTION_DIM}")
    cats = [_categories(path, d, dims[d], n) for d, n in zip(ids, sizes, strict=True)]
    n_cells = math.prod(sizes)
    values = doc.get("value")
    if isinstance(values, dict):
        values = [values.get(str(i)) for i in range(n_cells)]
    if not isinstance(values, list) or len(values) != n_cells:
        got = len(values) if isinstance(values, list) else type(values).__name__
        raise DataFileError(path, f"holds {got} cells, the sizes {sizes} need {n_cells}",
                            field="value")
    status = doc.get("status")
    pos = {d: k for k, d in enumerate(ids)}
    records = []
    for i, combo in enumerate(itertools.product(*(c for c, _ in cats))):
        def lab(dim: str, combo: tuple[str, ...] = combo) -> tuple[str, str]:
            code = combo[pos[dim]]
            return code, cats[pos[dim]][1].get(code, code)

        if accounts:
            figure = function_of(*lab(kt.FUNCTION_DIM))
            if kt.ART_DIM in pos and not _is_gross_expenditure(*lab(kt.ART_DIM)):
                continue
        else:
            figure = indicator_of(*lab(kt.CONTENTS_DIM))
        if figure is None:
            continue
        where = f"value[{i}] ({', '.join(f'{d}={c}' for d, c in zip(ids, combo, strict=True))})"
        region, region_name = lab(region_dim)
        year = _year(path, combo[pos[kt.TIME_DIM]], where)
        raw = values[i]
        symbol = _status_of(status, i)
        if raw is None and symbol == "-":
            raw = 0
        value, st = parse_count(raw, path, where)
        records.append((_region_code(region), region_name, figure, year, value, symbol or st,
                        where))
    return _table(path, table_id, "json-stat", records)


def _table(path: Path, table_id: str, fmt: str, records: list[tuple]) -> KostraTable:
    from models.ssb.validate import validated_kostra_frame

    return KostraTable(path, table_id, fmt, validated_kostra_frame(path, table_id, records))


_CSV_COLS = {"region": "region", "kommuneregion": "region", "funksjon": "function",
             "function": "function", "art": "art", "statistikkvariabel": "contents",
             "contents": "contents", "år": "year", "tid": "year", "year": "year",
             "value": "value", "verdi": "value"}


def _read_csv(path: Path, text: str) -> KostraTable:
    lines = text.lstrip("\ufeff").splitlines()
    numbered = [(i, ln) for i, ln in enumerate(lines, start=1) if ln.strip()]
    if not numbered:
        raise DataFileError(path, "empty file")
    title = numbered[0][1].strip().strip('"')
    m = re.match(r"^\W*(\d{5})\s*:", title)
    table_id = _table_id(path, m.group(1) if m else None)
    body = numbered[1:]
    if not body:
        raise DataFileError(path, "no header line after the title")
    header_no, header_line = body[0]
    sep = _separator(header_line)
    n_fields = len(next(csv.reader([header_line], delimiter=sep)))
    data = [(i, ln) for i, ln in body[1:]
            if len(next(csv.reader([ln], delimiter=sep))) == n_fields]
    try:
        frame = pd.read_csv(io.StringIO("\n".join([header_line] + [ln for _, ln in data])),
                            sep=sep, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataFileError(path, f"not a readable CSV: {str(exc).splitlines()[0]}") from None
    roles = {}
    for col in frame.columns:
        role = _CSV_COLS.get(_norm(col))
        if role is not None:
            roles[role] = col
    accounts = table_id in kt.ACCOUNTS_TABLES
    for need in ("region", *(("function",) if accounts else ())):
        if need not in roles:
            raise DataFileError(path, f"no '{need if need == 'region' else 'funksjon'}' "
                                      f"column among {', '.join(map(repr, frame.columns))}",
                                row=header_no)
    dims = {roles[r] for r in ("region", "function", "art", "contents", "year") if r in roles}
    value_cols = ([roles["value"]] if "year" in roles and "value" in roles
                  else [c for c in frame.columns if c not in dims])
    records = []
    for (lineno, _), row in zip(data, frame.to_dict("records"), strict=True):
        if accounts:
            if "art" in roles and not _is_gross_expenditure(row[roles["art"]],
                                                           row[roles["art"]]):
                continue
            figure = function_of(row[roles["function"]], row[roles["function"]])
        for col in value_cols:
            contents, year_text = contents_and_year(path, row, roles, col, header_no,
                                                    default="")
            if not accounts:
                figure = indicator_of(contents, contents)
            if figure is None:
                continue
            where = f"row {lineno}, column '{col}'"
            year = _year(path, year_text, where)
            value, status = parse_count(row[col], path, where)
            raw_region = str(row[roles["region"]]).strip()
            rm = re.match(r"^((?:[KF]-)?\d{4}|EAK\w*)(?:\s+(.*))?$", raw_region)
            code = _region_code(rm.group(1)) if rm else raw_region
            name = (rm.group(2) or rm.group(1)) if rm else raw_region
            records.append((code, name, figure, year, value, status, where))
    return _table(path, table_id, "statbank-csv", records)
