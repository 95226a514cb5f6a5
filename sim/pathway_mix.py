"""The pathway mix (scenario ``[groups.<group>]`` and ``pathway_mix`` interventions): which
pathway, a sequence of persona packages, a dementia case follows.

A case starting in a year follows the mix of new cases that year; a case under way at the
start or arriving with the illness follows the mix of cases under way. The choice is one
keyed draw per citizen (Stream.PATHWAY), so a citizen whose mix share falls the same way
gets the same pathway in every scenario. The scenario folds its ``pathway_mix``
interventions into its groups' mixes (scenarios/scenario.py), so this module reads them
there and is always active: the status quo has a pathway mix too.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

from sim.intervention import Module, register
from sim.randomness import Stream


def choose(mix: Mapping[str, float], u: NDArray[np.float64]) -> list[str]:
    """Return a pathway per uniform ``u``: the mix's cumulative shares, normalised, in the
    mix's order (pathways with share 0 are never chosen)."""
    names = [k for k, v in mix.items() if v > 0]
    cum = np.cumsum([mix[k] for k in names])
    idx = np.minimum(np.searchsorted(cum / cum[-1], u, side="right"), len(names) - 1)
    return [names[i] for i in idx]


@register("pathway_mix")
class PathwayMixModule(Module):
    """Chooses the pathways of dementia cases from the scenario's group mixes."""

    order = 10

    def active(self) -> bool:
        """Always: every scenario has a pathway mix."""
        return True

    def pathways(self, group: str, ids: NDArray[np.int64], year: int | None
                 ) -> list[str] | None:
        """The pathways of cases ``ids`` (new in ``year``, or under way if None)."""
        strategy = self.ctx.scenario.groups[group]
        mix = strategy.existing_cases if year is None else strategy.new_case_mix(year)
        return choose(mix, self.ctx.draws.uniforms(ids, Stream.PATHWAY))
