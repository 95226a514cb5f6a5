"""Home-care decisions (vedtak) by size band: the data behind the small-decision and
digital-zone levers (models/data/<municipality>/home_care_bands.csv, one value a row)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from models.datafile import parse_rows, read_csv
from models.digital_zone import BANDS
from models.errors import DataFileError

FILE = "home_care_bands.csv"
_BAND_QUANTITIES = ("weekly_hours", "traditional_cost_nok", "digital_running_nok", "decisions")
_GLOBAL_QUANTITIES = ("digital_staffing_nok_per_weekly_hour", "digital_ata", "traditional_ata")


class _Row(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    band: str
    quantity: str
    value: float = Field(ge=0, allow_inf_nan=False)
    unit: str
    source: str


@dataclass(frozen=True)
class HomeCareBands:
    """The bands' 2024 totals (tuples in `BANDS` order) and the digital service's rates.

    ``weekly_hours``: decision hours per week in the band; ``traditional_cost_nok`` and
    ``digital_running_nok``: NOK per year for the whole band; ``decisions``: persons.
    """

    weekly_hours: tuple[float, ...]
    traditional_cost_nok: tuple[float, ...]
    digital_running_nok: tuple[float, ...]
    decisions: tuple[float, ...]
    digital_staffing_nok_per_weekly_hour: float
    digital_ata: float
    traditional_ata: float


def load_home_care_bands(path: Path) -> HomeCareBands:
    """Load the band table; every band needs every band quantity, once."""
    rows = parse_rows(path, _Row, read_csv(path, _Row.model_fields))
    band_values: dict[tuple[str, str], float] = {}
    glob: dict[str, float] = {}
    for lineno, r in rows:
        if r.band == "all":
            if r.quantity not in _GLOBAL_QUANTITIES:
                raise DataFileError(path, f"unknown quantity for band 'all' (known: "
                                    f"{', '.join(_GLOBAL_QUANTITIES)})", row=lineno,
                                    field="quantity")
            glob[r.quantity] = r.value
            continue
        if r.band not in BANDS:
            raise DataFileError(path, f"unknown band (known: all, {', '.join(BANDS)})",
                                row=lineno, field="band")
        if r.quantity not in _BAND_QUANTITIES:
            raise DataFileError(path, f"unknown quantity (known: {', '.join(_BAND_QUANTITIES)})",
                                row=lineno, field="quantity")
        if (r.band, r.quantity) in band_values:
            raise DataFileError(path, f"{r.quantity} of band {r.band} given twice", row=lineno)
        band_values[(r.band, r.quantity)] = r.value
    for q in _GLOBAL_QUANTITIES:
        if q not in glob:
            raise DataFileError(path, f"missing row: band 'all', quantity '{q}'")
    for b in BANDS:
        for q in _BAND_QUANTITIES:
            if (b, q) not in band_values:
                raise DataFileError(path, f"missing row: band '{b}', quantity '{q}'")

    def col(q: str) -> tuple[float, ...]:
        return tuple(band_values[(b, q)] for b in BANDS)

    return HomeCareBands(col("weekly_hours"), col("traditional_cost_nok"),
                         col("digital_running_nok"), col("decisions"),
                         glob["digital_staffing_nok_per_weekly_hour"], glob["digital_ata"],
                         glob["traditional_ata"])
