"""Payback arithmetic of a measure: its yearly cost difference against the base, in pure functions.

Input everywhere is one scenario's difference from the base per year (NOK, fixed prices;
positive = the measure costs more that year, negative = it saves), years consecutive and
ascending. The report and the app show:

* the extra cost of the first years: the sum of the positive differences before the
  first year with a saving (the investment phase; a year with no difference, such as a
  start year before the measure begins, adds nothing; zero when the measure saves from
  its first year);
* the first year with a saving (a negative difference);
* the payback year: the first year from which the cumulative balance (the running sum
  of the differences from the first year) is a net saving and stays one to the horizon;
* the cumulative balance to the horizon, and its present value at the real discount rate
  of the Ministry of Finance, discounted to the first year.

The report's first page applies this arithmetic to the mean difference per year: a payback
year is a property of a whole path, so the years of the mean path are reported, not a mean
of years. ``results.comparison`` applies the same definitions to each replication's own
paired difference (common random numbers, in SQL) and summarises the figures over
replications, for comparison.parquet, ``summary.parquet`` and the terminal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

#: Real discount rate for public measures, years 0-40 (the horizon here is shorter).
DISCOUNT_RATE = 0.04
#: Where the rate comes from, shown beside the present value in the report.
DISCOUNT_RATE_SOURCE = ("Ministry of Finance (Finansdepartementet), circular R-109/2021 "
                        "'Prinsipper og krav ved utarbeidelse av samfunnsøkonomiske analyser': "
                        "real discount rate 4 % for the first 40 years")
#: The highest rate ``--discount-rate`` accepts (a fraction; the command line takes per cent).
MAX_DISCOUNT_RATE = 0.20
#: run.json's ``discount_rate_source``: the default above, or a rate given on the command line.
RATE_SOURCE_DEFAULT = "default (R-109/2021)"
RATE_SOURCE_CLI = "command line"


@dataclass(frozen=True)
class Payback:
    """The payback figures of one yearly difference series (NOK; years as calendar years)."""

    first_year: int
    last_year: int
    initial_extra_cost: float
    first_saving_year: int | None
    payback_year: int | None
    cumulative: float
    present_value: float
    rate: float


def _check(years: Sequence[int], diffs: Sequence[float]) -> None:
    if len(years) != len(diffs) or not years:
        raise ValueError(f"need one difference per year ({len(years)} years, "
                         f"{len(diffs)} differences)")
    if any(b != a + 1 for a, b in pairwise(years)):
        raise ValueError(f"years must be consecutive and ascending, got {list(years)}")


def initial_extra_cost(diffs: Sequence[float]) -> float:
    """Return the sum of the positive differences before the first negative one."""
    total = 0.0
    for d in diffs:
        if d < 0:
            break
        total += d
    return total


def first_saving_year(years: Sequence[int], diffs: Sequence[float]) -> int | None:
    """Return the first year with a negative difference (a saving), or None."""
    _check(years, diffs)
    return next((y for y, d in zip(years, diffs, strict=True) if d < 0), None)


def cumulative(diffs: Sequence[float]) -> list[float]:
    """Return the running sum of the differences (the cumulative balance per year)."""
    out, total = [], 0.0
    for d in diffs:
        total += d
        out.append(total)
    return out


def payback_year(years: Sequence[int], diffs: Sequence[float]) -> int | None:
    """Return the first year from which the cumulative balance stays a net saving (< 0).

    None if the balance is not a saving in the last year. A measure that saves from its
    first year has paid back in that year.
    """
    _check(years, diffs)
    balance = cumulative(diffs)
    if balance[-1] >= 0:
        return None
    year = years[-1]
    for y, b in zip(reversed(years), reversed(balance), strict=True):
        if b >= 0:
            break
        year = y
    return year


def present_value(years: Sequence[int], diffs: Sequence[float],
                  rate: float = DISCOUNT_RATE) -> float:
    """Return the sum of ``diffs[t] / (1 + rate) ** (year_t - first year)``."""
    _check(years, diffs)
    if rate <= -1:
        raise ValueError(f"discount rate must be above -100 %, got {rate}")
    return sum(d / (1 + rate) ** (y - years[0]) for y, d in zip(years, diffs, strict=True))


def payback(diffs_by_year: Mapping[int, float], rate: float = DISCOUNT_RATE) -> Payback:
    """Return every payback figure of a yearly difference series ``{year: NOK}``."""
    years = sorted(diffs_by_year)
    diffs = [float(diffs_by_year[y]) for y in years]
    _check(years, diffs)
    return Payback(first_year=years[0], last_year=years[-1],
                   initial_extra_cost=initial_extra_cost(diffs),
                   first_saving_year=first_saving_year(years, diffs),
                   payback_year=payback_year(years, diffs),
                   cumulative=cumulative(diffs)[-1],
                   present_value=present_value(years, diffs, rate), rate=rate)


# --- Per replication: the metrics of results.comparison ---------------------------------

#: Summary metrics per year of a scenario's paired difference from the reference (strategy
#: minus reference in the same replication: common random numbers): Δ cost (NOK), the
#: cumulative Δ cost from the first year (NOK), Δ FTE.
YEAR_METRICS: tuple[str, ...] = ("d_cost_nok", "d_cost_cum_nok", "d_fte")
#: Summary metrics of the whole horizon (in the row of the last year, trinn 0): the first
#: saving year and the payback year of each replication (NaN in a replication where it never
#: comes within the horizon, so their statistics are over the replications where it does and
#: their ``n`` counts them), the present value of Δ cost at the run's rate (run.json
#: ``discount_rate``, default ``DISCOUNT_RATE``) discounted to the first year: the first
#: year's difference is not discounted, year t's is divided by (1 + rate) ** (t - first
#: year) (NOK); and the shares of replications that save in some year (``saves``)
#: and that pay back within the horizon (``pays_back``), as the mean of a 0/1 indicator.
HORIZON_METRICS: tuple[str, ...] = ("first_saving_year", "payback_year", "pv_d_cost_nok",
                                    "saves", "pays_back")
PAYBACK_METRICS: tuple[str, ...] = (*YEAR_METRICS, *HORIZON_METRICS)
