"""A missing or malformed fitted calibration: `trappa run` refuses it in one line naming the
fitted file and the key, before the run starts; `--uncalibrated` runs on the priors and
records why in run.json."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import calibration.fitted as fitted_module
from calibration.parameters import load_space
from models.municipality import load_municipality
from tests.bad_input.conftest import SHORT, invoke

SHIPPED_FITTED = fitted_module.FITTED_DIR / "faerder.toml"


@pytest.fixture
def fitted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped fitted file that the run reads instead."""
    folder = tmp_path / "fitted"
    folder.mkdir()
    shutil.copy(SHIPPED_FITTED, folder / "faerder.toml")
    monkeypatch.setattr(fitted_module, "FITTED_DIR", folder)
    (tmp_path / "x.toml").write_text(SHORT, encoding="utf-8")
    return folder / "faerder.toml"


def _set(key: str, literal: str) -> Callable[[Path], object]:
    def edit(path: Path) -> None:
        text = path.read_text(encoding="utf-8")
        new, n = re.subn(rf"^{re.escape(key)} = .*$", lambda _: f"{key} = {literal}", text,
                         count=1, flags=re.M)
        assert n == 1, key
        path.write_text(new, encoding="utf-8")
    return edit


def _append(text: str) -> Callable[[Path], object]:
    def edit(path: Path) -> None:
        with path.open("a", encoding="utf-8") as fh:
            fh.write(text)
    return edit


def _insert_after(header: str, line: str) -> Callable[[Path], object]:
    def edit(path: Path) -> None:
        text = path.read_text(encoding="utf-8")
        assert f"\n{header}\n" in text
        path.write_text(text.replace(f"\n{header}\n", f"\n{header}\n{line}\n", 1),
                        encoding="utf-8")
    return edit


def _bounds() -> tuple[float, float]:
    space = load_space(load_municipality("faerder"))
    p = next(p for p in space.free if p.name == "entry_scale:frail_elderly:*")
    return p.prior_min, p.prior_max


LOW, HIGH = _bounds()
CELL = '"entry_scale:frail_elderly:4"'   # = scale *:4 x scale frail_elderly:* in [0.25, 4]
FREE = '"entry_scale:frail_elderly:*"'

def _to_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


CASES = [
    ("missing", lambda p: p.unlink(), "faerder.toml", "--uncalibrated"),
    ("empty", lambda p: p.write_text("", encoding="utf-8"), "faerder.toml", "parameters"),
    ("value-nan", _set(CELL, "nan"), CELL.strip('"'), "finite"),
    ("value-inf", _set(CELL, "inf"), CELL.strip('"'), "finite"),
    ("value-negative", _set(CELL, "-5.0"), CELL.strip('"'), "bounds"),
    ("value-zero", _set(CELL, "0.0"), CELL.strip('"'), "bounds"),
    ("value-above-bounds", _set(CELL, "100.0"), CELL.strip('"'), "bounds"),
    ("value-string", _set(CELL, '"1.0"'), CELL.strip('"'), "number"),
    ("value-bool", _set(CELL, "true"), CELL.strip('"'), "number"),
    ("free-below-bounds", _set(FREE, str(LOW / 2)), FREE.strip('"'), "bounds"),
    ("free-above-bounds", _set(FREE, str(HIGH * 2)), FREE.strip('"'), "bounds"),
    ("free-nan", _set(FREE, "nan"), FREE.strip('"'), "finite"),
    ("free-unknown", _insert_after("[free]", '"entry_scale:dragons:*" = 1.0'),
     "free.entry_scale:dragons:*", "unknown parameter"),
    ("table-unknown", _append("\n[parameters2]\n"), "parameters2", "unknown table"),
    ("parameter-unknown", _append('"mortality_levl" = 1.0\n'), "parameters.mortality_levl",
     "unknown parameter"),
    ("cell-unknown", _append('"entry_scale:dragons:4" = 1.0\n'),
     "parameters.entry_scale:dragons:4", "unknown parameter"),
    ("named-parameter-out-of-range", _append('"position_size" = 2.0\n'),
     "parameters.position_size", "(0, 1]"),
    ("named-parameter-nan", _append('"mortality_level" = nan\n'), "parameters.mortality_level",
     "finite"),
    ("parameters-not-a-table", lambda p: p.write_text("parameters = 3\n", encoding="utf-8"),
     "parameters", "table"),
    ("no-parameters", lambda p: p.write_text("[meta]\nx = 1\n", encoding="utf-8"),
     "parameters", "no fitted"),
    ("nul-in-meta", _set("method", '"a\\u0000b"'), "meta.method", "control"),
    ("toml-syntax", _append("[parameters\n"), "faerder.toml", "invalid TOML"),
    ("latin-1", lambda p: p.write_bytes(p.read_bytes() + '# Færder\n'.encode("latin-1")),
     "faerder.toml", "not UTF-8"),
    ("binary", lambda p: p.write_bytes(bytes(range(256))), "faerder.toml", "not UTF-8"),
    ("folder", lambda p: _to_folder(p), "faerder.toml", "no fitted calibration"),
    ("deep-nesting", _append("x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n"),
     "faerder.toml", "nested"),
]
# a free value above its bound moves a product past its bound too; either key is named
FREE_KEYS = {"free-below-bounds", "free-above-bounds"}


@pytest.mark.parametrize(("edit", "key", "problem"),
                         [pytest.param(e, k, x, id=i) for i, e, k, x in CASES])
def test_bad_fitted_file(case: Callable[..., str], fitted: Path,
                         edit: Callable[[Path], object], key: str, problem: str) -> None:
    edit(fitted)
    case(["run", "x.toml", "--runs", "1", "--out", "out"], "faerder.toml", key, problem)


@pytest.mark.slow
def test_uncalibrated_runs_on_the_priors_and_says_so(
        fitted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    _set(CELL, "nan")(fitted)
    result = invoke(["run", "x.toml", "--runs", "1", "--out", "out", "--uncalibrated",
                     "--no-plots"], capsys)
    assert result.code == 0, result.err
    meta = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert meta["calibration_file"] is None
    assert meta["calibration_hash"] is None
    assert "--uncalibrated" in meta["calibration_warning"]
    assert "entry_scale:frail_elderly:4" in meta["calibration_warning"]
    assert meta["manifest"]["calibration_overrides"] == {}
    assert meta["municipality_folder"] == str(
        (Path(fitted_module.__file__).parents[1] / "models" / "data" / "faerder").resolve())
    assert "uncalibrated" in result.err  # the warning is shown too
