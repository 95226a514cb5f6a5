"""The council report's content as data for the Typst template (``results/typst/report.typ``).

``document`` returns one JSON-able dict: the language, the title, and the sections in
order, each a list of blocks (a paragraph, a table, a chart, a heading). Every text comes
from the catalogue, every number is formatted here by ``results.formatting`` and every
figure is a row of the run's comparison; the template only sets them in type.

The sections: page one (the message: one sentence per strategy, a chart of Δ cost with
its band, what the interval includes, the tables, the staffing gap), the contents, the
summary, why FTE and cost move differently, can we staff it (need and supply per year, the
family carers' ratio; a run with the staff supply's inputs), the charts, the assumptions
in plain words, the reconciliation with the consultancy's figures (only where the
municipality has them; otherwise the municipality's own sources), and the appendix for the
analyst (files, hashes, code version, parameter sources). Paths, hashes and the code
version appear in the appendix only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from models.parameters import Parameter
from results import formatting
from results.formatting import percent, signed
from results.intervals import UNCERTAINTY_PARAMETERS, few_runs_text, includes_text
from results.labels import label, number
from results.payback import DISCOUNT_RATE_SOURCE, RATE_SOURCE_CLI
from results.payback_view import rate_text
from results.provenance import (
    parameter_name,
    parameter_unit,
    source_kind,
    source_text,
    unit_text,
)
from results.report_facts import REPO, RunFacts, Sources, municipality_name
from results.report_headline import Headline, ScenarioHeadline, build_headline
from results.report_levers import lever_texts
from results.report_reconcile import reconciliation_rows
from results.report_tables import ReportTables
from results.report_text import summary_paragraphs, summary_rows
from results.report_why import WhyRows, why_rows
from results.staffing_view import staffing_message, staffing_years
from results.summary import TRINN_CARE

MNOK = 1e6
Block = dict[str, Any]
#: The charts' section titles (catalogue keys) by file stem; personas by prefix.
CHART_TITLES = {"total_cost": "plot.total_cost_title", "fte_head_count": "rep.fte_head_title",
                "staircase": "rep.profile_title", "dementia_cost": "plot.dementia_title",
                "waiting": "rep.waiting_title"}
#: The page-one chart of Δ cost (results.charts.delta_cost_figure).
DELTA_CHART = "delta_cost"
#: The staffing section's chart (results.charts.staffing_figure).
STAFFING_CHART = "staffing"
#: Parameters page one sets the base against (parameters.toml).
CARE_FTE, DEMENTIA = "care_fte_2023", "dementia_prevalence_2024"


# --- small pieces ------------------------------------------------------------------------------

def par(text: str, size: float | None = None, *, bold: bool = False, grey: bool = False,
        red: bool = False) -> Block:
    """A paragraph block."""
    return {"kind": "par", "text": text, "size": size, "bold": bold, "grey": grey, "red": red}


def table(head: Sequence[str], rows: Sequence[Sequence[str]], *,
          align: Sequence[str] | None = None, widths: Sequence[float | None] | None = None,
          size: float | None = None) -> Block:
    """A table block: header, rows of formatted cells, column alignment and widths
    (a number: a share of the free width; None: as wide as the column's content)."""
    return {"kind": "table", "head": list(head), "rows": [list(r) for r in rows],
            "align": list(align) if align else None, "widths": list(widths) if widths else None,
            "size": size}


def section(title: str | None, blocks: list[Block], *, outlined: bool = True,
            newpage: bool = True) -> dict[str, Any]:
    """A section: its title (None: none) and blocks; a new page unless ``newpage`` is false."""
    return {"title": title, "blocks": blocks, "outlined": outlined, "newpage": newpage}


def report_title(tables: ReportTables, facts: RunFacts, lang: str) -> str:
    """Return the report's title, e.g. "Innsatstrappa i Færder 2024-2040"."""
    return label("rep.title", lang, municipality=municipality_name(facts, lang),
                 start=tables.years[0], end=tables.years[-1])


def _titled(key: str, facts: RunFacts, lang: str, **values: Any) -> str:
    """A section title that names the municipality ("Sammendrag - Færder", with an en dash)."""
    return f"{label(key, lang, **values)} \u2013 {municipality_name(facts, lang)}"


def _param(sources: Sources, name: str) -> Parameter | None:
    return next((p for p in sources.parameters if p.name == name), None)


def _value(sources: Sources, name: str) -> float | None:
    p = _param(sources, name)
    return None if p is None else float(p.value)


def is_estimated(source: str) -> bool:
    """Whether a parameter's source says the importer estimated it."""
    return source.startswith("estimated")


def estimated_mark(source: str, lang: str) -> str:
    """Return " [estimated]" in ``lang`` for a value whose source says the importer estimated
    it (``estimated: how``), else nothing."""
    return f" [{label('fact.estimated_mark', lang)}]" if is_estimated(source) else ""


def source_in_words(source: str, lang: str) -> str:
    """Name a parameter's source document in words for the body, never by file number:
    " (Agenda Kaupangs presentasjon for kommunestyret 12.2.2025)"; "" if it names none."""
    numbers = re.findall(r"seed (\d{3})", source)
    if not numbers:
        return ""
    key = "rep.src.seed000" if numbers[0] == "000" else "rep.src.seeds"
    return f" ({label(key, lang)})"


def body_source(p: Parameter, lang: str) -> str:
    """A parameter's source for the body: its kind and the document named in words; an
    importer's estimate said so (the reasoning is in the appendix)."""
    if is_estimated(p.source):
        return label("rep.own.estimated", lang)
    return label(f"prov.{source_kind(p.source)}", lang) + source_in_words(p.source, lang)


def estimated_item(item: str, lang: str) -> str:
    """One of run.json's ``estimated`` items ("file: how") for the report: as written in
    English; in Norwegian the file and a value it sets, the English reasoning pointed to."""
    if lang == "en":
        return item
    file, _, rest = item.partition(": ")
    if re.fullmatch(r"[\w.]+ = [\d.,]+", rest.strip()):
        return f"{file}: {rest.strip()}"
    return f"{file} ({label('rep.own.reasoning_en', lang)})"


def _rate_source(facts: RunFacts, lang: str, short: bool = False) -> str:
    if facts.discount_rate_source == RATE_SOURCE_CLI:
        return label("rep.discount_source_cli", lang)
    return (label("rep.discount_source", lang) if short or lang != "en"
            else DISCOUNT_RATE_SOURCE)


def _mnok(value: float, lang: str) -> str:
    """Mill kr in running text: whole numbers from 10 up, one decimal below."""
    return number(value / MNOK, 0 if abs(value) >= 10 * MNOK else 1, lang)


# --- page one -----------------------------------------------------------------------------------

def _direction(p05: float, p95: float) -> str:
    return "lower" if p95 < 0 else "higher" if p05 > 0 else "unclear"


def _magnitudes(row: Mapping[str, Any], fmt: Any, lang: str) -> dict[str, str]:
    """The mean and interval of a Δ as the sentence writes them: magnitudes with a direction
    word when the interval lies on one side of zero, signed otherwise."""
    way = _direction(float(row["p05"]), float(row["p95"]))
    mean, lo, hi = float(row["mean"]), float(row["p05"]), float(row["p95"])
    if way == "lower":
        return {"x": fmt(-mean), "range": f"{fmt(-hi)}\u2013{fmt(-lo)}"}
    if way == "higher":
        return {"x": fmt(mean), "range": f"{fmt(lo)}\u2013{fmt(hi)}"}
    word = "to" if lang == "en" else "til"
    return {"x": fmt(mean, True), "range": f"{fmt(lo, True)} {word} {fmt(hi, True)}"}


def message_sentence(h: ScenarioHeadline, tables: ReportTables, facts: RunFacts,
                     lang: str) -> str:
    """Return page one's sentence on a strategy: Δ cost and Δ care FTE in the last year
    with their 90 % intervals and the head count, the first saving year and the payback.

    Every number is the comparison's: the mean of the paired differences, its p05 and p95.
    """
    c = tables.comparison
    assert c is not None
    year = tables.years[-1]
    cost = c.stat(h.scenario, "d_cost_nok", year)
    fte = c.stat(h.scenario, "d_fte", year, TRINN_CARE)
    head = c.stat(h.scenario, "d_head_count", year, TRINN_CARE)
    assert cost is not None
    assert fte is not None
    assert head is not None
    decimals = 0 if max(abs(float(cost[k])) for k in ("mean", "p05", "p95")) >= 10 * MNOK else 1

    def mnok(v: float, with_sign: bool = False) -> str:
        return (signed if with_sign else number)(v / MNOK, decimals, lang)

    def whole(v: float, with_sign: bool = False) -> str:
        return (signed if with_sign else number)(v, 0, lang)

    cway = _direction(float(cost["p05"]), float(cost["p95"]))
    fway = _direction(float(fte["p05"]), float(fte["p95"]))
    heads = float(head["mean"])
    parts = {
        "strategy": facts.title(h.scenario, lang), "year": year,
        "pct": percent(0.9, 0, lang),
        "cost": label(f"rep.msg.cost_{cway}", lang, pct=percent(0.9, 0, lang),
                      **_magnitudes(cost, mnok, lang)),
        "fte": label(f"rep.msg.fte_{fway}", lang, **_magnitudes(fte, whole, lang),
                     h=whole(-heads if fway == "lower" else heads, fway == "unclear")),
    }
    text = label("rep.msg.sentence", lang, **parts)
    p = h.payback
    y1 = tables.years[-1]
    if p.first_saving_year is None:
        pay = label("rep.msg.no_saving", lang, y1=y1)
    elif p.payback_year is None:
        pay = label("rep.msg.not_paid", lang, first=formatting.year(p.first_saving_year), y1=y1)
    else:
        pay = label("rep.msg.paid", lang, first=formatting.year(p.first_saving_year),
                    payback=formatting.year(p.payback_year))
    return f"{text} {pay}"


def headline_rows(h: Headline, facts: RunFacts, lang: str
                  ) -> tuple[tuple[list[str], list[list[str]]], tuple[list[str], list[list[str]]]]:
    """Return the first page's two tables (header, rows): the changes, and the payback."""
    name = label("scenario", lang)
    changes = [name]
    for key in ("rep.h.col.cost", "rep.h.col.fte_care", "rep.h.col.fte_staircase"):
        changes += [label(key, lang, year=y) for y in h.years]
    rows = []
    for s in h.scenarios:
        rows.append([facts.title(s.scenario, lang),
                     *(signed(s.d_cost[y] / MNOK, 1, lang) for y in h.years),
                     *(signed(s.d_fte_care[y], 0, lang) for y in h.years),
                     *(signed(s.d_fte_staircase[y], 0, lang) for y in h.years)])
    y0, y1 = h.base.first_year, h.base.last_year
    pay = [name, label("rep.h.col.extra", lang), label("rep.h.col.first_saving", lang),
           label("rep.h.col.payback", lang), label("rep.h.col.cumulative", lang, y0=y0, y1=y1),
           label("rep.h.col.present_value", lang, rate=rate_text(h.rate, lang))]
    pay_rows = []
    never = label("rep.h.not_by", lang, year=y1)
    for s in h.scenarios:
        p = s.payback
        pay_rows.append([facts.title(s.scenario, lang),
                         number(p.initial_extra_cost / MNOK, 1, lang),
                         str(p.first_saving_year) if p.first_saving_year else never,
                         str(p.payback_year) if p.payback_year else never,
                         signed(p.cumulative / MNOK, 1, lang),
                         signed(p.present_value / MNOK, 1, lang)])
    return (changes, rows), (pay, pay_rows)


def base_sentence(h: Headline, facts: RunFacts, sources: Sources, lang: str) -> str:
    """Return the sentence on the base's own level beside the municipality's own figures
    (care FTE of 2023, persons with dementia), each marked where the importer estimated it."""
    b = h.base
    text = label("rep.h.base", lang, base=facts.title(b.scenario, lang), y0=b.first_year,
                 y1=b.last_year, f0=number(b.care_fte_first, 0, lang),
                 f1=number(b.care_fte_last, 0, lang),
                 s0=number(b.staircase_fte_first, 0, lang),
                 c0=number(b.cost_first / MNOK, 0, lang), c1=number(b.cost_last / MNOK, 0, lang))
    care = _param(sources, CARE_FTE)
    if care is not None and b.care_fte_source is not None:
        key = "rep.h.base_855_estimated" if is_estimated(care.source) else "rep.h.base_855"
        text += " " + label(key, lang, fte=number(b.care_fte_source, 0, lang),
                            source=source_in_words(care.source, lang),
                            y0=b.first_year, f0=number(b.care_fte_first, 0, lang),
                            growth=signed((b.care_fte_first / b.care_fte_source - 1) * 100,
                                          1, lang))
    dementia = _param(sources, DEMENTIA)
    if dementia is not None and b.dementia_source is not None:
        model = (label("rep.h.dementia_model", lang, n=number(b.dementia_model, 0, lang),
                       year=b.first_year) if b.dementia_model is not None else "")
        key = "rep.h.base_684_estimated" if is_estimated(dementia.source) else "rep.h.base_684"
        text += " " + label(key, lang, n=number(b.dementia_source, 0, lang), model=model)
    return text


def interval_line(tables: ReportTables, facts: RunFacts, lang: str) -> str:
    """One line on what page one's intervals include."""
    return " ".join(filter(None, (
        label("rep.msg.interval", lang, pct=percent(0.9, 0, lang), n=tables.replications),
        includes_text(facts.uncertainty, lang), few_runs_text(tables.replications, lang))))


def page_one(tables: ReportTables, facts: RunFacts, sources: Sources, lang: str,
             charts: Sequence[str]) -> dict[str, Any]:
    """Page one: the message per strategy, the Δ cost chart, the tables, the base."""
    h = build_headline(tables, sources, facts.discount_rate)
    price_year = facts.price_year or label("fact.unknown", lang)
    blocks: list[Block] = []
    if not h.scenarios:
        blocks.append(par(label("rep.h.one_scenario", lang), 11))
    else:
        blocks.append(par(label("rep.msg.lead", lang, base=facts.title(tables.baseline, lang),
                                municipality=municipality_name(facts, lang),
                                price_year=price_year), 10.5, bold=True))
        blocks += [par(message_sentence(s, tables, facts, lang), 10.5) for s in h.scenarios]
        if f"{DELTA_CHART}.svg" in charts:
            blocks.append({"kind": "image", "file": f"{DELTA_CHART}.svg", "width": 0.66})
        blocks.append(par(interval_line(tables, facts, lang), 8.5, grey=True))
        (head, rows), (pay, pay_rows) = headline_rows(h, facts, lang)
        blocks.append(par(label("rep.h.lead", lang, base=facts.title(tables.baseline, lang)),
                          9, bold=True))
        blocks.append(table(head, rows, widths=[2.0] + [1.0] * (len(head) - 1), size=8))
        blocks.append(table(pay, pay_rows, widths=[2.0] + [1.0] * (len(pay) - 1), size=8))
    blocks.append(par(base_sentence(h, facts, sources, lang), 9))
    blocks += staffing_lines(tables, facts, lang)
    blocks.append(par(label("rep.h.note", lang, y0=tables.years[0], y1=tables.years[-1],
                            rate=rate_text(h.rate, lang),
                            source=_rate_source(facts, lang, short=True),
                            n=tables.replications, hpf=number(facts.hours_per_fte, 0, lang)),
                      8, grey=True))
    left, right = ("'", "'") if lang == "en" else ("\u00ab", "\u00bb")
    scenarios = "; ".join(
        f"{left}{facts.title(s, lang)}{right}"
        + (f" {label('rep.baseline_mark', lang)}" if s == tables.baseline else "")
        + f": {facts.scenario(s).describe(lang) or chr(0x2013)}" for s in tables.scenarios)
    blocks.append(par(scenarios, 8, grey=True))
    return section(report_title(tables, facts, lang), blocks)


def staffing_lines(tables: ReportTables, facts: RunFacts, lang: str) -> list[Block]:
    """Page one's staffing gap: a sentence per scenario (the reference first) and that the
    supply's defaults are assumptions; nothing for a run without the gap."""
    c = tables.comparison
    if c is None:
        return []
    texts = [staffing_message(c, s, facts.title(s, lang), lang) for s in tables.scenarios]
    if not any(texts):
        return []
    return [par(label("staff.title", lang), 9, bold=True),
            *(par(t, 9) for t in texts if t),
            par(label("rep.staff.assumed", lang), 8, grey=True)]


# --- the body ------------------------------------------------------------------------------------

def summary_section(tables: ReportTables, facts: RunFacts, lang: str) -> dict[str, Any]:
    """The summary in sentences with the key-figure table."""
    blocks = [par(p) for p in summary_paragraphs(tables, facts, lang)]
    header, rows = summary_rows(tables, facts, lang)
    blocks.append(table(header, rows, widths=[2.0] + [1.0] * (len(header) - 1), size=8.5))
    blocks.append(par(" ".join(filter(None, (
        label("rep.s.method", lang, n=tables.replications,
              price_year=facts.price_year or label("fact.unknown", lang)),
        includes_text(facts.uncertainty, lang)))), 8.5, grey=True))
    few = few_runs_text(tables.replications, lang)
    if few:
        blocks.append(par(few, 9, bold=True))
    return section(_titled("rep.summary_title", facts, lang), blocks)


def levers_section(tables: ReportTables, facts: RunFacts, lang: str) -> dict[str, Any]:
    """Each scenario and what it does: every lever with its size, whom it reaches, start
    year and phase-in (a strategy made in the app included)."""
    reference = facts.scenario(tables.baseline)
    blocks: list[Block] = []
    for s in tables.scenarios:
        mark = f" {label('rep.baseline_mark', lang)}" if s == tables.baseline else ""
        blocks.append({"kind": "heading", "text": facts.title(s, lang) + mark})
        described = facts.scenario(s).describe(lang)
        if described:
            blocks.append(par(described, 9, grey=True))
        texts = ([] if s == tables.baseline
                 else lever_texts(facts.scenario(s), reference, lang))
        if s != tables.baseline and not texts:
            texts = [label("rep.levers.none", lang)]
        blocks += [{"kind": "item", "text": t, "source": None} for t in texts]
    return section(_titled("rep.levers.title", facts, lang), blocks)


def why_table(w: WhyRows, sources: Sources, facts: RunFacts, lang: str
              ) -> tuple[list[str], list[list[str]]]:
    """Return the FTE-versus-cost table of one strategy: a row per trinn the strategy
    changes and the total, Δ cost (mill kr), Δ staff hours, Δ FTE, hours per mill kr."""
    head = [label("trinn", lang), label("rep.why.col.cost", lang, year=w.year),
            label("rep.why.col.hours", lang, year=w.year),
            label("rep.why.col.fte", lang, year=w.year), label("rep.why.col.ratio", lang)]
    hpf = facts.hours_per_fte

    def ratio(cost: float, hours: float) -> str:
        return number(hours / (cost / MNOK), 0, lang) if abs(cost) >= 1.0 else "\u2013"

    rows = []
    for r in w.trinn:
        name = sources.trinn_name(r.trinn, lang)
        rows.append([f"{r.trinn} {name}".strip(), signed(r.d_cost / MNOK, 1, lang),
                     signed(r.d_hours, 0, lang), signed(r.d_hours / hpf, 1, lang),
                     ratio(r.d_cost, r.d_hours)])
    for key, (cost, hours) in (("rep.why.added", w.added), ("rep.why.removed", w.removed)):
        rows.append([label(key, lang), signed(cost / MNOK, 1, lang), signed(hours, 0, lang),
                     signed(hours / hpf, 1, lang), ratio(cost, hours)])
    rows.append([label("rep.why.total", lang), signed(w.d_cost / MNOK, 1, lang),
                 signed(w.d_hours, 0, lang), signed(w.d_hours / hpf, 1, lang),
                 ratio(w.d_cost, w.d_hours)])
    return head, rows


def why_sentence(w: WhyRows, lang: str) -> str:
    """Say the staff hours per mill kr of what a strategy adds and of what it removes."""
    def hours(v: float | None) -> str:
        return "\u2013" if v is None else number(v, 0, lang)

    return label("rep.why.ratio", lang, added=hours(w.hours_per_mnok_added),
                 removed=hours(w.hours_per_mnok_removed))


def why_section(tables: ReportTables, facts: RunFacts, sources: Sources, lang: str
                ) -> dict[str, Any] | None:
    """Why FTE and cost move differently: per strategy, Δ by trinn (None: one scenario)."""
    c = tables.comparison
    if c is None or len(tables.scenarios) < 2:
        return None
    blocks: list[Block] = [par(label("rep.why.lead", lang,
                                     hpf=number(facts.hours_per_fte, 0, lang)))]
    for s in tables.scenarios[1:]:
        w = why_rows(c, s)
        blocks.append({"kind": "heading", "text": facts.title(s, lang)})
        head, rows = why_table(w, sources, facts, lang)
        blocks.append(table(head, rows, widths=[2.2, 1.0, 1.0, 1.0, 1.0], size=8.5))
        blocks.append(par(why_sentence(w, lang), 9))
    return section(_titled("rep.why.title", facts, lang), blocks)


def staffing_section(tables: ReportTables, facts: RunFacts, lang: str, charts: Sequence[str]
                     ) -> dict[str, Any] | None:
    """Can we staff it: the chart of need and supply per year, and a table per year of each
    scenario's gap (mean and 90 % interval) and the family carers' ratio (inhabitants 50-66
    per 85+); None for a run without the staffing gap."""
    c = tables.comparison
    if c is None:
        return None
    per = {s: staffing_years(c, s) for s in tables.scenarios}
    if not all(per.values()):
        return None
    blocks: list[Block] = [par(label("rep.staff.intro", lang))]
    if f"{STAFFING_CHART}.svg" in charts:
        blocks.append({"kind": "image", "file": f"{STAFFING_CHART}.svg", "width": 1.0})
    head = [label("year", lang),
            *(label("rep.staff.col.gap", lang, scenario=facts.title(s, lang))
              for s in tables.scenarios),
            label("rep.staff.col.family", lang)]
    rows = []
    for i, y in enumerate(tables.years):
        cells = [formatting.year(y)]
        for s in tables.scenarios:
            r = per[s][i]
            band = formatting.interval(r["gap_fte_p05"], r["gap_fte_p95"], 0, lang,
                                       with_sign=True)
            cells.append(f"{signed(r['gap_fte_mean'], 0, lang)} [{band}]")
        cells.append(number(per[tables.baseline][i]["family_ratio"], 1, lang))
        rows.append(cells)
    blocks.append(table(head, rows, widths=[None] + [1.0] * (len(head) - 1), size=8))
    blocks.append(par(label("rep.staff.assumed", lang), 8.5, grey=True))
    return section(_titled("rep.staff.title", facts, lang), blocks)


def chart_sections(charts: Sequence[str], facts: RunFacts, lang: str) -> list[dict[str, Any]]:
    """One section per chart of the body (the SVG files' names, in page order)."""
    out = []
    for name in charts:
        stem = name.removesuffix(".svg")
        if stem in (DELTA_CHART, STAFFING_CHART):  # page one's, the staffing section's
            continue
        if stem.startswith("persona_"):
            title = _titled("persona_title", facts, lang,
                            persona=stem.removeprefix("persona_").capitalize())
        else:
            title = _titled(CHART_TITLES.get(stem, "rep.profile_title"), facts, lang)
        out.append(section(title, [{"kind": "image", "file": name, "width": 1.0}]))
    return out


def uncertainty_text(facts: RunFacts, replications: int, lang: str) -> str:
    """Return what a run's intervals include, in plain words (the assumptions page's text):
    Monte Carlo alone, or with the drawn parameters, and what is not drawn."""
    key = ("rep.plain.uncertainty.parameters" if facts.uncertainty == UNCERTAINTY_PARAMETERS
           else "rep.plain.uncertainty")
    return label(key, lang, n=replications)


def plain_section(tables: ReportTables, facts: RunFacts, sources: Sources, lang: str
                  ) -> dict[str, Any]:
    """The assumptions in plain words: what the model takes as given, and what not."""
    keys = ("population", "dementia", "pathways", "others", "universal", "prices", "fte",
            "capacity", "uncertainty", "not_included")
    unknown = label("fact.unknown", lang)
    care = _param(sources, CARE_FTE)
    dementia = _param(sources, DEMENTIA)

    def shown(p: Parameter | None) -> str:
        if p is None:
            return unknown
        return number(float(p.value), 0, lang) + estimated_mark(p.source, lang)

    parameters = facts.uncertainty == UNCERTAINTY_PARAMETERS
    blocks = [par(label(f"rep.plain.{k}" + (".parameters" if k == "uncertainty" and parameters
                                            else ""), lang, price_year=facts.price_year or "",
                        care_fte=shown(care), dementia=shown(dementia),
                        hpf=number(facts.hours_per_fte, 0, lang),
                        pos=percent(facts.position_size, 0, lang), n=tables.replications,
                        rate=rate_text(facts.discount_rate, lang),
                        source=_rate_source(facts, lang, short=True)))
              for k in keys]
    if facts.extrapolation is not None:  # the horizon goes beyond the projection: say how
        last, end, method = facts.extrapolation
        blocks.insert(1, par(label("rep.plain.population.extrapolated", lang, last=last,
                                   first=last + 1, end=end, method=method), bold=True))
    return section(_titled("rep.plain_title", facts, lang), blocks)


def has_consultancy_figures(facts: RunFacts, sources: Sources) -> bool:
    """Whether the municipality's own sources hold the consultancy's figures the
    reconciliation sets trappa against (Færder's: the dementia cases of its sources, not an
    importer's estimate)."""
    dementia = _param(sources, DEMENTIA)
    return (not facts.estimated and dementia is not None and not is_estimated(dementia.source)
            and "seed" in dementia.source)


def reconciliation_section(tables: ReportTables, facts: RunFacts, sources: Sources,
                           lang: str) -> dict[str, Any]:
    """The consultancy's figures beside trappa's where the municipality has them; elsewhere
    the municipality's own sources, estimates marked."""
    if has_consultancy_figures(facts, sources):
        header = [label(k, lang) for k in ("rep.r.col.what", "rep.r.col.seed",
                                           "rep.r.col.model", "rep.r.col.why")]
        rows = reconciliation_rows(tables, facts, sources, lang)
        blocks: list[Block] = [par(label("rep.r.lead", lang))]
        if rows:
            blocks.append(table(header, rows, align=("left", "right", "right", "left"),
                                widths=(1.2, None, None, 2.0), size=8.5))
        return section(_titled("rep.r.title", facts, lang), blocks)
    blocks = [par(label("rep.own.lead", lang, municipality=municipality_name(facts, lang)))]
    if sources.parameters:
        rows = [[parameter_name(p, lang), _parameter_value(p, lang)
                 + estimated_mark(p.source, lang), body_source(p, lang)]
                for p in sources.parameters]
        blocks.append(table([label("rep.own.col.what", lang), label("rep.own.col.value", lang),
                             label("rep.own.col.source", lang)], rows,
                            align=("left", "right", "left"), widths=(1.2, None, 2.0),
                            size=8))
    elif sources.problem:
        blocks.append(par(label("fact.data_missing", lang, name=facts.municipality,
                                problem=sources.problem)))
    return section(_titled("rep.own.title", facts, lang), blocks)


# --- the appendix ----------------------------------------------------------------------------

def relative(path: Path | str, folder: Path | None = None) -> str:
    """A file's name for the report: relative to the source tree, else to the folder's
    parent (``bamble/parameters.toml``), else the file's own name."""
    p = Path(path)
    for base in (REPO, folder.parent if folder is not None else None):
        if base is None:
            continue
        try:
            return p.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return p.name


def unit_items(facts: RunFacts, lang: str) -> list[tuple[str, str]]:
    """Return the run's units as (metric name, unit text) in ``lang``."""
    numbers = {"price_year": facts.price_year or label("fact.unknown", lang),
               "index": number(facts.price_index, 3, lang) if facts.price_index else "",
               "hpf": number(facts.hours_per_fte, 0, lang),
               "pos": number(facts.position_size, 2, lang)}
    out = []
    for key, text in facts.units.items():
        shown = unit_text(key, text, lang, **numbers)
        if shown is not None:
            name = key if lang == "en" else label(f"metric.{key}", lang)
            out.append((name, shown))
    return out


def _parameter_value(p: Parameter, lang: str) -> str:
    """A parameter's value in the language's format; a calendar year never grouped."""
    value = float(p.value)
    if "calendar year" in p.unit and value.is_integer():
        return formatting.year(value)
    return number(value, _decimals(value), lang)


def _decimals(value: float) -> int:
    """As many decimals as the value has, up to four (0.67 -> 2, 1595 -> 0)."""
    for d in range(5):
        if abs(round(value, d) - value) < 1e-9:
            return d
    return 4


def appendix(tables: ReportTables, facts: RunFacts, sources: Sources, lang: str
             ) -> dict[str, Any]:
    """The appendix for the analyst: the run's facts, files, units, estimates, parameters."""
    unknown = label("fact.unknown", lang)

    def fact(key: str, value: object) -> list[str]:
        return [label(key, lang), str(value)]

    facts_rows = [
        fact("fact.municipality", municipality_name(facts, lang)),
        fact("fact.years", f"{tables.years[0]}\u2013{tables.years[-1]}"),
        fact("fact.baseline", facts.title(tables.baseline, lang)),
        fact("fact.seed", facts.seed if facts.seed is not None else unknown),
        fact("fact.replications", tables.replications),
        fact("fact.calibration", relative(facts.calibration_file, sources.folder)
             if facts.calibration_file else label("fact.calibration_none", lang)),
        fact("fact.code_version", f"trappa {facts.version}, commit {facts.commit}"),
        fact("fact.created", facts.created or unknown),
        fact("fact.run_dir", facts.run_dir.name),
        fact("fact.price_year", facts.price_year or unknown),
        fact("fact.price_index", number(facts.price_index, 3, lang)
             if facts.price_index else unknown),
        fact("fact.hours_per_fte", number(facts.hours_per_fte, 0, lang)),
        fact("fact.position_size", percent(facts.position_size, 0, lang)),
        fact("fact.discount_rate",
             f"{rate_text(facts.discount_rate, lang)} ({_rate_source(facts, lang)})"),
    ]
    if facts.calibration_hash:
        facts_rows.append(fact("fact.calibration_hash", facts.calibration_hash))
    two = (label("xl.item", lang), label("xl.value", lang))
    blocks: list[Block] = [table(two, facts_rows, align=("left", "left"), widths=(None, 1.0),
                                 size=8.5)]
    blocks.append({"kind": "heading", "text": label("fact.scenario_files", lang)})
    blocks.append(table(two, [[facts.title(s, lang), f"{facts.scenario(s).describe(lang)} ["
                               + (", ".join(relative(f, sources.folder)
                                            for f in facts.scenario(s).files) or "\u2013") + "]"]
                              for s in tables.scenarios],
                        align=("left", "left"), widths=(None, 1.0), size=8.5))
    blocks.append({"kind": "heading", "text": label("fact.run_units", lang)})
    blocks.append(table(two, [[n, t] for n, t in unit_items(facts, lang)],
                        align=("left", "left"), widths=(None, 1.0), size=8.5))
    if facts.estimated:  # an imported municipality: what the importer estimated
        mark = label("fact.estimated_mark", lang)
        blocks.append({"kind": "heading", "text": label("fact.estimated", lang)})
        blocks += [par(f"{mark}: {estimated_item(item, lang)}", 8.5, red=True)
                   for item in facts.estimated]
    blocks.append({"kind": "heading", "text": label("fact.numbers", lang)})
    blocks += [par(label("xl.numbers_from", lang), 8.5),
               par(f"{label('fact.rounding', lang)}: {label('xl.rounding', lang)}", 8.5)]
    if sources.problem:
        blocks.append(par(label("fact.data_missing", lang, name=facts.municipality,
                                problem=sources.problem), 8.5, red=True))
    if sources.changed_files:
        blocks.append(par(label("fact.data_changed", lang, files=", ".join(
            sources.changed_files)), 8.5, red=True))
    if sources.parameters:
        where = relative(sources.parameter_file, sources.folder) if sources.parameter_file else ""
        blocks.append({"kind": "heading", "text": label("fact.parameters", lang, file=where)})
        for p in sources.parameters:
            unit = parameter_unit(p, lang)
            value = _parameter_value(p, lang)
            blocks.append({"kind": "item",
                           "text": f"{parameter_name(p, lang)} = {value}"
                                   + (f" ({unit})" if unit else "")
                                   + estimated_mark(p.source, lang),
                           "source": f"{label('xl.source', lang)}: "
                                     f"{source_text(p.source, lang, where)}"})
    title = f"{label('rep.appendix', lang)}: {label('rep.assumptions_title', lang)}"
    return section(f"{title} \u2013 {municipality_name(facts, lang)}", blocks)


def document(tables: ReportTables, facts: RunFacts, sources: Sources, lang: str,
             charts: Sequence[str]) -> dict[str, Any]:
    """Return the report's data for the Typst template; ``charts`` are the SVG files'
    names in page order (``delta_cost.svg`` goes on page one)."""
    sections = [page_one(tables, facts, sources, lang, charts),
                section(None, [{"kind": "outline", "text": label("rep.toc", lang)}],
                        outlined=False),
                summary_section(tables, facts, lang), levers_section(tables, facts, lang)]
    why = why_section(tables, facts, sources, lang)
    if why is not None:
        sections.append(why)
    staffing = staffing_section(tables, facts, lang, charts)
    if staffing is not None:
        sections.append(staffing)
    sections += chart_sections(charts, facts, lang)
    sections += [plain_section(tables, facts, sources, lang),
                 reconciliation_section(tables, facts, sources, lang),
                 appendix(tables, facts, sources, lang)]
    return {"lang": lang, "hyphenate": lang != "en", "title": report_title(tables, facts, lang),
            "footer": report_title(tables, facts, lang), "page": label("rep.page", lang),
            "sections": sections}


__all__ = ["appendix", "base_sentence", "document", "estimated_mark", "headline_rows",
           "message_sentence", "report_title", "staffing_lines", "staffing_section",
           "uncertainty_text", "unit_items", "why_section", "why_table"]
