"""Entry: the non-dementia cells' start-year targets by age group, raked over age for the
elderly; entry hazards that balance exits; integer initial stocks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from models.layers import ParameterSet, entry_scale_name
from models.needs import GroupTrinn, Needs
from sim.derive.common import Derived, largest_remainder

#: The national profile of all elderly care recipients by age (DOMAIN.md, home services 2008).
REFERENCE_PROFILE = "elderly_home"
#: Rounds of iterative proportional fitting in `rake_elderly`: each round meets the cells'
#: totals and the age totals alternately; 200 rounds bring both to machine precision for
#: the few elderly cells and age groups of a municipality (far fewer are needed; this is
#: a fixed count so that the inputs do not depend on a convergence test).
RAKING_ROUNDS = 200
#: Floor of the free persons an age group offers new episodes (a person, so that the hazard
#: stays finite where the care stock uses up a tiny group).
MIN_ELIGIBLE = 1.0
#: Numerical floor of a row or column sum in the raking (avoids 0 / 0 for an empty row).
_TINY = 1e-12


@dataclass(frozen=True)
class CellTarget(Derived):
    """A cell's expected persons in care on 1 January of the start year, by age group."""

    cell: GroupTrinn
    unit_cost: float                  # NOK per person-year
    target: NDArray[np.float64]
    sources: Mapping[str, str]


def cell_target(cell: GroupTrinn, stock: float, unit_cost: float, profile: Mapping[str, float],
                labels: tuple[str, ...], pop_by_group: NDArray[np.float64]) -> CellTarget:
    """Split the cell's share of the trinn's non-dementia stock over age groups in proportion
    to the profile's relative use x the group's inhabitants."""
    rel = np.array([profile[lab] for lab in labels]) * pop_by_group
    target = stock * cell.share * (rel / rel.sum() if rel.sum() > 0 else rel)
    return CellTarget(cell, unit_cost, target, {
        "target": f"derived: trinn.csv recipients_2024 less dementia, x need_groups.csv share, "
                  f"by age_profiles.csv {cell.age_profile} x inhabitants"})


def is_elderly(cell: GroupTrinn, needs: Needs, labels: tuple[str, ...]) -> bool:
    """A cell is elderly when its profile gives no use to the three youngest age groups."""
    return all(needs.profiles[cell.age_profile][lab] == 0 for lab in labels[:3])


def rake_elderly(targets: tuple[CellTarget, ...], needs: Needs, labels: tuple[str, ...],
                 pop_by_group: NDArray[np.float64], dem_by_group: NDArray[np.float64],
                 placed_share: float) -> tuple[CellTarget, ...]:
    """Re-split the elderly cells' recipients over age so that, with dementia, they follow
    the national profile.

    A person holds one placement at a time, so per-service national rates cannot be added up
    by age (doing so puts more than all inhabitants 90+ in care). Instead: all elderly
    recipients (elderly cells + the dementia group's placed cases) are spread over age by the
    reference profile; the elderly cells get what the dementia group leaves in each age group.
    Iterative proportional fitting keeps each cell's total and meets the age totals.
    """
    elderly = [i for i, t in enumerate(targets) if is_elderly(t.cell, needs, labels)]
    if not elderly:
        return targets
    mat = np.array([targets[i].target for i in elderly])
    rows = mat.sum(axis=1)
    ref = np.array([needs.profiles[REFERENCE_PROFILE][lab] for lab in labels]) * pop_by_group
    dem_placed = dem_by_group * placed_share
    total = rows.sum() + (dem_placed * (ref > 0)).sum()
    cols = np.clip(total * ref / ref.sum() - dem_placed, 0.0, None) * (ref > 0)
    cols *= rows.sum() / cols.sum()
    for _ in range(RAKING_ROUNDS):
        mat *= (rows / np.maximum(mat.sum(axis=1), _TINY))[:, None]
        mat *= cols / np.maximum(mat.sum(axis=0), _TINY)
    out = list(targets)
    for k, i in enumerate(elderly):
        t = targets[i]
        if not mat[k].sum() > 0:
            # the dementia group's placed cases fill every age group this cell lives in (a
            # municipality with few elderly recipients besides dementia, e.g. its own KOSTRA
            # coverage): no raked split exists, so the cell keeps its profile's split
            out[i] = CellTarget(t.cell, t.unit_cost, t.target, {
                "target": t.sources["target"] + "; not raked: the dementia group's placed "
                          "cases leave no room in this cell's age groups"})
            continue
        out[i] = CellTarget(t.cell, t.unit_cost, mat[k] * rows[k] / mat[k].sum(), {
            "target": t.sources["target"] + f"; raked ({RAKING_ROUNDS} rounds) to the "
                      f"{REFERENCE_PROFILE} profile of all elderly recipients"})
    return tuple(out)


def eligible(targets: tuple[CellTarget, ...], pop_by_group: NDArray[np.float64],
             dem_by_group: NDArray[np.float64]) -> NDArray[np.float64]:
    """Persons free for a new episode by age group at the start: inhabitants less those in
    care and those with dementia (at least `MIN_ELIGIBLE`)."""
    in_care = np.sum([t.target for t in targets], axis=0)
    return np.maximum(pop_by_group - in_care - dem_by_group, MIN_ELIGIBLE)


def entry_hazard(t: CellTarget, mu_by_group: NDArray[np.float64], free: NDArray[np.float64],
                 p: ParameterSet) -> NDArray[np.float64]:
    """Entries per year that balance exits (Little's law: stock = entries x mean stay; exits
    by the end of the stay or death), as a probability per person free on 1 January,
    times the cell's entry multiplier."""
    scale = p[entry_scale_name(t.cell.group, t.cell.trinn)]
    return np.minimum(scale * t.target * (1.0 / t.cell.mean_years + mu_by_group) / free, 1.0)


def initial_stocks(targets: tuple[CellTarget, ...]) -> tuple[NDArray[np.int64], ...]:
    """Integer persons per cell and age group that add up to each trinn's rounded target
    (largest remainder over all cells and age groups of the trinn)."""
    n = len(targets[0].target) if targets else 0
    out: list[NDArray[np.int64]] = [np.zeros(n, dtype=np.int64) for _ in targets]
    for trinn in sorted({t.cell.trinn for t in targets}):
        idx = [i for i, t in enumerate(targets) if t.cell.trinn == trinn]
        flat = np.concatenate([targets[i].target for i in idx])
        counts = largest_remainder(flat, round(flat.sum()))
        for k, i in enumerate(idx):
            out[i] = counts[k * n:(k + 1) * n]
    return tuple(out)


@dataclass(frozen=True, slots=True)
class CellSpec:
    """A non-dementia group's use of one trinn."""

    group: int
    trinn: int
    mean_years: float
    item: int
    hazard: NDArray[np.float64]      # entry probability per free person-year, by age group
    initial: NDArray[np.int64]       # persons in the cell on 1 Jan of the start year, by age group


@dataclass(frozen=True)
class Entry(Derived):
    """The cells as the engine runs them, and the free persons they were balanced on."""

    cells: tuple[CellSpec, ...]
    eligible: NDArray[np.float64]
    sources: Mapping[str, str]
