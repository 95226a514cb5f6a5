"""Payback arithmetic against hand calculation."""

from __future__ import annotations

import pytest

from results.payback import (
    DISCOUNT_RATE,
    cumulative,
    first_saving_year,
    initial_extra_cost,
    payback,
    payback_year,
    present_value,
)

YEARS = [2024, 2025, 2026, 2027, 2028]
# An investment in the first two years, savings after (mill NOK a year against the base).
DIFFS = [10.0, 5.0, -4.0, -8.0, -9.0]


def test_the_invest_then_save_path_by_hand() -> None:
    assert initial_extra_cost(DIFFS) == 15.0  # 10 + 5, the years before the first saving
    assert first_saving_year(YEARS, DIFFS) == 2026
    assert cumulative(DIFFS) == [10.0, 15.0, 11.0, 3.0, -6.0]
    assert payback_year(YEARS, DIFFS) == 2028  # the balance turns to a saving in 2028
    # 10 + 5/1.04 - 4/1.0816 - 8/1.124864 - 9/1.16985856
    # = 10 + 4.807692 - 3.698225 - 7.111978 - 7.693230 = -3.695741
    assert present_value(YEARS, DIFFS) == pytest.approx(-3.695741, abs=1e-6)
    p = payback(dict(zip(YEARS, [d * 1e6 for d in DIFFS], strict=True)))
    assert (p.first_year, p.last_year, p.rate) == (2024, 2028, 0.04)
    assert p.initial_extra_cost == pytest.approx(15e6)
    assert (p.first_saving_year, p.payback_year) == (2026, 2028)
    assert p.cumulative == pytest.approx(-6e6)
    assert p.present_value == pytest.approx(-3.695741e6, rel=1e-6)


def test_a_start_year_without_difference_does_not_hide_the_investment() -> None:
    # phased-in: no change in the start year, an investment for two years, then savings
    p = payback({2024: 0.0, 2025: 4.0, 2026: 1.0, 2027: -2.0, 2028: -6.0})
    assert p.initial_extra_cost == 5.0  # 0 + 4 + 1
    assert (p.first_saving_year, p.payback_year) == (2027, 2028)  # balance 0, 4, 5, 3, -3


def test_the_ministry_rate() -> None:
    assert DISCOUNT_RATE == 0.04  # R-109/2021: 4 % real for the first 40 years


def test_saving_from_the_first_year_pays_back_at_once() -> None:
    p = payback({2024: -2.0, 2025: -3.0})
    assert p.initial_extra_cost == 0.0
    assert (p.first_saving_year, p.payback_year) == (2024, 2024)
    assert p.present_value == pytest.approx(-2 - 3 / 1.04)


def test_payback_is_the_year_from_which_the_balance_stays_a_saving() -> None:
    # balance -1, +2, -3: a saving in 2024 lost in 2025; paid back for good in 2026
    assert payback_year([2024, 2025, 2026], [-1.0, 3.0, -5.0]) == 2026
    assert initial_extra_cost([-1.0, 3.0, -5.0]) == 0.0


def test_a_measure_that_never_pays_back() -> None:
    p = payback({2024: 1.0, 2025: -0.5})  # balance 1, 0.5: still an extra cost
    assert p.payback_year is None
    assert p.first_saving_year == 2025
    assert payback_year([2024, 2025], [1.0, -1.0]) is None  # balance 0 is no saving
    assert first_saving_year([2024, 2025], [1.0, 2.0]) is None


def test_bad_series() -> None:
    with pytest.raises(ValueError, match="consecutive"):
        payback({2024: 1.0, 2026: -1.0})
    with pytest.raises(ValueError, match="one difference per year"):
        payback({})
    with pytest.raises(ValueError, match="above -100"):
        present_value([2024], [1.0], rate=-1.0)
