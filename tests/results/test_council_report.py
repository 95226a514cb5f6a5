"""The council report (issue 25), read as a council member reads it: page one's sentences,
the FTE-versus-cost table, the body without an analyst's details, Norwegian without English
words, numbers never broken across lines, the workbook's front sheet; for Færder (the
session's report run) and for a municipality imported from SSB's file.

Expected figures are the run's comparison (the one source every renderer reads) or, for the
FTE-versus-cost total, the yearly table summed here by hand.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import load_workbook

from results.comparison import Comparison, read
from results.formatting import number, signed
from results.labels import label
from tests.pdf_pages import page_lines, page_texts
from tests.results.conftest import REPORT_A, REPORT_B, REPORT_TITLES
from tests.runners.conftest import REPO, run_main

SSB_FILE = REPO / "models" / "ssb" / "data" / "telemark-14288-2024.csv"
KOMMUNE = "4012"   # Bamble: small and fast
#: Færder's figures from its consultancy's sources (seeds 000/001): 684 persons with
#: dementia, -88 / +164 mill kr a year (with a true minus), 855 care FTE in 2023.
#: Færder's source figures as its sources state them, with their unit: the run's own numbers
#: (a staffing gap of -88 årsverk in another municipality) may equal one by chance.
FAERDER_STATED = (r"684\s+(?:personer|med demens)", r"\u221288\s+mill", r"\+164\s+mill",
                  r"855\s+(?:avtalte\s+)?årsverk")
#: English words that are not Norwegian words too.
ENGLISH = {"the", "and", "with", "from", "steps", "staff", "hours", "estimated", "source",
           "which", "payback", "saving", "savings", "is", "are", "was", "by", "of", "cost",
           "costs", "people", "care", "this", "not", "whole", "lower", "higher", "mean",
           "replications", "year", "years", "municipality", "reference"}


def _flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.fixture(scope="module")
def faerder(report_run: tuple[Path, str]) -> Path:
    return report_run[0]


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Bamble imported from the repository's SSB file and compared (nb report)."""
    root = tmp_path_factory.mktemp("council")
    folder = root / "bamble"
    status, err = run_main("municipality", "import", "--kommune", KOMMUNE, "--projection",
                           str(SSB_FILE), "--out", str(folder))
    assert status == 0, err
    out = root / "run"
    status, err = run_main("compare", "normal", "proactive", "--municipality", str(folder),
                           "--runs", "2", "--uncalibrated", "--backend", "serial", "--out",
                           str(out), "--no-plots")
    assert status == 0, err[-2000:]
    return out


def _sentence(text: str, c: Comparison, title: str, lang: str) -> str:
    """Page one's sentence on a strategy: from its opening to the end of the payback."""
    opening = label("rep.msg.sentence", lang, year=c.years[-1], strategy=title, cost="\0",
                    fte="").split("\0")[0]
    start = text.index(_flat(opening))
    return text[start:start + 450]


def _expected(c: Comparison, scenario: str, lang: str) -> list[str]:
    """What the sentence must say, from the comparison: Δ cost (mill kr) and Δ care FTE with
    their p05-p95, the head count, the first saving and payback years."""
    year = c.years[-1]

    def stat(metric: str, trinn: int) -> dict[str, Any]:
        row = c.stat(scenario, metric, year, trinn)
        assert row is not None
        return row

    out = []
    cost, fte, head = stat("d_cost_nok", 0), stat("d_fte", -1), stat("d_head_count", -1)
    dec = 0 if max(abs(cost[k]) for k in ("mean", "p05", "p95")) >= 1e7 else 1
    for row, scale, d in ((cost, 1e6, dec), (fte, 1.0, 0)):
        mean, lo, hi = row["mean"] / scale, row["p05"] / scale, row["p95"] / scale
        if hi < 0:  # lower: magnitudes, the interval's ends swapped
            out += [number(-mean, d, lang), f"{number(-hi, d, lang)}\u2013{number(-lo, d, lang)}"]
        elif lo > 0:
            out += [number(mean, d, lang), f"{number(lo, d, lang)}\u2013{number(hi, d, lang)}"]
        else:
            out += [signed(mean, d, lang), signed(lo, d, lang), signed(hi, d, lang)]
    fway_lower = fte["p95"] < 0
    out.append(number(-head["mean"] if fway_lower else head["mean"], 0, lang))
    for metric in ("first_saving_year_of_mean", "payback_year_of_mean"):
        row = c.stat(scenario, metric)
        assert row is not None
        if row["mean"] == row["mean"]:
            out.append(str(int(row["mean"])))
    return [_flat(x) for x in out]


