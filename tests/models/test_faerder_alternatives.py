"""Færder's shipped LLML and HHMH files are what `models.ssb.envelope` derives from SSB's rows.

The seeds give Færder's main alternative (MMMM) only; `population-LLML.csv` and
`population-HHMH.csv` are approximations (docs/municipalities.md, "Færder's projection
alternatives"). These tests keep the data files and the code that wrote them in step, and check
the derivation by hand on SSB's own numbers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from models.demography import load_projection
from models.ssb.envelope import approximate_csv, national_ratio
from models.ssb.readers import read_ssb_file

ROOT = Path(__file__).resolve().parents[2]
SSB_FILE = "models/ssb/data/telemark-14288-2024.csv"
FAERDER = ROOT / "models" / "data" / "faerder"


@pytest.mark.parametrize("alternative", ["LLML", "HHMH"])
def test_the_shipped_file_is_the_derivation_of_ssbs_rows(alternative: str) -> None:
    table = read_ssb_file(ROOT / SSB_FILE)
    projection = load_projection(FAERDER / "population.csv")
    text = approximate_csv(table, projection, alternative, "Færder", SSB_FILE)
    assert (FAERDER / f"population-{alternative}.csv").read_text(encoding="utf-8") == text


def test_national_ratio_by_hand() -> None:
    """SSB table 14288, 'Hele landet', 2040: 80-89 år LLML 345,687 / MMMM 368,039 and 90 år
    eller eldre 80,523 / 96,270 (rows of the shipped file); Færder's MMMM 2040 is 2,407 and 541
    (population.csv, seeds), so LLML is round(2,407 x 0.939267) = 2,261 and round(541 x
    0.836429) = 453."""
    table = read_ssb_file(ROOT / SSB_FILE)
    assert national_ratio(table, "LLML", 2040, 80, 89) == pytest.approx(345_687 / 368_039,
                                                                        rel=1e-12)
    assert national_ratio(table, "LLML", 2040, 90, 105) == pytest.approx(80_523 / 96_270,
                                                                         rel=1e-12)
    rows = (FAERDER / "population-LLML.csv").read_text(encoding="utf-8").splitlines()
    assert any(r.startswith("80-89,80,89,2040,2261,") for r in rows)
    assert any(r.startswith("90+,90,105,2040,453,") for r in rows)
