"""Full-horizon runs at the fitted parameters: the population targets and the out-of-sample views.

Not fitted: the status-quo care FTE to the end year (indexed to the 855 FTE of 2023) and the
dementia group's cost per year under each shipped strategy. The population targets are read
from the same status-quo replications.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from calibration.simulate import Replicate, run_many, serial
from calibration.targets import Conform, Target, TargetValues, pandas_sum, simulated_values
from models.municipality import Municipality, is_folder_path
from scenarios import Scenario, load_scenario, resolve_scenario_path
from scenarios.errors import ScenarioError
from scenarios.loader import shipped_scenarios
from sim.accounting import care_costs
from sim.derive import DEMENTIA, INVESTMENT_TRINN, EngineInputs
from sim.engine import Replication

if TYPE_CHECKING:  # not at run time: a worker unpickling `StrategyValues` would import
    # calibration.fit and with it scipy.optimize, which it never uses
    from calibration.fit import ProgressSink

#: Pleie og omsorg (care): the trinn whose 2024 cost the seeds' 855 FTE staff
#: (parameters.toml care_cost_per_fte_2024 divides 60 + 133 + 177 + 214 + 157 mill by 855).
CARE_FTE_TRINN = (6, 7, 9, 10, 11)
#: The shipped strategies shown side by side; the first is the status quo.
STRATEGIES = ("normal", "proactive", "reactive", "phased-proactive")


@dataclass(frozen=True)
class HorizonRuns:
    """Per-replication tables of the full-horizon runs."""

    population_targets: tuple[Target, ...]
    population_rows: NDArray[np.float64]  # (replication, population target)
    care_fte: pd.DataFrame                # replication, year, fte (status quo)
    dementia_cost: pd.DataFrame           # strategy, replication, year, cost_nok
    replications: int
    seed: int


def strategies_of(municipality: str) -> list[Scenario]:
    """Load the strategies a municipality is calibrated and shown with (the status quo must
    exist): its own shipped set, or, for one without (an imported folder, given by name or
    path), Færder's set run on its data."""
    own = shipped_scenarios(municipality) if not is_folder_path(municipality) else []
    out = []
    for name in STRATEGIES:
        try:
            s = load_scenario(resolve_scenario_path(name, municipality if own else "faerder"))
        except ScenarioError:
            if name == STRATEGIES[0]:
                raise
            continue
        out.append(s if own else s.with_overrides(municipality=municipality))
    return out


class HorizonValues:
    """The `sim.engine.Summary` of a full-horizon run, computed where it ran: the dementia
    group's cost per year and, for the status quo, the care FTE per year and the population
    targets' values, as one float array (years, years, targets).

    Read from the engine's arrays, bit for bit what the tables give (the yearly table's
    rows of the dementia group, or of the care FTE trinn, summed in their row order as
    pandas sums them: tests/calibration/test_horizon_values.py), without building them.
    """

    def __init__(self, population_targets: Sequence[Target], status_quo: bool) -> None:
        self.population_targets = tuple(population_targets)
        self.status_quo = status_quo

    def __call__(self, rep: Replication) -> NDArray[np.float64]:
        inputs = rep.inputs
        costing = inputs.costing
        universal = costing.universal_trinn
        if set(universal) & set(CARE_FTE_TRINN):  # a universal trinn's FTE: from the tables
            return horizon_values_of_tables(rep, self.population_targets, self.status_quo)
        care = [t for t in range(1, 13) if t not in universal]
        # cost and staff hours only: the other care arrays are not read here
        cost, hours = care_costs(inputs, rep.recorder.columns(), rep.modules)
        dem = inputs.groups.index(DEMENTIA)
        # the yearly table's rows of the group: the one-off investments' block (with the
        # universal trinn), then the care trinn in order
        rows = [t for t in universal if t == INVESTMENT_TRINN] + care
        years = range(len(inputs.years))
        parts = [np.array([pandas_sum(cost[k, rows, dem]) for k in years])]
        if self.status_quo:
            fte_trinn = [t for t in care if t in CARE_FTE_TRINN]
            # the table's fte column: staff hours / hours per FTE, row by row (trinn, group)
            fte = hours[:, fte_trinn, :] / costing.hours_per_fte
            parts.append(np.array([pandas_sum(fte[k].ravel()) for k in years]))
            parts.append(TargetValues(self.population_targets)(rep))
        return np.concatenate(parts)


class StrategyValues:
    """`HorizonValues` for replications of every strategy at once (one summary for one set
    of tasks): the status quo's (named ``status_quo``) with its care FTE and population
    targets, the others' the dementia group's cost alone."""

    def __init__(self, population_targets: Sequence[Target], status_quo: str) -> None:
        self.status_quo = status_quo
        self.of = {True: HorizonValues(population_targets, True),
                   False: HorizonValues(population_targets, False)}

    def __call__(self, rep: Replication) -> NDArray[np.float64]:
        # a calibration's scenarios are `scenarios.Scenario`s (the engine's protocol has no
        # name)
        return self.of[getattr(rep.scenario, "name", None) == self.status_quo](rep)


