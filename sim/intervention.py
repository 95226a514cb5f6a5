"""Interventions as modules: one protocol, a registry, and the order the engine calls them in.

A scenario's interventions (scenarios/interventions.py: the schema) reach the engine as
modules: one module per intervention kind, built once per replication from the scenario's
interventions of that kind (`build_modules`). The engine knows no lever by name: it calls
every module's hooks at fixed points of a replication, in the modules' ``order`` (ascending,
ties by registration), as Starsim's loop and TLOmodel's event priorities make the order of
a step visible:

==========  ==========================================================================
when        hook (what it may change)
==========  ==========================================================================
a dementia  `Module.pathways`: the pathway (package sequence) of cases starting or under
case starts way (the first module that answers decides); `Module.stages`: the stages
            still ahead of new and arriving cases (where a stage is spent: packages)
1 January   `Module.new_stays`, once per need-group cell with new stays in the year:
of a year   which of them start elsewhere (a list of moved stays, spawned at once, in
            module order), when the others start and how long they last (entries,
            stays), and records before them (a programme: packages)
the costing `Module.costs`: after the run, on the records (hours and cost by year, trinn
            and group), in module order, each seeing what the earlier ones changed
==========  ==========================================================================

The built-in modules and their order: pathway mix 10 (sim/pathway_mix.py), housing
profile 20 (sim/housing.py), reablement 30 (sim/reablement.py), fewer small decisions 40
and digital home care 50 (sim/levers.py). The staff supply levers (sim/staffing.py) are
registered but never active: they act on the supply side, outside the engine. A new
lever is a new module registered with `register` (for the kind its scenario-schema class
names) and its entry in the scenario schema; the engine is not edited.

A module may hold no random state of its own: its draws are keyed by citizen through the
replication's `Draws` (``ModuleContext.draws``), so common random numbers hold.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Protocol

import numpy as np
from numpy.typing import NDArray

from scenarios.interventions import Intervention
from sim.randomness import Draws

if TYPE_CHECKING:  # these import sim.derive, which imports the lever modules
    from scenarios.scenario import GroupStrategy
    from sim.citizens import Recorder
    from sim.derive import CellSpec, EngineInputs, StageSpec
    from sim.population import Population


class ScenarioLike(Protocol):
    """What the engine and its modules need of a scenario (`scenarios.Scenario` has it)."""

    @property
    def start_year(self) -> int: ...
    @property
    def end_year(self) -> int: ...
    @property
    def groups(self) -> Mapping[str, GroupStrategy]: ...
    @property
    def interventions(self) -> Sequence[Intervention]: ...
    @property
    def health_shift(self) -> float: ...
    def capacity_in(self, trinn: int, year: int) -> int | None: ...


@dataclass(frozen=True)
class ModuleContext:
    """What a module may read and write in one replication."""

    inputs: EngineInputs
    scenario: ScenarioLike
    draws: Draws
    recorder: Recorder
    pop: Population
    horizon: float


@dataclass
class NewStays:
    """The new stays of one need-group cell in one year (arrays, one row per citizen)."""

    cell: CellSpec
    year: int                        # calendar year of the entries
    k: int                           # its year index
    ids: NDArray[np.int64]
    ages: NDArray[np.int64]          # single-year ages in the year
    entry: NDArray[np.float64]       # entry times
    durations: NDArray[np.float64]   # drawn lengths of the stays

    def subset(self, rows: NDArray[np.bool_], cell: CellSpec | None = None) -> NewStays:
        """The stays of ``rows`` (in the same or another ``cell``)."""
        return NewStays(self.cell if cell is None else cell, self.year, self.k,
                        self.ids[rows], self.ages[rows], self.entry[rows],
                        self.durations[rows])


#: Dementia cases that share their stages still ahead: (stages, the cases' positions in the
#: array of ids the hook was given, stage lengths with a row per case).
StageGroup = tuple[tuple["StageSpec", ...], NDArray[np.int64], NDArray[np.float64]]


@dataclass
class CostState:
    """The costing as the cost hooks see it: arrays (year index, trinn, group) changed in
    place, the records, and what earlier modules left for later ones (``shared``)."""

    rec: Mapping[str, NDArray]
    cost: NDArray[np.float64]
    hours: NDArray[np.float64]
    shared: dict[str, object] = field(default_factory=dict)


class Module:
    """An intervention module: override the hooks it acts through (the others do nothing).

    ``order`` places the module in the engine's loop (module docstring); the constructor
    takes the scenario's interventions of the module's kind (possibly none: a module may
    act without any, as the pathway mix does) and the replication's context.
    """

    order: ClassVar[int] = 100

    def __init__(self, levers: Sequence[Intervention], ctx: ModuleContext) -> None:
        self.levers = tuple(levers)
        self.ctx = ctx

    def active(self) -> bool:
        """Whether the module has anything to do (an idle module is not built in)."""
        return bool(self.levers)

    def pathways(self, group: str, ids: NDArray[np.int64], year: int | None
                 ) -> list[str] | None:
        """The pathways of dementia cases ``ids`` starting in ``year`` (None: under way at
        the start or at arrival); None if the module does not decide them."""
        return None

    def stages(self, group: int, ids: NDArray[np.int64], onset: NDArray[np.float64],
               ahead: list[StageGroup]) -> list[StageGroup]:
        """The stages still ahead of dementia cases ``ids`` with onsets ``onset``."""
        return ahead

    def new_stays(self, stays: NewStays) -> tuple[list[NewStays], NewStays]:
        """Return (stays moved elsewhere, the stays left) of one cell's new stays."""
        return [], stays

    def costs(self, state: CostState) -> None:
        """Change the costing's cost and hours in place."""


ModuleFactory = Callable[[Sequence[Intervention], ModuleContext], Module]
#: kind (the schema's ``kind``) -> the module class that carries it out
REGISTRY: dict[str, ModuleFactory] = {}


def register(kind: str) -> Callable[[type[Module]], type[Module]]:
    """Register a module class for the intervention ``kind`` (a class decorator)."""
    def add(cls: type[Module]) -> type[Module]:
        REGISTRY[kind] = cls
        return cls
    return add


def _builtin() -> None:
    """Import the built-in modules (each registers itself)."""
    import sim.housing
    import sim.levers
    import sim.pathway_mix
    import sim.reablement
    import sim.staffing  # noqa: F401


def build_modules(levers: Sequence[Intervention], ctx: ModuleContext) -> list[Module]:
    """Build the active modules of a replication, in the engine's order.

    Raises
    ------
    ValueError
        If an intervention's kind has no registered module.
    """
    _builtin()
    by_kind: dict[str, list[Intervention]] = {kind: [] for kind in REGISTRY}
    for iv in levers:
        if iv.kind not in by_kind:
            raise ValueError(f"no engine module for intervention kind {iv.kind!r}")
        by_kind[iv.kind].append(iv)
    built = [REGISTRY[kind](ivs, ctx) for kind, ivs in by_kind.items()]
    return sorted((m for m in built if m.active()), key=lambda m: m.order)
