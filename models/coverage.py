"""A municipality's own coverage of its inhabitants 80+ (issue 29): the share of them on some
trinn on 31 December, as KOSTRA publishes it (table 12209: with home services, in nursing
homes).

``coverage.csv`` is optional; `trappa municipality import --kostra` writes it from the tables
(``models/ssb/data/kostra_mapping.csv`` names the trinn of each figure). Where a folder has it,
the engine's start puts that share of the 80+ on those trinn
(`sim.derive.entry.meet_coverage`); without it (Færder, a folder imported without KOSTRA) the
elderly recipients follow the national age profile alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from models.datafile import parse_rows, read_csv
from models.demography import AgeGroup
from models.errors import DataFileError
from models.ladder import Ladder, TrinnKind

COVERAGE_FILE = "coverage.csv"
#: The age from which KOSTRA counts "innbyggere 80 år og over".
OLD_AGE = 80


class _CoverageRow(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    figure: str = Field(min_length=1)
    trinn: str = Field(min_length=1)
    share: float = Field(ge=0, le=1, allow_inf_nan=False)
    year: int
    source: str = Field(min_length=1)


@dataclass(frozen=True, slots=True)
class Coverage:
    """The share of inhabitants 80+ on some trinn on 31 December of ``year``."""

    figure: str
    trinn: tuple[int, ...]
    share: float
    year: int
    source: str


def load_coverage(path: Path, ladder: Ladder, groups: tuple[AgeGroup, ...]
                  ) -> tuple[Coverage, ...]:
    """Load ``coverage.csv`` (none if the folder has no such file).

    Raises
    ------
    DataFileError
        One line naming the file, row and field: a trinn that is not an individual or
        place-based trinn of trinn.csv or is in two rows, shares adding up above 1, a figure
        given twice, or a population whose age groups do not start one at 80 (the engine
        holds the coverage by age group).
    """
    if not path.is_file():
        return ()
    rows = parse_rows(path, _CoverageRow, read_csv(path, _CoverageRow.model_fields))
    placed = {t.number for t in ladder if t.kind is not TrinnKind.UNIVERSAL}
    seen: dict[int, str] = {}
    out: list[Coverage] = []
    for lineno, r in rows:
        try:
            trinn = tuple(int(t) for t in r.trinn.split())
        except ValueError:
            raise DataFileError(path, f"{r.trinn!r} is not trinn numbers separated by spaces",
                                row=lineno, field="trinn") from None
        for t in trinn:
            if t not in placed:
                raise DataFileError(path, f"trinn {t} is not an individual or place-based "
                                    "trinn of trinn.csv", row=lineno, field="trinn")
            if t in seen:
                raise DataFileError(path, f"trinn {t} is also in the row of {seen[t]!r}: a "
                                    "person counts on one trinn at a time", row=lineno,
                                    field="trinn")
            seen[t] = r.figure
        if any(c.figure == r.figure for c in out):
            raise DataFileError(path, f"figure {r.figure!r} appears twice", row=lineno,
                                field="figure")
        out.append(Coverage(r.figure, trinn, r.share, r.year, r.source))
    total = sum(c.share for c in out)
    if total > 1 + 1e-9:
        raise DataFileError(path, f"the shares add up to {total:g}: more than all inhabitants "
                            "80+", field="share")
    if out and not any(g.age_min == OLD_AGE for g in groups):
        raise DataFileError(path, f"population.csv has no age group starting at {OLD_AGE}: "
                            "the coverage of the 80+ needs one")
    return tuple(out)
