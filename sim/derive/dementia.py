"""Dementia: prevalence by single age, the mortality of people with and without dementia and
the onset probability that together keep the age prevalence (an illness-death model), the
elapsed-time law of cases under way at the start, the persona's pathways as stages, and the
status quo's start-year stock."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from models import libm
from models.layers import ParameterSet
from models.needs import Needs
from models.personas import PersonaPathway
from sim.derive.common import Derived
from sim.derive.costing import Lines, PackageItems, price_factor
from sim.lifetable import cumulative, death_ages

#: Highest prevalence a single age may reach after scaling to the municipality's count: the
#: onset probability divides by (1 - prevalence), which must stay away from 0. Unit: share of
#: the inhabitants of that age (the band data peak near 0.5 at 90+; the cap only guards).
PREVALENCE_CAP = 0.95
#: Quadrature points per dimension for the expected stage shares of cases under way.
STAGE_SHARE_GRID = 64
#: Stage item of a pathway year without municipal service.
NO_ITEM = -1
#: Ages at which the dementia mortality hazard ratios of demography.toml apply; log-linear
#: between them, constant outside (the ratio falls with age: Dewey & Saz 2001, Rait 2010).
HR_ANCHOR_AGES = (70, 90)


@dataclass(frozen=True, slots=True)
class StageSpec:
    """A stage of a dementia pathway: an item (package) placed in a trinn for some persona years."""

    item: int
    trinn: int
    years: float


def smooth_prevalence(needs: Needs, max_age: int) -> NDArray[np.float64]:
    """Prevalence by single age: log-linear between band anchors (0 below the first band).

    A band's anchor is its midpoint; the open top band's is its first age + 2.
    """
    bands = [b for b in needs.dementia_prevalence if b[2] > 0]
    anchors = [((lo + hi) / 2 if hi < max_age else lo + 2, p) for lo, hi, p in bands]
    x = np.array([a for a, _ in anchors])
    y = libm.log([p for _, p in anchors])
    ages = np.arange(max_age + 1)
    prev = libm.exp(np.interp(ages, x, y))
    prev[ages < bands[0][0]] = 0.0
    return prev


@dataclass(frozen=True)
class Prevalence(Derived):
    """The start year's cases and their prevalence by single age."""

    prevalent: int
    weight: NDArray[np.float64]       # prevalence by single age, scaled to ``prevalent``
    sources: Mapping[str, str]


def prevalence(needs: Needs, initial: NDArray[np.int64], p: ParameterSet) -> Prevalence:
    """Scale the band prevalence so that the start-year inhabitants hold the municipality's
    cases, and cap it."""
    prevalent = int(p["dementia_prevalence_2024"])
    prev = smooth_prevalence(needs, len(initial) - 1)
    scaled = np.minimum(prev * (prevalent / float((prev * initial).sum())), PREVALENCE_CAP)
    return Prevalence(prevalent, scaled, {
        "prevalent": p.source("dementia_prevalence_2024"),
        "weight": "derived: dementia.csv bands, log-linear by age, scaled to prevalent, "
                  f"capped at {PREVALENCE_CAP}"})


def hazard_ratio(max_age: int, p: ParameterSet) -> NDArray[np.float64]:
    """Death hazard of people with dementia / that of their dementia-free age peers, by age."""
    lo, hi = HR_ANCHOR_AGES
    logs = libm.log([p["dementia_mortality_hr_70"], p["dementia_mortality_hr_90"]])
    return libm.exp(np.interp(np.arange(max_age + 1), [lo, hi], logs))


def _year_in_both_states(m0: float, m1: float) -> float:
    """Probability of being alive at the end of a year of age for one who falls ill at a
    uniform time in it: the integral of exp(-m0 u - m1 (1 - u)) over u in [0, 1]."""
    if abs(m1 - m0) < 1e-12:
        return float(math.exp(-m0))
    return float((math.exp(-m0) - math.exp(-m1)) / (m1 - m0))


def year_of_age(p_now: float, p_next: float, mu: float, hr: float) -> tuple[float, float, float]:
    """Solve one year of age of the illness-death model; return (onset probability, hazard
    without dementia, hazard with dementia).

    A dementia-free person alive on 1 January falls ill in the year with probability i (at a
    uniform time, if alive then) and dies at hazard m0 before and m1 = hr x m0 after; a case dies
    at m1. Of a cohort with prevalence ``p_now``, the share alive at the year's end is
    A1 + A0 with A1 = p e^-m1 + (1 - p) i g (cases) and A0 = (1 - p)(1 - i) e^-m0 (free), g
    from `_year_in_both_states`. Two conditions fix i and m0: A1 / (A0 + A1) = ``p_next`` (the
    next age's prevalence) and A0 + A1 = e^-mu (the life table's survival, which counts people
    with and without dementia). Where prevalence falls faster than the excess deaths explain,
    i is 0 and only the second condition holds.
    """
    if p_now <= 0 and p_next <= 0:
        return 0.0, mu, hr * mu
    free = 1.0 - p_now
    r = p_next / (1.0 - p_next)

    def onset(m0: float) -> float:
        m1 = hr * m0
        g = _year_in_both_states(m0, m1)
        i = (r * free * math.exp(-m0) - p_now * math.exp(-m1)) / (free * (g + r * math.exp(-m0)))
        return float(min(max(i, 0.0), 1.0))

    def gap(m0: float) -> float:
        m1, i = hr * m0, onset(m0)
        alive = (p_now * math.exp(-m1) + free * i * _year_in_both_states(m0, m1)
                 + free * (1 - i) * math.exp(-m0))
        return float(alive - math.exp(-mu))

    # imported here, not with the module: a run backend's worker unpickles the derived
    # inputs (this module's classes) and never derives; scipy.optimize costs it ~0.5 s
    from scipy.optimize import brentq

    # the free die no faster than the average (hr >= 1): m0 lies in (0, mu]
    m0 = mu if gap(mu) >= 0 else float(brentq(gap, 0.0, mu, xtol=1e-15, rtol=1e-13))
    return onset(m0), m0, hr * m0


