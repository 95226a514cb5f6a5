"""The report's text pages: the main message, the summary, the assumptions in plain words,
the reconciliation with the seeds, and the facts and sources.

Pages are A4-landscape ``Figure`` objects (layout in ``results.report_layout``); a page that
fills up continues on a new page with the same title marked "(forts.)" / "(cont.)". The
page title is always the first text drawn on a page, so a PDF text extractor finds it first.
"""

from __future__ import annotations

from matplotlib import rc_context
from matplotlib.figure import Figure

from models.parameters import Parameter
from results import formatting
from results.charts import STYLE
from results.formatting import percent, signed
from results.intervals import UNCERTAINTY_PARAMETERS, few_runs_text, includes_text
from results.labels import label, number
from results.payback import DISCOUNT_RATE_SOURCE, RATE_SOURCE_CLI
from results.payback_view import rate_text
from results.provenance import parameter_name, parameter_unit, source_text, unit_text
from results.report_facts import RunFacts, Sources, display_path, municipality_name
from results.report_headline import Headline, build_headline
from results.report_layout import GREY, Line, draw_lines, flow_pages, line_height, page, table
from results.report_reconcile import reconciliation_rows
from results.report_tables import ReportTables
from results.report_text import summary_paragraphs, summary_rows

MNOK = 1e6


def report_title(tables: ReportTables, facts: RunFacts, lang: str) -> str:
    """Return the report's title, e.g. "Innsatstrappa i Færder 2024-2040"."""
    return label("rep.title", lang, municipality=municipality_name(facts, lang),
                 start=tables.years[0], end=tables.years[-1])


def _parameter(sources: Sources, name: str) -> float | None:
    return next((float(p.value) for p in sources.parameters if p.name == name), None)


def _pct(value: float, lang: str) -> str:
    return percent(value, 0, lang)


def _rate_source(facts: RunFacts, lang: str, short: bool = False) -> str:
    """Return where the report's discount rate comes from (run.json's source); ``short``:
    the circular's name without its title, for running text."""
    if facts.discount_rate_source == RATE_SOURCE_CLI:
        return label("rep.discount_source_cli", lang)
    return (label("rep.discount_source", lang) if short or lang != "en"
            else DISCOUNT_RATE_SOURCE)


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


def base_sentence(h: Headline, facts: RunFacts, lang: str) -> str:
    """Return the sentence on the base's own level beside the seeds' 855 FTE and 684 cases."""
    b = h.base
    text = label("rep.h.base", lang, base=facts.title(b.scenario, lang), y0=b.first_year,
                 y1=b.last_year, f0=number(b.care_fte_first, 0, lang),
                 f1=number(b.care_fte_last, 0, lang),
                 s0=number(b.staircase_fte_first, 0, lang),
                 c0=number(b.cost_first / MNOK, 0, lang), c1=number(b.cost_last / MNOK, 0, lang))
    if b.care_fte_source is not None:
        docs = (" " + label("prov.documents", lang, numbers=", ".join(b.care_fte_documents))
                if b.care_fte_documents else "")
        text += " " + label("rep.h.base_855", lang, fte=number(b.care_fte_source, 0, lang),
                            source=docs,
                            y0=b.first_year, f0=number(b.care_fte_first, 0, lang),
                            growth=signed((b.care_fte_first / b.care_fte_source - 1) * 100,
                                           1, lang))
    if b.dementia_source is not None:
        model = (label("rep.h.dementia_model", lang, n=number(b.dementia_model, 0, lang),
                       year=b.first_year) if b.dementia_model is not None else "")
        text += " " + label("rep.h.base_684", lang, n=number(b.dementia_source, 0, lang),
                            model=model)
    return text


def headline_page(tables: ReportTables, facts: RunFacts, sources: Sources, lang: str
                  ) -> Figure:
    """Return page one: the change in cost and care FTE, the payback, against the base."""
    h = build_headline(tables, sources, facts.discount_rate)
    price_year = facts.price_year or label("fact.unknown", lang)
    with rc_context(STYLE):
        fig, y = page(report_title(tables, facts, lang))
        if not h.scenarios:
            y = draw_lines(fig, y, label("rep.h.one_scenario", lang), 13)
        else:
            y = draw_lines(fig, y, label("rep.h.lead", lang,
                                         base=facts.title(tables.baseline, lang),
                                         price_year=price_year), 14, bold=True)
            (head, rows), (pay, pay_rows) = headline_rows(h, facts, lang)
            size = 11.0 if len(rows) <= 4 else 9.0
            y = table(fig, y - 0.015, head, rows, size) - 0.025
            y = table(fig, y, pay, pay_rows, size) - 0.01
        y = draw_lines(fig, y, base_sentence(h, facts, lang), 11.5)
        y -= line_height(10) * 0.4
        note = label("rep.h.note", lang, y0=tables.years[0], y1=tables.years[-1],
                     rate=rate_text(h.rate, lang), source=_rate_source(facts, lang, short=True),
                     n=tables.replications,
                     hpf=number(facts.hours_per_fte, 0, lang))
        y = draw_lines(fig, y, note, 9.5, GREY)
        left, right = ("'", "'") if lang == "en" else ("\u00ab", "\u00bb")
        scenarios = "; ".join(
            f"{left}{facts.title(s, lang)}{right}"
            + (f" {label('rep.baseline_mark', lang)}" if s == tables.baseline else "")
            + f": {facts.scenario(s).describe(lang) or chr(0x2013)}" for s in tables.scenarios)
        draw_lines(fig, y - line_height(9) * 0.4, scenarios, 9, GREY)
    return fig


