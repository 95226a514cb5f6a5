"""The synthetic inhabitants of one replication: ages, arrival, departure, death.

Arrays indexed by citizen id, the citizen's position (creation order). Its random draws
are keyed by its identity instead (origin, year, sequence: `sim.randomness.identity`,
registered with `Draws.register` as citizens are created), so a scenario whose births or
arrivals differ shifts positions without changing anyone else's luck. Ages change on
1 January: age in year index k is
``age_base + k``. A citizen is present on 1 January of year index k when
``arrival <= k < gone``; ``gone`` is the death time (continuous) or the emigration time.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from sim import startcache
from sim.derive import EngineInputs
from sim.derive.demography import BIRTH_AGES
from sim.lifetable import death_ages, moved_death_ages
from sim.randomness import Draws, Origin, Stream, identity, uniforms


class Population:
    """Growable arrays of citizens (no SimPy here: demography is vectorised per year)."""

    def __init__(self, inputs: EngineInputs, draws: Draws) -> None:
        self.inputs = inputs
        self.draws = draws
        ages = inputs.ages.initial_ages
        n = len(ages)
        draws.register(identity(Origin.INITIAL, 0, 0, np.arange(n)))
        self.age_base = ages.astype(np.int64)
        self.arrival = np.zeros(n)
        self.death = self._initial_death_times(ages)
        self.gone = self.death.copy()
        self.dementia = np.zeros(n, dtype=bool)
        self.onset = np.full(n, np.inf)  # dementia onset time (or arrival with it)
        self.new_case = np.zeros(n, dtype=bool)  # fell ill here (not under way at arrival)
        # time from which the citizen is free for a new episode: the end of their stay, or
        # inf while a case, a queued episode or a stay running past the horizon holds them
        self.busy_until = np.zeros(n)
        self.births = np.zeros(len(inputs.years), dtype=np.int64)
        self.immigrants = np.zeros(len(inputs.years), dtype=np.int64)
        self.emigrants = np.zeros(len(inputs.years), dtype=np.int64)

    @property
    def size(self) -> int:
        """Citizens ever created."""
        return len(self.age_base)

    def _death_times(self, ids: NDArray[np.int64], ages: NDArray[np.int64], k: int
                     ) -> NDArray[np.float64]:
        # everyone starts free of dementia; onset moves the death time (`fall_ill`)
        u = self.draws.uniforms(ids, Stream.DEATH)
        age_at_death = death_ages(ages, u, self.inputs.epidemiology.cum_free)
        return k + (age_at_death - ages)

    def _initial_death_times(self, ages: NDArray[np.int64]) -> NDArray[np.float64]:
        """`_death_times` of the start population, memoised (`sim.startcache`): the same
        for every trial of a calibration, keyed on all it reads."""
        ids = np.arange(len(ages))
        self.draws.claim(ids, Stream.DEATH)
        root, identities = self.draws.root, self.draws.identities(ids)
        cum = self.inputs.epidemiology.cum_free

        def compute() -> NDArray[np.float64]:
            u = uniforms(root, identities, Stream.DEATH)
            return np.asarray(death_ages(ages, u, cum) - ages, dtype=np.float64)

        death = startcache.cached(compute, "death", root, identities, ages, cum)
        return death.copy()  # fall_ill moves some: this replication's own array

    def fall_ill(self, ids: NDArray[np.int64], t: NDArray[np.float64]) -> None:
        """Mark ``ids`` as having dementia from time ``t`` (alive then) and move their death
        times to the hazard with dementia (`sim.lifetable.moved_death_ages`)."""
        # exact ages: age_base + time (birthdays on 1 January)
        base = self.age_base[ids].astype(np.float64)
        age_death = moved_death_ages(base + t, base + self.death[ids],
                                     self.inputs.epidemiology.cum_free,
                                     self.inputs.epidemiology.cum_case)
        self.dementia[ids] = True
        self.onset[ids] = t
        self.death[ids] = age_death - base
        self.gone[ids] = self.death[ids]  # present and ill: they do not emigrate

    def ages_at(self, k: int, ids: NDArray[np.int64] | None = None) -> NDArray[np.int64]:
        """Return single-year ages in year index k (capped at the oldest modelled age)."""
        base = self.age_base if ids is None else self.age_base[ids]
        return np.minimum(base + k, self.inputs.life.max_age)

    def free_at(self, t: float) -> NDArray[np.bool_]:
        """Return who holds no stay, case or queued episode at time ``t``."""
        return self.busy_until <= t

    def present(self, t: float) -> NDArray[np.bool_]:
        """Return who is present (arrived, not dead or gone) at time ``t``."""
        return (self.arrival <= t) & (self.gone > t)

    def _append(self, ages: NDArray[np.int64], k_arrival: int) -> NDArray[np.int64]:
        """Add citizens (their identities registered with the draws already)."""
        start = self.size
        ids = np.arange(start, start + len(ages))
        self.age_base = np.concatenate([self.age_base, ages - k_arrival])
        self.arrival = np.concatenate([self.arrival, np.full(len(ages), float(k_arrival))])
        death = self._death_times(ids, ages, k_arrival)
        self.death = np.concatenate([self.death, death])
        self.gone = np.concatenate([self.gone, death])
        self.dementia = np.concatenate([self.dementia, np.zeros(len(ages), dtype=bool)])
        self.onset = np.concatenate([self.onset, np.full(len(ages), np.inf)])
        self.new_case = np.concatenate([self.new_case, np.zeros(len(ages), dtype=bool)])
        self.busy_until = np.concatenate([self.busy_until, np.zeros(len(ages))])
        return ids

    def year_end(self, k: int) -> NDArray[np.int64]:
        """Apply births and net migration of year index k at its end (time k + 1).

        Births: Poisson with mean birth rate x inhabitants 18-49 on 1 January. Net migration:
        the inputs' deterministic schedule per age group; immigrants get ages within the
        group from its age weights, emigrants are drawn among present citizens of the group
        who are not in care and have no dementia (keyed by citizen, so the same people leave
        in every scenario). Returns the immigrants' ids.
        """
        inp = self.inputs
        t_end = float(k + 1)
        rng = self.draws.aggregate(k)
        here = self.present(float(k))
        ages_k = self.ages_at(k)
        adults = int(np.count_nonzero(here & (ages_k >= BIRTH_AGES[0]) & (ages_k <= BIRTH_AGES[1])))
        n_births = int(rng.poisson(inp.flows.birth_rate_per_adult * adults))
        self.births[k] = n_births
        self.draws.register(identity(Origin.BIRTH, k, 0, np.arange(n_births)))
        self._append(np.zeros(n_births, dtype=np.int64), k + 1)
        alive_end = self.present(t_end)
        group_next = inp.ages.age_group_of[self.ages_at(k + 1)]
        stay_mask = alive_end & self.free_at(t_end) & ~self.dementia
        # appended after the loop: immigrants are not candidates for emigration
        arriving, who = [], []
        for j, net in enumerate(inp.flows.net[k]):
            if net > 0:
                arriving.append(j)
                who.append(identity(Origin.IMMIGRANT, k, j, np.arange(int(net))))
                self.immigrants[k] += net
            elif net < 0:
                cand = np.flatnonzero(stay_mask & (group_next == j))
                if len(cand) == 0:
                    continue
                u = self.draws.uniforms(cand, Stream.EMIGRATION, k)
                n = min(-int(net), len(cand))  # those with the n smallest keys leave
                leave = cand[np.argpartition(u, n - 1)[:n]] if n < len(cand) else cand
                self.gone[leave] = t_end
                self.emigrants[k] += len(leave)
        if not arriving:
            return np.zeros(0, dtype=np.int64)
        # each immigrant's age is its own keyed draw (the inverse of its group's age
        # distribution, as numpy's choice draws it), so one group's numbers change no
        # other immigrant's age
        first = self.size
        self.draws.register(np.concatenate(who))
        u = self.draws.uniforms(np.arange(first, first + sum(len(w) for w in who)),
                                Stream.IMMIGRANT_AGE)
        ages, at = [], 0
        for j, members in zip(arriving, who, strict=True):
            cdf = np.cumsum(inp.ages.weights[j])
            ages.append(np.searchsorted(cdf / cdf[-1], u[at:at + len(members)], side="right"))
            at += len(members)
        return self._append(np.concatenate(ages).astype(np.int64), k + 1)

    def persons_by_group(self, k: int) -> NDArray[np.int64]:
        """Return persons present on 1 January of year index k by SSB age group."""
        here = self.present(float(k))
        groups = self.inputs.ages.age_group_of[self.ages_at(k)[here]]
        return np.bincount(groups, minlength=len(self.inputs.ages.labels))
