"""Why FTE and cost move differently: Δ cost and Δ staff hours by trinn, from the comparison.

A strategy that moves people from a nursing home to day activity removes a service that
takes many staff hours per krone and adds one that costs money in other ways (rent,
transport, equipment, investment) but few staff hours. So its care FTE can fall by a larger
share than its cost. This table shows it: for each strategy and trinn the paired Δ cost and
Δ staff hours of one year (the run's last), and, over the trinn whose cost rises (what the
strategy adds) and those whose cost falls (what it removes), the staff hours per million
kroner.

Every figure is a row of the run's `results.comparison.Comparison` (``d_cost_nok`` and
``d_staff_hours`` at ``trinn = 1..12, group = "all"``); the trinn rows add up to the
comparison's Δ of every trinn (``trinn = 0``), since a mean of sums is the sum of means.
"""

from __future__ import annotations

from dataclasses import dataclass

from results.comparison import Comparison
from results.summary import GROUP_ALL, TRINN_ALL

MNOK = 1e6
TRINN = tuple(range(1, 13))


@dataclass(frozen=True)
class TrinnDelta:
    """One trinn's mean paired Δ of a strategy in one year (NOK, hours)."""

    trinn: int
    d_cost: float
    d_hours: float


@dataclass(frozen=True)
class WhyRows:
    """A strategy's Δ by trinn in ``year``, the totals over every trinn, and the staff
    hours per million kroner of what it adds (Δ cost > 0) and removes (Δ cost < 0)."""

    scenario: str
    year: int
    trinn: tuple[TrinnDelta, ...]
    d_cost: float           # every trinn (the comparison's trinn-0 row)
    d_hours: float
    hours_per_mnok_added: float | None
    hours_per_mnok_removed: float | None
    added: tuple[float, float] = (0.0, 0.0)     # (Δ cost, Δ hours) of the trinn whose cost rises
    removed: tuple[float, float] = (0.0, 0.0)   # ... and of those whose cost falls


def _mean(c: Comparison, scenario: str, metric: str, year: int, trinn: int) -> float:
    row = c.stat(scenario, metric, year, trinn, GROUP_ALL)
    return 0.0 if row is None else float(row["mean"])


def _sums(rows: list[TrinnDelta]) -> tuple[float, float]:
    return sum(r.d_cost for r in rows), sum(r.d_hours for r in rows)


def _per_mnok(rows: list[TrinnDelta]) -> float | None:
    cost = sum(r.d_cost for r in rows)
    return None if not rows or cost == 0 else sum(r.d_hours for r in rows) / (cost / MNOK)


def why_rows(c: Comparison, scenario: str, year: int | None = None) -> WhyRows:
    """Return ``scenario``'s Δ cost and Δ staff hours by trinn in ``year`` (default: last)."""
    year = c.years[-1] if year is None else year
    rows = [TrinnDelta(t, _mean(c, scenario, "d_cost_nok", year, t),
                       _mean(c, scenario, "d_staff_hours", year, t)) for t in TRINN]
    # a trinn the strategy leaves as it is (Δ exactly 0 in both) says nothing: left out
    rows = [r for r in rows if r.d_cost != 0.0 or r.d_hours != 0.0]
    return WhyRows(scenario=scenario, year=year, trinn=tuple(rows),
                   d_cost=_mean(c, scenario, "d_cost_nok", year, TRINN_ALL),
                   d_hours=_mean(c, scenario, "d_staff_hours", year, TRINN_ALL),
                   hours_per_mnok_added=_per_mnok([r for r in rows if r.d_cost > 0]),
                   hours_per_mnok_removed=_per_mnok([r for r in rows if r.d_cost < 0]),
                   added=_sums([r for r in rows if r.d_cost > 0]),
                   removed=_sums([r for r in rows if r.d_cost < 0]))


__all__ = ["TrinnDelta", "WhyRows", "why_rows"]
