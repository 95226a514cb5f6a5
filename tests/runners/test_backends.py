"""Every backend, through its own entry point, writes the serial backend's tables exactly."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time

import pytest

from results.store import read_run
from runners.backends import open_backend
from runners.run import prepare
from runners.schedule import batch_size, batches, contiguous, run_tasks
from runners.stream import StreamDir
from runners.sweep_file import load_sweep
from tests.runners.conftest import REPO, assert_same_run, cli_env, run_plan, session_pids


def _children() -> set[int]:
    """PIDs of this process's children (Linux /proc), to check nothing is left running.

    multiprocessing's resource tracker is left out: it serves the whole test process
    (started with the first spawned worker) and is no backend's to stop.
    """
    me = str(os.getpid())
    out = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                parent = fh.read().rsplit(")", 1)[1].split()[1]
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                cmd = fh.read()
        except OSError:
            continue
        if parent == me and b"resource_tracker" not in cmd:
            out.add(int(entry))
    return out


def _stop_session(sid: int, grace: float = 15.0) -> set[int]:
    """Wait for a finished driver's session to empty; end what is left; return it."""
    deadline = time.monotonic() + grace
    while session_pids(sid) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = session_pids(sid)
    for pid in left:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return left


def test_batches_are_runs_of_consecutive_tasks():
    assert contiguous([0, 1, 2, 5, 6, 9], 2) == [[0, 1], [2], [5, 6], [9]]
    assert batch_size(16, 2) == 2
    assert batch_size(1000, 2) == 8
    assert batch_size(3, 8) == 1
    # guided: big batches first, single tasks at the end; every index exactly once
    plan = batches(list(range(40)), 2)
    assert [len(b) for b in plan] == [5, 5, 4, 4, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1]
    assert [i for b in plan for i in b] == list(range(40))
    assert batches([0, 1, 2, 7, 8], 1) == [[0, 1], [2], [7], [8]]


def test_process_backend_two_workers_matches_serial(reference, tmp_path):
    sweep, serial = reference
    before = _children()
    out = run_plan(load_sweep(sweep), tmp_path / "process", backend="process", workers=2)
    assert out.meta["backend"] == "process"
    assert out.meta["workers"] == 2
    assert_same_run(serial, tmp_path / "process")
    assert _children() <= before  # the pool's workers are gone


def test_ray_backend_two_workers_matches_serial(reference, tmp_path):
    pytest.importorskip("ray")
    sweep, serial = reference
    out = tmp_path / "ray"
    # in a process of its own: Ray reads its settings (auth mode) once per process, and
    # everything the local instance starts stays in that process's session
    proc = subprocess.Popen([sys.executable, "-m", "runners", "sweep", str(sweep), "--backend",
                             "ray", "--workers", "2", "--out", str(out), "--no-plots"],
                            cwd=REPO, env=cli_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        _, err = proc.communicate(timeout=300)
    finally:
        left = _stop_session(proc.pid)
    assert proc.returncode == 0, err[-3000:]
    assert not left, f"Ray left processes running: {left}"
    meta = read_run(out).meta
    assert meta["backend"] == "ray"
    assert meta["workers"] == 2
    assert_same_run(serial, out)


def test_batch_size_does_not_change_the_tables(reference, tmp_path):
    sweep, serial = reference
    run_plan(load_sweep(sweep), tmp_path / "one", batch=1)
    assert_same_run(serial, tmp_path / "one")


def test_scheduler_streams_every_task_once(reference, tmp_path):
    plan = load_sweep(reference[0])
    shared, _ = prepare(plan.scenarios, plan.seed, plan.draws)
    stream = StreamDir.create(tmp_path / "s", plan.manifest())
    done: list[int] = []
    with open_backend("serial", shared) as backend:
        failures = run_tasks(backend, plan, [0, 1, 2, 5], stream, size=2, on_done=done.append)
    assert failures == []
    assert sum(done) == 4
    assert sorted(stream.done_tasks()) == [0, 1, 2, 5]
    assert sorted(stream.done()) == ["part-00000000-00000001", "part-00000002-00000002",
                                     "part-00000005-00000005"]
    events = stream.read("events")
    # task 5 = (replication 1 x 2 draws + draw 0) x 2 scenarios + scenario 1
    assert list(events["replication"]) == [0, 0, 0, 1]
    assert events["scenario"].iloc[3] == "proactive"


def test_read_run_reads_a_sweep(reference):
    run = read_run(reference[1])
    assert run.meta["draws"] == 2
    assert run.meta["tasks"] == 8
    assert sorted(run.yearly["draw"].unique()) == [0, 1]
    # summaries pool (draw, replication) pairs: 2 draws x 2 replications = 4 samples
    assert set(run.summary["n"]) == {4}