def _check_page_one(run_dir: Path, lang: str, titles: dict[str, str]) -> str:
    c = read(run_dir)
    first = page_texts(run_dir / "report" / f"report-{lang}.pdf")[0]
    for s in c.strategies:
        sentence = _sentence(first, c, titles[s], lang)
        for piece in _expected(c, s, lang):
            assert piece in sentence, (piece, sentence)
    return first


def test_page_one_sentences_hold_the_comparisons_numbers(faerder: Path) -> None:
    for lang in ("nb", "en", "nn"):
        _check_page_one(faerder, lang, {REPORT_B: REPORT_TITLES[REPORT_B][lang]})


def test_imported_page_one_marks_its_estimates_and_holds_no_faerder_figure(
        imported: Path) -> None:
    first = _check_page_one(imported, "nb", {"proactive": "Proaktivt forløp"})
    assert first.startswith("Innsatstrappa i Bamble")
    # the care FTE of 2023 and the dementia cases are the importer's estimates: said so
    base = first[first.index("Kommunen hadde"):]
    assert base.count("estimert") >= 2, base
    texts = page_texts(imported / "report" / "report-nb.pdf")
    # the FTE chart's mark of 2023 is the estimate, and says so (its SVG text is text)
    chart = next(t for t in texts if t.startswith(label("rep.fte_head_title", "nb")))
    assert "(estimert)" in chart
    assert "(kilde)" not in " ".join(texts)
    raw = " ".join(p for pages in page_lines(imported / "report" / "report-nb.pdf")
                   for p in pages)
    found = [p for p in FAERDER_STATED if re.search(p, raw)]
    assert not found, found
    # every section title names the municipality (the contents list them)
    for key in ("rep.summary_title", "rep.why.title", "rep.plain_title", "rep.own.title"):
        assert f"{label(key, 'nb')} \u2013 Bamble" in texts[1]
    assert label("rep.r.title", "nb") not in " ".join(texts)


def _why_rows(run_dir: Path, lang: str) -> list[tuple[Any, ...]]:
    wb = load_workbook(run_dir / "report" / f"report-{lang}.xlsx")
    return list(wb[label("xl.why", lang)].iter_rows(min_row=4, values_only=True))


def test_fte_versus_cost_adds_up_to_the_comparisons_delta(faerder: Path) -> None:
    c = read(faerder)
    year = c.years[-1]
    title = REPORT_TITLES[REPORT_B]["nb"]
    rows = [r for r in _why_rows(faerder, "nb") if r[0] == title]
    trinn = [r for r in rows if r[1] is not None and r[1] != "1\u201312"]
    [total] = [r for r in rows if r[1] == "1\u201312"]
    parts = [r for r in rows if r[1] is None]  # what the strategy adds, what it removes
    assert len(parts) == 2
    assert parts[0][3] >= 0 >= parts[1][3]
    for col, metric, scale in ((3, "d_cost_nok", 1e6), (4, "d_staff_hours", 1.0)):
        want = c.stat(REPORT_B, metric, year)
        assert want is not None
        assert sum(r[col] for r in trinn) == pytest.approx(total[col], rel=1e-9, abs=1e-9)
        assert parts[0][col] + parts[1][col] == pytest.approx(total[col], rel=1e-9, abs=1e-9)
        assert total[col] == pytest.approx(want["mean"] / scale, rel=1e-9)
    # and the total by hand from yearly/: the mean over replications of the paired Δ
    yearly = pd.read_parquet(faerder / "yearly")
    per = yearly[yearly["year"] == year].groupby(["scenario", "replication"])[
        ["cost_nok", "staff_hours"]].sum()
    diff = per.loc[REPORT_B] - per.loc[REPORT_A]
    assert total[3] == pytest.approx(diff["cost_nok"].mean() / 1e6, rel=1e-9)
    assert total[4] == pytest.approx(diff["staff_hours"].mean(), rel=1e-9)
    # the PDF's section shows the same total
    texts = page_texts(faerder / "report" / "report-nb.pdf")
    why = next(t for t in texts if t.startswith(label("rep.why.title", "nb")))
    assert _flat(f"{label('rep.why.total', 'nb')} {signed(total[3], 1, 'nb')} "
                 f"{signed(total[4], 0, 'nb')}") in why


def _body(run_dir: Path, lang: str) -> str:
    texts = page_texts(run_dir / "report" / f"report-{lang}.pdf")
    appendix = label("rep.appendix", lang)
    start = next(i for i, t in enumerate(texts) if t.startswith(appendix))
    assert start > 2
    return " ".join(texts[:start])


