"""Payback of a strategy: first saving year, cumulative balance, present value.

Small pure functions on a yearly series of Δ cost (strategy minus reference, NOK or mill NOK;
negative = a saving). Kept in the app until the report branch's ``results/payback.py``
lands; then `views` can import those instead (same meaning, see the tests).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: The Ministry of Finance's real discount rate for public measures (rundskriv R-109/2021).
DISCOUNT_RATE = 0.04


def savings(delta_cost: Sequence[float]) -> np.ndarray:
    """Return the saving per year: minus the change in cost."""
    return -np.asarray(delta_cost, dtype=float)


def first_saving_year(years: Sequence[int], delta_cost: Sequence[float]) -> int | None:
    """Return the first year the strategy costs less than the reference, or None."""
    for year, d in zip(years, delta_cost, strict=True):
        if d < 0:
            return int(year)
    return None


def cumulative(delta_cost: Sequence[float]) -> np.ndarray:
    """Return the cumulative saving to the end of each year."""
    return np.cumsum(savings(delta_cost))


def balance_turns(years: Sequence[int], delta_cost: Sequence[float]) -> int | None:
    """Return the first year the cumulative saving is positive, or None."""
    for year, c in zip(years, cumulative(delta_cost), strict=True):
        if c > 0:
            return int(year)
    return None


def present_value(years: Sequence[int], delta_cost: Sequence[float],
                  rate: float = DISCOUNT_RATE, base_year: int | None = None) -> float:
    """Return the present value of the savings, each year's discounted to ``base_year``.

    ``PV = sum_t saving_t / (1 + rate) ** (t - base_year)``, ``base_year`` the first year by
    default (its saving is not discounted).
    """
    ys = np.asarray(years, dtype=float)
    base = ys[0] if base_year is None else float(base_year)
    return float(np.sum(savings(delta_cost) / (1.0 + rate) ** (ys - base)))
