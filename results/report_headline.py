"""The numbers of the report's first page: what a council member reads in a minute.

Per scenario against the base (the first scenario): the change in cost (every trinn) and
in care FTE (pleie og omsorg, trinn 6, 7, 9, 10, 11; the whole staircase 4-12 beside it)
in 2030 and 2040, and the payback of the measure (``results.payback``). The base itself:
its care FTE in the first year beside the 855 FTE of 2023, and its dementia cases beside
the 684 of the seeds.

Every figure is a row of the run's comparison (`results.comparison`): a change is the mean
of the paired per-replication differences, the payback years are those of the mean path,
the present value is at the run's rate (another rate, chosen for the report, discounts the
same mean path).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from results.comparison import Comparison
from results.payback import DISCOUNT_RATE, Payback, initial_extra_cost, present_value
from results.report_facts import Sources
from results.report_tables import ReportTables
from results.summary import TRINN_ALL, TRINN_CARE, TRINN_STAIRCASE

#: The years the first page shows (those in the run; else the run's last year).
HEADLINE_YEARS: tuple[int, ...] = (2030, 2040)
#: Parameters (parameters.toml) the base is set against.
CARE_FTE_PARAMETER, DEMENTIA_PARAMETER = "care_fte_2023", "dementia_prevalence_2024"


@dataclass(frozen=True)
class ScenarioHeadline:
    """One scenario against the base: changes per headline year (NOK; FTE) and payback."""

    scenario: str
    d_cost: dict[int, float]
    d_fte_care: dict[int, float]
    d_fte_staircase: dict[int, float]
    payback: Payback


@dataclass(frozen=True)
class BaseHeadline:
    """The base scenario's own level beside the seeds' figures."""

    scenario: str
    first_year: int
    last_year: int
    care_fte_first: float
    care_fte_last: float
    staircase_fte_first: float
    cost_first: float
    cost_last: float
    care_fte_source: float | None     # 855 FTE in 2023 (seed 000)
    care_fte_documents: tuple[str, ...]  # the seed files the figure is from ("000",)
    dementia_source: float | None     # 684 persons in 2024 (seeds)
    dementia_model: float | None      # the model's cases on 31 December of the first year


@dataclass(frozen=True)
class Headline:
    """Everything the first page shows."""

    years: tuple[int, ...]
    base: BaseHeadline
    scenarios: tuple[ScenarioHeadline, ...]
    rate: float


def headline_years(years: Sequence[int], wanted: Sequence[int] = HEADLINE_YEARS
                   ) -> tuple[int, ...]:
    """Return the ``wanted`` years in the run, and the run's last year where the horizon goes
    beyond them (a run to 2050 shows 2030, 2040 and 2050); the last year alone if none is."""
    chosen = tuple(y for y in wanted if y in years)
    if not chosen or years[-1] > max(chosen):
        chosen = (*chosen, years[-1])
    return chosen


def _mean(tables: ReportTables, scenario: str, metric: str, trinn: int, year: int) -> float:
    return float(tables.level(scenario, metric, trinn=trinn).loc[year, "mean"])


def _delta(c: Comparison, scenario: str, metric: str, trinn: int, years: Sequence[int]
           ) -> dict[int, float]:
    rows = c.series(scenario, metric, trinn)["mean"]
    return {y: float(rows.loc[y]) for y in years}


def _payback(c: Comparison, scenario: str, rate: float) -> Payback:
    """The payback figures of a scenario's mean path, as the comparison holds them."""
    years = list(c.years)
    path = _delta(c, scenario, "d_cost_nok", TRINN_ALL, years)
    diffs = [path[y] for y in years]

    def year(metric: str) -> int | None:
        row = c.stat(scenario, metric)
        value = None if row is None else float(row["mean"])
        return None if value is None or value != value else int(value)

    pv = c.stat(scenario, "pv_d_cost_nok")
    cum = c.stat(scenario, "d_cost_cum_nok")
    return Payback(first_year=years[0], last_year=years[-1],
                   initial_extra_cost=initial_extra_cost(diffs),
                   first_saving_year=year("first_saving_year_of_mean"),
                   payback_year=year("payback_year_of_mean"),
                   cumulative=float(cum["mean"]) if cum else float("nan"),
                   present_value=(float(pv["mean"]) if pv and rate == c.rate
                                  else present_value(years, diffs, rate)),
                   rate=rate)


def _parameter(sources: Sources, name: str) -> float | None:
    return next((float(p.value) for p in sources.parameters if p.name == name), None)


def _documents(sources: Sources, name: str) -> tuple[str, ...]:
    source = next((p.source for p in sources.parameters if p.name == name), "")
    return tuple(re.findall(r"seed (\d{3})", source))


def build_headline(tables: ReportTables, sources: Sources,
                   rate: float = DISCOUNT_RATE) -> Headline:
    """Return the first page's numbers (see the module docstring)."""
    years = headline_years(tables.years)
    base, y0, y1 = tables.baseline, tables.years[0], tables.years[-1]
    rows = []
    c = tables.comparison
    if c is None:
        raise ValueError("the report's tables hold no comparison")
    for s in tables.scenarios[1:]:
        rows.append(ScenarioHeadline(
            scenario=s, d_cost=_delta(c, s, "d_cost_nok", TRINN_ALL, years),
            d_fte_care=_delta(c, s, "d_fte", TRINN_CARE, years),
            d_fte_staircase=_delta(c, s, "d_fte", TRINN_STAIRCASE, years),
            payback=_payback(c, s, rate)))
    dementia = tables.dementia_persons.get((base, y0))
    return Headline(
        years=years,
        base=BaseHeadline(
            scenario=base, first_year=y0, last_year=y1,
            care_fte_first=_mean(tables, base, "fte", TRINN_CARE, y0),
            care_fte_last=_mean(tables, base, "fte", TRINN_CARE, y1),
            staircase_fte_first=_mean(tables, base, "fte", TRINN_STAIRCASE, y0),
            cost_first=_mean(tables, base, "cost_nok", TRINN_ALL, y0),
            cost_last=_mean(tables, base, "cost_nok", TRINN_ALL, y1),
            care_fte_source=_parameter(sources, CARE_FTE_PARAMETER),
            care_fte_documents=_documents(sources, CARE_FTE_PARAMETER),
            dementia_source=_parameter(sources, DEMENTIA_PARAMETER),
            dementia_model=dementia),
        scenarios=tuple(rows), rate=rate)
