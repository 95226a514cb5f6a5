"""Payback arithmetic against a hand calculation."""

from __future__ import annotations

import pytest

from runners.app import payback

YEARS = [2024, 2025, 2026, 2027]
# Δ cost (mill NOK): an investment year, then savings
DELTA = [10.0, -4.0, -6.0, -8.0]


def test_first_saving_year_is_the_first_negative_delta() -> None:
    assert payback.first_saving_year(YEARS, DELTA) == 2025
    assert payback.first_saving_year(YEARS, [1.0, 2.0, 0.0, 3.0]) is None


def test_cumulative_balance_and_the_year_it_turns() -> None:
    # savings -10, 4, 6, 8 -> cumulative -10, -6, 0, 8: zero is not yet positive
    assert list(payback.cumulative(DELTA)) == [-10.0, -6.0, 0.0, 8.0]
    assert payback.balance_turns(YEARS, DELTA) == 2027


def test_present_value_at_four_percent_by_hand() -> None:
    # -10 + 4/1.04 + 6/1.04^2 + 8/1.04^3 = -10 + 3.846154 + 5.547337 + 7.111971 = 6.505462
    assert payback.present_value(YEARS, DELTA) == pytest.approx(6.505462, abs=1e-6)
    # discounted to 2023 instead: every term once more / 1.04
    assert payback.present_value(YEARS, DELTA, base_year=2023) == pytest.approx(
        6.505462 / 1.04, abs=1e-6)
