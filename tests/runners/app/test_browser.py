"""A real browser: headless Chromium (Debian's) driven by Playwright against ``trappa app``.

Skipped locally when /usr/bin/chromium or the playwright package is missing; in CI (``CI``
set) it runs, and a missing browser fails it (``browser_helpers``).
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from runners import cli
from tests.runners.app.browser_helpers import (  # noqa: F401 (app: a fixture)
    BROWSER_MARKS,
    app,
    launch,
    open_app,
    settle,
)

END, RUNS, SEED = 2025, 2, 20250212

pytestmark = BROWSER_MARKS


def _library_delta_cost(tmp_path: Path) -> float:
    """Δ total cost in END (mill NOK), from ``trappa compare`` on hand-written files."""
    body = (f'municipality = "faerder"\nstart_year = 2024\nend_year = {END}\nseed = 1\n'
            "replications = 1\n[groups.dementia.existing_cases]\n{mix} = 1.0\n"
            "[groups.dementia.new_cases.2024]\nnormal = 1.0\n")
    (tmp_path / "a.toml").write_text('name = "a"\n' + body.format(mix="normal"))
    (tmp_path / "b.toml").write_text('name = "b"\n' + body.format(mix="proactive"))
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli.main(["compare", str(tmp_path / "a.toml"), str(tmp_path / "b.toml"),
                         "--seed", str(SEED), "--runs", str(RUNS), "--out",
                         str(tmp_path / "run"), "--no-plots"]) == 0
    y = pd.read_parquet(tmp_path / "run" / "yearly")
    per = y[y["year"] == END].groupby(["scenario", "replication"])["cost_nok"].sum()
    return float((per["b"] - per["a"]).mean() / 1e6)


def _click_run(page: Any, tmp_path: Path) -> None:
    """Click "Kjør"; if it stays disabled, fail with what the page says (its alerts) and keep a
    screenshot, rather than a bare time-out."""
    button = page.get_by_role("button", name="Kjør")
    try:
        button.click(timeout=180_000)
    except Exception as exc:
        page.screenshot(path=str(tmp_path / "not-enabled.png"), full_page=True)
        alerts = page.locator('[data-testid="stAlert"]').all_inner_texts()
        raise AssertionError(f"Kjør not enabled; the page says: {alerts}; screenshot "
                             f"{tmp_path / 'not-enabled.png'}") from exc


def _number(text: str) -> float:
    clean = text.replace("\u2212", "-").replace("\u00a0", "").replace("\u202f", "")
    return float(clean.replace(" ", "").replace(",", "."))


def test_browser_moves_a_slider_runs_and_shows_the_librarys_figure(app: str,  # noqa: F811
                                                                    tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context = launch(pw, tmp_path, 1400, 1800)
        try:
            page = open_app(context, app)
            page.get_by_text("trappa: strategier for innsatstrappa").wait_for(timeout=60_000)

            def slider(label: str):  # type: ignore[no-untyped-def]
                return (page.locator('[data-testid="stSlider"]').filter(has_text=label)
                        .first.get_by_role("slider"))

            end = slider("Siste år")
            end.focus()
            end.press("Home")  # the first allowed last year: start + 1 = 2025
            settle(page)
            reps = (page.locator('[data-testid="stNumberInput"]').filter(has_text="Replikasjoner")
                    .locator("input"))
            reps.fill(str(RUNS))
            reps.press("Enter")
            settle(page)
            existing = slider("Proaktivt forløp (%)")
            existing.focus()
            existing.press("End")  # every existing case proactive
            settle(page)
            assert slider("Proaktivt forløp (%)").input_value() == "100"
            assert slider("Siste år").input_value() == str(END)
            # the button is enabled once the strategy is built
            _click_run(page, tmp_path)
            page.locator(".vega-embed").first.wait_for(timeout=240_000)
            label = f"Δ kostnad, alle trinn (mill kr/år, 2024-priser) i {END}"
            metric = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
            shown = _number(metric.locator('[data-testid="stMetricValue"]').inner_text())
            page.wait_for_timeout(1000)
            page.screenshot(path=str(tmp_path / "app.png"), full_page=True)
        finally:
            context.close()
    assert (tmp_path / "app.png").stat().st_size > 10_000
    (tmp_path / "library").mkdir()
    expected = _library_delta_cost(tmp_path / "library")
    assert abs(expected) > 0.5
    assert shown == pytest.approx(expected, abs=0.05)


def test_browser_cancels_a_run_while_its_progress_is_polled(app: str,  # noqa: F811
                                                            tmp_path: Path) -> None:
    """"Avbryt" during a run stops it: the poll follows the run in one script run, and a click
    on the button is answered while that run goes on (not when the job has ended)."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        context = launch(pw, tmp_path, 1366, 768)
        try:
            page = open_app(context, app)
            reps = (page.locator('[data-testid="stNumberInput"]').filter(has_text="Replikasjoner")
                    .locator("input"))
            reps.fill("1000")  # minutes of work: only a cancel ends it within the test
            reps.press("Enter")
            settle(page)
            _click_run(page, tmp_path)
            progress = page.locator('[data-testid="stProgress"]').first
            # the bar moves while the poll's run goes on: a replication done
            expect(progress).to_contain_text(re.compile(r"[1-9][0-9]* av 1000"), timeout=120_000)
            page.get_by_role("button", name="Avbryt").click()
            expect(page.get_by_text("Kjøringen ble avbrutt")).to_be_visible(timeout=60_000)
            expect(page.locator('[data-testid="stProgress"]')).to_have_count(0)
        finally:
            context.close()
