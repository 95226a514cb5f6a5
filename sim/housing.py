"""The housing profile lever and the boligtrapp (housing staircase) of inhabitants 67+.

`housing_profile`: a share of those the lever targets (dementia and frail elderly, 67+ by
default) who would enter trinn 10 (housing with 24-hour services) or 11 (nursing home) live
instead in an age-friendly dwelling (trinn 8, samlokaliserte boliger uten personalbase) with
the home-care package ``age_friendly_home_care`` (models/data/<municipality>/packages.csv,
priced by the calculator). The need lasts as long as it would have (the same drawn length);
only where and how it is met changes. Whether a person is reached is one keyed draw per
citizen (Stream.HOUSING) against share x ramp of the year the stay would have begun, so
citizens the lever does not reach keep their trajectories (common random numbers).

The boligtrapp: persons 67+ on 31 December by step (ordinary dwelling, age-friendly, short
stay, staffed housing, institution) and the dwellings they use, persons / persons per
dwelling (models/data/<municipality>/boligtrapp.csv, by age group, with sources).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field

from models.datafile import parse_rows, read_csv
from models.errors import DataFileError
from scenarios.interventions import HousingProfile, Intervention
from sim.intervention import Module, ModuleContext, NewStays, StageGroup, register
from sim.randomness import Stream

if TYPE_CHECKING:  # sim.derive imports this module's PACKAGE and HousingSpec
    from sim.derive import CellSpec, StageSpec

PACKAGE = "age_friendly_home_care"
AGE_FRIENDLY_TRINN = 8
DIVERTED_TRINN = (10, 11)
STEPS = ("ordinary", "age_friendly", "short_stay", "staffed_housing", "institution")
FILE = "boligtrapp.csv"

@dataclass(frozen=True)
class BoligtrappStep:
    """One row of the boligtrapp table: the trinn (0 = none of 8-12) and age range of a
    step, and persons 67+ per dwelling there."""

    step: str
    trinn: int
    age_min: int
    age_max: int
    persons_per_dwelling: float


@dataclass(frozen=True)
class HousingSpec:
    """What the lever and the boligtrapp need from the inputs."""

    item: int                               # the age-friendly dwelling's home-care item
    steps: tuple[BoligtrappStep, ...]


class _Row(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    step: str
    trinn: int = Field(ge=0, le=12)
    age_min: int = Field(ge=0)
    age_max: int = Field(ge=0)
    persons_per_dwelling: float = Field(gt=0, allow_inf_nan=False)
    source: str


def load_boligtrapp(path: Path) -> tuple[BoligtrappStep, ...]:
    """Load the boligtrapp table (one line per step, trinn and age range)."""
    out = []
    for lineno, r in parse_rows(path, _Row, read_csv(path, _Row.model_fields)):
        if r.step not in STEPS:
            raise DataFileError(path, f"unknown step (known: {', '.join(STEPS)})", row=lineno,
                                field="step")
        out.append(BoligtrappStep(r.step, r.trinn, r.age_min, r.age_max,
                                  r.persons_per_dwelling))
    return tuple(out)


def housing_spec(folder: Path, item_names: Sequence[str]) -> HousingSpec | None:
    """The lever's item and the boligtrapp table of a municipality (None without either)."""
    name = f"package:{PACKAGE}"
    if name not in item_names or not (folder / FILE).is_file():
        return None
    return HousingSpec(list(item_names).index(name), load_boligtrapp(folder / FILE))


def target_mask(names: Sequence[str], groups: Sequence[str]) -> NDArray[np.bool_]:
    """Return, by need-group index, whether a lever aimed at ``names`` targets the group
    (a lookup by index costs a fraction of ``np.isin`` per call)."""
    return np.array([g in names for g in groups], dtype=bool)


