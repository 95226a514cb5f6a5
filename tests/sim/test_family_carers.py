"""Family carers (issue 31): inhabitants 50-66 and 85+ on 31 December, counted by hand from
the replication's single-year population (their ratio: tests/results/test_staffing.py)."""

from __future__ import annotations

import numpy as np

from sim.engine import Replication


def test_the_counts_equal_a_count_of_the_single_year_population(short_inputs,
                                                                short_scenarios) -> None:
    rep = Replication(short_inputs, short_scenarios["normal"], 0, 20250212)
    result = rep.run()
    pop = rep.pop
    demo = result.demography
    for k, year in enumerate(short_inputs.years):
        t = float(k + 1)
        here = (pop.arrival < t) & (pop.gone >= t)
        ages = pop.age_base + k + 1  # the age attained in the year (birthdays on 1 January)
        row = demo[demo["year"] == year].iloc[0]
        assert row["persons_50_66_31dec"] == int(np.sum(here & (ages >= 50) & (ages <= 66)))
        assert row["persons_85plus_31dec"] == int(np.sum(here & (ages >= 85)))
        assert row["persons_85plus_31dec"] < row["persons_80plus_31dec"]
