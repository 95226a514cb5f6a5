"""One replication: build the start-year population, run SimPy to the end year, return tables.

SimPy schedules the years and the waits for places; everything else is arrays. The loop,
in the order it runs (same-time events in this order too):

1. Start (t = 0): the cases of dementia under way (their pathways from the intervention
   modules, sim/intervention.py) and the stays under way, each journey in bulk
   (sim/citizens.py) unless it may wait for a place.
2. Each year k, the year process at t = k: places follow the year's limits
   (sim/places.py, waiting citizens admitted first come, first served); then the year's
   onsets among the free: new dementia cases (pathway and stages from the modules) and new
   stays per need-group cell (each module's `new_stays`, in module order, then the stays
   themselves). A journey that may wait for a place is a SimPy process (in citizen order,
   so same-time requests queue alike); the others are recorded at once.
3. At t = k + 1, after everything before: births and migration of year k; immigrants
   arriving with dementia start their cases under way.
4. After the horizon: the tables, with the modules' cost hooks in the costing.

Deaths, stage ends and episode ends fall at continuous times.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pandas as pd
import simpy
from numpy.typing import NDArray
from scipy.special import gammaincinv

from models import libm
from scenarios.interventions import with_effect_scale
from sim import startcache
from sim.accounting import demography_table, population_table, yearly_table
from sim.citizens import (
    Recorder,
    World,
    dementia_case,
    dementia_cases_in_bulk,
    episode,
    episodes_in_bulk,
)
from sim.derive import (
    DEMENTIA,
    INTERIM_TRINN,
    INVESTMENT_TRINN,
    PLACE_BASED,
    CellSpec,
    EngineInputs,
    StageSpec,
)
from sim.derive.common import largest_remainder
from sim.intervention import (
    Module,
    ModuleContext,
    NewStays,
    ScenarioLike,
    StageGroup,
    build_modules,
)
from sim.places import Places
from sim.population import Population
from sim.randomness import (
    ARRIVAL_DEMENTIA_COUNTER,
    INITIAL_DEMENTIA_COUNTER,
    INITIAL_ORDER_COUNTER,
    START_DURATION_COUNTER,
    Draws,
    Stream,
    replicate_root,
    uniforms,
)

#: Capacity of a place-based trinn in a year the scenario sets no limit for: more places
#: than a municipality has inhabitants, so nobody ever queues (Places needs a number).
UNCONSTRAINED = 10**9




@dataclass(frozen=True)
class ReplicationResult:
    """The tables of one replication (no scenario or replication columns yet)."""

    yearly: pd.DataFrame
    population: pd.DataFrame
    demography: pd.DataFrame
    events: int         # SimPy events scheduled (`events_scheduled`)


def events_scheduled(env: simpy.Environment) -> int:
    """Return the events ``env`` has scheduled: SimPy numbers each event it schedules (the
    id that orders same-time events, an ``itertools.count``), so the count is the next id.
    Read from the counter's text so as not to consume an id; counting in an overridden
    ``schedule`` cost a Python call per event (about 4 % of the capacity example)."""
    text = repr(env._eid)  # "count(n)"
    return int(text[text.index("(") + 1:-1])


def stage_factors(draws: Draws, ids: np.ndarray, n_stages: int, shape: float) -> np.ndarray:
    """Per-citizen multipliers of each stage's length: Gamma(shape, scale 1/shape), mean 1."""
    for i in range(n_stages):
        draws.claim(ids, Stream.STAGE, i)
    return stage_factors_of(draws.root, draws.identities(ids), n_stages, shape)


def stage_factors_of(root: int, identities: np.ndarray, n_stages: int, shape: float
                     ) -> np.ndarray:
    """`stage_factors` of citizens with these identities, the draws claimed already."""
    out = np.empty((len(identities), n_stages))
    for i in range(n_stages):
        out[:, i] = gammaincinv(shape, uniforms(root, identities, Stream.STAGE, i)) / shape
    return out


def episode_durations(draws: Draws, ids: np.ndarray, mean_years: float | np.ndarray,
                      counter: int) -> np.ndarray:
    """Exponential episode lengths with the given mean(s) (memoryless, so an episode under
    way at the start has the same law for its remainder)."""
    return np.asarray(-libm.log(draws.uniforms(ids, Stream.DURATION, counter)) * mean_years)


