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
    STATS,
    ResultsError,
    summarise,
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
