"""Malformed command-line arguments: refused in one line naming the argument, before anything
runs or is written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.bad_input.conftest import SHORT

RUN = ["run", "x.toml"]

# (id, arguments, expected in the error line)
CASES = [
    ("runs-zero", [*RUN, "--runs", "0"], "--runs"),
    ("runs-negative", [*RUN, "--runs", "-1"], "--runs"),
    ("runs-text", [*RUN, "--runs", "many"], "--runs"),
    ("runs-float", [*RUN, "--runs", "1.5"], "--runs"),
    ("runs-nan", [*RUN, "--runs", "nan"], "--runs"),
    ("runs-huge", [*RUN, "--runs", "1000000000000"], "--runs"),
    ("runs-huge-compare", ["compare", "x.toml", "y.toml", "--runs", "1000000000000"],
     "--runs"),
    ("runs-auto-no-precision", [*RUN, "--runs", "auto"], "--precision"),
    ("precision-without-auto", [*RUN, "--runs", "1", "--precision", "1"], "--precision"),
    ("precision-nan", [*RUN, "--runs", "auto", "--precision", "nan"], "--precision"),
    ("precision-inf", [*RUN, "--runs", "auto", "--precision", "inf"], "--precision"),
    ("precision-zero", [*RUN, "--runs", "auto", "--precision", "0"], "--precision"),
    ("precision-negative", [*RUN, "--runs", "auto", "--precision", "-1"], "--precision"),
    ("max-runs-one", [*RUN, "--runs", "auto", "--precision", "1", "--max-runs", "1"],
     "--max-runs"),
    ("max-runs-huge", [*RUN, "--runs", "auto", "--precision", "1", "--max-runs",
                       "1000000000000"], "--max-runs"),
    ("max-runs-text", [*RUN, "--runs", "auto", "--precision", "1", "--max-runs", "x"],
     "--max-runs"),
    ("seed-negative", [*RUN, "--runs", "1", "--seed", "-1"], "--seed"),
    ("seed-text", [*RUN, "--runs", "1", "--seed", "abc"], "--seed"),
    ("seed-float", [*RUN, "--runs", "1", "--seed", "1.5"], "--seed"),
    ("workers-zero", [*RUN, "--runs", "1", "--workers", "0"], "--workers"),
    ("workers-text", [*RUN, "--runs", "1", "--workers", "all"], "--workers"),
    ("backend-unknown", [*RUN, "--runs", "1", "--backend", "gpu"], "--backend"),
    ("lang-unknown", [*RUN, "--runs", "1", "--lang", "de"], "--lang"),
    ("resume-without-out", [*RUN, "--runs", "1", "--resume"], "resume"),
    ("resume-with-overwrite", [*RUN, "--runs", "1", "--resume", "--overwrite", "--out", "o"],
     "resume"),
    ("resume-nothing-there", [*RUN, "--runs", "1", "--resume", "--out", "o"], "o"),
    ("scenario-unknown-name", ["run", "normall", "--runs", "1"], "normall"),
    ("scenario-empty", ["run", "", "--runs", "1"], "scenario"),
    ("scenario-missing-file", ["run", "missing.toml", "--runs", "1"], "missing.toml"),
    ("scenario-missing-path", ["run", "./sub/missing", "--runs", "1"], "missing"),
    ("scenario-newline", ["run", "normal\n", "--runs", "1"], "normal"),
    ("compare-missing", ["compare", "normal", "nosuch", "--runs", "1"], "nosuch"),
    ("unknown-option", [*RUN, "--colour"], "--colour"),
    ("set-no-equals", [*RUN, "--runs", "1", "--set", "mortality_level"], "--set"),
    ("set-no-name", [*RUN, "--runs", "1", "--set", "=1.0"], "--set"),
    ("set-nan", [*RUN, "--runs", "1", "--set", "mortality_level=nan"], "mortality_level"),
    ("set-text", [*RUN, "--runs", "1", "--set", "mortality_level=high"], "mortality_level"),
    ("set-unknown", [*RUN, "--runs", "1", "--set", "mortality=1.0"], "mortality"),
    ("set-out-of-range", [*RUN, "--runs", "1", "--set", "position_size=1.5"], "position_size"),
    ("set-twice", [*RUN, "--runs", "1", "--set", "mortality_level=1", "--set",
                   "mortality_level=1.1"], "mortality_level"),
    ("discount-rate-negative", [*RUN, "--runs", "1", "--discount-rate", "-1"],
     "--discount-rate"),
    ("discount-rate-above-20", [*RUN, "--runs", "1", "--discount-rate", "20.5"],
     "--discount-rate"),
    ("discount-rate-text", [*RUN, "--runs", "1", "--discount-rate", "four"], "--discount-rate"),
    ("discount-rate-nan", [*RUN, "--runs", "1", "--discount-rate", "nan"], "--discount-rate"),
    ("discount-rate-inf", [*RUN, "--runs", "1", "--discount-rate", "inf"], "--discount-rate"),
    ("discount-rate-compare", ["compare", "x.toml", "y.toml", "--runs", "1",
                               "--discount-rate", "25"], "--discount-rate"),
    ("discount-rate-sweep", ["sweep", "nosweep.toml", "--discount-rate", "-0.5"],
     "--discount-rate"),
    ("discount-rate-report", ["report", "norun", "--discount-rate", "4%"], "--discount-rate"),
    ("unknown-command", ["simulate"], "simulate"),
    ("calc-persons-nan", ["calc", "--persona", "johs", "--persons", "nan"], "--persons"),
    ("calc-persons-inf", ["calc", "--persona", "johs", "--persons", "inf"], "--persons"),
    ("calc-persons-negative", ["calc", "--persona", "johs", "--persons", "-1"], "--persons"),
    ("calc-persons-text", ["calc", "--persona", "johs", "--persons", "many"], "--persons"),
    ("calc-divisor-zero", ["calc", "--persona", "johs", "--divisor-years", "0"],
     "--divisor-years"),
    ("calc-divisor-nan", ["calc", "--persona", "johs", "--divisor-years", "nan"],
     "--divisor-years"),
    ("calc-divisor-minus-inf", ["calc", "--persona", "johs", "--divisor-years", "-inf"],
     "--divisor-years"),
    ("calc-persona-unknown", ["calc", "--persona", "nobody"], "nobody"),
    ("calc-nothing", ["calc"], "calc"),
    ("calc-two-things", ["calc", "--persona", "johs", "--zone", "z.toml"], "calc"),
    ("calc-municipality-unknown", ["calc", "--persona", "johs", "--municipality", "atlantis"],
     "atlantis"),
    ("calc-municipality-missing-folder", ["calc", "--persona", "johs", "--municipality",
                                          "./nowhere"], "nowhere"),
    ("calc-municipality-file", ["calc", "--persona", "johs", "--municipality", "./x.toml"],
     "x.toml"),
    ("calc-municipality-newline", ["calc", "--persona", "johs", "--municipality",
                                   "faerder\n"], "faerder"),
    ("calc-municipality-empty", ["calc", "--persona", "johs", "--municipality", "./"],
     "trinn.csv"),
    ("calc-zone-missing", ["calc", "--zone", "nozone.toml"], "nozone.toml"),
    ("calc-package-missing", ["calc", "nopackage.toml"], "nopackage.toml"),
    ("sweep-missing", ["sweep", "nosweep.toml"], "nosweep.toml"),
    ("sweep-folder", ["sweep", "."], "."),
    ("report-missing", ["report", "norun"], "norun"),
    ("report-not-a-run", ["report", "."], "run.json"),
    ("report-format", ["report", "norun", "--format", "docx"], "docx"),
    # names the system refuses to look at: one line, not an OSError
    ("run-name-too-long", ["run", "a" * 5000 + ".toml", "--runs", "1"], "aaaa"),
    ("run-path-too-long", ["run", "./" + "a/" * 3000 + "x.toml", "--runs", "1"], "a/a/"),
    ("run-nul-in-path", ["run", "./x\x00.toml", "--runs", "1"], "x"),
    ("sweep-name-too-long", ["sweep", "b" * 5000], "bbbb"),
    ("report-name-too-long", ["report", "c" * 5000], "cccc"),
    ("calc-municipality-too-long", ["calc", "--persona", "johs", "--municipality",
                                    "./" + "d" * 5000], "dddd"),
    ("calc-package-too-long", ["calc", "e" * 5000 + ".toml"], "eeee"),
]


@pytest.mark.parametrize(("args", "expected"), [pytest.param(a, e, id=i) for i, a, e in CASES])
def test_bad_argument(case: Callable[..., str], tmp_path: Path, args: list[str],
                      expected: str) -> None:
    for name in ("x", "y"):
        (tmp_path / f"{name}.toml").write_text(SHORT.replace('"short"', f'"{name}"'),
                                               encoding="utf-8")
    case(args, expected)
