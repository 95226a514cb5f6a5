"""``trappa compare``'s payback and waiting tables against a hand recomputation from yearly/.

The terminal figures come from the run's comparison; here they are recomputed independently from
the stored yearly/ Parquet dataset: per replication, the strategy's total cost minus the
reference's in the same replication (common random numbers), per year; the first year with
a negative difference; the first year from which the running sum stays negative to the
horizon; and the present value sum_t d_t / (1 + r) ** (t - t0), t0 the first year (so the
first year is not discounted: the convention of results.payback.present_value). With three
replications the 5th and 95th percentiles (numpy's linear method) are, of sorted x0 <= x1 <=
x2, x0 + 0.1 (x1 - x0) and x1 + 0.9 (x2 - x1).
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from tests.pdf_pages import page_texts
from tests.runners.conftest import SHORT_END, run_main, write_scenario

RUNS = 3
#: trinn 11 places: few enough that people wait in a short run (tests/sim/test_capacity.py)
CAPACITY = '[capacity]\n"11" = { 2024 = 100 }\n'


def _compare(folder: Path, out: Path, *extra: str, strategy_extra: str = "") -> str:
    """Run a short serial compare in this process; return its stdout."""
    folder.mkdir()
    files = [str(write_scenario(folder, "normal")),
             str(write_scenario(folder, "proactive", extra=strategy_extra))]
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        status, err = run_main("compare", *files, "--runs", str(RUNS), "--seed", "4", "--out",
                               str(out), "--no-plots", "--backend", "serial", "--lang", "en",
                               *extra)
    assert status == 0, err[-2000:]
    return buf.getvalue()


def _fold(text: str) -> str:
    return " ".join(text.split())


def _cells(text: str, title: str) -> list[list[str]]:
    """Return the body rows of the rich table titled ``title``: each row's cells, the lines
    of a multi-line cell joined by a space (rich draws no rule between rows, so a row
    starts on a line whose first cell, the scenario, has text)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if title in line)
    body = next(i for i in range(start, len(lines)) if lines[i].lstrip().startswith("┡"))
    rows: list[list[str]] = []
    for line in lines[body + 1:]:
        if line.lstrip().startswith("└"):
            break
        parts = [p.strip() for p in line.strip().strip("│").split("│")]
        if parts[0] or not rows:
            rows.append(parts)
        else:
            rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], parts, strict=True)]
    return rows


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    """Two compares: the default rate without capacities, and 0 % with trinn 11 limited."""
    folder = tmp_path_factory.mktemp("payback")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COLUMNS", "250")  # rich wraps at the terminal width; keep cells whole
        return {"default": (folder / "default", _compare(folder / "a", folder / "default")),
                "zero": (folder / "zero", _compare(folder / "b", folder / "zero",
                                                   "--discount-rate", "0",
                                                   strategy_extra=CAPACITY))}


def _paired(run_dir: Path) -> pd.DataFrame:
    """Δ total cost per (replication, year): proactive minus normal, from yearly/."""
    yearly = pd.read_parquet(run_dir / "yearly")
    tot = yearly.groupby(["scenario", "replication", "year"])["cost_nok"].sum().unstack(0)
    return (tot["proactive"] - tot["normal"]).unstack("replication").sort_index()


def _p05_p95(values: list[float]) -> tuple[float, float]:
    x0, x1, x2 = sorted(values)
    return x0 + 0.1 * (x1 - x0), x1 + 0.9 * (x2 - x1)


def _by_hand(d: pd.DataFrame, rate: float) -> dict[str, list[float | None]]:
    years = [int(y) for y in d.index]
    out: dict[str, list[float | None]] = {"first": [], "payback": [], "pv": [], "cum": []}
    for r in d.columns:
        diffs = [float(v) for v in d[r]]
        running, cum = 0.0, []
        for v in diffs:
            running += v
            cum.append(running)
        out["first"].append(next((y for y, v in zip(years, diffs, strict=True) if v < 0), None))
        back = None
        for y, c in zip(reversed(years), reversed(cum), strict=True):
            if c >= 0:
                break
            back = y
        out["payback"].append(back)
        out["pv"].append(sum(v / (1 + rate) ** (y - years[0])
                             for y, v in zip(years, diffs, strict=True)))
        out["cum"].append(cum[-1])
    return out


def _mnok(x: float) -> str:
    # English, written by hand: grouping comma, a true minus (U+2212), "+" before an increase.
    r = round(x / 1e6, 1)
    text = f"{abs(r):,.1f}"
    return ("+" if r > 0 else "\u2212" if r < 0 else "") + text


