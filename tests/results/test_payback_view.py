"""The payback and waiting tables of ``trappa compare``: they show the comparison's rows."""

from __future__ import annotations

import pandas as pd
from rich.console import Console

from results.comparison import Comparison
from results.payback_view import rate_text, render_payback, render_waiting


def _text(table: object) -> str:
    console = Console(record=True, width=250)
    console.print(table)
    return " ".join(console.export_text().split())


def _row(scenario: str, year: int, metric: str, mean: float, p05: float, p50: float,
         p95: float, n: int, trinn: int = 0) -> dict[str, object]:
    return {"scenario": scenario, "year": year, "trinn": trinn, "group": "all",
            "metric": metric, "mean": mean, "p05": p05, "p50": p50, "p95": p95, "sd": 0.0,
            "mcse": 0.0, "n": n}


#: A hand-made summary: "tiltak" saves first in 2026 (median) in 2 of 3 replications and
#: never pays back; its present value is -1.3 mill NOK [-3.5; +0.5].
NAN = float("nan")
SUMMARY = pd.DataFrame([
    _row("ref", 2024, "cost_nok", 1e8, 1e8, 1e8, 1e8, 3),
    _row("ref", 2027, "cost_nok", 1e8, 1e8, 1e8, 1e8, 3),
    _row("tiltak", 2027, "first_saving_year", 2026.0, 2025.1, 2026.0, 2026.9, 2),
    _row("tiltak", 2027, "saves", 2 / 3, 0.0, 1.0, 1.0, 3),
    _row("tiltak", 2027, "payback_year", NAN, NAN, NAN, NAN, 0),
    _row("tiltak", 2027, "pays_back", 0.0, 0.0, 0.0, 0.0, 3),
    _row("tiltak", 2027, "pv_d_cost_nok", -1.3e6, -3.5e6, -1e6, 0.5e6, 3),
    # the mean path saves first in 2025 and never pays back
    _row("tiltak", 2027, "first_saving_year_of_mean", 2025.0, NAN, NAN, NAN, 3),
    _row("tiltak", 2027, "payback_year_of_mean", NAN, NAN, NAN, NAN, 3),
    # a row of another trinn must not be shown
    _row("tiltak", 2027, "pv_d_cost_nok", 9e9, 9e9, 9e9, 9e9, 3, trinn=-1),
])


def _comparison(table: pd.DataFrame, rate: float = 0.04, source: str = "default (R-109/2021)",
                capacity: bool = False) -> Comparison:
    scenarios = tuple(dict.fromkeys(table["scenario"]))
    return Comparison(table=table, reference=scenarios[0], scenarios=scenarios,
                      years=(2024, 2025, 2026, 2027), rate=rate, rate_source=source,
                      has_capacity=capacity)


def test_payback_table_in_bokmal() -> None:
    text = _text(render_payback(_comparison(SUMMARY), "nb", price_year=2024))
    assert "Tilbakebetaling mot ref, 2024\u20132027" in text
    # the first saving year: median 2026, interval rounded to whole years, share 67 %
    assert "│ tiltak │ 2025 │" in text  # the mean path's year, above the median
    assert "2026 [2025; 2027]" in text
    assert "i 67\u00a0% av replikasjonene" in text or "i 67 % av replikasjonene" in text
    assert "ikke innen 2027" in text  # the payback year never comes
    assert "\u22121,3" in text
    assert "[\u22123,5; +0,5]" in text
    assert "9\u00a0000" not in text
    assert "9 000" not in text
    assert "Finansdepartementet, rundskriv R-109/2021" in text
    assert "Faste 2024-priser" in text


def test_payback_table_in_english_with_a_command_line_rate() -> None:
    text = _text(render_payback(_comparison(SUMMARY, 0.025, "command line"), "en",
                                price_year=2024))
    assert "at 2.5% real (chosen on the command line with --discount-rate)" in text
    assert "[\u22123.5, +0.5]" in text
    assert "not by 2027" in text


def test_one_scenario_and_no_capacity_show_nothing() -> None:
    one = SUMMARY[SUMMARY["scenario"] == "ref"]
    assert render_payback(_comparison(one), "nb", price_year=2024) is None
    assert render_waiting(_comparison(SUMMARY), [2027], "nb") is None


def test_waiting_table_shows_the_waiting_rows() -> None:
    rows = pd.DataFrame([_row("ref", 2027, "waiting", 12.5, 10.0, 12.0, 15.3, 3),
                         _row("ref", 2027, "wait_years", 3.0, 2.0, 3.0, 4.0, 3)])
    text = _text(render_waiting(_comparison(pd.concat([SUMMARY, rows]), capacity=True),
                                [2027], "en"))
    # each cell holds the mean above its interval
    assert "ref │ 2027 │ 12.5 │ 3.0 │" in text
    assert "[10.0, 15.3] │ [2.0, 4.0] │" in text
    assert "tiltak │ 2027 │ \u2013 │ \u2013 │" in text  # no waiting rows for it: a dash


def test_rate_text() -> None:
    assert rate_text(0.04, "en") == "4%"
    assert rate_text(0.04, "nb") == "4\u00a0%"
    assert rate_text(0.025, "nb") == "2,5\u00a0%"
    assert rate_text(0.0, "en") == "0%"
