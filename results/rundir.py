"""A run directory: its layout, its one atomic write, its marker, where it may be, its removal.

Every module that writes a run directory goes through here: `runners.stream` (the manifest
and the parts while a run streams, resume), `results.store` (the finished run: tables,
summary, run.json, plots) and `results.report` (``report/``). It lives in ``results``, the
lowest package all of them can import: the runners import results, and results must not
import the runners (the import graph flows one way).

Layout of ``RUN_DIR/``::

    manifest.json                        the plan, written before anything runs ("trappa_run")
    draws.parquet                        parameter values per draw (sweeps with parameters)
    <table>/part-*.parquet               yearly, population, demography, events
    done/part-<first>-<last>.json        while streaming: a range of tasks is complete
    summary.parquet                      statistics over replications
    comparison.parquet, comparison.json  the comparison (results.comparison)
    run.json                             the finished run's facts ("trappa_run": true)
    plots/*.png                          figures
    report/                              report-LANG.xlsx, report-LANG.pdf, png-LANG/*.png

and next to it, while a run (or a report) writes it, the lock ``.<RUN_DIR name>.trappa-lock``
(`results.runlock`).

A directory is trappa's when its ``manifest.json`` or ``run.json`` carries the marker
(``"trappa_run": true``, or the manifest format ``trappa-run/...`` of older runs).
``--overwrite`` deletes nothing else, and never a directory holding a file trappa does not
write there.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import uuid
from collections.abc import Callable, Iterator, Mapping
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from models.errors import TrappaError

MANIFEST = "manifest.json"
RUN_JSON = "run.json"
SUMMARY = "summary.parquet"
COMPARISON = "comparison.parquet"
COMPARISON_JSON = "comparison.json"
DRAWS = "draws.parquet"
DONE = "done"
PLOTS = "plots"
REPORT = "report"
TABLES: tuple[str, ...] = ("yearly", "population", "demography", "events")
#: The key in manifest.json and run.json that says trappa wrote the directory.
MARKER = "trappa_run"
#: run.json's key of the run-directory format, and today's format. Format 2 (this one) holds
#: comparison.parquet / comparison.json (results.comparison); a directory without the key is
#: format 1 (trappa 0.1.0) and is migrated once when read (results.store.read_run).
FORMAT_KEY = "format_version"
FORMAT_VERSION = 2
#: Manifests of runs written before the marker key carry this format prefix instead.
MANIFEST_FORMAT_PREFIX = "trappa-run/"
#: Files that mark a municipality's data folder: never a place for a run.
MUNICIPALITY_FILES = ("trinn.csv", "parameters.toml")

#: What trappa writes in a run directory: top-level name -> patterns of what it holds
#: (None for a file). Hidden temporary files (".<name>.tmp-<hex>") are trappa's too.
LAYOUT: dict[str, tuple[str, ...] | None] = {
    MANIFEST: None, RUN_JSON: None, SUMMARY: None, DRAWS: None, COMPARISON: None,
    COMPARISON_JSON: None,
    **dict.fromkeys(TABLES, ("part-*.parquet",)),
    DONE: ("part-*.json",),
    PLOTS: ("*.png",),
    REPORT: ("report-*.xlsx", "report-*.pdf", "png-*/", "png-*/*.png"),
}
_TEMPORARY = ".*.tmp-*"


class RunDirError(TrappaError):
    """A run directory cannot be written or read: names the file and the problem."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


# --- writing ------------------------------------------------------------------------------

