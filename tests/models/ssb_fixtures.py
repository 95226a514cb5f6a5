"""SSB files in the published formats, built from the shipped table 14288 rows.

The rows are read here with plain pandas (not trappa's reader), so the formats are written
from the source data independently of the code under test:
- JSON-stat 2.0 as SSB's API returns it (PxWebApi v1 ``format=json-stat2``): ``id``, ``size``,
  ``dimension`` with ``category.index``/``label``, ``value`` flat in row-major order (the last
  dimension varies fastest), ``status`` by cell index, ``extension.px.tableid``;
- the StatBank web download "CSV (semicolon-separated) with heading": a quoted title line,
  a blank line, a header of dimensions and "<statistikkvariabel> <year>" columns, rows with
  "<code> <name>" regions, then footnotes.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "models" / "ssb" / "data" / "telemark-14288-2024.csv"
#: Region numbers of the shipped file's regions (its README; SSB's code 0 for the country).
CODES = {"Hele landet": "0", "Telemark": "40", "Porsgrunn": "4001", "Skien": "4003",
         "Siljan": "4010", "Tinn": "4026",
         # Færder's number in the seeds' SSB table (before the 2024 county split)
         "Færder": "3811"}
TITLE = ("14288: Framskrevet folkemengde 1. januar, etter region, kjønn, alder, "
         "statistikkvariabel og år")


def shipped_rows(regions: tuple[str, ...], years: tuple[int, ...]) -> pd.DataFrame:
    """The shipped file's rows for some regions and years (plain pandas)."""
    raw = pd.read_csv(SHIPPED, dtype={"value": "int64"})
    return raw[raw["region"].isin(regions) & raw["år"].isin(years)].reset_index(drop=True)


def _categories(values: list[str], codes: dict[str, str] | None = None) -> dict:
    codes = codes or {v: v for v in values}
    return {"index": {codes[v]: i for i, v in enumerate(values)},
            "label": {codes[v]: v for v in values}}


def _age_code(label: str) -> str:
    nums = [int(x) for x in label.replace(" år eller eldre", "+").replace(" år", "")
            .replace("+", "").split("-")]
    return "-".join(f"{n:03d}" for n in nums) + ("+" if "eldre" in label else "")


def to_jsonstat(rows: pd.DataFrame, *, split_sex: bool = True, table_id: str = "14288",
                cells: dict[tuple[str, str, str, int], object] | None = None) -> dict:
    """A JSON-stat 2.0 dataset of the rows; ``split_sex`` splits each count into men and
    women (men = floor(n/2)), so that the reader must sum them. ``cells`` replaces values
    (key: region, age label, contents label, year) with a number or an SSB symbol."""
    regions = list(dict.fromkeys(rows["region"]))
    ages = list(dict.fromkeys(rows["alder"]))
    contents = list(dict.fromkeys(rows["statistikkvariabel"]))
    years = [str(y) for y in dict.fromkeys(rows["år"])]
    sexes = ["Menn", "Kvinner"] if split_sex else []
    value_of = {(r, a, c, str(y)): v for r, a, c, y, v in zip(
        rows["region"], rows["alder"], rows["statistikkvariabel"], rows["år"], rows["value"],
        strict=True)}
    ids = ["Region", *(["Kjonn"] if split_sex else []), "Alder", "ContentsCode", "Tid"]
    dims = {"Region": {"label": "region", "category": _categories(regions, CODES)},
            "Alder": {"label": "alder", "category": _categories(ages, {a: _age_code(a)
                                                                       for a in ages})},
            "ContentsCode": {"label": "statistikkvariabel", "category": _categories(
                contents, {c: f"Personer{i + 1}" for i, c in enumerate(contents)})},
            "Tid": {"label": "år", "category": _categories(years)}}
    if split_sex:
        dims["Kjonn"] = {"label": "kjønn", "category": _categories(sexes, {"Menn": "1",
                                                                           "Kvinner": "2"})}
    values: list[object] = []
    status: dict[str, str] = {}
    levels = [regions, *([sexes] if split_sex else []), ages, contents, years]
    for combo in itertools.product(*levels):
        r, a, c, y = (combo[0], combo[-3], combo[-2], combo[-1])
        n = value_of[(r, a, c, y)]
        override = (cells or {}).get((r, a, c, int(y)))
        if isinstance(override, str):
            status[str(len(values))] = override
            values.append(0 if override == "-" else None)
            continue
        if override is not None:
            n = override  # type: ignore[assignment]
        if split_sex:
            men = n // 2
            n = men if combo[1] == "Menn" else n - men
        values.append(n)
    doc = {"version": "2.0", "class": "dataset",
           "label": f"{table_id}: Framskrevet folkemengde 1. januar, etter region, alder, "
                    "statistikkvariabel og år",
           "source": "Statistisk sentralbyrå", "updated": "2024-06-11T06:00:00Z",
           "id": ids, "size": [len(x) for x in levels],
           "dimension": dims, "value": values,
           "role": {"time": ["Tid"], "geo": ["Region"], "metric": ["ContentsCode"]},
           "extension": {"px": {"tableid": table_id, "decimals": 0, "language": "no"}}}
    if status:
        doc["status"] = status
    return doc


def to_statbank_csv(rows: pd.DataFrame, *, cells: dict[tuple[str, str, str, int], str]
                    | None = None, decimals: bool = False, title: str = TITLE) -> str:
    """The StatBank download (wide: one column per statistikkvariabel and year)."""
    cols = list(dict.fromkeys(zip(rows["statistikkvariabel"], rows["år"], strict=True)))
    head = ['"region"', '"alder"'] + [f'"{c} {y}"' for c, y in cols]
    lines = [f'"{title}"', "", ";".join(head)]
    wide = rows.pivot_table(index=["region", "alder"], columns=["statistikkvariabel", "år"],
                            values="value", sort=False)
    for (region, age), series in wide.iterrows():
        out = [f'"{CODES[region]} {region}"', f'"{age}"']
        for c, y in cols:
            override = (cells or {}).get((region, age, c, y))
            n = int(series[(c, y)])
            out.append(override if override is not None
                       else (f"{n},0" if decimals else str(n)))
        lines.append(";".join(out))
    lines += ["", '"Kilde: Statistisk sentralbyrå"', '"Tabell 14288"']
    return "\r\n".join(lines) + "\r\n"


def write_json(path: Path, doc: dict) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path
