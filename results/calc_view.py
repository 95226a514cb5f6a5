"""Presenting resource-calculator results: JSON-ready dicts and rich terminal tables."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from models.calculator import PackageCost, PersonaTable, PopulationScaling, WhatElse, what_else
from models.prices import Catalogue
from results.formatting import DASH, percent, signed
from results.labels import label, number


def _decimals(price: float) -> int:
    """Show øre only for prices that have them."""
    return 2 if price % 1 else 0

#: The seeds' headline: yearly difference for 684 persons vs the normal pathway (mill NOK).
SEED_SCALING_MNOK = {"proactive": -88.0, "reactive": 164.0}
PATHWAY_ORDER = ("normal", "proactive", "reactive")


def _pct(model: float, seed: float, lang: str) -> str:
    if not seed:
        return DASH
    return percent(model / seed - 1, 2, lang, with_sign=True)


def persona_dict(tables: Mapping[str, PersonaTable], scaling: PopulationScaling) -> dict[str, Any]:
    """Return the persona result as plain data (for ``--json``)."""
    any_table = next(iter(tables.values()))
    st = any_table.staffing
    return {
        "persona": any_table.persona,
        "units": {"cost": "NOK per year, fixed 2023 prices (ressurskalkulator 23-11)",
                  "staff_hours": "paid staff hours per year",
                  "hours_per_fte": st.hours_per_fte, "position_size": st.position_size},
        "pathways": {
            name: {
                "rows": [{"row": r.row, "age": r.age, "package": r.package,
                          "cost_nok": round(r.cost_nok, 2), "staff_hours": round(r.staff_hours, 2),
                          "seed_cost_nok": r.seed_cost_nok,
                          "seed_staff_hours": r.seed_staff_hours} for r in t.rows],
                "total_cost_nok": round(t.total_cost_nok, 2),
                "total_staff_hours": round(t.total_staff_hours, 2),
                "fte": round(t.total_fte, 3),
                "investment_nok": t.investment_nok,
                "seed_total_cost_nok": t.seed_total_cost_nok,
                "seed_total_staff_hours": t.seed_total_staff_hours,
            } for name, t in tables.items()},
        "scaling": {
            "persons": scaling.persons, "divisor_years": scaling.divisor_years,
            "baseline": scaling.baseline, "method": scaling.method,
            "annual_cost_nok": {k: round(v, 2) for k, v in scaling.annual_cost_nok.items()},
            "annual_difference_nok": {k: round(v, 2)
                                      for k, v in scaling.annual_difference_nok.items()},
            "seed_annual_difference_mnok": SEED_SCALING_MNOK,
        },
    }


def seed_implied_divisor(tables: Mapping[str, PersonaTable], persons: float) -> float:
    """Return the divisor (years) that turns the seeds' lifetime differences into their 88/164 mill.

    The mean over the two headline figures of persons x seed lifetime difference / headline.
    """
    base = tables["normal"].seed_total_cost_nok
    ratios = [persons * (tables[k].seed_total_cost_nok - base) / (v * 1e6)
              for k, v in SEED_SCALING_MNOK.items() if k in tables]
    return sum(ratios) / len(ratios)


def persona_renderable(tables: Mapping[str, PersonaTable], scaling: PopulationScaling,
                       lang: str = "nb") -> Group:
    """Build the persona tables for the terminal."""
    names = [n for n in PATHWAY_ORDER if n in tables] + sorted(set(tables) - set(PATHWAY_ORDER))
    first = tables[names[0]]
    t = Table(title=label("persona_title", lang, persona=first.persona.capitalize()),
              show_footer=False, header_style="bold")
    t.add_column(label("age", lang), justify="right")
    for n in names:
        pname = _pathway_label(n, lang)
        t.add_column(f"{pname}\n{label('kr_short', lang)}", justify="right")
        t.add_column(f"\n{label('hours_short', lang)}", justify="right")
    for i, row in enumerate(first.rows):
        cells = [str(row.age)]
        for n in names:
            r = tables[n].rows[i]
            cells += [number(r.cost_nok, 0, lang) if r.package else DASH,
                      number(r.staff_hours, 0, lang) if r.package else DASH]
        t.add_row(*cells)
    t.add_section()
    t.add_row(label("total_model", lang), *[c for n in names for c in (
        number(tables[n].total_cost_nok, 0, lang), number(tables[n].total_staff_hours, 0, lang))],
        style="bold")
    t.add_row(label("total_seed", lang), *[c for n in names for c in (
        number(tables[n].seed_total_cost_nok, 0, lang),
        number(tables[n].seed_total_staff_hours, 0, lang))])
    t.add_row(label("deviation", lang), *[c for n in names for c in (
        _pct(tables[n].total_cost_nok, tables[n].seed_total_cost_nok, lang),
        _pct(tables[n].total_staff_hours, tables[n].seed_total_staff_hours, lang))])
    t.add_row(label("fte", lang), *[c for n in names for c in (
        "", f"{number(tables[n].total_fte, 1, lang)} "
            f"({number(tables[n].staffing.fte(tables[n].seed_total_staff_hours), 1, lang)})")])
    t.add_row(label("investment", lang), *[c for n in names for c in (
        number(tables[n].investment_nok, 0, lang) if tables[n].investment_nok else DASH, "")])

    s = Table(title=label("scaling_title", lang, persons=scaling.persons),
              header_style="bold")
    s.add_column("")
    s.add_column(label("yearly_cost_mnok", lang), justify="right")
    base_name = _pathway_label(scaling.baseline, lang)
    s.add_column(label("diff_vs", lang, base=base_name.lower()), justify="right")
    s.add_column(label("seed_diff", lang), justify="right")
    for n in names:
        seed = SEED_SCALING_MNOK.get(n)
        s.add_row(_pathway_label(n, lang),
                  number(scaling.annual_cost_nok[n] / 1e6, 1, lang),
                  signed(scaling.annual_difference_nok[n] / 1e6, 1, lang)
                  if n != scaling.baseline else DASH,
                  signed(seed, 0, lang) if seed is not None else DASH)
    st = first.staffing
    notes = Text()
    notes.append(f"{label('method', lang)}: "
                 + label("scaling_method", lang, persons=scaling.persons,
                         years=scaling.divisor_years) + "\n")
    implied = seed_implied_divisor(tables, scaling.persons)
    notes.append(label("seed_implied", lang, years=number(implied, 1, lang),
                       cases=scaling.persons / implied) + "\n")
    notes.append(label("units_note", lang, years="2023 (ressurskalkulator 23-11)",
                       hpf=st.hours_per_fte, pos=st.position_size))
    return Group(t, s, notes)


def _pathway_label(name: str, lang: str) -> str:
    return label(f"pathway.{name}", lang) if name in PATHWAY_ORDER else name


def _amount_text(lc: Any, lang: str) -> str:
    ln = lc.line
    text = f"{number(ln.quantity, 2 if ln.quantity % 1 else 0, lang)} " \
           f"{label('qu.' + ln.quantity_unit.value, lang)}"
    if ln.hours_per_day:
        text += f" x {number(ln.hours_per_day, 1, lang)} t"
    if ln.frequency != 1:
        text += ", " + label("of_weeks", lang, k=ln.frequency.numerator, n=ln.frequency.denominator)
    return text


def package_dict(title: str, costs: Sequence[PackageCost], catalogue: Catalogue
                 ) -> dict[str, Any]:
    """Return package-file results as plain data (for ``--json``)."""
    st = costs[0].staffing
    return {
        "title": title,
        "units": {"cost": "NOK per year, fixed prices of each service's price year",
                  "hours_per_fte": st.hours_per_fte, "position_size": st.position_size,
                  "weeks_per_year": st.weeks_per_year},
        "alternatives": [{
            "name": c.name,
            "lines": [{"service": lc.service.service, "quantity": lc.line.quantity,
                       "quantity_unit": lc.line.quantity_unit.value,
                       "frequency": str(lc.line.frequency),
                       "annual_quantity": round(lc.annual_quantity, 4),
                       "price_unit": lc.service.unit.value, "unit_price_nok": lc.service.price_nok,
                       "price_year": lc.service.price_year, "cost_nok": round(lc.cost_nok, 2),
                       "staff_hours": round(lc.staff_hours, 2)} for lc in c.lines],
            "cost_nok": round(c.cost_nok, 2), "staff_hours": round(c.staff_hours, 2),
            "fte": round(c.fte, 3), "head_count": round(c.head_count, 3),
            "price_years": list(c.price_years),
        } for c in costs],
        "what_else": _what_else_dict(costs, catalogue),
    }


def _what_else_dict(costs: Sequence[PackageCost], catalogue: Catalogue) -> dict[str, list[float]]:
    cols = [what_else(c.cost_nok, catalogue, c.staffing) for c in costs]
    return {row[0].service.service: [round(w.per_week, 2) for w in row]
            for row in zip(*cols, strict=True)}


def package_renderable(title: str, costs: Sequence[PackageCost], catalogue: Catalogue,
                       lang: str = "nb") -> Group:
    """Build the side-by-side alternatives and the 'what else' table for the terminal."""
    parts: list[Any] = []
    summary = Table(title=title or None, header_style="bold")
    summary.add_column(label("alternative", lang))
    summary.add_column(label("annual_cost", lang), justify="right")
    summary.add_column(label("staff_hours", lang), justify="right")
    summary.add_column(label("fte", lang), justify="right")
    summary.add_column(label("head_count", lang), justify="right")
    for c in costs:
        detail = Table(title=c.name, header_style="bold", title_justify="left")
        detail.add_column(label("service", lang))
        detail.add_column(label("amount", lang))
        detail.add_column(label("per_year", lang), justify="right")
        detail.add_column(label("unit_price", lang), justify="right")
        detail.add_column(label("annual_cost", lang), justify="right")
        detail.add_column(label("staff_hours", lang), justify="right")
        for lc in c.lines:
            detail.add_row(lc.service.name(lang), _amount_text(lc, lang),
                           f"{number(lc.annual_quantity, 1, lang)} "
                           f"{label('pu.' + lc.service.unit.value, lang)}",
                           f"{number(lc.service.price_nok, _decimals(lc.service.price_nok), lang)}"
                           f" ({lc.service.price_year})",
                           number(lc.cost_nok, 0, lang), number(lc.staff_hours, 0, lang))
        detail.add_section()
        detail.add_row(label("sum", lang), "", "", "", number(c.cost_nok, 0, lang),
                       number(c.staff_hours, 0, lang), style="bold")
        parts.append(detail)
        summary.add_row(c.name, number(c.cost_nok, 0, lang), number(c.staff_hours, 0, lang),
                        number(c.fte, 1, lang), number(c.head_count, 1, lang))
    parts.append(summary)
    we = Table(title=label("what_else_title", lang), header_style="bold")
    we.add_column(label("service", lang))
    for i in range(len(costs)):
        we.add_column(f"{label('alternative', lang)} {i + 1}", justify="right")
    cols: list[list[WhatElse]] = [what_else(c.cost_nok, catalogue, c.staffing) for c in costs]
    for row in zip(*cols, strict=True):
        s = row[0].service
        unit = label("pu_per." + s.unit.value, lang)
        we.add_row(f"{s.name(lang)} ({unit})", *[number(w.per_week, 1, lang) for w in row])
    parts.append(we)
    st = costs[0].staffing
    years = sorted({y for c in costs for y in c.price_years})
    parts.append(Text(label("units_note", lang, years=", ".join(map(str, years)),
                            hpf=st.hours_per_fte, pos=st.position_size)))
    return Group(*parts)


def print_renderable(renderable: Any) -> None:
    """Print to the terminal (wide enough for the side-by-side tables)."""
    Console(width=max(Console().width, 120)).print(renderable)


def zone_renderable(name: str, source: str, result: Any, lang: str = "nb") -> Table:
    """Build the digital home-care zone's result for the terminal (a ``ZoneResult``)."""
    # Deferred: provenance is only needed here, and keeps this module's imports light.
    from results.provenance import source_text

    table = Table(title=name, show_header=False, title_justify="left")
    table.add_column(justify="left")
    table.add_column(justify="right")
    rows = (("zone.traditional_cost", result.traditional_cost_nok, 0),
            ("zone.digital_staffing", result.digital_staffing_nok, 0),
            ("zone.digital_running", result.digital_running_nok, 0),
            ("zone.system_cost", result.system_cost_nok, 0),
            ("zone.net", result.net_nok, 0),
            ("zone.hours_moved", result.hours_moved_per_week, 0),
            ("zone.fte_freed", result.fte_freed, 1))
    for key, value, decimals in rows:
        table.add_row(label(key, lang), number(value, decimals, lang))
    table.caption = (label("zone.fte_method", lang, cost=number(result.cost_per_fte_nok, 0, lang))
                     + f"\n{label('zone.source', lang)}: {source_text(source, lang)}")
    table.caption_justify = "left"
    return table
