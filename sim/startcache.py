"""A per-process memo of the start state's costly pure steps, keyed on exactly what they read.

A calibration runs replications ``0..R-1`` again for every trial, and the start state of
replication r draws the same keyed uniforms for the same citizens each time: the fitted entry
multipliers act on the cells' entry hazards, which the start state never reads. Three steps
of it are pure functions of a few arrays and cost most of a one-year replication's start
(measured on Færder: about 8 of its 14 ms CPU):

- ``dementia``: who has dementia on 1 January (keyed uniforms, a lexsort by age and key),
  from the replicate root, the citizens present, their identities and ages, and the cases
  per age;
- ``factors``: the gamma stage-length factors of those cases (``gammaincinv``), from the
  root, their identities, the number of stages and the shape;
- ``order``: the keyed order in which the start's stays are handed out (an argsort of
  keyed uniforms), from the root and the identities of the citizens without dementia.

Each key is a SHA-256 digest of everything the step reads, so a change in any of it (another
replication, population, prevalence, stage shape, ...) is another key, never a stale value:
nothing needs invalidating. A hit returns the very array the step computed then (read-only),
so a replication is bit for bit the same with or without the memo
(tests/sim/test_start_cache.py). The caller still claims the draws (`Draws.claim`), so a
repeated draw is refused as without the memo.

It is on only inside `active` (`sim.engine.run_summary`: calibration's fit and
full-horizon runs, where the same replications run again and again); a run's replications
(`run_replication`) each start once and do not pay for the keys. It lives in each process
(a run backend's worker keeps it across a calibration's trials) and is bounded: at most
`MAX_BYTES` of arrays; when full it keeps what it holds and stores nothing new. A fit
cycles over replications ``0..R-1``, so dropping the least recently used would drop each
entry just before it is needed again; keeping the first ones serves as many as fit.

Processes may share what they compute through a folder (`spill`): the process backend's
workers of one calibration each keep their own memo, and the scheduler hands replication r
to whichever worker is free, so without it every worker computed every replication's start
state once (for Skien, 120 replications at about 23 ms each, per worker). A value computed
is also written there (``<key>.npy``, written whole under a temporary name, then renamed);
a key missing from a process's memo is read from there before it is computed. The key is
the digest of everything the step reads, so a value read is the one the step would compute
(`np.save` keeps dtype, shape and bytes). The folder belongs to one backend
(`runners.backends.shared_file`), which removes it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import numpy as np

#: Bytes of cached arrays per process (Skien's 55,000 citizens: about 0.9 MB per
#: replication, so this holds the 120 replications of a default fit with room to spare).
MAX_BYTES = 256 * 2**20

_store: dict[bytes, np.ndarray] = {}
_bytes = 0
_active = False
_disabled = False
#: the folder shared with other processes (`spill`), or None
_folder: Path | None = None
#: hits (in this process's memo), values read from the shared folder, and misses
#: (computed here) since the last `clear` (for tests and benchmarks)
stats = {"hits": 0, "read": 0, "misses": 0}


def key(step: str, *parts: object) -> bytes:
    """Return the digest of ``step`` and everything it reads (arrays by dtype, shape and
    bytes; other values by their repr)."""
    h = hashlib.sha256(step.encode())
    for p in parts:
        if isinstance(p, np.ndarray):
            h.update(f"|{p.dtype.str}{p.shape}|".encode())
            h.update(np.ascontiguousarray(p).data)
        else:
            h.update(f"|{p!r}|".encode())
    return h.digest()


def cached(compute: Callable[[], np.ndarray], step: str, *parts: object) -> np.ndarray:
    """Return the array ``compute`` gives for ``step`` of ``parts`` (everything it reads),
    memoised under their `key`; outside `active` (or when `disabled`) compute it afresh
    without paying for the key."""
    global _bytes
    if not _active or _disabled:
        return compute()
    k = key(step, *parts)
    hit = _store.get(k)
    if hit is not None:
        stats["hits"] += 1
        return hit
    value = _read(k)
    computed = value is None
    if value is None:
        stats["misses"] += 1
        value = compute()
    else:
        stats["read"] += 1
    if _bytes + value.nbytes <= MAX_BYTES:
        value.setflags(write=False)  # shared by later replications: nobody may change it
        _store[k] = value
        _bytes += value.nbytes
        if computed:  # within the same bound: the folder holds no more than the memos
            _write(k, value)
    return value


def spill(folder: str | Path | None) -> None:
    """Share values with the other processes spilling to ``folder`` (an existing folder of
    this calibration's own; None: stop sharing)."""
    global _folder
    _folder = None if folder is None else Path(folder)


def _path(k: bytes) -> Path | None:
    return None if _folder is None else _folder / f"{k.hex()}.npy"


def _read(k: bytes) -> np.ndarray | None:
    """Return the value another process wrote under ``k``, None if there is none (or it
    cannot be read: then it is computed, as without the folder)."""
    path = _path(k)
    if path is None:
        return None
    try:
        value = np.load(path, allow_pickle=False)
    except (OSError, ValueError):
        return None
    return value if isinstance(value, np.ndarray) else None


def _write(k: bytes, value: np.ndarray) -> None:
    """Write ``value`` under ``k`` for the other processes: whole or not at all (a reader
    sees the renamed file only); a failed write (disk full) only means no sharing."""
    path = _path(k)
    if path is None:
        return
    part = path.with_name(f"{path.name}.{os.getpid()}.part")
    try:
        with open(part, "wb") as fh:
            np.save(fh, value, allow_pickle=False)
        os.replace(part, path)
    except OSError:
        with suppress(OSError):
            part.unlink(missing_ok=True)


def clear() -> None:
    """Empty the memo and reset its counts."""
    global _bytes
    _store.clear()
    _bytes = 0
    stats.update(hits=0, read=0, misses=0)


def size() -> tuple[int, int]:
    """Return (entries, bytes) held."""
    return len(_store), _bytes


@contextmanager
def active() -> Iterator[None]:
    """Use the memo inside the block (unless `disabled`)."""
    global _active
    before = _active
    _active = True
    try:
        yield
    finally:
        _active = before


@contextmanager
def disabled() -> Iterator[None]:
    """Compute every step afresh inside the block, even where `active` (the reference the
    memo must match)."""
    global _disabled
    before = _disabled
    _disabled = True
    try:
        yield
    finally:
        _disabled = before
