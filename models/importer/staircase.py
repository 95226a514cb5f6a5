"""The staircase template a consultant fills from the municipality's accounts.

Columns: ``trinn`` (1-12), ``recipients`` (persons, 31 Dec; blank for the universal trinn
1-3), ``cost_mnok`` (mill NOK), ``year`` (the accounts' year, 2024), ``price_year``,
``source``. Trinn left out are estimated (see `models.importer.estimates`).
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from models.errors import DataFileError
from models.importer.estimates import StaircaseRow
from models.ladder import TRINN_NUMBERS, TrinnKind
from models.municipality import Municipality

COLUMNS = ("trinn", "recipients", "cost_mnok", "year", "price_year", "source")
BASE_YEAR = 2024
#: A cost per recipient (per inhabitant on trinn 1-3) more than this factor away from
#: Færder's is taken for a unit error (NOK for mill NOK is a factor of a million).
PLAUSIBLE_FACTOR = 10.0
#: Bounds for a trinn Færder has no figure for (trinn 8): NOK per recipient per year.
ABSOLUTE_RANGE = (1_000.0, 10_000_000.0)

TEMPLATE = """\
# trappa staircase template: the municipality's 2024 innsatstrapp from its accounts.
# trinn: 1-12; recipients: persons placed on the trinn on 31 Dec (blank for trinn 1-3, which serve
# everyone); cost_mnok: mill NOK in the accounts' prices; year: the accounts' year (2024);
# price_year: the price level of cost_mnok (2024); source: where the row comes from.
# Rows left out are estimated.
trinn,recipients,cost_mnok,year,price_year,source
"""


def _number(path: Path, lineno: int, field: str, raw: str, *, integer: bool = False
            ) -> float | None:
    text = raw.strip()
    if text == "":
        return None
    try:
        value = float(text.replace(" ", "").replace(",", "."))
    except ValueError:
        raise DataFileError(path, f"not a number: {text!r}", row=lineno, field=field) from None
    if not math.isfinite(value):
        raise DataFileError(path, f"not a finite number: {text!r}", row=lineno, field=field)
    if value < 0:
        raise DataFileError(path, f"negative {field}: {text}", row=lineno, field=field)
    if integer and value != int(value):
        raise DataFileError(path, f"not a whole number: {text!r}", row=lineno, field=field)
    return value


def read_staircase(path: Path, ref: Municipality, population_2024: float
                   ) -> dict[int, StaircaseRow]:
    """Read and check a staircase template; return its rows by trinn.

    Raises
    ------
    DataFileError
        For an unknown trinn, a negative or non-numeric value, a trinn twice, another year,
        or a cost per recipient far outside the range of Norwegian municipalities.
    """
    try:
        frame = pd.read_csv(path, comment="#", dtype=str, keep_default_na=False,
                            skip_blank_lines=True)
    except FileNotFoundError:
        raise DataFileError(path, "file not found") from None
    except IsADirectoryError:
        raise DataFileError(path, "is a folder, not a file") from None
    except OSError as exc:
        raise DataFileError(path, f"cannot be read: {exc.strerror or exc}") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise DataFileError(path, f"not a readable CSV: {exc}") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise DataFileError(path, f"missing column(s) {', '.join(map(repr, missing))}")
    header_line = _header_line(path)
    out: dict[int, StaircaseRow] = {}
    for k, row in enumerate(frame.to_dict("records")):
        lineno = header_line + 1 + k
        trinn_text = row["trinn"].strip()
        if not trinn_text.isdigit() or int(trinn_text) not in TRINN_NUMBERS:
            raise DataFileError(path, f"unknown trinn {trinn_text!r} (must be 1..12)",
                                row=lineno, field="trinn")
        trinn = int(trinn_text)
        if trinn in out:
            raise DataFileError(path, f"trinn {trinn} appears twice", row=lineno, field="trinn")
        recipients = _number(path, lineno, "recipients", row["recipients"], integer=True)
        cost = _number(path, lineno, "cost_mnok", row["cost_mnok"])
        year = _number(path, lineno, "year", row["year"], integer=True)
        price_year = _number(path, lineno, "price_year", row["price_year"], integer=True)
        if cost is None:
            raise DataFileError(path, "no cost", row=lineno, field="cost_mnok")
        if year != BASE_YEAR:
            raise DataFileError(path, f"year must be the base year {BASE_YEAR}, got "
                                      f"{row['year']!r}", row=lineno, field="year")
        if price_year != BASE_YEAR:
            # the engine reads trinn.csv in the base year's prices; no index is applied here
            raise DataFileError(path, f"price_year must be {BASE_YEAR} (the accounts' prices "
                                      f"of the base year), got {row['price_year']!r}",
                                row=lineno, field="price_year")
        kind = ref.ladder[trinn].kind
        if kind is TrinnKind.UNIVERSAL and recipients is not None:
            raise DataFileError(path, f"trinn {trinn} serves every inhabitant: leave "
                                      "recipients blank", row=lineno, field="recipients")
        if kind is not TrinnKind.UNIVERSAL and recipients is None:
            raise DataFileError(path, "no recipients", row=lineno, field="recipients")
        _check_plausible(path, lineno, ref, trinn, recipients, cost, population_2024)
        per = None if not recipients else round(cost * 1e6 / recipients, -2)
        source = row["source"].strip() or f"{path.name}, row {lineno}"
        out[trinn] = StaircaseRow(
            trinn, None if recipients is None else int(recipients), cost, per,
            f"{path.name} row {lineno}: {source} (prices of {int(price_year)})", False)
    return out


def _header_line(path: Path) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(),
                             start=1):
        if line.strip() and not line.lstrip().startswith("#"):
            return i
    return 1


def _check_plausible(path: Path, lineno: int, ref: Municipality, trinn: int,
                     recipients: float | None, cost_mnok: float, population: float) -> None:
    t = ref.ladder[trinn]
    ref_per: float | None
    if recipients is None:       # universal: per inhabitant
        per, what = cost_mnok * 1e6 / population, "per inhabitant"
        ref_per = t.cost_2024_mnok * 1e6 / ref.projection.total(2024)
    elif recipients == 0:
        if cost_mnok > 0:
            raise DataFileError(path, f"cost {cost_mnok:g} mill NOK with no recipients",
                                row=lineno, field="cost_mnok")
        return
    else:
        per, what = cost_mnok * 1e6 / recipients, "per recipient"
        ref_per = (t.cost_2024_mnok * 1e6 / t.recipients_2024 if t.recipients_2024 else None)
    lo, hi = ((ref_per / PLAUSIBLE_FACTOR, ref_per * PLAUSIBLE_FACTOR) if ref_per
              else ABSOLUTE_RANGE)
    if per == 0 or lo <= per <= hi:
        return
    hint = " (NOK given as mill NOK?)" if per > hi else " (a unit error?)"
    raise DataFileError(path, f"cost {what} {per:,.0f} NOK on trinn {trinn} is far outside "
                              f"the range of Norwegian municipalities ({lo:,.0f}-{hi:,.0f}: a "
                              f"factor {PLAUSIBLE_FACTOR:g} around Færder's){hint}",
                        row=lineno, field="cost_mnok")
