"""The page with Streamlit's AppTest: widgets -> scenario -> results, checked against an
independent ``trappa compare`` of the same scenarios and seed."""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from pypdf import PdfReader

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest

from results.labels import label
from runners import cli
from runners.app import engine, views
from runners.app.jobs import Job
from scenarios import load_scenario

PAGE = Path(__file__).resolve().parents[3] / "runners" / "app" / "page.py"
END, RUNS, SEED = 2026, 3, 777


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The app's cache in a temporary folder; two workers."""
    folder = tmp_path_factory.mktemp("app-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRAPPA_APP_CACHE", str(folder))
        mp.setenv("TRAPPA_APP_WORKERS", "2")
        mp.delenv("TRAPPA_APP_MUNICIPALITIES", raising=False)
        yield folder


def _wait(at: AppTest, timeout: float = 300) -> Job:
    job: Job = at.session_state["job"]
    assert job.wait(timeout), "the run did not finish"
    at.run()
    return job


@pytest.fixture(scope="module")
def ran(cache: Path) -> Iterator[AppTest]:
    """The page after a run: normal as reference, every dementia case proactive, to 2026."""
    at = AppTest.from_file(str(PAGE), default_timeout=120)
    at.run()
    at.slider(key="end_year").set_value(END)
    at.number_input(key="replications").set_value(RUNS)
    at.number_input(key="seed").set_value(SEED)
    at.run()
    at.slider(key="existing.proactive").set_value(100)
    at.slider(key="new.proactive").set_value(100)
    at.run()
    assert not at.exception
    assert not at.error
    at.button(key="run").click().run()
    job = _wait(at)
    assert job.phase == "done", job.error
    assert job.ran_reference
    assert not at.exception
    assert not at.error
    yield at
    # a run a failed test left behind must not outlive the cache folder set for it
    last: Job = at.session_state["job"]
    last.cancel()
    assert last.wait(120)


STRATEGY = f"""
name = "hand"
municipality = "faerder"
start_year = 2024
end_year = {END}
seed = 1
replications = 1
[groups.dementia.existing_cases]
proactive = 1.0
[groups.dementia.new_cases.2024]
proactive = 1.0
"""
REFERENCE = STRATEGY.replace('"hand"', '"ref"').replace("proactive = 1.0", "normal = 1.0")


