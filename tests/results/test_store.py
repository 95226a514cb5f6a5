"""Run directories: atomic writes, refusal to overwrite, round trips, one-line errors."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

import results.plots
from results.comparison import from_frames, summary_rows
from results.store import NON_NEGATIVE, RunDirError, read_run, write_run

META = {"scenario": "faerder-demo", "seed": 20240101, "code_version": "0.1.0"}
FILES_NO_PLOTS = ["comparison.json", "comparison.parquet", "population/part-00000.parquet",
                  "summary.parquet", "yearly/part-00000.parquet"]


def _one_line(exc: pytest.ExceptionInfo[RunDirError]) -> str:
    text = str(exc.value)
    assert "\n" not in text
    return text


@pytest.fixture
def run_dir(tmp_path: Path, yearly: pd.DataFrame, population: pd.DataFrame) -> Path:
    return write_run(tmp_path / "runs" / "demo", yearly, population, META, plots=False)


def test_round_trip(run_dir: Path, yearly: pd.DataFrame, population: pd.DataFrame) -> None:
    run = read_run(run_dir)
    pd.testing.assert_frame_equal(run.yearly, yearly)
    pd.testing.assert_frame_equal(run.population, population)
    pd.testing.assert_frame_equal(run.summary, summary_rows(from_frames(yearly)))
    assert {k: run.meta[k] for k in META} == META
    assert run.meta["files"] == FILES_NO_PLOTS
    assert datetime.fromisoformat(run.meta["written_at"]).tzinfo is not None
    assert run.path == run_dir


def test_layout_is_a_parquet_dataset(run_dir: Path, yearly: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(pd.read_parquet(run_dir / "yearly"), yearly)
    assert sorted(p.name for p in run_dir.iterdir()) == [
        "comparison.json", "comparison.parquet", "population", "run.json", "summary.parquet",
        "yearly"]
    assert sorted(p.name for p in run_dir.parent.iterdir()) == ["demo"]  # no temp left


def test_refuses_to_overwrite(run_dir: Path, yearly: pd.DataFrame,
                              population: pd.DataFrame) -> None:
    before = (run_dir / "run.json").read_text()
    with pytest.raises(RunDirError) as exc:
        write_run(run_dir, yearly, population, {"other": 1}, plots=False)
    assert str(run_dir) in _one_line(exc)
    assert "already exists" in str(exc.value)
    assert (run_dir / "run.json").read_text() == before
    assert sorted(p.name for p in run_dir.parent.iterdir()) == ["demo"]


def test_an_empty_directory_is_filled(tmp_path: Path, yearly: pd.DataFrame,
                                      population: pd.DataFrame) -> None:
    (tmp_path / "empty").mkdir()
    write_run(tmp_path / "empty", yearly, population, META, plots=False)
    assert read_run(tmp_path / "empty").meta["seed"] == META["seed"]


def test_overwrite_replaces_the_old_run(run_dir: Path, yearly: pd.DataFrame,
                                        population: pd.DataFrame) -> None:
    (run_dir / "plots").mkdir(exist_ok=True)
    (run_dir / "plots" / "stale.png").write_bytes(b"from the old run")
    small = yearly[yearly["year"] == 2024].reset_index(drop=True)
    write_run(run_dir, small, population, {"seed": 7}, plots=False, overwrite=True)
    run = read_run(run_dir)
    assert not (run_dir / "plots" / "stale.png").exists()
    assert run.meta["seed"] == 7
    assert "scenario" not in run.meta
    pd.testing.assert_frame_equal(run.yearly, small)
    assert sorted(p.name for p in run_dir.parent.iterdir()) == ["demo"]


def test_overwrite_keeps_a_file_trappa_did_not_write(run_dir: Path, yearly: pd.DataFrame,
                                                     population: pd.DataFrame) -> None:
    (run_dir / "notes.docx").write_text("the user's own")
    before = sorted(p.relative_to(run_dir) for p in run_dir.rglob("*"))
    with pytest.raises(RunDirError, match=r"notes\.docx, which trappa did not write"):
        write_run(run_dir, yearly, population, {"seed": 7}, plots=False, overwrite=True)
    assert sorted(p.relative_to(run_dir) for p in run_dir.rglob("*")) == before
    assert (run_dir / "notes.docx").read_text() == "the user's own"


def _fail(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("plotting broke half-way")


def test_a_failure_half_way_leaves_nothing(tmp_path: Path, yearly: pd.DataFrame,
                                           population: pd.DataFrame,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(results.plots, "draw_plots", _fail)
    out = tmp_path / "runs" / "broken"
    with pytest.raises(RuntimeError, match="half-way"):
        write_run(out, yearly, population, META, plots=True)
    assert not out.exists()
    assert list(out.parent.iterdir()) == []


def test_a_failed_overwrite_keeps_the_old_run(run_dir: Path, yearly: pd.DataFrame,
                                              population: pd.DataFrame,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    before = (run_dir / "run.json").read_text()
    monkeypatch.setattr(results.plots, "draw_plots", _fail)
    with pytest.raises(RuntimeError):
        write_run(run_dir, yearly, population, {"new": True}, overwrite=True)
    assert (run_dir / "run.json").read_text() == before
    assert sorted(p.name for p in run_dir.parent.iterdir()) == ["demo"]


@pytest.mark.parametrize("column", NON_NEGATIVE)
def test_negative_values_are_refused(tmp_path: Path, yearly: pd.DataFrame,
                                     population: pd.DataFrame, column: str) -> None:
    yearly.loc[3, column] = -1.0
    with pytest.raises(RunDirError, match=f"'{column}' has negative values") as exc:
        write_run(tmp_path / "out", yearly, population, META, plots=False)
    _one_line(exc)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("change", "message"), [
    (lambda y: y.drop(columns="cost_nok"), "missing column.*cost_nok"),
    (lambda y: y.drop(columns=["waiting", "fte"]), "missing column.*fte, waiting"),
    (lambda y: y.assign(staff_hours=float("nan")), "'staff_hours' has missing"),
    (lambda y: y.assign(trinn=13), "'trinn' has values outside 1-12"),
    (lambda y: pd.concat([y, y.head(1)]), "repeated row"),
])
def test_broken_yearly_is_refused(tmp_path: Path, yearly: pd.DataFrame,
                                  population: pd.DataFrame,
                                  change: Callable[[pd.DataFrame], pd.DataFrame],
                                  message: str) -> None:
    with pytest.raises(RunDirError, match=message):
        write_run(tmp_path / "out", change(yearly), population, META, plots=False)
    assert list(tmp_path.iterdir()) == []


def test_population_and_meta_are_checked(tmp_path: Path, yearly: pd.DataFrame,
                                         population: pd.DataFrame) -> None:
    with pytest.raises(RunDirError, match=r"population: missing column.*persons"):
        write_run(tmp_path / "a", yearly, population.drop(columns="persons"), META)
    with pytest.raises(RunDirError, match=r"run\.json: meta is not JSON-serialisable"):
        write_run(tmp_path / "b", yearly, population, {"path": Path("x")})
    assert list(tmp_path.iterdir()) == []


def _garble(path: Path) -> None:
    path.write_bytes(b"PAR1 this is not a parquet file")


def _drop_fte(path: Path) -> None:
    pd.read_parquet(path).drop(columns="fte").to_parquet(path, index=False)


@pytest.mark.parametrize(("damage", "names", "problem"), [
    (lambda d: (d / "run.json").unlink(), "run.json", "missing"),
    (lambda d: (d / "run.json").write_text('{"seed": 1,'), "run.json", "invalid JSON"),
    (lambda d: (d / "run.json").write_text("[1, 2]"), "run.json", "JSON object"),
    (lambda d: _garble(d / "yearly" / "part-00000.parquet"), "yearly/part-00000.parquet",
     "unreadable Parquet"),
    (lambda d: _drop_fte(d / "yearly" / "part-00000.parquet"), "yearly/part-00000.parquet",
     "missing column.*fte"),
    (lambda d: (d / "population" / "part-00000.parquet").unlink(), "population",
     "no Parquet parts"),
    (lambda d: _garble(d / "population" / "part-00000.parquet"),
     "population/part-00000.parquet", "unreadable Parquet"),
    (lambda d: (d / "summary.parquet").unlink(), "summary.parquet", "missing"),
    (lambda d: _garble(d / "summary.parquet"), "summary.parquet", "unreadable Parquet"),
])
def test_damaged_run_names_the_file(run_dir: Path, damage: Callable[[Path], None], names: str,
                                    problem: str) -> None:
    damage(run_dir)
    with pytest.raises(RunDirError, match=problem) as exc:
        read_run(run_dir)
    assert _one_line(exc).startswith(str(run_dir / names) + ":")


def test_a_missing_dataset_directory(run_dir: Path) -> None:
    shutil.rmtree(run_dir / "yearly")
    with pytest.raises(RunDirError, match="yearly: missing"):
        read_run(run_dir)


def test_no_run_directory(tmp_path: Path) -> None:
    with pytest.raises(RunDirError, match="run directory not found"):
        read_run(tmp_path / "nowhere")


def test_run_json_is_meta_plus_bookkeeping(run_dir: Path) -> None:
    meta = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
    assert set(meta) == {*META, "trappa_run", "format_version", "written_at", "files"}
    assert meta["trappa_run"] is True  # the marker --overwrite looks for
    assert meta["format_version"] == 2  # the run-directory format (results.rundir)
