"""Citizens with a need: a dementia pathway, or an episode in a place.

Citizens only move through time and emit records (one flat record per stay or stage:
citizen, group, item, placement trinn, start, end, trinn waited for). Costs, person-years and
counts are computed from the records afterwards (sim/accounting.py): costing is a join.
Randomness is drawn before a journey starts (vectorised, keyed by citizen), so the journeys
themselves hold no random state.

A journey that no queue can hold up is not a process: it is known in full when it starts,
so its records are written then, in bulk, and the citizen is marked busy until its end
(``Population.busy_until``); nothing in between needs simulated time, so it costs no SimPy
event. That is every stay in a trinn without a capacity (`Recorder.add_many`, for the
year's new stays) and every dementia pathway none of whose stages is in such a trinn
(`known_dementia_cases`: the same journey as `dementia_case`, computed with the same
arithmetic). Where places are limited there are decisions over time (a queue), so an
episode there (`episode`) and a dementia case with a stage there (`dementia_case`) are
processes, and each writes its records as its stages end.
"""

from __future__ import annotations

from collections.abc import Generator
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import simpy
from numpy.typing import NDArray

from sim.derive import NO_ITEM, StageSpec
from sim.places import Places


@dataclass
class Recorder:
    """Column lists of episode records."""

    pid: list[int] = field(default_factory=list)
    group: list[int] = field(default_factory=list)
    item: list[int] = field(default_factory=list)
    trinn: list[int] = field(default_factory=list)
    start: list[float] = field(default_factory=list)
    end: list[float] = field(default_factory=list)
    waited_for: list[int] = field(default_factory=list)
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
            self.pid.append(pid)
            self.group.append(group)
            self.item.append(item)
            self.trinn.append(trinn)
            self.start.append(start)
            self.end.append(end)
            self.waited_for.append(waited_for)

    def add_many(self, pid: NDArray[np.int64], group: int, item: int, trinn: int,
                 start: NDArray[np.float64], end: NDArray[np.float64]) -> None:
        """Append records of one group, item and trinn (those without duration are ignored).

        The group, item and trinn are kept once per call and repeated in `columns` (a call
        per cell, year and stage: building their columns here cost more than the records).
        """
        keep = end > start
        self.bulk.append((pid[keep], group, item, trinn, start[keep], end[keep]))

    def columns(self) -> dict[str, NDArray]:
        """Return all records as column arrays (integer columns as int64), and ``one_offs``."""
        sizes = [len(b[0]) for b in self.bulk]
        out: dict[str, NDArray] = {}
        for key, i in (("pid", 0), ("start", 4), ("end", 5)):
            dtype = np.float64 if i >= 4 else np.int64
            out[key] = np.concatenate([*(np.asarray(b[i], dtype=dtype) for b in self.bulk),
                                       np.asarray(getattr(self, key), dtype=dtype)])
        for key, i in (("group", 1), ("item", 2), ("trinn", 3)):
            out[key] = np.concatenate([
                np.repeat(np.array([b[i] for b in self.bulk], dtype=np.int64), sizes),
                np.asarray(getattr(self, key), dtype=np.int64)])
        out["waited_for"] = np.concatenate([np.zeros(sum(sizes), dtype=np.int64),
                                            np.asarray(self.waited_for, dtype=np.int64)])
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
    """An episode in a place-based trinn with a capacity: enter ``trinn`` after ``delay`` (or
    wait for a place under the interim package), stay ``duration`` or until death."""
    env = w.env
    if delay > 0:
        yield env.timeout(delay)
    with w.places[trinn].request() as req:
        got = yield from _wait_for(w, req, pid, group, trinn, death)
        if got:
            start = env.now
            end = min(start + duration, death, w.horizon)
            yield env.timeout(end - start)
            w.recorder.add(pid, group, item, trinn, start, end)
    # free from now on; an episode cut at the horizon holds the citizen to the end
    pop: Any = w.pop
    pop.busy_until[pid] = env.now if env.now < w.horizon else np.inf


def dementia_case(w: World, pid: int, group: int, stages: tuple[StageSpec, ...],
                  lengths: list[float], delay: float, death: float
                  ) -> Generator[simpy.Event, object, None]:
    """A dementia pathway: the stages in order, each for its drawn length; the last until death.

    ``lengths`` holds the (already scaled and drawn) length of each stage; the first entry
    may be a remainder for a case already under way at the start. A stage in a trinn with
    limited places is entered when a place is granted (waiting under the interim package);
    a case with no such stage never waits and is recorded at its onset instead, by
    `known_dementia_cases`, which follows this journey step for step.
    """
    env, places = w.env, w.places
    if delay > 0:
        yield env.timeout(delay)
    last = len(stages) - 1
    deadline = min(death, w.horizon)
    for i, (stage, length) in enumerate(zip(stages, lengths, strict=True)):
        if env.now >= deadline:
            break
        pool = places.get(stage.trinn) if stage.item != NO_ITEM else None
        with pool.request() if pool is not None else nullcontext() as req:
            if req is not None:
                got = yield from _wait_for(w, req, pid, group, stage.trinn, deadline)
                if not got:
                    break
            start = env.now
            end = deadline if i == last else min(start + length, deadline)
            yield env.timeout(end - start)
            if stage.item != NO_ITEM:
                w.recorder.add(pid, group, stage.item, stage.trinn, start, end)


def known_dementia_cases(rec: Recorder, pids: NDArray[np.int64], group: int,
                         stages: tuple[StageSpec, ...], lengths: NDArray[np.float64],
                         now: float, onset: NDArray[np.float64], death: NDArray[np.float64],
                         horizon: float) -> None:
    """Record the journeys of `dementia_case` for cases that no queue can hold up (no stage
    in a trinn with limited places, `World.can_queue`), all known at ``now``.

    One row of ``lengths`` per case, one column per stage of ``stages`` (shared by the
    cases). The journey is the process's, stage by stage for all cases at once: a case
    starts at its onset; each stage lasts its length, the last until death; the pathway
    ends at death or the horizon. The times use the same floating-point operations in the
    same order as the process's clock (SimPy's ``now`` advances by each timeout's delay,
    ``now + (end - start)``), and a stage whose end the clock would reach only after the
    horizon is not recorded (the run stops there), so the records are bit for bit the
    process's.
    """
    delay = onset - now
    clock = np.where(delay > 0, now + delay, now)
    deadline = np.minimum(death, horizon)
    going = np.ones(len(pids), dtype=bool)
    last = len(stages) - 1
    for i, stage in enumerate(stages):
        going &= clock < deadline
        if not going.any():
            break
        end = deadline if i == last else np.minimum(clock + lengths[:, i], deadline)
        after = clock + (end - clock)
        going &= after <= horizon
        if stage.item != NO_ITEM:
            rec.add_many(pids[going], group, stage.item, stage.trinn, clock[going], end[going])
        clock = after
