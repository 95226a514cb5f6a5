"""The shared inputs' folder a killed driver leaves behind (issue 27 item 5): the next run
removes it when it is provably one (name pattern, this host, its driver gone, nothing but
``shared.pickle`` inside), and touches nothing else in the temporary directory."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from runners.backends.shared_file import (
    FILE_NAME,
    PREFIX,
    START_CACHE,
    SharedFile,
    host_token,
    remove_leftovers,
    start_time,
)
from tests.runners.conftest import REPO

pytestmark = pytest.mark.skipif(host_token() is None, reason="needs /proc (Linux)")


def _dead_pid() -> int:
    """The pid of a process that has ended (and been reaped)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _folder(directory: Path, name: str, files: dict[str, bytes] | None = None) -> Path:
    folder = directory / name
    folder.mkdir()
    for file, data in (files or {FILE_NAME: b"pickled inputs"}).items():
        (folder / file).write_bytes(data)
    return folder


def test_a_killed_drivers_folder_is_removed_by_the_next_run(tmp_path):
    # a driver that wrote its shared inputs and was killed with SIGKILL (no clean-up ran)
    script = textwrap.dedent(f"""
        import os, signal, sys
        from pathlib import Path
        from runners.backends.shared_file import SharedFile
        f = SharedFile({{"inputs": bytes(360_000)}}, Path({str(tmp_path)!r}))
        print(f.folder, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    proc = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True,
                          text=True, check=False, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert proc.returncode == -signal.SIGKILL
    left = Path(proc.stdout.strip())
    assert left.parent == tmp_path
    assert (left / FILE_NAME).stat().st_size > 360_000
    # a user's own folder that merely looks alike, and a file of the same prefix
    mine = _folder(tmp_path, f"{PREFIX}notes", {"todo.txt": b"keep"})
    (tmp_path / f"{PREFIX}readme").write_text("keep")
    # the next run's backend
    current = SharedFile({"inputs": b"new"}, tmp_path)
    try:
        assert not left.exists()
        assert (mine / "todo.txt").read_bytes() == b"keep"
        assert (tmp_path / f"{PREFIX}readme").read_text() == "keep"
        assert current.path.is_file()
    finally:
        current.remove()
    assert not current.folder.exists()


def test_only_provably_abandoned_folders_are_removed(tmp_path):
    host, dead = host_token(), _dead_pid()
    me, parent = os.getpid(), os.getppid()
    assert host is not None
    gone = _folder(tmp_path, f"{PREFIX}{host}-{dead}-123-abc_1")
    # a pid the system gave to another process since: its start time differs
    reused = _folder(tmp_path, f"{PREFIX}{host}-{parent}-{(start_time(parent) or 0) + 1}-x")
    kept = {
        "running driver (this process)": _folder(
            tmp_path, f"{PREFIX}{host}-{me}-{start_time(me)}-abc"),
        "running driver (its parent)": _folder(
            tmp_path, f"{PREFIX}{host}-{parent}-{start_time(parent)}-abc"),
        "another host or pid namespace": _folder(tmp_path, f"{PREFIX}0123456789ab-{dead}-1-x"),
        "a file besides the inputs": _folder(
            tmp_path, f"{PREFIX}{host}-{dead}-124-abc",
            {FILE_NAME: b"p", "notes.txt": b"a user's"}),
        "another file name": _folder(tmp_path, f"{PREFIX}{host}-{dead}-125-abc",
                                     {"data.pickle": b"p"}),
        "not the pattern": _folder(tmp_path, f"{PREFIX}{host}-{dead}-abc"),
    }
    target = _folder(tmp_path, "elsewhere")
    link = tmp_path / f"{PREFIX}{host}-{dead}-126-abc"
    link.symlink_to(target, target_is_directory=True)
    removed = remove_leftovers(tmp_path)
    assert sorted(removed) == sorted([gone, reused])
    assert not gone.exists()
    assert not reused.exists()
    for why, folder in kept.items():
        assert folder.is_dir(), why
        assert all(f.read_bytes() for f in folder.iterdir()), why
    assert link.is_symlink()
    assert (target / FILE_NAME).read_bytes() == b"pickled inputs"


def test_a_folder_with_its_workers_start_state_memo_is_removed_and_nothing_else(tmp_path):
    # a calibration's workers share their start-state memo in the folder (sim.startcache)
    host, dead = host_token(), _dead_pid()
    memo = {f"{'a' * 64}.npy": b"array", f"{'b' * 64}.npy.123.part": b"half an array"}

    def with_memo(name: str, files: dict[str, bytes]) -> Path:
        folder = _folder(tmp_path, f"{PREFIX}{host}-{dead}-{name}-abc")
        (folder / START_CACHE).mkdir()
        for file, data in files.items():
            (folder / START_CACHE / file).write_bytes(data)
        return folder

    gone = with_memo("130", memo)
    empty = with_memo("131", {})
    users = with_memo("132", {**memo, "notes.txt": b"a user's"})
    other_name = with_memo("133", {"a.npy": b"array"})
    as_file = _folder(tmp_path, f"{PREFIX}{host}-{dead}-134-abc",
                      {FILE_NAME: b"p", START_CACHE: b"a file of that name"})
    target = _folder(tmp_path, "elsewhere", memo)
    linked = _folder(tmp_path, f"{PREFIX}{host}-{dead}-135-abc")
    (linked / START_CACHE).symlink_to(target, target_is_directory=True)
    assert sorted(remove_leftovers(tmp_path)) == sorted([gone, empty])
    assert not gone.exists()
    assert not empty.exists()
    # a folder with anything else in it stays whole, the memo's own files included
    assert sorted(f.name for f in (users / START_CACHE).iterdir()) == sorted(
        [*memo, "notes.txt"])
    assert [f.name for f in (other_name / START_CACHE).iterdir()] == ["a.npy"]
    assert (users / FILE_NAME).is_file()
    assert (other_name / FILE_NAME).is_file()
    assert (as_file / START_CACHE).read_bytes() == b"a file of that name"
    assert (linked / START_CACHE).is_symlink()
    assert sorted(f.name for f in target.iterdir()) == sorted(memo)


def test_a_folder_is_named_after_its_driver(tmp_path):
    f = SharedFile({"x": 1}, tmp_path)
    try:
        assert f.folder.name.startswith(
            f"{PREFIX}{host_token()}-{os.getpid()}-{start_time(os.getpid())}-")
        # its own driver still runs: not a leftover
        assert remove_leftovers(tmp_path) == []
        assert f.path.is_file()
    finally:
        f.remove()
