"""Ctrl-C during a fit leaves the previous fitted file byte for byte as it was, writes nothing
else, and keeps the best trial so far on the exception (the command prints it).

In process: a `Replicate` that raises KeyboardInterrupt on its third call, as a Ctrl-C in the
middle of the fit does. As a user: SIGINT to ``trappa calibrate`` once its progress shows the
first trial's loss, on the process backend.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from calibration.fit import FitInterrupted
from calibration.fitted import fitted_path
from calibration.simulate import Progress, serial
from calibration.workflow import calibrate, prepare
from scenarios import Scenario
from sim.derive import EngineInputs
from sim.engine import Summary
from tests.conftest import REPO


class _CtrlCOnCall:
    """Replicates serially; the ``n``-th call is interrupted half way."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.calls = 0

    def __call__(self, inputs: EngineInputs, scenario: Scenario, replications: int,
                 seed: int, summary: Summary, on_done: Progress | None = None
                 ) -> list[NDArray[np.float64]]:
        self.calls += 1
        if self.calls == self.n:
            serial(inputs, scenario, 1, seed, summary, on_done)
            raise KeyboardInterrupt
        return serial(inputs, scenario, replications, seed, summary, on_done)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_ctrl_c_keeps_the_previous_file_and_the_best_trial(tmp_path: Path):
    out = tmp_path / "faerder.toml"
    shutil.copy(fitted_path("faerder"), out)
    before = _snapshot(tmp_path)
    with pytest.raises(FitInterrupted) as stop:
        calibrate(prepare("faerder"), out, runs=4, seed=11, horizon_runs=1,
                  replicate=_CtrlCOnCall(3))
    assert _snapshot(tmp_path) == before  # no half-written file, no temporary left behind
    best = stop.value
    assert best.evaluations == 2  # the two trials that finished
    assert best.x is not None
    assert len(best.x) == len(best.names) == 9
    assert best.replications == 4  # over all the fit's replications
    assert best.loss is not None
    assert best.loss > 0


def test_ctrl_c_before_any_trial_has_nothing_to_keep(tmp_path: Path):
    with pytest.raises(FitInterrupted) as stop:
        calibrate(prepare("faerder"), tmp_path / "new.toml", runs=4, seed=11, horizon_runs=1,
                  replicate=_CtrlCOnCall(1))
    assert stop.value.x is None
    assert list(tmp_path.iterdir()) == []


class _CtrlCInTheOtherStrategies:
    """Replicates serially; Ctrl-C at the first strategy other than the status quo (the
    full-horizon runs' second set, while the report's target chart is drawn)."""

    def __call__(self, inputs: EngineInputs, scenario: Scenario, replications: int,
                 seed: int, summary: Summary, on_done: Progress | None = None
                 ) -> list[NDArray[np.float64]]:
        if scenario.name != "normal":
            raise KeyboardInterrupt
        return serial(inputs, scenario, replications, seed, summary, on_done)


def test_ctrl_c_while_the_chart_is_drawn_keeps_the_previous_file(tmp_path: Path):
    out = tmp_path / "faerder.toml"
    shutil.copy(fitted_path("faerder"), out)
    before = _snapshot(tmp_path)
    with pytest.raises(FitInterrupted) as stop:
        calibrate(prepare("faerder"), out, runs=4, seed=11, horizon_runs=1,
                  replicate=_CtrlCInTheOtherStrategies())
    assert _snapshot(tmp_path) == before  # no fitted file, no report folder
    assert stop.value.x is not None  # the fit had finished


@pytest.mark.slow
def test_sigint_to_the_command_leaves_the_fitted_file_untouched(tmp_path: Path):
    out = tmp_path / "faerder.toml"
    shutil.copy(fitted_path("faerder"), out)
    before = _snapshot(tmp_path)
    # rich draws its progress into the pipe as on a terminal: the first trial's loss shows
    # when the fit is under way (it then has some twenty trials to go)
    env = {**os.environ, "TTY_INTERACTIVE": "1", "TTY_COMPATIBLE": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "runners", "calibrate", "--out", str(out),
                             "--workers", "2", "--cold", "--lang", "en"], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    seen: list[str] = []
    started = threading.Event()

    def read() -> None:
        assert proc.stderr is not None
        for chunk in iter(lambda: proc.stderr.read(256), ""):  # type: ignore[union-attr]
            seen.append(chunk)
            if "best over all replications" in "".join(seen[-2:]):
                started.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    assert started.wait(timeout=600), "".join(seen)[-2000:]
    proc.send_signal(signal.SIGINT)
    stdout = proc.stdout.read() if proc.stdout else ""
    proc.wait(timeout=120)
    reader.join(timeout=30)
    stderr = " ".join("".join(seen).split())
    assert proc.returncode == 130, stderr[-2000:]
    assert f"the fitted file {out} is untouched" in stderr
    assert "best fit so far: loss" in stderr
    assert stdout == ""
    assert _snapshot(tmp_path) == before
