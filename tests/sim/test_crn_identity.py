"""Common random numbers keyed by identity (issue 28, item 4): a lever that adds arrivals to
one age group leaves every other citizen's trajectory as it was, although the arrays'
positions of everyone who arrives later shift."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from sim.engine import Replication

SEED = 17
EXTRA = 25   # immigrants added to the oldest age group in each year


def _run(inputs, scenario):
    rep = Replication(inputs, scenario, 0, SEED)
    rep.run()
    return rep


def _trajectories(rep, ages_below: int) -> pd.DataFrame:
    """The records of every citizen younger than ``ages_below`` at the end, by identity."""
    rec = rep.recorder.columns()
    who = rep.draws.identities(np.arange(rep.pop.size))
    young = rep.pop.ages_at(len(rep.inputs.years) - 1) < ages_below
    keep = young[rec["pid"]]
    df = pd.DataFrame({"who": who[rec["pid"][keep]],
                       **{c: rec[c][keep] for c in ("group", "item", "trinn", "start", "end",
                                                    "waited_for")}})
    deaths = pd.DataFrame({"who": who[young], "death": rep.pop.death[young],
                           "gone": rep.pop.gone[young]})
    return (df.sort_values(list(df.columns)).reset_index(drop=True),
            deaths.sort_values("who").reset_index(drop=True))


def test_more_arrivals_in_one_age_group_leave_everyone_else_as_they_were(short_inputs,
                                                                         short_scenarios):
    inputs = short_inputs
    oldest = len(inputs.ages.labels) - 1
    lo = int(np.flatnonzero(inputs.ages.age_group_of == oldest)[0])
    net = inputs.flows.net.copy()
    net[:, oldest] += EXTRA
    more = replace(inputs, flows=replace(inputs.flows, net=net))
    s = short_scenarios["normal"]
    a, b = _run(inputs, s), _run(more, s)
    assert b.pop.size > a.pop.size
    # everyone who never shares an age with the extra arrivals: the same records and deaths
    rec_a, dead_a = _trajectories(a, lo - len(inputs.years))
    rec_b, dead_b = _trajectories(b, lo - len(inputs.years))
    assert len(rec_a) > 1000
    pd.testing.assert_frame_equal(rec_a, rec_b, check_exact=True)
    pd.testing.assert_frame_equal(dead_a, dead_b, check_exact=True)
