"""``--municipality NAME|DIR`` on run, compare, sweep, report and calibrate with a folder the
importer wrote: the shipped strategies run on it without copies, the fitted file goes into the
folder, what the importer estimated is said so, and a folder that is not a municipality is one
line."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import tomllib
from pathlib import Path

import openpyxl
import pytest

from calibration.fitted import FITTED_DIR, fitted_file
from models.municipality import load_municipality
from results.store import read_run
from runners.cli.run import DEFAULT_COMPARE
from scenarios import resolve_scenario_path
from tests.runners.conftest import REPO, SHORT_END, run_main, write_sweep

SSB_FILE = REPO / "models" / "ssb" / "data" / "telemark-14288-2024.csv"
KOMMUNE = "4012"   # Bamble (about 14,000 inhabitants): small and fast, and its data run


def _bamble_2024() -> int:
    """Bamble's inhabitants on 1 Jan 2024 by SSB (table 14288, MMMM), summed from the file."""
    with SSB_FILE.open(encoding="utf-8") as f:
        return sum(int(r["value"]) for r in csv.DictReader(f)
                   if r["region"] == "Bamble" and r["år"] == "2024"
                   and r["statistikkvariabel"] == "Hovedalternativet (MMMM)")


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Bamble, imported by ``trappa municipality import`` from the repository's SSB file."""
    out = tmp_path_factory.mktemp("imported") / "bamble"
    status, err = run_main("municipality", "import", "--kommune", KOMMUNE, "--projection",
                           str(SSB_FILE), "--out", str(out))
    assert status == 0, err
    return out


@pytest.fixture(scope="module")
def compared(folder: Path, tmp_path_factory: pytest.TempPathFactory
             ) -> tuple[Path, dict[str, str], str]:
    """``trappa compare --municipality DIR`` with no scenario files (1 replication)."""
    before = _tree(folder)
    out = tmp_path_factory.mktemp("compare") / "run"
    status, err = run_main("compare", "--municipality", str(folder), "--runs", "1",
                           "--uncalibrated", "--backend", "serial", "--out", str(out),
                           "--no-plots", "--lang", "en")
    assert status == 0, err[-2000:]
    return out, before, err


def test_compare_without_scenarios_runs_the_four_shipped_strategies_on_the_folder(
        folder: Path, compared: tuple[Path, dict[str, str], str]) -> None:
    out, before, _ = compared
    meta = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert [s["name"] for s in meta["scenarios"]] == list(DEFAULT_COMPARE)
    for s in meta["scenarios"]:
        assert s["municipality"] == str(folder.resolve())
        # the shipped files themselves, none copied
        assert Path(s["files"][-1]).resolve() == resolve_scenario_path(s["name"]).resolve()
    assert meta["municipality_folder"] == str(folder.resolve())
    assert _tree(folder) == before, "the run wrote nothing into the municipality folder"
    pop = read_run(out).population
    assert set(pop["scenario"]) == set(DEFAULT_COMPARE)
    totals = pop[pop["year"] == 2024].groupby("scenario")["persons"].sum()
    assert (totals == _bamble_2024()).all(), totals


def test_run_json_and_terminal_say_what_was_estimated(
        folder: Path, compared: tuple[Path, dict[str, str], str]) -> None:
    out, _, _ = compared
    meta = json.loads((out / "run.json").read_text(encoding="utf-8"))
    written = tomllib.loads((folder / "import.toml").read_text(encoding="utf-8"))["estimated"]
    assert meta["estimated"] == list(written.values())
    # the importer estimates the staircase when no staircase file is given
    assert any(item.startswith("trinn.csv") for item in meta["estimated"])
    status, err = run_main("report", str(out), "--format", "xlsx", "--lang", "en",
                           "--municipality", str(folder))
    assert status == 0, err
    wb = openpyxl.load_workbook(out / "report" / "report-en.xlsx")
    front = [tuple(r[:2]) for r in wb["Front page"].iter_rows(values_only=True)]
    marked = [v for k, v in front if k and str(k).startswith("Estimated")]
    assert marked == [f"estimated: {item}" for item in meta["estimated"]]
    sources = {r[0]: r for r in wb["Sources"].iter_rows(values_only=True) if r[0]}
    # the importer's care FTE estimate, marked next to its unit; Færder's hours are sourced
    assert str(sources["care_fte_2023"][2]).endswith("[estimated]")
    assert "[estimated]" not in str(sources["hours_per_fte"][2])