def summary_page(tables: ReportTables, facts: RunFacts, lang: str) -> Figure:
    """Return the summary in sentences: each scenario with its 90 % intervals, key figures."""
    with rc_context(STYLE):
        fig, y = page(label("rep.summary_title", lang))
        # One page whatever the number of scenarios: smaller text for longer lists.
        size = 12.0 if len(tables.scenarios) <= 4 else 9.5
        for paragraph in summary_paragraphs(tables, facts, lang):
            y = draw_lines(fig, y, paragraph, size) - line_height(size) * 0.6
        header, rows = summary_rows(tables, facts, lang)
        y = table(fig, y - 0.02, header, rows, 11 if len(rows) <= 5 else 9) - 0.03
        price_year = facts.price_year or label("fact.unknown", lang)
        method = " ".join(filter(None, (
            label("rep.s.method", lang, n=tables.replications, price_year=price_year),
            includes_text(facts.uncertainty, lang))))
        y = draw_lines(fig, y, method, 10, GREY)
        few = few_runs_text(tables.replications, lang)
        if few:
            draw_lines(fig, y - line_height(10) * 0.4, few, 10, bold=True)
    return fig


def uncertainty_text(facts: RunFacts, replications: int, lang: str) -> str:
    """Return what a run's intervals include, in plain words (the assumptions page's text):
    Monte Carlo alone, or with the drawn parameters, and what is not drawn."""
    key = ("rep.plain.uncertainty.parameters" if facts.uncertainty == UNCERTAINTY_PARAMETERS
           else "rep.plain.uncertainty")
    return label(key, lang, n=replications)


def plain_assumption_pages(tables: ReportTables, facts: RunFacts, sources: Sources,
                           lang: str) -> list[Figure]:
    """Return the assumptions in plain words: what the model takes as given, and what not."""
    title = label("rep.plain_title", lang)
    keys = ("population", "dementia", "pathways", "others", "universal", "prices", "fte",
            "capacity", "uncertainty", "not_included")
    unknown = label("fact.unknown", lang)
    care_fte = _parameter(sources, "care_fte_2023")
    dementia = _parameter(sources, "dementia_prevalence_2024")
    parameters = facts.uncertainty == UNCERTAINTY_PARAMETERS
    lines = [Line(label(f"rep.plain.{k}" + (".parameters" if k == "uncertainty" and parameters
                                            else ""), lang, price_year=facts.price_year or "",
                        care_fte=number(care_fte, 0, lang) if care_fte else unknown,
                        dementia=number(dementia, 0, lang) if dementia else unknown,
                        hpf=number(facts.hours_per_fte, 0, lang),
                        pos=_pct(facts.position_size, lang), n=tables.replications,
                        rate=rate_text(facts.discount_rate, lang),
                        source=_rate_source(facts, lang, short=True)),
                  12, gap_before=0.5) for k in keys]
    if facts.extrapolation is not None:  # the horizon goes beyond the projection: say how
        last, end, method = facts.extrapolation
        lines.insert(1, Line(label("rep.plain.population.extrapolated", lang, last=last,
                                   first=last + 1, end=end, method=method), 12, bold=True))
    return flow_pages(title, lines, label("rep.continued", lang, title=title))


def reconciliation_page(tables: ReportTables, facts: RunFacts, sources: Sources,
                        lang: str) -> Figure:
    """Return the seeds' figures beside trappa's, each with the reason they differ."""
    header = [label(k, lang) for k in ("rep.r.col.what", "rep.r.col.seed", "rep.r.col.model",
                                       "rep.r.col.why")]
    rows = reconciliation_rows(tables, facts, sources, lang)
    with rc_context(STYLE):
        fig, y = page(label("rep.r.title", lang))
        y = draw_lines(fig, y, label("rep.r.lead", lang), 11)
        if rows:
            table(fig, y - 0.015, header, rows, 9.5, widths=(0.27, 0.14, 0.14, 0.45),
                  align=("left", "right", "right", "left"))
        else:
            draw_lines(fig, y - 0.02, label("fact.data_missing", lang, name=facts.municipality,
                                            problem=sources.problem or ""), 11)
    return fig


