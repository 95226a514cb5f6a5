"""Home-care decisions (vedtak) of the recipients on trinn 6 and 7: band, weekly hours.

Every recipient of a non-dementia cell on trinn 6 or 7 holds a decision, drawn once per
citizen and trinn (keyed by identity, so the same citizen holds the same decision in every
scenario). The band distribution reproduces, in the start year, the seeds' hours per band
(models/data/<municipality>/home_care_bands.csv): a decision holder is in band b with
probability decisions_b / holders, where ``holders`` is the expected start-year stock of
those cells, and then holds weekly_hours_b / decisions_b hours a week; the rest hold a
decision without weekly home-care hours (safety alarm, BPA, care allowance, respite: the
services of trinn 6-7 the zone tables do not count). So in 2024 the bands hold the seeds'
1 316 h/week and 86.6 mill NOK of the 193 mill of trinn 6-7 (the cells' unit costs already
carry them: the band cost is a split of it, not an addition); later years follow the
recipients. Dementia cases are not holders: their home nursing is in the persona packages.

Why not every recipient in a band: 2 109 recipients on trinn 6-7 in 2024 hold 1 316 h/week
by the seeds' tables, 0.62 h each, while the tables' 0-1 h band holds only 38 h and 58
decisions; no band distribution over all recipients meets both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from models.digital_zone import BANDS
from models.home_care import FILE, HomeCareBands, load_home_care_bands
from sim.randomness import Draws, Stream

if TYPE_CHECKING:  # sim.derive composes this module's step: no import at run time
    from sim.derive.entry import CellSpec

DECISION_TRINN = (6, 7)


@dataclass(frozen=True)
class DecisionSpec:
    """The band law of decisions and each band's rates (arrays in `BANDS` order)."""

    holder_items: tuple[int, ...]          # items of the cells whose recipients hold decisions
    cum_prob: NDArray[np.float64]          # P(band <= b) of a holder; the rest: no hours
    weekly_hours: NDArray[np.float64]      # hours per week of a decision in band b
    traditional_nok: NDArray[np.float64]   # NOK per year per weekly hour delivered traditionally
    running_nok: NDArray[np.float64]       # NOK per year per weekly hour delivered digitally
    digital_staffing_nok: float            # NOK per year per weekly hour digital, at digital_ata
    digital_ata: float
    traditional_ata: float
    cost_per_fte: float                    # NOK per FTE: the seeds' conversion of cost to FTE
    hours_per_fte: float


def derive_decisions(bands: HomeCareBands, holder_items: tuple[int, ...], holders: float,
                     cost_per_fte: float, hours_per_fte: float) -> DecisionSpec:
    """Derive the band law so that ``holders`` recipients hold the bands' hours (pure)."""
    decisions = np.asarray(bands.decisions, dtype=np.float64)
    hours = np.asarray(bands.weekly_hours, dtype=np.float64)
    if decisions.sum() > holders:
        raise ValueError(f"{decisions.sum():g} home-care decisions but only {holders:g} "
                         "recipients on trinn 6-7 to hold them")
    return DecisionSpec(
        holder_items=holder_items, cum_prob=np.cumsum(decisions / holders),
        weekly_hours=hours / decisions,
        traditional_nok=np.asarray(bands.traditional_cost_nok) / hours,
        running_nok=np.asarray(bands.digital_running_nok) / hours,
        digital_staffing_nok=bands.digital_staffing_nok_per_weekly_hour,
        digital_ata=bands.digital_ata, traditional_ata=bands.traditional_ata,
        cost_per_fte=cost_per_fte, hours_per_fte=hours_per_fte)


def home_care_decisions(folder: Path, cells: Sequence[CellSpec], cost_per_fte: float,
                        hours_per_fte: float) -> DecisionSpec | None:
    """The decisions of a municipality's trinn 6-7 cells (None without a band table).

    ``cells`` are the engine's `sim.derive.CellSpec`; the holders are the start-year stock
    of the non-dementia cells on trinn 6 and 7.
    """
    path = folder / FILE
    if not path.is_file():
        return None
    held = [c for c in cells if c.trinn in DECISION_TRINN]
    holders = float(sum(int(c.initial.sum()) for c in held))
    return derive_decisions(load_home_care_bands(path), tuple(c.item for c in held), holders,
                            cost_per_fte, hours_per_fte)


def decision_band(spec: DecisionSpec, draws: Draws, pid: NDArray[np.int64],
                  trinn: NDArray[np.int64]) -> NDArray[np.int64]:
    """Return each record's band index (``len(BANDS)``: no weekly hours), keyed by citizen
    and trinn."""
    u = np.empty(len(pid))
    for t in DECISION_TRINN:
        sel = trinn == t
        u[sel] = draws.trait(pid[sel], Stream.DECISION, t)
    return np.searchsorted(spec.cum_prob, u, side="right").astype(np.int64)


__all__ = ["BANDS", "DECISION_TRINN", "DecisionSpec", "decision_band", "derive_decisions",
           "home_care_decisions"]
