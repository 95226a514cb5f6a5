"""The staffing gap in the comparison (results/staffing.py, issue 31), by hand.

The conftest's two scenarios over 2024-2025: pleie og omsorg (trinn 9 here) needs
2 x its cost in FTE: status_quo 4, 8, 18 FTE in 2024 and 4, 12, 24 in 2025 (replications
0-2); proaktiv 2, 6, 12 and 4, 8, 20.

With the default hires (as many as leave in the base year) the head count of 2025 equals
that of 2024 whatever the age distribution and rates: supply in 2025 is the base year's,
unless a lever moves it. One extra hire made in 2024 gives one employee in 2025, i.e. the
position size (0.67) in årsverk.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from rich.console import Console

from results.comparison import FAMILY_RATIO, from_frames, summary_rows
from results.staffing import SupplyInputs
from results.staffing_view import render_staffing, staffing_rows
from results.summary import TRINN_CARE

P = 0.67
NEED = {("status_quo", 2024): [4, 8, 18], ("status_quo", 2025): [4, 12, 24],
        ("proaktiv", 2024): [2, 6, 12], ("proaktiv", 2025): [4, 8, 20]}


def _inputs(**interventions: list[dict]) -> SupplyInputs:
    return SupplyInputs(folder=None, position_size=P, interventions=interventions, drawn={},
                        gap_threshold=0.05)


def _values(c, scenario: str, metric: str, year: int) -> float:
    return c.stat(scenario, metric, year, TRINN_CARE)["mean"]


def test_the_gap_by_hand(yearly: pd.DataFrame) -> None:
    ftc = {"kind": "full_time_culture", "target_position_size": 0.8, "start_year": 2025}
    c = from_frames(yearly, supply=_inputs(proaktiv=[ftc]))
    base = np.array(NEED["status_quo", 2024], dtype=float)
    # the base year: supply = the reference's need, in every scenario; the gap is zero in
    # the reference and the strategy's own difference in the other
    assert _values(c, "status_quo", "supply_fte", 2024) == pytest.approx(base.mean())
    assert _values(c, "status_quo", "gap_fte", 2024) == pytest.approx(0.0, abs=1e-12)
    assert _values(c, "proaktiv", "gap_fte", 2024) == pytest.approx(
        np.mean(np.array(NEED["proaktiv", 2024]) - base))
    # 2025: the reference's supply holds; the strategy's rises by 0.80/0.67
    gap_ref = np.array(NEED["status_quo", 2025]) - base
    gap_p = np.array(NEED["proaktiv", 2025]) - base * 0.8 / P
    assert _values(c, "status_quo", "gap_fte", 2025) == pytest.approx(gap_ref.mean())
    assert _values(c, "proaktiv", "supply_fte", 2025) == pytest.approx((base * 0.8 / P).mean())
    assert _values(c, "proaktiv", "gap_fte", 2025) == pytest.approx(gap_p.mean())
    assert _values(c, "proaktiv", "gap_persons", 2025) == pytest.approx((gap_p / 0.8).mean())
    assert _values(c, "status_quo", "gap_share", 2025) == pytest.approx(
        np.mean(gap_ref / np.array(NEED["status_quo", 2025])))
    # the gap equals need minus supply in every row
    for s in ("status_quo", "proaktiv"):
        for y in (2024, 2025):
            assert _values(c, s, "gap_fte", y) == pytest.approx(
                _values(c, s, "fte", y) - _values(c, s, "supply_fte", y))


def test_first_year_and_hires_by_hand(yearly: pd.DataFrame) -> None:
    c = from_frames(yearly, supply=_inputs())
    # status_quo's gap shares in 2025: 0/4, 4/12, 6/24: over 5 % in replications 1 and 2
    first = c.stat("status_quo", "gap_first_year", 2025, TRINN_CARE)
    assert first["n"] == 2
    assert first["p50"] == 2025
    assert c.stat("status_quo", "gap_first_year_of_mean", 2025, TRINN_CARE)["mean"] == 2025
    # a hire made in 2024 gives 0.67 FTE in 2025: gaps 0, 4, 6 need 0, 4/0.67, 6/0.67
    hires = c.stat("status_quo", "hires_to_close", 2025, TRINN_CARE)
    assert hires["mean"] == pytest.approx((0 + 4 / P + 6 / P) / 3)
    assert hires["n"] == 3
    assert c.stat("status_quo", "gap_threshold", 2025, TRINN_CARE)["mean"] == pytest.approx(0.05)


def test_without_supply_inputs_nothing_changes(yearly: pd.DataFrame) -> None:
    plain = from_frames(yearly)
    with_gap = from_frames(yearly, supply=_inputs())
    assert not plain.table["metric"].str.startswith(("gap_", "supply_")).any()
    pd.testing.assert_frame_equal(summary_rows(plain), summary_rows(with_gap))
    kept = with_gap.table[with_gap.table["metric"].isin(plain.table["metric"].unique())]
    pd.testing.assert_frame_equal(kept.reset_index(drop=True), plain.table)


def test_drawn_values_are_shared_by_the_scenarios_of_a_replication(yearly: pd.DataFrame
                                                                   ) -> None:
    inputs = _inputs()
    drawn = SupplyInputs(folder=None, position_size=P, interventions={},
                         drawn={"hires_scale": [0.9, 1.0, 1.1]}, gap_threshold=0.05)
    c0, c1 = from_frames(yearly, supply=inputs), from_frames(yearly, supply=drawn)
    # fewer hires in replication 0, more in 2: the supply of 2025 moves, the same way in
    # both scenarios (their supply is the same function of the same draw)
    s = c1.rows("supply_fte", TRINN_CARE)
    by = s[s["year"] == 2025].set_index("scenario")["mean"]
    assert by["status_quo"] == by["proaktiv"]
    assert by["status_quo"] != c0.stat("status_quo", "supply_fte", 2025, TRINN_CARE)["mean"]


def test_the_view_renders_the_rows(yearly: pd.DataFrame) -> None:
    c = from_frames(yearly, supply=_inputs())
    rows = staffing_rows(c, [2025])
    assert [r["scenario"] for r in rows] == ["status_quo", "proaktiv"]
    assert rows[0]["gap_fte_2025_mean"] == pytest.approx(10 / 3)
    assert math.isclose(rows[0]["first_year_share"], 2 / 3)
    console = Console(width=160, record=True)
    console.print(render_staffing(rows, [2025], "en"))
    text = console.export_text()
    assert "Gap 2025" in text
    assert "+3" in text  # 10/3 rounded, with its sign
    assert staffing_rows(from_frames(yearly), [2025]) == []


def test_the_ratio_is_taken_per_replication_then_averaged(yearly: pd.DataFrame) -> None:
    rows = [{"scenario": s, "replication": r, "year": y, "persons_end": 100,
             "persons_50_66_31dec": c, "persons_85plus_31dec": o}
            for s in ("status_quo", "proaktiv")
            for r, (c, o) in enumerate([(600, 100), (600, 200), (900, 300)])
            for y in (2024, 2025)]
    c = from_frames(yearly, pd.DataFrame(rows))
    stat = c.stat("status_quo", FAMILY_RATIO, 2025)
    # 600/100, 600/200, 900/300 = 6, 3, 3: mean 4 (the ratio of the means would be 3.5)
    assert stat["mean"] == pytest.approx(4.0)
    assert stat["p50"] == pytest.approx(3.0)
    assert stat["n"] == 3


def test_drawn_values_that_do_not_cover_the_replications_give_no_gap(yearly: pd.DataFrame
                                                                      ) -> None:
    short = SupplyInputs(folder=None, position_size=P, interventions={},
                         drawn={"hires_scale": [0.9, 1.0]}, gap_threshold=0.05)
    c = from_frames(yearly, supply=short)  # three replications, two drawn values
    assert c.rows("gap_fte", TRINN_CARE).empty
    assert not c.rows("fte", TRINN_CARE).empty


def test_the_sentence_states_the_gap(yearly: pd.DataFrame) -> None:
    from results.staffing_view import staffing_sentence

    c = from_frames(yearly, supply=_inputs())
    # status_quo 2025: gaps 0, 4, 6 FTE: mean 3.33; persons = gap / 0.67: 4.98
    text = staffing_sentence(c, "status_quo", "en")
    assert text == ("In 2025, care needs 3 FTE more than its staff can give (5 persons to "
                    "recruit). The gap passes 5% of need in 2025.")
    nb = staffing_sentence(c, "status_quo", "nb")
    assert nb.startswith("I 2025 trengs 3 årsverk mer")
    # proaktiv 2025: 4 - 4, 8 - 8, 20 - 18 (supply holds the reference's base year) = 2/3
    assert staffing_sentence(c, "proaktiv", "en").startswith("In 2025, care needs 1 FTE more")
    assert staffing_sentence(from_frames(yearly), "status_quo", "en") is None