@dataclass(frozen=True)
class Epidemiology(Derived):
    """The illness-death model by single age: onset probability among the dementia-free, the
    death hazards without and with dementia (and their cumulative sums)."""

    hazard_ratio: NDArray[np.float64]
    onset: NDArray[np.float64]        # onset probability per dementia-free person-year, by age
    mu_free: NDArray[np.float64]      # death hazard without dementia
    mu_case: NDArray[np.float64]      # death hazard with dementia
    cum_free: NDArray[np.float64]
    cum_case: NDArray[np.float64]
    sources: Mapping[str, str]


def epidemiology(weight: NDArray[np.float64], mu: NDArray[np.float64], p: ParameterSet
                 ) -> Epidemiology:
    """Solve `year_of_age` at every age but the terminal one (nobody outlives it: both hazards
    are the life table's there, and no onset)."""
    hr = hazard_ratio(len(mu) - 1, p)
    onset, mu0, mu1 = np.zeros(len(mu)), mu.copy(), mu.copy()
    for a in range(len(mu) - 1):
        onset[a], mu0[a], mu1[a] = year_of_age(float(weight[a]), float(weight[a + 1]),
                                               float(mu[a]), float(hr[a]))
    hr_src = (f"demography.toml: dementia_mortality_hr_70 and _90, log-linear between ages "
              f"{HR_ANCHOR_AGES[0]} and {HR_ANCHOR_AGES[1]}")
    return Epidemiology(hr, onset, mu0, mu1, cumulative(mu0), cumulative(mu1), {
        "hazard_ratio": hr_src,
        "onset": "derived: illness-death model keeping the age prevalence and the life table "
                 "(sim.derive.dementia.year_of_age)",
        "mu_free": "derived: the life table's hazard less the excess deaths of dementia",
        "mu_case": "derived: mu_free x hazard_ratio",
        "cum_free": "derived: cumulative sum of mu_free",
        "cum_case": "derived: cumulative sum of mu_case"})


def elapsed_cdf(onset: NDArray[np.float64], weight: NDArray[np.float64],
                cum: NDArray[np.float64], cum_case: NDArray[np.float64]) -> NDArray[np.float64]:
    """CDF (age, years since onset) of a case under way at each age.

    A case at age a with e years behind it fell ill at a - e and survived since. Per
    inhabitant of age a (a stationary population, whose size at a - e is exp(H(a) - H(a - e))
    times that at a): i(a - e) (1 - P(a - e)) exp(-(H1(a) - H1(a - e)) + H(a) - H(a - e)), with
    H the life table's and H1 the dementia cumulative hazard; the life still ahead depends on
    a alone.
    """
    max_age = len(onset) - 1
    out = np.zeros((max_age + 1, max_age + 2))
    for a in range(max_age + 1):
        e = np.arange(a + 1)
        w = (onset[a - e] * (1 - weight[a - e])
             * libm.exp(-(cum_case[a] - cum_case[a - e]) + (cum[a] - cum[a - e])))
        if w.sum() > 0:
            out[a, 1:a + 2] = np.cumsum(w) / w.sum()
            out[a, a + 2:] = 1.0
        else:
            out[a, 1:] = 1.0
    return out


@dataclass(frozen=True)
class Pathways(Derived):
    """The dementia persona's pathways as stages, their one-off investments and lengths."""

    stages: Mapping[str, tuple[StageSpec, ...]]
    investment: Mapping[str, float]   # one-off NOK (accounts' prices) at onset
    status_quo: str
    years: float                      # persona years a pathway's stages are scaled from
    stage_shape: float
    sources: Mapping[str, str]


