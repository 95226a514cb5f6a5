"""The summary in plain words: one paragraph per scenario, generated from the report's numbers.

A scenario's strategy is phrased from its dementia pathway mix as recorded in run.json
(for example "proactive pathway for all new cases from 2025"); the direction of each
difference (lower, higher, or no clear difference) comes from its 90 % interval, so the
text never claims a saving that the interval does not support.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from results.formatting import percent, signed
from results.labels import label, number
from results.report_facts import RunFacts, ScenarioFacts
from results.report_tables import DEMENTIA, ReportTables
from results.summary import TRINN_ALL, TRINN_CARE

MNOK = 1e6
#: Decimals in the text: mill NOK to one decimal, FTE and persons to whole numbers.
COST_DECIMALS, STAFF_DECIMALS = 1, 0


def pathway_text(name: str, lang: str) -> str:
    """Return a pathway's name as it reads inside a sentence ("proaktivt forløp")."""
    try:
        return label(f"rep.pathway.{name}", lang)
    except KeyError:
        return label("rep.pathway.other", lang, name=name)


def _single(mix: Mapping[str, Any]) -> str | None:
    """The pathway of a mix that sends everyone one way, else None."""
    if len(mix) == 1:
        (name, share), = mix.items()
        if float(share) == 1.0:
            return str(name)
    return None


def _schedule(s: ScenarioFacts) -> tuple[dict[str, Any], list[tuple[int, dict[str, Any]]]]:
    spec = s.groups.get(DEMENTIA) or {}
    existing = dict(spec.get("existing_cases") or {})
    new = spec.get("new_cases") or {}
    return existing, sorted((int(y), dict(m)) for y, m in new.items())


def _only_pathway(existing: Mapping[str, Any],
                  schedule: Sequence[tuple[int, Mapping[str, Any]]]) -> str | None:
    """The one pathway every case follows (existing and new, every year), else None."""
    pathways = {_single(existing), *(_single(m) for _, m in schedule)}
    if len(pathways) == 1:
        return pathways.pop()
    return None


def only_pathway(s: ScenarioFacts) -> str | None:
    """The one dementia pathway every case of scenario ``s`` follows, else None."""
    existing, schedule = _schedule(s)
    return _only_pathway(existing, schedule) if schedule else None


def _mix_text(mix: Mapping[str, Any], lang: str) -> str:
    items = [label("rep.s.mix_item", lang,
                   share=percent(float(v), 0, lang),
                   pathway=pathway_text(k, lang))
             for k, v in sorted(mix.items(), key=lambda kv: -float(kv[1]))]
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {label('rep.s.and', lang)} {items[-1]}"


def strategy_phrase(s: ScenarioFacts, baseline: ScenarioFacts, lang: str) -> str:
    """Phrase what a scenario does for dementia cases, to open its summary sentence.

    Falls back to the scenario's name and description when its dementia strategy is the
    baseline's (the difference lies elsewhere) or too irregular to phrase.
    """
    existing, schedule = _schedule(s)
    fallback = label("rep.s.strategy_other", lang, name=s.title(lang),
                     description=s.describe(lang) or s.name)
    if not schedule or _schedule(s) == _schedule(baseline):
        return fallback
    only = _only_pathway(existing, schedule)
    if only is not None:
        return label("rep.s.strategy_all", lang, pathway=pathway_text(only, lang))
    year, last = schedule[-1]
    if last != existing and all(m == existing for _, m in schedule[:-1]):
        one = _single(last)
        if one is not None:
            return label("rep.s.strategy_new", lang, pathway=pathway_text(one, lang), year=year)
        return label("rep.s.strategy_mix", lang, mix=_mix_text(last, lang), year=year)
    return fallback


def versus_phrase(baseline: ScenarioFacts, lang: str) -> str:
    """Phrase the reference: "ved normalforløp", or "i scenarioet «x»" when it is mixed."""
    existing, schedule = _schedule(baseline)
    only = _only_pathway(existing, schedule) if schedule else None
    if only is not None:
        return label("rep.s.vs_pathway", lang, pathway=pathway_text(only, lang))
    return label("rep.s.vs_scenario", lang, name=baseline.title(lang))


def _direction(p05: float, p95: float) -> str:
    if p95 < 0:
        return "lower"
    if p05 > 0:
        return "higher"
    return "unclear"


