"""The sweep file: strict validation before anything runs, and the plan it gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from runners.errors import SweepError
from runners.plan import Auto
from runners.sweep_file import load_sweep
from scenarios import ScenarioError
from tests.runners.conftest import cli, run_main, write_scenario, write_sweep


def test_a_sweep_file_gives_the_plan(tmp_path):
    plan = load_sweep(write_sweep(tmp_path, runs=3, draws=4, seed=9))
    assert [s.name for s in plan.scenarios] == ["normal", "proactive"]
    assert plan.seed == 9
    assert plan.runs == 3
    assert plan.n_draws == 4
    assert all(s.seed == 9 and s.replications == 3 for s in plan.scenarios)
    assert set(plan.draws[0]) == {"mortality_level", "entry_scale:frail_elderly:11"}
    assert plan.n_tasks(3) == 3 * 4 * 2
    # task index: replicate-major, then draw, then scenario
    tasks = [plan.task(i) for i in (0, 1, 2, 9)]
    assert [(t.scenario, t.draw, t.replication) for t in tasks] == [
        (0, 0, 0), (1, 0, 0), (0, 1, 0), (1, 0, 1)]
    manifest = plan.manifest()
    assert manifest["runs"] == 3
    assert manifest["draws"] == 4
    assert manifest["tasks"] == 24
    assert len(manifest["parameter_draws"]) == 4


def test_runs_auto(tmp_path):
    body = "precision = 2.5\nmax_runs = 40\nmin_runs = 4\n"
    plan = load_sweep(write_sweep(tmp_path, runs="auto", draws=1, body=body))
    assert plan.runs == Auto(2.5, 40, 4)
    assert plan.manifest()["runs"] == "auto"
    assert plan.manifest()["tasks"] is None


def _error(path: Path) -> str:
    with pytest.raises((SweepError, ScenarioError)) as err:
        load_sweep(path)
    msg = str(err.value)
    assert "\n" not in msg
    assert str(path) in msg
    return msg


@pytest.mark.parametrize(("body", "key", "words"), [
    ('[parameters.mortality_levl]\ndist = "normal"\nmean = 1.0\nsd = 0.1\n',
     "parameters.mortality_levl", "unknown parameter"),
    ('[parameters."entry_scale:children:11"]\ndist = "uniform"\nlower = 0.5\nupper = 1.5\n',
     "parameters.entry_scale:children:11", "no need-group cell"),
    ('[parameters.mortality_level]\ndist = "normal"\nmean = 1.0\n',
     "parameters.mortality_level.sd", "missing"),
    ('[parameters.mortality_level]\ndist = "beta"\n', "parameters.mortality_level.dist",
     "must be one of"),
    ('colour = "blue"\n', "colour", "unknown key"),
    ("precision = 1.0\n", "precision", "only used with"),
])
def test_bad_sweep_files_name_file_and_key(tmp_path, body, key, words):
    msg = _error(write_sweep(tmp_path, draws=1, body=body))
    assert f"key '{key}'" in msg, msg
    assert words in msg, msg


@pytest.mark.parametrize(("field", "value", "key"), [
    ("runs", "0", "runs"), ("runs", '"many"', "runs"), ("draws", "0", "draws"),
    ("seed", "-1", "seed"), ("scenarios", "[]", "scenarios"),
])
def test_bad_values(tmp_path, field, value, key):
    path = write_sweep(tmp_path, draws=1)
    lines = [ln for ln in path.read_text().splitlines() if not ln.startswith(f"{field} =")]
    path.write_text("\n".join([f"{field} = {value}", *lines]) + "\n")
    assert f"key '{key}'" in _error(path)


def test_auto_needs_a_precision_and_draws_need_parameters(tmp_path):
    assert "key 'precision'" in _error(write_sweep(tmp_path, runs="auto", draws=1, body=""))
    assert "key 'draws'" in _error(write_sweep(tmp_path, draws=3, body=""))


def test_a_missing_scenario_or_broken_toml(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text('scenarios = ["no-such"]\n')
    assert "no-such" in _error(path)
    path.write_text("scenarios = [\n")
    assert "invalid TOML" in _error(path)
    assert "file not found" in _error(tmp_path / "absent.toml")


def test_scenarios_must_share_their_years(tmp_path):
    write_scenario(tmp_path, "proactive", name="long", extra="")
    (tmp_path / "long.toml").write_text((tmp_path / "long.toml").read_text()
                                        .replace("end_year = 2027", "end_year = 2028"))
    path = write_sweep(tmp_path, scenarios=("normal", "long"), draws=1, body="")
    status, err = run_main("sweep", str(path), "--out", str(tmp_path / "run"))
    assert status == 2
    assert "end_year" in err
    assert len(err.strip().splitlines()) == 1


def test_bad_input_writes_nothing(tmp_path):
    path = write_sweep(tmp_path, body='[parameters.nope]\ndist = "normal"\nmean = 1\nsd = 1\n')
    out = tmp_path / "run"
    r = cli("sweep", str(path), "--out", str(out))
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "parameters.nope" in lines[0]
    assert str(path) in lines[0]
    assert not out.exists()


@pytest.mark.parametrize(("args", "words"), [
    (("--backend", "process", "--address", "x:1"), "--address"),
    (("--backend", "serial", "--workers", "2"), "--workers"),
    (("--resume",), "--out"),
])
def test_option_clashes_are_one_line(tmp_path, args, words):
    path = write_sweep(tmp_path, draws=1, body="")
    status, err = run_main("sweep", str(path), *args)
    assert status == 2
    assert words in err
    assert len(err.strip().splitlines()) == 1