@pytest.mark.parametrize(("key", "rate"), [("default", 0.04), ("zero", 0.0)])
def test_terminal_payback_figures_match_a_hand_recomputation(runs, key, rate):
    run_dir, text = runs[key]
    d = _paired(run_dir)
    assert list(d.index) == list(range(2024, SHORT_END + 1))
    hand = _by_hand(d, rate)
    pv = [float(v) for v in hand["pv"] if v is not None]
    low, high = _p05_p95(pv)
    [row] = _cells(text, "Payback vs Normal pathway")
    assert row[0] == "Proactive pathway"
    assert row[3] == f"{_mnok(sum(pv) / RUNS)} [{_mnok(low)}, {_mnok(high)}]", text
    # the mean path's years first (the year of the mean Δ cost per year, as in the report)
    mean_path = _by_hand(d.mean(axis=1).to_frame(), rate)
    for figure, cell in (("first", row[1]), ("payback", row[2])):
        of_mean = mean_path[figure][0]
        head = f"not by {SHORT_END}" if of_mean is None else str(of_mean)
        years = [y for y in hand[figure] if y is not None]
        share = f"in {100 * len(years) / RUNS:.0f}% of replications"
        if len(years) == RUNS:
            lo, hi = _p05_p95([float(y) for y in years])
            median = sorted(years)[1]
            assert cell == f"{head} {median} [{lo:.0f}, {hi:.0f}] {share}", (figure, text)
        elif not years:
            assert cell == head
        else:
            assert cell.startswith(head)
            assert cell.endswith(share)
    text = _fold(text)
    shown = "0%" if rate == 0 else "4%"
    assert f"Present value of Δ cost 2024\u2013{SHORT_END}, {shown} (mill NOK)" in text
    assert "Fixed 2024 prices" in text


def test_present_value_at_zero_is_the_cumulative_sum(runs):
    run_dir, _ = runs["zero"]
    hand = _by_hand(_paired(run_dir), 0.0)
    summary = pd.read_parquet(run_dir / "summary.parquet")
    rows = summary[(summary["trinn"] == 0) & (summary["group"] == "all")
                   & (summary["year"] == SHORT_END) & (summary["scenario"] == "proactive")]
    pv = float(rows.loc[rows["metric"] == "pv_d_cost_nok", "mean"].iloc[0])
    cum = float(rows.loc[rows["metric"] == "d_cost_cum_nok", "mean"].iloc[0])
    assert pv == pytest.approx(cum, rel=1e-12)
    assert pv == pytest.approx(sum(hand["cum"]) / RUNS, rel=1e-9)  # type: ignore[arg-type]
    # and at 4 % the discounted sum is not the plain one (the rate does something)
    d = _paired(runs["default"][0])
    assert abs(sum(_by_hand(d, 0.04)["pv"]) - sum(_by_hand(d, 0.0)["pv"])) > 1e3  # type: ignore[arg-type]


def test_run_json_records_the_rate_and_its_source(runs):
    default = json.loads((runs["default"][0] / "run.json").read_text(encoding="utf-8"))
    zero = json.loads((runs["zero"][0] / "run.json").read_text(encoding="utf-8"))
    assert (default["discount_rate"], default["discount_rate_source"]) == (
        0.04, "default (R-109/2021)")
    assert (zero["discount_rate"], zero["discount_rate_source"]) == (0.0, "command line")


def _pdf(run_dir: Path, lang: str = "en") -> str:
    return " ".join(page_texts(run_dir / "report" / f"report-{lang}.pdf"))


def test_the_report_states_the_rate_of_run_json(runs, tmp_path):
    text = _pdf(runs["zero"][0])
    assert "Discount rate (real) 0% (chosen on the command line with --discount-rate)" in text
    assert "at 0% real" in text
    default = _pdf(runs["default"][0])
    assert "Discount rate (real) 4% (Ministry of Finance" in default
    # trappa report --discount-rate restates the present values at another rate
    status, err = run_main("report", str(runs["default"][0]), "--lang", "en", "--format",
                           "pdf", "--discount-rate", "2.5")
    assert status == 0, err
    assert "Discount rate (real) 2.5% (chosen on the command line" in _pdf(runs["default"][0])


def test_waiting_lists_show_only_with_capacities(runs):
    _, plain = runs["default"]
    assert "Waiting lists" not in plain
    run_dir, text = runs["zero"]
    rows = _cells(text, "Waiting lists (scenarios with capacities)")
    yearly = pd.read_parquet(run_dir / "yearly")
    tot = yearly.groupby(["scenario", "replication", "year"])[["waiting", "wait_years"]].sum()
    row = tot.xs(("proactive", SHORT_END), level=("scenario", "year"))
    assert row["wait_years"].sum() > 0  # the capacity binds, so the check below means something
    cells = []
    for metric in ("waiting", "wait_years"):
        values = [float(v) for v in row[metric]]
        lo, hi = _p05_p95(values)
        cells.append(f"{sum(values) / RUNS:,.1f} [{lo:,.1f}, {hi:,.1f}]")
    assert ["Proactive pathway", str(SHORT_END), *cells] in rows, text
    # the reference has no capacity: nobody waits there
    assert ["Normal pathway", str(SHORT_END), "0.0 [0.0, 0.0]", "0.0 [0.0, 0.0]"] in rows