@pytest.fixture(scope="module")
def independent(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    """The same comparison from hand-written files through ``trappa compare`` (serial)."""
    folder = tmp_path_factory.mktemp("independent")
    (folder / "ref.toml").write_text(REFERENCE, encoding="utf-8")
    (folder / "hand.toml").write_text(STRATEGY, encoding="utf-8")
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli.main(["compare", str(folder / "ref.toml"), str(folder / "hand.toml"),
                         "--seed", str(SEED), "--runs", str(RUNS), "--out", str(folder / "run"),
                         "--no-plots"]) == 0
    return pd.read_parquet(folder / "run" / "yearly")


def _paired_mean(yearly: pd.DataFrame, metric: str, trinn: tuple[int, ...] | None,
                 year: int) -> float:
    """Mean over replications of (strategy - reference), summed by hand with pandas."""
    rows = yearly[yearly["year"] == year]
    if trinn is not None:
        rows = rows[rows["trinn"].isin(trinn)]
    per = rows.groupby(["scenario", "replication"])[metric].sum().unstack("scenario")
    names = list(pd.unique(yearly["scenario"]))
    return float((per[names[1]] - per[names[0]]).mean())


def _number(text: str) -> float:
    # bokmål: decimal comma, non-breaking or thin spaces between thousands, minus sign
    clean = text.replace("\u2212", "-").replace("\u00a0", "").replace("\u202f", "")
    return float(clean.replace(" ", "").replace(",", "."))


def test_the_strategy_run_is_the_one_the_levers_built(ran: AppTest) -> None:
    job: Job = ran.session_state["job"]
    s = job.strategy
    assert (s.end_year, s.seed, s.replications) == (END, SEED, RUNS)
    assert s.groups["dementia"].existing_cases == {"proactive": 1.0}
    assert s.new_case_mix("dementia", 2024) == {"proactive": 1.0}
    assert job.reference.name == "normal"
    assert job.reference.groups["dementia"].existing_cases == {"normal": 1.0}


def test_page_figures_equal_an_independent_compare(ran: AppTest,
                                                   independent: pd.DataFrame) -> None:
    shown = {m.label: _number(m.value) for m in ran.metric if f"i {END}" in m.label}
    expected = {
        "Δ kostnad": (_paired_mean(independent, "cost_nok", None, END) / 1e6, 0.05),
        "Δ årsverk, pleie": (_paired_mean(independent, "fte", (6, 7, 9, 10, 11), END), 0.05),
        "Δ årsverk, hele trappa": (_paired_mean(independent, "fte", tuple(range(4, 13)), END),
                                   0.05),
        "Δ ansatte": (_paired_mean(independent, "head_count", tuple(range(4, 13)), END), 0.5),
    }
    assert len(shown) == len(expected)
    for prefix, (value, tol) in expected.items():
        [label] = [k for k in shown if k.startswith(prefix)]
        assert shown[label] == pytest.approx(value, abs=tol), label
    # the strategy changes something: a check of zeros against zeros would prove nothing
    assert abs(expected["Δ kostnad"][0]) > 1


def test_present_value_on_the_page_by_hand(ran: AppTest, independent: pd.DataFrame) -> None:
    years = [2024, 2025, 2026]
    # signed as the headline's Δ cost: strategy minus reference, negative = a saving
    delta = [_paired_mean(independent, "cost_nok", None, y) / 1e6 for y in years]
    pv = sum(d / 1.04 ** (y - 2024) for d, y in zip(delta, years, strict=True))
    [shown] = [m for m in ran.metric if m.label.startswith("Nåverdi")]
    assert _number(shown.value) == pytest.approx(pv, abs=0.05)
    [cum] = [m for m in ran.metric if m.label.startswith("Samlet Δ kostnad")]
    assert _number(cum.value) == pytest.approx(sum(delta), abs=0.05)
    [head] = [m for m in ran.metric if m.label.startswith("Δ kostnad")
              and "i 2026" in m.label]
    assert (_number(head.value) < 0) == (delta[-1] < 0)  # the same sign as the headline


def test_few_replications_are_called_rough(ran: AppTest) -> None:
    assert any("grove" in w.value for w in ran.warning)


def test_nynorsk(ran: AppTest) -> None:
    ran.radio(key="lang").set_value("nn").run()
    try:
        assert ran.title[0].value == "trappa: strategiar for innsatstrappa"
        assert any(m.label.startswith("Δ kostnad, alle trinn (mill kr/år, 2024-prisar)")
                   for m in ran.metric)
        assert ran.button(key="run").label == "Køyr"
    finally:
        ran.radio(key="lang").set_value("nb").run()


def test_english_toggle(ran: AppTest) -> None:
    ran.radio(key="lang").set_value("en").run()
    try:
        assert any(m.label.startswith("Δ cost, all steps (mill NOK/yr, 2024 prices)")
                   for m in ran.metric)
        assert any("rough" in w.value for w in ran.warning)
    finally:
        ran.radio(key="lang").set_value("nb").run()


def test_the_job_reads_what_the_page_shows(ran: AppTest) -> None:
    """The finished job holds its comparison's view (read in the job's thread), the one the
    page draws, equal to reading the run directory again."""
    job: Job = ran.session_state["job"]
    assert job.view is not None
    assert ran.session_state["comparison"] is job.view
    fresh = views.load_comparison(job.result)
    pd.testing.assert_frame_equal(job.view.deltas, fresh.deltas, check_exact=True)
    pd.testing.assert_frame_equal(job.view.payback, fresh.payback, check_exact=True)


def test_the_charts_are_valid_vega_lite_of_the_comparison(ran: AppTest) -> None:
    """Each chart's spec (written by hand, not by Altair) passes the Vega-Lite schema and
    plots the comparison's Δ of its measure: the mean line, the band from p05 to p95."""
    jsonschema = pytest.importorskip("jsonschema")
    from altair.vegalite.v6.schema.core import load_schema

    c = ran.session_state["comparison"]
    for key, *_ in views.MEASURES:
        spec = views.delta_chart(c, key, "nb")
        data = spec["datasets"][spec["data"]["name"]]
        expected = c.deltas[c.deltas["measure"] == key]
        for column in ("year", "mean", "p05", "p95"):
            assert list(data[column]) == list(expected[column])
        band, line, zero = spec["layer"]
        assert (band["encoding"]["y"]["field"], band["encoding"]["y2"]["field"]) == ("p05",
                                                                                   "p95")
        assert line["encoding"]["y"]["field"] == "mean"
        assert list(spec["datasets"][zero["data"]["name"]]["y"]) == [0]
        assert spec["config"]["locale"]["number"]["decimal"] == ","
        records = {name: frame.to_dict("records") for name, frame in spec["datasets"].items()}
        jsonschema.validate({**spec, "datasets": records}, load_schema())


def test_a_changed_lever_runs_only_the_strategy(ran: AppTest, cache: Path) -> None:
    """The reference is cached: a second strategy starts in the strategy phase."""
    refs = list((cache / "reference").iterdir())
    assert len(refs) == 1
    stamp = (refs[0] / "run.json").stat().st_mtime_ns
    assert not any("Ventelister" in h.value for h in ran.subheader)  # no places limited
    ran.slider(key="new.proactive").set_value(50)
    # fewer long-term places than the 137 recipients of 2024: a queue must form
    ran.checkbox(key="cap11.on").check()
    ran.number_input(key="cap11.places1").set_value(100)
    ran.run()
    assert any("endret" in i.value for i in ran.info)  # the results shown are stale
    # the first run's workers are still up, and run the second: no new pool per run
    pool = engine.lasting_pool(2)
    executor, pids = pool.executor(), pool.pids()
    assert len(pids) == 2
    ran.button(key="run").click().run()
    job = _wait(ran)
    assert job.phase == "done", job.error
    assert not job.ran_reference
    assert engine.lasting_pool(2) is pool
    assert pool.executor() is executor
    assert pool.pids() == pids
    assert (refs[0] / "run.json").stat().st_mtime_ns == stamp
    # two comparisons (the streamed folders they replaced are deleted in the background)
    assert len([p for p in (cache / "runs").iterdir() if not p.name.startswith(".")]) == 2
    assert job.strategy.new_case_mix("dementia", 2024) == {"normal": 0.5, "proactive": 0.5}
    assert job.strategy.capacity_in(11, 2024) == 100
    assert any("Ventelister" in h.value for h in ran.subheader)
    waiting = ran.table[-1].value
    # the columns name the strategy by its title; the figures are written in bokmål
    shown = [c for c in waiting.columns if str(c).startswith(job.strategy.title("nb"))]
    assert shown
    assert max(_number(v) for v in waiting[shown].to_numpy().ravel()) > 0


def test_saved_strategy_runs_with_the_cli(ran: AppTest, tmp_path: Path) -> None:
    text = ran.session_state["job_text"]
    path = tmp_path / "saved.toml"
    path.write_text(text, encoding="utf-8")
    s = load_scenario(path)
    assert s.name == ran.session_state["job"].strategy.name
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli.main(["run", str(path), "--runs", "1", "--out", str(tmp_path / "run"),
                         "--no-plots"]) == 0


def test_downloads_equal_what_compare_writes(ran: AppTest, tmp_path: Path) -> None:
    job: Job = ran.session_state["job"]
    assert job.result is not None
    files = engine.report_files(job.result, "nb")
    ref, strat = job.reference.files[-1], job.strategy.files[-1]
    out = tmp_path / "compare"
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli.main(["compare", str(ref), str(strat), "--seed", str(SEED), "--runs",
                         str(job.runs), "--out", str(out)]) == 0
    for name in ("yearly", "population", "demography", "summary.parquet"):
        pd.testing.assert_frame_equal(pd.read_parquet(job.result / name),
                                      pd.read_parquet(out / name))
    app_book = openpyxl.load_workbook(files["xlsx"], read_only=True)
    cli_book = openpyxl.load_workbook(out / "report" / "report-nb.xlsx", read_only=True)
    assert app_book.sheetnames == cli_book.sheetnames
    # what may differ: when each ran, and where each run directory is
    created = {str(m) for m in (_created(job.result), _created(out))}
    folders = {str(job.result), str(out)}
    for sheet in app_book.sheetnames:
        a = [list(row) for row in app_book[sheet].iter_rows(values_only=True)]
        b = [list(row) for row in cli_book[sheet].iter_rows(values_only=True)]
        assert len(a) == len(b), sheet
        for ra, rb in zip(a, b, strict=True):
            if ra != rb:
                assert any(_has(x, created) or str(x) in folders
                           or str(x) in {Path(f).name for f in folders} for x in ra), (
                    sheet, ra, rb)
    app_pdf = _pdf_text(files["pdf"], created, folders)
    cli_pdf = _pdf_text(out / "report" / "report-nb.pdf", created, folders)
    assert app_pdf == cli_pdf
    import zipfile
    names = zipfile.ZipFile(io.BytesIO(engine.parquet_zip(job.result))).namelist()
    assert "summary.parquet" in names
    assert {"comparison.parquet", "comparison.json"} <= set(names)
    assert any(n.startswith("yearly/") for n in names)


def _created(run_dir: Path) -> str:
    import json
    return str(json.loads((run_dir / "run.json").read_text(encoding="utf-8"))["created"])


def _has(value: object, stamps: set[str]) -> bool:
    return any(s[:10] in str(value) for s in stamps)


def _pdf_text(path: Path, stamps: set[str], folders: set[str]) -> list[str]:
    lines = []
    for page in PdfReader(path).pages:
        for line in (page.extract_text() or "").splitlines():
            # the appendix names the run directory by its folder name
            if not any(s[:10] in line for s in stamps) and not any(
                    f in line or Path(f).name in line or (len(line) >= 8 and line in f)
                    for f in folders):
                lines.append(line)
    return lines


def test_bad_upload_shows_the_cli_message(cache: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    bad = STRATEGY.replace("proactive = 1.0\n[groups.dementia.new_cases",
                           "proactiv = 1.0\n[groups.dementia.new_cases")
    (tmp_path / "bad.toml").write_text(bad, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["run", "bad.toml"]) == 2
    cli_line = capsys.readouterr().err.strip()
    at = AppTest.from_file(str(PAGE), default_timeout=60)
    at.run()
    at.file_uploader(key="upload").set_value(("bad.toml", bad.encode(), "application/toml"))
    at.run()
    assert not at.exception
    # the CLI's line, after a Norwegian sentence saying what failed
    prefix = label("cli.error", "nb", message="")
    assert [e.value for e in at.error] == [
        "Filen kunne ikke leses: " + cli_line.removeprefix(prefix)]
    assert "proactiv" in cli_line


def test_a_folder_that_is_not_a_municipality(cache: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    from runners.app.__main__ import main

    folder = tmp_path / "not-a-municipality"
    folder.mkdir()
    assert main(["--municipality", str(folder)]) == 2
    cli_line = capsys.readouterr().err.strip()
    monkeypatch.setenv("TRAPPA_APP_MUNICIPALITIES", str(folder))
    at = AppTest.from_file(str(PAGE), default_timeout=60)
    at.run()
    assert not at.exception
    prefix = label("cli.error", "nb", message="")
    assert [e.value for e in at.sidebar.error] == [cli_line.removeprefix(prefix)]
    # the shipped municipalities are still offered (the folder is not), and nothing was
    # written beside the folder
    from models.municipality import DATA_DIR

    shipped = sorted(p.name for p in DATA_DIR.iterdir() if (p / "trinn.csv").is_file())
    assert "faerder" in shipped
    # offered by the names SSB writes ("Færder" for the folder faerder)
    assert at.selectbox(key="municipality").options == [
        engine.municipality_title(m, "nb") for m in shipped]
    assert at.selectbox(key="municipality").options[0] == "Færder"
    assert list(folder.iterdir()) == []


def test_cancel_stops_the_workers(cache: Path) -> None:
    ref = engine.reference_scenario(engine.reference_data("normal", "faerder"))
    strategy = engine.reference_scenario(engine.reference_data("proactive", "faerder"))
    job = Job(ref, strategy, seed=4242, runs=40, workers=2).start()
    before = _children()
    deadline = 120.0
    import time
    t0 = time.perf_counter()
    while job.done < 1 and job.running and time.perf_counter() - t0 < deadline:
        time.sleep(0.1)
    assert job.running, job.error
    job.cancel()
    assert job.wait(60)
    assert job.phase == "cancelled"
    # the pool's workers are gone (multiprocessing's resource tracker may stay)
    time.sleep(0.5)
    assert not [p for p in _children() - before if "resource_tracker" not in _cmd(p)]
    assert not [p for p in _children() if "spawn_main" in _cmd(p)]


def _children() -> set[int]:
    me = str(os.getpid())
    out = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if stat.rsplit(")", 1)[1].split()[1] == me:
                out.add(int(entry.name))
    return out


def _cmd(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""
