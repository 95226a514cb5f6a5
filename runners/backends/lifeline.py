"""No orphans: processes a run starts end when the run's main process dies, however it dies.

A ``kill -9`` of the main process runs no ``finally`` and no ``atexit``, so nothing in the
main process can stop its workers then; the workers (and, for Ray, a watchdog) must notice
by themselves:

* `die_with_parent` (a pool worker's first act): on Linux the kernel sends the worker
  SIGKILL when its parent dies (``prctl(PR_SET_PDEATHSIG)``; a parent that died before the
  ``prctl`` is caught by comparing ``os.getppid()`` right after it); where ``prctl`` is
  missing or fails, a daemon thread polls ``os.getppid()`` and ends the worker once the
  parent is gone. Only there: a process with no other Python thread can fork safely, and
  the report's process forks its charts' and workbook's jobs (`results.report_jobs`),
  which halves its wait on two cores.
* `start_watchdog` (the Ray backend, after starting a local Ray instance): a small process
  of its own that waits for the main process to die, then kills the Ray processes the run
  started (gcs_server, raylet, workers, ...), and exits; on a normal end the main process
  stops Ray itself and tells the watchdog to go.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path

#: The folder holding the ``runners`` package, for the watchdog's ``import``.
_ROOT = Path(__file__).resolve().parents[2]

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
#: How often a worker's thread looks for its parent (seconds): an orphan lives at most this
#: long where the kernel cannot end it.
POLL_SECONDS = 0.5


def _set_parent_death_signal() -> bool:
    """Ask the kernel to SIGKILL this process when its parent dies; whether it took."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(POLL_SECONDS)
    os._exit(1)  # the parent is gone: nothing this process computes can be delivered


def die_with_parent(parent: int) -> None:
    """Make this process end when process ``parent`` (its parent) dies.

    Parameters
    ----------
    parent
        The parent's pid, as the parent saw it (a child cannot tell whether its parent
        died before this call otherwise).
    """
    signalled = _set_parent_death_signal()
    if os.getppid() != parent:  # died already, before the prctl could take effect
        os._exit(1)
    if signalled:
        return
    threading.Thread(target=_watch, args=(parent,), name="trappa-lifeline",
                     daemon=True).start()


def _processes() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, start time in clock ticks) of every process (Linux /proc)."""
    out: dict[int, tuple[int, int]] = {}
    if not os.path.isdir("/proc"):
        return out
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                out[int(entry)] = (int(fields[1]), int(fields[19]))
            except (OSError, IndexError, ValueError):
                continue
    return out


def descendants(pids: Iterable[int]) -> dict[int, int]:
    """Return ``pids`` and every living process below them, each with its start time (a
    pid the system reuses later has another)."""
    table = _processes()
    children: dict[int, set[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, set()).add(pid)
    out: dict[int, int] = {}
    todo = [p for p in pids if p in table]
    while todo:
        pid = todo.pop()
        if pid not in out:
            out[pid] = table[pid][1]
            todo.extend(children.get(pid, ()))
    return out


def children_of(pid: int) -> set[int]:
    """Return the living processes below ``pid`` (not ``pid`` itself)."""
    return set(descendants([pid])) - {pid}


def refresh(known: dict[int, int]) -> None:
    """Add to ``known`` (pid -> start time) every process now below one of them that is
    still running as itself."""
    table = _processes()
    alive = [pid for pid, started in known.items()
             if pid in table and table[pid][1] == started]
    for pid, started in descendants(alive).items():
        known.setdefault(pid, started)


def kill_known(known: dict[int, int]) -> None:
    """SIGKILL every process of ``known`` (pid -> start time) still running as itself."""
    now = _processes()
    for pid, started in known.items():
        if pid in now and now[pid][1] == started:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)


# The watchdog keeps a list of every process below the ones it guards, refreshed while the
# main process lives: once the main process is gone, Ray's processes may die in any order
# and their children be re-parented to init, out of reach of a search by parent then.
_WATCHDOG = """
import os, select, sys
from runners.backends.lifeline import POLL_SECONDS, descendants, kill_known, refresh
parent, roots = int(sys.argv[1]), [int(p) for p in sys.argv[2:]]
os.setpgrp()  # out of the run's process group: a Ctrl-C there is not for the watchdog
known = descendants(roots)
while os.getppid() == parent:
    ready, _, _ = select.select([sys.stdin], [], [], POLL_SECONDS)
    if ready:
        # "q": the main process stopped Ray itself; the pipe closing without it: the main
        # process died (its files close before its children learn it is gone)
        if sys.stdin.read(1) == "q":
            sys.exit(0)
        break
    refresh(known)
refresh(known)
kill_known(known)
"""


class Watchdog:
    """A process that kills ``pids`` (and everything below them) if this process dies.

    Closed with `stop` on a normal end: the caller has stopped the processes itself.
    """

    def __init__(self, pids: Iterable[int]) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            p for p in (str(_ROOT), os.environ.get("PYTHONPATH", "")) if p)}
        self._proc = subprocess.Popen(
            [sys.executable, "-c", _WATCHDOG, str(os.getpid()), *map(str, sorted(pids))],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=env)

    def stop(self) -> None:
        """Tell the watchdog the processes are stopped, and wait for it to go."""
        if self._proc.stdin is not None:
            with contextlib.suppress(OSError):
                self._proc.stdin.write(b"q")
                self._proc.stdin.close()
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()


def start_watchdog(pids: Iterable[int]) -> Watchdog:
    """Start a `Watchdog` over ``pids``."""
    return Watchdog(pids)
