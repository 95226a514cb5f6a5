"""Malformed sweep files: `trappa sweep FILE` refuses each in one line naming the file and the
key, before any draw is made or folder created."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.bad_input.conftest import SHORT

OK = 'name = "s"\nscenarios = ["x.toml"]\nruns = 1\nseed = 1\n'
DIST = '[parameters.mortality_level]\ndist = "normal"\nmean = 1.0\nsd = 0.05\n'


def _without(key: str) -> str:
    return "".join(line + "\n" for line in OK.splitlines() if not line.startswith(key))


# (id, sweep file text, expected in the line besides the file name)
CASES = [
    ("draws-huge", OK + "draws = 1000000000000\n" + DIST, "key 'draws'"),
    ("runs-huge", _without("runs") + "runs = 1000000000000\n", "key 'runs'"),
    ("max-runs-huge", _without("runs") + 'runs = "auto"\nprecision = 1.0\n'
     "max_runs = 1000000000000\n", "key 'max_runs'"),
    ("runs-zero", _without("runs") + "runs = 0\n", "key 'runs'"),
    ("runs-float", _without("runs") + "runs = 1.5\n", "key 'runs'"),
    ("runs-text", _without("runs") + 'runs = "many"\n', "key 'runs'"),
    ("runs-nan", _without("runs") + "runs = nan\n", "runs"),
    ("precision-without-auto", OK + "precision = 1.0\n", "key 'precision'"),
    ("auto-without-precision", _without("runs") + 'runs = "auto"\n', "key 'precision'"),
    ("precision-negative", _without("runs") + 'runs = "auto"\nprecision = -1.0\n',
     "key 'precision'"),
    ("precision-inf", _without("runs") + 'runs = "auto"\nprecision = inf\n', "precision"),
    ("max-runs-one", _without("runs") + 'runs = "auto"\nprecision = 1.0\nmax_runs = 1\n',
     "key 'max_runs'"),
    ("draws-zero", OK + "draws = 0\n", "key 'draws'"),
    ("draws-without-parameters", OK + "draws = 2\n", "key 'draws'"),
    ("seed-negative", _without("seed") + "seed = -1\n", "key 'seed'"),
    ("seed-nan", _without("seed") + "seed = nan\n", "seed"),
    ("name-newline", _without("name") + 'name = "s\\n"\n', "key 'name'"),
    ("name-slash", _without("name") + 'name = "a/b"\n', "key 'name'"),
    ("name-nul", _without("name") + 'name = "s\\u0000"\n', "name"),
    ("unknown-key", OK + "colour = 1\n", "key 'colour'"),
    ("scenarios-missing", _without("scenarios"), "key 'scenarios'"),
    ("scenarios-empty", _without("scenarios") + "scenarios = []\n", "key 'scenarios'"),
    ("scenarios-string", _without("scenarios") + 'scenarios = "x.toml"\n', "key 'scenarios'"),
    ("scenario-number", _without("scenarios") + "scenarios = [3]\n", "key 'scenarios[1]'"),
    ("scenario-empty-name", _without("scenarios") + 'scenarios = [""]\n', "scenarios[1]"),
    ("scenario-unknown-name", _without("scenarios") + 'scenarios = ["normall"]\n',
     "scenarios[1]"),
    ("scenario-newline-name", _without("scenarios") + 'scenarios = ["normal\\n"]\n',
     "scenarios[1]"),
    ("scenario-missing-file", _without("scenarios") + 'scenarios = ["nosuch.toml"]\n',
     "scenarios[1]"),
    ("scenario-absolute", _without("scenarios") + 'scenarios = ["/etc/hostname"]\n',
     "outside"),
    ("scenario-absolute-toml", _without("scenarios") + 'scenarios = ["/etc/x.toml"]\n',
     "scenarios[1]"),
    ("scenario-dotdot", _without("scenarios") + 'scenarios = ["../x.toml"]\n', "outside"),
    ("scenario-dotdot-deep", _without("scenarios")
     + 'scenarios = ["sub/../../../../etc/passwd"]\n', "outside"),
    ("scenario-second-bad", _without("scenarios") + 'scenarios = ["x.toml", "../y.toml"]\n',
     "scenarios[2]"),
    ("parameters-not-table", OK + "parameters = 3\n", "key 'parameters'"),
    ("parameter-unknown", OK + '[parameters.mortality_levl]\ndist = "normal"\nmean = 1.0\n'
     "sd = 0.1\n", "parameters.mortality_levl"),
    ("parameter-unknown-cell", OK + '[parameters."entry_scale:dragons:4"]\ndist = "normal"\n'
     "mean = 1.0\nsd = 0.1\n", "parameters.entry_scale:dragons:4"),
    ("dist-unknown", OK + '[parameters.mortality_level]\ndist = "cauchy"\n',
     "parameters.mortality_level.dist"),
    ("dist-missing", OK + "[parameters.mortality_level]\nmean = 1.0\n",
     "parameters.mortality_level.dist"),
    ("sd-zero", OK + DIST.replace("sd = 0.05", "sd = 0.0"), "parameters.mortality_level.sd"),
    ("sd-nan", OK + DIST.replace("sd = 0.05", "sd = nan"), "parameters.mortality_level.sd"),
    ("mean-inf", OK + DIST.replace("mean = 1.0", "mean = inf"),
     "parameters.mortality_level.mean"),
    ("mean-string", OK + DIST.replace("mean = 1.0", 'mean = "1"'),
     "parameters.mortality_level.mean"),
    ("argument-unknown", OK + DIST + "scale = 2.0\n", "parameters.mortality_level.scale"),
    ("bounds-crossed", OK + DIST + "lower = 1.1\nupper = 0.9\n",
     "parameters.mortality_level.upper"),
    ("bounds-no-mass", OK + DIST + "lower = 5.0\nupper = 6.0\n",
     "parameters.mortality_level.lower"),
    ("mode-outside", OK + '[parameters.mortality_level]\ndist = "triangular"\nlower = 0.9\n'
     "mode = 1.5\nupper = 1.1\n", "parameters.mortality_level.mode"),
    ("lognormal-negative-lower", OK + '[parameters.mortality_level]\ndist = "lognormal"\n'
     "median = 1.0\nsigma = 0.1\nlower = -1.0\n", "parameters.mortality_level.lower"),
    ("price-index-drawn-negative", OK + "draws = 40\n[parameters.price_index_2024_per_2023]\n"
     'dist = "normal"\nmean = 0.0\nsd = 1.0\n', "parameters.price_index_2024_per_2023"),
    ("hours-per-fte-drawn-zero-or-less", OK + "draws = 40\n[parameters.hours_per_fte]\n"
     'dist = "uniform"\nlower = -10.0\nupper = 10.0\n', "parameters.hours_per_fte"),
    ("position-size-drawn-above-one", OK + "draws = 40\n[parameters.position_size]\n"
     'dist = "uniform"\nlower = 0.5\nupper = 1.5\n', "parameters.position_size"),
    ("entry-scale-drawn-negative", OK + 'draws = 40\n[parameters."entry_scale:frail_elderly:4"]'
     '\ndist = "normal"\nmean = 0.0\nsd = 1.0\n', "parameters.entry_scale:frail_elderly:4"),
    ("toml-syntax", OK + "[parameters\n", "invalid TOML"),
    ("deep-nesting", OK + "x = " + "[" * 3000 + "]" * 3000 + "\n", "nested"),
]


@pytest.mark.parametrize(("text", "expected"), [pytest.param(t, e, id=i)
                                                for i, t, e in CASES])
def test_bad_sweep_file(case: Callable[..., str], tmp_path: Path, text: str,
                        expected: str) -> None:
    (tmp_path / "x.toml").write_text(SHORT.replace('"short"', '"x"'), encoding="utf-8")
    (tmp_path.parent / "y.toml").write_text(SHORT.replace('"short"', '"y"'), encoding="utf-8")
    (tmp_path / "sweep.toml").write_text(text, encoding="utf-8")
    case(["sweep", "sweep.toml", "--out", "out"], "sweep.toml", expected)


@pytest.mark.parametrize("content", [
    pytest.param(OK.encode() + 'name = "Færder"\n'.encode("latin-1"), id="latin-1"),
    pytest.param(b"\xff\xfe" + OK.encode("utf-16-le"), id="utf-16"),
    pytest.param(bytes(range(256)), id="binary"),
])
def test_undecodable_sweep_file(case: Callable[..., str], tmp_path: Path,
                                content: bytes) -> None:
    (tmp_path / "sweep.toml").write_bytes(content)
    case(["sweep", "sweep.toml"], "sweep.toml", "not UTF-8")


def test_a_scenario_of_the_sweep_with_a_base_outside(case: Callable[..., str],
                                                    tmp_path: Path) -> None:
    (tmp_path.parent / "outside.toml").write_text(SHORT, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.toml").write_text('base = "../../outside.toml"\nname = "x"\n',
                                             encoding="utf-8")
    (tmp_path / "sweep.toml").write_text(OK.replace("x.toml", "sub/x.toml"), encoding="utf-8")
    case(["sweep", "sweep.toml"], "x.toml", "key 'base'", "outside")


def test_a_scenario_of_the_sweep_with_an_unknown_municipality(case: Callable[..., str],
                                                             tmp_path: Path) -> None:
    (tmp_path / "x.toml").write_text(SHORT + 'municipality = "atlantis"\n', encoding="utf-8")
    (tmp_path / "sweep.toml").write_text(OK, encoding="utf-8")
    case(["sweep", "sweep.toml"], "x.toml", "key 'municipality'", "atlantis")


def test_a_scenario_of_the_sweep_may_climb_back_inside(tmp_path: Path) -> None:
    # the rule is "inside the sweep file's folder", not "inside the scenario's own folder"
    from runners.sweep_file import load_sweep

    (tmp_path / "common.toml").write_text(SHORT, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.toml").write_text('base = "../common.toml"\nname = "x"\n',
                                             encoding="utf-8")
    (tmp_path / "sweep.toml").write_text(OK.replace("x.toml", "sub/x.toml"), encoding="utf-8")
    plan = load_sweep(tmp_path / "sweep.toml")
    assert [s.name for s in plan.scenarios] == ["x"]
    assert plan.scenarios[0].end_year == 2026
