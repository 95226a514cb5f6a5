"""The envelope's terminal table: levels as ranges, differences with their sign (a true
minus), years never grouped; the figures are made up, the expected strings by hand."""

from __future__ import annotations

import pandas as pd
import pytest
from rich.console import Console

from results.envelope_view import render_envelope
from results.summary import TRINN_ALL, TRINN_CARE

MINUS, DASH, NBSP = "\u2212", "\u2013", "\u00a0"
META = {"main": "MMMM", "alternatives": ["LLML", "MMMM", "HHMH"]}


def _band() -> pd.DataFrame:
    rows = [
        # care FTE of the strategy in 2040: 1 234.4 [1 200.2-1 300.6], across the projections
        # 1 100.0 (LLML) to 1 400.0 (HHMH)
        ("proaktiv", 2040, TRINN_CARE, "fte", 1234.4, 1200.2, 1300.6, 1100.0, "LLML", 1400.0,
         "HHMH"),
        # its Δ cost: -12.34 mill kr [-20.0; -4.0], across the projections -15.0 to -9.0
        ("proaktiv", 2040, TRINN_ALL, "d_cost_nok", -12.34e6, -20.0e6, -4.0e6, -15.0e6, "HHMH",
         -9.0e6, "LLML"),
    ]
    return pd.DataFrame(rows, columns=["scenario", "year", "trinn", "metric", "main_mean",
                                       "main_p05", "main_p95", "low", "low_projection",
                                       "high", "high_projection"])


def _text(table: object) -> str:
    console = Console(record=True, width=250)
    console.print(table)
    return console.export_text()


@pytest.mark.parametrize(("lang", "level", "delta"), [
    ("nb", f"1{NBSP}234 [1{NBSP}200{DASH}1{NBSP}301]",
     f"{MINUS}12,3 [{MINUS}20,0 til {MINUS}4,0]"),
    ("en", f"1,234 [1,200{DASH}1,301]", f"{MINUS}12.3 [{MINUS}20.0 to {MINUS}4.0]"),
])
def test_levels_and_signed_differences(lang: str, level: str, delta: str) -> None:
    text = _text(render_envelope(_band(), META, lang))
    assert level in text
    assert f"1{NBSP if lang == 'nb' else ','}100 (LLML) {DASH} " in text
    assert delta in text
    word = "til" if lang == "nb" else "to"
    assert f"{MINUS}15,0 (HHMH) {word} {MINUS}9,0 (LLML)".replace(
        ",", "," if lang == "nb" else ".") in text
    assert "2040" in text
    assert "-1" not in text  # no ASCII hyphen for a minus
