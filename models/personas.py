"""Persona pathways (e.g. Johs with dementia): one package of services per year of age."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from models.datafile import parse_rows, read_csv
from models.errors import DataFileError
from models.packages import Package


@dataclass(frozen=True, slots=True)
class PathwayYear:
    """One row of a persona table: the package of one year of age."""

    row: int
    age: int
    package: str | None
    seed_cost_nok: float | None
    seed_staff_hours: float | None


@dataclass(frozen=True, slots=True)
class Stage:
    """A run of consecutive years on the same package: the unit the engine schedules."""

    package: str | None
    start_year: int
    years: int


@dataclass(frozen=True, slots=True)
class Investment:
    """A one-off cost, kept apart from running costs."""

    row: int
    age: int
    amount_nok: float
    price_year: int
    description: str
    source: str


@dataclass(frozen=True)
class PersonaPathway:
    """A persona's pathway: years in table order (a repeated age is kept as in the source)."""

    persona: str
    pathway: str
    years: tuple[PathwayYear, ...]
    investments: tuple[Investment, ...]

    def stages(self) -> tuple[Stage, ...]:
        """Group consecutive years with the same package into stages (offsets in years)."""
        out: list[Stage] = []
        for i, y in enumerate(self.years):
            if out and out[-1].package == y.package:
                last = out[-1]
                out[-1] = Stage(last.package, last.start_year, last.years + 1)
            else:
                out.append(Stage(y.package, i, 1))
        return tuple(out)


class _PathwayRow(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    persona: str
    pathway: str
    row: int = Field(ge=1)
    age: int = Field(ge=0, le=120)
    package: str | None = None
    seed_cost_nok: float | None = Field(default=None, ge=0)
    seed_staff_hours: float | None = Field(default=None, ge=0)


class _InvestmentRow(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    persona: str
    pathway: str
    row: int = Field(ge=1)
    age: int = Field(ge=0, le=120)
    amount_nok: float = Field(ge=0, allow_inf_nan=False)
    price_year: int
    description: str
    source: str


def load_personas(path: Path, investments_path: Path, packages: dict[str, Package]
                  ) -> dict[str, dict[str, PersonaPathway]]:
    """Load ``pathways.csv`` and ``investments.csv``: ``{persona: {pathway: PersonaPathway}}``."""
    rows = parse_rows(path, _PathwayRow, read_csv(path, _PathwayRow.model_fields))
    grouped: dict[tuple[str, str], list[PathwayYear]] = {}
    for lineno, r in rows:
        if r.package is not None and r.package not in packages:
            raise DataFileError(path, f"unknown package '{r.package}' (not in packages.csv)",
                                row=lineno, field="package")
        years = grouped.setdefault((r.persona, r.pathway), [])
        if r.row != len(years) + 1:
            raise DataFileError(path, f"rows of {r.persona}/{r.pathway} must run 1, 2, 3, ...; "
                                f"expected {len(years) + 1}", row=lineno, field="row")
        if years and r.age < years[-1].age:
            raise DataFileError(path, "ages must not decrease within a pathway", row=lineno,
                                field="age")
        years.append(PathwayYear(r.row, r.age, r.package, r.seed_cost_nok, r.seed_staff_hours))
    inv_rows = parse_rows(investments_path, _InvestmentRow,
                          read_csv(investments_path, _InvestmentRow.model_fields))
    invest: dict[tuple[str, str], list[Investment]] = {}
    for lineno, i in inv_rows:
        if (i.persona, i.pathway) not in grouped:
            raise DataFileError(investments_path, f"unknown pathway {i.persona}/{i.pathway}",
                                row=lineno, field="pathway")
        invest.setdefault((i.persona, i.pathway), []).append(
            Investment(i.row, i.age, i.amount_nok, i.price_year, i.description, i.source))
    out: dict[str, dict[str, PersonaPathway]] = {}
    for (persona, pathway), years in grouped.items():
        out.setdefault(persona, {})[pathway] = PersonaPathway(
            persona, pathway, tuple(years), tuple(invest.get((persona, pathway), ())))
    return out
