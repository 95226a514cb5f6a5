"""The staff supply's drawn parameters (runners/staff_supply.py, issue 31)."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.errors import DataFileError
from models.staff_supply import load_supply
from runners.staff_supply import supply_record

SEED = 20250212


def test_draws_are_in_range_keyed_and_independent_of_the_count() -> None:
    data = load_supply()
    few = supply_record(None, 5, SEED, drawn=True)
    many = supply_record(None, 50, SEED, drawn=True)
    drawn = {n for n, s in data.scalars.items() if s.drawn}
    assert set(few["drawn"]) == drawn
    for name, values in many["drawn"].items():
        s = data.scalars[name]
        assert all(s.lower <= v <= s.upper for v in values), name
        assert len(set(values)) == len(values), name      # not one value repeated
        assert values[:5] == few["drawn"][name]            # draw r depends on r alone
    other = supply_record(None, 5, SEED + 1, drawn=True)
    assert other["drawn"]["other_leavers_rate"] != few["drawn"]["other_leavers_rate"]
    # the mode of a triangular distribution: the values centre on the point value
    mean = sum(many["drawn"]["hires_scale"]) / 50
    assert mean == pytest.approx((0.85 + 1.0 + 1.15) / 3, abs=0.05)


def test_fixed_parameters_draw_nothing() -> None:
    record = supply_record(None, 5, SEED, drawn=False)
    assert record["drawn"] == {}
    assert record["gap_threshold"] == 0.05


def test_a_bad_municipal_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "staff_supply.toml").write_text("[other_leavers_rate]\nvalue = 1.5\n",
                                                encoding="utf-8")
    with pytest.raises(DataFileError, match="other_leavers_rate"):
        load_supply(tmp_path)
