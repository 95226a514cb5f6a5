"""The demographic envelope (``trappa compare --projections``) and a scenario's
``projection`` key: one run per SSB alternative with common random numbers, the band across
them, the folder's safety, and bad input as one line."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pypdf
import pytest

from results.envelope import envelope_band
from results.store import read_run
from tests.pdf_pages import text_off_the_page
from tests.runners.conftest import SHORT_END, run_main, write_scenario

ALTS = ("MMMM", "LLML", "HHMH")


def _demography(run: Path) -> pd.DataFrame:
    return pd.read_parquet(run / "demography")
RUNS = "2"


@pytest.fixture(scope="module")
def envelope(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """normal vs proactive under MMMM, LLML and HHMH to SHORT_END, 2 replications."""
    folder = tmp_path_factory.mktemp("env")
    for s in ("normal", "proactive"):
        write_scenario(folder, s)
    out = folder / "envelope"
    status, err = run_main("compare", str(folder / "normal.toml"),
                           str(folder / "proactive.toml"), "--projections", ",".join(ALTS),
                           "--runs", RUNS, "--seed", "5", "--backend", "serial", "--out",
                           str(out), "--no-plots", "--lang", "en")
    assert status == 0, err
    return out


def test_one_complete_run_per_alternative(envelope: Path) -> None:
    meta = json.loads((envelope / "envelope.json").read_text(encoding="utf-8"))
    assert meta["trappa_envelope"] is True
    assert meta["alternatives"] == list(ALTS)
    assert meta["main"] == "MMMM"
    # Færder's LLML and HHMH are the national-ratio approximations (issue 12, item 6)
    assert meta["approximations"] == ["LLML", "HHMH"]
    for alt in ALTS:
        run = json.loads((envelope / alt / "run.json").read_text(encoding="utf-8"))
        assert run["projection"]["alternative"] == alt
        assert run["seed"] == 5
        assert [s.get("projection", "MMMM") for s in run["scenarios"]] == [alt, alt]
    assert (envelope / "report" / "envelope-en.pdf").is_file()


def test_80_plus_ordered_low_main_high(envelope: Path) -> None:
    """SSB's alternatives order the old: low national growth (LLML) has fewer 80+ than the
    main alternative, high growth (HHMH) more, from the first projected year on (the 2024
    start is registered, the same in all three). Compared on each run's demography dataset,
    replication by replication (common random numbers)."""
    persons = {alt: _demography(envelope / alt).set_index(
        ["scenario", "replication", "year"])["persons_80plus_31dec"] for alt in ALTS}
    later = persons["MMMM"].index.get_level_values("year") > 2025
    assert (persons["LLML"][later] <= persons["MMMM"][later]).all()
    assert (persons["MMMM"][later] <= persons["HHMH"][later]).all()
    assert (persons["LLML"][later] < persons["HHMH"][later]).all()


def test_common_random_numbers_main_equals_plain_compare(envelope: Path,
                                                         tmp_path: Path) -> None:
    """The MMMM run of the envelope is the plain comparison with the same seed."""
    folder = envelope.parent
    out = tmp_path / "plain"
    status, err = run_main("compare", str(folder / "normal.toml"),
                           str(folder / "proactive.toml"), "--runs", RUNS, "--seed", "5",
                           "--backend", "serial", "--out", str(out), "--no-plots")
    assert status == 0, err
    pd.testing.assert_frame_equal(read_run(out).yearly, read_run(envelope / "MMMM").yearly)


def test_band_is_the_range_of_the_alternatives_means(envelope: Path) -> None:
    """envelope.parquet against each run's own summary.parquet, read independently."""
    table = pd.read_parquet(envelope / "envelope.parquet")
    means = {}
    for alt in ALTS:
        s = pd.read_parquet(envelope / alt / "summary.parquet")
        row = s[(s["scenario"] == "proactive") & (s["year"] == SHORT_END)
                & (s["trinn"] == -1) & (s["group"] == "all") & (s["metric"] == "cost_nok")]
        means[alt] = float(row["mean"].iloc[0])
    band = envelope_band(table, "MMMM").set_index(["scenario", "year", "trinn", "metric"])
    r = band.loc[("proactive", SHORT_END, -1, "cost_nok")]
    assert r["low"] == pytest.approx(min(means.values()), rel=1e-12)
    assert r["high"] == pytest.approx(max(means.values()), rel=1e-12)
    assert r["main_mean"] == pytest.approx(means["MMMM"], rel=1e-12)
    assert r["low_projection"] == min(means, key=lambda a: means[a])
    assert r["high_projection"] == max(means, key=lambda a: means[a])


