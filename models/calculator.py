"""The resource calculator (ressurskalkulator): a package of services -> yearly cost, staff
hours, FTE.

Pure arithmetic, no randomness. Costs are in fixed prices of each service's price year;
FTE = staff hours / hours per FTE; head count = FTE / average position size.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from models.errors import BadValueError
from models.packages import Package, PackageLine
from models.parameters import Parameters
from models.personas import PersonaPathway
from models.prices import Catalogue, PriceUnit, Service

MAX_ALTERNATIVES = 3


@dataclass(frozen=True, slots=True)
class Staffing:
    """How staff hours turn into FTE and head count."""

    hours_per_fte: float
    position_size: float
    weeks_per_year: float

    @classmethod
    def from_parameters(cls, params: Parameters) -> Staffing:
        """Read hours per FTE, position size and weeks per year from the parameter file."""
        return cls(params["hours_per_fte"], params["position_size"], params["weeks_per_year"])

    def fte(self, staff_hours: float) -> float:
        """Return FTE (årsverk) for a number of staff hours a year."""
        return staff_hours / self.hours_per_fte

    def head_count(self, staff_hours: float) -> float:
        """Return employees at the average position size."""
        return self.fte(staff_hours) / self.position_size


def annual_quantity(line: PackageLine, service: Service, weeks_per_year: float) -> float:
    """Return the line's yearly quantity in the service's price unit."""
    share = float(line.frequency)
    match service.unit:
        case PriceUnit.PLACE_YEAR:
            return line.quantity * share
        case PriceUnit.PLACE_DAY:
            return line.quantity * 7 * weeks_per_year * share
        case _:
            return line.weekly_amount() * weeks_per_year * share


@dataclass(frozen=True, slots=True)
class LineCost:
    """The yearly cost and staff time of one package line."""

    service: Service
    line: PackageLine
    annual_quantity: float
    cost_nok: float
    staff_hours: float


@dataclass(frozen=True, slots=True)
class PackageCost:
    """The yearly cost, staff hours, FTE and head count of a package."""

    name: str
    lines: tuple[LineCost, ...]
    staffing: Staffing

    @property
    def cost_nok(self) -> float:
        """Annual cost, NOK in fixed prices of the services' price year."""
        return sum(lc.cost_nok for lc in self.lines)

    @property
    def staff_hours(self) -> float:
        """Annual paid staff hours."""
        return sum(lc.staff_hours for lc in self.lines)

    @property
    def fte(self) -> float:
        """FTE (årsverk)."""
        return self.staffing.fte(self.staff_hours)

    @property
    def head_count(self) -> float:
        """Employees at the average position size."""
        return self.staffing.head_count(self.staff_hours)

    @property
    def price_years(self) -> tuple[int, ...]:
        """The distinct price years the cost is stated in."""
        return tuple(sorted({lc.service.price_year for lc in self.lines}))


def cost_line(line: PackageLine, catalogue: Catalogue, staffing: Staffing) -> LineCost:
    """Cost one package line: quantity x unit price, quantity x staff hours per unit."""
    service = catalogue[line.service]
    q = annual_quantity(line, service, staffing.weeks_per_year)
    return LineCost(service, line, q, q * service.price_nok, q * service.staff_hours_per_unit)


def cost_package(package: Package, catalogue: Catalogue, staffing: Staffing) -> PackageCost:
    """Cost every line of a package."""
    return PackageCost(package.name,
                       tuple(cost_line(ln, catalogue, staffing) for ln in package.lines),
                       staffing)


def compare_alternatives(alternatives: Sequence[Package], catalogue: Catalogue,
                         staffing: Staffing) -> list[PackageCost]:
    """Cost up to three alternative packages side by side.

    Raises
    ------
    ValueError
        If more than three alternatives (the calculator's layout) or none are given.
    """
    if not 1 <= len(alternatives) <= MAX_ALTERNATIVES:
        raise ValueError(f"give 1 to {MAX_ALTERNATIVES} alternatives, got {len(alternatives)}")
    return [cost_package(p, catalogue, staffing) for p in alternatives]


@dataclass(frozen=True, slots=True)
class WhatElse:
    """How much of one other service the same money buys, per week."""

    service: Service
    per_week: float


