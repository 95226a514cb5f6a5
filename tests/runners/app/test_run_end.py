"""The end of a run in the app: the streamed folder its finished run replaced is deleted after
the result is shown (and nothing but such folders of its own cache)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from runners.app import engine


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("TRAPPA_APP_CACHE", str(folder))
    return folder


def _run(path: Path, marker: bool = True, finished: bool = True) -> Path:
    (path / "yearly").mkdir(parents=True)
    (path / "yearly" / "part-00000000-00000000.parquet").write_bytes(b"PAR1")
    (path / "manifest.json").write_text(json.dumps({"trappa_run": marker}))
    if finished:
        (path / "run.json").write_text(json.dumps({"trappa_run": marker}))
    return path


def _join_discards() -> None:
    for thread in threading.enumerate():
        if thread.name == "trappa-app-discard":
            thread.join(10)


def test_a_replaced_streamed_folder_is_deleted_later(cache: Path, tmp_path: Path) -> None:
    old = _run(cache / "runs" / ".abc.old-12345678", finished=False)
    foreign = _run(cache / "runs" / ".def.old-12345678", marker=False)
    outside = _run(tmp_path / "elsewhere" / ".abc.old-12345678")
    visible = _run(cache / "runs" / "abc")
    for path in (old, foreign, outside, visible):
        engine.discard_later(path, delay=0)
    _join_discards()
    assert not old.exists()
    # not trappa's, outside the cache, not a replaced folder: left alone
    assert foreign.is_dir()
    assert outside.is_dir()
    assert visible.is_dir()


def test_the_deletion_waits_for_the_result_to_be_shown(cache: Path) -> None:
    old = _run(cache / "runs" / ".abc.old-12345678")
    engine.discard_later(old, delay=0.5)
    assert old.is_dir()
    _join_discards()
    assert not old.exists()


def test_leftovers_of_an_earlier_app(cache: Path) -> None:
    """Deleted at start where the finished run is in place; kept where it is not (a crash
    between the two renames: `results.rundir.recover_swap` puts it back)."""
    _run(cache / "runs" / "abc")
    done = _run(cache / "runs" / ".abc.old-12345678")
    pending = _run(cache / "reference" / ".def.old-12345678")
    foreign = _run(cache / "runs" / ".abc.old-87654321", marker=False)
    engine.discard_leftovers()
    assert not done.exists()
    assert pending.is_dir()
    assert foreign.is_dir()
