"""Statistics Norway's population projection for a municipality, by SSB age group."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from models.datafile import parse_rows, read_csv
from models.errors import DataFileError
from models.ssb.validate import MAX_MUNICIPALITY, norway_bound


class _PopRow(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    age_group: str
    age_min: int = Field(ge=0)
    age_max: int = Field(ge=0)
    year: int = Field(ge=1900, le=2200)
    persons: int = Field(ge=0)
    source: str


@dataclass(frozen=True, slots=True)
class AgeGroup:
    """An SSB age group, both ends inclusive."""

    label: str
    age_min: int
    age_max: int


@dataclass(frozen=True)
class Projection:
    """Persons on 1 January by (age group, year)."""

    groups: tuple[AgeGroup, ...]
    years: tuple[int, ...]
    persons: dict[tuple[str, int], int]

    def total(self, year: int) -> int:
        """Return the total population on 1 January of ``year``."""
        return sum(self.persons[(g.label, year)] for g in self.groups)

    def group_of(self, age: int) -> str:
        """Return the label of the age group holding ``age`` (ages above the last count as it)."""
        for g in self.groups:
            if g.age_min <= age <= g.age_max:
                return g.label
        return self.groups[-1].label


def _check_persons(path: Path, lineno: int, age_min: int, age_max: int, year: int,
                   persons: int) -> None:
    """A group's persons: at least one, and no more than Norway has of those ages (the SSB
    files' plausibility rule, `models.ssb.validate.norway_bound`)."""
    if persons == 0:
        raise DataFileError(path, f"0 persons aged {age_min}-{age_max} in {year}: the "
                            "population's path through SSB's years (on log persons) needs at "
                            "least one person in every group and year; merge the group with "
                            "its neighbour", row=lineno, field="persons")
    # the oldest group's age_max is a modelling cap: it is open-ended in SSB's terms
    bound = norway_bound(age_min, None if age_max >= 100 else age_max, year)
    if persons > bound:
        raise DataFileError(path, f"{persons:,} persons aged {age_min}-{age_max} in {year} is "
                            f"more than Norway has (at most {bound:,.0f})", row=lineno,
                            field="persons")


def load_projection(path: Path) -> Projection:
    """Load ``population.csv``: contiguous age groups, every group in every year."""
    rows = parse_rows(path, _PopRow, read_csv(path, _PopRow.model_fields))
    groups: dict[str, AgeGroup] = {}
    persons: dict[tuple[str, int], int] = {}
    for lineno, r in rows:
        if r.age_max < r.age_min:
            raise DataFileError(path, "age_max is below age_min", row=lineno, field="age_max")
        g = AgeGroup(r.age_group, r.age_min, r.age_max)
        if groups.setdefault(r.age_group, g) != g:
            raise DataFileError(path, "age bounds differ from an earlier row of this group",
                                row=lineno, field="age_group")
        if (r.age_group, r.year) in persons:
            raise DataFileError(path, f"{r.age_group} {r.year} appears twice", row=lineno)
        _check_persons(path, lineno, r.age_min, r.age_max, r.year, r.persons)
        persons[(r.age_group, r.year)] = r.persons
    ordered = tuple(sorted(groups.values(), key=lambda g: g.age_min))
    for a, b in itertools.pairwise(ordered):
        if b.age_min != a.age_max + 1:
            raise DataFileError(path, f"age groups {a.label} and {b.label} are not contiguous")
    years = tuple(sorted({y for _, y in persons}))
    for y in years:
        total = sum(n for (_, year), n in persons.items() if year == y)
        if total > MAX_MUNICIPALITY:
            raise DataFileError(path, f"{total:,} inhabitants in {y}: more than any Norwegian "
                                f"municipality can have ({MAX_MUNICIPALITY:,})", field="persons")
    for g in ordered:
        for y in years:
            if (g.label, y) not in persons:
                raise DataFileError(path, f"no row for age group {g.label} in {y}")
    return Projection(ordered, years, persons)


#: SSB's main projection alternative, the one ``population.csv`` holds.
MAIN_ALTERNATIVE = "MMMM"


def projection_path(folder: Path, alternative: str = MAIN_ALTERNATIVE) -> Path:
    """Return the file of one projection alternative in a municipality folder.

    ``population.csv`` holds the main alternative (MMMM), as it always has; another SSB
    alternative lives beside it as ``population-<CODE>.csv`` in the same format.
    """
    if alternative == MAIN_ALTERNATIVE:
        return folder / "population.csv"
    return folder / f"population-{alternative}.csv"


def projection_alternatives(folder: Path) -> tuple[str, ...]:
    """Return the projection alternatives a municipality folder holds, MMMM first."""
    others = sorted(p.stem.removeprefix("population-") for p in folder.glob("population-*.csv"))
    main = (MAIN_ALTERNATIVE,) if (folder / "population.csv").is_file() else ()
    return main + tuple(others)


def projection_source(folder: Path, alternative: str = MAIN_ALTERNATIVE) -> str:
    """Return what a population file says of itself: its leading ``#`` comment lines, joined
    (an approximated alternative starts with "APPROXIMATION"); "" if it has none."""
    lines = []
    with projection_path(folder, alternative).open(encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#"):
                break
            lines.append(line.lstrip("#").strip())
    return " ".join(lines)


def is_approximation(folder: Path, alternative: str = MAIN_ALTERNATIVE) -> bool:
    """Return True if the alternative's file is labelled an approximation (Færder's LLML and
    HHMH: its MMMM times the national ratio, until its own table 14288 is imported)."""
    return projection_source(folder, alternative).upper().startswith("APPROXIMATION")


def load_alternative(folder: Path, alternative: str = MAIN_ALTERNATIVE) -> Projection:
    """Load one projection alternative of a municipality folder (see `projection_path`)."""
    path = projection_path(folder, alternative)
    if not path.is_file():
        known = ", ".join(projection_alternatives(folder)) or "none"
        raise DataFileError(path, f"no projection alternative '{alternative}' in {folder} "
                                  f"(present: {known})")
    return load_projection(path)
