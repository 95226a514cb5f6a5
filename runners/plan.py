"""The run specification: scenarios x parameter draws x replicates, and its manifest.

A plan is what ``trappa run``, ``compare`` and ``sweep`` all execute. Task ``i`` of a plan
is fixed by its index alone (replicate-major, then draw, then scenario), so the task list
for ``n`` replications is a prefix of the list for more: rounds of ``--runs auto`` extend
it without renumbering, and a part file named by its index range means the same tasks in
every session of a resumed run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from results.intervals import UNCERTAINTY_MC, UNCERTAINTY_PARAMETERS
from results.payback import DISCOUNT_RATE, RATE_SOURCE_DEFAULT
from runners.draws import Distribution
from runners.limits import DEFAULT_MAX_RUNS
from runners.replicate import TABLES, Task
from runners.seeding import SEEDING
from scenarios import Scenario

FORMAT = "trappa-run/1"
DEFAULT_MIN_RUNS = 8


@dataclass(frozen=True)
class Auto:
    """``--runs auto``: add replications in rounds until the key comparison is precise.

    The key comparison is the change in total cost in the last year against the first
    scenario (the total cost itself for a single scenario), in mill NOK.
    """

    precision_mnok: float
    max_runs: int = DEFAULT_MAX_RUNS
    min_runs: int = DEFAULT_MIN_RUNS

    @property
    def first_round(self) -> int:
        """Return the replications of the first round (two at least, for a spread)."""
        return max(2, min(self.min_runs, self.max_runs))

    def to_dict(self) -> dict[str, Any]:
        """Return the manifest form."""
        return {"precision_mnok": self.precision_mnok, "max_runs": self.max_runs,
                "min_runs": self.min_runs}


@dataclass(frozen=True)
class Plan:
    """A run's product of scenarios, parameter draws and replicates.

    ``draws`` holds each draw's parameter overrides (``({},)`` for a run without parameter
    uncertainty: one draw, the calibrated inputs); ``runs`` is a number of replicates or
    `Auto`.
    """

    name: str
    scenarios: tuple[Scenario, ...]
    seed: int
    runs: int | Auto
    draws: tuple[Mapping[str, float], ...] = ({},)
    distributions: Mapping[str, Distribution] = field(
        default_factory=lambda: MappingProxyType({}))
    sweep_file: str | None = None
    #: the command-line layer of the parameters (``--set NAME=VALUE``), on top of every draw
    settings: Mapping[str, float] = field(default_factory=dict)
    #: the real discount rate of the present value (a fraction) and where it comes from;
    #: recorded in run.json, not in the manifest: it changes the summary, not the tables,
    #: so a resumed run may use another rate
    discount_rate: float = DISCOUNT_RATE
    discount_rate_source: str = RATE_SOURCE_DEFAULT
    #: one parameter draw per replication (``run``/``compare``): replication r of every
    #: scenario uses draw r, so tasks are scenarios x replications and the scenarios of a
    #: replication share both its random numbers and its parameter values
    draw_per_replication: bool = False

    @property
    def n_draws(self) -> int:
        """Return the number of parameter draws."""
        return len(self.draws)

    def tasks_per_run(self) -> int:
        """Return the tasks of one replicate: scenarios x draws (scenarios alone with
        `draw_per_replication`)."""
        return len(self.scenarios) * (1 if self.draw_per_replication else self.n_draws)

    def n_tasks(self, runs: int) -> int:
        """Return the tasks of ``runs`` replicates."""
        return runs * self.tasks_per_run()

    def task(self, index: int) -> Task:
        """Return task ``index`` = (replication x draws + draw) x scenarios + scenario."""
        s = len(self.scenarios)
        if self.draw_per_replication:
            r = index // s
            if r >= self.n_draws:
                raise IndexError(f"replication {r} has no parameter draw ({self.n_draws} drawn)")
            return Task(index % s, r, r)
        return Task(index % s, (index // s) % self.n_draws, index // self.tasks_per_run())

    def manifest(self) -> dict[str, Any]:
        """Return the plan as written to ``manifest.json`` before anything runs."""
        runs = self.runs
        return {
            "format": FORMAT,
            "name": self.name,
            "sweep_file": self.sweep_file,
            "scenarios": [scenario_record(s) for s in self.scenarios],
            "seed": self.seed,
            "runs": "auto" if isinstance(runs, Auto) else runs,
            "precision": runs.to_dict() if isinstance(runs, Auto) else None,
            "draws": self.n_draws,
            "distributions": {n: d.to_dict() for n, d in sorted(self.distributions.items())},
            "parameter_draws": [{"draw": i, **v} for i, v in enumerate(self.draws)],
            "seeding": SEEDING,
            "task_order": ("index = replication * scenarios + scenario; draw = replication"
                           if self.draw_per_replication else
                           "index = (replication * draws + draw) * scenarios + scenario"),
            "tasks": None if isinstance(runs, Auto) else self.n_tasks(runs),
            "tables": [*TABLES, "events"],
            # only when given, so that runs without --set keep their manifests (and resume)
            **({"settings": dict(sorted(self.settings.items()))} if self.settings else {}),
            # only when set, so that manifests of earlier runs and sweeps stay as they were
            **({"draw_per_replication": True} if self.draw_per_replication else {}),
        }

    @property
    def uncertainty(self) -> str:
        """Return what the run's intervals include (run.json ``uncertainty``)."""
        return UNCERTAINTY_PARAMETERS if self.distributions else UNCERTAINTY_MC


#: Manifest keys that do not change what is computed (a resume may differ in these).
_INCIDENTAL = ("name", "sweep_file", "created", "code_version", "seeding", "task_order",
               "municipality_folder",
               "tables", "tasks")
#: Scenario keys that record where values came from, or repeat the plan's seed and runs.
_SCENARIO_INCIDENTAL = ("files", "provenance", "seed", "replications")


def scenario_record(s: Scenario) -> dict[str, Any]:
    """A scenario as manifests and run.json record it: without its own ``seed``, which is
    only the default of a plan's root seed (the plan's ``seed`` is the one the run used)."""
    out = s.to_dict()
    out.pop("seed", None)
    out["provenance"] = {k: v for k, v in out.get("provenance", {}).items() if k != "seed"}
    return out


def identity(manifest: Mapping[str, Any]) -> dict[str, Any]:
    """Return the part of a manifest that fixes the run's tables (compared on resume),
    in the manifest's key order."""
    out = {k: v for k, v in manifest.items() if k not in _INCIDENTAL}
    out["scenarios"] = [{k: v for k, v in s.items() if k not in _SCENARIO_INCIDENTAL}
                        for s in manifest.get("scenarios", [])]
    return out
