"""The drivers of the journeys (sim/journeys.py): in bulk where nobody waits, as a SimPy
process where a citizen may wait for a place; and the records they write.

Citizens only move through time and emit records (one flat record per stay or stage:
citizen, group, item, placement trinn, start, end, trinn waited for). Costs, person-years and
counts are computed from the records afterwards (sim/accounting.py): costing is a join.
Randomness is drawn before a journey starts (vectorised, keyed by citizen), so the journeys
themselves hold no random state.

A journey that no queue can hold up is known in full when it starts, so its records are
written then, for all its citizens at once, and each citizen is marked busy until its end
(``Population.busy_until``): `episodes_in_bulk` (every stay in a trinn without a limit on
places) and `dementia_cases_in_bulk` (every pathway with no stage in such a trinn). Nothing
in between needs simulated time, so they cost no SimPy event. Where places are limited
there are decisions over time (a queue), so the same journey runs in a SimPy process for
one citizen (`episode`, `dementia_case`), which holds a place as SimPy's resources are
held (``with place.request() as req``) and writes each record as its stay ends.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import simpy
from numpy.typing import NDArray

from sim.derive import NO_ITEM, StageSpec
from sim.journeys import SCALAR, VECTOR, Journey, Step, dementia_journey, episode_journey
from sim.places import Places

#: one record written by a process: (pid, group, item, trinn, start, end, waited_for)
Row = tuple[int, int, int, int, float, float, int]


@dataclass
class Recorder:
    """The records of a replication: written one by one (a process's stays) or in bulk."""

    rows: list[Row] = field(default_factory=list)
    # one-off costs: (citizen, group, trinn, time, NOK)
    one_offs: list[tuple[int, int, int, float, float]] = field(default_factory=list)
    # records written in bulk (stays known in full when they start): (pid, group, item,
    # trinn, start, end), the group, item and trinn shared by the call's records
    bulk: list[tuple[NDArray[np.int64], int, int, int, NDArray[np.float64],
                     NDArray[np.float64]]] = field(default_factory=list)

    def add(self, pid: int, group: int, item: int, trinn: int, start: float, end: float,
            waited_for: int = 0) -> None:
        """Append one record (ignored if it has no duration)."""
        if end > start:
            self.rows.append((pid, group, item, trinn, start, end, waited_for))

    def add_many(self, pid: NDArray[np.int64], group: int, item: int, trinn: int,
                 start: NDArray[np.float64], end: NDArray[np.float64]) -> None:
        """Append records of one group, item and trinn (those without duration are ignored).

        The group, item and trinn are kept once per call and repeated in `columns` (a call
        per cell, year and stage: building their columns here cost more than the records).
        """
        keep = end > start
        self.bulk.append((pid[keep], group, item, trinn, start[keep], end[keep]))

    def columns(self) -> dict[str, NDArray]:
        """Return all records as column arrays (integer columns as int64), and ``one_offs``:
        the bulk records first, in the order written, then the others in the order written."""
        sizes = [len(b[0]) for b in self.bulk]
        one = list(zip(*self.rows, strict=True)) if self.rows else [()] * 7
        out: dict[str, NDArray] = {}
        for key, i in (("pid", 0), ("start", 4), ("end", 5)):
            dtype = np.float64 if i >= 4 else np.int64
            out[key] = np.concatenate([*(np.asarray(b[i], dtype=dtype) for b in self.bulk),
                                       np.asarray(one[i], dtype=dtype)])
        for key, i in (("group", 1), ("item", 2), ("trinn", 3)):
            out[key] = np.concatenate([
                np.repeat(np.array([b[i] for b in self.bulk], dtype=np.int64), sizes),
                np.asarray(one[i], dtype=np.int64)])
        out["waited_for"] = np.concatenate([np.zeros(sum(sizes), dtype=np.int64),
                                            np.asarray(one[6], dtype=np.int64)])
        out["one_offs"] = np.asarray(self.one_offs, dtype=np.float64).reshape(-1, 5)
        return out


@dataclass
class World:
    """What processes share within one replication."""

    env: simpy.Environment
    recorder: Recorder
    places: dict[int, Places]      # only constrained place-based trinn appear here
    pop: object                    # sim.population.Population (arrays grow: keep the owner)
    interim_item: int
    interim_trinn: int
    horizon: float

    def can_queue(self, stages: tuple[StageSpec, ...]) -> bool:
        """Return whether a pathway of ``stages`` may wait for a place on one of them."""
        return bool(self.places) and any(st.item != NO_ITEM and st.trinn in self.places
                                         for st in stages)


def _wait_for(w: World, req: simpy.Event, pid: int, group: int, trinn: int, deadline: float
              ) -> Generator[simpy.Event, object, bool]:
    """Wait for ``req`` (a place in ``trinn``) under the interim package until ``deadline``;
    return whether the place was granted (False: death or the horizon came first)."""
    if req.triggered:
        return True
    t0 = w.env.now
    yield req | w.env.timeout(max(deadline - t0, 0.0))
    w.recorder.add(pid, group, w.interim_item, w.interim_trinn, t0, w.env.now, trinn)
    return req.triggered


def episode(w: World, pid: int, group: int, item: int, trinn: int, delay: float,
            duration: float, death: float) -> Generator[simpy.Event, object, None]:
    """The SimPy process of an episode in a trinn with limited places (`episode_journey`):
    after ``delay``, wait for a place, then stay; free from the end of the stay."""
    env = w.env
    if delay > 0:
        yield env.timeout(delay)
    journey = episode_journey(SCALAR, env.now, duration, death, w.horizon, True)
    next(journey)  # ("wait", 0)
    with w.places[trinn].request() as req:
        got = yield from _wait_for(w, req, pid, group, trinn, death)
        if got:
            _, _, start, end, _ = journey.send(env.now)
            yield env.timeout(end - start)
            w.recorder.add(pid, group, item, trinn, start, end)
    # free from now on; an episode cut at the horizon holds the citizen to the end
    pop: Any = w.pop
    pop.busy_until[pid] = env.now if env.now < w.horizon else np.inf


def episodes_in_bulk(rec: Recorder, pids: NDArray[np.int64], group: int, item: int,
                     trinn: int, entry: NDArray[np.float64], durations: NDArray[np.float64],
                     death: NDArray[np.float64], horizon: float) -> NDArray[np.float64]:
    """Record the episodes (`episode_journey`) of citizens no queue can hold up, all at
    once; return the times they are free again (inf for a stay cut at the horizon)."""
    journey = episode_journey(VECTOR, entry, durations, death, horizon, False)
    _, _, start, end, _ = next(journey)
    rec.add_many(pids, group, item, trinn, start, end)
    return np.where(end < horizon, end, np.inf)


def dementia_case(w: World, pid: int, group: int, stages: tuple[StageSpec, ...],
                  lengths: list[float], delay: float, death: float
                  ) -> Generator[simpy.Event, object, None]:
    """The SimPy process of a dementia case that may wait for a place (`dementia_journey`):
    from its onset (after ``delay``), each stay lasts its time on SimPy's clock and is
    recorded when it ends; a stage in a trinn with limited places holds a place for its
    stay, waiting for one under the interim package."""
    env, places = w.env, w.places
    if delay > 0:
        yield env.timeout(delay)
    deadline = min(death, w.horizon)
    journey = dementia_journey(SCALAR, stages, lengths, env.now, deadline, places)
    add = w.recorder.add
    try:
        step = next(journey)
        while True:
            if step[0] == "wait":
                stage = stages[step[1]]
                with places[stage.trinn].request() as req:
                    if not req.triggered:  # no place free at once (no generator otherwise)
                        got = yield from _wait_for(w, req, pid, group, stage.trinn, deadline)
                        if not got:
                            return
                    _, i, start, end, _ = journey.send(env.now)
                    yield env.timeout(end - start)
                    add(pid, group, stage.item, stage.trinn, start, end)
            else:
                _, i, start, end, _ = step
                stage = stages[i]
                yield env.timeout(end - start)
                if stage.item != NO_ITEM:
                    add(pid, group, stage.item, stage.trinn, start, end)
            step = journey.send((env.now, True))
    except StopIteration:
        return


def _resume(journey: Journey, value: object) -> Step | None:
    """Send ``value`` to ``journey``; return its next step, None when it has ended."""
    try:
        return journey.send(value)
    except StopIteration:
        return None


def dementia_cases_in_bulk(rec: Recorder, pids: NDArray[np.int64], group: int,
                           stages: tuple[StageSpec, ...], lengths: NDArray[np.float64],
                           now: float, onset: NDArray[np.float64],
                           death: NDArray[np.float64], horizon: float) -> None:
    """Record the journeys (`dementia_journey`) of cases no queue can hold up (no stage in
    a trinn with limited places, `World.can_queue`), all known at ``now``, at once.

    One row of ``lengths`` per case, one column per stage of ``stages`` (shared by the
    cases). Time advances as SimPy's clock would (``now + delay`` to the onset, ``clock +
    (end - clock)`` per stay), and a stay whose end the clock would reach only after the
    horizon is not recorded (the run stops there), so the records are bit for bit those
    the process `dementia_case` writes.
    """
    delay = onset - now
    clock = np.where(delay > 0, now + delay, now)
    deadline = np.minimum(death, horizon)
    journey = dementia_journey(VECTOR, stages, lengths.T, clock, deadline)
    step = next(journey, None)
    while step is not None:
        _, i, start, end, going = step
        after = start + (end - start)
        going = going & (after <= horizon)
        stage = stages[i]
        if stage.item != NO_ITEM:
            rec.add_many(pids[going], group, stage.item, stage.trinn, start[going], end[going])
        step = _resume(journey, (after, going))

