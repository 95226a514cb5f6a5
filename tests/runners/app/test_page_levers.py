"""The intervention levers on the page (AppTest): widgets -> the run's interventions, and
the boligtrapp view, shown only with the housing lever, equal to the demography dataset."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest

from runners.app.jobs import Job
from scenarios.interventions import (
    DigitalHomeCare,
    HousingProfile,
    Ramp,
    Reablement,
    ReduceSmallDecisions,
    Target,
)

PAGE = Path(__file__).resolve().parents[3] / "runners" / "app" / "page.py"
END, RUNS, SEED = 2026, 2, 4321
HOME_CARE = ("frail_elderly", "disability", "mental_health", "children")


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppTest]:
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
        yield at
        # a run a failed test left behind must not outlive the cache folder set for it
        if "job" in at.session_state:
            job: Job = at.session_state["job"]
            job.cancel()
            assert job.wait(120)


def _run(at: AppTest) -> Job:
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    at.button(key="run").click().run()
    job: Job = at.session_state["job"]
    assert job.wait(300), "the run did not finish"
    at.run()
    assert job.phase == "done", job.error
    return job


def _housing_heading(at: AppTest) -> bool:
    return any(h.value.startswith("Boligtrappa") for h in at.subheader)


def test_every_intervention_widget_reaches_the_run(page: AppTest) -> None:
    at = page
    at.checkbox(key="small.on").check()
    at.selectbox(key="small.band").set_value("0-1")
    at.slider(key="small.fraction").set_value(40)
    at.slider(key="small.start").set_value(2025)
    at.slider(key="small.steps").set_value(1)
    at.checkbox(key="digital.on").check()
    at.slider(key="digital.share.0-1").set_value(70)
    at.slider(key="digital.share.5-10").set_value(0)
    at.slider(key="digital.start").set_value(2026)
    at.checkbox(key="housing.on").check()
    at.slider(key="housing.share").set_value(60)
    at.slider(key="housing.start").set_value(2025)
    at.slider(key="housing.steps").set_value(2)
    at.slider(key="housing.gap").set_value(1)
    at.checkbox(key="reablement.on").check()
    at.slider(key="reablement.share").set_value(80)
    at.slider(key="reablement.start").set_value(2024)
    at.run()
    job = _run(at)
    assert job.strategy.interventions == (
        ReduceSmallDecisions("0-1", 0.4, Target(HOME_CARE, 0, 120),
                             Ramp(2025, ((2025, 1.0),))),
        DigitalHomeCare({"0-1": 0.7, "1-2.5": 0.3, "2.5-5": 0.2},  # type: ignore[arg-type]
                        0.5, 0.7, 960_000.0, Target(HOME_CARE, 0, 120),
                        Ramp(2026, ((2026, 1.0),))),
        HousingProfile(0.6, Target(("dementia", "frail_elderly"), 67, 120),
                       Ramp(2025, ((2025, 0.5), (2026, 1.0)))),
        Reablement(0.8, 10.0, 0.5, 1.0, Target(("frail_elderly",), 67, 120),
                   Ramp(2024, ((2024, 1.0),))),
    )
    assert job.reference.interventions == ()


def test_the_boligtrapp_shown_equals_the_demography_dataset(page: AppTest) -> None:
    at = page
    job: Job = at.session_state["job"]
    assert job.result is not None
    assert _housing_heading(at)
    demo = pd.read_parquet(job.result / "demography")
    persons = next(tb.value for tb in at.table if tb.value.index.name == "Boligtrinn"
                   and "Aldersvennlig bolig (trinn 8)" in tb.value.index)
    checked = 0
    for scenario, title in ((job.reference.name, job.reference.title("nb")),
                            (job.strategy.name, job.strategy.title("nb"))):
        for year in (2024, END):
            rows = demo[(demo["scenario"] == scenario) & (demo["year"] == year)]
            assert len(rows) == RUNS
            for label, step in (("Ordinær bolig", "ordinary"),
                                ("Aldersvennlig bolig (trinn 8)", "age_friendly"),
                                ("Institusjon (trinn 11\u201312)", "institution")):
                shown = persons.loc[label, f"{title} {year}"]  # columns by title
                mean = rows[f"boligtrapp_{step}_persons"].mean()
                assert float(shown.replace("\u00a0", "").replace(" ", "").replace(
                    ",", ".")) == pytest.approx(mean, abs=0.5), (scenario, year, step)
                checked += 1
    assert checked == 12
    # the lever moved people: the strategy has age-friendly residents in END, the reference
    # none (trinn 8 is empty in 2024, seed 000)
    strat = demo[(demo["scenario"] == job.strategy.name) & (demo["year"] == END)]
    ref = demo[(demo["scenario"] == job.reference.name) & (demo["year"] == END)]
    assert strat["boligtrapp_age_friendly_persons"].mean() > 0
    assert ref["boligtrapp_age_friendly_persons"].mean() == 0
    at.radio(key="lang").set_value("en").run()
    try:
        assert any(h.value.startswith("The housing staircase of inhabitants 67+")
                   for h in at.subheader)
        assert any(e.label == "Reablement" for e in at.expander)
    finally:
        at.radio(key="lang").set_value("nb").run()


def test_no_boligtrapp_without_the_housing_lever(page: AppTest) -> None:
    at = page
    at.checkbox(key="housing.on").uncheck()
    at.run()
    job = _run(at)
    assert not any(isinstance(iv, HousingProfile) for iv in job.strategy.interventions)
    assert not _housing_heading(at)
