"""Need groups: who fills trinn 4-12 besides dementia, their age profiles, and dementia
prevalence by age."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from models.datafile import parse_rows, read_csv
from models.errors import DataFileError
from models.ladder import TRINN_NUMBERS

#: Trinn that hold individuals (1-3 are universal).
INDIVIDUAL_TRINN = tuple(n for n in TRINN_NUMBERS if n >= 4)


class _GroupRow(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    group: str = Field(pattern=r"^[a-z][a-z_]*$")
    trinn: int
    share: float = Field(ge=0, le=1)
    mean_years: float = Field(gt=0, le=100)
    age_profile: str
    source: str

    @field_validator("trinn")
    @classmethod
    def _individual(cls, v: int) -> int:
        if v not in INDIVIDUAL_TRINN:
            raise ValueError("unknown trinn for a need group: must be 4..12")
        return v


class _ProfileRow(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    profile: str
    age_group: str
    relative_use: float = Field(ge=0, allow_inf_nan=False)
    source: str


class _DementiaRow(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    age_from: int = Field(ge=0)
    age_to: int = Field(ge=0)
    prevalence: float = Field(ge=0, le=1)
    source: str


@dataclass(frozen=True, slots=True)
class GroupTrinn:
    """A need group's use of one trinn."""

    group: str
    trinn: int
    share: float
    mean_years: float
    age_profile: str


@dataclass(frozen=True)
class Needs:
    """Need groups, age profiles (relative use by SSB age group) and dementia prevalence by age."""

    cells: tuple[GroupTrinn, ...]
    profiles: dict[str, dict[str, float]]
    dementia_prevalence: tuple[tuple[int, int, float], ...]

    @property
    def groups(self) -> tuple[str, ...]:
        """Non-dementia group names in file order."""
        return tuple(dict.fromkeys(c.group for c in self.cells))


def load_needs(groups_path: Path, profiles_path: Path, dementia_path: Path,
               age_groups: tuple[str, ...]) -> Needs:
    """Load and cross-check the need-group files."""
    prof_rows = parse_rows(profiles_path, _ProfileRow,
                           read_csv(profiles_path, _ProfileRow.model_fields))
    profiles: dict[str, dict[str, float]] = {}
    for lineno, r in prof_rows:
        if r.age_group not in age_groups:
            raise DataFileError(profiles_path,
                                f"unknown age group (known: {', '.join(age_groups)})",
                                row=lineno, field="age_group")
        profiles.setdefault(r.profile, {})[r.age_group] = r.relative_use
    for name, prof in profiles.items():
        missing = [g for g in age_groups if g not in prof]
        if missing:
            raise DataFileError(profiles_path, f"profile '{name}' lacks age group(s) {missing}")
    rows = parse_rows(groups_path, _GroupRow, read_csv(groups_path, _GroupRow.model_fields))
    cells = []
    share_sum: dict[int, float] = {}
    for lineno, g in rows:
        if g.age_profile not in profiles:
            raise DataFileError(groups_path, f"unknown age profile '{g.age_profile}'", row=lineno,
                                field="age_profile")
        if g.group == "dementia":
            raise DataFileError(groups_path, "dementia is modelled by its persona pathways, not "
                                "here", row=lineno, field="group")
        cells.append(GroupTrinn(g.group, g.trinn, g.share, g.mean_years, g.age_profile))
        share_sum[g.trinn] = share_sum.get(g.trinn, 0.0) + g.share
    for trinn, total in share_sum.items():
        if abs(total - 1) > 1e-6:
            raise DataFileError(groups_path, f"shares of trinn {trinn} sum to {total:g}, not 1",
                                field="share")
    dem_rows = parse_rows(dementia_path, _DementiaRow,
                          read_csv(dementia_path, _DementiaRow.model_fields))
    prev: list[tuple[int, int, float]] = []
    for lineno, d in dem_rows:
        if d.age_to < d.age_from or (prev and d.age_from != prev[-1][1] + 1):
            raise DataFileError(dementia_path, "age bands must be contiguous and increasing",
                                row=lineno, field="age_from")
        prev.append((d.age_from, d.age_to, d.prevalence))
    return Needs(tuple(cells), profiles, tuple(prev))
