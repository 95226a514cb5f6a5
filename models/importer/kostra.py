"""A municipality's own KOSTRA figures in its staircase: coverage of the 80+ (table 12209),
årsverk per recipient (12209) and gross expenditure by function (12362/12367).

The one mapping of figures to trinn is ``models/ssb/data/kostra_mapping.csv`` (docs/kostra.md
gives the reasons). A share of the 80+ becomes recipients by age by scaling Færder's
age-specific use of the mapped trinn (`models.importer.estimates.use_rates`) by one factor, so
that the 80+ recipients equal the share x the municipality's 80+: the municipality's own level,
Færder's age shape (stated as estimated where it matters: the ages under 80). A figure the
tables do not hold for the municipality (absent region, an SSB symbol) leaves its items
estimated, and says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from models.errors import DataFileError
from models.importer.estimates import StaircaseRow, use_rates
from models.importer.staircase import _check_plausible
from models.ladder import TrinnKind
from models.municipality import Municipality
from models.ssb import kostra_tables as kt
from models.ssb.kostra import KostraTable

MAPPING_FILE = Path(__file__).resolve().parents[1] / "ssb" / "data" / "kostra_mapping.csv"
OLD = 80


@dataclass(frozen=True)
class MappingRow:
    """One row of the KOSTRA -> trinn mapping."""

    table: str
    figure: str
    sets: str
    trinn: tuple[int, ...]
    reason: str


def read_mapping(path: Path = MAPPING_FILE) -> list[MappingRow]:
    """The KOSTRA -> trinn mapping (see the module docstring)."""
    frame = pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)
    return [MappingRow(r["table"], r["figure"], r["sets"],
                       tuple(int(t) for t in r["trinn"].split()), r["reason"])
            for r in frame.to_dict("records")]


@dataclass(frozen=True)
class Coverage:
    """A share of the 80+ on some trinn, from a KOSTRA table of a year."""

    share: float
    year: int
    trinn: tuple[int, ...]
    table: str


@dataclass
class KostraResult:
    """What the KOSTRA tables gave: the staircase with them, the care FTE and the 80+
    without services where they are given, each figure with its table and year."""

    stairs: dict[int, StaircaseRow]
    care_fte: tuple[float, str] | None = None
    share_without: tuple[float, str] | None = None
    figures: dict[str, dict[str, object]] = field(default_factory=dict)
    coverage: dict[str, Coverage] = field(default_factory=dict)
    estimated: list[str] = field(default_factory=list)


def _tag(table: KostraTable, year: int) -> str:
    return f"SSB table {table.table_id} ({year}, {table.path.name})"


def apply_kostra(ref: Municipality, pop: NDArray[np.float64], code: str,
                 stairs: dict[int, StaircaseRow], given: set[int],
                 tables: list[KostraTable]) -> KostraResult:
    """Apply the municipality's own KOSTRA figures to the (estimated) staircase.

    ``given``: trinn the consultant's staircase file sets (those win over KOSTRA).
    """
    key = next((t for t in tables if not t.is_accounts), None)
    accounts = next((t for t in tables if t.is_accounts), None)
    mapping = read_mapping()
    out = KostraResult(dict(stairs))
    rates = use_rates(ref)
    pop_old = float(pop[OLD:].sum())
    rec_src: dict[int, str] = {}
    if key is None or code not in key.regions():
        # one line for the whole table: the municipality (or the table) is not there
        out.estimated.append(_missing(key, code, kt.KEY_FIGURES_TABLE, "its key figures",
                                      "trinn 6, 7, 9, 11, 12 recipients and care_fte_2023"))
    for row in (r for r in mapping if r.sets == "coverage_80plus"):
        label = kt.INDICATOR_BY_NAME[row.figure].label_nb
        got = key.value(code, row.figure) if key is not None else None
        if got is None:
            if key is not None and code in key.regions():
                out.estimated.append(_missing(key, code, kt.KEY_FIGURES_TABLE, label,
                                              f"trinn {_list(row.trinn)} recipients"))
            continue
        pct, year, _where = got
        assert key is not None
        own = [t for t in row.trinn if t not in given]
        predicted = sum(float((rates[t][OLD:] * pop[OLD:]).sum()) for t in row.trinn
                        if t in rates)
        wanted = pct / 100 * pop_old
        factor = wanted / predicted if predicted > 0 else 0.0
        out.figures[row.figure] = {"value": pct, "unit": "percent of inhabitants 80+",
                                   "table": key.table_id, "year": year,
                                   "file": key.path.name, "label": label,
                                   "sets": f"trinn {_list(row.trinn)} recipients"}
        out.coverage[row.figure] = Coverage(pct / 100, year, row.trinn, key.table_id)
        for t in own:
            n = round(factor * float((rates[t] * pop).sum())) if t in rates else 0
            old = out.stairs[t]
            rec_src[t] = (f"recipients from {_tag(key, year)}: {label} {pct:g} % x "
                          f"{pop_old:,.0f} inhabitants 80+, over trinn {_list(row.trinn)} and "
                          f"ages as Færder's use (x {factor:.4f})")
            per = old.per_recipient_nok or 0.0
            out.stairs[t] = replace(old, recipients=n, cost_mnok=round(n * per / 1e6, 3),
                                    per_recipient_nok=old.per_recipient_nok)
    cost_src = _apply_accounts(ref, out, accounts, code, mapping, given, pop)
    for t, srow in out.stairs.items():
        if t in given:
            continue
        rec, cost = rec_src.get(t), cost_src.get(t)
        if rec is None and cost is None:
            continue
        parts = []
        if ref.ladder[t].kind is not TrinnKind.UNIVERSAL:
            parts.append(rec or "estimated recipients: Færder's 2024 recipients per "
                                "inhabitant by age x this population")
        parts.append(cost or "estimated cost: the recipients x Færder's cost per recipient")
        estimated = any(p.startswith("estimated") for p in parts)
        parts.sort(key=lambda p: not p.startswith("estimated"))
        per_rec = (round(srow.cost_mnok * 1e6 / srow.recipients, -2) if srow.recipients
                   else None)
        out.stairs[t] = StaircaseRow(t, srow.recipients, srow.cost_mnok, per_rec,
                                     "; ".join(parts), estimated)
    _care_fte(out, key, code, mapping)
    home, inst = out.figures.get("home_services_80plus"), out.figures.get("institution_80plus")
    if home and inst:
        share = round(1 - (float(home["value"]) + float(inst["value"])) / 100, 4)  # type: ignore[arg-type]
        if not 0 <= share <= 1:
            raise DataFileError(key.path if key else Path("?"),  # pragma: no cover - bounded
                                "home services and institution shares of the 80+ sum above "
                                "100 %")
        out.share_without = (share, f"derived: 1 - ({home['label']} {home['value']:g} % + "
                                    f"{inst['label']} {inst['value']:g} %), SSB table "
                                    f"{home['table']} ({home['year']}, {home['file']}); the "
                                    "80+ with other services only (e.g. a safety alarm) count "
                                    "as without")
    return out


def _list(trinn: tuple[int, ...]) -> str:
    return ", ".join(map(str, trinn))


def _missing(table: KostraTable | None, code: str, table_id: str, what: str,
             affects: str) -> str:
    if table is None:
        return f"{affects}: no SSB table {table_id} given ({what}); estimated"
    if code not in table.regions():
        return (f"{affects}: municipality {code} is not in SSB table {table.table_id} "
                f"({table.path.name}); {what} stay estimated")
    return (f"{affects}: SSB table {table_id} ({table.path.name}) has no number for {what} "
            f"for municipality {code} (an SSB symbol or absent); estimated")


def _apply_accounts(ref: Municipality, out: KostraResult, accounts: KostraTable | None,
                    code: str, mapping: list[MappingRow], given: set[int],
                    pop: NDArray[np.float64]) -> dict[int, str]:
    """Gross expenditure by function split over the mapped trinn; return each trinn's source."""
    rows = [r for r in mapping if r.sets == "cost"]
    by_trinn: dict[int, list[MappingRow]] = {}
    for r in rows:
        for t in r.trinn:
            by_trinn.setdefault(t, []).append(r)
    found: dict[str, tuple[float, int]] = {}
    for r in rows:
        got = accounts.value(code, r.figure) if accounts is not None else None
        if got is not None:
            found[r.figure] = (got[0] * kt.ACCOUNTS_UNIT_NOK / 1e6, got[1])
    # a trinn's cost is the accounts' only when every function it takes from is there
    complete = {t for t, fs in by_trinn.items() if all(f.figure in found for f in fs)}
    if accounts is None or code not in accounts.regions():
        out.estimated.append(_missing(accounts, code, kt.ACCOUNTS_TABLES[0],
                                      "its accounts by function",
                                      f"trinn {_list(tuple(sorted(by_trinn)))} cost"))
    else:
        for t in sorted(set(by_trinn) - complete):
            missing = [f.figure for f in by_trinn[t] if f.figure not in found]
            out.estimated.append(_missing(accounts, code, kt.ACCOUNTS_TABLES[0],
                                          f"function {', '.join(missing)}", f"trinn {t} cost"))
    cost: dict[int, float] = {}
    used: dict[int, list[str]] = {}
    for r in rows:
        if r.figure not in found:
            continue
        targets = [t for t in r.trinn if t in complete]
        weights = {t: _weight(ref, out.stairs[t]) for t in targets}
        total_w = sum(weights.values())
        mnok, year = found[r.figure]
        for t in targets:
            share = weights[t] / total_w if total_w > 0 else 1 / len(targets)
            cost[t] = cost.get(t, 0.0) + mnok * share
            used.setdefault(t, []).append(
                f"function {r.figure} {mnok:,.1f} mill" + ("" if share == 1 else
                                                            f" x {share:.3f}"))
        out.figures[f"function_{r.figure}"] = {
            "value": round(mnok, 3), "unit": "mill NOK gross operating expenditure",
            "table": accounts.table_id if accounts else "", "year": year,
            "file": accounts.path.name if accounts else "",
            "label": kt.FUNCTIONS[r.figure], "sets": f"trinn {_list(r.trinn)} cost"}
    src: dict[int, str] = {}
    population = float(pop.sum())
    for t, value in cost.items():
        if t in given:
            continue
        assert accounts is not None
        year = max(found[f.figure][1] for f in by_trinn[t])
        row = out.stairs[t]
        _check_plausible(accounts.path, None, ref, t, row.recipients, value,  # type: ignore[arg-type]
                         population)
        out.stairs[t] = replace(row, cost_mnok=round(value, 3))
        src[t] = (f"cost from {_tag(accounts, year)}: {'; '.join(used[t])} (split by the "
                  "trinn's recipients x Færder's cost per recipient)")
    return src


