"""Costing: package lines per trinn, unit costs per person-year, the interim package and the
per-capita cost of the universal trinn, all in the accounts' prices.

An *item* is what a record is costed by: a tuple of lines (trinn, NOK per year, staff hours
per year). Items are numbered packages first (packages.csv order), then the need-group
cells, then the interim package (see `sim.derive.derive_inputs`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from models.calculator import Staffing, cost_package
from models.ladder import Ladder, Trinn, TrinnKind, UniversalPart
from models.layers import ParameterSet
from models.packages import Package
from models.prices import Catalogue
from models.staff_shares import StaffShares
from sim.derive.common import Derived

#: Costing lines of one item: (trinn, NOK per person-year, staff hours per person-year).
Lines = tuple[tuple[int, float, float], ...]
#: The price index that lifts earlier calculator prices to the accounts' price year.
PRICE_INDEX = "price_index_2024_per_2023"
#: The service a case waiting for a place gets meanwhile, and the trinn it is booked in.
INTERIM_SERVICE = "home_nursing"
INTERIM_TRINN = 7


def staffing(p: ParameterSet) -> Staffing:
    """Hours per FTE, position size and weeks per year of the layered parameters."""
    return Staffing(p["hours_per_fte"], p["position_size"], p["weeks_per_year"])


def price_factor(price_year: int, p: ParameterSet) -> float:
    """The factor that brings a price of ``price_year`` to the accounts' price year: the
    price index for an earlier year, 1 for a price already of the accounts' year."""
    return p[PRICE_INDEX] if price_year < int(p["accounts_price_year"]) else 1.0


@dataclass(frozen=True)
class PackageItems(Derived):
    """Each package's lines by trinn and its placement trinn (the highest trinn of a line)."""

    names: tuple[str, ...]
    lines: tuple[Lines, ...]
    placement: Mapping[str, int]
    sources: Mapping[str, str]


def package_items(packages: Mapping[str, Package], catalogue: Catalogue, p: ParameterSet
                  ) -> PackageItems:
    """Cost every package with the calculator and sum its lines per trinn, in the accounts'
    prices (calculator prices of an earlier year are lifted by the price index)."""
    staff = staffing(p)
    names: list[str] = []
    lines: list[Lines] = []
    placement: dict[str, int] = {}
    for name, pkg in packages.items():
        cost = cost_package(pkg, catalogue, staff)
        by_trinn: dict[int, list[float]] = {}
        for lc in cost.lines:
            acc = by_trinn.setdefault(lc.service.trinn, [0.0, 0.0])
            acc[0] += lc.cost_nok * price_factor(lc.service.price_year, p)
            acc[1] += lc.staff_hours
        names.append(name)
        lines.append(tuple((t, c, h) for t, (c, h) in sorted(by_trinn.items())))
        placement[name] = max(by_trinn)
    return PackageItems(tuple(names), tuple(lines), placement, {
        "lines": "derived: models.calculator.cost_package of packages.csv with unit_prices.csv, "
                 f"x {PRICE_INDEX} for prices before accounts_price_year",
        "placement": "derived: the highest trinn of a package's lines"})


def cell_unit_cost(trinn: Trinn, dementia_stock: float, dementia_cost: float
                   ) -> tuple[float, float]:
    """Return (stock, NOK per person-year) of a trinn's recipients without dementia: the
    accounts' recipients and cost less the dementia group's expected share of them."""
    stock = max(float(trinn.recipients_2024 or 0) - dementia_stock, 0.0)
    cost = max(trinn.cost_2024_mnok * 1e6 - dementia_cost, 0.0)
    return stock, cost / stock if stock > 0 else 0.0


