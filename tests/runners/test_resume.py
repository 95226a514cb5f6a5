"""Resume: after a kill, a Ctrl-C or a failed task, only what is missing runs, and the
final tables equal those of an uninterrupted run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from results.labels import label
from results.runlock import lock_path
from runners import replicate
from runners.errors import SweepError, TasksFailedError
from runners.stream import StreamDir
from runners.sweep_file import load_sweep
from tests.runners.conftest import (
    REPO,
    assert_same_run,
    cli,
    cli_env,
    run_main,
    run_plan,
    write_sweep,
)


def _start(*args: str) -> subprocess.Popen[str]:
    # a session of its own: the kill reaches the CLI and its worker processes, nothing else
    return subprocess.Popen([sys.executable, "-m", "runners", *args], cwd=REPO, env=cli_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def _wait_for_parts(out: Path, proc: subprocess.Popen[str], n: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        done = out / "done"
        if done.is_dir() and len(list(done.glob("part-*.json"))) >= n:
            return
        time.sleep(0.02)
    proc.kill()
    raise AssertionError(f"no {n} parts before the run ended: {proc.communicate()[1][-2000:]}")


@pytest.fixture(scope="module")
def longer(tmp_path_factory) -> tuple[Path, Path]:
    """A sweep long enough to interrupt (24 tasks), and its uninterrupted serial run."""
    folder = tmp_path_factory.mktemp("longer")
    sweep = write_sweep(folder, runs=6, draws=2, name="longer")
    run_plan(load_sweep(sweep), folder / "whole")
    return sweep, folder / "whole"


def test_resume_after_a_killed_process(longer, tmp_path):
    sweep, whole = longer
    out = tmp_path / "killed"
    proc = _start("sweep", str(sweep), "--out", str(out), "--no-plots", "--backend", "process",
                  "--workers", "2")
    _wait_for_parts(out, proc, 2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()
    assert not (out / "run.json").exists()  # it really was cut short
    done_before = StreamDir(out).done_tasks()
    assert 0 < len(done_before) < 24
    # the killed run's lock is stale: the resume takes it over, says so, no manual step
    lock = lock_path(out)
    assert lock.is_file()
    r = cli("sweep", str(sweep), "--out", str(out), "--no-plots", "--resume", "--backend",
            "process", "--workers", "2")
    assert r.returncode == 0, r.stderr[-3000:]
    assert f"taking over the stale lock {lock}" in r.stderr
    assert f"pid {proc.pid}," in r.stderr
    assert not lock.exists()  # released at the end
    assert_same_run(whole, out)
    meta = json.loads((out / "run.json").read_text())
    assert meta["resumed"] is True
    assert meta["manifest"]["name"] == "longer"


@pytest.mark.slow
def test_resume_after_ctrl_c(longer, tmp_path):
    sweep, whole = longer
    out = tmp_path / "interrupted"
    proc = _start("sweep", str(sweep), "--out", str(out), "--no-plots", "--backend", "serial")
    _wait_for_parts(out, proc, 2)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "--resume" in err
    assert not (out / "run.json").exists()
    r = cli("sweep", str(sweep), "--out", str(out), "--no-plots", "--resume", "--backend",
            "serial")
    assert r.returncode == 0, r.stderr[-3000:]
    assert_same_run(whole, out)


def test_a_failing_task_is_retried_then_reported_and_resume_completes(reference, tmp_path,
                                                                       monkeypatch):
    sweep, serial = reference
    plan = load_sweep(sweep)
    real = replicate.run_one
    calls: list[tuple[int, int, int]] = []

    def flaky(task, shared):
        calls.append((task.scenario, task.draw, task.replication))
        if (task.scenario, task.draw, task.replication) == (1, 0, 1):
            raise ValueError("boom")
        return real(task, shared)

    monkeypatch.setattr(replicate, "run_one", flaky)
    out = tmp_path / "failed"
    with pytest.raises(TasksFailedError) as err:
        run_plan(plan, out)
    (failure,) = err.value.failures
    assert (failure.scenario, failure.draw, failure.replication) == ("proactive", 0, 1)
    assert failure.attempts == 3
    assert "ValueError: boom" in failure.error
    assert calls.count((1, 0, 1)) == 3  # the first try and two retries
    assert "proactive, draw 0, replication 1" in str(err.value)
    assert not (out / "run.json").exists()
    assert len(StreamDir(out).done_tasks()) == 7  # every other task is saved

    monkeypatch.setattr(replicate, "run_one", real)
    calls.clear()
    run_plan(plan, out, resume=True)
    assert_same_run(serial, out)


def test_a_task_that_fails_once_is_retried_and_nothing_is_lost(reference, tmp_path,
                                                                monkeypatch):
    sweep, serial = reference
    real = replicate.run_one
    failed: set[int] = set()

    def once(task, shared):
        if task.replication == 1 and task.draw not in failed:
            failed.add(task.draw)
            raise RuntimeError("transient")
        return real(task, shared)

    monkeypatch.setattr(replicate, "run_one", once)
    run_plan(load_sweep(sweep), tmp_path / "retried")
    assert failed == {0, 1}
    assert_same_run(serial, tmp_path / "retried")


def test_failed_tasks_exit_non_zero_naming_them(reference, tmp_path, monkeypatch):
    sweep, _ = reference
    real = replicate.run_one

    def broken(task, shared):
        if task.replication == 1 and task.scenario == 0:
            raise ZeroDivisionError("no")
        return real(task, shared)

    monkeypatch.setattr(replicate, "run_one", broken)
    out = tmp_path / "run"
    status, err = run_main("sweep", str(sweep), "--out", str(out), "--no-plots", "--backend",
                           "serial")  # serial: the replaced run_one lives in this process
    assert status == 1
    # the command's line in its language (bokmål by default), from the catalogue
    assert label("cli.tasks_failed", "nb", n="2", out=str(out)) in " ".join(err.split())
    assert "--resume" in err
    assert "scenario normal, draw 0, replication 1: ZeroDivisionError: no" in err
    assert "scenario normal, draw 1, replication 1: ZeroDivisionError: no" in err


def test_resuming_a_finished_run_changes_nothing(reference):
    sweep, serial = reference
    before = (serial / "run.json").read_text()
    status, err = run_main("sweep", str(sweep), "--out", str(serial), "--no-plots", "--resume")
    assert status == 0
    assert "already complete" in err
    assert (serial / "run.json").read_text() == before


def test_stray_parts_without_a_record_are_rerun(reference, tmp_path, monkeypatch):
    sweep, serial = reference
    plan = load_sweep(sweep)
    real = replicate.run_one
    index = {(t.scenario, t.draw, t.replication): i
             for i, t in enumerate(plan.task(i) for i in range(plan.n_tasks(2)))}

    def cut(task, shared):  # the run stops making progress after task 3
        if index[(task.scenario, task.draw, task.replication)] >= 4:
            raise RuntimeError("cut")
        return real(task, shared)

    monkeypatch.setattr(replicate, "run_one", cut)
    out = tmp_path / "stray"
    with pytest.raises(TasksFailedError):
        run_plan(plan, out, retries=0, batch=2)
    monkeypatch.setattr(replicate, "run_one", real)
    stream = StreamDir(out)
    assert stream.done_tasks() == {0, 1, 2, 3}
    # as if killed between a part's tables and its done/ record, and mid-write
    (out / "done" / "part-00000002-00000003.json").unlink()
    (out / "yearly" / ".part-00000004-00000005.parquet.tmp-1234").write_bytes(b"half")
    assert stream.done_tasks() == {0, 1}
    run_plan(plan, out, resume=True)
    assert_same_run(serial, out)


def test_resume_refuses_a_different_plan(reference, tmp_path):
    _sweep, serial = reference
    other = write_sweep(tmp_path, seed=12, name="other")
    with pytest.raises(SweepError) as err:
        run_plan(load_sweep(other), serial, resume=True)
    assert "key 'seed'" in str(err.value)
    assert "manifest.json" in str(err.value)


def test_resume_needs_a_started_run_and_a_new_run_an_empty_directory(reference, tmp_path):
    sweep, serial = reference
    with pytest.raises(SweepError, match="nothing to resume"):
        run_plan(load_sweep(sweep), tmp_path / "empty", resume=True)
    status, err = run_main("sweep", str(sweep), "--out", str(serial), "--no-plots")
    assert status == 2
    assert "--overwrite" in err
    assert len(err.strip().splitlines()) == 1


def _workers_of(pid: int) -> list[int]:
    """PIDs of a process's spawned pool workers (Linux /proc)."""
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    parent = int(fh.read().rsplit(")", 1)[1].split()[1])
                with open(f"/proc/{entry}/cmdline", "rb") as fh:
                    cmd = fh.read()
            except OSError:
                continue
            if parent == pid and b"spawn_main" in cmd:
                out.append(int(entry))
    return out


@pytest.mark.slow
def test_a_killed_worker_process_is_replaced_and_nothing_is_lost(longer, tmp_path):
    sweep, whole = longer
    out = tmp_path / "lost-worker"
    proc = _start("sweep", str(sweep), "--out", str(out), "--no-plots", "--backend", "process",
                  "--workers", "2")
    try:
        _wait_for_parts(out, proc, 1)
        workers = _workers_of(proc.pid)
        assert workers
        os.kill(workers[0], signal.SIGKILL)
        _, err = proc.communicate(timeout=240)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 0, err[-3000:]
    assert_same_run(whole, out)
