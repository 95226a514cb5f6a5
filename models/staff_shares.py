"""Staff share of each trinn's cost: how much of a trinn's krone is the municipality's own wages.

``staff_shares.csv`` holds one row per individual or place-based trinn (4-12) with the share,
the range it is believed to lie in and its source. trappa turns the cost of a need group
without a persona package into staff hours with it (`sim.derive.costing.cell_lines`); the
persona packages carry their own staff hours from the calculator and do not use it.

A folder without the file (written by an earlier importer) uses Færder's estimates, said so in
each row's source.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from models.datafile import parse_rows, read_csv
from models.errors import DataFileError
from models.ladder import CARE_TRINN, Ladder, TrinnKind

STAFF_SHARES_FILE = "staff_shares.csv"
#: Where a folder without its own file takes the shares from.
REFERENCE_FILE = Path(__file__).parent / "data" / "faerder" / STAFF_SHARES_FILE


class _ShareRow(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    trinn: int
    staff_share: float = Field(ge=0, le=1, allow_inf_nan=False)
    low: float = Field(ge=0, le=1, allow_inf_nan=False)
    high: float = Field(ge=0, le=1, allow_inf_nan=False)
    source: str = Field(min_length=1)


@dataclass(frozen=True, slots=True)
class StaffShare:
    """The staff share of one trinn's cost, its range and source."""

    trinn: int
    share: float
    low: float
    high: float
    source: str


@dataclass(frozen=True, slots=True)
class StaffShares:
    """The staff share of every individual and place-based trinn, by trinn number."""

    by_trinn: Mapping[int, StaffShare]
    path: Path

    def __getitem__(self, trinn: int) -> float:
        return self.by_trinn[trinn].share

    def mean_share(self, ladder: Ladder, trinn: Iterable[int] = CARE_TRINN) -> float:
        """The cost-weighted mean share of ``trinn`` in the 2024 accounts: the share of their
        cost that is wages, so care_cost_per_fte_2024 x this is the wage cost of one FTE.

        Raises
        ------
        ValueError
            If those trinn had no cost in 2024 (no weight to average by).
        """
        numbers = tuple(trinn)
        cost = sum(ladder[t].cost_2024_mnok for t in numbers)
        if cost <= 0:
            raise ValueError(f"trinn {list(numbers)} have no cost in 2024: no mean staff share")
        return sum(self[t] * ladder[t].cost_2024_mnok for t in numbers) / cost


def load_staff_shares(path: Path, ladder: Ladder) -> StaffShares:
    """Load ``staff_shares.csv`` (Færder's, labelled so, if the folder has none): one row per
    individual or place-based trinn of ``ladder``, with ``low <= staff_share <= high``.

    Raises
    ------
    DataFileError
        One line naming the file, row and field: a trinn that is universal, unknown or given
        twice, a share outside its range, or a trinn missing.
    """
    copied = not path.is_file()
    source_path = REFERENCE_FILE if copied else path
    rows = parse_rows(source_path, _ShareRow, read_csv(source_path, _ShareRow.model_fields))
    needed = {t.number for t in ladder if t.kind is not TrinnKind.UNIVERSAL}
    shares: dict[int, StaffShare] = {}
    for lineno, r in rows:
        if r.trinn not in needed:
            raise DataFileError(source_path, f"trinn {r.trinn} is not an individual or "
                                "place-based trinn of trinn.csv", row=lineno, field="trinn")
        if r.trinn in shares:
            raise DataFileError(source_path, f"trinn {r.trinn} appears twice", row=lineno,
                                field="trinn")
        if not r.low <= r.staff_share <= r.high:
            raise DataFileError(source_path, f"staff_share {r.staff_share:g} is outside its "
                                f"range low {r.low:g} .. high {r.high:g}", row=lineno,
                                field="staff_share")
        source = (f"copied from Færder (the folder has no {STAFF_SHARES_FILE}): {r.source}"
                  if copied else r.source)
        shares[r.trinn] = StaffShare(r.trinn, r.staff_share, r.low, r.high, source)
    missing = sorted(needed - set(shares))
    if missing:
        raise DataFileError(source_path, f"trinn {missing} missing: every individual and "
                            "place-based trinn needs a staff share")
    return StaffShares(dict(sorted(shares.items())), source_path)
