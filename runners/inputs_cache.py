"""Derived engine inputs kept on disk between runs, keyed by everything that makes them.

A run's driver derives each parameter draw's engine inputs before its first replication
(`runners.run.prepare`): for the README's main job, 20 draws, about 0.35 s of CPU, and the
imports the derivation needs (scipy.interpolate, scipy.optimize: about 0.4 s more). A user
runs the same draws again and again (``compare`` after ``run``, a report's strategies, the
same sweep file), so the inputs are kept in a folder of the user's cache
(``$TRAPPA_CACHE_DIR``, else ``$XDG_CACHE_HOME/trappa``, else ``~/.cache/trappa``).

The file's name is the SHA-256 of the in-process key (`runners.run._derived`: the data
files by content, the years, every parameter with its value, unit, layer and source) and of
the code that derives (every file under ``models/`` and ``sim/derive/``, by content) with
the versions of Python, numpy and scipy: an edit to any of them is another name, never a
stale value, so nothing needs invalidating. A value read is the pickle of the inputs the
derivation gave, which is what the process backend's workers run on anyway (the shared
inputs reach them pickled), so a run reading it gets the same numbers.

The folder is bounded: at most `KEPT` files (one draw's inputs are about 350 kB for Færder,
so some 70 MB); a value read is touched, and a write beyond the bound removes the least
recently used.

A cache that cannot be read or written (no such folder, no permission, a half-written or
foreign file) is passed over: the inputs are derived as without it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import platform
import tempfile
from importlib.metadata import version
from pathlib import Path
from typing import Any

from sim.derive.engine_inputs import EngineInputs

ROOT = Path(__file__).resolve().parents[1]
#: What derives the inputs: their files' content enters every key.
CODE = (ROOT / "models", ROOT / "sim" / "derive")
#: The folder under the cache dir.
FOLDER = "derived-inputs"
#: Files kept (ten runs of 20 draws), the least recently used removed beyond it.
KEPT = 200


def folder() -> Path:
    """Return the folder the inputs are kept in (not created)."""
    base = os.environ.get("TRAPPA_CACHE_DIR")
    if base:
        return Path(base) / FOLDER
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg or Path.home() / ".cache") / "trappa" / FOLDER


@functools.cache
def code_digest() -> str:
    """Return the digest of the deriving code and the libraries it computes with."""
    h = hashlib.sha256(f"{platform.python_version()}|{version('numpy')}|"
                       f"{version('scipy')}".encode())
    for top in CODE:
        for path in sorted(p for p in top.rglob("*") if p.is_file()
                           and "__pycache__" not in p.parts):
            h.update(f"|{path.relative_to(ROOT).as_posix()}|".encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def _path(key: tuple[Any, ...]) -> Path:
    name = hashlib.sha256(f"{code_digest()}|{key!r}".encode()).hexdigest()
    return folder() / f"{name}.pickle"


def read(key: tuple[Any, ...]) -> EngineInputs | None:
    """Return the inputs kept under ``key``, or None."""
    path = _path(key)
    try:
        value = pickle.loads(path.read_bytes())
    except Exception:  # missing, unreadable or foreign (any unpickling error): derive
        return None
    if not isinstance(value, EngineInputs):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # used now: the last to be removed (`_prune`)
    return value


def write(key: tuple[Any, ...], inputs: EngineInputs) -> None:
    """Keep ``inputs`` under ``key`` (whole or not at all: a temporary file renamed)."""
    try:
        path = _path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(inputs, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _prune(path.parent)
    except OSError:
        pass  # a cache that cannot be written: the run goes on without it


def _prune(where: Path) -> None:
    """Remove the least recently used files beyond `KEPT`."""
    files = []
    for f in where.glob("*.pickle"):
        with contextlib.suppress(OSError):  # another process may have removed it
            files.append((f.stat().st_mtime, f))
    for _, f in sorted(files)[:max(0, len(files) - KEPT)]:
        f.unlink(missing_ok=True)
