"""Trinn 1-3 in a run: recipients are the inhabitants on 31 December (README, output
contract), and trinn 1's kindergarten, school and SFO follow the inhabitants 0-17."""

from __future__ import annotations

import numpy as np
import pytest

from sim.engine import Replication

SEED = 20250212


@pytest.fixture(scope="module")
def normal_run(short_inputs, short_scenarios):  # type: ignore[no-untyped-def]
    return Replication(short_inputs, short_scenarios["normal"], 0, SEED).run()


def test_trinn_1_3_recipients_are_the_inhabitants_on_31_december(normal_run) -> None:  # type: ignore[no-untyped-def]
    d = normal_run.demography.set_index("year")
    y = normal_run.yearly
    for t in (1, 2, 3):
        got = y[(y.trinn == t) & (y.group == "universal")].set_index("year")["recipients"]
        assert (got == d.persons_end).all(), t
    # the start population less deaths is not it: births and immigrants come in each year
    assert ((d.persons_start - d.deaths) != d.persons_end).all()


def test_trinn_1_follows_ages_0_17_and_all_inhabitants(normal_run) -> None:  # type: ignore[no-untyped-def]
    """Cost of trinn 1 in year k over 2024 = (577 x P0-17(k) / 5,454 + 140 x P(k) / 27,501)
    / 717 with the run's own 1 January persons P (seed 000's split; population.csv's 2024
    persons). Person-years are the 1 January persons less half a year of each death, which
    shortens both years alike (deaths move by a few percent a year, about 0.9 % of
    inhabitants die): 0.1 % covers it. Cost per inhabitant alone would be off by 4 % in 2027.
    """
    pop = normal_run.population.pivot(index="year", columns="age_group", values="persons")
    y = normal_run.yearly
    cost = y[(y.trinn == 1) & (y.group == "universal")].set_index("year")["cost_nok"]
    young, total = pop["0-17"], pop.sum(axis=1)
    assert young[2024] == 5454
    assert total[2024] == 27501
    hand = (577 * young / 5454 + 140 * total / 27501) / 717
    np.testing.assert_allclose((cost / cost[2024]).to_numpy(), hand.to_numpy(), rtol=1e-3)
    assert abs(cost[2027] / cost[2024] - total[2027] / total[2024]) > 0.03
