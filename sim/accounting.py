"""From episode records to tidy yearly tables: person-years, 31 Dec counts, cost and staff hours.

Costing is a join: person-years per (year, item, group) times each item's lines
(trinn, NOK per year, staff hours per year). Recipients and person-years count a citizen in
the trinn of their placement (the highest trinn of their package; one at a time); cost and
staff hours go to the trinn of each service line.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from sim.inputs import INVESTMENT_TRINN, UNIVERSAL, EngineInputs
from sim.population import Population

TRINN = tuple(range(1, 13))
METRICS = ("recipients", "person_years", "cost_nok", "staff_hours", "fte", "head_count",
           "waiting", "wait_years")


def overlap_by_year(start: NDArray[np.float64], end: NDArray[np.float64], n_years: int
                    ) -> NDArray[np.float64]:
    """Return the time each interval [start, end) spends in each year [k, k + 1)."""
    k = np.arange(n_years, dtype=np.float64)
    return np.clip(np.minimum(end[:, None], k + 1) - np.maximum(start[:, None], k), 0.0, None)


def yearly_table(inputs: EngineInputs, rec: dict[str, NDArray], pop: Population) -> pd.DataFrame:
    """Build the (year, trinn, group) table of one replication."""
    n_years = len(inputs.years)
    n_groups = len(inputs.groups)
    shape = (n_years, 13, n_groups)
    recipients = np.zeros(shape)
    person_years = np.zeros(shape)
    cost = np.zeros(shape)
    hours = np.zeros(shape)
    waiting = np.zeros(shape)
    wait_years = np.zeros(shape)

    start, end = rec["start"], rec["end"]
    trinn, group, item, waited = rec["trinn"], rec["group"], rec["item"], rec["waited_for"]
    ov = overlap_by_year(start, end, n_years)
    year_end = np.arange(1, n_years + 1, dtype=np.float64)
    at_end = (start[:, None] < year_end) & (end[:, None] >= year_end)
    for k in range(n_years):
        np.add.at(person_years[k], (trinn, group), ov[:, k])
        np.add.at(recipients[k], (trinn, group), at_end[:, k])
        w = waited > 0
        np.add.at(waiting[k], (waited[w], group[w]), at_end[w, k])
        np.add.at(wait_years[k], (waited[w], group[w]), ov[w, k])
    # the join: person-years per (year, item, group) x item lines
    n_items = len(inputs.item_names)
    item_py = np.zeros((n_years, n_items, n_groups))
    for k in range(n_years):
        np.add.at(item_py[k], (item, group), ov[:, k])
    for it, lines in enumerate(inputs.item_lines):
        for line_trinn, nok, staff in lines:
            cost[:, line_trinn, :] += item_py[:, it, :] * nok
            hours[:, line_trinn, :] += item_py[:, it, :] * staff

    # one-off costs (pathway investments) in the year they fall
    for _, g, t, when, nok in rec.get("one_offs", np.zeros((0, 5))):
        k = int(when)
        if 0 <= k < n_years:
            cost[k, int(t), int(g)] += nok

    # universal trinn 1-3: cost per inhabitant-year
    uni = inputs.groups.index(UNIVERSAL) if UNIVERSAL in inputs.groups else None
    pop_ov = overlap_by_year(pop.arrival, pop.gone, n_years).sum(axis=0)
    pop_end = np.array([np.count_nonzero((pop.arrival < k + 1) & (pop.gone >= k + 1))
                        for k in range(n_years)], dtype=np.float64)

    rows = []
    years = np.array(list(inputs.years))
    for t in TRINN:
        if t in inputs.universal_cost_per_capita:
            rows.append(pd.DataFrame({
                "year": years, "trinn": t, "group": UNIVERSAL, "recipients": pop_end,
                "person_years": pop_ov, "cost_nok": pop_ov * inputs.universal_cost_per_capita[t],
                "staff_hours": 0.0, "waiting": 0.0, "wait_years": 0.0}))
            if t == INVESTMENT_TRINN:  # one-off pathway investments, by group
                for g, name in enumerate(inputs.groups):
                    rows.append(pd.DataFrame({
                        "year": years, "trinn": t, "group": name, "recipients": 0.0,
                        "person_years": 0.0, "cost_nok": cost[:, t, g], "staff_hours": 0.0,
                        "waiting": 0.0, "wait_years": 0.0}))
            continue
        for g, name in enumerate(inputs.groups):
            if g == uni:
                continue
            rows.append(pd.DataFrame({
                "year": years, "trinn": t, "group": name,
                "recipients": recipients[:, t, g], "person_years": person_years[:, t, g],
                "cost_nok": cost[:, t, g], "staff_hours": hours[:, t, g],
                "waiting": waiting[:, t, g], "wait_years": wait_years[:, t, g]}))
    out = pd.concat(rows, ignore_index=True)
    out["fte"] = out["staff_hours"] / inputs.hours_per_fte
    out["head_count"] = out["fte"] / inputs.position_size
    out["trinn"] = out["trinn"].astype("int64")
    out["year"] = out["year"].astype("int64")
    return out[["year", "trinn", "group", *METRICS]]


def population_table(inputs: EngineInputs, pop: Population) -> pd.DataFrame:
    """Persons on 1 January by SSB age group, for each simulated year."""
    rows = []
    for k, year in enumerate(inputs.years):
        counts = pop.persons_by_group(k)
        for label, n in zip(inputs.age_group_labels, counts, strict=True):
            rows.append((year, label, int(n)))
    return pd.DataFrame(rows, columns=["year", "age_group", "persons"])


def demography_table(inputs: EngineInputs, pop: Population, rec: dict[str, NDArray]
                     ) -> pd.DataFrame:
    """Population accounting per year: start + births + immigrants - deaths - emigrants = end.

    Also the stocks calibration compares with: persons with dementia (at 31 December and
    person-years in the year, i.e. the year's average prevalence) and persons aged 80+ (all,
    and those placed in some trinn 4-12) at 31 December.
    """
    rows = []
    died = pop.gone == pop.death
    dem_ids = np.flatnonzero(pop.dementia)
    for k, year in enumerate(inputs.years):
        t_end = float(k + 1)
        on_31dec = (pop.arrival < t_end) & (pop.gone >= t_end)
        # age on 31 Dec as registers count it: the age attained during the year (in the
        # model birthdays fall on 1 January, so that is the age of the next year index)
        old = on_31dec & (pop.ages_at(k + 1) >= 80)
        placed = np.unique(rec["pid"][(rec["start"] < t_end) & (rec["end"] >= t_end)])
        old_in_care = int(np.count_nonzero(old[placed]))
        start = int(np.count_nonzero(pop.present(float(k))))
        end = int(np.count_nonzero(pop.present(float(k + 1))))
        deaths = int(np.count_nonzero(died & (pop.death >= k) & (pop.death < k + 1)
                                      & (pop.arrival <= k)))
        dementia = int(np.count_nonzero(pop.dementia & (pop.arrival < k + 1)
                                        & (pop.gone >= k + 1) & (pop.onset < k + 1)))
        dem_py = float(overlap_by_year(pop.onset[dem_ids], pop.gone[dem_ids], k + 1)[:, k].sum())
        rows.append((year, start, int(pop.births[k]), int(pop.immigrants[k]), deaths,
                     int(pop.emigrants[k]), end, dementia, dem_py, int(np.count_nonzero(old)),
                     old_in_care))
    return pd.DataFrame(rows, columns=["year", "persons_start", "births", "immigrants",
                                       "deaths", "emigrants", "persons_end",
                                       "dementia_31dec", "dementia_person_years",
                                       "persons_80plus_31dec",
                                       "persons_80plus_in_care_31dec"])