def _weight(ref: Municipality, row: StaircaseRow) -> float:
    """A trinn's share of a function: its recipients x Færder's cost per recipient."""
    t = ref.ladder[row.trinn]
    if t.kind is TrinnKind.UNIVERSAL or not t.recipients_2024:
        return row.cost_mnok
    return (row.recipients or 0) * t.cost_2024_mnok / t.recipients_2024


def _care_fte(out: KostraResult, key: KostraTable | None, code: str,
              mapping: list[MappingRow]) -> None:
    for row in (r for r in mapping if r.sets == "care_fte"):
        label = kt.INDICATOR_BY_NAME[row.figure].label_nb
        got = key.value(code, row.figure) if key is not None else None
        if got is None:
            if key is not None and code in key.regions():
                out.estimated.append(_missing(key, code, kt.KEY_FIGURES_TABLE, label,
                                              "care_fte_2023"))
            continue
        assert key is not None
        per, year, _ = got
        users = sum(out.stairs[t].recipients or 0 for t in row.trinn)
        fte = round(per * users, 1)
        out.care_fte = (fte, f"from {_tag(key, year)}: {label} {per:g} x {users:,} recipients "
                             f"of trinn {_list(row.trinn)}")
        out.figures[row.figure] = {"value": per, "unit": "årsverk per recipient",
                                   "table": key.table_id, "year": year, "file": key.path.name,
                                   "label": label, "sets": "care_fte_2023"}
