"""Users' files are sacred: ``--overwrite`` deletes only a trappa run, unsafe ``--out`` paths
are refused before anything is touched, and one run at a time writes a run directory."""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from models.municipality import DATA_DIR
from results.rundir import RunDirError, check_run_location
from results.runlock import RunLock, lock_path
from tests.runners.conftest import REPO, assert_same_run, cli_env, run_main, write_scenario


def _tree(root: Path) -> dict[str, bytes | None]:
    """Every path under ``root`` with its bytes (None for a folder)."""
    return {p.relative_to(root).as_posix(): None if p.is_dir() else p.read_bytes()
            for p in sorted(root.rglob("*"))}


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> str:
    return str(write_scenario(tmp_path_factory.mktemp("scenario"), "normal"))


def _run(scenario: str, out: str, *extra: str) -> tuple[int, str]:
    return run_main("run", scenario, "--runs", "1", "--seed", "3", "--out", out,
                    "--no-plots", "--backend", "serial", "--overwrite", *extra)


def _refused(status: int, err: str, *words: str) -> None:
    assert status == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    for w in words:
        assert w in lines[0], err


def test_the_current_directory_is_refused(scenario, tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    (home / "letter.docx").write_text("dear council")
    monkeypatch.chdir(home)
    before = _tree(tmp_path)
    for out in (".", str(home), "./"):
        _refused(*_run(scenario, out), "current directory")
    assert _tree(tmp_path) == before


def test_a_parent_of_the_current_directory_is_refused(scenario, tmp_path, monkeypatch):
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    (tmp_path / "a" / "budget.xlsx").write_text("numbers")
    monkeypatch.chdir(deep)
    before = _tree(tmp_path)
    for out in ("..", str(tmp_path / "a"), "../.."):
        _refused(*_run(scenario, out), "parent")
    assert _tree(tmp_path) == before


def test_the_repository_is_refused(scenario, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # not the current directory: refused as the repository
    before = sorted(p.name for p in REPO.iterdir())
    _refused(*_run(scenario, str(REPO)), "repository")
    # its parent too: as a parent of the repository or, where the clone sits beside the
    # test's temporary folders (e.g. in /tmp), as a parent of the current directory
    status, err = _run(scenario, str(REPO.parent))
    _refused(status, err)
    assert "repository" in err or "parent" in err, err
    assert sorted(p.name for p in REPO.iterdir()) == before


def test_a_municipality_folder_is_refused(scenario, faerder_copy):
    before = _tree(faerder_copy)
    _refused(*_run(scenario, str(faerder_copy)), "municipality", "trinn.csv")
    assert _tree(faerder_copy) == before
    # the shipped one too (checked without a run: nothing could be deleted by a bug here)
    with pytest.raises(RunDirError, match="municipality"):
        check_run_location(DATA_DIR / "faerder")


def test_a_user_folder_with_a_document_is_refused(scenario, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "minutes.docx").write_text("meeting")
    before = _tree(tmp_path)
    _refused(*_run(scenario, str(mine)), "not a trappa run directory")
    assert _tree(tmp_path) == before


def test_a_users_file_inside_a_trappa_run_is_kept(scenario, tmp_path):
    out = tmp_path / "run"
    assert _run(scenario, str(out))[0] == 0
    (out / "my-notes.txt").write_text("keep me")
    before = _tree(tmp_path)
    _refused(*_run(scenario, str(out)), "my-notes.txt", "did not write")
    assert _tree(tmp_path) == before


def test_a_folder_posing_as_a_run_with_a_foreign_manifest_is_refused(scenario, tmp_path):
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "manifest.json").write_text(json.dumps({"format": "npm"}))
    before = _tree(tmp_path)
    _refused(*_run(scenario, str(fake)), "not a trappa run directory")
    assert _tree(tmp_path) == before


@pytest.mark.parametrize(("out", "words"), [
    ("", "empty path"), ("   ", "empty path"), ("runs/a\x00b", "U+0000"),
    ("runs/t\n", "U+000A"), ("runs/\x1b[31m", "U+001B"),
])
def test_empty_and_control_character_paths_are_refused(scenario, tmp_path, monkeypatch, out,
                                                       words):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "keep.txt").write_text("x")
    before = _tree(tmp_path)
    for command in (("run", scenario), ("compare", scenario), ("sweep", "s.toml")):
        status, err = run_main(*command, "--out", out, "--overwrite")
        _refused(status, err, "--out", words)
    assert _tree(tmp_path) == before