def fsync_dir(path: Path) -> None:
    """Flush a directory's entries (a rename is durable only once its folder is flushed)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # directories cannot be opened on some platforms (Windows)
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


#: Flushes (`fsync_tree`) and unlinks (`remove_tree`) in flight at once. Each flush waits
#: for the file system's journal to commit, and flushes waiting together share one
#: commit: a run directory's ~35 files took 0.07-0.16 s one after another on ext4 (clean
#: files too), 0.01-0.02 s side by side, on the way to the finished run.
IO_THREADS = 8


def _fsync_file(path: Path) -> None:
    with path.open("rb") as fh:
        os.fsync(fh.fileno())


def fsync_tree(root: Path) -> None:
    """Flush every file and folder under ``root``, so that renaming it into place is the
    single moment its content appears (a power cut cannot leave empty files behind).

    The files first, then the folders (their entries), each group flushed side by side
    by a few threads (`IO_THREADS`), all ended before this returns (a process that
    forks afterwards has no other thread)."""
    from concurrent.futures import ThreadPoolExecutor

    entries = list(root.rglob("*"))
    files = [p for p in entries if p.is_file() and not p.is_symlink()]
    folders = [root, *(p for p in entries if p.is_dir())]
    with ThreadPoolExecutor(IO_THREADS, thread_name_prefix="trappa-fsync") as pool:
        for _ in pool.map(_fsync_file, files):  # the first error raises here
            pass
        for _ in pool.map(fsync_dir, folders):
            pass


def temporary_sibling(path: Path, kind: str = "tmp") -> Path:
    """Return a fresh hidden name next to ``path``: ``.<name>.<kind>-<hex>``."""
    return path.with_name(f".{path.name}.{kind}-{uuid.uuid4().hex[:8]}")


def atomic_write(path: Path, write: Callable[[Path], object], *, flush: bool = True) -> None:
    """Write ``path`` through a hidden temporary sibling, flushed, then renamed into place.

    The one way a file of a run directory is written: a reader, a resume or a crash sees
    the old file or the new one, never half of one. ``flush`` False: not flushed here, for
    a file in a folder that is flushed as a whole before it appears (a finished run's
    temporary directory, `fsync_tree` before its rename): each flush waits for the
    journal, and the comparison's three files waited some 25 ms on the way to the report.
    """
    tmp = temporary_sibling(path)
    try:
        write(tmp)
        if flush:
            with tmp.open("rb") as fh:
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if flush:
        fsync_dir(path.parent)


def write_json(path: Path, data: Mapping[str, Any], *, flush: bool = True) -> None:
    """Write a JSON object atomically (``flush``: as `atomic_write`)."""
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    atomic_write(path, lambda p: p.write_text(text, encoding="utf-8"), flush=flush)


def read_json(path: Path) -> dict[str, Any]:
    """Read a JSON object, or raise `RunDirError` naming the file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RunDirError(path, "missing") from None
    except json.JSONDecodeError as exc:
        raise RunDirError(path, f"invalid JSON (line {exc.lineno}, column {exc.colno}: "
                                f"{exc.msg})") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise RunDirError(path, f"unreadable ({_first_line(exc)})") from exc
    if not isinstance(data, dict):
        raise RunDirError(path, "expected a JSON object at the top level")
    return data


def swap_into_place(tmp: Path, out_dir: Path,
                    discard: Callable[[Path], None] | None = None) -> None:
    """Rename the finished directory ``tmp`` to ``out_dir``, replacing what is there.

    The old directory is renamed aside first (``.<name>.old-<hex>``) and deleted once the
    new one is in place; if the second rename fails, the old one is put back rather than
    leave nothing. ``discard``, if given, is handed the old directory instead of deleting it
    here (the web app deletes it after the result is shown: removing a streamed run's
    hundreds of parts takes tenths of a second on a file system that discards blocks).
    """
    if not out_dir.exists():
        try:
            tmp.rename(out_dir)
        except OSError as exc:  # another writer got there first: never merge two runs
            raise RunDirError(out_dir, f"appeared while this run was being written "
                                       f"({_first_line(exc)})") from exc
        return
    old = temporary_sibling(out_dir, "old")
    out_dir.rename(old)
    try:
        tmp.rename(out_dir)
    except BaseException:
        old.rename(out_dir)
        raise
    fsync_dir(out_dir.parent)
    if discard is None:
        remove_tree(old)
    else:
        discard(old)


def remove_tree(path: Path) -> None:
    """Remove the folder ``path`` and everything in it, as far as possible (as
    ``shutil.rmtree(path, ignore_errors=True)``), its files unlinked side by side.

    A streamed run's parts are a hundred files and more, and on a file system mounted with
    ``discard`` each unlink waits for its blocks to be freed: 0.25-0.4 s one after another
    for a 4 x 20 comparison's, 0.05-0.09 s side by side, between the report and the
    prompt."""
    from concurrent.futures import ThreadPoolExecutor

    try:
        files = [p for p in path.rglob("*") if p.is_file() and not p.is_symlink()]
    except OSError:
        files = []
    with ThreadPoolExecutor(IO_THREADS, thread_name_prefix="trappa-remove") as pool:
        for _ in pool.map(_unlink_quietly, files):
            pass
    shutil.rmtree(path, ignore_errors=True)  # the folders, and whatever is left


def _unlink_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def recover_swap(path: Path) -> None:
    """Put a streamed directory back if a crash hit `swap_into_place` between its renames
    (only the hidden ``.<name>.old-*`` sibling is left)."""
    if path.exists() or not path.parent.is_dir():
        return
    # names compared as strings, never as a glob: "[", "*" in a run's name are literal
    prefix = f".{path.name}.old-"
    aside = sorted(p for p in path.parent.iterdir()
                   if p.name.startswith(prefix) and (p / MANIFEST).is_file())
    if len(aside) == 1:
        aside[0].rename(path)


# --- which paths may hold a run -------------------------------------------------------------

