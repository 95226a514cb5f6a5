"""The run's comparison (results.comparison, DuckDB) against hand calculation and pandas.

The fixture ``yearly`` (tests/results/conftest.py) is worked out by hand there. Percentiles
are linear: for three sorted values a <= b <= c the p-quantile sits at position 2p, so
p05 = a + 0.1 (b - a), p50 = b, p95 = b + 0.9 (c - b).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from results.comparison import COLUMNS, from_frames, read, summary_rows
from results.summary import (
    CARE_TRINN,
    STAIRCASE_TRINN,
    TRINN_CARE,
    TRINN_STAIRCASE,
    ResultsError,
)

M = 1e6


def _row(df: pd.DataFrame, **where: object) -> pd.Series:
    hit = df
    for col, value in where.items():
        hit = hit[hit[col] == value]
    assert len(hit) == 1, f"{len(hit)} rows for {where}"
    return hit.iloc[0]


def test_paired_differences_by_hand(yearly: pd.DataFrame) -> None:
    c = from_frames(yearly)
    assert c.reference == "status_quo"
    assert c.strategies == ("proaktiv",)
    d = c.rows("d_cost_nok")
    assert set(d["scenario"]) == {"proaktiv"}
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
    # per trinn too: trinn 2 in 2024 is 1-1, 2-2, 3-3 = 0 in every replication
    t2 = c.stat("proaktiv", "d_cost_nok", 2024, trinn=2)
    assert t2 is not None
    assert (t2["mean"], t2["p05"], t2["p95"], t2["n"]) == (0.0, 0.0, 0.0, 3)


def test_a_replication_without_its_reference_is_an_error(yearly: pd.DataFrame) -> None:
    lonely = yearly[~((yearly["scenario"] == "status_quo") & (yearly["replication"] == 2))]
    with pytest.raises(ResultsError, match="no reference 'status_quo' row"):
        from_frames(lonely)


def test_summary_codes_and_values(yearly: pd.DataFrame) -> None:
    s = summary_rows(from_frames(yearly))
    assert list(s.columns) == list(COLUMNS)
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
    c = from_frames(pd.concat([yearly, day], ignore_index=True))
    assert CARE_TRINN == (6, 7, 9, 10, 11)
    assert tuple(range(4, 13)) == STAIRCASE_TRINN
    # trinn 9 FTE 4, 8, 18 (twice the cost); plus 0.5 per replication on trinn 4
    care = c.stat("status_quo", "fte", 2024, trinn=TRINN_CARE)
    staircase = c.stat("status_quo", "fte", 2024, trinn=TRINN_STAIRCASE)
    assert care is not None
    assert staircase is not None
    assert care["mean"] == pytest.approx(10.0)
    assert staircase["mean"] == pytest.approx(10.5)


def test_payback_rows_by_hand(yearly: pd.DataFrame) -> None:
    c = from_frames(yearly)
    s = summary_rows(c)
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
    # the mean path (-5/3, -2 mill) saves and pays back from 2024 as well
    assert c.stat("proaktiv", "payback_year_of_mean")["mean"] == 2024  # type: ignore[index]
    # at another rate the present value follows it: 2 %
    at2 = from_frames(yearly, rate=0.02).stat("proaktiv", "pv_d_cost_nok")
    assert at2 is not None
    assert at2["mean"] == pytest.approx(sum(-a - b / 1.02 for a, b in ((1, 1), (1, 2), (3, 3)))
                                        / 3 * M)


def _one_path(deltas: list[float]) -> pd.DataFrame:
    """A run of one replication whose Δ cost per year (mill NOK) is ``deltas``."""
    rows = []
    for i, d in enumerate(deltas):
        for scenario, cost in (("ref", 100.0), ("tiltak", 100.0 + d)):
            rows.append({"scenario": scenario, "replication": 0, "year": 2024 + i, "trinn": 9,
                         "group": "dementia", "recipients": 1.0, "person_years": 1.0,
                         "cost_nok": cost * M, "staff_hours": 1.0, "fte": 1.0,
                         "head_count": 1.0, "waiting": 0.0, "wait_years": 0.0})
    return pd.DataFrame(rows)


def _horizon(deltas: list[float]) -> dict[str, float]:
    c = from_frames(_one_path(deltas))
    return {m: float(c.stat("tiltak", m)["mean"])  # type: ignore[index]
            for m in ("first_saving_year", "payback_year", "pv_d_cost_nok", "saves",
                      "pays_back")}


def test_extra_cost_first_then_savings() -> None:
    # Δ cost: +10, -4, -4, -4 (mill). Cumulative: 10, 6, 2, -2: pays back in the 4th year.
    f = _horizon([10.0, -4.0, -4.0, -4.0])
    assert f["first_saving_year"] == 2025
    assert f["payback_year"] == 2027
    assert f["saves"] == 1.0
    assert f["pays_back"] == 1.0
    pv = 10 - 4 / 1.04 - 4 / 1.04**2 - 4 / 1.04**3
    assert f["pv_d_cost_nok"] == pytest.approx(pv * M)


def test_never_pays_back_is_nan_not_horizon() -> None:
    # +10, -1, -1: cumulative 10, 9, 8: saves from 2025, never pays back.
    f = _horizon([10.0, -1.0, -1.0])
    assert f["first_saving_year"] == 2025
    assert math.isnan(f["payback_year"])
    assert f["pays_back"] == 0.0
    g = _horizon([1.0, 2.0])
    assert math.isnan(g["first_saving_year"])
    assert g["saves"] == 0.0
    # a balance that turns negative, back to positive, then negative again: the last turn
    # counts (+1, -2, +3, -5: cumulative 1, -1, 2, -3)
    assert _horizon([1.0, -2.0, 3.0, -5.0])["payback_year"] == 2027


def test_without_capacity_the_summary_has_no_waiting_rows(yearly: pd.DataFrame) -> None:
    c = from_frames(yearly, has_capacity=False)
    assert not summary_rows(c)["metric"].isin(["waiting", "wait_years"]).any()
    assert summary_rows(from_frames(yearly))["metric"].isin(["waiting", "wait_years"]).any()
    assert c.rows("waiting").shape[0] > 0  # the comparison keeps them; readers check the flag


def _random_run(seed: int, draws: int = 1) -> pd.DataFrame:
    """Three scenarios x 7 replications (x draws) x 3 years x 4 trinn x 2 groups, random,
    with some rows missing (a trinn nobody is in that year)."""
    rng = np.random.default_rng(seed)
    rows = []
    for scenario in ("ref", "a", "b"):
        for draw in range(draws):
            for rep in range(7):
                for year in (2024, 2025, 2026):
                    for trinn in (2, 4, 6, 9):
                        for group in ("dementia", "frail_elderly"):
                            if rng.random() < 0.15:
                                continue
                            cost = rng.gamma(2.0, 1e6)
                            rows.append({"scenario": scenario, "draw": draw,
                                         "replication": rep, "year": year, "trinn": trinn,
                                         "group": group, "recipients": rng.poisson(20) * 1.0,
                                         "person_years": rng.random() * 20,
                                         "cost_nok": cost, "staff_hours": cost / 700,
                                         "fte": cost / 7e5, "head_count": cost / 5e5,
                                         "waiting": rng.poisson(1) * 1.0,
                                         "wait_years": rng.random()})
    return pd.DataFrame(rows)


def _stats(values: pd.core.groupby.SeriesGroupBy) -> pd.DataFrame:
    return pd.DataFrame({"mean": values.mean(), "p05": values.quantile(0.05),
                         "p50": values.quantile(0.5), "p95": values.quantile(0.95),
                         "sd": values.std(ddof=1), "n": values.count()})


@pytest.mark.parametrize("draws", [1, 2])
def test_equals_an_independent_pandas_groupby(draws: int) -> None:
    """Levels and paired differences written here with plain pandas: the same numbers."""
    yearly = _random_run(11 + draws, draws)
    c = from_frames(yearly)
    # a sweep's (draw, replication) pairs are one sample each
    yearly = yearly.assign(sample=yearly["draw"] * 100 + yearly["replication"])
    got = c.table.set_index(["scenario", "year", "trinn", "group", "metric"])
    stat_cols = ["mean", "p05", "p50", "p95", "sd", "n"]
    # each trinn and group
    want = _stats(yearly.groupby(["scenario", "year", "trinn", "group"])["fte"])
    for (s, y, t, g), row in want.iterrows():
        np.testing.assert_allclose(got.loc[(s, y, t, g, "fte"), stat_cols].to_numpy(float),
                                   row.to_numpy(float), rtol=1e-12)
    # pleie og omsorg (trinn 6 and 9 here), summed per sample, then paired with "ref"
    care = (yearly[yearly["trinn"].isin([6, 9])]
            .groupby(["scenario", "sample", "year"])["cost_nok"].sum()
            .unstack("scenario").fillna(0.0))
    for s in ("a", "b"):
        d = (care[s] - care["ref"]).groupby(level="year")
        for y, row in _stats(d).iterrows():
            np.testing.assert_allclose(
                got.loc[(s, y, TRINN_CARE, "all", "d_cost_nok"), stat_cols].to_numpy(float),
                row.to_numpy(float), rtol=1e-9)
    assert int(got.loc[("a", 2024, 0, "all", "cost_nok"), "n"]) == 7 * draws


def test_written_and_read_back(tmp_path, yearly: pd.DataFrame) -> None:
    from results.comparison import write

    c = from_frames(yearly, rate=0.03, rate_source="command line")
    write(c, tmp_path)
    back = read(tmp_path)
    pd.testing.assert_frame_equal(back.table, c.table)
    assert (back.reference, back.scenarios, back.years, back.rate, back.rate_source) == (
        "status_quo", ("status_quo", "proaktiv"), (2024, 2025), 0.03, "command line")


def test_a_connection_finds_its_database_as_new(tmp_path) -> None:
    # `connect` hands this process's idle database to the next caller: what one made (a
    # view, a table, a temporary table) must be gone for the next, its settings its own
    from results import comparison

    first = comparison.connect(tmp_path / "a", "100MB")
    first.execute("CREATE VIEW src AS SELECT 1 AS x")
    first.execute("CREATE TABLE kept AS SELECT 2 AS y")
    first.execute("CREATE TEMP TABLE scratch AS SELECT 3 AS z")
    database = first._db
    first.close()
    second = comparison.connect(tmp_path / "b", "200MB")
    try:
        assert second._db is database  # reused, not a new database
        made = second.execute("SELECT count(*) FROM duckdb_tables() UNION ALL "
                              "SELECT count(*) FROM duckdb_views() WHERE NOT internal").fetchall()
        assert made == [(0,), (0,)]
        second.execute("CREATE VIEW src AS SELECT 4 AS x")  # the name is free again
        limit = second.execute("SELECT current_setting('memory_limit')").fetchone()[0]
        assert limit.replace(" ", "") in ("190.7MiB", "200.0MB")  # DuckDB shows MiB
        folder = second.execute("SELECT current_setting('temp_directory')").fetchone()[0]
        assert folder == (tmp_path / "b").as_posix()
    finally:
        second.close()


def test_a_database_that_spilled_is_replaced(tmp_path) -> None:
    # DuckDB keeps the temporary folder a database has spilled to: the next caller, with
    # its own folder, gets a new database that spills there
    from results import comparison

    spill = "SELECT count(*) FROM (SELECT range AS x, random() AS y FROM range(3000000) ORDER BY y)"
    databases = []
    for name in ("first", "second"):
        folder = tmp_path / name
        con = comparison.connect(folder, "20MB")
        databases.append(con._db)
        try:
            assert con.execute(spill).fetchone()[0] == 3_000_000
            assert folder.is_dir()  # it spilled there
            assert con.execute("SELECT current_setting('temp_directory')").fetchone()[0] == (
                folder.as_posix())
        finally:
            con.close()
    assert databases[1] is not databases[0]


@pytest.mark.parametrize("draws", [1, 2])
def test_a_small_dataset_read_once_equals_the_passes_of_a_large_one(draws: int) -> None:
    """A dataset of at most ``rows_per_pass`` rows is read into DuckDB tables once and its
    totals taken in one aggregation; a larger one is streamed from its files and summed
    one total at a time, pass by pass. Both add the same values in the same order, so the
    tables are equal to the last bit."""
    yearly = _random_run(5 + draws, draws)
    small = from_frames(yearly)
    large = from_frames(yearly, rows_per_pass=1)  # every table in passes of one year
    pd.testing.assert_frame_equal(small.table, large.table, check_exact=True)


def test_stat_returns_the_row_in_python_values(yearly: pd.DataFrame) -> None:
    """`Comparison.stat` gives a row as ``table.iloc[i].to_dict()`` would: Python's str,
    int and float, the columns in order."""
    c = from_frames(yearly)
    row = c.stat("proaktiv", "d_cost_nok", 2024)
    assert row is not None
    assert list(row) == list(COLUMNS)
    assert [type(row[k]) for k in ("scenario", "year", "trinn", "group", "metric", "mean",
                                   "n")] == [str, int, int, str, str, float, int]
    # 2024: -1, -1, -3 (test_paired_differences_by_hand)
    assert (row["scenario"], row["year"], row["n"]) == ("proaktiv", 2024, 3)
    assert row["mean"] == pytest.approx(-5 / 3 * M)
    assert c.stat("proaktiv", "d_cost_nok", 2030) is None
