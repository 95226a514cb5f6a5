"""`derive_inputs`: the derivation steps in order, composed into `EngineInputs`."""

from __future__ import annotations

import numpy as np

from models.layers import ParameterSet, data_layer
from models.municipality import Municipality
from sim.derive import costing, dementia, demography, entry
from sim.derive.costing import Lines
from sim.derive.engine_inputs import DEMENTIA, EngineInputs


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
    years = range(start_year, end_year + 1)
    life = demography.life_table(p)
    ages = demography.single_ages(m.projection, life, start_year)
    flows = demography.net_migration(m.projection, life, ages, p, years)

    group = m.dementia_group
    prev = dementia.prevalence(m.needs, ages.initial, p)
    elapsed = dementia.elapsed_cdf(prev.onset, life.cum)
    packages = costing.package_items(m.packages, m.catalogue, p)
    item_names = [f"package:{n}" for n in packages.names]
    item_lines: list[Lines] = list(packages.lines)
    paths = dementia.pathways(m.persona(group.persona), group.status_quo, packages, p,
                              group.source("persona"), group.source("status_quo"))
    status_quo = paths.stages[group.status_quo]
    shares = dementia.prevalent_stage_shares(status_quo, paths.years, ages.initial,
                                             prev.weight, elapsed, life.cum)
    stock = dementia.status_quo_stock(status_quo, shares, prev.prevalent, tuple(item_lines))

    pop_by_group = ages.by_group(ages.initial.astype(np.float64))
    dem_by_group = ages.by_group(prev.weight * ages.initial)
    mu_by_group = np.array([(life.mu * ages.initial)[ages.age_group_of == j].sum()
                            / max(pop_by_group[j], 1) for j in range(len(ages.labels))])
    targets = []
    for c in m.needs.cells:
        nd_stock, unit_cost = costing.cell_unit_cost(m.ladder[c.trinn],
                                                     stock.stock.get(c.trinn, 0.0),
                                                     stock.cost.get(c.trinn, 0.0))
        targets.append(entry.cell_target(c, nd_stock, unit_cost, m.needs.profiles[c.age_profile],
                                         ages.labels, pop_by_group))
    raked = entry.rake_elderly(tuple(targets), m.needs, ages.labels, pop_by_group, dem_by_group,
                               stock.placed_share)
    free = entry.eligible(raked, pop_by_group, dem_by_group)
    groups = (DEMENTIA, *m.needs.groups)
    cells = []
    for t, initial in zip(raked, entry.initial_stocks(raked), strict=True):
        item_names.append(f"cell:{t.cell.group}:{t.cell.trinn}")
        item_lines.append(costing.cell_lines(t.cell.trinn, t.unit_cost, p))
        cells.append(entry.CellSpec(groups.index(t.cell.group), t.cell.trinn, t.cell.mean_years,
                                    len(item_lines) - 1, entry.entry_hazard(t, mu_by_group,
                                                                            free, p), initial))
    onsets = dementia.onsets_among_free(prev.onset, pop_by_group, dem_by_group, free,
                                        ages.age_group_of, p)
    item_names.append("interim:home_nursing")
    item_lines.append(costing.interim_lines(m.catalogue, p))
    staff = costing.staffing(p)
    price_year = int(p["accounts_price_year"])
    cost = costing.Costing(
        tuple(item_names), tuple(item_lines), len(item_lines) - 1,
        costing.universal_cost_per_capita(m.ladder, m.projection.total(start_year)),
        staff.hours_per_fte, staff.position_size, price_year, {
            "item_lines": "packages (sim.derive.costing.package_items), then cells "
                          "(cell_lines), then the interim package (interim_lines)",
            "universal_cost_per_capita": f"trinn.csv cost_2024_mnok / inhabitants "
                                         f"{start_year} (population.csv)",
            "hours_per_fte": p.source("hours_per_fte"),
            "position_size": p.source("position_size"),
            "price_year": p.source("accounts_price_year")})
    return EngineInputs(
        m.name, start_year, end_year, p, life, ages, flows, prev, elapsed, onsets, paths, stock,
        entry.Entry(tuple(cells), free, {
            "cells": "need_groups.csv; hazards balance exits (sim.derive.entry.entry_hazard) "
                     "x entry_scale:<group>:<trinn>",
            "eligible": "derived: inhabitants less those in care or with dementia"}),
        cost, groups, {"start_year": "scenario: start_year", "end_year": "scenario: end_year",
                       "groups": "dementia, then need_groups.csv in file order"})
