"""Calibration targets as data objects: an expected value, how to read the simulated one, a loss.

After Starsim's ``CalibComponent``: each target carries its expected value and source, what is
compared (``conform``: a stock on 31 December, a flow over a calendar year, persons on
1 January, or an exact deterministic figure), a loss and a weight. The expected values come
from the municipality's data files and ``calibration/<municipality>_targets.toml``, never from
the model.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from models.calculator import Staffing, persona_table
from models.errors import TrappaError
from models.municipality import Municipality
from models.parameters import Parameters, load_parameters
from sim.accounting import (
    care_costs,
    care_recipients,
    dementia_person_years,
    persons_80plus_31dec,
)
from sim.engine import Replication, ReplicationResult

CALIBRATION_DIR = Path(__file__).parent

#: Acceptance bands of the calibration issue. Residuals are measured in these units, so a
#: target's squared residual is "how many tolerances off", squared.
TOLERANCE = {"population": 0.02, "population_total": 0.01, "recipients": 0.03, "cost": 0.05,
             "no_care_80plus": 0.03, "dementia": 0.02, "persona": 0.001}
PERSONA = "johs"


class Conform(StrEnum):
    """What the simulated value is (Starsim's ``conform``)."""

    STOCK_31DEC = "stock_31dec"          # persons in a state on 31 December of the year
    FLOW_YEAR = "flow_year"              # a sum over the calendar year (cost)
    POPULATION_1JAN = "population_1jan"  # inhabitants on 1 January of the year
    EXACT = "exact"                      # a deterministic figure, no replication involved


class Loss(StrEnum):
    """How a deviation is measured before it is divided by the tolerance and squared."""

    RELATIVE = "relative"  # simulated / expected - 1
    ABSOLUTE = "absolute"  # simulated - expected (for shares: in share units)


class Measure(StrEnum):
    """Which output a target reads."""

    RECIPIENTS = "recipients"          # yearly.recipients of a trinn, all groups
    COST = "cost_nok"                  # yearly.cost_nok of a trinn, all groups
    PERSONS = "persons"                # population.persons of an age group (or "total")
    DEMENTIA = "dementia"              # demography.dementia_person_years (mean over the year)
    NO_CARE_80PLUS = "no_care_80plus"  # 1 - persons_80plus_in_care / persons_80plus (31 Dec)
    PERSONA_COST = "persona_cost"      # models.calculator.persona_table(...).total_cost_nok


@dataclass(frozen=True)
class Target:
    """One calibration target.

    Attributes
    ----------
    id
        Short unique name, e.g. ``recipients:2024:7``.
    label
        What it is, for the report.
    measure, year, key
        What is read: ``key`` is the trinn (as text), the SSB age group or ``total``, the
        persona pathway, or ``""``.
    expected
        The value to reproduce (from the data).
    unit
        Unit of ``expected`` and of the simulated value.
    conform
        Stock on 31 December, flow over the year, 1 January population, or exact.
    loss, tolerance, weight
        The residual is ``sqrt(weight) * deviation / tolerance`` with the deviation of
        ``loss``; ``tolerance`` is also the acceptance band.
    fitted
        Whether the target enters the fit's loss. Targets no free parameter moves (the
        population, met analytically; the persona, deterministic) are evaluated and reported.
    source
        Where the expected value comes from.
    """

    id: str
    label: str
    measure: Measure
    year: int
    key: str
    expected: float
    unit: str
    conform: Conform
    loss: Loss
    tolerance: float
    weight: float
    fitted: bool
    source: str

    def __post_init__(self) -> None:
        if not (self.tolerance > 0 and self.weight >= 0 and math.isfinite(self.expected)):
            raise TrappaError(f"target {self.id}: tolerance must be > 0, weight >= 0 and "
                              f"expected finite (got {self.tolerance}, {self.weight}, "
                              f"{self.expected})")
        if self.loss is Loss.RELATIVE and self.expected == 0:
            raise TrappaError(f"target {self.id}: a relative loss needs a non-zero expected value")

    def deviation(self, simulated: float | NDArray[np.float64]) -> float | NDArray[np.float64]:
        """Return the deviation of ``simulated`` in the target's loss (relative or absolute)."""
        if self.loss is Loss.RELATIVE:
            return simulated / self.expected - 1.0
        return simulated - self.expected

    def residual(self, simulated: float) -> float:
        """Return the weighted residual, in tolerances."""
        return math.sqrt(self.weight) * float(self.deviation(simulated)) / self.tolerance

    def within(self, simulated: float) -> bool:
        """Return whether ``simulated`` lies inside the acceptance band."""
        # a hair of slack so that a value printed as exactly on the band counts as inside
        return abs(float(self.deviation(simulated))) <= self.tolerance * (1 + 1e-9)


def targets_path(municipality: str) -> Path:
    """Return the package's file of target figures of a shipped municipality."""
    return CALIBRATION_DIR / f"{municipality}_targets.toml"


def targets_file_of(m: Municipality) -> Path:
    """Return the figures not held by ``m``'s data files: the folder's ``targets.toml``
    (written by the importer) if it has one, else the package's file."""
    own = m.folder / "targets.toml"
    return own if own.is_file() else targets_path(m.name)


def build_targets(m: Municipality, extra: Parameters | None = None) -> tuple[Target, ...]:
    """Return the calibration targets of a municipality, built from its data.

    Parameters
    ----------
    m
        The loaded municipality; its base year (the first projection year) is the year of
        the staircase, prevalence and 80+ targets.
    extra
        Figures not in the data files (default: `targets_file_of`, the folder's
        ``targets.toml`` or ``calibration/<m>_targets.toml``). Without the persona's
        printed totals (Færder's seed figures) the persona targets are left out.
    """
    if extra is None:
        path = targets_file_of(m)
        if not path.is_file():
            raise TrappaError(f"{path}: no calibration targets for municipality '{m.name}'")
        extra = load_parameters(path)
    base = m.projection.years[0]
    out: list[Target] = []
    proj_src = "SSB MMMM (July 2024), population.csv"
    for year in m.projection.years[1:]:
        for g in m.projection.groups:
            out.append(Target(
                f"population:{year}:{g.label}", f"Inhabitants {g.label}, 1 Jan {year}",
                Measure.PERSONS, year, g.label, float(m.projection.persons[(g.label, year)]),
                "persons", Conform.POPULATION_1JAN, Loss.RELATIVE, TOLERANCE["population"],
                1.0, False, proj_src))
        out.append(Target(
            f"population:{year}:total", f"Inhabitants, total, 1 Jan {year}", Measure.PERSONS,
            year, "total", float(m.projection.total(year)), "persons",
            Conform.POPULATION_1JAN, Loss.RELATIVE, TOLERANCE["population_total"], 1.0, False,
            proj_src))
    for t in m.ladder:
        if t.number < 4 or not t.recipients_2024:
            continue  # trinn 1-3 are universal; a trinn with no recipients has nothing to fit
        out.append(Target(
            f"recipients:{base}:{t.number}", f"Recipients trinn {t.number}, 31 Dec {base}",
            Measure.RECIPIENTS, base, str(t.number), float(t.recipients_2024), "persons",
            Conform.STOCK_31DEC, Loss.RELATIVE, TOLERANCE["recipients"], 1.0, True,
            f"trinn.csv: {t.source}"))
        out.append(Target(
            f"cost:{base}:{t.number}", f"Cost trinn {t.number}, {base}", Measure.COST, base,
            str(t.number), t.cost_2024_mnok * 1e6, f"NOK ({base} prices)", Conform.FLOW_YEAR,
            Loss.RELATIVE, TOLERANCE["cost"], 1.0, True, f"trinn.csv: {t.source}"))
    share = extra.get("share_80plus_without_care_2023")
    out.append(Target(
        f"no_care_80plus:{base}", f"Share of inhabitants 80+ with no care service, 31 Dec {base}",
        Measure.NO_CARE_80PLUS, base, "", share.value, "share", Conform.STOCK_31DEC,
        Loss.ABSOLUTE, TOLERANCE["no_care_80plus"], 1.0, True,
        f"{share.source} (the 2023 figure, compared with {base})"))
    dem = m.parameters.get("dementia_prevalence_2024")
    out.append(Target(
        f"dementia:{base}", f"Persons with dementia, mean over {base}", Measure.DEMENTIA, base,
        "", dem.value, "persons", Conform.FLOW_YEAR, Loss.RELATIVE, TOLERANCE["dementia"], 1.0,
        True, f"parameters.toml dementia_prevalence_2024: {dem.source} (the seeds' count is "
              "a 2024 figure; the model holds 684 on 1 Jan and the prevalence by age constant, "
              "so the count grows with the old population during the year: compared as the "
              "year's average)"))
    # the persona's printed totals are Færder's (seed 000): a file without any of them (an
    # imported folder's targets.toml) skips these exact targets; one with some must have all
    pathways = m.persona(PERSONA) if any(
        f"{PERSONA}_total_cost_{p}" in extra for p in m.persona(PERSONA)) else {}
    for pathway in pathways:
        p = extra.get(f"{PERSONA}_total_cost_{pathway}")
        out.append(Target(
            f"persona:{pathway}", f"Persona {PERSONA}, {pathway} pathway, total cost",
            Measure.PERSONA_COST, base, pathway, p.value, "NOK", Conform.EXACT, Loss.RELATIVE,
            TOLERANCE["persona"], 0.0, False, p.source))
    ids = [t.id for t in out]
    if len(set(ids)) != len(ids):
        raise TrappaError(f"calibration targets of '{m.name}' repeat an id")
    return tuple(out)


def exact_value(target: Target, m: Municipality) -> float:
    """Return the deterministic value of an exact target (the persona's pathway total)."""
    if target.measure is not Measure.PERSONA_COST:
        raise TrappaError(f"target {target.id} is not an exact target")
    pathway = m.persona(PERSONA)[target.key]
    staffing = Staffing.from_parameters(m.parameters)
    return persona_table(pathway, m.packages, m.catalogue, staffing).total_cost_nok


def simulated_values(targets: Sequence[Target], result: ReplicationResult) -> NDArray[np.float64]:
    """Return each target's simulated value in one replication (NaN for exact targets).

    A year the replication did not simulate is an error, not a NaN: a target read from the
    wrong horizon must not pass silently.
    """
    years = {t.year for t in targets if t.conform is not Conform.EXACT}
    y = result.yearly
    by_trinn = (y[y["year"].isin(years)].groupby(["year", "trinn"])[["recipients", "cost_nok"]]
                .sum())
    pop = result.population.set_index(["year", "age_group"])["persons"]
    pop_total = result.population.groupby("year")["persons"].sum()
    demo = result.demography.set_index("year")
    out = np.full(len(targets), np.nan)
    for i, t in enumerate(targets):
        try:
            out[i] = _read(t, by_trinn, pop, pop_total, demo)
        except KeyError:
            raise TrappaError(f"target {t.id}: the replication has no {t.year} "
                              f"{t.measure.value} output (horizon too short?)") from None
    return out


def _read(t: Target, by_trinn: pd.DataFrame, pop: pd.Series, pop_total: pd.Series,
          demo: pd.DataFrame) -> float:
    if t.measure is Measure.RECIPIENTS:
        return float(by_trinn.loc[(t.year, int(t.key)), "recipients"])
    if t.measure is Measure.COST:
        return float(by_trinn.loc[(t.year, int(t.key)), "cost_nok"])
    if t.measure is Measure.PERSONS:
        return float(pop_total.loc[t.year] if t.key == "total" else pop.loc[(t.year, t.key)])
    if t.measure is Measure.DEMENTIA:
        return float(demo.loc[t.year, "dementia_person_years"])
    if t.measure is Measure.NO_CARE_80PLUS:
        old = float(demo.loc[t.year, "persons_80plus_31dec"])
        return 1.0 - float(demo.loc[t.year, "persons_80plus_in_care_31dec"]) / old if old else 1.0
    return math.nan  # exact targets are not read from replications


def pandas_sum(values: NDArray[np.float64]) -> float:
    """Sum ``values`` in order as pandas' groupby sum does (Kahan's compensated summation,
    pandas/_libs/groupby.pyx ``group_sum``), so a total read from the engine's arrays is
    bit for bit the one `simulated_values` reads from the tables."""
    total = 0.0
    comp = 0.0
    for v in values.tolist():
        y = v - comp
        t = total + y
        comp = t - total - y
        if comp != comp:  # an infinite value: pandas drops the NaN compensation
            comp = 0.0
        total = t
    return total


class TargetValues:
    """The `sim.engine.Summary` of the fit: each target's simulated value in one finished
    replication, read from the engine's arrays where the replication ran, bit for bit
    `simulated_values` of its tables (tests/calibration/test_target_values.py) at a third
    of the cost, and a few floats instead of the tables to send back from a worker.

    Recipients and cost of a care trinn are the sums over need groups in the tables' row
    order (group by group, summed as pandas sums); a target of another kind (a universal
    trinn) falls back to the tables.
    """

    def __init__(self, targets: Sequence[Target]) -> None:
        self.targets = tuple(targets)

    def __call__(self, rep: Replication) -> NDArray[np.float64]:
        inputs, pop = rep.inputs, rep.pop
        universal = set(inputs.costing.universal_trinn)
        if any(t.measure in (Measure.RECIPIENTS, Measure.COST) and int(t.key) in universal
               for t in self.targets):
            return simulated_values(self.targets, rep.tables())
        first, n_years = inputs.start_year, len(inputs.years)
        rec = rep.recorder.columns()
        recipients = cost = None
        dem_py = None
        by_group: dict[int, NDArray[np.int64]] = {}  # persons by age group, per year
        out = np.full(len(self.targets), np.nan)
        for i, t in enumerate(self.targets):
            if t.conform is Conform.EXACT:
                continue
            k = t.year - first
            if not 0 <= k < n_years:
                raise TrappaError(f"target {t.id}: the replication has no {t.year} "
                                  f"{t.measure.value} output (horizon too short?)")
            if t.measure is Measure.RECIPIENTS:
                if recipients is None:  # only the arrays read: not all of care_arrays
                    recipients = care_recipients(inputs, rec)
                out[i] = pandas_sum(recipients[k, int(t.key), :])
            elif t.measure is Measure.COST:
                if cost is None:
                    cost = care_costs(inputs, rec, rep.modules)[0]
                out[i] = pandas_sum(cost[k, int(t.key), :])
            elif t.measure is Measure.PERSONS:
                if k not in by_group:  # one pass over the citizens per year, not per target
                    by_group[k] = pop.persons_by_group(k)
                counts = by_group[k]
                if t.key != "total" and t.key not in inputs.ages.labels:
                    raise TrappaError(f"target {t.id}: the replication has no age group "
                                      f"{t.key}")
                out[i] = float(int(np.sum(counts)) if t.key == "total"
                               else int(counts[list(inputs.ages.labels).index(t.key)]))
            elif t.measure is Measure.DEMENTIA:
                dem_py = dementia_person_years(pop, n_years) if dem_py is None else dem_py
                out[i] = float(dem_py[k])
            elif t.measure is Measure.NO_CARE_80PLUS:
                old, in_care = persons_80plus_31dec(pop, rec, k)
                out[i] = 1.0 - float(in_care) / float(old) if old else 1.0
        return out
