"""No orphans: after ``kill -9`` of a run's main process, none of its processes is left.

A real ``trappa run`` runs in a session of its own; once its workers are computing (a
part is on disk), only the main process is killed, and every process of the session
(pool workers, the resource tracker, Ray's processes) must be gone within a few seconds.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.runners.conftest import REPO, cli_env, session_pids, write_scenario

#: Seconds the processes of a killed run may take to notice and end.
GRACE = 10.0


def _kill_main(args: list[str], out: Path) -> tuple[set[int], set[int]]:
    """Start ``trappa ARGS``, SIGKILL its main process once a part is written; return the
    session's processes just before the kill and those still alive after `GRACE`."""
    proc = subprocess.Popen([sys.executable, "-m", "runners", *args], cwd=REPO, env=cli_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while not list((out / "done").glob("part-*.json")):
            if proc.poll() is not None or time.monotonic() > deadline:
                err = proc.stderr.read() if proc.stderr and proc.poll() is not None else ""
                raise AssertionError(f"no part before the run ended: {err[-2000:]}")
            time.sleep(0.05)
        before = session_pids(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)  # the main process only, not its group
        proc.wait()
        end = time.monotonic() + GRACE
        while session_pids(proc.pid) and time.monotonic() < end:
            time.sleep(0.1)
        return before, session_pids(proc.pid)
    finally:
        for pid in session_pids(proc.pid):  # never leave anything behind for the next test
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> str:
    return str(write_scenario(tmp_path_factory.mktemp("orphans"), "normal"))


def _args(scenario: str, out: Path, backend: str) -> list[str]:
    # long enough (24 replications) to be killed in the middle
    return ["run", scenario, "--runs", "24", "--out", str(out), "--no-plots", "--backend",
            backend, "--workers", "2"]


def test_process_workers_end_with_a_killed_main_process(scenario, tmp_path):
    out = tmp_path / "run"
    before, left = _kill_main(_args(scenario, out, "process"), out)
    assert len(before) >= 3, before  # the main process and two workers at least
    assert not left, f"left running after {GRACE:g} s: {left}"


def test_ray_processes_end_with_a_killed_main_process(scenario, tmp_path):
    pytest.importorskip("ray")
    out = tmp_path / "run"
    before, left = _kill_main(_args(scenario, out, "ray"), out)
    assert len(before) >= 4, before  # the main process, Ray's own and its workers
    assert not left, f"left running after {GRACE:g} s: {left}"
