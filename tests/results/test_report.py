"""Reports end to end: a short real run, its workbook, PDF and PNGs, in every language.

One run directory is built per session by the real CLI (``report_run`` in conftest.py: two
scenarios, two replications, 2024-2027); tests that damage a run work on a copy of it.
"""

from __future__ import annotations

import json
import shutil
import struct
import xml.etree.ElementTree as ET
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from rich.console import Console

import results.pdf
import results.report
from results.labels import label, number
from results.report import FORMATS, ReportError, output_names, parse_formats, write_report
from results.report_facts import run_facts
from results.store import RunDirError, read_run
from runners.cli import main
from runners.cli.report import after_run
from tests.pdf_pages import page_texts, text_off_the_page
from tests.results.conftest import REPORT_A, REPORT_B, REPORT_END_YEAR, REPORT_TITLES

END_YEAR = REPORT_END_YEAR
A, B = REPORT_A, REPORT_B
CHARTS = ["delta_cost.png", "dementia_cost.png", "fte_head_count.png", "persona_johs.png",
          "staffing.png", "staircase.png", "total_cost.png"]
PNG = b"\x89PNG\r\n\x1a\n"


def _title(name: str, lang: str) -> str:
    return REPORT_TITLES[name][lang]


@pytest.fixture(scope="module")
def compared(report_run: tuple[Path, str]) -> tuple[Path, str]:
    return report_run


@pytest.fixture(scope="module")
def run_dir(compared: tuple[Path, str]) -> Path:
    return compared[0]


@pytest.fixture(scope="module")
def yearly(run_dir: Path) -> pd.DataFrame:
    return pd.read_parquet(run_dir / "yearly")


@pytest.fixture(scope="module")
def summary(run_dir: Path) -> pd.DataFrame:
    return pd.read_parquet(run_dir / "summary.parquet")


def _copy_run(run_dir: Path, dst: Path) -> Path:
    """A copy of the run without its report, to damage."""
    shutil.copytree(run_dir, dst, ignore=shutil.ignore_patterns("report"))
    return dst


def _per_rep(yearly: pd.DataFrame, **where: object) -> pd.DataFrame:
    """Per-replication totals computed here by hand, independently of results.summary."""
    rows = yearly
    for col, value in where.items():
        rows = rows[rows[col] == value]
    return rows.groupby(["scenario", "year", "replication"])[
        ["cost_nok", "fte", "head_count", "recipients", "staff_hours"]].sum()


def _stat(values: pd.Series) -> dict[str, float]:
    v = values.to_numpy(float)
    return {"mean": v.mean(), "p05": np.quantile(v, 0.05), "p95": np.quantile(v, 0.95)}


def _text(page: object) -> str:
    return " ".join(page.extract_text().replace("\u00a0", " ").split())  # type: ignore[attr-defined]


# --- where the report goes ---------------------------------------------------------------

def test_compare_writes_the_report_and_prints_where(compared: tuple[Path, str]) -> None:
    run_dir, stdout = compared
    report = run_dir / "report"
    names = output_names("nb")
    for key, name in (("rep.out.pdf", names["pdf"]), ("rep.out.xlsx", names["xlsx"]),
                      ("rep.out.png", names["png"])):
        assert f"{label(key, 'nb')}: {(report / name).resolve()}" in stdout
        assert (report / name).exists()
    assert sorted(p.name for p in (report / names["png"]).iterdir()) == CHARTS
    assert not list(run_dir.glob(".report.tmp-*"))  # no temporary folder left behind


def test_both_languages_live_side_by_side(run_dir: Path) -> None:
    assert sorted(p.name for p in (run_dir / "report").iterdir()) == [
        "png-en", "png-nb", "png-nn", "report-en.pdf", "report-en.xlsx", "report-nb.pdf",
        "report-nb.xlsx", "report-nn.pdf", "report-nn.xlsx"]


def test_after_run_prints_every_file(run_dir: Path, tmp_path: Path) -> None:
    copy = _copy_run(run_dir, tmp_path / "run")
    out = StringIO()
    after_run(copy, "en", Console(file=out, width=60))
    lines = out.getvalue().splitlines()
    assert lines == [f"{label('rep.out.pdf', 'en')}: {(copy / 'report/report-en.pdf').resolve()}",
                     f"{label('rep.out.xlsx', 'en')}: {(copy / 'report/report-en.xlsx').resolve()}",
                     f"{label('rep.out.png', 'en')}: {(copy / 'report/png-en').resolve()}"]


