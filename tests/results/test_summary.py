"""Totals, statistics over replications and paired differences against hand calculation.

Percentiles use the linear method: for three sorted values a <= b <= c the p-quantile sits
at position 2p, so p05 = a + 0.1 (b - a), p50 = b, p95 = b + 0.9 (c - b).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from results.summary import (
    CARE_TRINN,
    STAIRCASE_TRINN,
    STATS,
    TRINN_CARE,
    TRINN_STAIRCASE,
    ResultsError,
    is_current_summary,
    paired_differences,
    summarise,
    summary_table,
    totals,
)

M = 1e6


def _row(df: pd.DataFrame, **where: object) -> pd.Series:
    hit = df
    for col, value in where.items():
        hit = hit[hit[col] == value]
    assert len(hit) == 1, f"{len(hit)} rows for {where}"
    return hit.iloc[0]


def test_totals_sum_over_trinn_and_group(yearly: pd.DataFrame) -> None:
    t = totals(yearly)
    assert list(t.columns[:3]) == ["scenario", "replication", "year"]
    assert len(t) == 2 * 3 * 2
    r = _row(t, scenario="status_quo", replication=2, year=2024)
    assert r["cost_nok"] == 12 * M  # 3 + 9
    assert r["fte"] == 24.0  # 2 x 12
    assert r["recipients"] == 120.0


def test_totals_filters_trinn_and_group(yearly: pd.DataFrame) -> None:
    care = totals(yearly, trinn=CARE_TRINN)
    assert _row(care, scenario="status_quo", replication=2, year=2024)["cost_nok"] == 9 * M
    dementia = totals(yearly, group="dementia")
    assert _row(dementia, scenario="proaktiv", replication=2, year=2025)["cost_nok"] == 10 * M


def test_totals_keep_a_replication_with_nothing_left_after_filtering(
        yearly: pd.DataFrame) -> None:
    gone = ((yearly["scenario"] == "proaktiv") & (yearly["year"] == 2025)
            & (yearly["replication"] == 1) & (yearly["trinn"] == 9))
    care = totals(yearly[~gone], trinn=CARE_TRINN)
    assert len(care) == 12
    assert _row(care, scenario="proaktiv", replication=1, year=2025)["cost_nok"] == 0.0


def test_totals_by_trinn_does_not_revive_filtered_trinn(yearly: pd.DataFrame) -> None:
    t = totals(yearly, by=("scenario", "replication", "year", "trinn"), trinn=[9])
    assert set(t["trinn"]) == {9}


def test_summarise_by_hand(yearly: pd.DataFrame) -> None:
    s = summarise(totals(yearly), ["scenario", "year"], ["cost_nok", "fte"])
    assert list(s.columns) == ["scenario", "year", "metric", *STATS]
    # status_quo 2024 totals 3, 6, 12: mean 7, var ((-4)^2 + (-1)^2 + 5^2) / 2 = 21.
    r = _row(s, scenario="status_quo", year=2024, metric="cost_nok")
    assert r["mean"] == pytest.approx(7 * M)
    assert r["p05"] == pytest.approx(3.3 * M)  # 3 + 0.1 x 3
    assert r["p50"] == pytest.approx(6 * M)
    assert r["p95"] == pytest.approx(11.4 * M)  # 6 + 0.9 x 6
    assert r["sd"] == pytest.approx(math.sqrt(21) * M)
    assert r["mcse"] == pytest.approx(math.sqrt(7) * M)  # sqrt(21) / sqrt(3)
    assert r["n"] == 3
    # proaktiv 2025 totals 3, 6, 13: var = (214 - 22^2 / 3) / 2 = 79 / 3.
    r = _row(s, scenario="proaktiv", year=2025, metric="cost_nok")
    assert r["mean"] == pytest.approx(22 / 3 * M)
    assert r["p05"] == pytest.approx(3.3 * M)
    assert r["p95"] == pytest.approx(12.3 * M)  # 6 + 0.9 x 7
    assert r["sd"] == pytest.approx(math.sqrt(79 / 3) * M)
    # FTE is twice the cost in mill NOK, row by row.
    r = _row(s, scenario="status_quo", year=2024, metric="fte")
    assert (r["mean"], r["p05"], r["p95"]) == pytest.approx((14.0, 6.6, 22.8))


def test_summarise_defaults_to_every_metric(yearly: pd.DataFrame) -> None:
    s = summarise(totals(yearly), ["scenario", "year"])
    assert list(pd.unique(s["metric"])) == ["recipients", "person_years", "cost_nok",
                                            "staff_hours", "fte", "head_count", "waiting",
                                            "wait_years"]


def test_summarise_single_replication_has_no_spread(yearly: pd.DataFrame) -> None:
    one = totals(yearly[yearly["replication"] == 0])
    r = _row(summarise(one, ["scenario", "year"], ["cost_nok"]), scenario="status_quo",
             year=2024)
    assert r["mean"] == r["p05"] == r["p95"] == 3 * M
    assert math.isnan(r["sd"])
    assert math.isnan(r["mcse"])
    assert r["n"] == 1


def test_summarise_refuses_rows_that_are_not_per_replication(yearly: pd.DataFrame) -> None:
    with pytest.raises(ResultsError, match="totals"):
        summarise(yearly, ["scenario", "year"], ["cost_nok"])
    with pytest.raises(ResultsError, match="replication"):
        summarise(totals(yearly), ["scenario", "replication"])


def test_paired_differences_by_hand(yearly: pd.DataFrame) -> None:
    d = paired_differences(totals(yearly), "cost_nok", "status_quo")
    assert set(d["scenario"]) == {"proaktiv"}
    assert list(d.columns) == ["scenario", "year", "metric", *STATS]
    # 2024: proaktiv - status_quo per replication = 2-3, 5-6, 9-12 = -1, -1, -3.
    r = _row(d, year=2024)
    assert r["mean"] == pytest.approx(-5 / 3 * M)
    assert r["p05"] == pytest.approx(-2.8 * M)  # -3 + 0.1 x 2
    assert r["p50"] == pytest.approx(-1 * M)
    assert r["p95"] == pytest.approx(-1 * M)
    assert r["mcse"] == pytest.approx(2 / 3 * M)  # sd sqrt(4/3), / sqrt(3)
    # 2025: 3-4, 6-8, 13-16 = -1, -2, -3.
    r = _row(d, year=2025)
    assert (r["mean"], r["p05"], r["p50"], r["p95"]) == pytest.approx(
        (-2 * M, -2.9 * M, -2 * M, -1.1 * M))
    assert r["sd"] == pytest.approx(1 * M)
    assert r["mcse"] == pytest.approx(M / math.sqrt(3))


def test_paired_differences_errors(yearly: pd.DataFrame) -> None:
    t = totals(yearly)
    with pytest.raises(ResultsError, match="'nobody' not in the run"):
        paired_differences(t, "cost_nok", "nobody")
    lonely = t[~((t["scenario"] == "status_quo") & (t["replication"] == 2))]
    with pytest.raises(ResultsError, match="no baseline 'status_quo' row"):
        paired_differences(lonely, "cost_nok", "status_quo")


def test_summary_table_codes_and_values(yearly: pd.DataFrame) -> None:
    s = summary_table(yearly)
    assert list(s.columns) == ["scenario", "year", "trinn", "group", "metric", *STATS]
    # 2 scenarios x 2 years x (trinn 2, 9, all = 0, care = -1, staircase = -2) x 8 metrics,
    # plus proaktiv's paired differences: 3 aggregates x 2 years x 3 metrics (Δ cost,
    # cumulative Δ cost, Δ FTE) and 5 horizon figures in the last year's total row.
    assert len(s) == 2 * 2 * 5 * 8 + 3 * 2 * 3 + 5
    assert list(pd.unique(s["scenario"])) == ["status_quo", "proaktiv"]
    cost = s[(s["scenario"] == "status_quo") & (s["year"] == 2024) & (s["metric"] == "cost_nok")]
    every = _row(cost, trinn=0, group="all")
    assert (every["mean"], every["p05"], every["p95"]) == pytest.approx((7 * M, 3.3 * M, 11.4 * M))
    care = _row(cost, trinn=-1, group="all")  # pleie og omsorg: trinn 9 only: 2, 4, 9
    assert (care["mean"], care["p05"], care["p50"], care["p95"]) == pytest.approx(
        (5 * M, 2.2 * M, 4 * M, 8.5 * M))
    universal = _row(cost, trinn=2, group="universal")  # 1, 2, 3
    assert (universal["mean"], universal["p05"], universal["p95"]) == pytest.approx(
        (2 * M, 1.1 * M, 2.9 * M))
    fte = _row(s, scenario="status_quo", year=2025, trinn=9, metric="fte")  # 4, 12, 24
    assert fte["p50"] == 12.0


def test_care_and_staircase_codes_sum_different_trinn(yearly: pd.DataFrame) -> None:
    # A day-centre row (trinn 4) belongs to the staircase 4-12 but not to pleie og omsorg
    # (trinn 6, 7, 9, 10, 11, what the seeds' 855 FTE count).
    day = yearly[yearly["trinn"] == 9].assign(trinn=4, cost_nok=1 * M, fte=0.5)
    s = summary_table(pd.concat([yearly, day], ignore_index=True))
    assert CARE_TRINN == (6, 7, 9, 10, 11)
    assert tuple(range(4, 13)) == STAIRCASE_TRINN
    fte = s[(s["scenario"] == "status_quo") & (s["year"] == 2024) & (s["metric"] == "fte")]
    # trinn 9 FTE 4, 8, 18 (twice the cost); plus 0.5 per replication on trinn 4
    assert _row(fte, trinn=TRINN_CARE, group="all")["mean"] == pytest.approx(10.0)
    assert _row(fte, trinn=TRINN_STAIRCASE, group="all")["mean"] == pytest.approx(10.5)
    assert is_current_summary(s)
    assert not is_current_summary(s[s["trinn"] != TRINN_STAIRCASE])


def test_summary_payback_rows_by_hand(yearly: pd.DataFrame) -> None:
    s = summary_table(yearly)
    pay = s[(s["scenario"] == "proaktiv") & (s["trinn"] == 0)]
    # Δ total cost per replication (proaktiv - status_quo): 2024: -1, -1, -3; 2025: -1, -2, -3.
    cum = _row(pay, year=2025, metric="d_cost_cum_nok")  # -2, -3, -6
    assert (cum["mean"], cum["p50"]) == pytest.approx((-11 / 3 * M, -3 * M))
    # Every replication saves from the first year on, so it pays back in 2024.
    assert _row(pay, year=2025, metric="first_saving_year")["mean"] == 2024
    assert _row(pay, year=2025, metric="payback_year")["mean"] == 2024
    assert _row(pay, year=2025, metric="pays_back")["mean"] == 1.0
    # Present value at 4 %, discounted to 2024: -1 - 1/1.04, -1 - 2/1.04, -3 - 3/1.04.
    pv = _row(pay, year=2025, metric="pv_d_cost_nok")
    expected = [-1 - 1 / 1.04, -1 - 2 / 1.04, -3 - 3 / 1.04]
    assert pv["mean"] == pytest.approx(sum(expected) / 3 * M)
    assert pv["p05"] <= pv["p50"] <= pv["p95"]
    assert not (s["scenario"].eq("status_quo") & s["metric"].eq("d_cost_nok")).any()


def test_summary_without_capacity_has_no_waiting_rows(yearly: pd.DataFrame) -> None:
    s = summary_table(yearly, has_capacity=False)
    assert not s["metric"].isin(["waiting", "wait_years"]).any()
    assert summary_table(yearly)["metric"].isin(["waiting", "wait_years"]).any()
