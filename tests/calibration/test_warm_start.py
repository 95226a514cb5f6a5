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


def _edit_meta(path: Path, **values: str) -> None:
    """Set [meta] keys of a fitted file to the given TOML values."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for key, value in values.items():
        at = [i for i, line in enumerate(lines) if line.startswith(f"{key} = ")]
        assert len(at) == 1, key
        lines[at[0]] = f"{key} = {value}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _free(path: Path) -> dict[str, float]:
    return tomllib.loads(path.read_text(encoding="utf-8"))["free"]


def test_a_converged_previous_fit_that_reproduces_is_verified_in_one_evaluation(
        tmp_path: Path):
    out = tmp_path / "f.toml"
    _fit("faerder", out)
    first, free = _meta(out), _free(out)
    # what is tested is the decision: a converged previous fit (as a full fit usually is;
    # this 4-replication one may have stopped on its evaluation budget)
    _edit_meta(out, converged="true", least_squares_status="2")
    _fit("faerder", out)
    second = _meta(out)
    assert second["evaluations"] == 1
    assert second["jacobian_replications"] == 0
    assert second["start"] == "warm"
    assert second["converged"] is True
    assert second["loss"] == first["loss"]
    assert _free(out) == free


def test_a_previous_fit_that_does_not_reproduce_is_polished(tmp_path: Path):
    out = tmp_path / "f.toml"
    _fit("faerder", out)
    first = _meta(out)
    assert isinstance(first["loss"], float)
    # another loss than the start gives again (as after a change of the engine or targets)
    _edit_meta(out, converged="true", least_squares_status="2", loss=repr(first["loss"] * 2))
    _fit("faerder", out)
    second = _meta(out)
    assert second["start"] == "warm"
    assert second["evaluations"] > 1  # the Jacobian and the polish
    assert second["loss"] <= first["loss"]
    # a converged fit of another seed is no verification either
    _edit_meta(out, converged="true", least_squares_status="2", seed="12")
    _fit("faerder", out)
    assert _meta(out)["evaluations"] > 1
