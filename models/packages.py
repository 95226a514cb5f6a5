"""Service packages: the services a person receives, with amounts and frequencies."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from pathlib import Path

from pydantic import BaseModel, ConfigDict, field_validator

from models.datafile import parse_rows, read_csv
from models.errors import DataFileError
from models.parameters import Parameters
from models.prices import Catalogue, PriceUnit


class QuantityUnit(StrEnum):
    """How a package line states its amount."""

    HOURS_PER_WEEK = "hours_per_week"
    HOURS_PER_DAY = "hours_per_day"
    DAYS_PER_WEEK = "days_per_week"
    UNITS = "units"
    EVENTS_PER_WEEK = "events_per_week"
    PLACES = "places"


# Which package quantity units fit which price unit.
_FITS: dict[PriceUnit, frozenset[QuantityUnit]] = {
    PriceUnit.HOUR: frozenset({QuantityUnit.HOURS_PER_WEEK, QuantityUnit.HOURS_PER_DAY,
                               QuantityUnit.DAYS_PER_WEEK}),
    PriceUnit.UNIT_WEEK: frozenset({QuantityUnit.UNITS}),
    PriceUnit.EVENT: frozenset({QuantityUnit.EVENTS_PER_WEEK}),
    PriceUnit.PLACE_YEAR: frozenset({QuantityUnit.PLACES}),
    PriceUnit.PLACE_DAY: frozenset({QuantityUnit.PLACES}),
}

_FREQ = re.compile(r"\s*(\d+)\s*/\s*(\d+)\s*\Z")


def parse_frequency(text: str | None) -> Fraction:
    """Parse ``"k/n"`` (k of every n weeks) into a share of weeks; blank means every week."""
    if text is None or text == "":
        return Fraction(1)
    m = _FREQ.match(text)
    if not m or int(m.group(2)) == 0 or int(m.group(1)) > int(m.group(2)):
        raise ValueError("frequency must be 'k/n' with 0 <= k <= n, n > 0 (e.g. '3/4')")
    return Fraction(int(m.group(1)), int(m.group(2)))


@dataclass(frozen=True, slots=True)
class PackageLine:
    """One service in a package, amounts resolved to numbers."""

    service: str
    quantity: float
    quantity_unit: QuantityUnit
    frequency: Fraction
    hours_per_day: float | None
    note: str = ""

    def weekly_amount(self) -> float:
        """Return the amount per delivered week in the service's price unit (hours, units, events).

        Places are not weekly: they return the number of places.
        """
        match self.quantity_unit:
            case QuantityUnit.HOURS_PER_DAY:
                return self.quantity * 7
            case QuantityUnit.DAYS_PER_WEEK:
                # make_line guarantees hours_per_day for this unit
                return self.quantity * (self.hours_per_day or 0.0)
            case _:
                return self.quantity


@dataclass(frozen=True, slots=True)
class Package:
    """A named set of package lines."""

    name: str
    lines: tuple[PackageLine, ...]


class _LineRow(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    package: str
    service: str
    quantity: str
    quantity_unit: QuantityUnit
    frequency: str | None = None
    hours_per_day: str | None = None
    note: str | None = None

    @field_validator("frequency")
    @classmethod
    def _freq(cls, v: str | None) -> str | None:
        parse_frequency(v)
        return v


def resolve_number(text: str, params: Parameters | None) -> float:
    """Return ``text`` as a number, or the value of the parameter it names."""
    try:
        value = float(text)
    except ValueError:
        pass
    else:
        if not math.isfinite(value):
            raise ValueError(f"must be a finite number, got {text!r}")
        return value
    if params is not None and text in params:
        return params[text]
    raise ValueError(f"not a number nor a parameter name: {text!r}")


class LineError(ValueError):
    """A package line that cannot be costed; ``field`` names the column at fault."""

    def __init__(self, problem: str, field: str) -> None:
        super().__init__(problem)
        self.field = field


def make_line(service: str, quantity: float, quantity_unit: QuantityUnit | str,
              catalogue: Catalogue, *, frequency: Fraction = Fraction(1),
              hours_per_day: float | None = None, note: str = "") -> PackageLine:
    """Build a validated package line.

    Raises
    ------
    LineError
        (a ValueError naming the column) Unknown service, an amount that is negative or not
        finite, or a quantity unit that does not fit the price unit.
    """
    if service not in catalogue:
        raise LineError(f"unknown service '{service}'", "service")
    qu = QuantityUnit(quantity_unit)
    # written so that NaN fails too
    if not 0 <= quantity < math.inf:
        raise LineError(f"quantity must be a finite number >= 0, got {quantity}", "quantity")
    if hours_per_day is not None and not 0 <= hours_per_day <= 24:
        raise LineError(f"hours_per_day must lie in [0, 24], got {hours_per_day}",
                        "hours_per_day")
    price_unit = catalogue[service].unit
    if qu not in _FITS[price_unit]:
        allowed = ", ".join(sorted(_FITS[price_unit]))
        raise LineError(f"quantity unit '{qu}' does not fit service '{service}' priced per "
                        f"{price_unit} (use {allowed})", "quantity_unit")
    if qu is QuantityUnit.DAYS_PER_WEEK:
        if hours_per_day is None or hours_per_day <= 0:
            raise LineError("days_per_week needs a positive hours_per_day", "hours_per_day")
        if quantity > 7:
            raise LineError(f"days_per_week must be at most 7, got {quantity}", "quantity")
    if qu is QuantityUnit.HOURS_PER_DAY and quantity > 24:
        raise LineError(f"hours_per_day must be at most 24, got {quantity}", "quantity")
    if qu is QuantityUnit.HOURS_PER_WEEK and quantity > 168:
        raise LineError(f"hours_per_week must be at most 168, got {quantity}", "quantity")
    return PackageLine(service, float(quantity), qu, frequency, hours_per_day, note)


def load_packages(path: Path, catalogue: Catalogue, params: Parameters) -> dict[str, Package]:
    """Load ``packages.csv``: every line must name a known service with a fitting unit."""
    rows = parse_rows(path, _LineRow, read_csv(path, ("package", "service", "quantity",
                                                      "quantity_unit")))
    lines: dict[str, list[PackageLine]] = {}
    for lineno, r in rows:
        try:
            quantity = resolve_number(r.quantity, params)
        except ValueError as exc:
            raise DataFileError(path, str(exc), row=lineno, field="quantity") from None
        hpd = None
        if r.hours_per_day is not None:
            try:
                hpd = resolve_number(r.hours_per_day, params)
            except ValueError as exc:
                raise DataFileError(path, str(exc), row=lineno, field="hours_per_day") from None
        try:
            line = make_line(r.service, quantity, r.quantity_unit, catalogue,
                             frequency=parse_frequency(r.frequency), hours_per_day=hpd,
                             note=r.note or "")
        except LineError as exc:
            raise DataFileError(path, str(exc), row=lineno, field=exc.field) from None
        lines.setdefault(r.package, []).append(line)
    return {name: Package(name, tuple(ls)) for name, ls in lines.items()}
