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

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from models.digital_zone import BANDS, ZoneBand, zone_result
from scenarios.interventions import DigitalHomeCare, Intervention, ReduceSmallDecisions, Target
from sim.decisions import DecisionSpec, decision_band
from sim.derive import EngineInputs
from sim.housing import target_mask
from sim.population import Population

COST_LEVERS = (ReduceSmallDecisions, DigitalHomeCare)


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
    is_holder = np.zeros(len(inputs.item_names), dtype=bool)  # by item: a lookup, not isin
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


def apply_cost_levers(inputs: EngineInputs, levers: Sequence[Intervention],
                      rec: dict[str, NDArray], pop: Population, cost: NDArray[np.float64],
                      hours: NDArray[np.float64]) -> None:
    """Add the levers' changes to ``cost`` and ``hours`` (year index, trinn, group), in place."""
    spec = inputs.decisions
    chosen = [iv for iv in levers if isinstance(iv, COST_LEVERS)]
    if spec is None or not chosen:
        return
    years = list(inputs.years)
    nok_to_hours = spec.hours_per_fte / spec.cost_per_fte
    h = holders(inputs, spec, rec, pop)
    every = band_hours(inputs, h, pop)
    cut = np.zeros_like(every)
    for iv in chosen:
        if isinstance(iv, ReduceSmallDecisions):
            b = BANDS.index(iv.band)
            ramp = np.array([iv.ramp.share(y) for y in years])
            reached = band_hours(inputs, h, pop, iv.target)[..., b]
            removed = np.minimum(ramp[:, None, None] * iv.fraction * reached,
                                 every[..., b] - cut[..., b])
            cut[..., b] += removed
            delta = removed * spec.traditional_nok[b]
            cost -= delta
            hours -= delta * nok_to_hours
    left = np.divide(every - cut, every, out=np.ones_like(every), where=every > 0)
    for iv in chosen:
        if isinstance(iv, DigitalHomeCare):
            _digital(iv, spec, band_hours(inputs, h, pop, iv.target) * left, years,
                     cost, hours, nok_to_hours)


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