@register("housing_profile")
class HousingModule(Module):
    """The scenario's housing_profile interventions, for one replication.

    Targets: the need groups and ages of each intervention, at entries to trinn 10-11.
    Acts: on a cell's new stays in trinn 10-11 (`new_stays`) and on the dementia stages in
    trinn 10-11 still ahead of a case (`stages`). Changes: where the stay is spent (trinn
    8, the age-friendly home-care package), not its length.
    """

    order = 20

    def __init__(self, levers: Sequence[Intervention], ctx: ModuleContext) -> None:
        super().__init__([iv for iv in levers if isinstance(iv, HousingProfile)], ctx)
        self.profiles: tuple[HousingProfile, ...] = tuple(
            iv for iv in levers if isinstance(iv, HousingProfile))
        lever_inputs = ctx.inputs.levers
        self.spec = lever_inputs.housing if lever_inputs is not None else None
        if self.levers and self.spec is None:
            raise ValueError("housing_profile needs the age_friendly_home_care package and "
                             "boligtrapp.csv in the municipality's data")
        self.groups = list(ctx.inputs.groups)
        self.draws = ctx.draws
        self._moved: dict[tuple[int, ...], tuple[StageSpec, ...]] = {}
        self._cells: dict[int, CellSpec] = {}
        self._years = ctx.inputs.years
        # share x ramp of each lever by year index (the year a stay would begin)
        self._share = [iv.share * np.array([iv.ramp.share(y) for y in self._years])
                       for iv in self.profiles]
        self._targets = [target_mask(iv.target.groups, self.groups) for iv in self.profiles]

    def new_stays(self, stays: NewStays) -> tuple[list[NewStays], NewStays]:
        """Move the reached new stays of a trinn 10-11 cell to an age-friendly dwelling
        (trinn 8), for as long as the stay would have lasted."""
        cell = stays.cell
        if cell.trinn not in DIVERTED_TRINN:
            return [], stays
        diverted = self.reached(cell.group, stays.ids, stays.ages, stays.k)
        if not diverted.any():
            return [], stays
        return [stays.subset(diverted, self.cell(cell))], stays.subset(~diverted)

    def stages(self, group: int, ids: NDArray[np.int64], onset: NDArray[np.float64],
               ahead: list[StageGroup]) -> list[StageGroup]:
        """`reroute` the cases' trinn 10-11 stages."""
        return self.reroute(group, ids, self.ctx.pop.age_base[ids], onset, ahead)

    def reached(self, group: int | NDArray[np.int64], ids: NDArray[np.int64],
                ages: NDArray[np.int64], k: NDArray[np.int64] | int) -> NDArray[np.bool_]:
        """Return who, entering trinn 10 or 11 in year index ``k`` at ``ages``, lives in an
        age-friendly dwelling instead; several levers combine as independent chances.

        ``group`` is the need group of all ``ids`` or of each: the year's new stays of every
        cell are decided in one call (a lever that does not target a citizen's group
        multiplies their chance of staying by exactly 1).
        """
        if len(ids) == 0:
            return np.zeros(len(ids), dtype=bool)
        groups = np.broadcast_to(np.asarray(group), ids.shape)
        stay = np.ones(len(ids))
        reaches_any = False
        for iv, by_year, mask in zip(self.profiles, self._share, self._targets, strict=True):
            targeted = mask[groups]
            if not targeted.any():
                continue
            reaches_any = True
            ok = targeted & (ages >= iv.target.age_min) & (ages <= iv.target.age_max)
            stay *= 1.0 - np.where(ok, by_year[k], 0.0)
        if not reaches_any:
            return np.zeros(len(ids), dtype=bool)
        return self.draws.trait(ids, Stream.HOUSING) < 1.0 - stay

    def cell(self, cell: CellSpec) -> CellSpec:
        """The age-friendly variant of a trinn 10 or 11 cell."""
        assert self.spec is not None
        if id(cell) not in self._cells:  # the cells live as long as the inputs
            self._cells[id(cell)] = replace(cell, trinn=AGE_FRIENDLY_TRINN, item=self.spec.item)
        return self._cells[id(cell)]

    def reroute(self, group: int, ids: NDArray[np.int64], age_base: NDArray[np.int64],
                t0: NDArray[np.float64], ahead: list[StageGroup]) -> list[StageGroup]:
        """Replace the trinn 10-11 stages of the dementia cases the lever reaches by the
        age-friendly dwelling (same lengths); decided at the first such stage's start (cases
        on trinn 10-11 at the start, like the cells' initial stays, are not moved).

        ``ahead`` holds groups of cases (positions in ``ids``) that share their stages
        still ahead, with a row of stage lengths per case; a group the lever reaches in part
        is split in two.
        """
        assert self.spec is not None
        if not any(self.groups[group] in iv.target.groups for iv in self.profiles):
            return ahead
        first_start = np.full(len(ids), np.inf)
        diverted = []  # per group: the first stage on trinn 10-11 (-1: none)
        for stages, members, lengths in ahead:
            i = next((n for n, st in enumerate(stages) if st.trinn in DIVERTED_TRINN), -1)
            diverted.append(i)
            if i < 0:
                continue
            # the stage's start: the lengths before it added in order, as the case's clock
            # runs (the same sums as a loop over the case's stages)
            before = np.zeros(len(members))
            for c in range(i):
                before = before + lengths[:, c]
            t = t0[members] + before
            # a case already placed there at the start stays on its path
            first_start[members] = np.where(t > 0, t, np.inf)
        has = np.isfinite(first_start)
        if not has.any():
            return ahead
        # a stay that would begin after the horizon is never simulated: any year will do
        k = np.minimum(np.floor(first_start[has]).astype(np.int64), len(self._years) - 1)
        hit = np.zeros(len(ids), dtype=bool)
        hit[has] = self.reached(group, ids[has], age_base[has] + k, k)
        out: list[StageGroup] = []
        for (stages, members, lengths), i in zip(ahead, diverted, strict=True):
            moved = hit[members]
            if i < 0 or not moved.any():
                out.append((stages, members, lengths))
                continue
            if not moved.all():
                out.append((stages, members[~moved], lengths[~moved]))
            key = tuple(map(id, stages))  # the stage objects live as long as the inputs
            if key not in self._moved:
                self._moved[key] = tuple(
                    replace(st, trinn=AGE_FRIENDLY_TRINN, item=self.spec.item)
                    if st.trinn in DIVERTED_TRINN else st for st in stages)
            out.append((self._moved[key], members[moved], lengths[moved]))
        return out


def boligtrapp_columns(spec: HousingSpec | None, ages_31dec: NDArray[np.int64],
                       on_31dec: NDArray[np.bool_], placed_trinn: NDArray[np.int64]
                       ) -> dict[str, float]:
    """Persons 67+ and dwellings on each step on 31 December of one year.

    ``placed_trinn``: each citizen's placement trinn on 31 December (0 if none).
    """
    if spec is None:
        return {}
    out = {f"boligtrapp_{s}_{what}": 0.0 for s in STEPS for what in ("persons", "dwellings")}
    old = np.flatnonzero(on_31dec & (ages_31dec >= min(st.age_min for st in spec.steps)))
    ages = ages_31dec[old]
    placed = placed_trinn[old]
    placed = np.where(np.isin(placed, [st.trinn for st in spec.steps]), placed, 0)
    for st in spec.steps:
        n = float(np.count_nonzero((placed == st.trinn) & (ages >= st.age_min)
                                   & (ages <= st.age_max)))
        out[f"boligtrapp_{st.step}_persons"] += n
        out[f"boligtrapp_{st.step}_dwellings"] += n / st.persons_per_dwelling
    return out
