"""Named model parameters, each with its value, unit and source."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from models.datafile import read_toml
from models.errors import DataFileError


@dataclass(frozen=True, slots=True)
class Parameter:
    """A number with its unit and where it comes from."""

    name: str
    value: float
    unit: str
    source: str
    prior_min: float | None = None
    prior_max: float | None = None


@dataclass(frozen=True)
class Parameters:
    """A read-only mapping of parameter name to `Parameter`."""

    items: Mapping[str, Parameter]
    path: Path

    def __getitem__(self, name: str) -> float:
        return self.get(name).value

    def __contains__(self, name: object) -> bool:
        return name in self.items

    def get(self, name: str) -> Parameter:
        """Return the full `Parameter` (value, unit, source)."""
        try:
            return self.items[name]
        except KeyError:
            raise DataFileError(self.path, f"parameter '{name}' is not defined") from None


def load_parameters(path: Path) -> Parameters:
    """Load ``parameters.toml``: one table per parameter with value, unit, source."""
    data = read_toml(path)
    items: dict[str, Parameter] = {}
    for name, entry in data.items():
        if not isinstance(entry, dict):
            raise DataFileError(path, "expected a table with value, unit, source", field=name)
        unknown = set(entry) - {"value", "unit", "source", "prior_min", "prior_max"}
        if unknown:
            raise DataFileError(path, f"unknown key(s) {sorted(unknown)}", field=name)
        for key in ("value", "unit", "source"):
            if key not in entry:
                raise DataFileError(path, f"missing '{key}'", field=f"{name}.{key}")
        value = entry["value"]
        if (isinstance(value, bool) or not isinstance(value, int | float)
                or not math.isfinite(value)):
            raise DataFileError(path, f"value must be a finite number, got {value!r}",
                                field=f"{name}.value")
        bounds = [entry.get(k) for k in ("prior_min", "prior_max")]
        for key, b in zip(("prior_min", "prior_max"), bounds, strict=True):
            if b is not None and (isinstance(b, bool) or not isinstance(b, int | float)):
                raise DataFileError(path, f"{key} must be a number, got {b!r}",
                                    field=f"{name}.{key}")
        lo, hi = bounds
        if lo is not None and hi is not None and not lo <= value <= hi:
            raise DataFileError(path, f"value {value} lies outside [prior_min, prior_max] = "
                                f"{bounds}", field=f"{name}.value")
        items[name] = Parameter(name, float(value), str(entry["unit"]), str(entry["source"]),
                                *(None if b is None else float(b) for b in bounds))
    return Parameters(MappingProxyType(items), path)
