"""Reablement (hverdagsrehabilitering) for new home-care cases.

A new stay on trinn 6 or 7 of a group the lever targets is reached with probability share x
ramp (of the entry year), one keyed draw per citizen (Stream.REABLEMENT). A reached case gets
the ``reablement`` package (packages.csv, on trinn 7) for ``package_weeks``; then its need for
home care is delayed by a duration drawn uniformly in [delay_years_min, delay_years_max]
(keyed too), and the stay resumes to its original end. So the case is busy exactly as long as
without the lever (no one else's trajectory changes: common random numbers) and uses fewer
home-care years: the reduced need. Defaults and their sources: scenarios/interventions.py
(Tuntland et al. 2015; Langeland et al. 2019).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from scenarios.interventions import Intervention, Reablement
from sim.housing import target_mask
from sim.intervention import Module, ModuleContext, NewStays, register
from sim.randomness import Stream

if TYPE_CHECKING:  # sim.citizens imports sim.derive, which imports this module's PACKAGE
    from sim.citizens import Recorder

PACKAGE = "reablement"
REABLEMENT_TRINN = 7
HOME_CARE_TRINN = (6, 7)
WEEKS_PER_YEAR = 52.0


@register("reablement")
class ReablementModule(Module):
    """The scenario's reablement interventions, for one replication.

    Targets: the need groups and ages of each intervention, at new stays on trinn 6-7.
    Acts: on a cell's new stays (`new_stays`). Changes: a programme record (the reablement
    package) before the stay, whose entry moves later by programme + delay (same end).
    """

    order = 30

    def __init__(self, levers: Sequence[Intervention], ctx: ModuleContext) -> None:
        super().__init__([iv for iv in levers if isinstance(iv, Reablement)], ctx)
        self.reablement: tuple[Reablement, ...] = tuple(
            iv for iv in levers if isinstance(iv, Reablement))
        item_names = ctx.inputs.costing.item_names
        name = f"package:{PACKAGE}"
        if self.levers and name not in item_names:
            raise ValueError("reablement needs the 'reablement' package in packages.csv")
        self.item = list(item_names).index(name) if self.levers else -1
        self.groups = list(ctx.inputs.groups)
        self.draws = ctx.draws
        self._targets = [target_mask(iv.target.groups, self.groups) for iv in self.reablement]

    def new_stays(self, stays: NewStays) -> tuple[list[NewStays], NewStays]:
        """Give the reached new home-care stays the programme, then delay them."""
        if stays.cell.trinn not in HOME_CARE_TRINN:
            return [], stays
        decided = self.split(stays.cell.group, stays.ids, stays.ages, stays.year)
        if not decided[0].any():
            return [], stays
        limit = np.minimum(self.ctx.pop.death[stays.ids], self.ctx.horizon)
        entry, durations = self.apply(stays.cell.group, stays.ids, stays.entry,
                                      stays.durations, limit, self.ctx.recorder, decided)
        return [], replace(stays, entry=entry, durations=durations)

    def split(self, group: int | NDArray[np.int64], ids: NDArray[np.int64],
              ages: NDArray[np.int64], year: int
              ) -> tuple[NDArray[np.bool_], NDArray[np.float64], NDArray[np.float64]]:
        """Return (reached, programme length in years, delay in years) of new cases.

        ``group`` is the need group of all ``ids`` or of each: the year's new stays of every
        cell are decided in one call. The first lever (in file order) that reaches a case
        decides its programme and delay.
        """
        reached = np.zeros(len(ids), dtype=bool)
        weeks = np.zeros(len(ids))
        delay = np.zeros(len(ids))
        groups = np.broadcast_to(np.asarray(group), ids.shape)
        targeted = [mask[groups] for mask in self._targets]
        if not any(t.any() for t in targeted):
            return reached, weeks, delay
        u = self.draws.trait(ids, Stream.REABLEMENT, 0)
        lo = np.zeros(len(ids))
        span = np.zeros(len(ids))
        for iv, aimed in zip(self.reablement, targeted, strict=True):
            ok = (aimed & (ages >= iv.target.age_min) & (ages <= iv.target.age_max)
                  & (u < iv.share * iv.ramp.share(year)) & ~reached)
            reached |= ok
            weeks[ok] = iv.package_weeks / WEEKS_PER_YEAR
            lo[ok] = iv.delay_years_min
            span[ok] = iv.delay_years_max - iv.delay_years_min
        if reached.any():  # the delay's draw, keyed by citizen (only for those reached)
            v = self.draws.trait(ids[reached], Stream.REABLEMENT, 1)
            delay[reached] = lo[reached] + v * span[reached]
        return reached, weeks, delay

    def apply(self, group: int, ids: NDArray[np.int64], entry: NDArray[np.float64],
              durations: NDArray[np.float64], limit: NDArray[np.float64], recorder: Recorder,
              decided: tuple[NDArray[np.bool_], NDArray[np.float64], NDArray[np.float64]]
              ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Record the programme of the reached new cases of one cell and return the
        (entry, duration) of their home-care stays: later by programme + delay, ending when
        they would have.

        ``decided`` is `split`'s result for these cases; ``limit`` is each case's death or
        the horizon, whichever comes first.
        """
        hit, weeks, delay = decided
        if not hit.any():
            return entry, durations
        end = np.minimum(entry + durations, limit)
        recorder.add_many(ids[hit], group, self.item, REABLEMENT_TRINN, entry[hit],
                          np.minimum(entry[hit] + weeks[hit], end[hit]))
        shift = (weeks + delay) * hit
        return entry + shift, durations - shift