def _amounts(mean: float, p05: float, p95: float, scale: float, decimals: int,
             lang: str) -> tuple[str, dict[str, str]]:
    """Return the direction and the numbers to fill in: magnitudes, or signed if unclear."""
    way = _direction(p05, p95)
    m, lo, hi = mean / scale, p05 / scale, p95 / scale
    if way == "lower":
        vals = {"x": number(-m, decimals, lang), "lo": number(-hi, decimals, lang),
                "hi": number(-lo, decimals, lang)}
    elif way == "higher":
        vals = {"x": number(m, decimals, lang), "lo": number(lo, decimals, lang),
                "hi": number(hi, decimals, lang)}
    else:
        vals = {k: signed(v, decimals, lang) for k, v in (("x", m), ("lo", lo), ("hi", hi))}
    return way, vals


def scenario_paragraph(tables: ReportTables, facts: RunFacts, scenario: str, lang: str) -> str:
    """Return the cost and staff sentences of one scenario against the baseline, end year."""
    year = tables.years[-1]
    base = facts.scenario(tables.baseline)
    cost = tables.difference(scenario, "cost_nok").loc[year]
    way, vals = _amounts(cost["mean"], cost["p05"], cost["p95"], MNOK, COST_DECIMALS, lang)
    text = label(f"rep.s.cost_{way}", lang, year=year, vs=versus_phrase(base, lang),
                 strategy=strategy_phrase(facts.scenario(scenario), base, lang), **vals)
    fte = tables.difference(scenario, "fte", trinn=TRINN_CARE).loc[year]
    head = tables.difference(scenario, "head_count", trinn=TRINN_CARE).loc[year]
    way, vals = _amounts(fte["mean"], fte["p05"], fte["p95"], 1.0, STAFF_DECIMALS, lang)
    h = abs(head["mean"]) if way != "unclear" else head["mean"]
    return f"{text} " + label(f"rep.s.fte_{way}", lang, h=number(h, STAFF_DECIMALS, lang),
                              **vals)


def baseline_paragraph(tables: ReportTables, facts: RunFacts, lang: str) -> str:
    """Return the sentence on the reference scenario's own level, first and last year."""
    name = tables.baseline
    y0, y1 = tables.years[0], tables.years[-1]
    cost = tables.level(name, "cost_nok")
    fte = tables.level(name, "fte", trinn=TRINN_CARE).loc[y1, "mean"]
    head = tables.level(name, "head_count", trinn=TRINN_CARE).loc[y1, "mean"]

    def mnok(v: float) -> str:
        return number(v / MNOK, COST_DECIMALS, lang)

    return label("rep.s.baseline", lang, name=facts.title(name, lang),
                 description=facts.scenario(name).describe(lang) or name,
                 c0=mnok(cost.loc[y0, "mean"]), y0=y0, c1=mnok(cost.loc[y1, "mean"]), y1=y1,
                 lo=mnok(cost.loc[y1, "p05"]), hi=mnok(cost.loc[y1, "p95"]),
                 f1=number(fte, STAFF_DECIMALS, lang), h1=number(head, STAFF_DECIMALS, lang))


def summary_paragraphs(tables: ReportTables, facts: RunFacts, lang: str) -> list[str]:
    """Return the summary: the reference scenario first, then each other scenario."""
    return [baseline_paragraph(tables, facts, lang),
            *(scenario_paragraph(tables, facts, s, lang) for s in tables.scenarios[1:])]


def summary_rows(tables: ReportTables, facts: RunFacts, lang: str
                 ) -> tuple[list[str], list[list[str]]]:
    """Return the key-figure table of the summary page: header and one row per scenario.

    Columns: cost (mill NOK, all trinn), FTE and head count in pleie og omsorg (trinn 6, 7,
    9, 10, 11) in the last year, each with its paired difference from the baseline (left
    out for a single scenario).
    """
    year = tables.years[-1]
    base = tables.baseline
    header = [label("scenario", lang)]
    measures = (("cost_nok", "rep.col.cost_year", MNOK, COST_DECIMALS),
                ("fte", "rep.col.fte_year", 1.0, STAFF_DECIMALS),
                ("head_count", "rep.col.head_year", 1.0, STAFF_DECIMALS))
    deltas = len(tables.scenarios) > 1  # one scenario: nothing to compare, no Δ columns
    for _, key, _, _ in measures:
        header.append(label(key, lang, year=year))
        if deltas:
            header.append(label("rep.col.delta", lang, base=facts.title(base, lang)))
    rows = []
    for s in tables.scenarios:
        row = [facts.title(s, lang)]
        for metric, _, scale, dec in measures:
            trinn = TRINN_ALL if metric == "cost_nok" else TRINN_CARE
            row.append(number(tables.level(s, metric, trinn=trinn).loc[year, "mean"] / scale,
                              dec, lang))
            if deltas:
                row.append("\u2013" if s == base else signed(
                    tables.difference(s, metric, trinn=trinn).loc[year, "mean"] / scale, dec,
                    lang))
        rows.append(row)
    return header, rows
