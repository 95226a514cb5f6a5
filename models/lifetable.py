"""The life table's pure arithmetic shared by the engine and the importer: the
Gompertz-Makeham hazard by single-year age and the spread of an SSB age group over its single
ages by survival (`sim.lifetable` re-exports these; `sim.derive.demography` uses them)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from models import libm

#: Within an SSB age group from this age up, single ages are spread by survival from the
#: group's first age (mortality thins a 10-year group of the old noticeably); younger
#: groups are spread evenly. Unit: years of age.
SURVIVAL_SPREAD_FROM_AGE = 67

#: Death hazard per year at the oldest modelled age: exp(-50) ~ 2e-22 survive a year there,
#: so nobody outlives the modelled ages (the terminal age is absorbing, not a plateau).
TERMINAL_HAZARD = 50.0


def hazards(max_age: int, makeham: float, gompertz_b: float, gompertz_c: float,
            level: float = 1.0) -> NDArray[np.float64]:
    """Return the yearly death hazard mu(a) for ages 0..max_age; the last age is terminal.

    mu(a) = level x (A + B exp(c a)); at ``max_age`` the hazard is made so large that nobody
    outlives the modelled ages.
    """
    ages = np.arange(max_age + 1, dtype=np.float64)
    mu = level * (makeham + gompertz_b * libm.exp(gompertz_c * ages))
    mu[-1] = TERMINAL_HAZARD
    return mu


def survival_weights(ages: range, mu: NDArray[np.float64]) -> NDArray[np.float64]:
    """Return relative weights proportional to survival from the first age in ``ages``."""
    a = np.asarray(list(ages))
    h = np.concatenate([[0.0], np.cumsum(mu[a[:-1]])])
    return libm.exp(-h)


def spread_weights(age_min: int, age_max: int, mu: NDArray[np.float64]) -> NDArray[np.float64]:
    """Shares of an SSB age group's persons by single age ``age_min``..``age_max``: by
    survival from the first age from `SURVIVAL_SPREAD_FROM_AGE` on, evenly below (summing
    to 1)."""
    ages = range(age_min, age_max + 1)
    w = (survival_weights(ages, mu) if age_min >= SURVIVAL_SPREAD_FROM_AGE
         else np.ones(len(ages)))
    return np.asarray(w / w.sum(), dtype=np.float64)
