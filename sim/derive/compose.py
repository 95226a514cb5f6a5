"""`derive_inputs`: the derivation steps in order, composed into `EngineInputs`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from models.coverage import OLD_AGE
from models.layers import ParameterSet, data_layer
from models.municipality import Municipality
from sim.derive import costing, dementia, demography, entry
from sim.derive.costing import Lines
from sim.derive.engine_inputs import DEMENTIA, EngineInputs
from sim.derive.levers import lever_inputs


def derive_inputs(m: Municipality, start_year: int, end_year: int,
                  parameters: ParameterSet | None = None) -> EngineInputs:
    """Derive the engine inputs from a municipality's data and layered parameters.

    Parameters
    ----------
    m
        The loaded municipality.
    start_year, end_year
        The simulated calendar years (from the scenario; the data's base year must be
        ``start_year``).
    parameters
        The layered parameter values (`models.layers`); the data layer of ``m`` if omitted.

    Raises
    ------
    ValueError
        If the start year is not a year of the population data.
    """
    p = parameters if parameters is not None else data_layer(m)
    life = demography.life_table(p)
    ages = demography.single_ages(m.projection, life, start_year)
    flows = demography.net_migration(m.projection, life, ages, p,
                                     range(start_year, end_year + 1))
    packages = costing.package_items(m.packages, m.catalogue, p)
    dem = _dementia(m, p, life, ages, packages)
    by_group = _GroupTotals.of(dem.epidemiology.mu_free, ages, dem.prevalence)
    groups = (DEMENTIA, *m.needs.groups)
    old = np.array([g.age_min >= OLD_AGE for g in m.projection.groups])
    goals = _coverage_goals(m, ages, dem, float(by_group.pop[old].sum()))
    cells, item_names, item_lines, free = _cells(m, p, ages, by_group, dem.stock, groups,
                                                 goals, old)
    onsets = dementia.onset_probability(dem.epidemiology.onset, p)
    names = (*(f"package:{n}" for n in packages.names), *item_names,
             f"interim:{costing.INTERIM_SERVICE}")
    lines = (*packages.lines, *item_lines, costing.interim_lines(m.catalogue, p))
    staff = costing.staffing(p)
    cost = costing.Costing(
        names, lines, len(lines) - 1,
        costing.universal_rates(m.ladder, m.universal_parts, ages.initial),
        staff.hours_per_fte, staff.position_size, int(p["accounts_price_year"]), {
            "item_lines": "packages (sim.derive.costing.package_items), then cells "
                          "(cell_lines), then the interim package (interim_lines)",
            "cell_staff_hours": f"{_shares_file(m)} staff_share of the trinn / the "
                                "care trinn's cost-weighted mean share "
                                f"({m.staff_shares.mean_share(m.ladder):.4f}) x unit cost / "
                                "care_cost_per_fte_2024 x hours_per_fte "
                                "(sim.derive.costing.cell_lines)",
            "universal": f"universal_parts.csv cost_2024_mnok / inhabitants {start_year} of "
                         "the part's ages; the rest of trinn.csv cost_2024_mnok / all "
                         f"inhabitants {start_year} (population.csv)",
            "hours_per_fte": p.source("hours_per_fte"),
            "position_size": p.source("position_size"),
            "price_year": p.source("accounts_price_year")})
    return EngineInputs(
        m.name, start_year, end_year, p, life, ages, flows, dem.prevalence, dem.epidemiology,
        dem.elapsed, onsets, dem.pathways, dem.stock,
        entry.Entry(cells, free, {
            "cells": "need_groups.csv; hazards balance exits (sim.derive.entry.entry_hazard) "
                     "x entry_scale:<group>:<trinn>",
            "eligible": "derived: inhabitants less those in care or with dementia"}),
        cost, groups, {"start_year": "scenario: start_year", "end_year": "scenario: end_year",
                       "elapsed": "derived: sim.derive.dementia.elapsed_cdf of the onset "
                                  "probability, the life table and the dementia hazard",
                       "groups": "dementia, then need_groups.csv in file order"},
        lever_inputs(m.folder, cells, cost, p))


def _shares_file(m: Municipality) -> str:
    """The staff shares' file as the sources name it: the folder's own, or Færder's."""
    path = m.staff_shares.path
    if path.resolve().parent == m.folder.resolve():
        return path.name
    return f"Færder's {path.name} (the folder has none)"


@dataclass(frozen=True)
class _Dementia:
    prevalence: dementia.Prevalence
    epidemiology: dementia.Epidemiology
    elapsed: NDArray[np.float64]
    pathways: dementia.Pathways
    stock: dementia.StartStock


