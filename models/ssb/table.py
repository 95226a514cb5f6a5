"""The one typed frame every SSB format parses to, and the checks shared by the readers."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from models.errors import DataFileError

#: The population projection tables: 14288 (2024); a successor is any later table id that
#: carries projection alternatives (SSB gives each round of projections a new table).
PROJECTION_TABLE = "14288"
#: Population on 1 January by single year of age (registered, not projected).
POPULATION_TABLE = "07459"
#: The alternative code given to registered counts (table 07459), which have none.
REGISTERED = "registered"
#: SSB's main projection alternative.
MAIN_ALTERNATIVE = "MMMM"

#: Columns of `SsbTable.frame`, in order.
COLUMNS = ("region", "region_name", "alternative", "age_min", "age_max", "age_text", "year",
           "persons", "status", "where")

#: SSB's symbols for a cell without a number (StatBank's "Forklaring av symboler").
SYMBOLS = {"..": "missing (not available)", ":": "confidential (suppressed)",
           ".": "not applicable", "…": "missing (not available)"}
ZERO = "-"

_ALTERNATIVE = re.compile(r"\(([A-Z0-9]{4})\)")


@dataclass(frozen=True)
class SsbTable:
    """An SSB table as one tidy frame.

    ``frame`` has one row per (region, alternative, age group, year) with columns `COLUMNS`:
    ``persons`` a float (NaN where SSB gives a symbol, named in ``status``), ``age_max`` NA for
    the open-ended oldest group, and ``where`` the row or cell it came from in the file.
    """

    path: Path
    table_id: str
    kind: str            # "projection" or "population"
    fmt: str             # "json-stat", "statbank-csv" or "tidy-csv"
    frame: pd.DataFrame

    @property
    def alternatives(self) -> tuple[str, ...]:
        """The projection alternatives in the file, in file order."""
        return tuple(dict.fromkeys(self.frame["alternative"]))


def table_kind(path: Path, table_id: str | None, alternatives: set[str]) -> str:
    """Return "projection" or "population" for a table id, or raise for another table."""
    if table_id is None:
        raise DataFileError(path, "cannot tell which SSB table this is (no table id in the "
                                  "title, the 'extension.px.tableid' or a 'Tabell' column)")
    if table_id == POPULATION_TABLE:
        return "population"
    is_alt = bool(alternatives - {REGISTERED})
    if table_id == PROJECTION_TABLE or (table_id.isdigit() and int(table_id) > 14288 and is_alt):
        return "projection"
    raise DataFileError(path, f"a file of SSB table {table_id}: expected the population "
                              f"projection {PROJECTION_TABLE} (or a successor) or the "
                              f"population table {POPULATION_TABLE}")


def alternative_of(label: str, code: str = "") -> str:
    """The projection alternative of a ContentsCode: "Hovedalternativet (MMMM)" -> "MMMM"."""
    m = _ALTERNATIVE.search(label) or _ALTERNATIVE.search(f"({code})")
    return m.group(1) if m else REGISTERED


def parse_count(raw: object, path: Path, where: str) -> tuple[float, str]:
    """Parse one cell: a count (decimal comma allowed) or an SSB symbol -> (value, status).

    Raises
    ------
    DataFileError
        For a negative or non-numeric count (naming the row or cell).
    """
    if raw is None or (isinstance(raw, float) and pd.isna(raw)):
        return float("nan"), ".."
    if isinstance(raw, bool | dict | list):
        raise DataFileError(path, f"{where}: not a number or an SSB symbol: "
                                  f"{_shown(raw)}")
    if isinstance(raw, int | float):
        value = float(raw)
    else:
        text = str(raw).strip().strip('"')
        if text in SYMBOLS:
            return float("nan"), text
        if text == ZERO:
            return 0.0, ZERO
        # thousands separators (space, no-break space) and the decimal comma of StatBank
        cleaned = re.sub(r"[\s\u00a0\u202f]", "", text).replace(",", ".")
        try:
            value = float(cleaned)
        except ValueError:
            raise DataFileError(path, f"{where}: not a number or an SSB symbol: {text!r}"
                                ) from None
    if not math.isfinite(value):
        raise DataFileError(path, f"{where}: not a finite number: {_shown(raw)}")
    if value < 0:
        raise DataFileError(path, f"{where}: negative count {value:g}")
    return value, ""


def _shown(raw: object) -> str:
    """A cell's value for an error line, cut short (a cell may hold a whole nested object)."""
    text = repr(raw)
    return text if len(text) <= 60 else text[:57] + "..."


def make_frame(records: list[tuple], path: Path) -> pd.DataFrame:
    """Build the tidy frame from records (`models.ssb.validate.RECORD` order) through the one
    validation layer of every SSB file (duplicates, sums, plausible counts)."""
    from models.ssb.validate import validated_frame

    return validated_frame(path, records)