def pathways(persona: Mapping[str, PersonaPathway], status_quo: str, packages: PackageItems,
             p: ParameterSet, persona_source: str, status_quo_source: str) -> Pathways:
    """Turn each pathway's years into stages of package items (item = index in ``packages``)."""
    item = {name: i for i, name in enumerate(packages.names)}
    stages = {name: tuple(StageSpec(item[s.package] if s.package else NO_ITEM,
                                    packages.placement[s.package] if s.package else 0,
                                    float(s.years)) for s in pw.stages())
              for name, pw in persona.items()}
    investment = {name: sum(i.amount_nok * price_factor(i.price_year, p)
                            for i in pw.investments)
                  for name, pw in persona.items()}
    return Pathways(stages, investment, status_quo, p["dementia_pathway_years"],
                    p["dementia_stage_shape"], {
                        "stages": f"pathways.csv, persona from {persona_source}",
                        "investment": "investments.csv, in the accounts' prices",
                        "status_quo": status_quo_source,
                        "years": p.source("dementia_pathway_years"),
                        "stage_shape": p.source("dementia_stage_shape")})


def prevalent_stage_shares(stages: tuple[StageSpec, ...], pathway_years: float,
                           initial: NDArray[np.int64], prev: NDArray[np.float64],
                           elapsed: NDArray[np.float64], cum: NDArray[np.float64],
                           grid: int = STAGE_SHARE_GRID) -> NDArray[np.float64]:
    """Expected share of cases under way in each stage at the start (midpoint quadrature).

    Mirrors the engine: at age a, years since onset E from ``elapsed``, remaining life R
    from the cumulative hazard with dementia ``cum``, position E / (E + R) on the pathway.
    """
    u = (np.arange(grid) + 0.5) / grid
    bounds = np.cumsum([0.0] + [st.years for st in stages]) / pathway_years
    weight = initial * prev
    shares = np.zeros(len(stages))
    for a in np.flatnonzero(weight > 0):
        cdf = elapsed[a]
        idx = np.maximum((cdf[None, :] < u[:, None]).sum(axis=1) - 1, 0)
        e = idx + (u - cdf[idx]) / np.maximum(cdf[idx + 1] - cdf[idx], 1e-12)
        r = death_ages(np.full(grid, a), u, cum) - a
        pos = (e[:, None] / (e[:, None] + r[None, :])).ravel()
        stage = np.minimum(np.searchsorted(bounds, pos, side="right") - 1, len(stages) - 1)
        shares += weight[a] * np.bincount(stage, minlength=len(stages)) / pos.size
    return shares / weight.sum()


@dataclass(frozen=True)
class StartStock(Derived):
    """The dementia group's expected placements and running cost by trinn at the start,
    under the status-quo pathway."""

    stock: Mapping[int, float]        # persons placed, by placement trinn
    cost: Mapping[int, float]         # NOK per year, by trinn of the lines
    placed_share: float               # share of cases under way in a placement
    sources: Mapping[str, str]


def status_quo_stock(stages: tuple[StageSpec, ...], shares: NDArray[np.float64],
                     prevalent: int, item_lines: tuple[Lines, ...]) -> StartStock:
    """Cases x stage share, summed by placement trinn (stock) and by line trinn (cost)."""
    stock: dict[int, float] = {}
    cost: dict[int, float] = {}
    for st, share in zip(stages, shares, strict=True):
        if st.item == NO_ITEM:
            continue
        stock[st.trinn] = stock.get(st.trinn, 0.0) + prevalent * share
        for t, c, _ in item_lines[st.item]:
            cost[t] = cost.get(t, 0.0) + prevalent * share * c
    placed = sum(sh for st, sh in zip(stages, shares, strict=True) if st.item != NO_ITEM)
    return StartStock(stock, cost, placed, {
        "stock": "derived: prevalent x expected stage shares of the status-quo pathway"})


@dataclass(frozen=True)
class Onsets(Derived):
    """The onset probability the engine draws with, per dementia-free person-year by single
    age (the engine scales it up each year to those free of any episode, `Replication._onsets`)."""

    hazard: NDArray[np.float64]
    sources: Mapping[str, str]


def onset_probability(onset: NDArray[np.float64], p: ParameterSet) -> Onsets:
    """The illness-death model's onset probability x the incidence multiplier (1 in the data;
    a sweep may move it)."""
    return Onsets(onset * p["dementia_incidence_scale"], {
        "hazard": "derived: Epidemiology.onset x " + p.source("dementia_incidence_scale")})


def placed_from_age(stages: tuple[StageSpec, ...], pathway_years: float,
                    initial: NDArray[np.int64], prev: NDArray[np.float64],
                    elapsed: NDArray[np.float64], cum: NDArray[np.float64], age: int
                    ) -> dict[int, float]:
    """Expected cases aged ``age`` and over placed on each trinn at the start, under the
    pathway ``stages``: their expected count (inhabitants x prevalence from that age) x the
    stage shares of the cases of those ages (`prevalent_stage_shares` on them alone), by
    the stages' placement trinn."""
    older = np.where(np.arange(len(initial)) >= age, initial, 0)
    cases = float((older * prev).sum())
    out: dict[int, float] = {}
    if cases <= 0:
        return out
    shares = prevalent_stage_shares(stages, pathway_years, older, prev, elapsed, cum)
    for st, share in zip(stages, shares, strict=True):
        if st.item != NO_ITEM:
            out[st.trinn] = out.get(st.trinn, 0.0) + cases * float(share)
    return out
