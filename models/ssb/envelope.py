"""Approximate projection alternatives for a municipality that has only SSB's main one.

Færder's shipped projection (the seeds) is MMMM only. Until a user imports Færder's own table
14288, its LLML and HHMH are approximated by the national ratio of each alternative to MMMM
for the same age group and year ("Hele landet" rows of a table 14288 file) applied to its
MMMM. National groups that do not line up with the municipality's (KOSTRA's 16-19 against
0-17 / 18-49) are spread uniformly over their single ages first.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from models.demography import Projection
from models.errors import DataFileError
from models.ssb.table import MAIN_ALTERNATIVE, SsbTable

COUNTRY = "0"
_TOP = 105


def _single_ages(rows: pd.DataFrame) -> NDArray[np.float64]:
    out = np.zeros(_TOP + 1)
    for lo, hi, n in zip(rows["age_min"], rows["age_max"], rows["persons"], strict=True):
        top = _TOP if pd.isna(hi) else int(hi)
        out[int(lo):top + 1] += float(n) / (top - int(lo) + 1)
    return out


def national_ratio(table: SsbTable, alternative: str, year: int, age_min: int, age_max: int
                   ) -> float:
    """The country's persons under ``alternative`` / under MMMM, for ages and a year."""
    f = table.frame
    nat = f[(f["region"] == COUNTRY) & (f["year"] == year)]
    if nat.empty:
        raise DataFileError(table.path, f"no 'Hele landet' (region 0) rows for {year}")
    alt = _single_ages(nat[nat["alternative"] == alternative])
    main = _single_ages(nat[nat["alternative"] == MAIN_ALTERNATIVE])
    hi = min(age_max, _TOP)
    return float(alt[age_min:hi + 1].sum() / main[age_min:hi + 1].sum())


def approximate(table: SsbTable, projection: Projection, alternative: str
                ) -> dict[tuple[str, int], int]:
    """Persons by (group, year) under ``alternative``: MMMM x the national ratio, rounded."""
    return {(g.label, y): round(projection.persons[(g.label, y)]
                                * national_ratio(table, alternative, y, g.age_min, g.age_max))
            for g in projection.groups for y in projection.years}


def approximate_csv(table: SsbTable, projection: Projection, alternative: str,
                    municipality: str, file_label: str) -> str:
    """The text of ``population-<ALT>.csv`` in the loader's format."""
    values = approximate(table, projection, alternative)
    lines = [
        f"# APPROXIMATION: {municipality}'s population under SSB's projection alternative "
        f"{alternative}, until its own table 14288 is imported.",
        f"# {municipality}'s MMMM (population.csv, seed 000) x the national ratio {alternative}/"
        "MMMM for the same ages and year (SSB table 14288, 'Hele landet',",
        f"# {file_label}; KOSTRA groups spread uniformly over single ages). Unit: persons on "
        "1 January. Cite: Statistisk sentralbyrå, tabell 14288.",
        "age_group,age_min,age_max,year,persons,source",
    ]
    for g in projection.groups:
        for y in projection.years:
            r = national_ratio(table, alternative, y, g.age_min, g.age_max)
            lines.append(f'{g.label},{g.age_min},{g.age_max},{y},{values[(g.label, y)]},'
                         f'"approximation: MMMM {projection.persons[(g.label, y)]} x national '
                         f'{alternative}/MMMM {r:.5f}"')
    return "\n".join(lines) + "\n"
