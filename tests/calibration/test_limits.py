"""A fit that stops at a bound says so: in its warnings, its fitted file and a run's run.json.

The fits here move one parameter, the entry scale of trinn 11 (nursing homes), against the two
targets it steers (recipients and cost of trinn 11 in 2024), on 4 one-year replications. Out of
reach: targets at twice the 2024 staircase with the scale held to [0.9, 1.1]. A trinn's stock
after one year is at most what 10 % more entries add to it, so the fit must stop at the upper
bound and miss both targets. Within reach: the staircase's own figures with the parameter
file's range [0.5, 2] (the shipped fit puts this scale at 0.83).
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import tomllib
from pathlib import Path

import pytest

from calibration.fitted import calibration_for
from calibration.parameters import ParameterSpace, load_space
from calibration.targets import build_targets, targets_path
from calibration.workflow import Outcome, Problem, calibrate
from models.municipality import DATA_DIR, Municipality, load_municipality
from runners.plan import Plan
from scenarios import load_scenario, resolve_scenario_path
from tests.runners.conftest import run_plan, write_scenario

NAME = "entry_scale:*:11"


def _problem(m: Municipality, lo: float, hi: float, factor: float) -> Problem:
    full = load_space(m)
    p = next(q for q in full.free if q.name == NAME)
    space = ParameterSpace((dataclasses.replace(p, prior_min=lo, prior_max=hi),), (),
                           full.cells, full.path)
    targets = tuple(dataclasses.replace(t, expected=t.expected * factor)
                    for t in build_targets(m) if t.id in p.moves)
    normal = load_scenario(resolve_scenario_path("normal"))
    return Problem(m, space, targets, (normal.with_overrides(municipality=str(m.folder)),))


def _fit(m: Municipality, out: Path, lo: float, hi: float, factor: float) -> Outcome:
    return calibrate(_problem(m, lo, hi, factor), out, runs=4, seed=11, horizon_runs=0,
                     write_report_files=False)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An imported-style copy of Færder's data: its fitted file is ``fitted.toml`` inside."""
    dst = tmp_path / "kommune"
    shutil.copytree(DATA_DIR / "faerder", dst)
    shutil.copy(targets_path("faerder"), dst / "targets.toml")
    return dst


def test_a_target_out_of_reach_reports_the_bound(folder: Path, tmp_path: Path):
    m = load_municipality(str(folder))
    out = folder / "fitted.toml"
    outcome = _fit(m, out, 0.9, 1.1, 2.0)
    assert outcome.fit.x[0] == pytest.approx(1.1, rel=0.01)
    bound = [w for w in outcome.warnings if w.kind == "bound"]
    assert [w.subject for w in bound] == [NAME]
    # what it means: the targets it steers, each with its distance
    assert "upper bound 1.1" in bound[0].text
    assert "recipients:2024:11 (deviation" in bound[0].text
    assert "cost:2024:11 (deviation" in bound[0].text
    assert {w.subject for w in outcome.warnings if w.kind == "missed"} == {
        "recipients:2024:11", "cost:2024:11"}
    meta = tomllib.loads(out.read_text(encoding="utf-8"))["meta"]
    assert meta["on_bound"] == NAME
    assert meta["warnings"] == [w.text for w in outcome.warnings]
    # a run on this fit repeats the bound and the misses in run.json
    assert calibration_for(m).fit_warnings == tuple(meta["warnings"])
    scenario = write_scenario(tmp_path, "normal", extra=f'municipality = "{folder.as_posix()}"')
    run_plan(Plan(name="on-bound", scenarios=(load_scenario(scenario),), seed=4, runs=2),
             tmp_path / "run", backend="serial")
    warnings = json.loads((tmp_path / "run" / "run.json").read_text(encoding="utf-8"))["warnings"]
    # after the warning that two replications give a rough interval
    assert warnings[1:] == meta["warnings"]


def test_a_target_within_reach_reports_nothing(folder: Path, tmp_path: Path):
    m = load_municipality(str(folder))
    out = folder / "fitted.toml"
    outcome = _fit(m, out, 0.5, 2.0, 1.0)
    assert 0.55 < outcome.fit.x[0] < 1.8
    assert outcome.warnings == ()
    meta = tomllib.loads(out.read_text(encoding="utf-8"))["meta"]
    assert (meta["on_bound"], meta["warnings"]) == ("none", [])
    assert calibration_for(m).fit_warnings == ()
