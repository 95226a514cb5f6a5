"""A run to the projection's last year (2050 for SSB table 14288, issue 12 item 5): the
engine, the terminal table and the report follow the horizon (Skien, imported from 14288)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pypdf
import pytest

from scenarios import resolve_scenario_path
from tests.pdf_pages import text_off_the_page
from tests.runners.conftest import run_main


@pytest.fixture(scope="module")
def run_2050(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("h2050")
    for name in ("normal", "proactive"):
        (folder / f"{name}.toml").write_text(
            f'base = "{resolve_scenario_path(name).as_posix()}"\nname = "{name}"\n'
            'municipality = "skien"\nend_year = 2050\n', encoding="utf-8")
    out = folder / "run"
    import contextlib
    import io
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        status, err = run_main("compare", str(folder / "normal.toml"),
                               str(folder / "proactive.toml"), "--runs", "2", "--backend",
                               "serial", "--out", str(out), "--no-plots", "--lang", "en")
    assert status == 0, err
    return out, printed.getvalue()


def test_tables_reach_2050(run_2050: tuple[Path, str]) -> None:
    out, _ = run_2050
    yearly = pd.read_parquet(out / "yearly")
    assert sorted(yearly["year"].unique())[-1] == 2050
    assert set(range(2024, 2051)) == set(yearly["year"].unique())


def test_terminal_shows_the_horizon_beside_2030_and_2040(run_2050: tuple[Path, str]) -> None:
    _, printed = run_2050
    for year in ("2030", "2040", "2050"):
        assert year in printed


def test_report_page_one_follows_the_horizon(run_2050: tuple[Path, str]) -> None:
    out, _ = run_2050
    reader = pypdf.PdfReader(out / "report" / "report-en.pdf")
    first = reader.pages[0].extract_text()
    assert "2024\u20132050" in first or "2024-2050" in first
    assert "2050" in first.split("\n", 1)[1]  # beyond the title: a figure for the horizon
    assert text_off_the_page(out / "report" / "report-en.pdf") == []
