"""The run directory module: what counts as trappa's, what may be removed, the lock."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from results.rundir import (
    RunDirError,
    atomic_write,
    check_path_text,
    check_removable,
    fsync_tree,
    is_trappa_run,
    recover_swap,
    swap_into_place,
)
from results.runlock import RunLock, lock_path


def _finished_run(root: Path) -> Path:
    """A run directory as trappa leaves it: tables, summary, plots, report, manifest."""
    for name in ("yearly", "population", "demography", "events"):
        (root / name).mkdir(parents=True)
        (root / name / "part-00000.parquet").write_bytes(b"PAR1")
    (root / "manifest.json").write_text(json.dumps({"trappa_run": True}))
    (root / "run.json").write_text(json.dumps({"trappa_run": True, "seed": 1}))
    (root / "summary.parquet").write_bytes(b"PAR1")
    (root / "plots").mkdir()
    (root / "plots" / "cost.png").write_bytes(b"png")
    (root / "report" / "png-nb").mkdir(parents=True)
    (root / "report" / "report-nb.pdf").write_bytes(b"%PDF")
    (root / "report" / "report-nb.xlsx").write_bytes(b"PK")
    (root / "report" / "png-nb" / "cost.png").write_bytes(b"png")
    (root / ".summary.parquet.tmp-0a1b2c3d").write_bytes(b"half")  # a crash's leftover
    return root


def test_a_finished_run_may_be_replaced(tmp_path):
    run = _finished_run(tmp_path / "run")
    assert is_trappa_run(run)
    check_removable(run)  # raises if not


@pytest.mark.parametrize("stray", ["notes.txt", "report/notes.txt", "plots/cost.pdf",
                                   "yearly/mine.csv", "done"])
def test_anything_trappa_does_not_write_blocks_removal(tmp_path, stray):
    run = _finished_run(tmp_path / "run")
    (run / stray).parent.mkdir(parents=True, exist_ok=True)
    (run / stray).write_text("the user's")
    with pytest.raises(RunDirError, match="which trappa did not write"):
        check_removable(run)


def test_a_link_blocks_removal(tmp_path):
    run = _finished_run(tmp_path / "run")
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", run / "plots" / "more")
    with pytest.raises(RunDirError, match="plots/more"):
        check_removable(run)


@pytest.mark.parametrize("manifest", [{"trappa_run": "yes"}, {"format": "other/1"}, [1, 2],
                                      "not json"])
def test_only_trappa_s_marker_counts(tmp_path, manifest):
    folder = tmp_path / "folder"
    folder.mkdir()
    text = manifest if isinstance(manifest, str) else json.dumps(manifest)
    (folder / "manifest.json").write_text(text)
    assert not is_trappa_run(folder)
    with pytest.raises(RunDirError, match="not a trappa run directory"):
        check_removable(folder)


def test_a_manifest_of_an_older_run_is_recognised(tmp_path):
    folder = tmp_path / "old"
    folder.mkdir()
    (folder / "manifest.json").write_text(json.dumps({"format": "trappa-run/1"}))
    assert is_trappa_run(folder)


@pytest.mark.parametrize("text", ["", " ", "\t", "a\x00b", "a\nb", "a\rb", "a\x7fb"])
def test_paths_that_cannot_hold_a_run(text):
    with pytest.raises(RunDirError):
        check_path_text(text)


def test_glob_characters_are_plain_characters(tmp_path):
    assert check_path_text("x**b[1]?") == Path("x**b[1]?")
    # a crash between the two renames of a finished run: put back, names taken literally
    out = tmp_path / "x**b[1]"
    aside = tmp_path / ".x**b[1].old-12345678"
    aside.mkdir()
    (aside / "manifest.json").write_text("{}")
    (tmp_path / ".xyb1.old-12345678").mkdir()  # would match as a pattern; is not it
    recover_swap(out)
    assert (out / "manifest.json").is_file()
    assert (tmp_path / ".xyb1.old-12345678").is_dir()


def test_atomic_write_leaves_no_half_file(tmp_path):
    target = tmp_path / "a.json"
    target.write_text("old")

    def broken(path: Path) -> None:
        path.write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        atomic_write(target, broken)
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]
    atomic_write(target, lambda p: p.write_text("new"))
    assert target.read_text() == "new"


def test_the_lock_is_exclusive_re_entrant_here_and_removed_at_the_end(tmp_path):
    out = tmp_path / "run"
    with RunLock(out):
        info = json.loads(lock_path(out).read_text())
        assert info["pid"] == os.getpid()
        with RunLock(out):  # the command and the runner in one process
            assert lock_path(out).is_file()
        assert lock_path(out).is_file()  # still held by the outer one
    assert not lock_path(out).exists()
    assert not out.exists()  # the lock sits beside the directory, and wrote nothing in it
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_replaced_run_goes_to_discard_when_one_is_given(tmp_path):
    """The old directory is renamed aside and handed over, not deleted; the new one is in
    place; without ``discard`` the old one is deleted at once."""
    out = _finished_run(tmp_path / "run")
    new = tmp_path / ".run.tmp-1"
    new.mkdir()
    (new / "run.json").write_text(json.dumps({"trappa_run": True, "seed": 2}))
    handed: list[Path] = []
    swap_into_place(new, out, handed.append)
    assert json.loads((out / "run.json").read_text())["seed"] == 2
    assert len(handed) == 1
    assert handed[0].parent == tmp_path
    assert handed[0].name.startswith(".run.old-")
    assert json.loads((handed[0] / "run.json").read_text())["seed"] == 1
    again = tmp_path / ".run.tmp-2"
    again.mkdir()
    swap_into_place(again, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["run", handed[0].name])


def test_fsync_tree_flushes_every_file_then_every_folder(tmp_path, monkeypatch):
    """Flushed side by side by threads, yet every file and folder once, the files before
    the folders holding their entries, and no thread left running afterwards."""
    import threading

    import results.rundir as rundir

    root = tmp_path / "run"
    (root / "yearly").mkdir(parents=True)
    (root / "report" / "png-nb").mkdir(parents=True)
    files = [root / "run.json", root / "yearly" / "part.parquet",
             *(root / "report" / "png-nb" / f"{i}.png" for i in range(20))]
    for f in files:
        f.write_bytes(b"x")
    flushed: list[str] = []
    guard = threading.Lock()
    real = os.fsync

    def recorded(fd: int) -> None:
        with guard:
            flushed.append(os.readlink(f"/proc/self/fd/{fd}"))
        real(fd)

    monkeypatch.setattr(rundir.os, "fsync", recorded)
    # threads alive before (earlier tests' in the full suite: a process backend's pool
    # owner lives as long as the process) are not this function's
    before = set(threading.enumerate())
    fsync_tree(root)
    folders = [root, root / "yearly", root / "report", root / "report" / "png-nb"]
    assert sorted(flushed[:len(files)]) == sorted(str(f) for f in files)
    assert sorted(flushed[len(files):]) == sorted(str(d) for d in folders)
    assert set(threading.enumerate()) <= before  # every flushing thread ended


def test_fsync_tree_raises_a_failed_flush(tmp_path, monkeypatch):
    import results.rundir as rundir

    (tmp_path / "a").write_bytes(b"x")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(rundir.os, "fsync", full)
    with pytest.raises(OSError, match="No space"):
        fsync_tree(tmp_path)


def test_remove_tree_removes_the_folder_and_never_what_its_links_point_to(tmp_path):
    from results.rundir import remove_tree

    outside = tmp_path / "outside"
    (outside / "keep").mkdir(parents=True)
    (outside / "keep.txt").write_text("keep")
    old = tmp_path / ".run.old-1234"
    for table in ("yearly", "population"):
        (old / table).mkdir(parents=True)
        for i in range(30):
            (old / table / f"part-{i:05d}.parquet").write_bytes(b"x")
    (old / "manifest.json").write_text("{}")
    (old / "file-link").symlink_to(outside / "keep.txt")
    (old / "folder-link").symlink_to(outside / "keep", target_is_directory=True)
    remove_tree(old)
    assert not old.exists()
    assert not old.is_symlink()
    assert (outside / "keep.txt").read_text() == "keep"
    assert (outside / "keep").is_dir()
    remove_tree(old)  # gone already: nothing to do, no error


@pytest.mark.parametrize("flush", [True, False])
def test_atomic_write_flushes_unless_its_folder_is_flushed_as_a_whole(tmp_path, monkeypatch,
                                                                      flush):
    import results.rundir as rundir

    flushed: list[str] = []
    real = os.fsync

    def recorded(fd: int) -> None:
        flushed.append(os.readlink(f"/proc/self/fd/{fd}"))
        real(fd)

    monkeypatch.setattr(rundir.os, "fsync", recorded)
    atomic_write(tmp_path / "a.txt", lambda p: p.write_text("a"), flush=flush)
    assert (tmp_path / "a.txt").read_text() == "a"
    assert list(tmp_path.iterdir()) == [tmp_path / "a.txt"]
    # the file under its temporary name, then the folder that holds the rename
    assert len(flushed) == (2 if flush else 0)
    if flush:
        assert flushed[1] == str(tmp_path)