def _dementia(m: Municipality, p: ParameterSet, life: demography.LifeTable,
              ages: demography.AgeStructure, packages: costing.PackageItems) -> _Dementia:
    """The dementia steps: prevalence, the illness-death model, elapsed-time law, pathways,
    the status quo's stock."""
    group = m.dementia_group
    prev = dementia.prevalence(m.needs, ages.initial, p)
    epi = dementia.epidemiology(prev.weight, life.mu, p)
    elapsed = dementia.elapsed_cdf(epi.onset, prev.weight, life.cum, epi.cum_case)
    paths = dementia.pathways(m.persona(group.persona), group.status_quo, packages, p,
                              group.source("persona"), group.source("status_quo"))
    status_quo = paths.stages[group.status_quo]
    shares = dementia.prevalent_stage_shares(status_quo, paths.years, ages.initial,
                                             prev.weight, elapsed, epi.cum_case)
    stock = dementia.status_quo_stock(status_quo, shares, prev.prevalent, packages.lines)
    return _Dementia(prev, epi, elapsed, paths, stock)


def _coverage_goals(m: Municipality, ages: demography.AgeStructure, dem: _Dementia,
                    old_persons: float) -> tuple[entry.CoverageGoal, ...]:
    """The folder's own coverage of the 80+ (coverage.csv) as persons at the start, with
    the dementia group's expected 80+ placements on each goal's trinn (none without the
    file: the national profile alone places the elderly).

    KOSTRA divides by the inhabitants 80+ on 31 December of its year (SSB's definition of
    the indicators of table 12209, docs/kostra.md), i.e. population.csv's 1 January of the
    next year; the start holds those persons, which entries balanced against exits keep
    through the first year (the start's own 80+ where the file has no such year).
    """
    if not m.coverage:
        return ()
    placed = dementia.placed_from_age(dem.pathways.stages[dem.pathways.status_quo],
                                      dem.pathways.years, ages.initial, dem.prevalence.weight,
                                      dem.elapsed, dem.epidemiology.cum_case, OLD_AGE)
    goals = []
    for c in m.coverage:
        year = c.year + 1
        if year in m.projection.years:
            old = float(sum(m.projection.persons[(g.label, year)]
                            for g in m.projection.groups if g.age_min >= OLD_AGE))
            where = f"inhabitants 80+ on 31 Dec {c.year} (population.csv, 1 Jan {year})"
        else:
            old, where = old_persons, "inhabitants 80+ at the start (population.csv)"
        goals.append(entry.CoverageGoal(
            c.figure, c.trinn, c.share * old, sum(placed.get(t, 0.0) for t in c.trinn),
            f"{c.source}; {c.share:g} x {old:,.0f} {where}"))
    return tuple(goals)


@dataclass(frozen=True)
class _GroupTotals:
    """Start-year inhabitants, dementia cases and mean death hazard without dementia (that of
    the need groups' members) by SSB age group."""

    pop: NDArray[np.float64]
    cases: NDArray[np.float64]       # dementia cases
    mu: NDArray[np.float64]

    @classmethod
    def of(cls, mu_free: NDArray[np.float64], ages: demography.AgeStructure,
           prev: dementia.Prevalence) -> _GroupTotals:
        pop = ages.by_group(ages.initial.astype(np.float64))
        mu = np.array([(mu_free * ages.initial)[ages.age_group_of == j].sum()
                       / max(pop[j], 1) for j in range(len(ages.labels))])
        return cls(pop, ages.by_group(prev.weight * ages.initial), mu)


def _cells(m: Municipality, p: ParameterSet, ages: demography.AgeStructure,
           by_group: _GroupTotals, stock: dementia.StartStock, groups: tuple[str, ...],
           goals: tuple[entry.CoverageGoal, ...], old: NDArray[np.bool_]
           ) -> tuple[tuple[entry.CellSpec, ...], list[str], list[Lines], NDArray[np.float64]]:
    """The entry steps: each cell's target, raked (and held to the folder's own coverage of
    the 80+, where it has one), its hazard, initial stock and item."""
    targets = []
    for c in m.needs.cells:
        nd_stock, unit_cost = costing.cell_unit_cost(m.ladder[c.trinn],
                                                     stock.stock.get(c.trinn, 0.0),
                                                     stock.cost.get(c.trinn, 0.0))
        targets.append(entry.cell_target(c, nd_stock, unit_cost, m.needs.profiles[c.age_profile],
                                         ages.labels, by_group.pop))
    raked = entry.rake_elderly(tuple(targets), m.needs, ages.labels, by_group.pop,
                               by_group.cases, stock.placed_share)
    if goals:
        raked = entry.meet_coverage(raked, goals, m.needs, ages.labels, old)
    free = entry.eligible(raked, by_group.pop, by_group.cases)
    first_item = len(m.packages)  # cell items follow the package items
    relative_share = costing.staff_share_ratio(m.staff_shares, m.ladder)
    cells, names, lines = [], [], []
    for k, (t, initial) in enumerate(zip(raked, entry.initial_stocks(raked), strict=True)):
        names.append(f"cell:{t.cell.group}:{t.cell.trinn}")
        lines.append(costing.cell_lines(t.cell.trinn, t.unit_cost, p,
                                        relative_share[t.cell.trinn]))
        cells.append(entry.CellSpec(groups.index(t.cell.group), t.cell.trinn, t.cell.mean_years,
                                    first_item + k, entry.entry_hazard(t, by_group.mu, free, p),
                                    initial))
    return tuple(cells), names, lines, free
