"""Pure parts of the engine, against hand calculations: the remaining stage lengths of a
dementia case, bulk records, and the garbage-collector pause around a replication."""

from __future__ import annotations

import gc

import numpy as np
import pytest

from sim.citizens import Recorder
from sim.engine import remaining_stage_lengths, run_replication

# the normal persona's stages (seed 000: 3 years without service, home nursing 3 + 6 + 5,
# nursing home 2), 19 persona years in all
NORMAL = np.array([3.0, 3.0, 6.0, 5.0, 2.0])


def test_new_case_stretches_the_persona_to_its_remaining_life():
    # behind 0, factors 1, 38 years to death: every stage doubles
    first, lengths = remaining_stage_lengths(NORMAL, np.ones((1, 5)), np.zeros(1),
                                             np.array([38.0]))
    assert first.tolist() == [0]
    assert lengths[0].tolist() == pytest.approx([6, 6, 12, 10, 4])


def test_case_under_way_runs_the_rest_of_its_stage_then_the_others():
    # 4 persona years behind: stage 0 done (3), 1 of stage 1's 3 years done, so ahead are
    # 2, 6, 5, 2 = 15 persona years, rescaled to 30 years of life left: 4, 12, 10, 4
    first, lengths = remaining_stage_lengths(NORMAL, np.ones((1, 5)), np.array([4.0]),
                                             np.array([30.0]))
    assert first.tolist() == [1]
    assert lengths[0].tolist() == pytest.approx([0, 4, 12, 10, 4])


def test_stage_boundary_and_gamma_factors():
    # exactly 3 years behind: stage 1 starts whole. Factors 2 on stage 1 and 0.5 on stage
    # 4: ahead 6 + 6 + 5 + 1 = 18 persona years over 9 years of life: 3, 3, 2.5, 0.5
    factors = np.array([[1.0, 2.0, 1.0, 1.0, 0.5]])
    first, lengths = remaining_stage_lengths(NORMAL, factors, np.array([3.0]), np.array([9.0]))
    assert first.tolist() == [1]
    assert lengths[0].tolist() == pytest.approx([0, 3, 3, 2.5, 0.5])


def test_last_stage_is_never_wholly_behind():
    # 18.5 of 19 persona years behind: half a year of the last stage is left, stretched to 2
    first, lengths = remaining_stage_lengths(NORMAL, np.ones((1, 5)), np.array([18.5]),
                                             np.array([2.0]))
    assert first.tolist() == [4]
    assert lengths[0].tolist() == pytest.approx([0, 0, 0, 0, 2])


def test_bulk_records_drop_empty_stays_and_join_the_others():
    rec = Recorder()
    rec.add_many(np.array([4, 5, 6]), group=1, item=2, trinn=7,
                 start=np.array([0.0, 1.0, 2.0]), end=np.array([0.5, 1.0, 3.0]))
    rec.add(9, 0, 3, 11, 2.0, 4.0, waited_for=11)
    cols = rec.columns()
    assert cols["pid"].tolist() == [4, 6, 9]
    assert cols["trinn"].tolist() == [7, 7, 11]
    assert cols["waited_for"].tolist() == [0, 0, 11]
    assert cols["end"].tolist() == [0.5, 3.0, 4.0]
    assert cols["pid"].dtype == np.int64
    assert cols["start"].dtype == np.float64
    assert cols["one_offs"].shape == (0, 5)


@pytest.mark.parametrize("enabled", [True, False])
def test_replication_restores_the_garbage_collector(short_inputs, short_scenarios, enabled):
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        run_replication(short_inputs, short_scenarios["normal"], 0, 1)
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
