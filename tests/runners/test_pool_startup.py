"""A worker killed while the pool starts (issue 27 item 5): the run goes on or stops in one
line within 60 s, never hangs.

The driver used to pass its shared inputs (~360 kB) in each worker's start-up data, which
``spawn`` writes into the worker's pipe while still holding the pipe's reading end: a worker
killed before it had read them left that write, and the run, blocked for ever. After that,
a rarer hang: the executor started workers one per submit, so a worker killed while the next
one was starting raced the executor's thread breaking the pool; a worker added after that
thread had terminated the others was never stopped, and the thread joined it for ever (the
run wrote its tables, then hung at exit). Pools now start every worker before the
executor's thread, kill every worker when let go of, and the backend gives up batches the
executor does not hand back (`runners.backends.process`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from tests.runners.conftest import REPO, cli_env, write_scenario

DEADLINE = 60.0


def _spawned_workers(parent: int) -> list[int]:
    """Pids of the worker processes ``spawn`` started for ``parent`` (not its resource
    tracker): children whose command line runs ``spawn_main``."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            cmd = (entry / "cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            continue
        if ppid == parent and b"spawn_main" in cmd:
            out.append(int(entry.name))
    return out


def _kill_workers(parent: int, order: tuple[int, ...], killed: list[int],
                  stop: threading.Event) -> None:
    """SIGKILL the workers of ``parent`` whose rank (in order of appearance) is in ``order``,
    each as soon as it exists (while the driver may still be starting its pool)."""
    seen: list[int] = []
    while not stop.is_set() and len(killed) < len(order):
        for pid in sorted(_spawned_workers(parent)):
            if pid not in seen:
                seen.append(pid)
        for rank in order:
            if rank < len(seen) and seen[rank] not in killed:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(seen[rank], signal.SIGKILL)
                killed.append(seen[rank])
        time.sleep(0.001)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("order", [(0,), (1,), (1, 3)],
                         ids=["the-reports-process", "first-worker", "first-of-two-pools"])
def test_a_worker_killed_at_start_up_does_not_hang_the_run(tmp_path: Path,
                                                           order: tuple[int, ...]) -> None:
    # the command's first spawned process is the report's (runners.cli.report_process,
    # started with the command; killed, the driver writes the report itself); then
    # (1, 3): the first worker of the first pool, then the first of the pool replacing it
    scenario = write_scenario(tmp_path, "normal", "short")
    out = tmp_path / "run"
    proc = subprocess.Popen(
        [sys.executable, "-m", "runners", "run", str(scenario), "--runs", "4", "--backend",
         "process", "--workers", "2", "--out", str(out), "--no-plots"],
        cwd=REPO, env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True)
    killed: list[int] = []
    stop = threading.Event()
    killer = threading.Thread(target=_kill_workers, args=(proc.pid, order, killed, stop))
    killer.start()
    try:
        _, err = proc.communicate(timeout=DEADLINE)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"the run still hung {DEADLINE:.0f} s after a worker was killed at "
                    "start-up")
    finally:
        stop.set()
        killer.join()
    assert len(killed) == len(order), f"workers seen starting and killed: {killed}"
    assert "Traceback" not in err, err[-3000:]
    # the run went on: the lost batches were retried on a new pool, every replication is in
    assert proc.returncode == 0, err[-3000:]
    yearly = pd.read_parquet(out / "yearly")
    assert sorted(yearly["replication"].unique()) == [0, 1, 2, 3]
