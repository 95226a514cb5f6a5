"""``trappa calibrate`` on the run backends: the same fitted file on every backend.

A small calibration (3 one-year replications per evaluation, 1 full-horizon replication per
strategy) in this process with the reference loop, and on the process backend with two
workers through the adapter the command line uses.
"""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import pandas as pd

from calibration.horizon import StrategyValues
from calibration.simulate import moments, moments_at, one_year, run, run_many
from calibration.targets import Conform
from calibration.workflow import calibrate, prepare
from runners.replications import BackendReplications


def _calibrate(out: Path, **kwargs: object):
    return calibrate(prepare("faerder"), out, runs=3, seed=11, horizon_runs=1,
                     write_report_files=False, **kwargs)  # type: ignore[arg-type]


def test_serial_and_process_give_the_same_fitted_file(tmp_path: Path):
    serial = _calibrate(tmp_path / "serial.toml")
    with BackendReplications("process", 2) as on_pool:
        pooled = _calibrate(tmp_path / "process.toml", replicate=on_pool)
    a = tomllib.loads((tmp_path / "serial.toml").read_text(encoding="utf-8"))
    b = tomllib.loads((tmp_path / "process.toml").read_text(encoding="utf-8"))
    assert a["parameters"]  # the fit wrote values, and every one of them is the same
    assert a == b
    assert list(serial.fit.x) == list(pooled.fit.x)
    assert serial.fit.evaluations == pooled.fit.evaluations
    pd.testing.assert_frame_equal(serial.table, pooled.table)
    assert serial.horizon is not None
    assert pooled.horizon is not None
    pd.testing.assert_frame_equal(serial.horizon.care_fte, pooled.horizon.care_fte)
    pd.testing.assert_frame_equal(serial.horizon.dementia_cost, pooled.horizon.dementia_cost)


def test_several_strategies_as_one_set_of_tasks_equal_one_after_another():
    # run_many on a pool (BackendReplications.many: task = replication x strategies +
    # strategy) against each strategy alone in this process: every replication of every
    # strategy in its place, bit for bit (two of each, so that a swap of the two would show)
    problem = prepare("faerder")
    strategies = [dataclasses.replace(s, end_year=s.start_year + 1)
                  for s in problem.strategies[:2]]
    assert strategies[0].name != strategies[1].name
    pop = [t for t in problem.targets if t.conform is Conform.POPULATION_1JAN
           and t.year <= strategies[0].end_year]
    summary = StrategyValues(pop, strategies[0].name)
    alone = [run(problem.m, s, {}, 2, 11, summary) for s in strategies]
    with BackendReplications("process", 2) as on_pool:
        together = run_many(problem.m, strategies, {}, 2, 11, summary, replicate=on_pool)
    assert len(alone[0][0]) > len(alone[1][0])  # the status quo's series and targets too
    assert [[v.tobytes() for v in s] for s in together] == [
        [v.tobytes() for v in s] for s in alone]
    assert alone[0][0].tobytes() != alone[0][1].tobytes()  # the replications differ


def test_parameter_points_as_one_set_of_tasks_equal_one_after_another():
    # moments_at on a pool (BackendReplications.points: task = replication x points +
    # point) against each point alone in this process (calibration.simulate.serial): every
    # replication at every point in its place, bit for bit; the pool started early
    # (`start`, as the command line does) and its empty batch collected by the first call
    problem = prepare("faerder")
    scenario = one_year(problem.strategies[0])
    targets = [t for t in problem.targets if t.fitted and t.weight > 0]
    points = [{}, {"entry_scale:frail_elderly:6": 1.5}, {"entry_scale:frail_elderly:6": 0.7}]
    alone = [moments(problem.m, scenario, p, targets, 2, 11) for p in points]
    with BackendReplications("process", 2) as on_pool:
        on_pool.start()
        together = moments_at(problem.m, scenario, points, targets, 2, 11,
                              replicate=on_pool)
        again = moments(problem.m, scenario, points[1], targets, 2, 11, replicate=on_pool)
    assert [a.tobytes() for a in together] == [a.tobytes() for a in alone]
    assert again.tobytes() == alone[1].tobytes()
    assert alone[0].tobytes() != alone[1].tobytes()  # the points differ
    assert alone[0][0].tobytes() != alone[0][1].tobytes()  # the replications differ


def test_a_started_pool_that_never_runs_closes():
    # `start` before an input error: the command stops the workers it started at once
    replicate = BackendReplications("process", 2)
    replicate.start()
    replicate.__exit__(ValueError, ValueError("bad input"), None)
    replicate.close()  # nothing left to stop
