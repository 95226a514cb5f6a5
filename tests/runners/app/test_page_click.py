"""A click on "Kjør" starts the run from the button's callback, before the page is drawn
again, only when the inputs are those the shown strategy was built from; otherwise the
page's run starts it, with what the page then shows (the title typed with the click)."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import ClassVar

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest

from runners.app import jobs, ui

PAGE = Path(__file__).resolve().parents[3] / "runners" / "app" / "page.py"


class Started(jobs.Job):
    """A job that records who started it and never runs (the page only polls it)."""

    log: ClassVar[list[tuple[Started, set[str]]]] = []

    def start(self) -> Started:
        self.phase = "strategy"
        Started.log.append((self, {frame.function for frame in inspect.stack()}))
        return self


@pytest.fixture
def page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("TRAPPA_APP_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("TRAPPA_APP_WORKERS", "1")
    monkeypatch.delenv("TRAPPA_APP_MUNICIPALITIES", raising=False)
    monkeypatch.setattr(ui, "Job", Started)
    Started.log.clear()
    at = AppTest.from_file(str(PAGE), default_timeout=120)
    at.run()
    assert not at.exception
    return at


def test_a_click_starts_the_run_in_the_buttons_callback(page: AppTest) -> None:
    page.button(key="run").click().run()
    assert not page.exception
    assert len(Started.log) == 1  # once: the page's run does not start it again
    job, callers = Started.log[0]
    assert "_on_run" in callers
    assert page.session_state["job"] is job
    assert job.strategy.title("nb") == "Strategi"
    # the page drawn after the click knows the run: "Kjør" is off until it ends
    assert page.button(key="run").disabled


def test_a_title_typed_with_the_click_is_the_one_run(page: AppTest) -> None:
    page.text_input(key="strategy_name").input("Planmøte B")
    page.button(key="run").click().run()
    assert not page.exception
    assert len(Started.log) == 1
    job, callers = Started.log[0]
    # the callback's strategy was built from the old title: the page's run starts the new one
    assert "_on_run" not in callers
    assert job.strategy.title("nb") == "Planmøte B"
