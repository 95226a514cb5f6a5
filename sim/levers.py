"""Levers that change what home-care decisions cost: fewer small decisions, digital home care.

They act on the hours of the recipients' decisions (sim/decisions.py), not on anyone's
trajectory, so they are applied in the costing (a join, sim/accounting.py): the same
records, with the hours a lever removes or moves taken off the trinn and group they were
delivered on. Common random numbers therefore hold trivially: no citizen's path changes.

Composition: cuts come first (delivered hours fall by the ramped fraction), then the digital
zone moves its share of what is left. NOK in the band table's prices (2024); staff hours
from NOK at the seeds' home-care cost per FTE (``home_care_cost_per_fte``), as the seeds'
'frigjorte årsverk' are computed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from models.digital_zone import BANDS, ZoneBand, zone_result
from scenarios.interventions import DigitalHomeCare, ReduceSmallDecisions, Target
from sim.decisions import DecisionSpec, decision_band
from sim.derive import EngineInputs
from sim.housing import target_mask
from sim.intervention import CostState, Module, register
from sim.population import Population


@dataclass(frozen=True)
class Holders:
    """The records of decision holders with hours: who, where, when, how many hours."""

    pid: NDArray[np.int64]
    trinn: NDArray[np.int64]
    group: NDArray[np.int64]
    start: NDArray[np.float64]
    end: NDArray[np.float64]
    cell: NDArray[np.int64]        # flat (trinn, group, band) index
    hours: NDArray[np.float64]     # weekly hours of the decision


def holders(inputs: EngineInputs, spec: DecisionSpec, rec: dict[str, NDArray],
            pop: Population) -> Holders:
    """Select the records of decision holders and draw their bands (once per costing)."""
    n_groups, n_bands = len(inputs.groups), len(BANDS)
    is_holder = np.zeros(len(inputs.costing.item_names), dtype=bool)  # by item: a lookup, not isin
    is_holder[list(spec.holder_items)] = True
    held = is_holder[rec["item"]]
    pid, trinn = rec["pid"][held], rec["trinn"][held]
    band = decision_band(spec, pop.draws, pid, trinn)
    has = band < n_bands
    sel = np.flatnonzero(held)[has]
    pid, trinn, band = pid[has], trinn[has], band[has]
    group = rec["group"][sel]
    return Holders(pid, trinn, group, rec["start"][sel], rec["end"][sel],
                   (trinn * n_groups + group) * n_bands + band, spec.weekly_hours[band])


def band_hours(inputs: EngineInputs, h: Holders, pop: Population,
               target: Target | None = None) -> NDArray[np.float64]:
    """Return weekly decision hours x years (NOK per year = this x NOK per weekly hour) by
    (year index, trinn, group, band) of the holders ``target`` reaches (all if None)."""
    n_years, n_groups, n_bands = len(inputs.years), len(inputs.groups), len(BANDS)
    weight = h.hours
    if target is not None:
        weight = weight * target_mask(target.groups, inputs.groups)[h.group]
    out = np.zeros((n_years, 13, n_groups, n_bands))
    for k in range(n_years):
        years = np.clip(np.minimum(h.end, k + 1.0) - np.maximum(h.start, float(k)), 0.0, None)
        if target is not None:
            age = pop.ages_at(k, h.pid)
            years = years * ((age >= target.age_min) & (age <= target.age_max))
        out[k] = np.bincount(h.cell, weights=years * weight,
                             minlength=13 * n_groups * n_bands).reshape(13, n_groups, n_bands)
    return out


class _DecisionHours:
    """The holders' hours, computed once per costing and shared by the cost modules
    (`CostState.shared`): the holders, every band's hours and the hours cut so far."""

    KEY = "decision_hours"

    def __init__(self, inputs: EngineInputs, spec: DecisionSpec, state: CostState,
                 pop: Population) -> None:
        self.holders = holders(inputs, spec, dict(state.rec), pop)
        self.every = band_hours(inputs, self.holders, pop)
        self.cut = np.zeros_like(self.every)

    @classmethod
    def of(cls, module: Module, state: CostState, spec: DecisionSpec) -> _DecisionHours:
        """The costing's shared hours (computed by the first module that asks)."""
        found = state.shared.get(cls.KEY)
        if not isinstance(found, cls):
            found = state.shared[cls.KEY] = cls(module.ctx.inputs, spec, state, module.ctx.pop)
        return found


