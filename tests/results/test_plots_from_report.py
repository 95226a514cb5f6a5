"""``plots/`` of a run that writes its report: the report's charts, drawn once and linked
(`results.store.finish_streamed` with ``report_charts``), listed in run.json; a second set
is drawn only when the report wrote no PNG charts."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import results.charts
from results.store import finish_streamed

META = {"scenario": "faerder-demo", "seed": 20240101, "code_version": "0.1.0"}
PNG = b"\x89PNG\r\n\x1a\n"


def _finish(out: Path, yearly: pd.DataFrame, population: pd.DataFrame, charts: dict[str, bytes],
            lang: str = "en") -> Path:
    frames = {"yearly": yearly, "population": population}

    def report(tmp: Path) -> None:  # stands in for the CLI's report hook
        if charts:
            folder = tmp / "report" / f"png-{lang}"
            folder.mkdir(parents=True)
            for name, data in charts.items():
                (folder / name).write_bytes(data)

    return finish_streamed(out, lambda dest, table: frames[table].to_parquet(dest, index=False),
                           ("yearly", "population"), META, plots=True, lang=lang,
                           carry=(), before_swap=report, report_charts=True)


def test_the_plots_are_the_reports_charts(tmp_path: Path, yearly: pd.DataFrame,
                                          population: pd.DataFrame,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    def no_drawing(*args: object, **kwargs: object) -> None:
        raise AssertionError("plots/ drawn a second time")

    monkeypatch.setattr(results.charts, "plot_run", no_drawing)
    charts = {"total_cost.png": PNG + b"cost", "staircase.png": PNG + b"stairs"}
    run = _finish(tmp_path / "run", yearly, population, charts)
    for name, data in charts.items():
        assert (run / "plots" / name).read_bytes() == data
        assert (run / "plots" / name).samefile(run / "report" / "png-en" / name)
    assert sorted(p.name for p in (run / "plots").iterdir()) == sorted(charts)
    files = json.loads((run / "run.json").read_text(encoding="utf-8"))["files"]
    assert sorted(f for f in files if f.startswith("plots/")) == [
        "plots/staircase.png", "plots/total_cost.png"]
    assert not any(f.startswith("report/") for f in files)  # the report is not the record's


def test_without_the_reports_charts_the_plots_are_drawn(tmp_path: Path, yearly: pd.DataFrame,
                                                        population: pd.DataFrame) -> None:
    run = _finish(tmp_path / "run", yearly, population, charts={})
    drawn = sorted(p.name for p in (run / "plots").iterdir())
    assert drawn == ["dementia_cost.png", "fte_care.png", "staircase_proaktiv.png",
                     "staircase_status_quo.png", "total_cost.png"]
    assert all((run / "plots" / n).read_bytes().startswith(PNG) for n in drawn)
    files = json.loads((run / "run.json").read_text(encoding="utf-8"))["files"]
    assert sorted(f for f in files if f.startswith("plots/")) == [f"plots/{n}" for n in drawn]


def test_a_run_with_its_report_links_the_reports_charts(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """`runners.sweep` passes its report hook's charts on as the plots (the CLI's path)."""
    from runners.plan import Plan
    from runners.sweep import Options, execute_plan
    from scenarios import load_scenario
    from tests.runners.conftest import write_scenario

    def no_drawing(*args: object, **kwargs: object) -> None:
        raise AssertionError("plots/ drawn a second time")

    monkeypatch.setattr(results.charts, "plot_run", no_drawing)
    scenario = load_scenario(write_scenario(tmp_path, "normal")).with_overrides(replications=1)
    plan = Plan(name="normal", scenarios=(scenario,), seed=11, runs=1)

    def report(tmp: Path, final: Path) -> None:  # the CLI's hook writes report/png-<lang>/
        folder = tmp / "report" / "png-nn"
        folder.mkdir(parents=True)
        (folder / "total_cost.png").write_bytes(PNG + b"nn")

    out = tmp_path / "run"
    execute_plan(plan, out, Options(lang="nn", report=report))
    assert (out / "plots" / "total_cost.png").samefile(out / "report" / "png-nn" / "total_cost.png")
    files = json.loads((out / "run.json").read_text(encoding="utf-8"))["files"]
    assert "plots/total_cost.png" in files
