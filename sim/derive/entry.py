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


@dataclass(frozen=True, slots=True)
class CoverageGoal:
    """Persons 80+ to hold on some trinn at the start: the municipality's own share of its
    inhabitants 80+ (coverage.csv), of which the dementia group's expected placements."""

    figure: str
    trinn: tuple[int, ...]
    persons: float
    dementia: float
    source: str


def _coverage_factor(old: NDArray[np.float64], total: NDArray[np.float64], need: float
                     ) -> NDArray[np.float64]:
    """Each cell's new 80+ recipients: its 80+ x one common factor, each at most its total,
    adding up to ``need`` (0 <= need <= total.sum()); a cell at its total is held there and
    the factor solved again for the others (at most one round per cell)."""
    capped = np.zeros(len(old), dtype=bool)
    new = np.zeros(len(old))
    for _ in range(len(old) + 1):
        free_old = old[~capped].sum()
        factor = (need - total[capped].sum()) / free_old if free_old > 0 else 0.0
        new = np.where(capped, total, factor * old)
        over = ~capped & (new > total)
        if not over.any():
            break
        capped |= over
    return new


def meet_coverage(targets: tuple[CellTarget, ...], goals: tuple[CoverageGoal, ...],
                  needs: Needs, labels: tuple[str, ...], old: NDArray[np.bool_]
                  ) -> tuple[CellTarget, ...]:
    """Re-split the recipients of each goal's trinn so that the 80+ on them (the cells' and
    the dementia group's expected placements) are the goal's persons; each trinn keeps its
    total.

    The municipality's own KOSTRA coverage (issue 29) is what the start holds; the national
    profile (`rake_elderly`) keeps the shape within the 80+ and within the younger ages and
    the split between the trinn of a goal. First one factor scales the 80+ ages of the
    goal's elderly cells, the younger ages of each cell taking the rest of its total. Where
    that is not enough (the elderly cells all 80+ and still short: the need groups' shares
    of the trinn are Færder's, need_groups.csv), the other need groups of those trinn give
    recipients to the elderly cells' 80+ of the same trinn, all their ages in proportion
    (the trinn's total kept). Where the goal is below what the other groups and dementia
    hold alone, the elderly cells' 80+ go to 0.
    Each changed cell's source says what was done, and when the goal was not met.
    """
    out = list(targets)
    for goal in goals:
        idx = [i for i, t in enumerate(targets) if t.cell.trinn in goal.trinn]
        elderly = [i for i in idx if is_elderly(targets[i].cell, needs, labels)]
        others = [i for i in idx if i not in elderly]
        movable = [i for i in elderly if targets[i].target[old].sum() > 0
                   and targets[i].target[~old].sum() > 0]
        held = [i for i in elderly if i not in movable]
        o_n = sum(float(targets[i].target[old].sum()) for i in others)
        fixed = goal.dementia + o_n + sum(float(targets[i].target[old].sum()) for i in held)
        o = np.array([targets[i].target[old].sum() for i in movable])
        r = np.array([targets[i].target.sum() for i in movable])
        need = goal.persons - fixed
        new = {i: targets[i].target.copy() for i in idx}
        new_old = _coverage_factor(o, r, float(np.clip(need, 0.0, r.sum())))
        for k, i in enumerate(movable):
            seed = targets[i].target
            new[i] = np.where(old, seed * (new_old[k] / o[k]),
                              seed * ((r[k] - new_old[k]) / seed[~old].sum()))
        shortfall = need - float(r.sum())
        moved = 0.0
        gain = [i for i in elderly if new[i][old].sum() > 0]
        # the other groups of a trinn give to that trinn's elderly cells (totals by trinn kept)
        donors = [i for i in others
                  if any(targets[j].cell.trinn == targets[i].cell.trinn for j in gain)]
        o_d = sum(float(targets[i].target[old].sum()) for i in donors)
        r_d = sum(float(targets[i].target.sum()) for i in donors)
        if shortfall > 0 and r_d > 0 and o_d < r_d:
            # each person moved takes the donors' share of 80+ with them
            moved = min(shortfall / (1.0 - o_d / r_d), r_d)
            for t_no in goal.trinn:
                given = sum(float(new[i].sum()) for i in donors
                            if targets[i].cell.trinn == t_no) * moved / r_d
                takers = [i for i in gain if targets[i].cell.trinn == t_no]
                taker_old = sum(float(new[i][old].sum()) for i in takers)
                for i in takers:
                    new[i] = np.where(old, new[i] * (1.0 + given / taker_old), new[i])
            for i in donors:
                new[i] = new[i] * (1.0 - moved / r_d)
        reached = goal.dementia + sum(float(new[i][old].sum()) for i in idx)
        note = (f"; re-split so that {goal.persons:,.2f} persons 80+ are on trinn "
                f"{', '.join(map(str, goal.trinn))} with dementia's {goal.dementia:,.2f} "
                f"({goal.figure}: {goal.source})")
        if moved > 0:
            note += (f", {moved:,.2f} recipients moved from the other need groups of those "
                     "trinn to the elderly's 80+")
        if abs(reached - goal.persons) > 1e-6 * max(goal.persons, 1.0):
            note += f"; not met: the nearest is {reached:,.2f}"
        for i in idx:
            if not np.array_equal(new[i], targets[i].target):
                c = targets[i]
                out[i] = CellTarget(c.cell, c.unit_cost, new[i],
                                    {"target": c.sources["target"] + note})
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
