"""Random numbers keyed by identity, for common random numbers across scenarios.

Every draw is a pure function of (replicate root, citizen, stream, counter): the same citizen
gets the same luck at the same decision point in every scenario, whatever else differs.
The root comes from ``SeedSequence([replicate, root_seed])`` (varying id first, root last);
the per-draw mixing is a counter-based hash (SplitMix64 finaliser, as in Salmon et al.,
"Parallel random numbers: as easy as 1, 2, 3", SC'11). A ``numpy.random.Generator`` per
citizen would give the same property but costs ~15 µs to build; the engine makes ~10^5
keyed draws per replication, vectorised over citizens.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np
from numpy.typing import NDArray

_MASK = (1 << 64) - 1
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_TO_UNIT = 2.0 ** -53


class Stream(IntEnum):
    """Named decision points; an enum, never ``hash(str)`` (salted per process)."""

    DEATH = 1
    ONSET = 2
    ONSET_CHOICE = 3
    ENTRY_TIME = 4
    DURATION = 5
    PATHWAY = 6
    STAGE = 7
    INITIAL_STATE = 8
    PREVALENT_POSITION = 9
    EMIGRATION = 10
    AGGREGATE = 11
    DECISION = 12      # a recipient's home-care decision band (sim/decisions.py)
    HOUSING = 13       # whether a housing_profile lever reaches a case (sim/housing.py)
    REABLEMENT = 14    # whether reablement reaches a new case, and its delay (sim/reablement.py)


def replicate_root(root_seed: int, replicate: int) -> int:
    """Return the 64-bit root key of one replicate (shared by all scenarios: CRN)."""
    ss = np.random.SeedSequence([replicate, root_seed])
    return int(ss.generate_state(1, np.uint64)[0])


def _mix(z: NDArray[np.uint64]) -> NDArray[np.uint64]:
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))


def uniforms(root: int, citizens: NDArray[np.integer] | int, stream: Stream,
             counter: int = 0) -> NDArray[np.float64]:
    """Return one U(0, 1) per citizen for (stream, counter), keyed by identity.

    Parameters
    ----------
    root
        The replicate root from `replicate_root`.
    citizens
        Citizen ids (array or a single id).
    stream
        The decision point.
    counter
        Distinguishes repeated draws of one stream (e.g. the year, the stage index).
    """
    ids = np.atleast_1d(np.asarray(citizens, dtype=np.int64)).astype(np.uint64)
    with np.errstate(over="ignore"):
        z = _mix(np.uint64(root & _MASK) ^ (ids * _GOLDEN))
        z = _mix(z + np.uint64(int(stream)) * _M1)
        z = _mix(z + np.uint64(counter & _MASK) * _M2)
    # 53 high bits -> [0, 1); shift by half a step so the value is never exactly 0
    return ((z >> np.uint64(11)).astype(np.float64) + 0.5) * _TO_UNIT


def aggregate_rng(root: int, *keys: int) -> np.random.Generator:
    """Return a Generator for a population-level draw keyed by ``keys`` (e.g. year, stream).

    Used where no citizen exists yet (births, immigrants): the same keys give the same draws
    in every scenario.
    """
    return np.random.default_rng(np.random.SeedSequence([*keys, int(Stream.AGGREGATE), root]))
