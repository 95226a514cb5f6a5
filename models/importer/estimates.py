"""What a consultant may not have, estimated from Færder's data and labelled "estimated".

Færder (the shipped dataset, from the seeds) is the reference: its 2024 recipients per trinn
split over age by the need groups' shares and age profiles give an age-specific use of each
trinn, which applied to another municipality's population gives its recipients; Færder's
cost per recipient (per inhabitant for trinn 1-3) gives the cost. Ages are spread uniformly
within the SSB groups for these estimates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from models.demography import Projection
from models.ladder import TrinnKind
from models.lifetable import SURVIVAL_SPREAD_FROM_AGE, hazards, spread_weights
from models.municipality import Municipality

MAX_AGE = 105


@dataclass(frozen=True, slots=True)
class StaircaseRow:
    """One trinn's 2024 figures as written to trinn.csv."""

    trinn: int
    recipients: int | None
    cost_mnok: float
    per_recipient_nok: float | None
    source: str
    estimated: bool


def single_ages(proj: Projection, year: int) -> NDArray[np.float64]:
    """Persons by single age 0..105, uniform within each group (the open group to 105)."""
    out = np.zeros(MAX_AGE + 1)
    for g in proj.groups:
        hi = min(g.age_max, MAX_AGE)
        out[g.age_min:hi + 1] += proj.persons[(g.label, year)] / (hi - g.age_min + 1)
    return out


def single_ages_of(groups: list[tuple[int, int, float]]) -> NDArray[np.float64]:
    """As `single_ages` for (age_min, age_max, persons) triples."""
    out = np.zeros(MAX_AGE + 1)
    for lo, hi, n in groups:
        hi = min(hi, MAX_AGE)
        out[lo:hi + 1] += n / (hi - lo + 1)
    return out


def _profile_by_age(ref: Municipality, profile: str) -> NDArray[np.float64]:
    out = np.zeros(MAX_AGE + 1)
    for g in ref.projection.groups:
        out[g.age_min:min(g.age_max, MAX_AGE) + 1] = ref.needs.profiles[profile][g.label]
    return out


def use_rates(ref: Municipality, year: int = 2024) -> dict[int, NDArray[np.float64]]:
    """Færder's recipients of each individual/place trinn per inhabitant, by single age."""
    pop = single_ages(ref.projection, year)
    rates: dict[int, NDArray[np.float64]] = {}
    for t in ref.ladder:
        if t.kind is TrinnKind.UNIVERSAL or not t.recipients_2024:
            continue
        weight = np.zeros(MAX_AGE + 1)
        for c in ref.needs.cells:
            if c.trinn == t.number:
                weight += c.share * _profile_by_age(ref, c.age_profile) * pop
        with np.errstate(invalid="ignore", divide="ignore"):
            rates[t.number] = np.where(pop > 0, t.recipients_2024 * weight / weight.sum() / pop,
                                       0.0)
    return rates


def estimate_staircase(ref: Municipality, pop: NDArray[np.float64]) -> list[StaircaseRow]:
    """All 12 trinn estimated from Færder's age-specific use and cost per recipient."""
    rates = use_rates(ref)
    total = float(pop.sum())
    ref_total = ref.projection.total(2024)
    rows = []
    for t in ref.ladder:
        if t.kind is TrinnKind.UNIVERSAL:
            per_inh = t.cost_2024_mnok * 1e6 / ref_total
            rows.append(StaircaseRow(
                t.number, None, round(per_inh * total / 1e6, 3), None,
                f"estimated: Færder's 2024 cost per inhabitant ({per_inh:,.0f} NOK, "
                f"models/data/faerder/trinn.csv) x {total:,.0f} inhabitants", True))
        elif not t.recipients_2024:
            rows.append(StaircaseRow(t.number, 0, 0.0, None,
                                     "estimated: none, as in Færder 2024", True))
        else:
            n = round(float((rates[t.number] * pop).sum()))
            per = t.cost_2024_mnok * 1e6 / t.recipients_2024
            rows.append(StaircaseRow(
                t.number, n, round(n * per / 1e6, 3), round(per, -2),
                "estimated: Færder's 2024 recipients per inhabitant by age (trinn.csv split by "
                "need_groups.csv and age_profiles.csv) x this population; Færder's cost per "
                f"recipient ({per:,.0f} NOK)", True))
    return rows


def dementia_population(ref: Municipality, groups: list[tuple[int, int, float]],
                        registered: NDArray[np.float64] | None = None
                        ) -> tuple[NDArray[np.float64], str]:
    """The 2024 population by single year of age for the dementia estimate, and how it was
    got: SSB's registered single years (table 07459) where given; else each SSB group spread
    over its single years as the engine spreads it (`models.lifetable.spread_weights`: by
    survival under Færder's mortality, demography.toml, from 67; evenly below), so that the
    oldest years of a wide group such as 80-89, where prevalence is highest, are not
    overcounted (issue 29; before, every group was spread evenly)."""
    if registered is not None:
        return registered, "the 2024 population of SSB table 07459 (registered, single years)"
    d = ref.demography
    mu = hazards(MAX_AGE, d["mortality_makeham"], d["mortality_gompertz_b"],
                 d["mortality_gompertz_c"], d["mortality_level"])
    out = np.zeros(MAX_AGE + 1)
    for lo, hi, n in groups:
        hi = min(hi, MAX_AGE)
        out[lo:hi + 1] += n * spread_weights(lo, hi, mu)
    return out, ("the 2024 population, SSB's groups spread over single years as the engine "
                 f"spreads them (by survival under Færder's mortality from age "
                 f"{SURVIVAL_SPREAD_FROM_AGE}, evenly below)")


def estimate_dementia(ref: Municipality, pop: NDArray[np.float64]) -> float:
    """People with dementia: the HUNT4 age-specific prevalence (dementia.csv) applied to the
    population by single year of age (each year the prevalence of its band)."""
    prev = np.zeros(MAX_AGE + 1)
    for lo, hi, p in ref.needs.dementia_prevalence:
        prev[lo:min(hi, MAX_AGE) + 1] = p
    return float((prev * pop).sum())


def dementia_ages_population(ref: Municipality, pop: NDArray[np.float64]) -> float:
    """Inhabitants of the ages with a dementia prevalence above 0 (dementia.csv): the most
    people with dementia a population can have."""
    at_risk = np.zeros(MAX_AGE + 1, dtype=bool)
    for lo, hi, p in ref.needs.dementia_prevalence:
        at_risk[lo:min(hi, MAX_AGE) + 1] = p > 0
    return float(pop[at_risk].sum())


def age_profile_rows(ref: Municipality, groups: list[tuple[str, int, int]]
                     ) -> list[tuple[str, str, float, str]]:
    """Færder's age profiles on other age groups: the mean over the group's single ages."""
    rows = []
    for profile in ref.needs.profiles:
        by_age = _profile_by_age(ref, profile)
        for label, lo, hi in groups:
            vals = by_age[lo:min(hi, MAX_AGE) + 1]
            same = bool(np.all(vals == vals[0]))
            value = float(vals[0]) if same else round(float(vals.mean()), 4)
            src = ("copied: Færder's value for these ages (models/data/faerder/age_profiles.csv)"
                   if same else "estimated: Færder's profile (models/data/faerder/"
                                "age_profiles.csv) averaged over the single ages of the group")
            rows.append((profile, label, value, src))
    return rows