def what_else(annual_cost_nok: float, catalogue: Catalogue, staffing: Staffing
              ) -> list[WhatElse]:
    """Return, for each weekly-priced service, the amount per week the same yearly sum buys.

    The calculator's third column: annual cost / (unit price x weeks per year); hours per week
    for hourly services, units or events per week for the others. Places are not listed.
    """
    out = []
    for s in catalogue:
        if s.unit in (PriceUnit.PLACE_YEAR, PriceUnit.PLACE_DAY) or s.price_nok <= 0:
            continue
        out.append(WhatElse(s, annual_cost_nok / (s.price_nok * staffing.weeks_per_year)))
    return out


@dataclass(frozen=True, slots=True)
class PersonaRow:
    """One year of a persona's pathway, costed."""

    row: int
    age: int
    package: str | None
    cost_nok: float
    staff_hours: float
    seed_cost_nok: float | None
    seed_staff_hours: float | None


@dataclass(frozen=True)
class PersonaTable:
    """A persona pathway costed year by year, with totals and the one-off investment."""

    persona: str
    pathway: str
    rows: tuple[PersonaRow, ...]
    investment_nok: float
    staffing: Staffing

    @property
    def total_cost_nok(self) -> float:
        """Sum of annual running costs over the table's rows (investment excluded)."""
        return sum(r.cost_nok for r in self.rows)

    @property
    def total_staff_hours(self) -> float:
        """Sum of staff hours over the rows."""
        return sum(r.staff_hours for r in self.rows)

    @property
    def total_fte(self) -> float:
        """The staff-hour total expressed as FTE (as the seeds' table does)."""
        return self.staffing.fte(self.total_staff_hours)

    @property
    def seed_total_cost_nok(self) -> float:
        """The seeds' total cost (sum of their printed rows)."""
        return sum(r.seed_cost_nok or 0.0 for r in self.rows)

    @property
    def seed_total_staff_hours(self) -> float:
        """The seeds' total staff hours."""
        return sum(r.seed_staff_hours or 0.0 for r in self.rows)


def persona_table(pathway: PersonaPathway, packages: Mapping[str, Package],
                  catalogue: Catalogue, staffing: Staffing) -> PersonaTable:
    """Cost a persona pathway year by year (each package costed once, reused per row)."""
    costed = {name: cost_package(packages[name], catalogue, staffing)
              for name in {y.package for y in pathway.years if y.package is not None}}
    rows = tuple(
        PersonaRow(y.row, y.age, y.package,
                   costed[y.package].cost_nok if y.package else 0.0,
                   costed[y.package].staff_hours if y.package else 0.0,
                   y.seed_cost_nok, y.seed_staff_hours)
        for y in pathway.years)
    invest = sum(i.amount_nok for i in pathway.investments)
    return PersonaTable(pathway.persona, pathway.pathway, rows, invest, staffing)


@dataclass(frozen=True, slots=True)
class PopulationScaling:
    """A persona's pathways scaled to a prevalent population, as a yearly difference."""

    persons: float
    divisor_years: float
    baseline: str
    annual_cost_nok: dict[str, float]
    annual_difference_nok: dict[str, float]
    method: str


def scale_to_population(tables: Mapping[str, PersonaTable], persons: float,
                        divisor_years: float, baseline: str = "normal") -> PopulationScaling:
    """Scale persona pathways to ``persons`` people living with the condition.

    Method (steady state): the prevalent persons are spread evenly over the pathway's years,
    so the municipality's yearly cost of a pathway = persons x (running cost over the whole
    pathway) / ``divisor_years``; one-off investments are spread the same way. The yearly
    difference of a pathway is its yearly cost minus the baseline's.
    """
    if baseline not in tables:
        raise ValueError(f"baseline pathway '{baseline}' not among {sorted(tables)}")
    # written so that NaN fails too (it once printed invalid JSON)
    if not (0 <= persons < math.inf):
        raise BadValueError(f"calc: --persons must be a finite number >= 0, got {persons!r}")
    if not (0 < divisor_years < math.inf):
        raise BadValueError(f"calc: --divisor-years must be a finite number > 0, got "
                            f"{divisor_years!r}")
    annual = {name: persons * (t.total_cost_nok + t.investment_nok) / divisor_years
              for name, t in tables.items()}
    diff = {name: annual[name] - annual[baseline] for name in tables}
    method = (f"steady state: {persons:g} persons spread evenly over the pathway's "
              f"{divisor_years:g} years; yearly cost = persons x (pathway total incl. one-off "
              f"investment) / {divisor_years:g}")
    return PopulationScaling(persons, divisor_years, baseline, annual, diff, method)