def _spec(module: Module) -> DecisionSpec | None:
    lever_inputs = module.ctx.inputs.levers
    return lever_inputs.decisions if lever_inputs is not None else None


@register("reduce_small_decisions")
class SmallDecisionsModule(Module):
    """The scenario's reduce_small_decisions interventions.

    Targets: the decision holders of the groups and ages of each intervention. Acts: in the
    costing (`costs`), before digital home care. Changes: the delivered hours of one band
    (and their cost) fall by the ramped fraction; no trajectory changes.
    """

    order = 40

    def costs(self, state: CostState) -> None:
        """Cut each band's hours, in file order, never below zero."""
        spec = _spec(self)
        if spec is None:
            return
        inp = self.ctx.inputs
        shared = _DecisionHours.of(self, state, spec)
        years = list(inp.years)
        nok_to_hours = spec.hours_per_fte / spec.cost_per_fte
        for iv in self.levers:
            if isinstance(iv, ReduceSmallDecisions):
                b = BANDS.index(iv.band)
                ramp = np.array([iv.ramp.share(y) for y in years])
                reached = band_hours(inp, shared.holders, self.ctx.pop, iv.target)[..., b]
                removed = np.minimum(ramp[:, None, None] * iv.fraction * reached,
                                     shared.every[..., b] - shared.cut[..., b])
                shared.cut[..., b] += removed
                delta = removed * spec.traditional_nok[b]
                state.cost -= delta
                state.hours -= delta * nok_to_hours


@register("digital_home_care")
class DigitalHomeCareModule(Module):
    """The scenario's digital_home_care interventions.

    Targets: the decision holders of the groups and ages of each intervention. Acts: in the
    costing (`costs`), after the cuts. Changes: its shares of the hours left after the cuts
    move to the digital zone (seed 001's calculation); no trajectory changes.
    """

    order = 50

    def costs(self, state: CostState) -> None:
        """Move the shares of what the cuts left, each intervention in file order."""
        spec = _spec(self)
        if spec is None:
            return
        inp = self.ctx.inputs
        shared = _DecisionHours.of(self, state, spec)
        years = list(inp.years)
        nok_to_hours = spec.hours_per_fte / spec.cost_per_fte
        every = shared.every
        left = np.divide(every - shared.cut, every, out=np.ones_like(every), where=every > 0)
        for iv in self.levers:
            if isinstance(iv, DigitalHomeCare):
                _digital(iv, spec, band_hours(inp, shared.holders, self.ctx.pop, iv.target)
                         * left, years, state.cost, state.hours, nok_to_hours)


def _digital(iv: DigitalHomeCare, spec: DecisionSpec, reached: NDArray[np.float64],
             years: list[int], cost: NDArray[np.float64], hours: NDArray[np.float64],
             nok_to_hours: float) -> None:
    """The seed's digital-zone calculation (models.digital_zone) for each year, trinn, group.

    `zone_result` runs once per year on arrays over (trinn, group): it only adds,
    subtracts and divides its rows' fields, so each element is the calculation of one
    trinn and group, with the same operations as on numbers (no loop over them in Python).
    """
    shares = np.array([iv.shares.get(b, 0.0) for b in BANDS])
    # the traditional cost saved per hour is the band table's, at its ATA; a different
    # traditional ATA scales the paid hours behind each decision hour
    trad = spec.traditional_nok * spec.traditional_ata / iv.ata_traditional
    staffing = spec.digital_staffing_nok * spec.digital_ata / iv.ata_digital
    for k, year in enumerate(years):
        ramp = iv.ramp.share(year)
        if ramp <= 0:
            continue
        moved = ramp * shares * reached[k]             # (trinn, group, band)
        per_cell = moved.sum(axis=2)
        on = per_cell != 0
        if not on.any():
            continue
        m = moved[on]                                  # (trinn and group moving hours, band)
        rows = [ZoneBand(b, ramp * shares[i], m[:, i], m[:, i] * trad[i],
                         m[:, i] * staffing, m[:, i] * spec.running_nok[i])
                for i, b in enumerate(BANDS)]
        # the fixed system cost, split by the hours each trinn and group moves
        res = zone_result(rows, iv.system_cost_nok * per_cell[on] / moved.sum(),
                          spec.cost_per_fte)
        cost[k][on] -= res.net_nok
        hours[k][on] -= res.fte_freed * spec.cost_per_fte * nok_to_hours