def cell_lines(trinn: int, unit_cost: float, p: ParameterSet, relative_share: float
               ) -> Lines:
    """One line in the cell's trinn: its unit cost, and the staff hours its wages buy.

    ``relative_share`` is the trinn's staff share over the cost-weighted mean share of the
    care trinn (`staff_share_ratio`). care_cost_per_fte_2024 is the care trinn's *whole* cost
    per FTE, so the wage cost of one FTE is that x the mean share, and a krone of the trinn
    holds share / (mean share x care_cost_per_fte_2024) FTE: the care trinn's FTE stay those
    the accounts' cost per FTE gives (855 in Færder), a trinn with little wage cost (housing)
    holds few.
    """
    return ((trinn, unit_cost, unit_cost * relative_share / p["care_cost_per_fte_2024"]
             * staffing(p).hours_per_fte),)


def staff_share_ratio(shares: StaffShares, ladder: Ladder) -> dict[int, float]:
    """Each individual and place-based trinn's staff share over the cost-weighted mean share
    of the care trinn 6, 7, 9, 10, 11 in the 2024 accounts (the factor `cell_lines` takes)."""
    mean = shares.mean_share(ladder)
    return {t: s.share / mean for t, s in shares.by_trinn.items()}


def interim_lines(catalogue: Catalogue, p: ParameterSet) -> Lines:
    """The interim package (home nursing while waiting for a place), per person-year."""
    hn = catalogue[INTERIM_SERVICE]
    hours = p["interim_home_nursing_hours_per_week"] * staffing(p).weeks_per_year
    return ((INTERIM_TRINN, hours * hn.price_nok * p[PRICE_INDEX],
             hours * hn.staff_hours_per_unit),)


@dataclass(frozen=True, slots=True)
class UniversalRate:
    """NOK per person-year of the inhabitants aged ``age_min``..``age_max`` for one part of a
    universal trinn (its 2024 cost over the start year's inhabitants of those ages)."""

    trinn: int
    part: str
    age_min: int
    age_max: int
    nok_per_person_year: float


def universal_rates(ladder: Ladder, parts: Sequence[UniversalPart],
                    initial: NDArray[np.int64]) -> tuple[UniversalRate, ...]:
    """Cost rates of the universal trinn: each age-specific part per inhabitant of its ages,
    the rest of the trinn's cost per inhabitant of all ages.

    Parameters
    ----------
    ladder
        The staircase (trinn.csv): each universal trinn's 2024 cost.
    parts
        The age-specific parts (universal_parts.csv), none for a trinn all per inhabitant.
    initial
        Inhabitants by single age (0..max age) on 1 January of the start year.

    Raises
    ------
    ValueError
        If a part's ages hold no inhabitant in the start year.
    """
    max_age = len(initial) - 1
    rates: list[UniversalRate] = []
    for t in ladder.of_kind(TrinnKind.UNIVERSAL):
        rest = t.cost_2024_mnok
        for p in (p for p in parts if p.trinn == t.number):
            persons = int(initial[p.age_min:min(p.age_max, max_age) + 1].sum())
            if persons == 0:
                raise ValueError(f"trinn {t.number} part {p.part}: no inhabitant aged "
                                 f"{p.age_min}-{p.age_max} in the start year")
            rates.append(UniversalRate(t.number, p.part, p.age_min, p.age_max,
                                       p.cost_2024_mnok * 1e6 / persons))
            rest -= p.cost_2024_mnok
        rates.append(UniversalRate(t.number, "per_inhabitant", 0, max_age,
                                   rest * 1e6 / int(initial.sum())))
    return tuple(rates)


@dataclass(frozen=True)
class Costing(Derived):
    """Every item's lines, the interim item, universal costs and the staffing units."""

    item_names: tuple[str, ...]
    item_lines: tuple[Lines, ...]
    interim_item: int
    universal: tuple[UniversalRate, ...]
    hours_per_fte: float
    position_size: float
    price_year: int
    sources: Mapping[str, str]

    @property
    def universal_trinn(self) -> tuple[int, ...]:
        """The universal trinn (cost per inhabitant-year of some ages), ascending."""
        return tuple(sorted({r.trinn for r in self.universal}))
