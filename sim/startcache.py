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
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import numpy as np

#: Bytes of cached arrays per process (Skien's 55,000 citizens: about 0.9 MB per
#: replication, so this holds the 120 replications of a default fit with room to spare).
MAX_BYTES = 256 * 2**20

_store: dict[bytes, np.ndarray] = {}
_bytes = 0
_active = False
_disabled = False
#: hits and misses since the last `clear` (for tests and benchmarks)
stats = {"hits": 0, "misses": 0}


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
    stats["misses"] += 1
    value = compute()
    if _bytes + value.nbytes <= MAX_BYTES:
        value.setflags(write=False)  # shared by later replications: nobody may change it
        _store[k] = value
        _bytes += value.nbytes
    return value


def clear() -> None:
    """Empty the memo and reset its counts."""
    global _bytes
    _store.clear()
    _bytes = 0
    stats.update(hits=0, misses=0)


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