def horizon_values_of_tables(rep: Replication, population_targets: Sequence[Target],
                             status_quo: bool) -> NDArray[np.float64]:
    """`HorizonValues` computed from the replication's tables (the reference)."""
    res = rep.tables()
    y = res.yearly
    years = list(rep.inputs.years)
    parts = [_by_year(y[y["group"] == DEMENTIA].groupby("year")["cost_nok"].sum(), years)]
    if status_quo:
        parts.append(_by_year(y[y["trinn"].isin(CARE_FTE_TRINN)].groupby("year")["fte"].sum(),
                              years))
        parts.append(simulated_values(population_targets, res))
    return np.concatenate(parts)


def _by_year(total: pd.Series, years: list[int]) -> NDArray[np.float64]:
    if total.index.tolist() != years:  # every simulated year has rows in the tables
        raise ValueError(f"expected the years {years[0]}-{years[-1]}, got {total.index}")
    return total.to_numpy(dtype=np.float64)


#: Called with the population targets and their rows (replication, target) once the status
#: quo's full-horizon replications are in, while the other strategies' still run
StatusQuoDone = Callable[[tuple[Target, ...], NDArray[np.float64]], None]


def run_horizon(m: Municipality, overrides: dict[str, float], targets: Sequence[Target],
                strategies: Sequence[Scenario], replications: int, seed: int,
                progress: ProgressSink, replicate: Replicate = serial,
                status_quo_done: StatusQuoDone | None = None) -> HorizonRuns:
    """Run every strategy over its full horizon with the fitted ``overrides``.

    The first strategy is the status quo: it gives the population targets and the care FTE.
    The strategies' replications go out as one set of tasks (`calibration.simulate.run_many`),
    one progress stage for all of them. With ``status_quo_done``, the status quo's
    replications go out first and the others' after them (two sets of tasks: the same
    replications, so the same numbers), and ``status_quo_done`` is called in between: the
    caller draws what needs only the status quo (the fit report's target chart) while the
    workers run the other strategies.
    """
    pop_targets = tuple(t for t in targets if t.conform is Conform.POPULATION_1JAN)
    care_rows, dem_rows = [], []
    pop_rows = np.empty((replications, len(pop_targets)))
    names = [s.name for s in strategies]
    if len(set(names)) != len(names):  # the summary tells the status quo by its name
        raise ValueError(f"strategies with the same name: {names}")
    progress.stage(f"horizon: {', '.join(names)}", replications * len(strategies))
    summary = StrategyValues(pop_targets, names[0])
    derived: dict[tuple[int, int], EngineInputs] = {}  # one derivation for both sets

    def run_set(which: Sequence[Scenario]) -> list[list[NDArray[np.float64]]]:
        return run_many(m, which, overrides, replications, seed, summary, progress.advance,
                        replicate, derived)

    every = run_set(strategies if status_quo_done is None else strategies[:1])
    status_quo = strategies[0]
    years = np.arange(status_quo.start_year, status_quo.end_year + 1, dtype=np.int64)
    n = len(years)
    for r, values in enumerate(every[0]):
        care_rows.append(pd.DataFrame({"replication": r, "year": years,
                                       "fte": values[n:2 * n]}))
        pop_rows[r] = values[2 * n:]
    if status_quo_done is not None:
        status_quo_done(pop_targets, pop_rows)
        if len(strategies) > 1:
            every += run_set(strategies[1:])
    for scenario, results in zip(strategies, every, strict=True):
        years = np.arange(scenario.start_year, scenario.end_year + 1, dtype=np.int64)
        for r, values in enumerate(results):
            dem_rows.append(pd.DataFrame({"strategy": scenario.name, "replication": r,
                                          "year": years, "cost_nok": values[:len(years)]}))
    return HorizonRuns(pop_targets, pop_rows, pd.concat(care_rows, ignore_index=True),
                       pd.concat(dem_rows, ignore_index=True), replications, seed)


def care_fte_index(care_fte: pd.DataFrame, base_fte: float) -> pd.DataFrame:
    """Index each replication's care FTE to ``base_fte`` in the first year; summarise by year.

    Returns
    -------
    DataFrame
        year, simulated (mean FTE), indexed mean, p05, p95 (indexed), growth (mean, share).
    """
    first = care_fte["year"].min()
    base = care_fte[care_fte["year"] == first].set_index("replication")["fte"]
    idx = care_fte.assign(indexed=care_fte["fte"] / care_fte["replication"].map(base) * base_fte)
    g = idx.groupby("year")
    out = pd.DataFrame({"simulated": g["fte"].mean(), "indexed": g["indexed"].mean(),
                        "p05": g["indexed"].quantile(0.05), "p95": g["indexed"].quantile(0.95)})
    out["growth"] = out["indexed"] / base_fte - 1
    return out.reset_index()


def dementia_cost_summary(dementia_cost: pd.DataFrame) -> pd.DataFrame:
    """Mean, p05 and p95 of the dementia group's yearly cost per strategy and year, and the
    mean difference from the first strategy (paired by replication: common random numbers)."""
    g = dementia_cost.groupby(["strategy", "year"], sort=False)["cost_nok"]
    out = pd.DataFrame({"mean": g.mean(), "p05": g.quantile(0.05), "p95": g.quantile(0.95)})
    first = dementia_cost["strategy"].iloc[0]
    base = dementia_cost[dementia_cost["strategy"] == first].set_index(["replication", "year"])
    diff = dementia_cost.join(base["cost_nok"].rename("base"), on=["replication", "year"])
    out["diff_vs_first"] = (diff["cost_nok"] - diff["base"]).groupby(
        [diff["strategy"], diff["year"]], sort=False).mean()
    return out.reset_index()
