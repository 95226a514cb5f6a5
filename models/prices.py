"""The unit-price catalogue of the ressurskalkulator: price, price year and staff time per unit."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from models.datafile import parse_rows, read_csv
from models.errors import DataFileError
from models.ladder import TRINN_NUMBERS


class PriceUnit(StrEnum):
    """What one priced unit is."""

    HOUR = "hour"
    UNIT_WEEK = "unit_week"
    EVENT = "event"
    PLACE_YEAR = "place_year"
    PLACE_DAY = "place_day"


class _PriceRow(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    service: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_nb: str
    name_en: str
    trinn: int
    unit: PriceUnit
    price_nok: float = Field(ge=0, allow_inf_nan=False)
    price_year: int = Field(ge=1990, le=2100)
    price_list: str
    staffing_factor: float | None = Field(default=None, gt=0, le=10)
    ata: float | None = Field(default=None, gt=0, le=1)
    staff_hours_per_unit: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    source: str

    @field_validator("trinn")
    @classmethod
    def _known_trinn(cls, v: int) -> int:
        if v not in TRINN_NUMBERS:
            raise ValueError("unknown trinn: must be 1..12")
        return v

    @model_validator(mode="after")
    def _one_staff_basis(self) -> _PriceRow:
        if self.ata is not None and self.staff_hours_per_unit is not None:
            raise ValueError("give either ata (with staffing_factor) or staff_hours_per_unit, "
                             "not both")
        if self.ata is not None and self.unit is not PriceUnit.HOUR:
            raise ValueError("ata only applies to hourly services")
        return self


@dataclass(frozen=True, slots=True)
class Service:
    """One priced service.

    ``staff_hours_per_unit`` is the paid staff time behind one priced unit: for hourly
    services ``staffing_factor / ata`` (e.g. home nursing 1.0 / 0.6 = 1.667 staff hours per
    visit hour), for places the staff hours per place-year or -day, and 0 where the service
    uses no staff time (devices, cash benefits).
    """

    service: str
    name_nb: str
    name_en: str
    trinn: int
    unit: PriceUnit
    price_nok: float
    price_year: int
    price_list: str
    staff_hours_per_unit: float
    staff_basis: str
    source: str

    def name(self, lang: str = "nb") -> str:
        """Return the service name in ``nb`` or ``en``."""
        return self.name_en if lang == "en" else self.name_nb


@dataclass(frozen=True)
class Catalogue:
    """Services by id."""

    services: dict[str, Service]
    path: Path

    def __getitem__(self, service: str) -> Service:
        try:
            return self.services[service]
        except KeyError:
            raise KeyError(f"unknown service '{service}' (not in {self.path.name})") from None

    def __contains__(self, service: object) -> bool:
        return service in self.services

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.services.values())


def load_catalogue(path: Path) -> Catalogue:
    """Load ``unit_prices.csv``; service ids are unique."""
    rows = parse_rows(path, _PriceRow, read_csv(path, _PriceRow.model_fields))
    services: dict[str, Service] = {}
    for lineno, r in rows:
        if r.service in services:
            raise DataFileError(path, f"service '{r.service}' appears twice", row=lineno,
                                field="service")
        if r.ata is not None:
            factor = r.staffing_factor if r.staffing_factor is not None else 1.0
            staff, basis = factor / r.ata, f"staffing factor {factor:g} / ATA {r.ata:g}"
        elif r.staff_hours_per_unit is not None:
            staff, basis = r.staff_hours_per_unit, f"{r.staff_hours_per_unit:g} h per {r.unit}"
        else:
            staff, basis = 0.0, "no staff time"
        services[r.service] = Service(r.service, r.name_nb, r.name_en, r.trinn, r.unit,
                                      r.price_nok, r.price_year, r.price_list, staff, basis,
                                      r.source)
    return Catalogue(services, path)