def test_glob_characters_are_literal_names(scenario, tmp_path):
    (tmp_path / "xyzb").mkdir()
    (tmp_path / "xyzb" / "other.txt").write_text("not a match of x**b")
    out = tmp_path / "x**b"
    for _ in range(2):  # a new run, then --overwrite of it
        status, err = _run(scenario, str(out))
        assert status == 0, err
    assert json.loads((out / "run.json").read_text())["trappa_run"] is True
    assert (tmp_path / "xyzb" / "other.txt").read_text() == "not a match of x**b"


def _start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "runners", *args], cwd=REPO, env=cli_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def test_two_runs_into_one_directory_the_second_is_refused(scenario, tmp_path):
    alone = tmp_path / "alone"
    args = ["run", scenario, "--runs", "2", "--seed", "3", "--no-plots", "--backend", "serial"]
    assert run_main(*args, "--out", str(alone))[0] == 0
    out = tmp_path / "shared"
    procs = [_start(*args, "--out", str(out)) for _ in range(2)]
    lock = lock_path(out)
    holder = None
    try:
        # hold the winner still once it has the lock, so the other surely meets it
        deadline = time.monotonic() + 120
        while holder is None and time.monotonic() < deadline:
            try:
                holder = int(json.loads(lock.read_text())["pid"])
            except (OSError, ValueError, KeyError):
                time.sleep(0.01)
        assert holder in {p.pid for p in procs}
        os.kill(holder, signal.SIGSTOP)
        loser = next(p for p in procs if p.pid != holder)
        _, err = loser.communicate(timeout=120)
        os.kill(holder, signal.SIGCONT)
        winner = next(p for p in procs if p.pid == holder)
        _, werr = winner.communicate(timeout=300)
    finally:
        for p in procs:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGKILL)
    _refused(loser.returncode, err, "in use by another trappa run", f"pid {holder} ")
    assert winner.returncode == 0, werr[-2000:]
    assert_same_run(alone, out)
    assert not lock.exists()  # released at the end


def test_a_second_run_started_later_is_refused_while_the_first_holds_the_lock(tmp_path):
    # the lock alone (no run): a process takes it and waits; a run into the directory is
    # refused while it lives
    out = tmp_path / "busy"
    code = ("import sys, time; from pathlib import Path; from results.runlock import RunLock; "
            f"RunLock(Path({str(out)!r})).acquire(); print('locked', flush=True); "
            "time.sleep(60)")
    holder = subprocess.Popen([sys.executable, "-c", code], cwd=REPO, stdout=subprocess.PIPE,
                              text=True, start_new_session=True)
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        status, err = run_main("run", "normal", "--runs", "1", "--out", str(out),
                               "--backend", "serial")
        _refused(status, err, "in use by another trappa run", f"pid {holder.pid} ")
        status, err = run_main("run", "normal", "--runs", "1", "--out", str(out),
                               "--backend", "serial", "--resume")
        _refused(status, err, "in use by another trappa run")  # resume takes the lock too
        assert not out.exists()
    finally:
        os.killpg(holder.pid, signal.SIGKILL)
        holder.wait()
    # killed: its lock file is left behind and the next run takes it over, saying so
    assert lock_path(out).is_file()
    lock = RunLock(out)
    err_text = io.StringIO()
    with contextlib.redirect_stderr(err_text):
        lock.acquire()
    try:
        said = err_text.getvalue()
        assert f"taking over the stale lock {lock_path(out)}" in said
        assert f"pid {holder.pid}," in said
        assert json.loads(lock_path(out).read_text())["pid"] == os.getpid()
    finally:
        lock.release()
    assert not lock_path(out).exists()
    assert not out.exists()