def _fact_lines(facts: RunFacts, tables: ReportTables, lang: str) -> list[Line]:
    unknown = label("fact.unknown", lang)

    def fact(key: str, value: object) -> Line:
        return Line(f"{label(key, lang)}: {value}", 11)

    calibration = facts.calibration_file or label("fact.calibration_none", lang)
    lines = [
        fact("fact.municipality", municipality_name(facts, lang)),
        fact("fact.years", f"{tables.years[0]}\u2013{tables.years[-1]}"),
        fact("fact.baseline", facts.title(tables.baseline, lang)),
        fact("fact.seed", facts.seed if facts.seed is not None else unknown),
        fact("fact.replications", tables.replications),
        fact("fact.calibration", calibration),
        fact("fact.code_version", f"trappa {facts.version}, commit {facts.commit}"),
        fact("fact.created", facts.created or unknown),
        fact("fact.run_dir", facts.run_dir.resolve()),
        fact("fact.price_year", facts.price_year or unknown),
        fact("fact.price_index", number(facts.price_index, 3, lang)
             if facts.price_index else unknown),
        fact("fact.hours_per_fte", number(facts.hours_per_fte, 0, lang)),
        fact("fact.position_size", _pct(facts.position_size, lang)),
        fact("fact.discount_rate",
             f"{rate_text(facts.discount_rate, lang)} ({_rate_source(facts, lang)})"),
    ]
    if facts.calibration_hash:
        lines.append(fact("fact.calibration_hash", facts.calibration_hash))
    return lines


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


def assumption_lines(tables: ReportTables, facts: RunFacts, sources: Sources,
                     lang: str) -> list[Line]:
    """Return the lines of the facts-and-sources pages."""
    lines = _fact_lines(facts, tables, lang)
    lines.append(Line(label("fact.scenario_files", lang), 13, bold=True, gap_before=0.8))
    for s in tables.scenarios:
        files = ", ".join(facts.scenario(s).files) or "\u2013"
        lines.append(Line(f"{facts.title(s, lang)}: {facts.scenario(s).describe(lang)} "
                          f"[{files}]", 10))
    lines.append(Line(label("fact.run_units", lang), 13, bold=True, gap_before=0.8))
    lines += [Line(f"{name}: {text}", 10) for name, text in unit_items(facts, lang)]
    if facts.estimated:  # an imported municipality: what the importer estimated
        mark = label("fact.estimated_mark", lang)
        lines.append(Line(label("fact.estimated", lang), 13, bold=True, gap_before=0.8,
                          colour="darkred"))
        lines += [Line(f"{mark}: {item}", 10) for item in facts.estimated]
    lines.append(Line(label("fact.numbers", lang), 13, bold=True, gap_before=0.8))
    lines += [Line(label("xl.numbers_from", lang), 10),
              Line(f"{label('fact.rounding', lang)}: {label('xl.rounding', lang)}", 10)]
    if sources.problem:
        lines.append(Line(label("fact.data_missing", lang, name=facts.municipality,
                                problem=sources.problem), 10, colour="darkred", gap_before=0.8))
    if sources.changed_files:
        lines.append(Line(label("fact.data_changed", lang, files=", ".join(
            sources.changed_files)), 10, colour="darkred", gap_before=0.8))
    if sources.parameters:
        where = display_path(sources.parameter_file) if sources.parameter_file else ""
        lines.append(Line(label("fact.parameters", lang, file=where), 13, bold=True,
                          gap_before=0.8))
        for p in sources.parameters:
            unit = parameter_unit(p, lang)
            value = _parameter_value(p, lang)
            lines.append(Line(f"{parameter_name(p, lang)} = {value}"
                              + (f" ({unit})" if unit else "") + estimated_mark(p.source, lang),
                              10, bold=True, gap_before=0.3))
            lines.append(Line(f"  {label('xl.source', lang)}: "
                              f"{source_text(p.source, lang, where)}", 9.5, colour=GREY))
    return lines


def estimated_mark(source: str, lang: str) -> str:
    """Return " [estimated]" in ``lang`` for a value whose source says the importer estimated
    it (``estimated: how``), else nothing."""
    return f" [{label('fact.estimated_mark', lang)}]" if source.startswith("estimated") else ""


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


def assumption_pages(tables: ReportTables, facts: RunFacts, sources: Sources,
                     lang: str) -> list[Figure]:
    """Return the facts-and-sources pages (as many as the text needs)."""
    title = label("rep.assumptions_title", lang)
    return flow_pages(title, assumption_lines(tables, facts, sources, lang),
                      label("rep.continued", lang, title=title))


__all__ = ["assumption_lines", "assumption_pages", "base_sentence", "estimated_mark",
           "headline_page", "headline_rows", "plain_assumption_pages", "reconciliation_page",
           "report_title", "summary_page", "unit_items"]
