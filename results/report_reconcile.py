"""The reconciliation page's rows: the seeds' own figures beside trappa's, and why they differ.

Rows (each with one sentence of reason, README "Validation against the seeds"):

* the persona Johs's lifetime cost per pathway (seeds: 5,997,040 / 4,031,231 / 9,636,222
  NOK), costed by trappa from the calculator's unit prices;
* the yearly difference for the 684 persons with dementia, normal -> proactive / reactive
  (seeds: -88 / +164 mill NOK a year), by trappa's steady-state scaling over the pathway's
  19 years;
* the simulated difference in the dementia group's cost in the run's last year, for the
  run's scenarios that put every case on one pathway.
"""

from __future__ import annotations

from collections.abc import Mapping

from models.calculator import PersonaTable, scale_to_population
from results.formatting import signed
from results.labels import label, number
from results.report_facts import RunFacts, Sources
from results.report_tables import DEMENTIA, ReportTables
from results.report_text import only_pathway, pathway_text

MNOK = 1e6
#: The seeds' headline (seed 000, 'Johs' recommendation slide): yearly difference for the
#: 684 persons with dementia against the normal pathway, mill NOK.
SEED_SCALING_MNOK: Mapping[str, float] = {"proactive": -88.0, "reactive": 164.0}
PERSONA = "johs"


def _parameter(sources: Sources, name: str) -> float | None:
    return next((float(p.value) for p in sources.parameters if p.name == name), None)


def implied_divisor(pathways: Mapping[str, PersonaTable], persons: float) -> float:
    """Return the years the seeds' 88 / 164 mill divide the lifetime differences by (mean)."""
    base = pathways["normal"].seed_total_cost_nok
    ratios = [persons * (pathways[k].seed_total_cost_nok - base) / (v * MNOK)
              for k, v in SEED_SCALING_MNOK.items() if k in pathways]
    return sum(ratios) / len(ratios)


def reconciliation_rows(tables: ReportTables, facts: RunFacts, sources: Sources,
                        lang: str) -> list[list[str]]:
    """Return rows of (what, seeds' figure, trappa's figure, why they differ)."""
    pathways = sources.personas.get(PERSONA)
    rows: list[list[str]] = []
    if not pathways:
        return rows
    kr = label("kr_short", lang)
    for name, t in pathways.items():
        if t.seed_total_cost_nok is None:
            continue
        rows.append([label("rep.r.johs", lang, pathway=pathway_text(name, lang)),
                     f"{number(t.seed_total_cost_nok, 0, lang)} {kr}",
                     f"{number(t.total_cost_nok, 0, lang)} {kr}",
                     label("rep.r.why.johs", lang,
                           pct=signed((t.total_cost_nok / t.seed_total_cost_nok - 1) * 100,
                                       2, lang))])
    persons = _parameter(sources, "dementia_prevalence_2024")
    years = _parameter(sources, "persona_scaling_divisor_years")
    if persons is None or years is None or "normal" not in pathways:
        return rows
    scaling = scale_to_population(pathways, persons, years)
    implied = implied_divisor(pathways, persons)
    mnok = label("rep.r.mnok_year", lang)
    for name, seed in SEED_SCALING_MNOK.items():
        if name not in pathways:
            continue
        rows.append([label("rep.r.scaled", lang, n=number(persons, 0, lang),
                           pathway=pathway_text(name, lang)),
                     f"{signed(seed, 0, lang)} {mnok}",
                     f"{signed(scaling.annual_difference_nok[name] / MNOK, 0, lang)} {mnok}",
                     label("rep.r.why.steady", lang, years=number(years, 0, lang),
                           implied=number(implied, 1, lang))])
    if tables.has_dementia and len(tables.scenarios) > 1:
        year = tables.years[-1]
        for s in tables.scenarios[1:]:
            one = only_pathway(facts.scenario(s))
            if one is None or one not in SEED_SCALING_MNOK:
                continue
            diff = tables.difference(s, "cost_nok", group=DEMENTIA).loc[year, "mean"]
            rows.append([label("rep.r.simulated", lang, scenario=facts.title(s, lang),
                               year=year),
                         f"{signed(SEED_SCALING_MNOK[one], 0, lang)} {mnok}",
                         f"{signed(float(diff) / MNOK, 0, lang)} {mnok}",
                         label("rep.r.why.simulated", lang, year=year)])
    return rows
