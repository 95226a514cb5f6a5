"""The app as a meeting uses it, in headless Chromium at a laptop's 1366 x 768 and 1280 x 720.

Two page sessions (browser tests are slow), each checking several things: the run button,
the progress and the first chart are on screen without scrolling; no label or table is cut
(an element's ``scrollWidth`` beyond its ``clientWidth``); a free title such as
"Planmøte A \N{EN DASH} 2030" runs, is saved and loads back; a switched-off lever shows no value and
writes nothing; an invalid number gets a Norwegian sentence and no run; the bokmål page
shows no English word of Streamlit's and no decimal point. Each saves screenshots in its
temporary folder. Skipped without Chromium and Playwright, except in CI (as
``test_browser.py``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.runners.app.browser_helpers import (  # noqa: F401 (app: a fixture)
    BROWSER_MARKS,
    app,
    launch,
    open_app,
    settle,
)

pytestmark = BROWSER_MARKS

TITLE = "Planmøte A \N{EN DASH} 2030"
#: Words of Streamlit's own front end (and file names) that must not show on the nb page.
ENGLISH = ("Upload", "Deploy", "Press Enter", "200MB", "per file", "seed", "Browse files",
           "Drag and drop", "faerder", "capacity-example", "phased-proactive", "trappa compare")
#: A number written with a decimal point ("63.5", "2.5"); a date "31.12." is not one.
DECIMAL_POINT = re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])")

#: Every element whose text is cut: wider content than its box (CSS truncation or overflow),
#: among the metric labels, the table cells and the tables in their containers.
_CUT = """() => {
  const out = [];
  const check = (el, what) => {
    if (el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1) {
      out.push(what + ': ' + el.innerText.slice(0, 60) + ' (' + el.scrollWidth + ' > '
               + el.clientWidth + ')');
    }
  };
  document.querySelectorAll('[data-testid="stMetricLabel"] *').forEach(e => check(e, 'label'));
  document.querySelectorAll('[data-testid="stMetricValue"] *').forEach(e => check(e, 'value'));
  document.querySelectorAll('[data-testid="stTable"]').forEach(e => check(e, 'table'));
  document.querySelectorAll('[data-testid="stTable"] th, [data-testid="stTable"] td')
    .forEach(e => check(e, 'cell'));
  document.querySelectorAll('[data-testid="stMarkdownContainer"] p')
    .forEach(e => check(e, 'text'));
  return out;
}"""


def _visible_text(page: Any) -> str:
    """The page's text and what its fields show."""
    fields = page.evaluate("() => Array.from(document.querySelectorAll('input, textarea'))"
                           ".filter(e => e.offsetParent !== null).map(e => e.value)")
    return page.locator("body").inner_text() + "\n" + "\n".join(fields)


def _number_input(page: Any, label: str) -> Any:
    return page.locator('[data-testid="stNumberInput"]').filter(has_text=label).locator("input")


def _slider(page: Any, label: str) -> Any:
    return (page.locator('[data-testid="stSlider"]').filter(has_text=label).first
            .get_by_role("slider"))


def _type(page: Any, field: Any, text: str) -> None:
    field.fill(text)
    field.press("Tab")  # leaving the field commits it (no "Enter" needed)
    settle(page)


def _run_and_see(page: Any, tmp_path: Path, name: str) -> None:
    """Click "Kjør": the progress, then the first chart, are on screen without scrolling."""
    from playwright.sync_api import expect

    run = page.get_by_role("button", name="Kjør")
    expect(run).to_be_in_viewport()
    run.click()
    expect(page.locator('[data-testid="stProgress"]').first).to_be_in_viewport(timeout=30_000)
    page.screenshot(path=str(tmp_path / f"{name}-progress.png"))
    chart = page.locator(".vega-embed").first
    chart.wait_for(timeout=240_000)
    page.wait_for_timeout(1500)  # the scroll to the results, then the charts' layout
    expect(chart).to_be_in_viewport()
    page.screenshot(path=str(tmp_path / f"{name}-result.png"))
    settle(page)  # the runs while it polled are behind us: the next change waits for its own


def _no_cut(page: Any, tmp_path: Path, name: str) -> None:
    cut = page.evaluate(_CUT)
    tables = page.locator('[data-testid="stTable"]')
    for i in range(tables.count()):
        tables.nth(i).scroll_into_view_if_needed()
        page.screenshot(path=str(tmp_path / f"{name}-table-{i}.png"))
    assert not cut, cut


