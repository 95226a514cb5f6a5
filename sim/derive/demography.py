"""Demography: the life table, single-year ages within SSB's groups, SSB's targets and the
net migration that meets them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from models import libm
from models.demography import Projection
from models.layers import ParameterSet
from models.lifetable import SURVIVAL_SPREAD_FROM_AGE
from sim.derive.common import Derived, largest_remainder
from sim.lifetable import cumulative, hazards, survival_weights

#: Ages whose inhabitants give birth in the model (births = rate x persons of these ages);
#: the range of ``birth_rate_per_adult`` in demography.toml. Unit: years of age, inclusive.
BIRTH_AGES = (18, 49)

_MORTALITY = ("mortality_makeham", "mortality_gompertz_b", "mortality_gompertz_c",
              "mortality_level")


@dataclass(frozen=True)
class LifeTable(Derived):
    """Death hazard by single age and its cumulative sum."""

    max_age: int
    mu: NDArray[np.float64]         # death hazard per year at ages 0..max_age
    cum: NDArray[np.float64]        # H(a), a = 0..max_age + 1
    sources: Mapping[str, str]


def life_table(p: ParameterSet) -> LifeTable:
    """Gompertz-Makeham hazards from the mortality parameters (terminal at ``max_age``)."""
    max_age = int(p["max_age"])
    mu = hazards(max_age, *(p[n] for n in _MORTALITY))
    return LifeTable(max_age, mu, cumulative(mu), {
        "max_age": p.source("max_age"),
        "mu": "derived: level x (A + B exp(c a)) from " + ", ".join(_MORTALITY)
              + "; terminal hazard at max_age (sim.lifetable.TERMINAL_HAZARD)",
        "cum": "derived: cumulative sum of mu"})


@dataclass(frozen=True)
class AgeStructure(Derived):
    """SSB's age groups resolved to single ages, and the start year's inhabitants."""

    labels: tuple[str, ...]
    age_group_of: NDArray[np.int64]     # single age -> age-group index
    weights: NDArray[np.float64]        # (age group, single age): spread within a group
    initial: NDArray[np.int64]          # inhabitants by single age on 1 Jan of the start year
    initial_ages: NDArray[np.int64]     # one entry per inhabitant
    sources: Mapping[str, str]

    def by_group(self, values: NDArray[np.float64]) -> NDArray[np.float64]:
        """Sum a by-single-age array over each age group."""
        return np.array([values[self.age_group_of == j].sum() for j in range(len(self.labels))],
                        dtype=np.float64)


def single_ages(projection: Projection, life: LifeTable, start_year: int) -> AgeStructure:
    """Spread each SSB age group's persons of the start year over its single ages.

    Raises
    ------
    ValueError
        If the start year is not a year of the population data.
    """
    if start_year not in projection.years:
        raise ValueError(f"start year {start_year} is not a year of the population data")
    max_age = life.max_age
    groups = projection.groups
    age_group_of = np.zeros(max_age + 1, dtype=np.int64)
    weights = np.zeros((len(groups), max_age + 1))
    for j, g in enumerate(groups):
        hi = min(g.age_max, max_age)
        age_group_of[g.age_min:hi + 1] = j
        ages = range(g.age_min, hi + 1)
        w = (survival_weights(ages, life.mu) if g.age_min >= SURVIVAL_SPREAD_FROM_AGE
             else np.ones(len(ages)))
        weights[j, g.age_min:hi + 1] = w / w.sum()
    n0 = np.zeros(max_age + 1, dtype=np.int64)
    for j, g in enumerate(groups):
        n0 += largest_remainder(weights[j], projection.persons[(g.label, start_year)])
    return AgeStructure(tuple(g.label for g in groups), age_group_of, weights, n0,
                        np.repeat(np.arange(max_age + 1), n0), {
                            "labels": "population.csv: age_group",
                            "weights": "derived: survival from the group's first age "
                                       f"(groups from {SURVIVAL_SPREAD_FROM_AGE}), else even",
                            "initial": f"population.csv: persons, {start_year}, spread by "
                                       "weights (largest remainder)"})


def ssb_targets(projection: Projection, years: range) -> NDArray[np.float64]:
    """SSB persons by (year, age group) on 1 Jan, interpolated between the projection years.

    The path through each group's anchors is a monotone cubic (PCHIP, Fritsch-Carlson) on
    log persons: it meets every anchor exactly, keeps the growth rate continuous across an
    anchor year (geometric interpolation turns it abruptly there, and the net migration that
    meets the path jumped with it), and never leaves the range of two neighbouring anchors,
    so a group that grows between two anchors grows every year between them. Beyond the
    projection years the path goes on at the growth rate it has at the nearest end.
    """
    # imported here, not with the module: a run backend's worker unpickles the derived
    # inputs and never derives; scipy.interpolate costs it ~0.5 s of start-up
    from scipy.interpolate import PchipInterpolator

    known = np.array(projection.years, dtype=np.float64)
    t = np.array(list(years), dtype=np.float64)
    out = np.zeros((len(t), len(projection.groups)))
    for j, g in enumerate(projection.groups):
        vals = libm.log([projection.persons[(g.label, int(y))] for y in known])
        path = PchipInterpolator(known, vals, extrapolate=False)
        slope = path.derivative()
        inside = np.clip(t, known[0], known[-1])
        # continue linearly in log (at the end's growth rate) outside the anchors
        out[:, j] = libm.exp(path(inside) + slope(inside) * (t - inside))
    return out


@dataclass(frozen=True)
class Migration(Derived):
    """Births per adult and the yearly net migration by age group."""

    birth_rate_per_adult: float
    net: NDArray[np.int64]              # net migrants (year index, age group)
    sources: Mapping[str, str]


def net_migration(projection: Projection, life: LifeTable, ages: AgeStructure,
                  p: ParameterSet, years: range) -> Migration:
    """Net migrants per year and age group that make an expected-value projection (births,
    deaths, ageing) meet SSB's persons on 1 January of the next year.

    Immigrants spread within a group by its weights; a surplus is removed proportionally.
    """
    birth_rate = p["birth_rate_per_adult"]
    targets = ssb_targets(projection, range(years.start + 1, years.stop + 1))
    a = np.arange(life.max_age + 1)
    adult = (a >= BIRTH_AGES[0]) & (a <= BIRTH_AGES[1])
    n = ages.initial.astype(np.float64)
    net = np.zeros((len(years), len(ages.labels)), dtype=np.int64)
    for i in range(len(years)):
        births = birth_rate * n[adult].sum()
        surv = n * libm.exp(-life.mu)
        nxt = np.zeros_like(n)
        nxt[1:] = surv[:-1]
        nxt[0] = births
        for j in range(len(ages.labels)):
            mask = ages.age_group_of == j
            delta = targets[i, j] - nxt[mask].sum()
            net[i, j] = round(delta)
            if delta >= 0:
                nxt[mask] += delta * ages.weights[j, mask]
            else:
                nxt[mask] *= targets[i, j] / nxt[mask].sum()
        n = nxt
    return Migration(birth_rate, net, {
        "birth_rate_per_adult": p.source("birth_rate_per_adult"),
        "net": "derived: SSB persons next 1 Jan (population.csv, monotone cubic on log "
               "persons between the projection years, sim.derive.demography.ssb_targets) "
               "minus the expected survivors and births"})