def remaining_stage_lengths(stage_years: np.ndarray, factors: np.ndarray, behind: np.ndarray,
                            life_left: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (first stage still ahead, stage lengths) for cases of one pathway.

    ``stage_years`` are the persona's years per stage; a case has ``behind`` persona years
    of the pathway behind it (0 for a new case) and ``life_left`` years to its death. The
    persona years still ahead in each stage are multiplied by the case's gamma ``factors``
    and rescaled to add up to ``life_left``: the stages' shares vary from case to case,
    their total does not. Stages behind the case get length 0; the last stage is never
    wholly behind.
    """
    n_stages = len(stage_years)
    done = np.cumsum(stage_years)  # persona years at the end of each stage
    first = np.minimum(np.searchsorted(done, behind, side="right"), n_stages - 1)
    done_before_first = np.where(first > 0, done[np.maximum(first - 1, 0)], 0.0)
    stage = np.arange(n_stages)
    ahead = np.where(stage < first[:, None], 0.0, stage_years)
    ahead = np.where(stage == first[:, None], ahead - (behind - done_before_first)[:, None],
                     ahead) * factors
    return first, ahead * life_left[:, None] / ahead.sum(axis=1)[:, None]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector, restoring its state afterwards.

    Where places are limited a replication allocates some 4 x 10^4 short-lived SimPy events
    and keeps thousands of processes alive at a time (the capacity example); the collector's
    repeated scans of them cost about a fifth of the run time (measured when every stay was
    a process: 1.04 s -> 0.81 s per replication). Reference counting still frees events and
    finished processes as they go, so memory does not grow (the same peak RSS).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Replication:
    """The state and SimPy processes of one replication (use `run_replication`)."""

    def __init__(self, inputs: EngineInputs, scenario: ScenarioLike, replication: int,
                 root_seed: int) -> None:
        if scenario.start_year != inputs.start_year or scenario.end_year != inputs.end_year:
            raise ValueError("scenario years differ from the engine inputs' years")
        self.inputs = inputs
        self.scenario = scenario
        self.draws = Draws(replicate_root(root_seed, replication))
        self.env = simpy.Environment()
        self.pop = Population(inputs, self.draws)
        self.recorder = Recorder()
        self.n_years = len(inputs.years)
        places = {}
        for t in PLACE_BASED:
            cap = scenario.capacity_in(t, inputs.start_year)
            if cap is not None or any(scenario.capacity_in(t, y) is not None
                                      for y in inputs.years):
                places[t] = Places(self.env, cap if cap is not None else UNCONSTRAINED)
        self.world = World(self.env, self.recorder, places, self.pop, inputs.costing.interim_item,
                           INTERIM_TRINN, float(self.n_years))
        self.dementia_group = inputs.groups.index(DEMENTIA)
        # entry probability per free person-year: (SSB age group, cell)
        self.cell_hazard = np.column_stack([cell.hazard for cell in inputs.entry.cells])
        self.cell_hazard_total = self.cell_hazard.sum(axis=1)
        # a parameter draw's lever_effect_scale scales every lever's effect (1: as written)
        self.levers = with_effect_scale(
            scenario.interventions,
            inputs.levers.effect_scale if inputs.levers is not None else 1.0)
        self.modules: list[Module] = build_modules(self.levers, ModuleContext(
            inputs, scenario, self.draws, self.recorder, self.pop, float(self.n_years)))

    def _pathways(self, ids: np.ndarray, year: int | None) -> list[str]:
        """The pathways of dementia cases (the first module that decides them)."""
        for m in self.modules:
            chosen = m.pathways(DEMENTIA, ids, year)
            if chosen is not None:
                return chosen
        raise ValueError("no module chooses the dementia pathways")

    # -- dementia ----------------------------------------------------------------------
    def _stage_factors(self, ids: np.ndarray, n_stages: int, at_start: bool) -> np.ndarray:
        shape = self.inputs.dementia_pathways.stage_shape
        if not at_start:  # later cases differ from trial to trial: nothing to reuse
            return stage_factors(self.draws, ids, n_stages, shape)
        draws = self.draws
        for i in range(n_stages):
            draws.claim(ids, Stream.STAGE, i)
        identities = draws.identities(ids)
        return startcache.cached(
            lambda: stage_factors_of(draws.root, identities, n_stages, shape),
            "factors", draws.root, identities, n_stages, shape)

    def _start_dementia(self, ids: np.ndarray, onset: np.ndarray, pathways: list[str],
                        position: np.ndarray | None = None, at_start: bool = False) -> None:
        """Start dementia processes.

        A new case starts its pathway at onset; its persona years are stretched or compressed
        to its remaining lifetime. A case under way at the start (``position`` = share of the
        pathway behind it) runs the rest of the pathway over its remaining lifetime. Each
        stage's persona years are multiplied by a Gamma(shape, 1/shape) factor (mean 1) and
        the lengths rescaled to end at death, so stages vary in their share of the pathway.
        The cases' death times are already those with dementia (`Population.fall_ill`).
        ``at_start``: the cases under way on 1 January (their stage factors are memoised,
        `sim.startcache`).
        """
        inp = self.inputs
        pop = self.pop
        pop.busy_until[ids] = np.inf
        death = pop.death[ids]
        if position is None:  # new cases: the pathway's one-off investment at onset
            for pid, t, name in zip(ids.tolist(), onset.tolist(), pathways, strict=True):
                amount = inp.dementia_pathways.investment.get(name, 0.0)
                if amount > 0:
                    self.recorder.one_offs.append((pid, self.dementia_group, INVESTMENT_TRINN,
                                                   t, amount))
        n_max = max(len(st) for st in inp.dementia_pathways.stages.values())
        factors = self._stage_factors(ids, n_max, at_start)
        behind = ((np.zeros(len(ids)) if position is None else position)
                  * inp.dementia_pathways.years)
        names = np.asarray(pathways)
        # the stages still ahead, in groups of cases that share them (a pathway from one
        # stage on): (stages, the cases' positions in ids, lengths: cases x stages)
        ahead: list[StageGroup] = []
        for name, stages in inp.dementia_pathways.stages.items():
            sel = np.flatnonzero(names == name)
            if len(sel) == 0:
                continue
            first, lengths = remaining_stage_lengths(
                np.array([st.years for st in stages]), factors[sel, :len(stages)],
                behind[sel], death[sel] - onset[sel])
            for f in np.unique(first).tolist():
                rows = first == f
                ahead.append((stages[f:], sel[rows], lengths[rows, f:]))
        for m in self.modules:
            ahead = m.stages(self.dementia_group, ids, onset, ahead)
        # a case that can wait for a place is a process; processes start in citizen order,
        # so same-time requests for places queue alike. The others are known in full now and
        # recorded in bulk, per stage sequence (`dementia_cases_in_bulk`: no SimPy event).
        now, world = self.env.now, self.world
        queued: list[tuple[int, tuple[StageSpec, ...], list[float]]] = []
        for stages, members, lengths in ahead:
            if world.can_queue(stages):
                queued.extend((j, stages, row) for j, row in zip(
                    members.tolist(), lengths.tolist(), strict=True))
            else:
                dementia_cases_in_bulk(self.recorder, ids[members], self.dementia_group,
                                       stages, lengths, now, onset[members], death[members],
                                       world.horizon)
        if queued:
            queued.sort(key=lambda q: q[0])
            pid, t0, d = ids.tolist(), onset.tolist(), death.tolist()
            for j, stages, row in queued:
                self.env.process(dementia_case(world, pid[j], self.dementia_group, stages,
                                               row, t0[j] - now, d[j]))

    def _initial_dementia(self) -> None:
        inp, pop = self.inputs, self.pop
        ids = np.flatnonzero(pop.present(0.0))
        ages0 = pop.ages_at(0, ids)
        # exactly the prevalence profile's cases at each single age (largest remainder of
        # inhabitants x prevalence to the municipality's count); within an age, those with
        # the smallest keyed uniforms (a weighted sample without replacement would thin the
        # oldest ages, where a large share has dementia)
        n_age = np.bincount(ages0, minlength=len(inp.prevalence.weight))
        per_age = largest_remainder(n_age * inp.prevalence.weight, inp.prevalence.prevalent)
        draws = self.draws
        draws.claim(ids, Stream.INITIAL_STATE, INITIAL_DEMENTIA_COUNTER)
        identities = draws.identities(ids)

        def choose() -> np.ndarray:
            u = uniforms(draws.root, identities, Stream.INITIAL_STATE, INITIAL_DEMENTIA_COUNTER)
            order = np.lexsort((u, ages0))                # by age, then by key
            rank = np.empty(len(ids), dtype=np.int64)
            starts = np.concatenate([[0], np.cumsum(n_age)[:-1]])
            rank[order] = np.arange(len(ids)) - np.repeat(starts, n_age)
            return np.sort(ids[rank < per_age[ages0]])

        # the same for every trial of a calibration (sim.startcache: keyed on all it reads)
        chosen = startcache.cached(choose, "dementia", draws.root, ids, identities, ages0,
                                   per_age)
        self._under_way(chosen, 0.0, at_start=True)

    def _under_way(self, ids: np.ndarray, t: float, at_start: bool = False) -> None:
        """Start cases under way at time ``t`` (the start, or an immigrant's arrival).

        A case under way at age a has lived E years with dementia and has R (to its death
        time) left; given a, E and R are independent, E from the elapsed-time law. Its
        position on the pathway is E / (E + R); it follows the existing cases' pathway mix.
        """
        inp, pop = self.inputs, self.pop
        pop.fall_ill(ids, np.full(len(ids), t))
        ages = pop.ages_at(int(t), ids)
        u = self.draws.uniforms(ids, Stream.PREVALENT_POSITION)
        cdf = inp.elapsed[ages]
        idx = np.maximum((cdf < u[:, None]).sum(axis=1) - 1, 0)
        lo, hi = cdf[np.arange(len(u)), idx], cdf[np.arange(len(u)), idx + 1]
        elapsed = idx + (u - lo) / np.maximum(hi - lo, 1e-12)
        position = elapsed / (elapsed + pop.death[ids] - t)
        self._start_dementia(ids, np.full(len(ids), t), self._pathways(ids, None), position,
                             at_start)

    def _arrivals(self, ids: np.ndarray, k: int) -> None:
        """Immigrants of year index k arrive at time k + 1 with dementia at the prevalence of
        their age: SSB's net migration into the old age groups stands in for survivors (and
        movers) whose dementia is as common as among the inhabitants of their age."""
        if len(ids) == 0:
            return
        w = self.inputs.prevalence.weight[self.pop.ages_at(k + 1, ids)]
        u = self.draws.uniforms(ids, Stream.INITIAL_STATE, ARRIVAL_DEMENTIA_COUNTER)
        ill = ids[u < w]
        if len(ill):
            self._under_way(ill, float(k + 1))

    # -- other need groups ---------------------------------------------------------------
    def _initial_episodes(self) -> None:
        inp, pop = self.inputs, self.pop
        ids = np.flatnonzero(pop.present(0.0) & ~pop.dementia)
        draws = self.draws
        draws.claim(ids, Stream.INITIAL_STATE, INITIAL_ORDER_COUNTER)
        identities = draws.identities(ids)
        order = startcache.cached(  # the same for every trial of a calibration
            lambda: np.argsort(uniforms(draws.root, identities, Stream.INITIAL_STATE,
                                        INITIAL_ORDER_COUNTER), kind="stable"),
            "order", draws.root, identities)
        ids = ids[order]
        ag = inp.ages.age_group_of[pop.ages_at(0, ids)]
        # one unit-mean length per citizen (a counter that is no year), scaled per cell
        unit = episode_durations(self.draws, ids, 1.0, counter=START_DURATION_COUNTER)
        # each cell takes the first n still free of an age group, in the keyed order: the
        # free of a group are always the rest of its members after those taken, so one
        # pointer per group finds them (no pass over everyone per cell and group)
        by_group = np.argsort(ag.astype(np.int16), kind="stable")  # radix sort: few groups
        members = np.split(by_group, np.cumsum(np.bincount(ag, minlength=len(inp.ages.labels))))
        taken = [0] * len(members)
        for cell in inp.entry.cells:
            for j, n in enumerate(cell.initial):
                if n <= 0:
                    continue
                pick = members[j][taken[j]:taken[j] + n]
                taken[j] += len(pick)
                self._spawn_episodes(ids[pick], cell, np.zeros(len(pick)),
                                     unit[pick] * cell.mean_years)

    def _spawn_episodes(self, ids: np.ndarray, cell: CellSpec, entry: np.ndarray,
                        durations: np.ndarray) -> None:
        pop = self.pop
        now = self.env.now
        process, world = self.env.process, self.world
        group, item, trinn = cell.group, cell.item, cell.trinn
        death = pop.death[ids]
        if trinn not in world.places:
            # No queue can hold the citizen up, so the stay is known in full now: its record
            # is written and the citizen is free again from its end. Nothing happens in
            # between that needs simulated time, so it costs no SimPy event.
            pop.busy_until[ids] = episodes_in_bulk(self.recorder, ids, group, item, trinn,
                                                   entry, durations, death, world.horizon)
            return
        pop.busy_until[ids] = np.inf  # until the episode process ends
        for pid, t0, dur, d in zip(ids.tolist(), entry.tolist(), durations.tolist(),
                                   death.tolist(), strict=True):
            process(episode(world, pid, group, item, trinn, t0 - now, dur, d))

    def _onsets(self, k: int) -> None:
        """Draw the year's new episodes and dementia cases among citizens free on 1 January."""
        inp, pop = self.inputs, self.pop
        without = pop.present(float(k)) & ~pop.dementia
        free = without & pop.free_at(float(k))
        ids = np.flatnonzero(free)
        ages = pop.ages_at(k, ids)
        ag = inp.ages.age_group_of[ages]
        # Onsets are drawn among the free only (someone in a stay keeps it), yet the onset
        # probability is one of everyone without dementia: scale it by age to the free, from
        # this year's counts, so the cases keep the prevalence profile as care use changes.
        n_ages = len(inp.onsets.hazard)
        n_without = np.bincount(pop.ages_at(k)[without], minlength=n_ages)
        n_free = np.bincount(ages, minlength=n_ages)
        to_free = n_without / np.maximum(n_free, 1)
        # entry probabilities per free person-year: dementia first (an illness, with the
        # probability the prevalence profile needs), then the cells; where they add up past 1
        # the person surely starts something and the cells share what dementia leaves
        shift = self.scenario.health_shift * k / 10.0
        if shift > 0.0:  # a healthier old age: onset as at a younger age (issue 31)
            # by single age once, then per citizen (as the tables by age group below)
            dem_by_age, cells_by_age = health_shifted(
                inp.onsets.hazard, self.cell_hazard, inp.ages.age_group_of,
                np.arange(n_ages, dtype=np.int64), shift)
            person_hz = cells_by_age[ages]
            dem_p = np.minimum(dem_by_age[ages] * to_free[ages], 1.0)
            total = dem_p + cells_by_age.sum(axis=1)[ages]
        else:  # today's need by age (the arithmetic of the golden tables)
            dem_p = np.minimum(inp.onsets.hazard[ages] * to_free[ages], 1.0)
            total = dem_p + self.cell_hazard_total[ag]
        u_hit = self.draws.uniforms(ids, Stream.ONSET, k)
        hit = u_hit < np.minimum(total, 1.0)
        ids, ages, ag, is_dem = ids[hit], ages[hit], ag[hit], u_hit[hit] < dem_p[hit]
        cell_hz = person_hz[hit] if shift > 0.0 else self.cell_hazard[ag]
        u = self.draws.uniforms(ids, Stream.ONSET_CHOICE, k)
        # the cell in proportion to the cells' hazards; the last takes any rounding gap
        which = np.minimum((u[:, None] * cell_hz.sum(axis=1)[:, None]
                            > np.cumsum(cell_hz, axis=1)).sum(axis=1), len(inp.entry.cells) - 1)
        choice = np.where(is_dem, 0, which + 1)
        entry = k + self.draws.uniforms(ids, Stream.ENTRY_TIME, k)
        alive = entry < pop.death[ids]
        ids, choice, entry = ids[alive], choice[alive], entry[alive]
        dem = choice == 0
        if dem.any():
            pathways = self._pathways(ids[dem], inp.start_year + k)
            self.pop.fall_ill(ids[dem], entry[dem])
            self.pop.new_case[ids[dem]] = True
            self._start_dementia(ids[dem], entry[dem], pathways)
        unit = episode_durations(self.draws, ids, 1.0, counter=k)  # scaled per cell below
        ages = ages[alive]
        for c, cell in enumerate(inp.entry.cells):
            sel = choice == c + 1
            if sel.any():
                self._new_stays(NewStays(cell, inp.start_year + k, k, ids[sel], ages[sel],
                                         entry[sel], unit[sel] * cell.mean_years))

    def _new_stays(self, stays: NewStays) -> None:
        """Start a cell's new stays of the year, the modules first (in their order): each
        may move some elsewhere (started at once) and change the others' entries and
        lengths, or record something before them."""
        for m in self.modules:
            moved, stays = m.new_stays(stays)
            for part in moved:
                self._spawn_episodes(part.ids, part.cell, part.entry, part.durations)
        self._spawn_episodes(stays.ids, stays.cell, stays.entry, stays.durations)

    def _years(self) -> Generator[simpy.Event, object, None]:
        inp = self.inputs
        for k, year in enumerate(inp.years):
            for t, pool in self.world.places.items():
                cap = self.scenario.capacity_in(t, year)
                pool.set_capacity(cap if cap is not None else UNCONSTRAINED)
            self._onsets(k)
            yield self.env.timeout(1)
            self._arrivals(self.pop.year_end(k), k)

    def run(self) -> ReplicationResult:
        """Run to the end of the last year and return the tables."""
        with _collector_paused():
            self.start()
            self.simulate()
            return self.tables()

    def start(self) -> None:
        """Set up the start state: cases and episodes under way on 1 January, the years."""
        self._initial_dementia()
        self._initial_episodes()
        self.env.process(self._years())

    def simulate(self) -> None:
        """Run the event loop (onsets, births, migration and all processes) to the horizon.

        Timing this (benchmarks/bench_engine.py) measures the event loop alone.
        """
        horizon = float(self.n_years)
        self.env.run(until=horizon)
        # run(until=h) stops before events at h; stages scheduled to close at the horizon
        # fire exactly at h and write their records, so step through those too
        while self.env.peek() <= horizon:
            self.env.step()

    def tables(self) -> ReplicationResult:
        """Return the tables of the simulated replication."""
        rec = self.recorder.columns()
        return ReplicationResult(yearly_table(self.inputs, rec, self.pop, self.modules),
                                 population_table(self.inputs, self.pop),
                                 demography_table(self.inputs, self.pop, rec),
                                 events_scheduled(self.env))


#: The health trend moves need onset only from this age: the need of old age (issue 31).
HEALTH_MIN_AGE = 67


def health_shifted(dem_hazard: NDArray[np.float64], cell_hazard: NDArray[np.float64],
                   age_group_of: NDArray[np.int64], ages: NDArray[np.int64], shift: float
                   ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Onset hazards of citizens aged ``ages`` when need by age has moved ``shift`` years
    older: from `HEALTH_MIN_AGE` on, a citizen has the hazards of the age ``shift`` years
    younger (not below `HEALTH_MIN_AGE`), interpolated linearly between single ages (the
    cells' hazards, by age group, as a step function of the single age).

    Returns the dementia onset hazard per citizen and the cells' hazards (citizens x cells).
    """
    top = len(dem_hazard) - 1
    old = ages >= HEALTH_MIN_AGE
    eff = np.where(old, np.maximum(ages - shift, HEALTH_MIN_AGE), ages).astype(float)
    dem = np.interp(eff, np.arange(top + 1, dtype=float), dem_hazard)
    lo = np.floor(eff).astype(np.int64)
    frac = (eff - lo)[:, None]
    hi = np.minimum(lo + 1, top)
    cells = (1.0 - frac) * cell_hazard[age_group_of[lo]] + frac * cell_hazard[age_group_of[hi]]
    return dem, cells


def run_replication(inputs: EngineInputs, scenario: ScenarioLike, replication: int,
                    root_seed: int) -> ReplicationResult:
    """Run one replication of a scenario; pure (no I/O, no clock).

    Parameters
    ----------
    inputs
        From `sim.derive.derive_inputs` for the scenario's municipality and years.
    scenario
        The validated scenario (strategy mixes, capacities).
    replication
        The replicate number; with ``root_seed`` it keys all randomness, so replicate r of
        every scenario shares its random streams (common random numbers).
    root_seed
        The run's root seed.
    """
    return Replication(inputs, scenario, replication, root_seed).run()


#: What a caller keeps of a finished replication instead of its tables (calibration: its
#: targets' values, computed where the replication ran). Must pickle (it goes to workers).
Summary = Callable[[Replication], NDArray[np.float64]]


def run_summary(inputs: EngineInputs, scenario: ScenarioLike, replication: int,
                root_seed: int, summary: Summary) -> NDArray[np.float64]:
    """Run one replication as `run_replication` does and return ``summary`` of it (the
    simulated replication: its population, records and modules) instead of its tables.

    Calibration runs the same replications for trial after trial: their start state's
    costly steps are memoised in this process (`sim.startcache`, keyed on all they read;
    the same numbers as computing them afresh)."""
    with startcache.active():
        rep = Replication(inputs, scenario, replication, root_seed)
        with _collector_paused():
            rep.start()
            rep.simulate()
            return summary(rep)