def test_a_meeting_at_1366x768(app: str, tmp_path: Path) -> None:  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        context = launch(pw, tmp_path, 1366, 768)
        try:
            page = open_app(context, app)
            page.get_by_role("button", name="Kjør").wait_for(timeout=60_000)
            page.screenshot(path=str(tmp_path / "start.png"))
            text = _visible_text(page)
            assert not [w for w in ENGLISH if w in text], text
            assert not DECIMAL_POINT.findall(text)
            # municipality and reference by their names, not their files'
            expect(page.get_by_role("combobox", name="Kommune")).to_have_value("Færder")
            expect(page.get_by_role("combobox", name="Referansescenario")).to_have_value(
                "Normalforløp")

            # an invalid number: a sentence beside the field, and no run can start
            reps = _number_input(page, "Replikasjoner")
            reps.fill("0")  # typed, not yet committed: Streamlit's English hint is not shown
            expect(page.get_by_text("Press Enter to apply")).to_be_hidden()
            _type(page, reps, "0")
            expect(reps).to_have_value("0")  # the field shows what the run would use
            expect(page.get_by_text("Skriv et helt tall fra 1 til 1000 (nå 0).")).to_be_visible()
            expect(page.get_by_role("button", name="Kjør")).to_be_disabled()
            page.screenshot(path=str(tmp_path / "invalid.png"))
            _type(page, reps, "2")
            expect(page.get_by_role("button", name="Kjør")).to_be_enabled()

            # a switched-off lever shows no values: only its switch
            page.get_by_text("Plasser på trinn 11").click()
            lever = page.locator('[data-testid="stExpander"]').filter(
                has_text="Plasser på trinn 11")
            expect(lever.get_by_text("Begrens plassene på trinn 11")).to_be_visible()
            expect(lever.locator('[data-testid="stNumberInput"]').first).to_be_hidden()
            page.screenshot(path=str(tmp_path / "lever-off.png"))
            page.get_by_text("Plasser på trinn 11").click()

            end = _slider(page, "Siste år")
            end.focus()
            end.press("Home")  # 2025: a short run
            settle(page)
            existing = _slider(page, "Proaktivt forløp")
            existing.focus()
            existing.press("End")
            settle(page)
            _type(page, page.get_by_label("Navn på strategien"), TITLE)
            _run_and_see(page, tmp_path, "1366")
            heading = page.get_by_role("heading").filter(has_text=f"«{TITLE}»")
            expect(heading).to_contain_text("Færder")
            text = _visible_text(page)
            assert not [w for w in ENGLISH if w in text]
            assert not DECIMAL_POINT.findall(text), DECIMAL_POINT.findall(text)
            _no_cut(page, tmp_path, "1366")

            # saved, the title is the file's title and the name is derived from it
            with page.expect_download() as got:
                page.get_by_role("button", name="Lagre som fil").click()
            saved = tmp_path / got.value.suggested_filename
            got.value.save_as(saved)
            settle(page)  # a download button reruns the page
            body = saved.read_text(encoding="utf-8")
            assert saved.name == "planmote-a-2030.toml"
            assert 'name = "planmote-a-2030"' in body
            assert f'title.nb = "{TITLE}"' in body
            # the switched-off levers wrote nothing
            assert "[capacity]" not in body
            assert "[[interventions]]" not in body

            # loaded back: the title and the levers come from the file
            _type(page, page.get_by_label("Navn på strategien"), "Noe annet")
            existing = _slider(page, "Proaktivt forløp")
            existing.focus()
            existing.press("Home")
            settle(page)
            page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
                str(saved))
            settle(page)
            expect(page.get_by_text("Spakene er satt fra planmote-a-2030.toml")).to_be_visible()
            expect(page.get_by_label("Navn på strategien")).to_have_value(TITLE)
            assert _slider(page, "Proaktivt forløp").input_value() == "100"
            text = _visible_text(page)
            assert "planmote-a-2030.toml" in text
            assert "KB" not in text  # the uploaded file's size, in English ("1.0KB")
            assert not DECIMAL_POINT.findall(text), DECIMAL_POINT.findall(text)
            page.screenshot(path=str(tmp_path / "loaded.png"))
        finally:
            context.close()


def test_a_meeting_at_1280x720(app: str, tmp_path: Path) -> None:  # noqa: F811
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context = launch(pw, tmp_path, 1280, 720)
        try:
            page = open_app(context, app)
            page.get_by_role("button", name="Kjør").wait_for(timeout=60_000)
            _type(page, _number_input(page, "Replikasjoner"), "3")
            end = _slider(page, "Siste år")
            end.focus()
            end.press("Home")
            settle(page)
            existing = _slider(page, "Reaktivt forløp")
            existing.focus()
            existing.press("End")
            settle(page)
            _run_and_see(page, tmp_path, "1280")
            _no_cut(page, tmp_path, "1280")
        finally:
            context.close()
