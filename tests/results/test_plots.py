"""A run's ``plots/``: the report's PNG charts in the run's language, whether the run writes
its report or not. With the report they are its charts, linked (`results.store.
plots_from_report`); without, `results.plots.draw_plots` draws them from run.json and the
stored comparison: the same files byte for byte, and ``yearly/`` is never read for them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

import results.plots
import results.store
from results.report import write_report
from results.store import finish_streamed

#: What the report needs of run.json: the scenarios (the first is the reference) and units.
META = {"scenario": "faerder-demo", "seed": 20240101, "code_version": "0.1.0",
        "scenarios": [{"name": "status_quo"}, {"name": "proaktiv"}],
        "units": {"cost_nok": "NOK (fixed 2024 prices)"}}
PNG = b"\x89PNG\r\n\x1a\n"
#: The report's charts of the fixture's run (two scenarios, a dementia group, no staffing
#: supply, no capacity), besides a chart per persona of the shipped municipality.
CHARTS = {"delta_cost.png", "total_cost.png", "fte_head_count.png", "staircase.png",
          "dementia_cost.png"}


def _every_trinn(yearly: pd.DataFrame) -> pd.DataFrame:
    """The fixture's table with the trinn it lacks as rows of zeros (the report's
    staircase shows every trinn 4-12, as a run has them)."""
    keys = yearly[["scenario", "replication", "year"]].drop_duplicates()
    have = set(yearly["trinn"])
    zeros = pd.concat([keys.assign(trinn=t, group="universal") for t in range(1, 13)
                       if t not in have], ignore_index=True)
    for col in yearly.columns.difference(zeros.columns):
        zeros[col] = 0.0
    return pd.concat([yearly, zeros[yearly.columns]], ignore_index=True)


def _finish(out: Path, yearly: pd.DataFrame, population: pd.DataFrame,
            charts: dict[str, bytes] | None = None, lang: str = "en") -> Path:
    """Finish a run as `runners.sweep` does; ``charts``: what a stand-in for the CLI's
    report hook writes to ``report/png-<lang>/`` (None: no report)."""
    frames = {"yearly": _every_trinn(yearly), "population": population}

    def report(tmp: Path) -> None:
        folder = tmp / "report" / f"png-{lang}"
        folder.mkdir(parents=True)
        for name, data in (charts or {}).items():
            (folder / name).write_bytes(data)

    return finish_streamed(out, lambda dest, table: frames[table].to_parquet(dest, index=False),
                           ("yearly", "population"), META, plots=True, lang=lang, carry=(),
                           before_swap=None if charts is None else report,
                           report_charts=charts is not None)


def _pngs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.png"))}


def _listed(run: Path) -> list[str]:
    files = json.loads((run / "run.json").read_text(encoding="utf-8"))["files"]
    return sorted(f for f in files if f.startswith("plots/"))


def _no_drawing(*args: object, **kwargs: object) -> None:
    raise AssertionError("plots/ drawn a second time")


@pytest.mark.parametrize("lang", ["nb", "en", "nn"])
def test_the_plots_are_the_reports_pngs(report_run: tuple[Path, str], tmp_path: Path,
                                        lang: str) -> None:
    """Drawn without the report, the plots are its PNG charts, byte for byte, under the
    same names (the report of the session's real run: xlsx, pdf and png, as `trappa run`
    writes it)."""
    run, _ = report_run
    paths = results.plots.draw_plots(run, lang, out_dir=tmp_path / "plots")
    report = _pngs(run / "report" / f"png-{lang}")
    assert {"total_cost.png", "fte_head_count.png", "staircase.png"} <= set(report)
    assert sorted(p.name for p in paths) == sorted(report)
    assert _pngs(tmp_path / "plots") == report


def test_the_plots_read_neither_yearly_nor_the_other_tables(report_run: tuple[Path, str],
                                                             tmp_path: Path) -> None:
    """run.json and the comparison are all the plots read: with ``yearly/`` unreadable and
    population/, summary.parquet and the rest gone, the same files are drawn."""
    run, _ = report_run
    copy = tmp_path / "run"
    copy.mkdir()
    for name in ("run.json", "comparison.json", "comparison.parquet"):
        shutil.copy2(run / name, copy / name)
    (copy / "yearly").mkdir()
    (copy / "yearly" / "part-00000.parquet").write_bytes(b"not parquet at all")
    results.plots.draw_plots(copy, "nb")
    assert _pngs(copy / "plots") == _pngs(run / "report" / "png-nb")


def test_a_run_without_its_report_gets_the_reports_charts(
        tmp_path: Path, yearly: pd.DataFrame, population: pd.DataFrame,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """`finish_streamed` without a report draws plots/ from the comparison: the charts its
    report then writes, byte for byte; and with ``yearly/`` made unreadable as soon as the
    comparison is written, the same plots."""
    run = _finish(tmp_path / "run", yearly, population)
    names = set(_pngs(run / "plots"))
    assert names >= CHARTS
    assert all(n in CHARTS or n.startswith("persona_") for n in names)
    assert _listed(run) == sorted(f"plots/{n}" for n in names)
    write_report(run, "en", ("png",))
    assert _pngs(run / "plots") == _pngs(run / "report" / "png-en")

    write_comparison = results.store.write_comparison

    def then_spoil_yearly(folder: Path, *args: object, **kwargs: object) -> object:
        written = write_comparison(folder, *args, **kwargs)  # type: ignore[arg-type]
        for part in (folder / "yearly").glob("*.parquet"):
            part.write_bytes(b"not parquet at all")
        return written

    monkeypatch.setattr(results.store, "write_comparison", then_spoil_yearly)
    spoilt = _finish(tmp_path / "spoilt", yearly, population)
    assert (spoilt / "yearly" / "part-00000.parquet").read_bytes() == b"not parquet at all"
    assert _pngs(spoilt / "plots") == _pngs(run / "plots")


def test_the_plots_are_the_reports_charts_linked(tmp_path: Path, yearly: pd.DataFrame,
                                                 population: pd.DataFrame,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(results.plots, "draw_plots", _no_drawing)
    charts = {"total_cost.png": PNG + b"cost", "staircase.png": PNG + b"stairs"}
    run = _finish(tmp_path / "run", yearly, population, charts)
    for name, data in charts.items():
        assert (run / "plots" / name).read_bytes() == data
        assert (run / "plots" / name).samefile(run / "report" / "png-en" / name)
    assert sorted(p.name for p in (run / "plots").iterdir()) == sorted(charts)
    assert _listed(run) == ["plots/staircase.png", "plots/total_cost.png"]
    files = json.loads((run / "run.json").read_text(encoding="utf-8"))["files"]
    assert not any(f.startswith("report/") for f in files)  # the report is not the record's


def test_without_the_reports_pngs_the_plots_are_drawn(tmp_path: Path, yearly: pd.DataFrame,
                                                      population: pd.DataFrame) -> None:
    run = _finish(tmp_path / "run", yearly, population, charts={})
    drawn = set(_pngs(run / "plots"))
    assert drawn >= CHARTS
    assert all((run / "plots" / n).read_bytes().startswith(PNG) for n in drawn)
    assert _listed(run) == sorted(f"plots/{n}" for n in drawn)


def _plan(tmp_path: Path) -> object:
    from runners.plan import Plan
    from scenarios import load_scenario
    from tests.runners.conftest import write_scenario

    scenario = load_scenario(write_scenario(tmp_path, "normal")).with_overrides(replications=1)
    return Plan(name="normal", scenarios=(scenario,), seed=11, runs=1)


def test_a_run_with_its_report_links_the_reports_charts(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """`runners.sweep` passes its report hook's charts on as the plots (the CLI's path)."""
    from runners.sweep import Options, execute_plan

    monkeypatch.setattr(results.plots, "draw_plots", _no_drawing)

    def report(tmp: Path, final: Path) -> None:  # the CLI's hook writes report/png-<lang>/
        folder = tmp / "report" / "png-nn"
        folder.mkdir(parents=True)
        (folder / "total_cost.png").write_bytes(PNG + b"nn")

    out = tmp_path / "run"
    execute_plan(_plan(tmp_path), out, Options(lang="nn", report=report))  # type: ignore[arg-type]
    assert (out / "plots" / "total_cost.png").samefile(out / "report" / "png-nn" / "total_cost.png")
    assert "plots/total_cost.png" in _listed(out)


def test_a_run_without_a_report_draws_them_and_no_plots_draws_none(tmp_path: Path) -> None:
    """A run of `runners.sweep` without a report (``trappa sweep``) draws the report's charts
    in its language; ``--no-plots`` (``Options.plots``) none."""
    from runners.sweep import Options, execute_plan

    out = tmp_path / "run"
    execute_plan(_plan(tmp_path), out, Options(lang="nn"))  # type: ignore[arg-type]
    write_report(out, "nn", ("png",))
    assert {"total_cost.png", "fte_head_count.png", "staircase.png"} <= set(_pngs(out / "plots"))
    assert _pngs(out / "plots") == _pngs(out / "report" / "png-nn")
    assert _listed(out) == sorted(f"plots/{n}" for n in _pngs(out / "plots"))

    bare = tmp_path / "bare"
    execute_plan(_plan(tmp_path), bare, Options(plots=False))  # type: ignore[arg-type]
    assert not (bare / "plots").exists()
    assert _listed(bare) == []
