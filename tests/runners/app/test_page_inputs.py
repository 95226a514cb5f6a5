"""The page's checks before a run (AppTest, nothing runs): a number out of range or a title
too long gets a Norwegian sentence and "Kjør" stays off; the field keeps what was typed; an
imported municipality says that its figures rest on estimates."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest

from models.municipality import DATA_DIR

PAGE = Path(__file__).resolve().parents[3] / "runners" / "app" / "page.py"


@pytest.fixture
def at(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("TRAPPA_APP_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("TRAPPA_APP_WORKERS", "1")
    folder = tmp_path / "tinn"
    shutil.copytree(DATA_DIR / "porsgrunn", folder)
    monkeypatch.setenv("TRAPPA_APP_MUNICIPALITIES", str(folder))
    page = AppTest.from_file(str(PAGE), default_timeout=120)
    page.run()
    assert not page.exception
    assert not page.button(key="run").disabled
    return page


def _errors(at: AppTest) -> list[str]:
    return [e.value for e in [*at.error, *at.sidebar.error]]


def test_bad_numbers_and_titles_stop_the_run(at: AppTest) -> None:
    for value, sentence in ((0, "Skriv et helt tall fra 1 til 1000 (nå 0)."),
                            (100000, "Skriv et helt tall fra 1 til 1000 (nå 100000).")):
        at.number_input(key="replications").set_value(value).run()
        assert at.number_input(key="replications").value == value  # shown as typed
        assert sentence in _errors(at)
        assert at.button(key="run").disabled
    at.number_input(key="replications").set_value(2).run()
    assert not _errors(at)
    assert not at.button(key="run").disabled

    at.checkbox(key="cap11.on").check().run()
    at.number_input(key="cap11.places1").set_value(-10).run()
    assert "Skriv et helt tall på minst 0 (nå \N{MINUS SIGN}10)." in _errors(at)
    assert at.button(key="run").disabled
    at.checkbox(key="cap11.on").uncheck().run()  # off: its fields are not used
    assert not at.button(key="run").disabled

    at.text_input(key="strategy_name").set_value("x" * 300).run()
    assert "Navnet er for langt: høyst 80 tegn (nå 300)." in _errors(at)
    assert at.button(key="run").disabled
    at.text_input(key="strategy_name").set_value("Planmøte A \N{EN DASH} 2030").run()
    assert not _errors(at)
    assert not at.button(key="run").disabled


def test_an_imported_municipality_says_its_figures_are_estimates(at: AppTest,
                                                                 tmp_path: Path) -> None:
    assert not at.sidebar.warning  # Færder: every value has its source
    raw = tomllib.loads((tmp_path / "tinn" / "import.toml").read_text(encoding="utf-8"))
    at.selectbox(key="municipality").set_value("tinn").run()
    assert not at.exception
    [warning] = at.sidebar.warning
    assert warning.value.startswith(f"{raw['import']['name']} er importert: "
                                    f"{len(raw['estimated'])} av grunnlagstallene er anslått")
    assert "Resultatene er anslag." in warning.value
    # the list says each estimate in Norwegian, its numbers with a decimal comma: the
    # importer's "... = 1.2660" (Porsgrunn's trinn 6-7 recipients 2,670 / Færder's 2,109)
    items = [m.value for m in at.sidebar.markdown if m.value.startswith("- ")]
    assert len(items) == len(raw["estimated"])
    text = "\n".join(items)
    assert ("ganget med 1,2660 (mottakere på trinn 6\N{EN DASH}7: 2\N{NO-BREAK SPACE}670 "
            "mot Færders 2\N{NO-BREAK SPACE}109)") in text
    assert "1\N{NO-BREAK SPACE}087,3 årsverk i pleie og omsorg i 2023" in text
    for english in ("estimated", "recipients", "Færder's", "averaged"):
        assert english not in text