def test_report_one_page_per_scenario_inside_the_page(envelope: Path) -> None:
    reader = pypdf.PdfReader(envelope / "report" / "envelope-en.pdf")
    assert len(reader.pages) == 2
    assert text_off_the_page(envelope / "report" / "envelope-en.pdf") == []


def test_an_existing_envelope_needs_resume_or_overwrite(envelope: Path) -> None:
    before = sorted(p.relative_to(envelope) for p in envelope.rglob("*"))
    status, err = run_main("compare", str(envelope.parent / "normal.toml"), "--projections",
                           "MMMM", "--runs", "1", "--backend", "serial", "--out",
                           str(envelope), "--no-plots")
    assert status == 2
    assert "--resume" in err
    assert len(err.strip().splitlines()) == 1
    assert sorted(p.relative_to(envelope) for p in envelope.rglob("*")) == before


def test_a_foreign_folder_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    write_scenario(tmp_path, "normal")
    status, err = run_main("compare", str(tmp_path / "normal.toml"), "--projections",
                           "MMMM,LLML", "--runs", "1", "--backend", "serial", "--out",
                           str(out), "--no-plots")
    assert status == 2
    assert "not a trappa envelope" in err
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]


@pytest.mark.parametrize(("codes", "problem"), [
    ("MMMM,MMM0", "no projection alternative MMM0"),   # a code the folder does not hold
    ("MMMM,llml", "not an SSB projection alternative"),
    ("MMMM,MMMM", "given twice"),
])
def test_bad_projections_one_line_nothing_written(tmp_path: Path, codes: str,
                                                  problem: str) -> None:
    write_scenario(tmp_path, "normal")
    out = tmp_path / "out"
    status, err = run_main("compare", str(tmp_path / "normal.toml"), "--projections", codes,
                           "--runs", "1", "--backend", "serial", "--out", str(out),
                           "--no-plots")
    assert status == 2, err
    assert problem in err
    assert len([line for line in err.splitlines() if line.startswith("trappa")]) == 1
    assert not out.exists()


def test_scenario_names_its_projection(tmp_path: Path) -> None:
    """``projection = "LLML"`` in a file runs on population-LLML.csv: the start year is the
    registered population (the same), later years follow the lower alternative."""
    low = write_scenario(tmp_path, "normal", name="low", extra='projection = "LLML"')
    main = write_scenario(tmp_path, "normal", name="main")
    runs = {}
    for path in (low, main):
        out = tmp_path / f"out-{path.stem}"
        status, err = run_main("run", str(path), "--runs", "1", "--seed", "3", "--backend",
                               "serial", "--out", str(out), "--no-plots")
        assert status == 0, err
        runs[path.stem] = out
    meta = json.loads((runs["low"] / "run.json").read_text(encoding="utf-8"))
    assert meta["projection"]["alternative"] == "LLML"
    assert meta["projection"]["source"].startswith("APPROXIMATION")
    assert "population-LLML.csv" in meta["input_hashes"]
    old = {k: _demography(v).set_index("year")["persons_80plus_31dec"]
           for k, v in runs.items()}
    assert (old["low"].loc[2026:] < old["main"].loc[2026:]).all()


@pytest.mark.parametrize("value", ['"mmmm"', '"MMMMM"', "4", '""'])
def test_bad_projection_key_is_one_line(tmp_path: Path, value: str) -> None:
    path = write_scenario(tmp_path, "normal", name="bad", extra=f"projection = {value}")
    out = tmp_path / "out"
    status, err = run_main("run", str(path), "--runs", "1", "--backend", "serial", "--out",
                           str(out), "--no-plots")
    assert status == 2
    assert "projection" in err
    assert str(path) in err
    assert not out.exists()
