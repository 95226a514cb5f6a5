"""Named model parameters, each with its value, unit and source."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from models.datafile import read_toml
from models.errors import DataFileError

#: Parameters with a range narrower than "a number >= 0": (low, low included, high, high
#: included). Each is a divisor, a share or a count the engine or the calculator cannot use
#: outside it (hours_per_fte = 0 once divided by zero; a negative position size gave
#: negative head counts).
LIMITS: Mapping[str, tuple[float, bool, float, bool]] = MappingProxyType({
    "hours_per_fte": (0.0, False, 8784.0, True),        # at most every hour of a leap year
    "position_size": (0.0, False, 1.0, True),
    "weeks_per_year": (0.0, False, 53.0, True),
    "day_centre_hours_per_day": (0.0, False, 24.0, True),
    "persona_scaling_divisor_years": (0.0, False, math.inf, False),
    "price_index_2024_per_2023": (0.0, False, math.inf, False),
    "care_cost_per_fte_2024": (0.0, False, math.inf, False),
    # the report's cost per FTE and the care FTE path divide by it
    "care_fte_2023": (0.0, False, math.inf, False),
    "home_care_cost_per_fte": (0.0, False, math.inf, False),
    "dementia_stage_shape": (0.0, False, math.inf, False),
    "dementia_pathway_years": (0.0, False, math.inf, False),
    "max_age": (1.0, True, 150.0, True),
})
_ANY = (0.0, True, math.inf, False)


def out_of_range(name: str, value: float) -> str | None:
    """Return why ``value`` cannot be parameter ``name`` (None if it can).

    Every parameter is a finite number >= 0 (counts, rates, multipliers, prices); those in
    `LIMITS` have a narrower range.
    """
    low, low_in, high, high_in = LIMITS.get(name, _ANY)
    if not math.isfinite(value):
        return f"must be a finite number, got {value!r}"
    if value < low or (value == low and not low_in) or value > high or (
            value == high and not high_in):
        lo = f"{'[' if low_in else '('}{low:g}"
        hi = f"{high:g}{']' if high_in else ')'}"
        return f"must lie in {lo}, {hi}, got {value:g}"
    return None


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
        problem = out_of_range(name, float(value))
        if problem:
            raise DataFileError(path, problem, field=f"{name}.value")
        for key in ("unit", "source"):
            if not isinstance(entry[key], str):
                raise DataFileError(path, f"expected a string, got {entry[key]!r}",
                                    field=f"{name}.{key}")
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