@pytest.mark.parametrize("which", ["faerder", "imported"])
def test_the_body_has_no_path_hash_or_commit(which: str, request: pytest.FixtureRequest
                                             ) -> None:
    run_dir: Path = request.getfixturevalue(which)
    body = _body(run_dir, "nb")
    for text in (str(run_dir), str(run_dir.resolve()), str(REPO), "/tmp/", "commit"):
        assert text not in body
    # a hash has a letter among its hex digits; a chart's year ticks read back without
    # spaces ("20242028203220362040") are digits only
    assert not re.search(r"\b(?=[0-9a-f]*[a-f])[0-9a-f]{12,}\b", body)
    assert not re.search(r"kildedokument \d", body)
    full = " ".join(page_texts(run_dir / "report" / "report-nb.pdf"))
    assert "commit" in full  # the appendix has the code version


@pytest.mark.parametrize(("which", "lang"), [("faerder", "nb"), ("faerder", "nn"),
                                             ("imported", "nb")])
def test_norwegian_reports_hold_no_english_word(which: str, lang: str,
                                                request: pytest.FixtureRequest) -> None:
    run_dir: Path = request.getfixturevalue(which)
    text = " ".join(page_texts(run_dir / "report" / f"report-{lang}.pdf"))
    # an identifier (a file or parameter name: staff_shares.csv) is not English prose
    text = re.sub(r"\S*_\S*", " ", text)
    words = {w.lower() for w in re.findall(r"[A-Za-zæøåÆØÅ]+", text)}
    assert not words & ENGLISH, sorted(words & ENGLISH)


@pytest.mark.parametrize("which", ["faerder", "imported"])
def test_no_line_ends_inside_a_number(which: str, request: pytest.FixtureRequest) -> None:
    run_dir: Path = request.getfixturevalue(which)
    for lang in ("nb", "en") if which == "faerder" else ("nb",):
        for page in page_lines(run_dir / "report" / f"report-{lang}.pdf"):
            for line, after in itertools.pairwise(page):
                end, start = line.rstrip(" "), after.lstrip(" ")
                broken = (re.search(r"\d[\u00a0,\u2013/]$", end) and re.match(r"\d", start)
                          ) or (re.search(r"(^|\s)[+\u2212]$", end) and re.match(r"\d", start)
                                ) or (re.search(r"\d$", end) and re.match(r"[\u00a0,]\d",
                                                                          after))
                assert not broken, (line, after)


def test_the_workbook_front_sheet_equals_page_one(faerder: Path) -> None:
    c = read(faerder)
    for lang in ("nb", "en"):
        ws = load_workbook(faerder / "report" / f"report-{lang}.xlsx")[label("xl.front", lang)]
        title = REPORT_TITLES[REPORT_B][lang]
        cells = {row[0]: row for row in ws.iter_rows(min_row=3, values_only=True)
                 if isinstance(row[1], str)}
        first = page_texts(faerder / "report" / f"report-{lang}.pdf")[0]
        sentence = cells[title][1]
        assert _flat(sentence) in first
        # the figures behind it, with their intervals, numbers as numbers
        [figures] = [row for row in ws.iter_rows(min_row=3, values_only=True)
                     if row[0] == title and isinstance(row[1], float)]
        year = c.years[-1]
        for j, (metric, trinn, scale) in enumerate((("d_cost_nok", 0, 1e6), ("d_fte", -1, 1.0),
                                                    ("d_head_count", -1, 1.0))):
            row = c.stat(REPORT_B, metric, year, trinn)
            assert row is not None
            assert figures[1 + 3 * j: 4 + 3 * j] == pytest.approx(
                (row["mean"] / scale, row["p05"] / scale, row["p95"] / scale), rel=1e-12)


def test_the_levers_of_a_strategy_are_stated() -> None:
    """A strategy's levers in words: size, whom, start year, phase-in, places (the shipped
    alternativ-boligprofil.toml: share 0.3 for dementia and frail elderly 67-120 from 2026,
    ramp 0.33 / 0.67 / 1.0 in 2026 / 2028 / 2030; capacity-example.toml's 137 / 150 places)."""
    import tomllib

    from results.report_facts import ScenarioFacts
    from results.report_levers import lever_texts

    raw = tomllib.loads((REPO / "scenarios" / "faerder" / "alternativ-boligprofil.toml")
                        .read_text(encoding="utf-8"))
    ref = ScenarioFacts("normal", "", 2024, 2040, (), {})
    s = ScenarioFacts("alt", "", 2024, 2040, (), {}, capacity={"11": {"2024": 137, "2030": 150}},
                      interventions=tuple(raw["interventions"]))
    texts = lever_texts(s, ref, "nb")
    assert texts[0] == "Plasser på trinn 11: 2024: 137, 2030: 150"
    assert texts[1] == ("Boligprofil: aldersvennlige boliger (67+): andel 30\u00a0% for personer "
                        "med demens, skrøpelige eldre, 67\u2013120 år, fra 2026; innfasing "
                        "(andel av full virkning): 2026: 33\u00a0%, 2028: 67\u00a0%, "
                        "2030: 100\u00a0%.")
    assert lever_texts(ref, ref, "nb") == []
