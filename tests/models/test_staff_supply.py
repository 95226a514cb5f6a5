"""The staff supply model (models/staff_supply.py, issue 31): hand calculations."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from models.errors import DataFileError
from models.staff_supply import (
    MIN_AGE,
    SupplyParameters,
    first_year_over,
    hires_to_close,
    lever_paths,
    load_supply,
    no_levers,
    parameters,
    project,
    retirement_by_age,
)

AGE_LIMIT = 72


def _two_cohorts(q: float = 0.1, rate: float = 0.2) -> SupplyParameters:
    """Half the staff aged 60, half 64; retirement ``rate`` from 62; no hires."""
    ages = np.arange(MIN_AGE, AGE_LIMIT)
    stock = np.zeros(len(ages))
    stock[ages == 60] = 0.5
    stock[ages == 64] = 0.5
    hire = np.zeros(len(ages))
    hire[ages == 25] = 1.0
    return SupplyParameters(ages=ages, stock_shares=stock,
                            retirement=retirement_by_age(ages, [62], [rate]),
                            hire_shares=hire, position_size=0.5, base_absence=0.1,
                            other_leavers_rate=np.array([q]), retirement_scale=np.array([1.0]),
                            hires_scale=np.array([1.0]), hires_rate=0.0)


def test_no_hires_leaves_the_hand_calculated_fte():
    # 100 årsverk at position size 0.5 = 200 persons: 100 aged 60, 100 aged 64.
    # Each year 10 % leave for other reasons; from 62, 20 % of the rest retire first.
    # year 1: 60 -> 61: 100 x 0.9 = 90;  64 -> 65: 100 x 0.8 x 0.9 = 72      -> 162 persons
    # year 2: 61 -> 62: 90 x 0.9 = 81;   65 -> 66: 72 x 0.72 = 51.84          -> 132.84
    # year 3: 62 -> 63: 81 x 0.72 = 58.32; 66 -> 67: 51.84 x 0.72 = 37.3248  -> 95.6448
    pr = project(100.0, 4, _two_cohorts())
    persons = [200.0, 162.0, 132.84, 95.6448]
    np.testing.assert_allclose(pr.persons[0], persons, rtol=1e-12)
    np.testing.assert_allclose(pr.fte[0], [p * 0.5 for p in persons], rtol=1e-12)
    assert pr.fte[0, 0] == 100.0  # the base year's supply is the base year's need
    np.testing.assert_allclose(pr.hires[0], 0.0)
    np.testing.assert_allclose(pr.exits[0, :3], [38.0, 29.16, 37.1952], rtol=1e-12)


def test_everyone_leaves_at_the_age_limit():
    p = _two_cohorts(q=0.0, rate=0.0)
    pr = project(100.0, 10, p)
    # the 64-year-olds reach 71 in year 7 and are gone in year 8; the 60-year-olds stay
    assert pr.persons[0, 7] == 200.0
    assert pr.persons[0, 8] == 100.0


def test_hires_equal_to_exits_keep_supply_constant():
    data = load_supply()
    p = dataclasses.replace(parameters(data, 0.67), hires_follow_exits=True)
    pr = project(855.0, 17, p)
    np.testing.assert_allclose(pr.fte[0], 855.0, rtol=1e-12)
    assert (pr.exits[0] > 0).all()


def test_full_time_culture_raises_fte_by_80_over_67_with_the_same_head_count():
    data = load_supply()
    p = parameters(data, 0.67)
    years = list(range(2024, 2041))
    lever = lever_paths([{"kind": "full_time_culture", "target_position_size": 0.80,
                          "start_year": 2025}], years, 0.67, p.base_absence)
    base = project(855.0, len(years), p)
    more = project(855.0, len(years), p, lever)
    np.testing.assert_allclose(more.persons, base.persons, rtol=1e-12)
    np.testing.assert_allclose(more.fte[0, 1:] / base.fte[0, 1:], 80 / 67, rtol=1e-12)
    assert more.fte[0, 0] == base.fte[0, 0] == 855.0


def test_lower_absence_later_retirement_and_more_hires_raise_supply():
    data = load_supply()
    p = parameters(data, 0.67)
    years = list(range(2024, 2041))
    base = project(855.0, len(years), p).fte[0]
    absence = lever_paths([{"kind": "sickness_absence", "reduction": 0.02,
                            "start_year": 2025}], years, 0.67, p.base_absence)
    # SSB's 9.3 % absence (models/staff_supply.toml) to 7.3 %: each person gives
    # 0.927 / 0.907 of the base year's
    assert p.base_absence == 0.093
    np.testing.assert_allclose(project(855.0, len(years), p, absence).fte[0, 1:] / base[1:],
                               0.927 / 0.907, rtol=1e-12)
    for iv in ({"kind": "later_retirement", "years": 2, "start_year": 2025},
               {"kind": "more_hires", "persons_per_year": 10, "start_year": 2025}):
        fte = project(855.0, len(years), p, lever_paths([iv], years, 0.67, p.base_absence)).fte[0]
        assert fte[0] == base[0]
        assert (fte[2:] > base[2:]).all(), iv["kind"]


def test_hires_to_close_close_the_gap_exactly():
    data = load_supply()
    p = parameters(data, 0.67)
    n = 17
    pr = project(855.0, n, p)
    need = 855.0 * (1.0 + 0.03 * np.arange(n))  # need rising 3 % of the base a year
    gap = need - pr.fte[0]
    h = hires_to_close(gap[None, :], pr.hire_unit)[0]
    assert h > 0
    closed = project(855.0, n, p, dataclasses.replace(
        no_levers(n, 0.67, p.base_absence), extra_hires=np.full(n, h)))
    left = need - closed.fte[0]
    assert left.max() == pytest.approx(0.0, abs=1e-9)
    assert (left <= 1e-9).all()
    assert hires_to_close(-np.abs(gap)[None, :], pr.hire_unit)[0] == 0.0


def test_first_year_over_the_threshold():
    years = [2024, 2025, 2026, 2027]
    share = np.array([[0.0, 0.04, 0.06, 0.07], [0.0, 0.01, 0.02, 0.03]])
    out = first_year_over(years, share, 0.05)
    assert out[0] == 2026
    assert np.isnan(out[1])


def test_drawn_values_apply_per_replication():
    data = load_supply()
    p = parameters(data, 0.67, {"other_leavers_rate": np.array([0.06, 0.12])}, n=2)
    pr = project(855.0, 10, p)
    assert pr.fte.shape == (2, 10)
    assert pr.exits[0, 0] < pr.exits[1, 0]


def test_a_municipal_file_overrides_the_defaults(tmp_path: Path):
    (tmp_path / "staff_supply.toml").write_text("[base_absence]\nvalue = 0.12\n",
                                                encoding="utf-8")
    data = load_supply(tmp_path)
    assert data.value("base_absence") == 0.12
    assert data.value("other_leavers_rate") == load_supply().value("other_leavers_rate")
    (tmp_path / "staff_supply.toml").write_text("[age_distribution]\nshares = [0.5, 0.6]\n",
                                                encoding="utf-8")
    with pytest.raises(DataFileError, match="age_distribution"):
        load_supply(tmp_path)
    (tmp_path / "staff_supply.toml").write_text("[nonsense]\nvalue = 1\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="nonsense"):
        load_supply(tmp_path)


def test_every_default_says_its_source():
    data = load_supply()
    for name, s in data.scalars.items():
        assert s.unit, name
        assert s.source, name
        if s.drawn:
            assert s.lower is not None
            assert s.upper is not None
            assert s.lower <= s.value <= s.upper, name


def test_a_given_hires_rate_hires_that_share_of_the_base_head_count(tmp_path: Path):
    (tmp_path / "staff_supply.toml").write_text("[hires_rate]\nvalue = 0.1\n", encoding="utf-8")
    p = parameters(load_supply(tmp_path), 0.5)
    pr = project(100.0, 3, p)  # 200 persons in the base year: 20 hires a year
    np.testing.assert_allclose(pr.hires[0], 20.0)


def test_the_lever_scale_multiplies_each_replications_effect():
    data = load_supply()
    p = parameters(data, 0.67, n=3)
    years = list(range(2024, 2030))
    iv = [{"kind": "full_time_culture", "target_position_size": 0.80, "start_year": 2025}]
    scaled = lever_paths(iv, years, 0.67, p.base_absence, np.array([0.5, 1.0, 1.5]))
    # 0.67 + 0.13 x scale: 0.735, 0.80, 0.865 from 2025; the base year unchanged
    np.testing.assert_allclose(scaled.position_size[:, 1], [0.735, 0.80, 0.865])
    np.testing.assert_allclose(scaled.position_size[:, 0], 0.67)
    base = project(855.0, len(years), p)
    more = project(855.0, len(years), p, scaled)
    ratio = np.repeat(np.array([[0.735], [0.80], [0.865]]) / 0.67, len(years) - 1, axis=1)
    np.testing.assert_allclose(more.fte[:, 1:] / base.fte[:, 1:], ratio, rtol=1e-12)
    # a target beyond 1 at a large scale stays a full position
    big = lever_paths([{**iv[0], "target_position_size": 1.0}], years, 0.67, 0.1,
                      np.array([1.5]))
    assert big.position_size.max() == 1.0
