"""One task of a run: a replication of a scenario (for a parameter draw), as a pure function.

``run_one(task, shared) -> tables`` is what every backend calls; the serial backend is the
oracle the others must match.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from scenarios import Scenario
from sim.derive import EngineInputs

if TYPE_CHECKING:
    from sim.engine import Summary


@dataclass(frozen=True, slots=True)
class Task:
    """Scenario x draw x replicate: one cell of a run's product."""

    scenario: int      # index into the run's scenarios
    draw: int
    replication: int


@dataclass(frozen=True)
class Shared:
    """What every task of a run reads (sent once to each worker)."""

    scenarios: tuple[Scenario, ...]
    inputs: tuple[EngineInputs, ...]  # one per draw (one, the calibrated inputs, without draws)
    root_seed: int
    #: Keep only this of each replication (calibration), as `SUMMARY`: no tables
    summary: Summary | None = None


TABLES = ("yearly", "population", "demography")
#: The one table of a task run with a `Shared.summary`: its replication and summary array.
SUMMARY = "summary"


def run_one(task: Task, shared: Shared) -> dict[str, pd.DataFrame]:
    """Run one task and return its tables with scenario, draw and replication columns (or,
    with a ``shared.summary``, only its summary: the one table `SUMMARY`)."""
    # imported here, not with the module: a run's driver (process backend) plans, derives
    # and collects but never runs the engine, and sim.engine brings scipy.special (~0.2 s)
    from sim.engine import run_replication, run_summary

    scenario = shared.scenarios[task.scenario]
    if shared.summary is not None:
        values = run_summary(shared.inputs[task.draw], scenario, task.replication,
                             shared.root_seed, shared.summary)
        return {SUMMARY: pd.DataFrame({"replication": [task.replication], "values": [values]})}
    res = run_replication(shared.inputs[task.draw], scenario, task.replication,
                          shared.root_seed)
    out = {}
    for name in TABLES:
        df = getattr(res, name)
        df.insert(0, "replication", task.replication)
        df.insert(0, "draw", task.draw)
        df.insert(0, "scenario", scenario.name)
        out[name] = df
    out["events"] = pd.DataFrame({"scenario": [scenario.name], "draw": [task.draw],
                                  "replication": [task.replication], "events": [res.events]})
    return out
