"""A planner's package file (TOML): up to three alternative packages to cost side by side.

Format (see docs/package-file.md)::

    title = "Sykehjem eller privat bolig?"
    municipality = "faerder"          # whose unit-price catalogue to use (optional)

    [[alternative]]
    name = "Alternativ 1"
      [[alternative.service]]
      service = "home_nursing"        # an id from the catalogue (trappa calc --list-services)
      quantity = 15
      unit = "hours_per_week"         # hours_per_week | hours_per_day | days_per_week | units
                                      # | events_per_week | places
      frequency = "3/4"               # optional: k of every n weeks
      hours_per_day = 5.5             # only for days_per_week
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from models.calculator import MAX_ALTERNATIVES
from models.datafile import read_toml
from models.errors import DataFileError
from models.packages import LineError, Package, QuantityUnit, make_line, parse_frequency
from models.prices import Catalogue


class _Line(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    service: str
    quantity: float = Field(ge=0, allow_inf_nan=False)
    unit: QuantityUnit
    frequency: str = "1/1"
    hours_per_day: float | None = Field(default=None, gt=0, le=24)
    note: str = ""


class _Alternative(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    service: list[_Line] = Field(min_length=1)


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = ""
    municipality: str = "faerder"
    note: str = ""
    alternative: list[_Alternative] = Field(min_length=1, max_length=MAX_ALTERNATIVES)


@dataclass(frozen=True)
class PackageFile:
    """A validated planner's file."""

    path: Path
    title: str
    municipality: str
    note: str
    alternatives: tuple[Package, ...]


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_package_file(path: Path) -> _File:
    """Parse and structurally validate a package file (no catalogue checks yet)."""
    data = read_toml(path)
    try:
        return _File.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown key"
        raise DataFileError(path, msg, field=_loc(tuple(err["loc"]))) from None


def load_package_file(path: Path, catalogue: Catalogue) -> PackageFile:
    """Load a package file and check every line against the catalogue."""
    f = read_package_file(path)
    alternatives = []
    for i, alt in enumerate(f.alternative, start=1):
        lines = []
        for j, ln in enumerate(alt.service, start=1):
            where = f"alternative[{i}].service[{j}]"
            try:
                lines.append(make_line(ln.service, ln.quantity, ln.unit, catalogue,
                                       frequency=parse_frequency(ln.frequency),
                                       hours_per_day=ln.hours_per_day, note=ln.note))
            except LineError as exc:
                field = {"quantity_unit": "unit"}.get(exc.field, exc.field)
                raise DataFileError(path, str(exc), field=f"{where}.{field}") from None
            except ValueError as exc:  # the frequency
                raise DataFileError(path, str(exc), field=f"{where}.frequency") from None
        alternatives.append(Package(alt.name, tuple(lines)))
    return PackageFile(path, f.title, f.municipality, f.note, tuple(alternatives))
