"""The fit report's target chart drawn while the other strategies' full-horizon runs go on
(`ChartInBackground`, `run_horizon`'s ``status_quo_done``) is the chart drawn at the end:
the same PNG bytes, the same horizon tables, and the population rows handed over are the
status quo's."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from calibration.fit import SilentProgress
from calibration.horizon import run_horizon
from calibration.report import DPI, ChartInBackground, fit_figure
from calibration.targets import Conform
from calibration.workflow import prepare


def test_the_chart_drawn_on_a_thread_is_the_chart_saved_to_a_file(tmp_path: Path):
    table = pd.DataFrame({
        "id": ["a", "b", "c"], "deviation": [0.01, -0.2, 0.05], "tolerance": [0.02, 0.1, 0.05],
        "p05": [0.9, 70.0, 0.1], "p95": [1.1, 90.0, 0.3], "expected": [1.0, 100.0, 0.2],
        "loss": ["relative", "relative", "absolute"], "fitted": [True, False, True]})
    fit_figure(table).savefig(tmp_path / "fit.png", dpi=DPI)
    assert ChartInBackground(lambda: fit_figure(table)).png() == (
        tmp_path / "fit.png").read_bytes()


def test_a_failed_chart_raises_in_the_caller():
    def broken():
        raise ValueError("no table")

    chart = ChartInBackground(broken)
    with pytest.raises(ValueError, match="no table"):
        chart.png()


def test_the_horizon_in_two_sets_gives_the_same_tables():
    problem = prepare("faerder")
    strategies = [dataclasses.replace(s, end_year=s.start_year + 1)
                  for s in problem.strategies]
    targets = [t for t in problem.targets if t.conform is not Conform.POPULATION_1JAN
               or t.year <= strategies[0].end_year]
    handed: list[tuple[tuple[object, ...], np.ndarray]] = []
    one = run_horizon(problem.m, {}, targets, strategies, 2, 11, SilentProgress())
    two = run_horizon(problem.m, {}, targets, strategies, 2, 11, SilentProgress(),
                      status_quo_done=lambda t, rows: handed.append((t, rows.copy())))
    pd.testing.assert_frame_equal(one.care_fte, two.care_fte)
    pd.testing.assert_frame_equal(one.dementia_cost, two.dementia_cost)
    assert one.population_rows.tobytes() == two.population_rows.tobytes()
    assert len(handed) == 1
    assert handed[0][0] == one.population_targets
    assert handed[0][1].tobytes() == one.population_rows.tobytes()
    assert len(one.dementia_cost["strategy"].unique()) == len(strategies) > 1
