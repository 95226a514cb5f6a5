"""A single dementia case with the persona's own stage lengths reproduces the seeds' table.

Expected values: the seeds' Johs table (seed 000), typed from the source.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
import simpy

from models.municipality import load_municipality
from sim.accounting import overlap_by_year
from sim.citizens import Recorder, World, dementia_case, dementia_cases_in_bulk
from sim.derive import derive_inputs

SEED_ROWS = {  # cost per table row (ages 70..87, 77 twice), seed 000
    "normal": [0, 0, 0] + [218_102] * 3 + [246_432] * 6 + [371_442] * 5 + [1_003_466] * 2,
    "proactive": [118_431] * 11 + [246_432] * 7 + [1_003_466],
    "reactive": [0] * 5 + [546_666] + [969_468] * 4 + [579_076] * 9,
}
SEED_TOTALS = {"normal": 5_997_040, "proactive": 4_031_231, "reactive": 9_636_222}
SEED_HOURS = {"normal": 11_938, "proactive": 4_482, "reactive": 20_566}


@pytest.fixture(scope="module")
def inputs_and_index():
    m = load_municipality("faerder")
    return derive_inputs(m, 2024, 2040), m.parameters["price_index_2024_per_2023"]


def _run_case(inputs, pathway: str, as_process: bool = True):
    """One case from age 70, dying at 89: as a process, or recorded at onset (the engine's
    path for a case no queue can hold up)."""
    env = simpy.Environment()
    rec = Recorder()
    world = World(env, rec, {}, SimpleNamespace(busy_until=np.zeros(1)),
                  inputs.costing.interim_item, 7, horizon=19.0)
    stages = inputs.dementia_pathways.stages[pathway]
    years = [st.years for st in stages]
    if as_process:
        env.process(dementia_case(world, 0, 0, stages, years, 0.0, 19.0))
        env.run()
        rec = SimpleNamespace(**rec.columns())
    else:
        dementia_cases_in_bulk(rec, np.array([0]), 0, stages, np.array([years]), 0.0,
                             np.array([0.0]), np.array([19.0]), 19.0)
        rec = SimpleNamespace(**rec.columns())
    ov = overlap_by_year(np.array(rec.start), np.array(rec.end), 19)
    cost = np.zeros(19)
    hours = np.zeros(19)
    for i, item in enumerate(rec.item):
        for _, nok, staff in inputs.costing.item_lines[item]:
            cost += ov[i] * nok
            hours += ov[i] * staff
    return cost, hours


@pytest.mark.parametrize("as_process", [True, False])
@pytest.mark.parametrize("pathway", ["normal", "proactive", "reactive"])
def test_case_cost_by_year_matches_seed_rows(inputs_and_index, pathway, as_process):
    inputs, index = inputs_and_index
    cost, hours = _run_case(inputs, pathway, as_process)
    cost_2023 = cost / index  # the seeds' table is in calculator prices (Nov 2023)
    for k, seed in enumerate(SEED_ROWS[pathway]):
        assert cost_2023[k] == pytest.approx(seed, rel=0.005, abs=1.0), f"row {k + 1}"
    assert cost_2023.sum() == pytest.approx(SEED_TOTALS[pathway], rel=0.001)
    assert hours.sum() == pytest.approx(SEED_HOURS[pathway], rel=0.005)


def test_case_occupies_the_persona_trinn(inputs_and_index):
    inputs, _ = inputs_and_index
    stages = inputs.dementia_pathways.stages["normal"]
    # normal: 3 years without service, home nursing (trinn 7) for 14 rows, nursing home (11) 2
    assert [st.trinn for st in stages] == [0, 7, 7, 7, 11]
    assert [st.years for st in stages] == [3, 3, 6, 5, 2]