def test_terminal_output_marks_estimated_values(folder: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    scenario = tmp_path / "short.toml"
    # a scenario file may name the folder, relative to the file
    shutil.copytree(folder, tmp_path / "mine")
    scenario.write_text(f'base = "{resolve_scenario_path("normal").as_posix()}"\n'
                        f'name = "short"\nend_year = {SHORT_END}\nmunicipality = "./mine"\n',
                        encoding="utf-8")
    out = tmp_path / "run"
    capsys.readouterr()
    status, err = run_main("run", str(scenario), "--runs", "1", "--uncalibrated",
                           "--backend", "serial", "--out", str(out), "--no-plots")
    assert status == 0, err[-2000:]
    shown = capsys.readouterr().out
    assert "Estimert ved importen" in shown
    assert "estimert: parameters.toml: care_fte_2023" in shown
    meta = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert meta["scenarios"][0]["municipality"] == str((tmp_path / "mine").resolve())
    assert meta["scenarios"][0]["end_year"] == SHORT_END


def test_report_without_the_folder_does_not_read_a_shipped_namesake(
        folder: Path, compared: tuple[Path, dict[str, str], str]) -> None:
    out, _, _ = compared
    status, err = run_main("report", str(out), "--format", "xlsx", "--lang", "en")
    assert status == 0, err
    wb = openpyxl.load_workbook(out / "report" / "report-en.xlsx")
    text = " ".join(str(c) for r in wb["Sources"].iter_rows(values_only=True) for c in r if c)
    assert "give it with --municipality" in text
    assert "care_fte_2023" not in text


def test_sweep_takes_the_folder(folder: Path, tmp_path: Path) -> None:
    sweep = write_sweep(tmp_path, scenarios=("normal",), runs=1, draws=1, body="")
    out = tmp_path / "run"
    status, err = run_main("sweep", str(sweep), "--municipality", str(folder),
                           "--uncalibrated", "--backend", "serial", "--out", str(out),
                           "--no-plots")
    assert status == 0, err[-2000:]
    meta = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert meta["municipality_folder"] == str(folder.resolve())
    assert meta["estimated"]


def test_calibrate_writes_into_the_folder_never_the_package(folder: Path,
                                                            tmp_path: Path) -> None:
    mine = tmp_path / "bamble"
    shutil.copytree(folder, mine)
    package = _tree(FITTED_DIR)
    status, err = run_main("calibrate", "--municipality", str(mine), "--runs", "2",
                           "--horizon-runs", "1", "--backend", "serial")
    assert status == 0, err[-2000:]
    assert _tree(FITTED_DIR) == package
    assert fitted_file(load_municipality(str(mine))) == mine / "fitted.toml"
    fitted = tomllib.loads((mine / "fitted.toml").read_text(encoding="utf-8"))
    # no parameter space of its own: Færder's, read against the folder's data
    assert fitted["meta"]["parameter_space"] == "calibration/faerder_parameters.toml"
    report = (mine / "fitted-report" / "report.md").read_text(encoding="utf-8")
    # the folder's targets.toml (0.42, estimated from Færder's share) and no persona totals
    # (Færder's seed figures): the persona targets are skipped
    assert "no_care_80plus:2024" in report
    assert "persona:" not in report
    # population targets only within the strategies' horizon (2040), not to 2050
    assert "population:2040:total" in report
    assert "population:2041" not in report
    out = tmp_path / "run"
    status, err = run_main("run", "normal", "--municipality", str(mine), "--runs", "1",
                           "--backend", "serial", "--out", str(out), "--no-plots")
    assert status == 0, err[-2000:]
    meta = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert meta["calibration_file"] == str(mine / "fitted.toml")
    assert meta["calibration_warning"] is None


def test_fitted_file_of_a_shipped_municipality_is_the_packages() -> None:
    assert fitted_file(load_municipality("faerder")) == FITTED_DIR / "faerder.toml"


def _not_municipalities(tmp_path: Path) -> list[tuple[Path, str]]:
    empty = tmp_path / "empty"
    empty.mkdir()
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    return [(empty, "not a municipality folder"), (tmp_path / "notes.txt", "not a folder"),
            (tmp_path / "gone", "municipality folder not found")]


@pytest.mark.parametrize("command", ["run", "compare", "sweep", "report", "calibrate"])
def test_a_folder_that_is_not_a_municipality_is_one_line(command: str, tmp_path: Path) -> None:
    sweep = write_sweep(tmp_path, scenarios=("normal",), runs=1, draws=1, body="")
    run_dir = tmp_path / "some-run"
    run_dir.mkdir()
    for bad, problem in _not_municipalities(tmp_path):
        out = tmp_path / "out"
        first = {"run": ["normal"], "compare": [], "sweep": [str(sweep)],
                 "report": [str(run_dir)], "calibrate": []}[command]
        tail = [] if command in ("report", "calibrate") else ["--out", str(out)]
        status, err = run_main(command, *first, "--municipality", str(bad), *tail)
        assert status == 2, (command, bad, err)
        assert err.count("\n") == 1, err
        assert str(bad) in err, err
        assert problem in err, err
        assert not out.exists()
        assert list(run_dir.iterdir()) == [], "the report wrote nothing"


def test_a_folder_without_slash_in_the_current_folder_is_a_folder(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from models.municipality import resolve_municipality

    monkeypatch.chdir(folder.parent)
    assert resolve_municipality(folder.name) == str(folder.resolve())
    # a shipped name is the shipped data, whatever the current folder holds
    (folder.parent / "skien").mkdir(exist_ok=True)
    assert resolve_municipality("skien") == "skien"


def test_common_random_numbers_and_backends_hold_for_the_folder(folder: Path,
                                                                 tmp_path: Path) -> None:
    """On an imported folder as on Færder: normal and proactive differ only in the dementia
    group's rows, replicate by replicate (common random numbers), and the process backend
    with two workers gives the serial backend's tables exactly."""
    tables = {}
    for backend in ("serial", "process"):
        out = tmp_path / backend
        workers = ["--workers", "2"] if backend == "process" else []
        status, err = run_main("compare", "normal", "proactive", "--municipality", str(folder),
                               "--runs", "2", "--uncalibrated", "--backend", backend,
                               *workers, "--seed", "9", "--out", str(out), "--no-plots")
        assert status == 0, err
        tables[backend] = read_run(out).yearly
    import pandas as pd
    pd.testing.assert_frame_equal(tables["serial"], tables["process"])
    yearly = tables["serial"]
    normal = yearly[yearly["scenario"] == "normal"].drop(columns="scenario").reset_index(
        drop=True)
    proactive = yearly[yearly["scenario"] == "proactive"].drop(columns="scenario").reset_index(
        drop=True)
    other = normal["group"] != "dementia"
    pd.testing.assert_frame_equal(normal[other], proactive[other])
    assert (normal.loc[~other, "cost_nok"] != proactive.loc[~other, "cost_nok"]).any()
