"""Færder's dementia dynamics against the published figures of dementia_epidemiology.csv.

Two kinds of check. Exact arithmetic on the derived rates (sim/derive/dementia.py): the
illness-death model keeps the HUNT4 age prevalence and the life table at every age, the
stationary population it implies satisfies prevalence = onsets x mean duration, the median
survival after onset is Rait et al.'s, and the 70+ incidence is compared with HUNT4's. Monte
Carlo on the engine: the 2024 cases (684 on 1 January), onsets and deaths of persons with
dementia equal their expected values within four standard errors of the replication mean.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from models.municipality import load_municipality
from scenarios import load_scenario
from sim.derive import derive_inputs
from sim.derive.dementia import year_of_age
from sim.engine import Replication, run_replication
from sim.lifetable import death_ages
from tests.sim.conftest import scenario_file

FIGURES = Path(__file__).parents[2] / "models" / "data" / "faerder" / "dementia_epidemiology.csv"
PREVALENT_2024 = 684   # seed 000/001: 'alle 684 personene med antatt demensdiagnose'
N = 24                 # one-year replications for the Monte Carlo checks


def figure(measure: str, age_from: int) -> pd.Series:
    table = pd.read_csv(FIGURES, comment="#")
    row = table[(table.measure == measure) & (table.age_from == age_from)]
    assert len(row) == 1, f"{measure} {age_from}"
    return row.iloc[0]


@pytest.fixture(scope="module")
def inputs():
    return derive_inputs(load_municipality("faerder"), 2024, 2025)


def _year_alive_ill(m0: np.ndarray, m1: np.ndarray) -> np.ndarray:
    """P(alive at the year's end) after an onset at a uniform time (as in year_of_age)."""
    return np.where(np.isclose(m0, m1), np.exp(-m0),
                    (np.exp(-m0) - np.exp(-m1)) / np.where(np.isclose(m0, m1), 1.0, m1 - m0))


def test_illness_death_model_keeps_prevalence_and_life_table(inputs):
    epi, prev, mu = inputs.epidemiology, inputs.prevalence.weight, inputs.life.mu
    rising = np.flatnonzero(np.diff(prev) >= 0)
    for a in rising[(rising >= 55) & (rising < inputs.life.max_age)]:
        p, i, m0, m1 = prev[a], epi.onset[a], epi.mu_free[a], epi.mu_case[a]
        g = _year_alive_ill(np.array(m0), np.array(m1))
        cases = p * math.exp(-m1) + (1 - p) * i * float(g)
        free = (1 - p) * (1 - i) * math.exp(-m0)
        assert cases + free == pytest.approx(math.exp(-mu[a]), rel=1e-9), a
        assert cases / (cases + free) == pytest.approx(prev[a + 1], rel=1e-9), a


def test_stationary_prevalence_is_onsets_times_duration(inputs):
    """In the stationary population of the life table (l(a) = exp(-H(a)) per birth), the
    cases on each 1 January are the earlier onsets still alive: sum over onset ages of
    onsets x the expected number of 1 Januaries each lives with dementia (its duration in
    the model's yearly steps). Exact, as the derived rates keep prevalence at every age."""
    epi, prev = inputs.epidemiology, inputs.prevalence.weight
    m0, m1 = epi.mu_free, epi.mu_case
    alive = np.exp(-inputs.life.cum[:-1])
    prevalent = float((alive * prev).sum())
    onsets_alive_at_year_end = alive * (1 - prev) * epi.onset * _year_alive_ill(m0, m1)
    s_case = np.exp(-epi.cum_case)
    top = inputs.life.max_age
    januaries = np.array([s_case[a + 1:top + 1].sum() / s_case[a + 1] for a in range(top)])
    assert prevalent == pytest.approx(float((onsets_alive_at_year_end[:top] * januaries).sum()),
                                      rel=1e-6)
    # in person-years (half a year in the onset year) the mean duration is 4-5 years
    duration = float((onsets_alive_at_year_end[:top] * januaries).sum()
                     / (alive * (1 - prev) * epi.onset).sum())
    assert 3.0 < duration < 6.0, duration


def _onset_weighted_median(inputs, lo: int, hi: int) -> float:
    epi, prev, n = inputs.epidemiology, inputs.prevalence.weight, inputs.ages.initial
    w = (epi.onset * (1 - prev) * n)[lo:hi + 1]
    a = np.arange(lo, hi + 1)
    median = death_ages(a, np.full(len(a), 0.5), epi.cum_case) - a
    return float((w * median).sum() / w.sum())


@pytest.mark.parametrize("age_from", [60, 90])
def test_median_survival_after_onset_is_rait_2010(inputs, age_from):
    """dementia_mortality_hr_70 / _90 are set from Rait et al.'s medians to two significant
    figures: within 10 % of them, and inside their interquartile ranges."""
    fig = figure("median_survival", age_from)
    got = _onset_weighted_median(inputs, int(fig.age_from), min(int(fig.age_to), 104))
    assert abs(got / fig.value - 1) <= 0.10, f"{got:.2f} vs {fig.value}"
    assert fig.low <= got <= fig.high


def test_hazard_ratio_within_the_cited_range(inputs):
    """The hazard ratio averaged over the 2024 cases lies within the cited studies' intervals
    (community cohorts 2.0-3.2 at old ages; the meta-analysis over all ages 3.5-9.9), and at
    90+ within the community cohorts' (whose members are mostly old)."""
    n, prev, hr = inputs.ages.initial, inputs.prevalence.weight, inputs.epidemiology.hazard_ratio
    mean_hr = float((n * prev * hr).sum() / (n * prev).sum())
    hrs = pd.read_csv(FIGURES, comment="#").query("measure == 'mortality_hr'")
    assert hrs.low.min() <= mean_hr <= hrs.high.max(), mean_hr
    community = hrs[hrs.age_from == 65]
    assert community.low.min() <= hr[90:].min() <= hr[90:].max() <= community.high.max()


def test_incidence_70plus_against_hunt4(inputs):
    """New cases per 1000 dementia-free person-years 70+ in Færder 2024. HUNT4's 43.9
    (40.8-47.1) is standardized to Norway; the model's follows from the approximate HUNT4
    prevalence bands (dementia.csv) and the survival above, and comes out about a fifth
    lower (35-36). The check guards that gap (at most 25 %) and that new cases are now
    well above the 19 per 1000 of equal mortality (the model before excess mortality)."""
    epi, prev, n = inputs.epidemiology, inputs.prevalence.weight, inputs.ages.initial
    free = (n * (1 - prev))[70:]
    rate = 1000 * float((epi.onset[70:] * free).sum() / free.sum())
    hunt = figure("incidence", 70)
    assert abs(rate / hunt.value - 1) <= 0.25, f"{rate:.1f} vs {hunt.value}"
    equal_mortality = [year_of_age(prev[a], prev[a + 1], inputs.life.mu[a], 1.0)[0]
                       for a in range(70, inputs.life.max_age)]
    rate_equal = 1000 * float((np.array(equal_mortality) * free[:-1]).sum() / free.sum())
    assert rate > 1.5 * rate_equal


def _expected_flows(inputs) -> tuple[float, float]:
    """Expected onsets and deaths of persons with dementia in 2024 (1 January state: the
    profile's cases, everyone else dementia-free)."""
    epi, prev, n = inputs.epidemiology, inputs.prevalence.weight, inputs.ages.initial
    m0, m1, i = epi.mu_free, epi.mu_case, epi.onset
    at_entry = np.where(m0 > 0, (1 - np.exp(-m0)) / np.where(m0 > 0, m0, 1), 1.0)
    cases = n * prev * inputs.prevalence.prevalent / float((n * prev).sum())
    onsets = float((n * (1 - prev) * i * at_entry).sum())
    deaths = float((cases * (1 - np.exp(-m1))).sum()
                   + (n * (1 - prev) * i * (at_entry - _year_alive_ill(m0, m1))).sum())
    return onsets, deaths


@pytest.fixture(scope="module")
def demography_2024(inputs, tmp_path_factory):
    s = load_scenario(scenario_file(tmp_path_factory.mktemp("s"), "normal", end_year=2025))
    frames = [run_replication(inputs, s, r, s.seed).demography for r in range(N)]
    return pd.concat(frames).query("year == 2024")


def test_engine_2024_prevalence(inputs, demography_2024, tmp_path):
    # 684 cases on 1 January, at each age as many as inhabitants x the prevalence profile
    rep = Replication(inputs, load_scenario(scenario_file(tmp_path, "normal", end_year=2025)),
                      0, 1)
    rep.start()
    ages = rep.pop.ages_at(0)[rep.pop.dementia]
    assert len(ages) == PREVALENT_2024
    expected = inputs.ages.initial * inputs.prevalence.weight
    by_age = np.bincount(ages, minlength=len(expected))
    assert np.abs(by_age - expected).max() < 1  # largest remainder: within one per age
    # the year's average grows with the old population (the calibration's tolerance, 2 %)
    mean = demography_2024.dementia_person_years.mean()
    assert abs(mean / PREVALENT_2024 - 1) <= 0.02, mean


@pytest.mark.parametrize("column", ["dementia_onsets", "dementia_deaths"])
def test_engine_2024_flows_follow_the_derived_rates(inputs, demography_2024, column):
    expected = dict(zip(["dementia_onsets", "dementia_deaths"], _expected_flows(inputs),
                        strict=True))[column]
    v = demography_2024[column]
    se = v.std(ddof=1) / math.sqrt(len(v))
    assert abs(v.mean() - expected) <= 4 * se, f"{v.mean():.1f} vs {expected:.1f} (SE {se:.1f})"
    # and far more new cases a year than the 85 of equal mortality (issue 14)
    assert demography_2024.dementia_onsets.mean() > 1.5 * 85


def test_engine_keeps_the_prevalence_profile_to_2040(tmp_path):
    """Cases on 1 January 2040 / inhabitants x the 2024 prevalence profile, by age group, over
    20 replications: 1 within four standard errors. New cases, the deaths with dementia and
    the immigrants who arrive with it (SSB's net migration into the old groups) keep the
    profile; without the excess mortality or the arrivals it would drift.

    20, not 10: the standard error is estimated from the replications themselves, and from
    10 it is too noisy for a bound of four of them (Student's t with 9 degrees of freedom);
    when the draws became keyed by identity (issue 28), replications 0-9 happened to give
    the 90+ group an SE of half its usual size (1.029 +- 0.006), while 0-19 give 1.017 +-
    0.011 and 10-29 give 1.001 +- 0.012."""
    m = load_municipality("faerder")
    inp = derive_inputs(m, 2024, 2040)
    s = load_scenario(scenario_file(tmp_path, "normal", end_year=2040))
    ratios = []
    for r in range(20):
        rep = Replication(inp, s, r, s.seed)
        rep.start()
        rep.simulate()
        k = 2040 - 2024
        here = rep.pop.present(float(k))
        ages = rep.pop.ages_at(k)[here]
        ill = (rep.pop.dementia & (rep.pop.onset <= k))[here]
        ratios.append([ill[(ages >= lo) & (ages <= hi)].sum()
                       / inp.prevalence.weight[ages[(ages >= lo) & (ages <= hi)]].sum()
                       for lo, hi in ((60, 79), (80, 89), (90, inp.life.max_age))])
    v = np.array(ratios)
    se = v.std(axis=0, ddof=1) / math.sqrt(len(v))
    assert np.all(np.abs(v.mean(axis=0) - 1) <= 4 * se), (v.mean(axis=0), se)
