"""The digital home-care zone (digital hjemmetjenestesone) calculation of the Apr 2025 deck.

Per decision-size band (0-1, 1-2.5, 2.5-5, 5-10, 10-15, >15 h/week) a share of home-care
assignments moves to digital follow-up. For each band the inputs are the hours moved, the
yearly cost of delivering them traditionally, the yearly cost of digital staffing and the
running cost; a fixed system cost is added once. The net result is the traditional cost
saved minus everything the digital service costs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from models.datafile import parse_rows, read_csv, read_toml
from models.errors import DataFileError

BANDS = ("0-1", "1-2.5", "2.5-5", "5-10", "10-15", ">15")


@dataclass(frozen=True, slots=True)
class ZoneBand:
    """One decision-size band's row (NOK per year; hours per week)."""

    band: str
    share_moved: float
    hours_moved_per_week: float
    traditional_cost_nok: float
    digital_staffing_nok: float
    digital_running_nok: float


@dataclass(frozen=True, slots=True)
class ZoneResult:
    """Totals and the net result of a digital-zone case."""

    traditional_cost_nok: float
    digital_staffing_nok: float
    digital_running_nok: float
    system_cost_nok: float
    hours_moved_per_week: float
    cost_per_fte_nok: float

    @property
    def digital_total_nok(self) -> float:
        """Everything the digital service costs a year."""
        return self.digital_staffing_nok + self.digital_running_nok + self.system_cost_nok

    @property
    def net_nok(self) -> float:
        """Gain (+) or loss (-) a year: traditional cost saved minus the digital cost."""
        return self.traditional_cost_nok - self.digital_total_nok

    @property
    def fte_freed(self) -> float:
        """FTE freed: the staffing cost no longer needed, at the home-care cost per FTE."""
        return (self.traditional_cost_nok - self.digital_staffing_nok) / self.cost_per_fte_nok


def zone_result(bands: Sequence[ZoneBand], system_cost_nok: float,
                cost_per_fte_nok: float) -> ZoneResult:
    """Sum the band rows (as the seeds' table does, row by row) and add the system cost."""
    return ZoneResult(
        traditional_cost_nok=sum(b.traditional_cost_nok for b in bands),
        digital_staffing_nok=sum(b.digital_staffing_nok for b in bands),
        digital_running_nok=sum(b.digital_running_nok for b in bands),
        system_cost_nok=system_cost_nok,
        hours_moved_per_week=sum(b.hours_moved_per_week for b in bands),
        cost_per_fte_nok=cost_per_fte_nok,
    )


class _BandRow(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    band: str
    share_moved: float = Field(ge=0, le=1)
    hours_moved_per_week: float = Field(ge=0, allow_inf_nan=False)
    traditional_cost_nok: float = Field(ge=0, allow_inf_nan=False)
    digital_staffing_nok: float = Field(ge=0, allow_inf_nan=False)
    digital_running_nok: float = Field(ge=0, allow_inf_nan=False)


@dataclass(frozen=True)
class ZoneCase:
    """A named digital-zone case as shipped in ``models/examples``."""

    name: str
    bands: tuple[ZoneBand, ...]
    system_cost_nok: float
    source: str


def load_zone_case(path: Path) -> ZoneCase:
    """Load a case: ``<name>.toml`` (name, system_cost_nok, source) beside ``<name>.csv``
    (bands)."""
    meta = read_toml(path)
    for key in ("name", "system_cost_nok", "source"):
        if key not in meta:
            raise DataFileError(path, f"missing '{key}'", field=key)
    csv_path = path.with_suffix(".csv")
    rows = parse_rows(csv_path, _BandRow, read_csv(csv_path, _BandRow.model_fields))
    bands = []
    for lineno, r in rows:
        if r.band not in BANDS:
            raise DataFileError(csv_path, f"unknown band (known: {', '.join(BANDS)})",
                                row=lineno, field="band")
        bands.append(ZoneBand(r.band, r.share_moved, r.hours_moved_per_week,
                              r.traditional_cost_nok, r.digital_staffing_nok,
                              r.digital_running_nok))
    return ZoneCase(str(meta["name"]), tuple(bands), float(meta["system_cost_nok"]),
                    str(meta["source"]))
