"""The shipped Færder calibration meets the acceptance figures, on replications the fit never saw.

The fit used replications 0-119 of the status quo under the root seed 20250212 (see the
fitted file's [meta]); this test runs replications 1000-1199 under the same seed (disjoint
replicate ids: independent draws). 200 one-year replications put the Monte Carlo standard
error of the mean at about 0.8 % for trinn 12 (41 persons; about 4.6 persons between
replications), 0.5 % for trinn 11 and at most 0.4 % elsewhere, 0.1 percentage points for
the 80+ share and 0.1 % for the dementia count; 40 full-horizon replications put it at about
0.7 % for the 90+ group in 2040 and below 0.2 % for every other group. The expected figures
are the seeds' (seed_figures.py), the tolerances the calibration issue's.
"""

from __future__ import annotations

import numpy as np
import pytest

from calibration.fitted import fitted_layer, load_fitted
from calibration.simulate import one_year
from calibration.targets import Target, build_targets, simulated_values
from scenarios import load_scenario, resolve_scenario_path
from sim.derive import derive_inputs
from sim.engine import run_replication
from tests.calibration.seed_figures import DEMENTIA, NO_CARE_80PLUS, SSB, STAIRCASE

pytestmark = pytest.mark.slow

REPLICATIONS = range(1000, 1200)
POPULATION_REPLICATIONS = range(1000, 1040)


def _means(faerder, targets: list[Target], end_year: int, replications: range
           ) -> dict[str, tuple[float, float]]:
    """Return target id -> (mean, Monte Carlo standard error) with the shipped fitted file."""
    scenario = load_scenario(resolve_scenario_path("normal"))
    if end_year == scenario.start_year:
        scenario = one_year(scenario)
    inputs = derive_inputs(faerder, scenario.start_year, end_year, fitted_layer(faerder))
    assert load_fitted("faerder"), "the shipped fitted file is used"
    rows = np.array([simulated_values(targets, run_replication(inputs, scenario, r,
                                                               scenario.seed))
                     for r in replications])
    se = rows.std(axis=0, ddof=1) / np.sqrt(len(rows))
    return {t.id: (float(m), float(s)) for t, m, s in zip(targets, rows.mean(axis=0), se,
                                                          strict=True)}


@pytest.fixture(scope="module")
def start_year(faerder) -> dict[str, tuple[float, float]]:
    targets = [t for t in build_targets(faerder) if t.year == 2024 and t.fitted]
    return _means(faerder, targets, 2024, REPLICATIONS)


@pytest.fixture(scope="module")
def population(faerder) -> dict[str, tuple[float, float]]:
    targets = [t for t in build_targets(faerder) if t.id.startswith("population:")]
    return _means(faerder, targets, 2040, POPULATION_REPLICATIONS)


@pytest.mark.parametrize("trinn", sorted(STAIRCASE))
def test_recipients_within_3_percent(start_year, trinn):
    mean, se = start_year[f"recipients:2024:{trinn}"]
    expected = STAIRCASE[trinn][0]
    assert abs(mean / expected - 1) <= 0.03, f"{trinn}: {mean:.1f} vs {expected} (SE {se:.2f})"


@pytest.mark.parametrize("trinn", sorted(STAIRCASE))
def test_cost_within_5_percent(start_year, trinn):
    mean, se = start_year[f"cost:2024:{trinn}"]
    expected = STAIRCASE[trinn][1] * 1e6
    assert abs(mean / expected - 1) <= 0.05, f"{trinn}: {mean:.4g} vs {expected:.4g} (SE {se:.3g})"


def test_share_80plus_without_care_within_3_points(start_year):
    mean, se = start_year["no_care_80plus:2024"]
    assert abs(mean - NO_CARE_80PLUS) <= 0.03, f"{mean:.3f} (SE {se:.4f})"


def test_dementia_prevalence_within_2_percent(start_year):
    mean, se = start_year["dementia:2024"]
    assert abs(mean / DEMENTIA - 1) <= 0.02, f"{mean:.1f} (SE {se:.2f})"


@pytest.mark.parametrize("year", sorted(SSB))
def test_population_by_age_group(population, year):
    for group, expected in SSB[year].items():
        mean, se = population[f"population:{year}:{group}"]
        tolerance = 0.01 if group == "total" else 0.02
        assert abs(mean / expected - 1) <= tolerance, (
            f"{group} {year}: {mean:.0f} vs {expected} (SE {se:.1f})")
