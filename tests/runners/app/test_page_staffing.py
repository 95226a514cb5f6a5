"""The staffing gap on the page (issue 31, AppTest): the supply levers reach the run's
interventions, and the page shows the run's comparison (need, supply, gap per year, the
persons, the first year over the threshold, the hires to close, the family carers' ratio)
without computing it.

Expected values: the levers' tables are the ones docs/staff-supply.md writes by hand; the
base year's gap of the reference is zero by construction (the supply model's definition);
the page's figures are the stored comparison's (`results.comparison.read`), formatted.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest

from results import comparison as results_comparison
from results.labels import label
from results.summary import TRINN_CARE
from runners.app.jobs import Job
from scenarios.interventions import Ramp, StaffLever

PAGE = Path(__file__).resolve().parents[3] / "runners" / "app" / "page.py"
START, END, RUNS, SEED = 2024, 2026, 2, 3131


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppTest]:
    """A run with two supply levers on: full-time culture to 80 % at once from 2025, and 15
    more hires a year from 2026 in 2 steps one year apart."""
    folder = tmp_path_factory.mktemp("app-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRAPPA_APP_CACHE", str(folder))
        mp.setenv("TRAPPA_APP_WORKERS", "2")
        mp.delenv("TRAPPA_APP_MUNICIPALITIES", raising=False)
        at = AppTest.from_file(str(PAGE), default_timeout=120)
        at.run()
        at.slider(key="end_year").set_value(END)
        at.number_input(key="replications").set_value(RUNS)
        at.number_input(key="seed").set_value(SEED)
        at.run()
        at.checkbox(key="fulltime.on").check()
        at.slider(key="fulltime.value").set_value(80)
        at.slider(key="fulltime.start").set_value(2025)
        at.slider(key="fulltime.steps").set_value(1)
        at.checkbox(key="hires.on").check()
        at.slider(key="hires.value").set_value(15)
        at.slider(key="hires.start").set_value(2025)
        at.slider(key="hires.steps").set_value(2)
        at.slider(key="hires.gap").set_value(1)
        at.run()
        assert not at.exception
        assert not at.error, [e.value for e in at.error]
        at.button(key="run").click().run()
        job: Job = at.session_state["job"]
        assert job.wait(300), "the run did not finish"
        at.run()
        assert job.phase == "done", job.error
        assert not at.exception
        yield at
        job = at.session_state["job"]
        job.cancel()
        assert job.wait(120)


def _number(text: str) -> float:
    clean = text.replace("\u2212", "-").replace("\u00a0", "").replace("\u202f", "")
    return float(clean.replace(" ", "").replace(",", ".").partition("(")[0])


def _table(at: AppTest, column: str) -> pd.DataFrame:
    return next(t.value for t in at.table if column in t.value.columns)


def test_the_supply_levers_reach_the_run(ran: AppTest) -> None:
    job: Job = ran.session_state["job"]
    levers = [iv for iv in job.strategy.interventions if isinstance(iv, StaffLever)]
    assert levers == [
        StaffLever("full_time_culture", 0.80, Ramp(2025, ((2025, 1.0),))),
        StaffLever("more_hires", 15.0, Ramp(2025, ((2025, 0.5), (2026, 1.0)))),
    ]
    # the reference has none: the switched-off levers wrote nothing
    assert not [iv for iv in job.reference.interventions if isinstance(iv, StaffLever)]


def test_the_page_shows_the_comparisons_staffing_gap(ran: AppTest) -> None:
    job: Job = ran.session_state["job"]
    assert job.result is not None
    c = results_comparison.read(job.result)
    assert label("staff.title", "nb") in [h.value for h in ran.subheader]
    need_col, supply_col = label("xl.staff.need", "nb"), label("xl.staff.supply", "nb")
    gap_col = label("xl.staff.gap", "nb")
    per_year = [t.value for t in ran.table if need_col in t.value.columns]
    assert len(per_year) == 2  # the reference's, then the strategy's
    for table, scenario in zip(per_year, (c.reference, c.strategies[0]), strict=True):
        assert list(table.index) == ["2024", "2026"]  # the start year and the last
        for y in (START, END):
            for column, metric in ((need_col, "fte"), (supply_col, "supply_fte"),
                                   (gap_col, "gap_fte")):
                stat = c.stat(scenario, metric, y, TRINN_CARE)
                assert stat is not None
                assert _number(table.loc[str(y), column]) == pytest.approx(
                    float(stat["mean"]), abs=0.5)
    # the supply model's definition: today's staff give today's need, the gap starts at 0
    assert _number(per_year[0].loc[str(START), gap_col]) == 0
    # more staff on larger positions: the strategy has more årsverk than the reference
    ref_supply = _number(per_year[0].loc[str(END), supply_col])
    assert _number(per_year[1].loc[str(END), supply_col]) > ref_supply + 20

    hires_col = label("staff.hires", "nb")
    summary = _table(ran, hires_col)
    for scenario in (c.reference, c.strategies[0]):
        hires = c.stat(scenario, "hires_to_close", None, TRINN_CARE)
        family = c.stat(scenario, "family_carer_ratio", END)
        assert hires is not None
        assert family is not None
        row = summary.iloc[[c.reference, c.strategies[0]].index(scenario)]
        assert _number(row[hires_col]) == pytest.approx(float(hires["mean"]), abs=0.5)
        family_col = label("staff.family", "nb", year=END)
        assert _number(row[family_col]) == pytest.approx(float(family["mean"]), abs=0.05)
        first = c.stat(scenario, "gap_first_year_of_mean", None, TRINN_CARE)
        first_col = next(col for col in summary.columns if str(col).startswith("Første år"))
        shown = row[first_col]
        if first is None or math.isnan(float(first["mean"])):
            assert shown == label("cmp.pay.never", "nb", y1=END)
        else:
            assert shown == str(int(first["mean"]))


def test_the_staffing_sentence_in_each_language(ran: AppTest) -> None:
    text = "\n".join(m.value for m in ran.markdown)
    assert "årsverk" in text
    assert ("til overs" in text or "personer å rekruttere" in text)
    ran.radio(key="lang").set_value("en").run()
    try:
        assert label("staff.title", "en") in [h.value for h in ran.subheader]
        text = "\n".join(m.value for m in ran.markdown)
        assert "FTE" in text
    finally:
        ran.radio(key="lang").set_value("nb").run()
