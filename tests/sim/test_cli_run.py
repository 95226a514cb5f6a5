"""`trappa run` / `compare` end to end on a short horizon, and bad scenario files."""

from __future__ import annotations

import json

import pandas as pd

from tests.conftest import run_cli
from tests.sim.conftest import scenario_file


def test_compare_writes_the_output_contract(tmp_path):
    a = scenario_file(tmp_path, "normal", end_year=2025)
    b = scenario_file(tmp_path, "proactive", end_year=2025)
    out = tmp_path / "run"
    r = run_cli("compare", str(a), str(b), "--runs", "2", "--seed", "5", "--out", str(out),
                "--no-plots")
    assert r.returncode == 0, r.stderr
    assert str(out.resolve()) in r.stdout
    yearly = pd.read_parquet(out / "yearly")
    for col in ("scenario", "replication", "year", "trinn", "group", "recipients",
                "person_years", "cost_nok", "staff_hours", "fte"):
        assert col in yearly.columns
    assert set(yearly.scenario) == {"normal", "proactive"}
    assert sorted(yearly.replication.unique()) == [0, 1]
    assert sorted(yearly.year.unique()) == [2024, 2025]
    assert set(yearly.trinn) == set(range(1, 13))
    pop = pd.read_parquet(out / "population")
    assert set(pop.age_group) == {"0-17", "18-49", "50-66", "67-79", "80-89", "90+"}
    summary = pd.read_parquet(out / "summary.parquet")
    assert {"mean", "p05", "p50", "p95"} <= set(summary.columns)
    meta = json.loads((out / "run.json").read_text())
    assert meta["seed"] == 5
    assert meta["replications"] == 2
    assert [s["name"] for s in meta["scenarios"]] == ["normal", "proactive"]
    assert len(meta["input_hashes"]) >= 7
    assert meta["code_version"]["trappa"]
    # FTE and head count follow from staff hours with the stated parameters
    row = yearly[yearly.staff_hours > 0].iloc[0]
    assert row.fte == row.staff_hours / 1595
    assert abs(row.head_count - row.fte / 0.67) < 1e-9


def test_bad_scenario_file_one_line_and_no_output(tmp_path):
    bad = tmp_path / "bad.toml"
    base = scenario_file(tmp_path, "normal").as_posix()
    bad.write_text(f'base = "{base}"\nname = "bad"\n[groups.dementia.new_cases.2025]\n'
                   'proactiv = 1.0\n', encoding="utf-8")
    out = tmp_path / "run"
    r = run_cli("run", str(bad), "--out", str(out))
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert "bad.toml" in lines[0], r.stderr
    assert "proactiv" in lines[0], r.stderr
    assert not out.exists()


def test_unknown_scenario_name():
    r = run_cli("run", "no-such-scenario")
    assert r.returncode == 2
    assert "no-such-scenario" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_bad_runs_argument():
    r = run_cli("run", "normal", "--runs", "0")
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1