def check_path_text(text: str, what: str = "--out") -> Path:
    """Return ``text`` as a path, or raise `RunDirError` if no run belongs there.

    Refused: an empty path (it would mean the current directory) and control characters
    (a NUL cannot be in a file name; a line break would break every listing). Glob
    characters are ordinary characters of a name: paths are never expanded.
    """
    if not text.strip():
        raise RunDirError(what, "empty path (give a directory, e.g. runs/my-run)")
    bad = next((c for c in text if ord(c) < 32 or ord(c) == 127), None)
    if bad is not None:
        raise RunDirError(what, f"the path {text!r} contains the control character "
                                f"U+{ord(bad):04X}")
    return Path(text)


def _repository() -> Path:
    return Path(__file__).resolve().parents[1]


def check_run_location(out: Path) -> None:
    """Refuse a run directory where a run must never go, before anything is touched.

    Not the current directory or a parent of it (finishing a run replaces the whole
    directory), not the trappa repository or a folder containing it, not any folder
    holding a ``.git`` (a repository), not a municipality's data folder.
    """
    check_path_text(str(out))
    here = out.resolve()
    cwd = Path.cwd().resolve()
    if cwd == here or here in cwd.parents:
        raise RunDirError(out, "is the current directory or a parent of it: give a run "
                               "directory of its own (e.g. runs/my-run)")
    repo = _repository()
    if repo == here or here in repo.parents:
        raise RunDirError(out, "holds the trappa repository: give a run directory of its "
                               "own (e.g. runs/my-run)")
    if here.is_dir():
        if (here / ".git").exists():
            raise RunDirError(out, "is a repository (it has .git): give a run directory "
                                   "of its own")
        found = [name for name in MUNICIPALITY_FILES if (here / name).exists()]
        if found:
            raise RunDirError(out, f"is a municipality's data folder (it has {found[0]}): "
                                   "give a run directory of its own")


# --- marker and removal ---------------------------------------------------------------------

def _marked(path: Path) -> bool:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    if not isinstance(data, dict):
        return False
    if data.get(MARKER) is True:
        return True
    fmt = data.get("format")
    return path.name == MANIFEST and isinstance(fmt, str) and fmt.startswith(
        MANIFEST_FORMAT_PREFIX)


def is_trappa_run(path: Path) -> bool:
    """Return whether ``path`` is a directory trappa wrote (its manifest or run.json is
    marked)."""
    return path.is_dir() and not path.is_symlink() and any(
        _marked(path / name) for name in (MANIFEST, RUN_JSON))


def _foreign(root: Path) -> Iterator[Path]:
    """Yield what in ``root`` trappa does not write there (see `LAYOUT`)."""
    for entry in sorted(root.iterdir()):
        if entry.is_symlink():
            yield entry  # trappa writes no links
        elif fnmatchcase(entry.name, _TEMPORARY):
            continue
        elif entry.name not in LAYOUT or (LAYOUT[entry.name] is None) != entry.is_file():
            yield entry
        elif entry.is_dir():
            patterns = LAYOUT[entry.name] or ()
            for inner in sorted(entry.rglob("*")):
                rel = inner.relative_to(entry).as_posix() + ("/" if inner.is_dir() else "")
                if inner.is_symlink() or not (
                        fnmatchcase(inner.name, _TEMPORARY)
                        or any(fnmatchcase(rel, p) for p in patterns)
                        or any(fnmatchcase(part, _TEMPORARY)
                               for part in inner.relative_to(entry).parts[:-1])):
                    yield inner


def symlink_problem(path: Path) -> str:
    """Why a run directory may not be a symbolic link, naming where it points."""
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    return (f"is a symbolic link (to {target}): a run replaces its directory "
            "in one rename, which would replace the link, not what it points to; give the "
            "real folder as --out")


def check_removable(path: Path) -> None:
    """Raise `RunDirError` unless ``path`` is a trappa run directory holding only trappa's
    files (what ``--overwrite`` may delete)."""
    check_run_location(path)
    if path.is_symlink():
        raise RunDirError(path, symlink_problem(path))
    if not path.is_dir():
        raise RunDirError(path, "exists and is not a directory")
    if not is_trappa_run(path):
        raise RunDirError(path, f"not a trappa run directory (no {MANIFEST} or {RUN_JSON} "
                                "written by trappa): --overwrite deletes only trappa's runs; "
                                "choose another --out")
    stray = next(_foreign(path), None)
    if stray is not None:
        raise RunDirError(path, f"holds {stray.relative_to(path).as_posix()}, which trappa "
                                "did not write: --overwrite would delete it; move it out "
                                "or choose another --out")


def remove_run(path: Path) -> None:
    """Delete a previous run directory (``--overwrite``) after `check_removable`."""
    check_removable(path)
    shutil.rmtree(path)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