def test_cli_report_with_formats(run_dir: Path, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    copy = _copy_run(run_dir, tmp_path / "run")
    assert main(["report", str(copy), "--lang", "en", "--format", "pdf"]) == 0
    assert sorted(p.name for p in (copy / "report").iterdir()) == ["report-en.pdf"]
    assert str((copy / "report" / "report-en.pdf").resolve()) in capsys.readouterr().out
    # a later run with other formats leaves the PDF alone
    before = (copy / "report" / "report-en.pdf").read_bytes()
    assert main(["report", str(copy), "--lang", "en", "--format", "xlsx,png"]) == 0
    assert sorted(p.name for p in (copy / "report").iterdir()) == [
        "png-en", "report-en.pdf", "report-en.xlsx"]
    assert (copy / "report" / "report-en.pdf").read_bytes() == before


# --- the workbook --------------------------------------------------------------------------

def _sheets(lang: str) -> list[str]:
    return [label("xl.front", lang), _title(A, lang), _title(B, lang),
            label("xl.comparison", lang), label("xl.payback", lang), label("xl.why", lang),
            label("xl.dementia", lang), label("xl.staffing", lang), label("xl.sources", lang)]


@pytest.mark.parametrize("lang", ["nb", "en", "nn"])
def test_workbook_sheets_and_headers(run_dir: Path, lang: str) -> None:
    wb = load_workbook(run_dir / "report" / f"report-{lang}.xlsx")
    assert wb.sheetnames == _sheets(lang)
    stats = [label("xl.mean", lang), "p05", "p95"]
    for name in (_title(A, lang), _title(B, lang), label("xl.dementia", lang)):
        ws = wb[name]
        assert [c.value for c in ws[3]][:5] == [
            label("scenario", lang), label("year", lang), label("trinn", lang),
            label("xl.trinn_name", lang), label("xl.recipients", lang)]
        measures = [c.value for c in ws[3][4:] if c.value]
        assert measures == [label("xl.recipients", lang),
                            label("xl.cost", lang, price_year=2024),
                            label("xl.staff_hours", lang), label("xl.fte", lang),
                            label("xl.head_count", lang)]
        assert [c.value for c in ws[4][4:]] == stats * 5
        assert ws.freeze_panes == "E5"
        assert ws.auto_filter.ref == "A4:S4"
        assert ws.column_dimensions["D"].width > 20  # trinn names fit
    cmp = wb[label("xl.comparison", lang)]
    assert [c.value for c in cmp[3] if c.value] == [
        label("scenario", lang), label("year", lang), label("xl.d_cost", lang),
        label("xl.d_fte", lang), label("xl.d_head_count", lang),
        label("xl.d_fte_staircase", lang), label("xl.d_dementia_cost", lang)]
    assert cmp.freeze_panes == "C5"
    front = wb[label("xl.front", lang)]
    facts = {row[0]: row[1] for row in front.iter_rows(min_row=4, values_only=True)}
    assert facts[label("fact.replications", lang)] == 2
    assert facts[label("fact.hours_per_fte", lang)] == 1595
    assert facts[label("fact.position_size", lang)] == pytest.approx(0.67)
    assert facts[label("fact.price_year", lang)] == 2024
    assert facts[label("fact.price_index", lang)] == pytest.approx(1.042)
    assert facts[label("fact.baseline", lang)] == _title(A, lang)
    assert facts[label("fact.calibration", lang)]
    if lang == "en":
        assert facts[label("fact.unit", lang, metric="cost_nok")].startswith("NOK, fixed 2024")
    else:  # the unit in the report's language, not run.json's English
        cost = facts[label("fact.unit", lang, metric=label("metric.cost_nok", lang))]
        assert cost.startswith("kroner i faste 2024-pris")


def _rows(ws: object) -> dict[tuple[object, ...], tuple[object, ...]]:
    """Data rows of a level sheet keyed by (scenario, year, trinn)."""
    return {row[:3]: row for row in ws.iter_rows(min_row=5, values_only=True)}  # type: ignore[attr-defined]


def test_workbook_numbers_equal_the_summary(run_dir: Path, summary: pd.DataFrame,
                                            yearly: pd.DataFrame) -> None:
    wb = load_workbook(run_dir / "report" / "report-nb.xlsx")
    b = _title(B, "nb")
    rows = _rows(wb[b])
    s = summary.set_index(["scenario", "year", "trinn", "group", "metric"])
    # columns: 4 identities, then (mean, p05, p95) of recipients, cost, hours, FTE, head count
    total = rows[(b, END_YEAR, "1\u201312")]
    cost = s.loc[(B, END_YEAR, 0, "all", "cost_nok")]
    assert total[7:10] == pytest.approx((cost["mean"] / 1e6, cost["p05"] / 1e6,
                                         cost["p95"] / 1e6), rel=1e-12)
    assert total[4:7] == (None, None, None)  # recipients are not summed over all trinn
    # pleie og omsorg (summary code -1) and the whole staircase 4-12 (code -2)
    for cell, code, trinn in (("6, 7, 9, 10, 11", -1, [6, 7, 9, 10, 11]),
                              ("4\u201312", -2, list(range(4, 13)))):
        care = rows[(b, END_YEAR, cell)]
        fte = s.loc[(B, END_YEAR, code, "all", "fte")]
        head = s.loc[(B, END_YEAR, code, "all", "head_count")]
        assert care[13:16] == pytest.approx((fte["mean"], fte["p05"], fte["p95"]), rel=1e-12)
        assert care[16:19] == pytest.approx((head["mean"], head["p05"], head["p95"]),
                                            rel=1e-12)
        by_hand = _stat(_per_rep(yearly[yearly["trinn"].isin(trinn)]).loc[(B, END_YEAR), "fte"])
        assert care[13] == pytest.approx(by_hand["mean"], rel=1e-9)
    # recomputed from the yearly table by hand: trinn 7 over every group, and the total
    seven = _stat(_per_rep(yearly, trinn=7).loc[(B, 2025), "cost_nok"])
    assert rows[(b, 2025, 7)][7:10] == pytest.approx(
        (seven["mean"] / 1e6, seven["p05"] / 1e6, seven["p95"] / 1e6), rel=1e-9)
    every = _stat(_per_rep(yearly).loc[(B, END_YEAR), "cost_nok"])
    assert total[7] == pytest.approx(every["mean"] / 1e6, rel=1e-9)
    # the number formats round the display only
    ws = wb[b]
    assert ws.cell(5, 8).number_format == "#,##0.0"
    assert ws.cell(5, 5).number_format == "#,##0"


def test_workbook_comparison_and_dementia_from_the_yearly_table(
        run_dir: Path, yearly: pd.DataFrame) -> None:
    wb = load_workbook(run_dir / "report" / "report-nb.xlsx")
    per_rep = _per_rep(yearly)
    diff = (per_rep.loc[(B, END_YEAR), "cost_nok"] - per_rep.loc[(A, END_YEAR), "cost_nok"])
    expected = _stat(diff)
    # the yearly rows, down to the blank row above the payback block
    rows = list(wb["Sammenligning"].iter_rows(min_row=5, values_only=True))
    yearly_rows = rows[:next(i for i, r in enumerate(rows) if not any(r))]
    row = {r[:2]: r for r in yearly_rows}
    assert row[(_title(B, "nb"), END_YEAR)][2:5] == pytest.approx(
        (expected["mean"] / 1e6, expected["p05"] / 1e6, expected["p95"] / 1e6), rel=1e-9)
    assert sorted(y for (_, y) in row) == list(range(2024, END_YEAR + 1))
    dementia = _per_rep(yearly, group="dementia")
    got = _rows(wb["Demens"])[(_title(A, "nb"), 2026, "1\u201312")]
    want = _stat(dementia.loc[(A, 2026), "cost_nok"])
    assert got[7:10] == pytest.approx((want["mean"] / 1e6, want["p05"] / 1e6,
                                       want["p95"] / 1e6), rel=1e-9)
    want = _stat(dementia.loc[(A, 2026), "recipients"])
    assert got[4] == pytest.approx(want["mean"])


def test_workbook_sources_sheet(run_dir: Path) -> None:
    ws = load_workbook(run_dir / "report" / "report-en.xlsx")["Sources"]
    values = {row[0]: row for row in ws.iter_rows(min_row=4, values_only=True) if row[0]}
    assert values["hours_per_fte"][1] == 1595
    assert "seeds" in values["hours_per_fte"][3]
    meta = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
    for name, digest in meta["input_hashes"].items():
        assert values[name][1:3] == (digest, "no")


# --- the PDF and the PNGs --------------------------------------------------------------------

def _titles(lang: str) -> list[str]:
    """The report's sections in order, each title naming the municipality."""
    def named(key: str, **values: object) -> str:
        return f"{label(key, lang, **values)} \u2013 Færder"

    return [label("rep.title", lang, municipality="Færder", start=2024, end=END_YEAR),
            label("rep.toc", lang), named("rep.summary_title"), named("rep.why.title"),
            named("rep.staff.title"), named("plot.total_cost_title"), named("rep.fte_head_title"),
            named("rep.profile_title"), named("plot.dementia_title"),
            named("persona_title", persona="Johs"), named("rep.plain_title"),
            named("rep.r.title"),
            f"{label('rep.appendix', lang)}: {label('rep.assumptions_title', lang)} \u2013 Færder"]


@pytest.mark.parametrize("lang", ["nb", "en", "nn"])
def test_pdf_sections_titles_and_pages(run_dir: Path, lang: str) -> None:
    path = run_dir / "report" / f"report-{lang}.pdf"
    reader = PdfReader(path)
    texts = page_texts(path)
    titles = [" ".join(t.replace("\u00a0", " ").split()) for t in _titles(lang)]
    assert texts[0].startswith(titles[0])
    # every section starts a page with its title, in this order
    starts = [next(i for i, t in enumerate(texts) if t.startswith(title)) for title in titles]
    assert starts == sorted(starts), list(zip(titles, starts, strict=True))
    # the contents list every section but itself
    for title in titles[2:]:
        assert title.split(" \u2013 ")[0] in texts[1]
    assert reader.metadata is not None
    assert reader.metadata.title == titles[0]
    # every page is numbered, "Side i av n"
    for i, text in enumerate(texts, start=1):
        assert label("rep.page", lang, i=i, n=len(texts)) in text
    # the appendix cites the parameter file (relative) and its sources
    rest = " ".join(texts[starts[-1]:])
    assert "models/data/faerder/parameters.toml" in rest
    if lang == "en":  # every number in the language's format: English groups with a comma
        assert "hours_per_fte = 1,595" in rest
    else:  # the parameter by its name in the report's language, the number as written there
        assert f"{label('param.hours_per_fte', lang)} = 1 595" in rest
    assert text_off_the_page(path) == []


def test_pdf_summary_sentence_from_the_numbers(run_dir: Path, yearly: pd.DataFrame) -> None:
    per_rep = _per_rep(yearly)
    diff = _stat(per_rep.loc[(B, END_YEAR), "cost_nok"] - per_rep.loc[(A, END_YEAR), "cost_nok"])
    way = "lavere" if diff["p95"] < 0 else "høyere" if diff["p05"] > 0 else None
    title = label("rep.summary_title", "nb")
    text = next(t for t in page_texts(run_dir / "report" / "report-nb.pdf")
                if t.startswith(title))
    opening = (f"Med proaktivt forløp for alle nye demenstilfeller fra 2025 blir kostnadene "
               f"i {END_YEAR} ")
    assert opening in text
    if way is not None:
        amount = number(abs(diff["mean"]) / 1e6, 1, "nb").replace("\u00a0", " ")
        assert f"{opening}{amount} mill kr {way} enn ved normalforløp" in text
    assert "Avrundet: mill kr til én desimal" in text


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data.startswith(PNG)
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("lang", ["nb", "en", "nn"])
def test_png_charts_for_the_projector(run_dir: Path, lang: str) -> None:
    folder = run_dir / "report" / f"png-{lang}"
    assert sorted(p.name for p in folder.iterdir()) == CHARTS
    for path in folder.iterdir():
        # A4 landscape at 150 dpi; page one's small chart of Δ cost 9 x 4.2 inches
        assert _png_size(path) == ((1350, 630) if path.stem == "delta_cost" else (1753, 1240))


def test_languages_differ(run_dir: Path) -> None:
    nb = run_dir / "report" / "png-nb" / "total_cost.png"
    en = run_dir / "report" / "png-en" / "total_cost.png"
    assert nb.read_bytes() != en.read_bytes()


# --- errors: one line, nothing partial --------------------------------------------------------

def _one_line_error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert err[0].startswith(label("cli.error", "nb", message=""))
    return err[0]


def _nothing_written(run: Path) -> None:
    assert not (run / "report").exists()
    assert not list(run.glob(".report*"))


def test_missing_summary_one_line_nothing_written(run_dir: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    copy = _copy_run(run_dir, tmp_path / "run")
    (copy / "summary.parquet").unlink()
    line = _one_line_error(capsys, ["report", str(copy)])
    assert str(copy / "summary.parquet") in line
    assert "missing" in line
    _nothing_written(copy)


def test_corrupt_run_json_one_line_nothing_written(run_dir: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    copy = _copy_run(run_dir, tmp_path / "run")
    (copy / "run.json").write_text('{"scenarios": [', encoding="utf-8")
    line = _one_line_error(capsys, ["report", str(copy)])
    assert "run.json" in line
    assert "invalid JSON" in line
    _nothing_written(copy)


def test_run_json_without_units(run_dir: Path, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    copy = _copy_run(run_dir, tmp_path / "run")
    meta = json.loads((copy / "run.json").read_text(encoding="utf-8"))
    del meta["units"]
    (copy / "run.json").write_text(json.dumps(meta), encoding="utf-8")
    line = _one_line_error(capsys, ["report", str(copy)])
    assert "run.json" in line
    assert "'units'" in line
    _nothing_written(copy)


def test_corrupt_parquet_one_line(run_dir: Path, tmp_path: Path) -> None:
    copy = _copy_run(run_dir, tmp_path / "run")
    (copy / "summary.parquet").write_bytes(b"not parquet at all")
    with pytest.raises(RunDirError, match=r"summary\.parquet: unreadable Parquet") as exc:
        write_report(copy)
    assert "\n" not in str(exc.value)
    _nothing_written(copy)


def test_summary_that_does_not_match_yearly(run_dir: Path, tmp_path: Path) -> None:
    # the report reads comparison.parquet: one left from another run is refused
    copy = _copy_run(run_dir, tmp_path / "run")
    comparison = pd.read_parquet(copy / "comparison.parquet")
    comparison.loc[comparison["mean"] > 0, "mean"] *= 1.01
    comparison.to_parquet(copy / "comparison.parquet", index=False)
    with pytest.raises(RunDirError, match=r"comparison\.parquet: does not match yearly/"):
        write_report(copy)
    _nothing_written(copy)


def _no_space(*_args: object, **_kwargs: object) -> None:
    raise OSError(28, "No space left on device")


def _break_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(results.pdf, "write_pdf", _no_space)


def _break_workbook(monkeypatch: pytest.MonkeyPatch) -> None:
    # written by a child process beside the charts (results.report_jobs) where it may fork
    import results.excel

    monkeypatch.setattr(results.excel, "write_workbook", _no_space)


def _break_a_chart(monkeypatch: pytest.MonkeyPatch) -> None:
    # the charts are shared between forked children (where the machine can fork)
    import results.charts

    save = results.charts.save

    def broken(fig: object, path: Path | str, *args: object, **kwargs: object) -> Path:
        if Path(path).name == "total_cost.png":
            _no_space()
        return save(fig, path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(results.charts, "save", broken)


@pytest.mark.parametrize(("kept", "break_part"), [
    ("xlsx", _break_pdf), ("pdf", _break_workbook), ("pdf", _break_a_chart)],
    ids=["pdf", "workbook", "chart"])
def test_a_part_failing_leaves_the_old_report(
        run_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kept: str,
        break_part: Callable[[pytest.MonkeyPatch], None]) -> None:
    """A part failing while the report is written (in this process or a child) becomes the
    one-line ReportError; the old report stays as it was and nothing new is left."""
    copy = _copy_run(run_dir, tmp_path / "run")
    write_report(copy, "en", (kept,))
    name = f"report-en.{kept}"
    before = (copy / "report" / name).read_bytes()
    break_part(monkeypatch)
    with pytest.raises(ReportError, match="No space left on device") as exc:
        write_report(copy, "en")
    assert "\n" not in str(exc.value)
    assert sorted(p.name for p in (copy / "report").iterdir()) == [name]
    assert (copy / "report" / name).read_bytes() == before
    assert not list(copy.glob(".report*"))


def test_unknown_format_and_language(run_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["report", str(run_dir), "--format", "pdf,docx"])
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "docx" in err[0]
    with pytest.raises(ReportError, match="unknown language"):
        write_report(run_dir, "de")


def test_missing_run_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = _one_line_error(capsys, ["report", str(tmp_path / "nowhere")])
    assert "run directory not found" in line
    assert not (tmp_path / "nowhere").exists()


def test_without_openpyxl_the_run_still_gets_its_pdf(run_dir: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    copy = _copy_run(run_dir, tmp_path / "run")
    hint = "the Excel workbook needs openpyxl: pip install 'trappa[report]'"
    monkeypatch.setattr(results.report, "missing_dependency",
                        lambda fmt: hint if fmt == "xlsx" else None)
    with pytest.raises(ReportError, match="needs openpyxl"):
        write_report(copy, "en", ("xlsx",))
    _nothing_written(copy)
    out = StringIO()
    after_run(copy, "en", Console(file=out, width=200))
    assert sorted(p.name for p in (copy / "report").iterdir()) == ["png-en", "report-en.pdf"]
    assert hint in out.getvalue()


def test_a_sweep_with_parameter_draws_is_pooled_like_its_summary(run_dir: Path,
                                                                 tmp_path: Path) -> None:
    from results.store import write_comparison

    copy = _copy_run(run_dir, tmp_path / "run")
    one = pd.read_parquet(copy / "yearly").assign(draw=0)
    other = one.assign(draw=1, cost_nok=one["cost_nok"] * 1.1)
    yearly = pd.concat([one, other], ignore_index=True)
    yearly.to_parquet(copy / "yearly" / "part-00000.parquet", index=False)
    write_comparison(copy, json.loads((copy / "run.json").read_text(encoding="utf-8")))
    summary = pd.read_parquet(copy / "summary.parquet")
    write_report(copy, "en", ("xlsx",))
    wb = load_workbook(copy / "report" / "report-en.xlsx")
    b = _title(B, "en")
    total = _rows(wb[b])[(b, END_YEAR, "1\u201312")]
    want = summary.set_index(["scenario", "year", "trinn", "group", "metric"]).loc[
        (B, END_YEAR, 0, "all", "cost_nok")]
    assert total[7] == pytest.approx(want["mean"] / 1e6, rel=1e-12)
    assert want["n"] == 4  # two draws x two replications
    front = {r[0]: r[1] for r in wb["Front page"].iter_rows(min_row=4, values_only=True)}
    assert front[label("fact.replications", "en")] == 4


def test_run_json_carries_the_staffing_numbers(run_dir: Path) -> None:
    # 1,595 hours per FTE (derived from the seeds' Johs table, parameters.toml), position
    # size 0.67 (seed 000) and the price year: the run's start year 2024 (unit prices indexed to it)
    meta = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
    assert meta["staffing"]["hours_per_fte"] == 1595
    assert meta["staffing"]["position_size"] == 0.67
    assert meta["staffing"]["price_year"] == 2024
    assert f"{meta['staffing']['hours_per_fte']:g} hours per FTE" in meta["units"]["fte"]


def test_report_reads_old_run_json_without_staffing(run_dir: Path, tmp_path: Path) -> None:
    # run directories from before the numbers were stored: the unit texts still give them
    copy = _copy_run(run_dir, tmp_path / "run")
    meta = json.loads((copy / "run.json").read_text(encoding="utf-8"))
    del meta["staffing"]
    (copy / "run.json").write_text(json.dumps(meta), encoding="utf-8")
    facts = run_facts(read_run(copy))
    assert facts.hours_per_fte == 1595
    assert facts.price_year == 2024


def test_run_json_with_bad_staffing(run_dir: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    copy = _copy_run(run_dir, tmp_path / "run")
    meta = json.loads((copy / "run.json").read_text(encoding="utf-8"))
    meta["staffing"]["hours_per_fte"] = "many"
    (copy / "run.json").write_text(json.dumps(meta), encoding="utf-8")
    line = _one_line_error(capsys, ["report", str(copy)])
    assert "run.json" in line
    assert "'staffing'" in line
    _nothing_written(copy)


@pytest.mark.parametrize("lang", ["nb", "en", "nn"])
def test_scenario_descriptions_in_the_report_language(run_dir: Path, lang: str) -> None:
    # scenario B is phased-proactive.toml under another name: its description.nb/.en/.nn
    want = {"nb": "Eksisterende demenstilfeller på normalforløp; nye tilfeller på "
                  "normalforløp i 2024, proaktivt forløp fra 2025",
            "en": "Existing dementia cases normal; new cases normal in 2024, proactive "
                  "from 2025",
            "nn": "Eksisterande demenstilfelle på normalforløp; nye tilfelle på "
                  "normalforløp i 2024, proaktivt forløp frå 2025"}
    other = want["en" if lang != "en" else "nb"]
    front = load_workbook(run_dir / "report" / f"report-{lang}.xlsx").worksheets[0]
    cells = " ".join(str(v) for row in front.iter_rows(values_only=True) for v in row if v)
    assert want[lang] in cells
    assert other not in cells
    title = _text(PdfReader(run_dir / "report" / f"report-{lang}.pdf").pages[0])
    assert want[lang] in title


def test_a_format_1_run_is_migrated_once(run_dir: Path, tmp_path: Path,
                                          yearly: pd.DataFrame) -> None:
    # Format 1 (trappa 0.1.0): no format_version, no comparison, some summaries with -1 for
    # the trinn 4-12 and no -2, no discount rate: migrated on first read, from yearly/.
    copy = _copy_run(run_dir, tmp_path / "run")
    s = pd.read_parquet(copy / "summary.parquet")
    old = pd.concat([s[s["trinn"] >= 0], s[s["trinn"] == -2].assign(trinn=-1)],
                    ignore_index=True)
    old.to_parquet(copy / "summary.parquet", index=False)
    for name in ("comparison.parquet", "comparison.json"):
        (copy / name).unlink()
    meta = json.loads((copy / "run.json").read_text(encoding="utf-8"))
    for key in ("format_version", "discount_rate", "discount_rate_source"):
        meta.pop(key, None)
    (copy / "run.json").write_text(json.dumps(meta), encoding="utf-8")
    write_report(copy, "nb", ("xlsx",))
    migrated = json.loads((copy / "run.json").read_text(encoding="utf-8"))
    assert (migrated["format_version"], migrated["discount_rate"]) == (2, 0.04)
    assert (pd.read_parquet(copy / "summary.parquet")["trinn"] == -2).any()
    b = _title(B, "nb")
    rows = _rows(load_workbook(copy / "report" / "report-nb.xlsx")[b])
    for cell, trinn in (("6, 7, 9, 10, 11", [6, 7, 9, 10, 11]), ("4\u201312", range(4, 13))):
        by_hand = _stat(_per_rep(yearly[yearly["trinn"].isin(list(trinn))])
                        .loc[(B, END_YEAR), "fte"])
        assert rows[(b, END_YEAR, cell)][13] == pytest.approx(by_hand["mean"], rel=1e-9)


def test_an_unknown_format_is_refused_in_one_line(run_dir: Path, tmp_path: Path) -> None:
    copy = _copy_run(run_dir, tmp_path / "run")
    meta = json.loads((copy / "run.json").read_text(encoding="utf-8"))
    (copy / "run.json").write_text(json.dumps({**meta, "format_version": 3}), encoding="utf-8")
    with pytest.raises(RunDirError) as err:
        write_report(copy, "nb", ("xlsx",))
    line = str(err.value)
    assert "\n" not in line
    assert "run-directory format 3" in line
    assert str(copy / "run.json") in line
    _nothing_written(copy)


@pytest.mark.parametrize("lang", ["nb", "en", "nn"])
def test_workbook_says_what_its_intervals_include(run_dir: Path, lang: str) -> None:
    # the run draws the uncertain parameters (compare's default) with 2 replications: the
    # front sheet says so in the report's plain words, warns that 2 are too few for a 90 %
    # interval, and names what is drawn (the measures' effect too) and what not (the projection)
    front = load_workbook(run_dir / "report" / f"report-{lang}.xlsx").worksheets[0]
    rows = {r[0]: r[1] for r in front.iter_rows(values_only=True) if r[0]}
    includes = rows[label("fact.uncertainty", lang)]
    assert includes == label("rep.plain.uncertainty.parameters", lang, n=2)
    assert {"nb": "priser", "en": "prices", "nn": "prisar"}[lang] in includes
    assert {"nb": "tiltakene", "en": "measures", "nn": "tiltaka"}[lang] in includes
    assert {"nb": "ikke trukket", "en": "not drawn", "nn": "ikkje trekt"}[lang] in includes
    warning = rows[label("fact.warning", lang)]
    assert warning == label("cmp.few_runs", lang, n=2, min=20)


def test_svg_charts_on_request_with_their_text_as_text(run_dir: Path, tmp_path: Path) -> None:
    """--format svg writes the PDF's charts as SVG whose labels are text (for typesetting),
    and nothing else; the default formats stay xlsx, pdf and png."""
    run = _copy_run(run_dir, tmp_path / "run")
    files = write_report(run, "nb", parse_formats("svg"))
    assert (files.xlsx, files.pdf, files.png) == (None, None, ())
    assert sorted(p.name for p in (run / "report").iterdir()) == ["svg-nb"]
    names = [p.name for p in files.svg]
    assert "total_cost.svg" in names
    assert "fte_head_count.svg" in names
    root = ET.parse(run / "report" / "svg-nb" / "fte_head_count.svg").getroot()
    texts = ["".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text")]
    assert label("rep.fte_head_title", "nb") in texts
    # the footnote's hours per FTE and position size: "1 595" and "67 %" in Norwegian
    assert any("1\u00a0595" in x for x in texts), texts
    assert any("67\u00a0%" in x for x in texts), texts
    assert FORMATS == ("xlsx", "pdf", "png")


def test_workbook_staffing_sheet_equals_the_comparison(run_dir: Path) -> None:
    # issue 31: the staffing sheet's cells are the comparison's rows; the reference's
    # first-year gap is zero (its supply is its own need then)
    from results.comparison import read
    from results.summary import TRINN_CARE

    c = read(run_dir)
    ws = load_workbook(run_dir / "report" / "report-en.xlsx")[label("xl.staffing", "en")]
    first = [cell.value for cell in ws[5]]
    assert first[1] == c.years[0]
    need, supply, gap = first[2], first[5], first[8]
    assert need == supply
    assert gap == 0
    row = 5 + len(c.years) - 1  # the reference's last year
    last = [cell.value for cell in ws[row]]
    assert last[1] == c.years[-1]
    assert last[8] == pytest.approx(c.stat(c.reference, "gap_fte", c.years[-1], TRINN_CARE)["mean"],
                                    rel=1e-12)
    assert last[2] - last[5] == pytest.approx(last[8])


def _plain(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_page_one_and_the_staffing_section_state_the_comparisons_gap(run_dir: Path,
                                                                      lang: str) -> None:
    # issue 31: page one says each scenario's gap in the last year with its 90 % interval,
    # the first year over the threshold and the hires a year that close it; the staffing
    # section has each year's gap and the family carers' ratio: the comparison's rows,
    # formatted by results.formatting
    from results.comparison import FAMILY_RATIO, read
    from results.formatting import interval, percent, signed, year
    from results.summary import TRINN_CARE

    c = read(run_dir)
    last = c.years[-1]
    texts = page_texts(run_dir / "report" / f"report-{lang}.pdf")
    one = texts[0]
    assert _plain(label("staff.title", lang)) in one
    for s in c.scenarios:
        g = c.stat(s, "gap_fte", last, TRINN_CARE)
        mean, lo, hi = g["mean"], g["p05"], g["p95"]
        if lo > 0:
            shown, band = number(mean, 0, lang), interval(lo, hi, 0, lang)
        elif hi < 0:
            shown, band = number(-mean, 0, lang), interval(-hi, -lo, 0, lang)
        else:
            shown, band = signed(mean, 0, lang), interval(lo, hi, 0, lang, with_sign=True)
        assert _plain(f"{shown} ") in one
        assert _plain(f"{band}") in one, (s, band)
        hires = c.stat(s, "hires_to_close", last, TRINN_CARE)
        if round(hires["mean"]) > 0:
            assert _plain(f"({interval(hires['p05'], hires['p95'], 0, lang)})") in one
            assert _plain(number(hires["mean"], 0, lang)) in one
        first = c.stat(s, "gap_first_year_of_mean", last, TRINN_CARE)["mean"]
        pct = percent(c.stat(s, "gap_threshold", last, TRINN_CARE)["mean"], 0, lang)
        expected = (label("staff.sentence.never", lang, pct=pct, year=last) if first != first
                    else label("staff.sentence.first", lang, pct=pct, first=year(first)))
        assert _plain(expected) in one
    assert _plain(label("rep.staff.assumed", lang)).replace("-", "") in one.replace("-", "")
    # the section: every year's gap per scenario and the reference's family carers' ratio
    title = _plain(f"{label('rep.staff.title', lang)} \u2013 Færder")
    body = " ".join(t for t in texts if t.startswith(title))
    assert body
    for y in c.years:
        gaps = [c.stat(s, "gap_fte", y, TRINN_CARE) for s in c.scenarios]
        ratio = c.stat(c.reference, FAMILY_RATIO, y)["mean"]
        cells = [f"{signed(g['mean'], 0, lang)} "
                 f"[{interval(g['p05'], g['p95'], 0, lang, with_sign=True)}]" for g in gaps]
        row = " ".join([year(y), *cells, number(ratio, 1, lang)])
        assert _plain(row) in body, row
    # (a written hyphen at a line end in Norwegian reads back as Typst's hyphenation)
    assert _plain(label("rep.staff.assumed", lang)).replace("-", "") in body.replace("-", "")
    # the first year: the reference's supply is its need, so its gap is zero
    assert c.stat(c.reference, "gap_fte", c.years[0], TRINN_CARE)["mean"] == pytest.approx(
        0.0, abs=1e-9)


_FRESH = """
import sys
from pathlib import Path
import results.report
from results.report import FORMATS, write_report
# a fresh process: the charts' libraries are not imported yet, so the charts and the PDF go
# to a child started before the run is read (where this machine can fork)
print(results.report._charts_apart(FORMATS))
write_report(Path(sys.argv[1]), "nb")
"""


def test_the_charts_apart_write_the_same_report(run_dir: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh process (``trappa report``) hands the charts and the PDF to a child that
    imports their libraries while the run is read: the same files as one process writes."""
    import subprocess
    import sys

    import results.report_jobs

    fresh = _copy_run(run_dir, tmp_path / "a" / "run")  # the same name: the report shows it
    done = subprocess.run([sys.executable, "-c", _FRESH, str(fresh)], capture_output=True,
                          text=True, timeout=300, check=True, cwd=Path(__file__).parents[2])
    apart = done.stdout.strip().splitlines()[-1] == "True"
    assert apart or not results.report_jobs.Jobs.can_fork()
    here = _copy_run(run_dir, tmp_path / "b" / "run")
    monkeypatch.setattr(results.report, "_charts_apart", lambda formats: False)
    write_report(here, "nb")
    a, b = fresh / "report", here / "report"
    assert sorted(p.name for p in a.rglob("*")) == sorted(p.name for p in b.rglob("*"))
    for png in (a / "png-nb").glob("*.png"):
        assert png.read_bytes() == (b / "png-nb" / png.name).read_bytes(), png.name
    assert page_texts(a / "report-nb.pdf") == page_texts(b / "report-nb.pdf")
    wa, wb = load_workbook(a / "report-nb.xlsx"), load_workbook(b / "report-nb.xlsx")
    assert wa.sheetnames == wb.sheetnames
    for sheet in wa.sheetnames:
        assert ([[c.value for c in row] for row in wa[sheet].iter_rows()]
                == [[c.value for c in row] for row in wb[sheet].iter_rows()]), sheet
    assert not list(fresh.glob(".report*"))


def test_the_charts_apart_a_damaged_run_is_one_line(run_dir: Path, tmp_path: Path) -> None:
    """The run is read in the command's own process while the charts' child imports: a
    damaged run is the same one line, the child stopped, nothing written."""
    import subprocess
    import sys

    copy = _copy_run(run_dir, tmp_path / "run")
    (copy / "summary.parquet").unlink()
    done = subprocess.run([sys.executable, "-m", "runners", "report", str(copy)],
                          capture_output=True, text=True, timeout=300, check=False,
                          cwd=Path(__file__).parents[2])
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "summary.parquet" in lines[0]
    assert "missing" in lines[0]
    _nothing_written(copy)


_TWICE = """
import sys
from pathlib import Path
import results.charts  # imported: the charts go to this process's children, not apart
from results.report import write_report
for lang in ("nb", "en"):
    write_report(Path(sys.argv[1]), lang)
print("both written")
"""


def test_a_second_report_in_one_process_is_written(run_dir: Path, tmp_path: Path) -> None:
    """The PDF is typeset by the process that shares the charts out, never by one of its
    forked children: a child of a process whose Typst has started its thread pool would
    wait for that pool for ever (a second report in one process: the app, these tests)."""
    import subprocess
    import sys

    copy = _copy_run(run_dir, tmp_path / "run")
    done = subprocess.run([sys.executable, "-c", _TWICE, str(copy)], capture_output=True,
                          text=True, timeout=300, check=True, cwd=Path(__file__).parents[2])
    assert done.stdout.strip().splitlines()[-1] == "both written"
    assert page_texts(copy / "report" / "report-nb.pdf")
    assert page_texts(copy / "report" / "report-en.pdf")
