"""The innsatstrapp: 12 trinn with the municipality's 2024 recipients and cost."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from models.datafile import parse_rows, read_csv
from models.errors import DataFileError

TRINN_NUMBERS = tuple(range(1, 13))
#: Pleie og omsorg: the trinn whose staff the seeds' 855 FTE of 2023 count (and whose cost over
#: those FTE is parameters.toml's care_cost_per_fte_2024).
CARE_TRINN: tuple[int, ...] = (6, 7, 9, 10, 11)


class TrinnKind(StrEnum):
    """How a trinn is delivered: to everyone, to a person, or in a place."""

    UNIVERSAL = "universal"
    INDIVIDUAL = "individual"
    PLACE_BASED = "place_based"


class _TrinnRow(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    trinn: int
    name_nb: str
    name_en: str
    kind: TrinnKind
    recipients_2024: int | None = Field(default=None, ge=0)
    cost_2024_mnok: float = Field(ge=0)
    per_recipient_nok: float | None = Field(default=None, ge=0)
    source: str

    @field_validator("trinn")
    @classmethod
    def _known_trinn(cls, v: int) -> int:
        if v not in TRINN_NUMBERS:
            raise ValueError("unknown trinn: must be 1..12")
        return v


@dataclass(frozen=True, slots=True)
class Trinn:
    """One step of the staircase with its 2024 figures (mill NOK, 2024 prices)."""

    number: int
    name_nb: str
    name_en: str
    kind: TrinnKind
    recipients_2024: int | None
    cost_2024_mnok: float
    per_recipient_nok: float | None
    source: str

    def name(self, lang: str = "nb") -> str:
        """Return the trinn's name in Norwegian bokmål (``nb``) or English (``en``)."""
        return self.name_en if lang == "en" else self.name_nb


@dataclass(frozen=True, slots=True)
class Ladder:
    """All 12 trinn, indexable by number."""

    steps: tuple[Trinn, ...]

    def __getitem__(self, number: int) -> Trinn:
        return self.steps[number - 1]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.steps)

    def of_kind(self, kind: TrinnKind) -> tuple[Trinn, ...]:
        """Return the trinn of one kind, in ladder order."""
        return tuple(t for t in self.steps if t.kind is kind)

    @property
    def total_cost_2024_mnok(self) -> float:
        """Sum of the 2024 cost over all trinn (mill NOK)."""
        return sum(t.cost_2024_mnok for t in self.steps)


def load_ladder(path: Path) -> Ladder:
    """Load ``trinn.csv``: exactly the trinn 1..12, each once."""
    rows = parse_rows(path, _TrinnRow, read_csv(path, _TrinnRow.model_fields))
    seen: dict[int, Trinn] = {}
    for lineno, r in rows:
        if r.trinn in seen:
            raise DataFileError(path, f"trinn {r.trinn} appears twice", row=lineno, field="trinn")
        if r.kind is not TrinnKind.UNIVERSAL and r.recipients_2024 is None:
            raise DataFileError(path, "recipients are required for an individual or "
                                "place-based trinn", row=lineno, field="recipients_2024")
        if (r.kind is not TrinnKind.UNIVERSAL and r.recipients_2024 == 0
                and r.cost_2024_mnok > 0):
            # the engine costs a trinn per recipient: a cost spread over nobody is undefined
            raise DataFileError(path, f"cost {r.cost_2024_mnok:g} mill NOK but no recipients: "
                                "give the recipients, or a cost of 0", row=lineno,
                                field="recipients_2024")
        seen[r.trinn] = Trinn(r.trinn, r.name_nb, r.name_en, r.kind, r.recipients_2024,
                              r.cost_2024_mnok, r.per_recipient_nok, r.source)
    missing = [n for n in TRINN_NUMBERS if n not in seen]
    if missing:
        raise DataFileError(path, f"trinn {missing} missing: the ladder has 12 steps")
    return Ladder(tuple(seen[n] for n in TRINN_NUMBERS))


#: The optional file of a universal trinn's age-specific parts.
UNIVERSAL_PARTS_FILE = "universal_parts.csv"


class _PartRow(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    trinn: int
    part: str = Field(min_length=1)
    age_min: int = Field(ge=0)
    age_max: int = Field(ge=0)
    cost_2024_mnok: float = Field(ge=0)
    source: str


@dataclass(frozen=True, slots=True)
class UniversalPart:
    """A part of a universal trinn's 2024 cost that serves the inhabitants of some ages."""

    trinn: int
    part: str
    age_min: int
    age_max: int
    cost_2024_mnok: float
    source: str


def load_universal_parts(path: Path, ladder: Ladder) -> tuple[UniversalPart, ...]:
    """Load ``universal_parts.csv`` (none if the file is absent): each part of a universal
    trinn, with the parts of a trinn summing to no more than its cost in ``trinn.csv``."""
    if not path.is_file():
        return ()
    rows = parse_rows(path, _PartRow, read_csv(path, _PartRow.model_fields))
    parts: list[UniversalPart] = []
    for lineno, r in rows:
        if r.trinn not in TRINN_NUMBERS or ladder[r.trinn].kind is not TrinnKind.UNIVERSAL:
            raise DataFileError(path, f"trinn {r.trinn} is not a universal trinn of trinn.csv",
                                row=lineno, field="trinn")
        if r.age_max < r.age_min:
            raise DataFileError(path, f"age_max {r.age_max} is below age_min {r.age_min}",
                                row=lineno, field="age_max")
        parts.append(UniversalPart(r.trinn, r.part, r.age_min, r.age_max, r.cost_2024_mnok,
                                   r.source))
        total = sum(p.cost_2024_mnok for p in parts if p.trinn == r.trinn)
        if total > ladder[r.trinn].cost_2024_mnok:
            raise DataFileError(path, f"the parts of trinn {r.trinn} sum to {total:g} mill NOK, "
                                f"more than its {ladder[r.trinn].cost_2024_mnok:g} in trinn.csv",
                                row=lineno, field="cost_2024_mnok")
    return tuple(parts)
