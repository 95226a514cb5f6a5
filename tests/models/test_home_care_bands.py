"""The home-care band table reproduces seed 001's digital-zone rows it was derived from."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.digital_zone import BANDS, load_zone_case
from models.errors import DataFileError
from models.home_care import load_home_care_bands

ROOT = Path(__file__).resolve().parents[2]
TABLE = ROOT / "models" / "data" / "faerder" / "home_care_bands.csv"


def test_case_2_rows_are_share_times_the_band():
    bands = load_home_care_bands(TABLE)
    case = load_zone_case(ROOT / "models" / "examples" / "digital_zone_case2.toml")
    moved = [row for row in case.bands if row.share_moved > 0]
    assert len(moved) == 4
    for row in moved:
        b = BANDS.index(row.band)
        s = row.share_moved
        assert s * bands.traditional_cost_nok[b] == pytest.approx(row.traditional_cost_nok,
                                                                  abs=1)
        assert s * bands.digital_running_nok[b] == pytest.approx(row.digital_running_nok,
                                                                 abs=1)
        hours = s * bands.weekly_hours[b]
        assert hours * bands.digital_staffing_nok_per_weekly_hour == pytest.approx(
            row.digital_staffing_nok, rel=1e-5)
        assert round(hours) == row.hours_moved_per_week  # the slide prints whole hours


def test_totals_are_the_seeds():
    bands = load_home_care_bands(TABLE)
    # case 2 moves 131.6 h/week, '10 %' of all decision hours
    assert sum(bands.weekly_hours) == 1316
    # the small-decision slide: half of 0-1 h/week = 2.2 mill, a third of 1-2.5 = 2.9 mill
    assert bands.traditional_cost_nok[0] / 2 == pytest.approx(2.2e6, rel=0.03)
    assert bands.traditional_cost_nok[1] / 3 == pytest.approx(2.9e6, rel=0.02)
    assert (bands.digital_ata, bands.traditional_ata) == (0.7, 0.5)


def test_a_bad_row_names_file_row_and_field(tmp_path):
    bad = tmp_path / "home_care_bands.csv"
    text = TABLE.read_text(encoding="utf-8").replace("\n5-10,weekly_hours,",
                                                     "\n5-11,weekly_hours,")
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_home_care_bands(bad)
    assert "band" in str(info.value)
    assert str(bad) in str(info.value)
