"""From episode records to tidy yearly tables: person-years, 31 Dec counts, cost and staff hours.

Costing is a join: person-years per (year, item, group) times each item's lines
(trinn, NOK per year, staff hours per year). Recipients and person-years count a citizen in
the trinn of their placement (the highest trinn of their package; one at a time); cost and
staff hours go to the trinn of each service line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from sim.derive import INVESTMENT_TRINN, UNIVERSAL, EngineInputs
from sim.housing import boligtrapp_columns
from sim.intervention import CostState, Module
from sim.population import Population

TRINN = tuple(range(1, 13))
METRICS = ("recipients", "person_years", "cost_nok", "staff_hours", "fte", "head_count",
           "waiting", "wait_years")


def overlap_by_year(start: NDArray[np.float64], end: NDArray[np.float64], n_years: int
                    ) -> NDArray[np.float64]:
    """Return the time each interval [start, end) spends in each year [k, k + 1)."""
    k = np.arange(n_years, dtype=np.float64)
    return np.clip(np.minimum(end[:, None], k + 1) - np.maximum(start[:, None], k), 0.0, None)


def _overlap_in_year(start: NDArray[np.float64], end: NDArray[np.float64], k: int
                     ) -> NDArray[np.float64]:
    """Return the time each interval [start, end) spends in year [k, k + 1)."""
    return np.clip(np.minimum(end, k + 1.0) - np.maximum(start, float(k)), 0.0, None)


def _sum_by_cell(row: NDArray[np.int64], col: NDArray[np.int64], start: NDArray[np.float64],
                 end: NDArray[np.float64], shape: tuple[int, int, int], at_end: bool = False
                 ) -> NDArray[np.float64]:
    """Sum the records' time in each year (or, with ``at_end``, the records under way on
    31 December) into an array (year, row, col).

    One year at a time with ``np.bincount``: a (records x years) matrix would hold 17
    floats per record, which for a municipality of 700,000 is most of the run's memory.
    """
    n_years, n_rows, n_cols = shape
    cell = row * n_cols + col
    out = np.empty((n_years, n_rows * n_cols))
    for k in range(n_years):
        if at_end:
            weights = ((start < k + 1) & (end >= k + 1)).astype(np.float64)
        else:
            weights = _overlap_in_year(start, end, k)
        out[k] = np.bincount(cell, weights=weights, minlength=n_rows * n_cols)
    return out.reshape(shape)


def universal_costs(inputs: EngineInputs, pop: Population) -> dict[int, NDArray[np.float64]]:
    """Return each universal trinn's cost per year: every rate times the inhabitant-years
    of its ages in the year (ages change on 1 January, so a citizen's age is one per year)."""
    n_years = len(inputs.years)
    out = {t: np.zeros(n_years) for t in inputs.costing.universal_trinn}
    for k in range(n_years):
        ov = _overlap_in_year(pop.arrival, pop.gone, k)
        ages = pop.ages_at(k)
        for r in inputs.costing.universal:
            in_ages = (ages >= r.age_min) & (ages <= r.age_max)
            out[r.trinn][k] += ov[in_ages].sum() * r.nok_per_person_year
    return out


@dataclass(frozen=True)
class CareArrays:
    """The care trinn's yearly figures of one replication, each an array (year, trinn 0-12,
    group): what `yearly_table` lays out as rows (calibration reads them directly)."""

    person_years: NDArray[np.float64]
    recipients: NDArray[np.float64]     # on 31 December
    cost: NDArray[np.float64]           # with the modules' hooks and the one-off costs
    hours: NDArray[np.float64]
    waiting: NDArray[np.float64]        # on 31 December
    wait_years: NDArray[np.float64]


def care_arrays(inputs: EngineInputs, rec: dict[str, NDArray], modules: Sequence[Module] = ()
                ) -> CareArrays:
    """Return the (year, trinn, group) arrays of one replication's records (with the
    intervention modules' cost hooks applied to the join, in their order:
    sim/intervention.py, and the one-off costs in the year they fall)."""
    start, end = rec["start"], rec["end"]
    trinn, group, waited = rec["trinn"], rec["group"], rec["waited_for"]
    shape = (len(inputs.years), 13, len(inputs.groups))
    person_years = _sum_by_cell(trinn, group, start, end, shape)
    recipients = care_recipients(inputs, rec)
    w = waited > 0
    waiting = _sum_by_cell(waited[w], group[w], start[w], end[w], shape, at_end=True)
    wait_years = _sum_by_cell(waited[w], group[w], start[w], end[w], shape)
    cost, hours = care_costs(inputs, rec, modules)
    return CareArrays(person_years, recipients, cost, hours, waiting, wait_years)


def care_recipients(inputs: EngineInputs, rec: dict[str, NDArray]) -> NDArray[np.float64]:
    """Return `CareArrays.recipients` alone (year, trinn 0-12, group): the care trinn's
    recipients on 31 December."""
    shape = (len(inputs.years), 13, len(inputs.groups))
    return _sum_by_cell(rec["trinn"], rec["group"], rec["start"], rec["end"], shape,
                        at_end=True)


def care_costs(inputs: EngineInputs, rec: dict[str, NDArray], modules: Sequence[Module] = ()
               ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Return `CareArrays.cost` and `CareArrays.hours` alone (year, trinn 0-12, group):
    what calibration's full-horizon runs read, without the other arrays' passes over the
    records."""
    n_years = len(inputs.years)
    n_groups = len(inputs.groups)
    shape = (n_years, 13, n_groups)
    start, end, group, item = rec["start"], rec["end"], rec["group"], rec["item"]
    # the join: person-years per (year, item, group) x item lines
    item_py = _sum_by_cell(item, group, start, end,
                           (n_years, len(inputs.costing.item_names), n_groups))
    cost = np.zeros(shape)
    hours = np.zeros(shape)
    for it, lines in enumerate(inputs.costing.item_lines):
        for line_trinn, nok, staff in lines:
            cost[:, line_trinn, :] += item_py[:, it, :] * nok
            hours[:, line_trinn, :] += item_py[:, it, :] * staff
    state = CostState(rec, cost, hours)
    for m in modules:
        m.costs(state)

    # one-off costs (pathway investments) in the year they fall
    one_offs = rec.get("one_offs", np.zeros((0, 5)))
    k = np.floor(one_offs[:, 3]).astype(np.int64)
    inside = (k >= 0) & (k < n_years)
    np.add.at(cost, (k[inside], one_offs[inside, 2].astype(np.int64),
                     one_offs[inside, 1].astype(np.int64)), one_offs[inside, 4])
    return cost, hours


def yearly_table(inputs: EngineInputs, rec: dict[str, NDArray], pop: Population,
                 modules: Sequence[Module] = ()) -> pd.DataFrame:
    """Build the (year, trinn, group) table of one replication (with the intervention
    modules' cost hooks applied to the join, in their order: sim/intervention.py)."""
    n_years = len(inputs.years)
    n_groups = len(inputs.groups)
    arrays = care_arrays(inputs, rec, modules)
    person_years, recipients, cost = arrays.person_years, arrays.recipients, arrays.cost
    hours, waiting, wait_years = arrays.hours, arrays.waiting, arrays.wait_years

    # universal trinn 1-3: cost per inhabitant-year of the ages each part serves
    universal = universal_costs(inputs, pop)
    pop_ov = np.array([_overlap_in_year(pop.arrival, pop.gone, k).sum()
                       for k in range(n_years)])
    # inhabitants on 31 December: the year's births and net migration, booked at its end
    # (time k + 1), are in; those who died or emigrated are out (= persons_end)
    pop_end = np.array([np.count_nonzero(pop.present(float(k + 1))) for k in range(n_years)],
                       dtype=np.float64)

    years = np.array(list(inputs.years), dtype=np.int64)
    zeros = np.zeros(n_years)
    groups = np.array(inputs.groups, dtype=object)
    blocks: list[dict[str, object]] = []
    for t in inputs.costing.universal_trinn:
        blocks.append({"year": years, "trinn": t, "group": UNIVERSAL, "recipients": pop_end,
                       "person_years": pop_ov, "cost_nok": universal[t],
                       "staff_hours": zeros, "waiting": zeros, "wait_years": zeros})
        if t == INVESTMENT_TRINN:  # one-off pathway investments, by group
            blocks.append({"year": np.tile(years, n_groups), "trinn": t,
                           "group": np.repeat(groups, n_years), "recipients": 0.0,
                           "person_years": 0.0, "cost_nok": cost[:, t, :].T.ravel(),
                           "staff_hours": 0.0, "waiting": 0.0, "wait_years": 0.0})
    care = [t for t in TRINN if t not in inputs.costing.universal_trinn]

    def by_trinn_group_year(a: NDArray[np.float64]) -> NDArray[np.float64]:
        return a[:, care, :].transpose(1, 2, 0).ravel()

    blocks.append({"year": np.tile(years, len(care) * n_groups),
                   "trinn": np.repeat(care, n_groups * n_years),
                   "group": np.tile(np.repeat(groups, n_years), len(care)),
                   "recipients": by_trinn_group_year(recipients),
                   "person_years": by_trinn_group_year(person_years),
                   "cost_nok": by_trinn_group_year(cost),
                   "staff_hours": by_trinn_group_year(hours),
                   "waiting": by_trinn_group_year(waiting),
                   "wait_years": by_trinn_group_year(wait_years)})
    out = pd.concat([pd.DataFrame(b, index=pd.RangeIndex(len(np.atleast_1d(
                         np.asarray(b["year"])))))
                     for b in blocks], ignore_index=True)
    out["fte"] = out["staff_hours"] / inputs.costing.hours_per_fte
    out["head_count"] = out["fte"] / inputs.costing.position_size
    out["trinn"] = out["trinn"].astype("int64")
    out["year"] = out["year"].astype("int64")
    return out[["year", "trinn", "group", *METRICS]]


def population_table(inputs: EngineInputs, pop: Population) -> pd.DataFrame:
    """Persons on 1 January by SSB age group, for each simulated year."""
    rows = []
    for k, year in enumerate(inputs.years):
        counts = pop.persons_by_group(k)
        for label, n in zip(inputs.ages.labels, counts, strict=True):
            rows.append((year, label, int(n)))
    return pd.DataFrame(rows, columns=["year", "age_group", "persons"])


def _place(placed: NDArray[np.int64], rec: dict[str, NDArray], under_way: NDArray[np.bool_]
           ) -> None:
    """Write into ``placed`` each citizen's highest trinn among the records ``under_way``
    (0: none): the one trinn a citizen counts on."""
    placed[:] = 0
    # assigned in ascending order of trinn: the last (highest) wins
    order = np.argsort(rec["trinn"][under_way], kind="stable")
    placed[rec["pid"][under_way][order]] = rec["trinn"][under_way][order]


def share_80plus_on(rec: dict[str, NDArray], pop: Population, k: int,
                    trinn: Sequence[int]) -> float:
    """The share of inhabitants 80+ on 31 December of year index ``k`` whose placement (their
    highest trinn under way, as `demography_table` counts them) is one of ``trinn``: KOSTRA's
    coverage of the 80+ (issue 29), with its ages and date (age attained in the year)."""
    t_end = float(k + 1)
    old = (pop.arrival < t_end) & (pop.gone >= t_end) & (pop.ages_at(k + 1) >= 80)
    placed = np.zeros(pop.size, dtype=np.int64)
    _place(placed, rec, (rec["start"] < t_end) & (rec["end"] >= t_end))
    n_old = int(np.count_nonzero(old))
    return float(np.count_nonzero(old & np.isin(placed, trinn))) / n_old if n_old else 0.0


def dementia_person_years(pop: Population, n_years: int) -> NDArray[np.float64]:
    """Person-years with dementia in each year (the year's average prevalence)."""
    dem_ids = np.flatnonzero(pop.dementia)
    return overlap_by_year(pop.onset[dem_ids], pop.gone[dem_ids], n_years).sum(axis=0)


def persons_80plus_31dec(pop: Population, rec: dict[str, NDArray], k: int) -> tuple[int, int]:
    """Inhabitants 80+ on 31 December of year index ``k``, and those of them in some stay
    under way then: `demography_table`'s persons_80plus_31dec and
    persons_80plus_in_care_31dec of that year."""
    t_end = float(k + 1)
    old = (pop.arrival < t_end) & (pop.gone >= t_end) & (pop.ages_at(k + 1) >= 80)
    in_care = np.zeros(pop.size, dtype=bool)
    in_care[rec["pid"][(rec["start"] < t_end) & (rec["end"] >= t_end)]] = True
    return int(np.count_nonzero(old)), int(np.count_nonzero(old & in_care))


def demography_table(inputs: EngineInputs, pop: Population, rec: dict[str, NDArray]
                     ) -> pd.DataFrame:
    """Population accounting per year: start + births + immigrants - deaths - emigrants = end.

    Also the stocks calibration compares with: persons with dementia (at 31 December and
    person-years in the year, i.e. the year's average prevalence) and persons aged 80+ (all,
    and those placed in some trinn 4-12) at 31 December; and the dementia flows: new cases
    (onset in the year) and deaths of persons with dementia (among the year's deaths).
    """
    n_years = len(inputs.years)
    died = pop.gone == pop.death
    start = np.array([np.count_nonzero(pop.present(float(k))) for k in range(n_years + 1)])
    # deaths in year k of citizens present on its 1 January (arrivals come on 1 January)
    year_of_death = np.floor(pop.death).astype(np.int64)
    counted = died & (pop.arrival <= year_of_death) & (year_of_death < n_years)
    deaths = np.bincount(year_of_death[counted], minlength=n_years)
    dem_deaths = np.bincount(year_of_death[counted & pop.dementia], minlength=n_years)
    # new cases by year of onset (not those under way at the start or at arrival)
    new_case = pop.new_case & (pop.onset < n_years)
    dem_onsets = np.bincount(np.floor(pop.onset[new_case]).astype(np.int64), minlength=n_years)
    dem_py = dementia_person_years(pop, n_years)
    in_care = np.zeros(pop.size, dtype=bool)
    placed = np.zeros(pop.size, dtype=np.int64)
    rows, trapp = [], []
    housing = inputs.levers.housing if inputs.levers is not None else None
    for k, year in enumerate(inputs.years):
        t_end = float(k + 1)
        on_31dec = (pop.arrival < t_end) & (pop.gone >= t_end)
        # age on 31 Dec as registers count it: the age attained during the year (in the
        # model birthdays fall on 1 January, so that is the age of the next year index)
        ages_31dec = pop.ages_at(k + 1)
        old = on_31dec & (ages_31dec >= 80)
        # the family carers' generation (50-66) and the oldest (85+): issue 31's ratio
        carers = int(np.count_nonzero(on_31dec & (ages_31dec >= 50) & (ages_31dec <= 66)))
        oldest = int(np.count_nonzero(on_31dec & (ages_31dec >= 85)))
        in_care[:] = False
        under_way = (rec["start"] < t_end) & (rec["end"] >= t_end)
        in_care[rec["pid"][under_way]] = True
        _place(placed, rec, under_way)
        trapp.append(boligtrapp_columns(housing, ages_31dec, on_31dec, placed))
        dementia = int(np.count_nonzero(pop.dementia & on_31dec & (pop.onset < t_end)))
        rows.append((year, int(start[k]), int(pop.births[k]), int(pop.immigrants[k]),
                     int(deaths[k]), int(pop.emigrants[k]), int(start[k + 1]), dementia,
                     float(dem_py[k]), int(dem_onsets[k]), int(dem_deaths[k]),
                     int(np.count_nonzero(old)),
                     int(np.count_nonzero(old & in_care)), carers, oldest))
    out = pd.DataFrame(rows, columns=["year", "persons_start", "births", "immigrants",
                                      "deaths", "emigrants", "persons_end",
                                      "dementia_31dec", "dementia_person_years",
                                      "dementia_onsets", "dementia_deaths",
                                      "persons_80plus_31dec",
                                      "persons_80plus_in_care_31dec",
                                      "persons_50_66_31dec", "persons_85plus_31dec"])
    # the boligtrapp of inhabitants 67+ (sim/housing.py), when the data has its table
    return pd.concat([out, pd.DataFrame(trapp, index=out.index)], axis=1)
