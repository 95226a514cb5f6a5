"""Scenario comparison: paired differences vs the first scenario, by hand; the rich table."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from rich.console import Console

import results
from results.compare_view import COLUMNS, comparison_table, render_comparison
from results.comparison import from_frames
from results.summary import ResultsError


def _text(table: object) -> str:
    console = Console(record=True, width=200)
    console.print(table)
    return console.export_text()


def test_differences_by_hand(yearly: pd.DataFrame) -> None:
    df = comparison_table(from_frames(yearly), years=(2024, 2025))
    assert list(df.columns) == list(COLUMNS)
    assert list(zip(df["scenario"], df["year"], strict=True)) == [("proaktiv", 2024),
                                                                   ("proaktiv", 2025)]
    assert set(df["baseline"]) == {"status_quo"}
    assert set(df["n"]) == {3}
    # Cost over every trinn, per replication, mill NOK: 2024 -1, -1, -3; 2025 -1, -2, -3.
    np.testing.assert_allclose(
        df[["d_cost_mnok_mean", "d_cost_mnok_p05", "d_cost_mnok_p95"]].to_numpy(),
        [[-5 / 3, -2.8, -1.0], [-2.0, -2.9, -1.1]])
    # FTE of pleie og omsorg: trinn 9 only (trinn 2 is universal), twice its cost:
    # 2024 (1-2, 3-4, 6-9) x 2 = -2, -2, -6; 2025 (2-2, 4-6, 10-12) x 2 = 0, -4, -4,
    # sorted -4, -4, 0: p05 = -4, p95 = -4 + 0.9 x 4 = -0.4.
    np.testing.assert_allclose(df[["d_fte_mean", "d_fte_p05", "d_fte_p95"]].to_numpy(),
                               [[-10 / 3, -5.6, -2.0], [-8 / 3, -4.0, -0.4]])
    # the whole staircase 4-12 holds the same trinn 9 here
    np.testing.assert_allclose(
        df[["d_fte_staircase_mean", "d_fte_staircase_p05", "d_fte_staircase_p95"]].to_numpy(),
        [[-10 / 3, -5.6, -2.0], [-8 / 3, -4.0, -0.4]])


def test_baseline_is_the_first_scenario_and_years_keep_their_order(
        yearly: pd.DataFrame) -> None:
    flipped = yearly.iloc[::-1].reset_index(drop=True)  # proaktiv now comes first
    df = comparison_table(from_frames(flipped), years=(2025, 2024))
    assert list(df["scenario"]) == ["status_quo", "status_quo"]
    assert list(df["year"]) == [2025, 2024]
    # 2024: 3-2, 6-5, 12-9 = 1, 1, 3: p05 = 1 + 0.1 x 0, p95 = 1 + 0.9 x 2.
    r = df.iloc[1]
    assert (r["d_cost_mnok_mean"], r["d_cost_mnok_p05"], r["d_cost_mnok_p95"]) == (
        pytest.approx((5 / 3, 1.0, 2.8)))


def test_a_year_outside_the_run_is_an_error(yearly: pd.DataFrame) -> None:
    with pytest.raises(ResultsError, match=r"2030, 2040 not in the run .*2024-2025"):
        comparison_table(from_frames(yearly))


def test_one_scenario_gives_an_empty_table(yearly: pd.DataFrame) -> None:
    df = comparison_table(from_frames(yearly[yearly["scenario"] == "status_quo"]), years=(2024,))
    assert df.empty
    assert list(df.columns) == list(COLUMNS)
    assert "ingenting å sammenligne" in _text(render_comparison(df))
    assert "ingenting å samanlikne" in _text(render_comparison(df, "nn"))


def test_render_norwegian_and_english(yearly: pd.DataFrame) -> None:
    df = comparison_table(from_frames(yearly), years=(2024, 2025))
    nb = _text(render_comparison(df))
    assert "Endring mot status_quo" in nb
    for text in ("\u22121,7", "[\u22122,8; \u22121,0]", "[\u22124,0; \u22120,4]",
                 "Δ årsverk pleie og omsorg", "Δ årsverk trinn 4\u201312"):
        assert text in nb
    en = _text(render_comparison(df, "en"))
    assert "Change vs status_quo" in en
    for text in ("\u22121.7", "[\u22122.8, \u22121.0]", "[\u22124.0, \u22120.4]", "Δ care FTE"):
        assert text in en
    nn = _text(render_comparison(df, "nn"))
    for text in ("Endring mot status_quo", "[\u22124,0; \u22120,4]", "replikasjonar", "skilnader"):
        assert text in nn
    assert len(render_comparison(df).columns) == 5  # scenario, year, three measures


def test_render_with_display_names(yearly: pd.DataFrame) -> None:
    df = comparison_table(from_frames(yearly), years=(2024,))
    titles = {"status_quo": {"nb": "Dagens praksis", "nn": "Dagens praksis"},
              "proaktiv": {"nb": "Proaktivt forløp"}}
    nb = _text(render_comparison(df, "nb", titles=titles))
    assert "Endring mot Dagens praksis" in nb
    assert "Proaktivt forløp" in nb
    en = _text(render_comparison(df, "en", titles=titles))  # no English titles: the names
    assert "Change vs status_quo" in en
    assert "proaktiv" in en


def test_positive_changes_carry_a_plus(yearly: pd.DataFrame) -> None:
    df = comparison_table(from_frames(yearly.iloc[::-1]), years=(2024,))
    text = _text(render_comparison(df))
    assert "+1,7" in text
    assert "[+1,0; +2,8]" in text


def test_package_api_is_lazy_and_complete() -> None:
    assert sorted(results.__all__) == sorted(results._API)
    assert all(callable(getattr(results, name)) for name in results.__all__)
    code = "import sys, results.calc_view; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
