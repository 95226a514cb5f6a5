"""The program's own command line ends without the interpreter's tear-down
(`runners.cli.leave`): its status, its output and its exit handlers as a normal exit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_PROGRAM = """
import atexit, sys, threading
from pathlib import Path
from runners.cli import leave
atexit.register(lambda: Path(sys.argv[1]).write_text("handlers ran"))
print("printed, not yet flushed", end="")
if sys.argv[2] == "thread":
    # a non-daemon thread still running: the normal exit, which waits for it
    threading.Thread(target=lambda: __import__("time").sleep(0.3)).start()
leave(3)
print(" - after leave")
sys.exit(4)
"""


def _run(tmp_path: Path, mode: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", _PROGRAM, str(tmp_path / "mark"), mode],
                          capture_output=True, text=True, cwd=ROOT, check=False,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def test_leave_ends_with_the_status_the_output_and_the_exit_handlers(tmp_path: Path) -> None:
    done = _run(tmp_path, "alone")
    assert done.returncode == 3
    assert done.stdout == "printed, not yet flushed"
    assert (tmp_path / "mark").read_text() == "handlers ran"


def test_leave_leaves_the_exit_to_python_while_another_thread_runs(tmp_path: Path) -> None:
    done = _run(tmp_path, "thread")
    assert done.returncode == 4
    assert done.stdout == "printed, not yet flushed - after leave\n"
    assert (tmp_path / "mark").read_text() == "handlers ran"
