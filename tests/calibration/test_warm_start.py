"""A second calibration of the same data starts from the first fit and ends no higher.

Small fits (4 one-year replications, no report runs) of Færder into a file of their own. The
warm start's first trial over all replications is the previous fit itself (same seed, same
replications), and the fit keeps its best trial, so its loss cannot be higher. Changed data
(another trinn.csv) or ``warm=False`` start from the parameter file's values.
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

from calibration.targets import targets_path
from calibration.workflow import calibrate, prepare
from models.municipality import DATA_DIR


def _meta(path: Path) -> dict[str, object]:
    return tomllib.loads(path.read_text(encoding="utf-8"))["meta"]


def _fit(where: str, out: Path, warm: bool = True) -> None:
    calibrate(prepare(where), out, runs=4, seed=11, horizon_runs=0, write_report_files=False,
              warm=warm)


def test_a_second_fit_of_the_same_data_starts_warm_and_ends_no_higher(tmp_path: Path):
    out = tmp_path / "f.toml"
    _fit("faerder", out)
    first = _meta(out)
    assert first["start"] == "prior (the parameter file's start values)"
    _fit("faerder", out)
    second = _meta(out)
    assert second["start"] == "warm"
    assert second["loss"] <= first["loss"]
    assert second["evaluations"] < first["evaluations"]
    _fit("faerder", out, warm=False)
    assert _meta(out)["start"] == "prior (the parameter file's start values)"


def test_changed_data_start_cold(tmp_path: Path):
    folder = tmp_path / "kommune"
    shutil.copytree(DATA_DIR / "faerder", folder)
    shutil.copy(targets_path("faerder"), folder / "targets.toml")
    out = folder / "fitted.toml"
    _fit(str(folder), out)
    trinn = folder / "trinn.csv"
    trinn.write_text(trinn.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _fit(str(folder), out)
    assert _meta(out)["start"] == "prior (the parameter file's start values)"
