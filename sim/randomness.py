"""Random numbers keyed by identity, for common random numbers across scenarios.

Every draw is a pure function of (replicate root, citizen, stream, counter): the same citizen
gets the same luck at the same decision point in every scenario, whatever else differs.
A citizen is known by a stable identity (`identity`: origin, year, sequence within the
year), not by its position in the engine's arrays: a scenario whose births or migration
differ (a lever that adds arrivals to one age group) leaves every other citizen's draws as
they were, although the arrays' positions shift.
The root comes from ``SeedSequence([replicate, root_seed])`` (varying id first, root last);
the per-draw mixing is a counter-based hash (SplitMix64 finaliser, as in Salmon et al.,
"Parallel random numbers: as easy as 1, 2, 3", SC'11). A ``numpy.random.Generator`` per
citizen would give the same property but costs ~15 µs to build; the engine makes ~10^5
keyed draws per replication, vectorised over citizens.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum
from types import MappingProxyType

import numpy as np
from numpy.typing import NDArray

_MASK = (1 << 64) - 1
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_TO_UNIT = 2.0 ** -53


class Origin(IntEnum):
    """Where a citizen comes from: the first part of its identity."""

    INITIAL = 0     # the start year's inhabitants (sequence: their order in the inputs)
    BIRTH = 1       # born in a year (sequence: order among that year's births)
    IMMIGRANT = 2   # arrived in a year into an SSB age group (sequence: order in the group)


# identity bits: origin 60-61, SSB age group 52-59, year index 38-51, sequence 0-37 (all
# below 2**62, so an identity is a non-negative int64)
_GROUP_SHIFT, _YEAR_SHIFT, _ORIGIN_SHIFT = 52, 38, 60


def identity(origin: Origin, year: int, group: int, sequence: NDArray[np.integer]
             ) -> NDArray[np.int64]:
    """Return the stable identities of citizens of one origin, year and SSB age group.

    An initial inhabitant's identity is its sequence number, so its draws are those it had
    when citizens were keyed by position.
    """
    seq = np.asarray(sequence, dtype=np.int64)
    if len(seq) and (seq.max() >= 1 << _YEAR_SHIFT or year >= 1 << (_GROUP_SHIFT - _YEAR_SHIFT)
                     or group >= 1 << (_ORIGIN_SHIFT - _GROUP_SHIFT)):
        raise ValueError("identity out of range (sequence, year or age group too large)")
    return ((int(origin) << _ORIGIN_SHIFT) | (group << _GROUP_SHIFT) | (year << _YEAR_SHIFT)
            | seq)


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
    IMMIGRANT_AGE = 15  # an immigrant's single age within its SSB age group


#: The registry: every stream once, with what its counter means. A stream's draws are keyed
#: by (citizen, counter); `Draws` refuses a second draw of the same key.
STREAMS: Mapping[Stream, str] = MappingProxyType({
    Stream.DEATH: "0: the death time of a citizen, drawn when the citizen is created",
    Stream.ONSET: "year index: whether a free citizen starts an episode or dementia",
    Stream.ONSET_CHOICE: "year index: which episode (or dementia) a starter gets",
    Stream.ENTRY_TIME: "year index: when within the year the episode starts",
    Stream.DURATION: "year index: unit episode length of a new episode; "
                     "START_DURATION_COUNTER: of an episode under way at the start",
    Stream.PATHWAY: "0: the dementia pathway of a case (under way or new)",
    Stream.STAGE: "stage index: the gamma factor of a dementia stage's length",
    Stream.INITIAL_STATE: "INITIAL_DEMENTIA_COUNTER: the key choosing the cases under way "
                          "within each age; INITIAL_ORDER_COUNTER: the order the start "
                          "year's episodes are filled in; ARRIVAL_DEMENTIA_COUNTER: "
                          "whether an immigrant arrives with dementia",
    Stream.PREVALENT_POSITION: "0: years since onset of a case under way at the start or "
                               "at arrival",
    Stream.EMIGRATION: "year index: the key choosing who emigrates",
    Stream.AGGREGATE: "year index: the year's births (a numpy Generator, `Draws.aggregate`)",
    Stream.IMMIGRANT_AGE: "0: an immigrant's single age, drawn from its SSB age group's age "
                          "weights when it arrives",
    Stream.DECISION: "trinn (6 or 7): a recipient's home-care decision band there, a trait "
                     "(`Draws.trait`: the same number at every stay on that trinn)",
    Stream.HOUSING: "0: whether a housing_profile lever reaches a citizen entering trinn "
                    "10-11, a trait (`Draws.trait`)",
    Stream.REABLEMENT: "0: whether reablement reaches a new trinn 6-7 case; 1: the position "
                       "of its delay in [delay_years_min, delay_years_max]; traits "
                       "(`Draws.trait`)",
})
#: Streams whose draws are a citizen's lifelong trait: asked again, they give the same
#: number (a lever reaches the same person at every stay, so a stronger lever reaches a
#: superset), through `Draws.trait` only.
TRAITS = frozenset({Stream.DECISION, Stream.HOUSING, Stream.REABLEMENT})
#: Counters of `Stream.INITIAL_STATE` (the start state has no year index of its own).
INITIAL_DEMENTIA_COUNTER = 1
INITIAL_ORDER_COUNTER = 2
ARRIVAL_DEMENTIA_COUNTER = 3
#: Counter of `Stream.DURATION` for the episodes under way at the start: beyond any year
#: index (a run has fewer than 10,000 years), so it never meets a year's new episodes.
START_DURATION_COUNTER = 10_000


class RepeatedDrawError(RuntimeError):
    """A replication asked twice for the draw of the same (stream, counter, citizen)."""


class Draws:
    """The keyed draws of one replication, refusing to hand out the same number twice.

    Every (stream, counter) pair keeps a mask of the citizens it has drawn for; a call that
    asks again for one of them raises `RepeatedDrawError` (two decisions would otherwise
    share their luck). Some pairs are drawn in several calls for disjoint citizens (death
    times of newborns and immigrants, emigrants per age group), so the check is per
    citizen; it costs one gather and one scatter per vectorised call, never a Python loop
    over citizens.
    """

    def __init__(self, root: int) -> None:
        self.root = root
        # identity by position (`register`); without it, positions are identities
        self._identity: NDArray[np.int64] | None = None
        self._seen: dict[tuple[int, int], NDArray[np.bool_]] = {}
        self._aggregate: set[tuple[int, ...]] = set()

    def register(self, identities: NDArray[np.int64]) -> None:
        """Append the identities of citizens added at the next positions (`identity`)."""
        ids = np.asarray(identities, dtype=np.int64)
        self._identity = ids if self._identity is None else np.concatenate(
            [self._identity, ids])

    def identities(self, citizens: NDArray[np.integer] | int) -> NDArray[np.int64]:
        """Return the stable identities (`identity`) of the citizens at these positions."""
        ids = np.atleast_1d(np.asarray(citizens, dtype=np.int64))
        return ids if self._identity is None else self._identity[ids]

    def _claim(self, stream: Stream, counter: int, ids: NDArray[np.int64]) -> None:
        if len(ids) == 0:
            return
        key = (int(stream), counter)
        seen = self._seen.get(key)
        top = int(ids.max()) + 1
        if seen is None or len(seen) < top:
            grown = np.zeros(max(top, 2 * (0 if seen is None else len(seen))), dtype=bool)
            if seen is not None:
                grown[:len(seen)] = seen
            seen = self._seen[key] = grown
        if seen[ids].any():
            first = int(ids[seen[ids]][0])
            raise RepeatedDrawError(f"stream {stream.name}, counter {counter}: drawn twice "
                                    f"(citizen {first} among others)")
        seen[ids] = True

    def claim(self, citizens: NDArray[np.integer] | int, stream: Stream,
              counter: int = 0) -> None:
        """Mark (stream, counter) as drawn for ``citizens`` without computing the numbers:
        for a caller that has the result of that draw already (`sim.startcache`).

        Raises
        ------
        RepeatedDrawError
            As `uniforms`.
        """
        if stream in TRAITS:
            raise RepeatedDrawError(f"stream {stream.name} is a trait: draw it with Draws.trait")
        self._claim(stream, counter, np.atleast_1d(np.asarray(citizens, dtype=np.int64)))

    def uniforms(self, citizens: NDArray[np.integer] | int, stream: Stream,
                 counter: int = 0) -> NDArray[np.float64]:
        """Return `uniforms` for (stream, counter), once per citizen in a replication.

        Raises
        ------
        RepeatedDrawError
            If any of ``citizens`` already had this (stream, counter) draw.
        """
        if stream in TRAITS:
            raise RepeatedDrawError(f"stream {stream.name} is a trait: draw it with Draws.trait")
        ids = np.atleast_1d(np.asarray(citizens, dtype=np.int64))
        self._claim(stream, counter, ids)
        return uniforms(self.root, self.identities(ids), stream, counter)

    def trait(self, citizens: NDArray[np.integer] | int, stream: Stream,
              counter: int = 0) -> NDArray[np.float64]:
        """Return `uniforms` for (stream, counter) of a `TRAITS` stream: the citizen's same
        number every time it is asked for (a later stay, the costing).

        Nothing is stored: the keyed draw is a pure function of (root, citizen, stream,
        counter), so computing it again is keeping it, and cheaper than a lookup table that
        grows with the population (measured: 0.12 ms against 2.3 ms for 20,000 citizens).

        Raises
        ------
        RepeatedDrawError
            If ``stream`` is not a trait (its draws are decisions, refused when repeated).
        """
        if stream not in TRAITS:
            raise RepeatedDrawError(f"stream {stream.name} is not a trait: draw it with "
                                    "Draws.uniforms")
        return uniforms(self.root, self.identities(citizens), stream, counter)

    def aggregate(self, *keys: int) -> np.random.Generator:
        """Return `aggregate_rng` for ``keys``, once per replication.

        Raises
        ------
        RepeatedDrawError
            If the same keys were asked for before.
        """
        if keys in self._aggregate:
            raise RepeatedDrawError(f"stream AGGREGATE, keys {keys}: drawn twice")
        self._aggregate.add(keys)
        return aggregate_rng(self.root, *keys)


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
