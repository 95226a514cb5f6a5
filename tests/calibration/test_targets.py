"""Calibration targets: built from the data with the seeds' figures, read from replications as
worked out by hand.

Expected values are typed here from the seeds (seed 000/001 via DOMAIN.md's tables: the 2024
staircase, SSB's MMMM projection, 684 with dementia, 42 % of 80+ without services in 2023, the
persona's pathway totals), never taken from the code.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from calibration.targets import (
    Conform,
    Loss,
    Measure,
    Target,
    build_targets,
    exact_value,
    simulated_values,
)
from models.errors import TrappaError
from sim.engine import ReplicationResult
from tests.calibration.seed_figures import DEMENTIA, NO_CARE_80PLUS, PERSONA, SSB, STAIRCASE


@pytest.fixture(scope="module")
def targets(faerder) -> dict[str, Target]:
    return {t.id: t for t in build_targets(faerder)}


def test_staircase_targets_are_the_seeds_table(targets):
    for trinn, (recipients, cost_mnok) in STAIRCASE.items():
        rec, cost = targets[f"recipients:2024:{trinn}"], targets[f"cost:2024:{trinn}"]
        assert rec.expected == recipients
        assert cost.expected == pytest.approx(cost_mnok * 1e6)
        assert (rec.conform, cost.conform) == (Conform.STOCK_31DEC, Conform.FLOW_YEAR)
        assert (rec.tolerance, cost.tolerance) == (0.03, 0.05)
        assert rec.fitted
        assert cost.fitted
    # trinn 1-3 are universal and trinn 8 has no one yet: nothing to fit there
    staircase = {k for k in targets if k.startswith(("recipients:", "cost:"))}
    assert staircase == {f"{m}:2024:{t}" for m in ("recipients", "cost") for t in STAIRCASE}


def test_population_targets_are_ssb_and_only_checked(targets):
    for year, groups in SSB.items():
        for group, persons in groups.items():
            t = targets[f"population:{year}:{group}"]
            assert t.expected == persons
            assert t.conform is Conform.POPULATION_1JAN
            assert t.tolerance == (0.01 if group == "total" else 0.02)
            assert not t.fitted


def test_prevalence_share_and_persona(targets):
    dem = targets["dementia:2024"]
    # the seeds' 684 is compared with the year's average prevalence (person-years)
    assert (dem.expected, dem.tolerance, dem.conform) == (DEMENTIA, 0.02, Conform.FLOW_YEAR)
    share = targets["no_care_80plus:2024"]
    assert share.expected == NO_CARE_80PLUS
    assert (share.loss, share.tolerance) == (Loss.ABSOLUTE, 0.03)
    for pathway, total in PERSONA.items():
        t = targets[f"persona:{pathway}"]
        assert t.expected == total
        assert (t.conform, t.weight, t.fitted) == (Conform.EXACT, 0.0, False)


def test_persona_check_reproduces_the_seeds(faerder, targets):
    for pathway, total in PERSONA.items():
        assert exact_value(targets[f"persona:{pathway}"], faerder) == pytest.approx(total,
                                                                                 rel=0.001)


def test_every_target_names_a_source(targets):
    assert all(t.source for t in targets.values())


def _result() -> ReplicationResult:
    """One replication's tables, small enough to sum by hand (two groups per trinn)."""
    yearly = pd.DataFrame([
        (2024, 7, "dementia", 100.0, 20e6), (2024, 7, "frail_elderly", 50.0, 5e6),
        (2024, 11, "dementia", 3.0, 3e6), (2024, 11, "frail_elderly", 7.0, 8e6),
        (2025, 7, "dementia", 999.0, 9e9),
    ], columns=["year", "trinn", "group", "recipients", "cost_nok"])
    population = pd.DataFrame([(2024, "0-17", 10), (2024, "90+", 5), (2025, "0-17", 11),
                               (2025, "90+", 4)], columns=["year", "age_group", "persons"])
    demography = pd.DataFrame([(2024, 70, 70.0, 200, 120)], columns=[
        "year", "dementia_31dec", "dementia_person_years", "persons_80plus_31dec",
        "persons_80plus_in_care_31dec"])
    return ReplicationResult(yearly, population, demography, 0)


def _target(measure: Measure, year: int, key: str) -> Target:
    return Target(f"{measure}:{key}", "", measure, year, key, 1.0, "", Conform.STOCK_31DEC,
                  Loss.RELATIVE, 0.1, 1.0, True, "test")


def test_simulated_values_by_hand():
    ts = [_target(Measure.RECIPIENTS, 2024, "7"), _target(Measure.COST, 2024, "11"),
          _target(Measure.PERSONS, 2025, "90+"), _target(Measure.PERSONS, 2025, "total"),
          _target(Measure.DEMENTIA, 2024, ""), _target(Measure.NO_CARE_80PLUS, 2024, "")]
    got = simulated_values(ts, _result())
    np.testing.assert_allclose(got, [150.0, 11e6, 4.0, 15.0, 70.0, 1 - 120 / 200])


def test_a_year_outside_the_run_is_an_error():
    with pytest.raises(TrappaError, match="horizon too short"):
        simulated_values([_target(Measure.DEMENTIA, 2030, "")], _result())


def test_deviation_residual_and_band():
    rel = Target("r", "", Measure.DEMENTIA, 2024, "", 200.0, "", Conform.STOCK_31DEC,
                 Loss.RELATIVE, 0.02, 4.0, True, "test")
    assert rel.deviation(204.0) == pytest.approx(0.02)
    assert rel.residual(204.0) == pytest.approx(2.0)  # sqrt(4) x 0.02 / 0.02
    assert rel.within(204.0)
    assert not rel.within(204.5)
    ab = Target("a", "", Measure.NO_CARE_80PLUS, 2024, "", 0.42, "share", Conform.STOCK_31DEC,
                Loss.ABSOLUTE, 0.03, 1.0, True, "test")
    assert ab.deviation(0.40) == pytest.approx(-0.02)
    assert ab.within(0.45)
    assert not ab.within(0.3899)


@pytest.mark.parametrize(("expected", "tolerance", "weight"),
                         [(0.0, 0.1, 1.0), (1.0, 0.0, 1.0), (1.0, 0.1, -1.0)])
def test_bad_target_is_one_line_error(expected, tolerance, weight):
    with pytest.raises(TrappaError) as err:
        Target("bad", "", Measure.DEMENTIA, 2024, "", expected, "", Conform.STOCK_31DEC,
               Loss.RELATIVE, tolerance, weight, True, "test")
    assert "\n" not in str(err.value)
    assert "bad" in str(err.value)
