"""Mortality arithmetic: a Gompertz-Makeham hazard by single-year age and death times from it.

Pure functions. Ages change on 1 January (everyone's birthday is New Year), so within a
calendar year a person's hazard is constant.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

# the life table's Gompertz-Makeham hazard and the survival spread live in models (the
# importer spreads SSB's groups over single ages as the engine does); re-exported here
from models import libm
from models.lifetable import TERMINAL_HAZARD, hazards, survival_weights

__all__ = ["TERMINAL_HAZARD", "cum_at", "cumulative", "death_ages", "hazards",
           "moved_death_ages", "survival_weights"]

def cumulative(mu: NDArray[np.float64]) -> NDArray[np.float64]:
    """Return H(a) = sum of mu below age a, for a = 0..len(mu) (H(0) = 0)."""
    return np.concatenate([[0.0], np.cumsum(mu)])


def death_ages(age_now: NDArray[np.int64], u: NDArray[np.float64],
               cum: NDArray[np.float64]) -> NDArray[np.float64]:
    """Return the exact age at death of people of integer age ``age_now`` at a year start.

    Inverse transform: the person dies when the cumulative hazard since now exceeds
    E = -ln(U); within a year of age the hazard is constant, so H is linear there.
    """
    target = cum[age_now] - libm.log(u)
    idx = np.searchsorted(cum, target, side="right") - 1  # age year in which death falls
    idx = np.minimum(idx, len(cum) - 2)
    frac = (target - cum[idx]) / (cum[idx + 1] - cum[idx])
    return np.asarray(idx + np.clip(frac, 0.0, 1.0), dtype=np.float64)


def cum_at(age: NDArray[np.float64], cum: NDArray[np.float64]) -> NDArray[np.float64]:
    """Return H at exact (continuous) ages: linear within each year of age."""
    idx = np.minimum(np.floor(age).astype(np.int64), len(cum) - 2)
    return np.asarray(cum[idx] + (age - idx) * (cum[idx + 1] - cum[idx]), dtype=np.float64)


def moved_death_ages(age_now: NDArray[np.float64], age_death: NDArray[np.float64],
                     cum_from: NDArray[np.float64], cum_to: NDArray[np.float64]
                     ) -> NDArray[np.float64]:
    """Return the age at death of people whose hazard changes at exact age ``age_now`` from
    ``cum_from``'s to ``cum_to``'s, given their death age ``age_death`` under the first.

    Time change: a death drawn by inverse transform falls where the cumulative hazard since
    now reaches an Exp(1) remainder (memoryless, so the remainder of one alive now is again
    Exp(1)); the same remainder is spent under the new hazard. So the law is exact, and the
    same person keeps the same luck (common random numbers) without a new draw.
    """
    spent = cum_at(age_death, cum_from) - cum_at(age_now, cum_from)
    target = cum_at(age_now, cum_to) + spent
    idx = np.minimum(np.searchsorted(cum_to, target, side="right") - 1, len(cum_to) - 2)
    frac = (target - cum_to[idx]) / (cum_to[idx + 1] - cum_to[idx])
    return np.asarray(np.maximum(idx + np.clip(frac, 0.0, 1.0), age_now), dtype=np.float64)
