"""The council report as a politician reads it: page one, the language, the layout.

Uses the session's one real run (``report_run`` in conftest.py). Expected numbers come from
``summary.parquet`` (differences of its means, worked out here) and from the seeds.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.axes import Axes
from openpyxl import load_workbook

from results.charts import chart_figures
from results.labels import LANGS, catalogue, label, number
from results.payback import payback
from results.report_facts import load_sources, run_facts
from results.report_tables import build_tables
from results.store import read_run
from scenarios.vocabulary import REPORT_LANGUAGES
from tests.pdf_pages import page_texts, text_off_the_page
from tests.results.conftest import REPORT_A, REPORT_B, REPORT_TITLES

PLEIE, STAIRCASE = -1, -2
#: Pleie og omsorg in Færder 2023 (seed 000, boligprofil slide: 'Dagens bemanning, 2023 855').
CARE_FTE_2023 = 855


@pytest.fixture(scope="module")
def run_dir(report_run: tuple[Path, str]) -> Path:
    return report_run[0]


@pytest.fixture(scope="module")
def summary(run_dir: Path) -> pd.DataFrame:
    return pd.read_parquet(run_dir / "summary.parquet").set_index(
        ["scenario", "year", "trinn", "group", "metric"])


def _flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def _pages(run_dir: Path, lang: str) -> list[str]:
    # Typst's hyphenation joined again (tests.pdf_pages.page_texts)
    return page_texts(run_dir / "report" / f"report-{lang}.pdf")


def _mean(summary: pd.DataFrame, scenario: str, year: int, trinn: int, metric: str) -> float:
    return float(summary.loc[(scenario, year, trinn, "all", metric), "mean"])


def _shown(value: float, decimals: int, signed: bool = True) -> str:
    text = number(value, decimals, "nb").replace("\u00a0", " ")
    return "+" + text if signed and round(value, decimals) > 0 else text


# --- page one ---------------------------------------------------------------------------------

def test_page_one_numbers_equal_the_summary(run_dir: Path, summary: pd.DataFrame) -> None:
    page = _pages(run_dir, "nb")[0]
    years = sorted({y for (_, y, _, _, _) in summary.index})
    last = years[-1]  # the run ends before 2030: page one shows its last year
    a, b = REPORT_A, REPORT_B
    d_cost = _mean(summary, b, last, 0, "cost_nok") - _mean(summary, a, last, 0, "cost_nok")
    d_care = _mean(summary, b, last, PLEIE, "fte") - _mean(summary, a, last, PLEIE, "fte")
    d_all = _mean(summary, b, last, STAIRCASE, "fte") - _mean(summary, a, last, STAIRCASE, "fte")
    row = (f"{REPORT_TITLES[b]['nb']} {_shown(d_cost / 1e6, 1)} {_shown(d_care, 0)} "
           f"{_shown(d_all, 0)}")
    assert row in page
    # the payback row from the summary's yearly mean differences (cost over every trinn)
    diffs = {y: _mean(summary, b, y, 0, "cost_nok") - _mean(summary, a, y, 0, "cost_nok")
             for y in years}
    p = payback(diffs)
    never = label("rep.h.not_by", "nb", year=last)
    pay = (f"{REPORT_TITLES[b]['nb']} {_shown(p.initial_extra_cost / 1e6, 1, False)} "
           f"{p.first_saving_year or never} {p.payback_year or never} "
           f"{_shown(p.cumulative / 1e6, 1)} {_shown(p.present_value / 1e6, 1)}")
    assert pay in page
    # the base beside the seeds: care FTE in the first year against 855, and 684 cases
    f0 = _mean(summary, a, years[0], PLEIE, "fte")
    assert f"har {_shown(f0, 0, False)} årsverk i {years[0]}" in page
    assert "855 årsverk i pleie og omsorg i 2023" in page
    assert "684 personer med demens i 2024" in page
    assert "4 % realrente" in page


def test_first_year_care_fte_against_the_855_of_2023(summary: pd.DataFrame) -> None:
    # The engine turns 2024 cost into staff hours at 741 mill / 855 FTE (parameters.toml
    # care_cost_per_fte_2024: 2024 cost over 2023 staff, i.e. no documented growth from
    # 2023 to 2024), so the first year's care FTE is the 855 carried by the cost the
    # calibration meets within 2.5 % per trinn (README), plus the dementia persona's own
    # staff hours (ATA shares, not cost). Bound: 5 % either way.
    for scenario in (REPORT_A, REPORT_B):
        fte = _mean(summary, scenario, 2024, PLEIE, "fte")
        assert fte == pytest.approx(CARE_FTE_2023, rel=0.05)
    # pleie og omsorg is the smaller part of the staircase: 4-12 adds trinn 4, 5, 8, 12
    assert _mean(summary, REPORT_A, 2024, STAIRCASE, "fte") > _mean(
        summary, REPORT_A, 2024, PLEIE, "fte") + 100


def test_one_scenario_page_one_says_so(run_dir: Path, tmp_path: Path) -> None:
    import shutil

    from results.report import write_report
    from results.store import write_comparison

    copy = tmp_path / "run"
    shutil.copytree(run_dir, copy, ignore=shutil.ignore_patterns("report"))
    y = pd.read_parquet(copy / "yearly")
    for part in (copy / "yearly").iterdir():
        part.unlink()
    y[y["scenario"] == REPORT_A].to_parquet(copy / "yearly" / "part-00000.parquet", index=False)
    # the run of one scenario: its comparison computed again from the one scenario's rows
    meta = json.loads((copy / "run.json").read_text(encoding="utf-8"))
    meta["scenarios"] = [s for s in meta["scenarios"] if s["name"] == REPORT_A]
    (copy / "run.json").write_text(json.dumps(meta), encoding="utf-8")
    write_comparison(copy, meta)
    write_report(copy, "nb", ("pdf",))
    first = page_texts(copy / "report" / "report-nb.pdf")[0]
    assert _flat(label("rep.h.one_scenario", "nb")) in first


# --- language ---------------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-zÆØÅæøå]{3,}")


def _words(texts: list[str]) -> set[str]:
    return {w.lower() for t in texts for w in _WORD.findall(re.sub(r"\{[^}]*\}", " ", t))}


def _english_only() -> set[str]:
    """Words of the English labels that no Norwegian label uses (the list of the issue)."""
    en = _words([v["en"] for v in catalogue().values()])
    no = _words([v[lang] for v in catalogue().values() for lang in ("nb", "nn")])
    return en - no


#: snake_case keys (parameter names, metric columns); a file name (with its extension) is
#: a name of a file, not a key.
_SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b(?!\.(?:csv|toml|parquet|json|py))")


def _workbook_texts(path: Path) -> list[str]:
    wb = load_workbook(path)
    texts = list(wb.sheetnames)
    for ws in wb.worksheets:
        texts += [str(v) for row in ws.iter_rows(values_only=True) for v in row
                  if isinstance(v, str)]
    return texts


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_norwegian_outputs_have_no_english_and_no_keys(run_dir: Path, lang: str) -> None:
    english = _english_only()
    assert {"the", "cost", "pathway", "derived", "assumption"} <= english  # the list is real
    pdf = " ".join(_pages(run_dir, lang))
    book = " ".join(_workbook_texts(run_dir / "report" / f"report-{lang}.xlsx"))
    for name, text in (("pdf", pdf), ("xlsx", book)):
        # paths, data file names and hashes are names, not words
        words = re.sub(r"\S*/\S*|\S+\.(?:csv|toml|parquet|json)\b|\b[0-9a-f]{10,}\b", " ",
                       text)
        found = sorted(_words([words]) & english)
        assert not found, f"{lang} {name}: English words {found}"
        keys = sorted(set(_SNAKE.findall(words)))
        assert not keys, f"{lang} {name}: keys {keys}"


def test_nynorsk_is_nynorsk(run_dir: Path) -> None:
    nn = " ".join(_pages(run_dir, "nn")).lower()
    for word in ("kostnad", "årsverk", "kommunen", "ikkje", "eldre", "tenester",
                 "samanlikne" if "samanlikne" in nn else "skilnad", "frå", "tilsette"):
        assert word in nn, word
    # bokmål forms that nynorsk writes otherwise (quotes from the seeds aside)
    for word in (" ikke ", "replikasjoner", "tjenester", "sammenlign", " hvert "):
        assert word not in nn, word


def test_every_label_has_every_language() -> None:
    assert LANGS == REPORT_LANGUAGES == ("nb", "en", "nn")
    for key, texts in catalogue().items():
        assert set(texts) == set(LANGS), key
        assert all(t.strip() for t in texts.values()), key
        # the same placeholders in every language, so no text drops a number
        fields = {lang: sorted(re.findall(r"\{(\w+)", t)) for lang, t in texts.items()}
        assert fields["nn"] == fields["nb"] == fields["en"], key
    # nynorsk is written, not copied: most running texts differ from bokmål
    long = [k for k, v in catalogue().items() if len(v["nb"]) > 60]
    same = [k for k in long if catalogue()[k]["nn"] == catalogue()[k]["nb"]]
    assert len(same) <= len(long) // 10, same


# --- layout -----------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["nb", "en", "nn"])
def test_every_text_line_lies_within_the_page(run_dir: Path, lang: str) -> None:
    assert text_off_the_page(run_dir / "report" / f"report-{lang}.pdf") == []


def _axes_of(run_dir: Path, lang: str, capacity: bool = False
             ) -> list[tuple[str, Axes]]:
    run = read_run(run_dir)
    facts = run_facts(run)
    if capacity:
        capped = dataclasses.replace(facts.scenarios[1], capacity={"11": {"2024": 137}})
        facts = dataclasses.replace(facts, scenarios=(facts.scenarios[0], capped))
    charts = chart_figures(build_tables(run), facts, load_sources(facts), lang)
    return [(stem, ax) for stem, fig in charts for ax in fig.axes]


@pytest.fixture(scope="module")
def axes(run_dir: Path) -> list[tuple[str, Axes]]:
    return _axes_of(run_dir, "nb")


def test_axes_start_at_zero(axes: list[tuple[str, Axes]]) -> None:
    assert {stem for stem, _ in axes} >= {"total_cost", "fte_head_count", "staircase",
                                          "dementia_cost", "persona_johs"}
    for stem, ax in axes:
        assert ax.get_ylim()[0] == 0, f"{stem}: y axis from {ax.get_ylim()[0]}"


def test_legends_sit_outside_the_data(axes: list[tuple[str, Axes]]) -> None:
    for stem, ax in axes:
        if stem.startswith("persona"):
            continue  # its legend sits in the empty upper left of the age profile
        assert ax.get_legend() is None, f"{stem}: a legend inside the axes"


def test_waiting_lists_are_shown_when_a_scenario_has_capacities(
        run_dir: Path, axes: list[tuple[str, Axes]]) -> None:
    assert "waiting" not in {stem for stem, _ in axes}
    capped = _axes_of(run_dir, "nb", capacity=True)
    waiting = [ax for stem, ax in capped if stem == "waiting"]
    assert len(waiting) == 1
    assert waiting[0].get_ylabel() == label("rep.waiting_axis", "nb")


def test_staircase_colours_are_distinct_and_colour_blind_safe() -> None:
    from results.charts import OKABE_ITO, TRINN_COLOURS, colours

    assert len(set(TRINN_COLOURS.values())) == 9  # trinn 4-12, no two alike
    assert {TRINN_COLOURS[t] for t in (9, 10, 11)} <= set(OKABE_ITO)
    assert colours(3) == list(OKABE_ITO[:3])


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_a_parameter_year_is_never_grouped(run_dir: Path, lang: str) -> None:
    """parameters.toml's accounts_price_year (2024) prints as a year, not "2 024"."""
    text = " ".join(_pages(run_dir, lang))
    # English names a parameter by its key (results.provenance.parameter_name)
    name = "accounts_price_year" if lang == "en" else label("param.accounts_price_year", lang)
    assert f"{name} = 2024" in text
    assert f"{name} = 2 024" not in text
    assert f"{name} = 2,024" not in text
