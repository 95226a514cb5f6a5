"""``trappa calibrate`` as a user runs it: reproducible files, a report, progress, one-line errors.

Small settings (3 one-year replications per evaluation, 1 full-horizon replication per
strategy) keep this fast; the shipped calibration is checked in test_acceptance.py.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from results.labels import label
from tests.conftest import run_cli

SMALL = ("--runs", "3", "--horizon-runs", "1", "--seed", "11")


def test_same_seed_same_file_with_a_report(tmp_path: Path):
    first = run_cli("calibrate", *SMALL, "--out", str(tmp_path / "a.toml"))
    assert first.returncode == 0, first.stderr
    second = run_cli("calibrate", *SMALL, "--out", str(tmp_path / "b.toml"),
                     "--report", str(tmp_path / "rep"), "--lang", "en")
    assert second.returncode == 0, second.stderr
    a = tomllib.loads((tmp_path / "a.toml").read_text(encoding="utf-8"))
    b = tomllib.loads((tmp_path / "b.toml").read_text(encoding="utf-8"))
    # the header comment names each file's own report; every table is identical
    assert a == b
    assert (a["meta"]["seed"], a["meta"]["replications"]) == (11, 3)
    assert a["parameters"]
    for folder in (tmp_path / "a-report", tmp_path / "rep"):
        text = (folder / "report.md").read_text(encoding="utf-8")
        for section in ("## Targets", "## Parameters", "## Method", "## Out of sample"):
            assert section in text
        assert (folder / "fit.png").stat().st_size > 10_000
        assert (folder / "out_of_sample.png").stat().st_size > 10_000
    # rich progress and the summary: in bokmål by default, in English with --lang en (the
    # language changes the terminal's lines only: the files above are identical)
    assert "evaluering " in first.stderr
    assert label("cal.fitted_file", "nb", path=tmp_path / "a.toml") in first.stdout
    assert "Mål innenfor toleransen: " in first.stdout
    assert "evaluation " in second.stderr
    assert f"Fitted file: {tmp_path / 'b.toml'}" in second.stdout
    assert "Targets within tolerance: " in second.stdout


def test_bad_arguments_are_one_line():
    for args in (("--runs", "0"), ("--municipality", "atlantis"), ("--seed", "-1"),
                 ("--backend", "serial", "--workers", "2"), ("--backend", "gpu"),
                 ("--out", ""), ("--report", "a\tb")):
        res = run_cli("calibrate", *args)
        assert res.returncode == 2, args
        assert len(res.stderr.strip().splitlines()) == 1, res.stderr
        assert res.stdout == ""
