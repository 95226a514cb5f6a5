"""Every user-facing label, in Norwegian bokmål (default) and English.

One place, no strings in plotting code.
"""

from __future__ import annotations

from scenarios.vocabulary import REPORT_LANGUAGES

LANGS = REPORT_LANGUAGES  # nb first: the default

_LABELS: dict[str, dict[str, str]] = {
    "age": {"nb": "Alder", "en": "Age"},
    "annual_cost": {"nb": "Årskostnad (kr)", "en": "Annual cost (NOK)"},
    "staff_hours": {"nb": "Personinnsats (timer/år)", "en": "Staff hours per year"},
    "hours_short": {"nb": "timer", "en": "hours"},
    "kr_short": {"nb": "kr", "en": "NOK"},
    "total_model": {"nb": "Sum (modell)", "en": "Total (model)"},
    "total_seed": {"nb": "Sum (kilde)", "en": "Total (source)"},
    "deviation": {"nb": "Avvik", "en": "Deviation"},
    "fte": {"nb": "Årsverk", "en": "FTE"},
    "head_count": {"nb": "Ansatte", "en": "Head count"},
    "investment": {"nb": "Investering (engangs)", "en": "One-off investment"},
    "pathway.normal": {"nb": "Normalforløp", "en": "Normal pathway"},
    "pathway.proactive": {"nb": "Proaktivt forløp", "en": "Proactive pathway"},
    "pathway.reactive": {"nb": "Reaktivt forløp", "en": "Reactive pathway"},
    "persona_title": {"nb": "Personas {persona}: tre forløp "
                            "(årskostnad og personinnsats per alder)",
                      "en": "Persona {persona}: three pathways "
                            "(annual cost and staff hours by age)"},
    "scaling_title": {"nb": "Skalert til {persons} personer med demens",
                      "en": "Scaled to {persons} people with dementia"},
    "yearly_cost_mnok": {"nb": "Årlig kostnad (mill kr)", "en": "Yearly cost (mill NOK)"},
    "diff_vs": {"nb": "Endring mot {base} (mill kr/år)",
                "en": "Difference vs {base} (mill NOK/yr)"},
    "seed_diff": {"nb": "Kilden (mill kr/år)", "en": "Source (mill NOK/yr)"},
    "method": {"nb": "Metode", "en": "Method"},
    "scaling_method": {
        "nb": "stabil tilstand: {persons:g} personer fordelt jevnt over forløpets {years:g} år; "
              "årlig kostnad = personer x (forløpets sum inkl. engangsinvestering) / {years:g}",
        "en": "steady state: {persons:g} persons spread evenly over the pathway's {years:g} years; "
              "yearly cost = persons x (pathway total incl. one-off investment) / {years:g}"},
    "seed_implied": {
        "nb": "Kildens 88 og 164 mill tilsvarer en deler på om lag {years} år "
              "(om lag {cases:.0f} nye tilfeller i året x forskjell over hele forløpet).",
        "en": "The source's 88 and 164 mill correspond to a divisor of about {years} years "
              "(about {cases:.0f} new cases a year x the whole-pathway difference)."},
    "units_note": {
        "nb": "Faste priser: {years}. Årsverk = timer / {hpf:g} timer per årsverk; "
              "ansatte = årsverk / {pos:.0%} gjennomsnittlig stillingsstørrelse.",
        "en": "Fixed prices: {years}. FTE = hours / {hpf:g} hours per FTE; "
              "head count = FTE / {pos:.0%} average position size."},
    "service": {"nb": "Tjeneste", "en": "Service"},
    "amount": {"nb": "Omfang", "en": "Amount"},
    "per_year": {"nb": "Per år", "en": "Per year"},
    "unit_price": {"nb": "Enhetspris (kr)", "en": "Unit price (NOK)"},
    "alternative": {"nb": "Alternativ", "en": "Alternative"},
    "what_else_title": {
        "nb": "Hva annet kan samme sum kjøpe? (per uke)",
        "en": "What else could the same sum buy? (per week)"},
    "sum": {"nb": "Sum", "en": "Total"},
    "every": {"nb": "hver uke", "en": "every week"},
    "of_weeks": {"nb": "{k} av {n} uker", "en": "{k} of {n} weeks"},
    "qu.hours_per_week": {"nb": "t/uke", "en": "h/week"},
    "qu.hours_per_day": {"nb": "t/dag", "en": "h/day"},
    "qu.days_per_week": {"nb": "dager/uke", "en": "days/week"},
    "qu.units": {"nb": "enheter", "en": "units"},
    "qu.events_per_week": {"nb": "ganger/uke", "en": "times/week"},
    "qu.places": {"nb": "plasser", "en": "places"},
    "pu.hour": {"nb": "timer", "en": "hours"},
    "pu.unit_week": {"nb": "enhetsuker", "en": "unit-weeks"},
    "pu.event": {"nb": "ganger", "en": "events"},
    "pu.place_year": {"nb": "plassår", "en": "place-years"},
    "pu.place_day": {"nb": "plassdøgn", "en": "place-days"},
    "pu_per.hour": {"nb": "t/uke", "en": "h/week"},
    "pu_per.unit_week": {"nb": "enheter", "en": "units"},
    "pu_per.event": {"nb": "ganger/uke", "en": "times/week"},
    # Run outputs: plots and the scenario comparison (results/plots.py, compare_view.py).
    "scenario": {"nb": "Scenario", "en": "Scenario"},
    "year": {"nb": "År", "en": "Year"},
    "trinn": {"nb": "Trinn", "en": "Step"},
    "mean_line": {"nb": "Gjennomsnitt", "en": "Mean"},
    "band_90": {"nb": "90\u00a0%-intervall (p05\u2013p95)", "en": "90% interval (p05\u2013p95)"},
    "cost_mnok": {"nb": "Kostnad (mill kr)", "en": "Cost (mill NOK)"},
    "plot.total_cost_title": {"nb": "Samlede kostnader per år, alle trinn",
                              "en": "Total cost per year, all steps"},
    "plot.fte_title": {"nb": "Årsverk per år, trinn 4\u201312",
                       "en": "Full-time equivalents per year, steps 4\u201312"},
    "plot.staircase_title": {"nb": "Kostnad per trinn (4\u201312): {scenario}",
                             "en": "Cost per step (4\u201312): {scenario}"},
    "plot.dementia_title": {"nb": "Kostnader for personer med demens per år",
                            "en": "Cost of care for people with dementia per year"},
    "plot.note": {"nb": "{n} replikasjoner.", "en": "{n} replications."},
    "plot.note_cost": {"nb": "Faste priser. {n} replikasjoner.",
                       "en": "Fixed prices. {n} replications."},
    "cmp.title": {"nb": "Endring mot {base}", "en": "Change vs {base}"},
    "cmp.d_cost": {"nb": "Δ kostnad (mill kr/år)", "en": "Δ cost (mill NOK/yr)"},
    "cmp.d_fte": {"nb": "Δ årsverk", "en": "Δ FTE"},
    "cmp.interval": {"nb": "90\u00a0%-intervall", "en": "90% interval"},
    "cmp.empty": {"nb": "Bare ett scenario: ingenting å sammenligne med.",
                  "en": "Only one scenario: nothing to compare with."},
    "cmp.caption": {
        "nb": "Gjennomsnitt over {n} replikasjoner; intervallet er 5.\u201395. persentil av "
              "parvise forskjeller (felles tilfeldige tall). Faste priser.",
        "en": "Mean over {n} replications; the interval is the 5th\u201395th percentile of "
              "paired differences (common random numbers). Fixed prices."},
    # Reports for the council: workbook, PDF and PNG (results/report*.py, excel.py, pdf.py).
    "pathway.status_quo": {"nb": "Dagens forløp", "en": "Status quo pathway"},
    "rep.pathway.normal": {"nb": "normalforløp", "en": "normal pathway"},
    "rep.pathway.proactive": {"nb": "proaktivt forløp", "en": "proactive pathway"},
    "rep.pathway.reactive": {"nb": "reaktivt forløp", "en": "reactive pathway"},
    "rep.pathway.status_quo": {"nb": "dagens forløp", "en": "status quo pathway"},
    "rep.pathway.other": {"nb": "forløpet «{name}»", "en": "'{name}' pathway"},
    "municipality.faerder": {"nb": "Færder", "en": "Færder"},
    "rep.title": {"nb": "Innsatstrappa i {municipality} {start}\u2013{end}",
                  "en": "The care staircase in {municipality} {start}\u2013{end}"},
    "rep.subtitle": {"nb": "Kostnader, årsverk og ansatte per scenario",
                     "en": "Cost, full-time equivalents and head count by scenario"},
    "rep.made_with": {"nb": "Laget med trappa {version} (commit {commit}), kjørt {created}.",
                      "en": "Made with trappa {version} (commit {commit}), run {created}."},
    "rep.run_facts": {"nb": "{n} replikasjoner per scenario, rotfrø {seed}.",
                      "en": "{n} replications per scenario, root seed {seed}."},
    "rep.scenario_line": {"nb": "{name}: {description}", "en": "{name}: {description}"},
    "rep.baseline_mark": {"nb": "(referanse)", "en": "(reference)"},
    "rep.summary_title": {"nb": "Sammendrag", "en": "Summary"},
    "rep.assumptions_title": {"nb": "Forutsetninger og kilder", "en": "Assumptions and sources"},
    "rep.continued": {"nb": "{title} (forts.)", "en": "{title} (cont.)"},
    "rep.fte_head_title": {"nb": "Årsverk og ansatte per år, trinn 4\u201312",
                           "en": "FTE and head count per year, steps 4\u201312"},
    "rep.profile_title": {"nb": "Innsatstrappa: kostnad per trinn (4\u201312), gjennomsnitt",
                          "en": "The staircase: cost per step (4\u201312), mean"},
    "rep.persona_cost_by_age": {"nb": "Årskostnad (kr, faste {years}-priser)",
                                "en": "Annual cost (NOK, fixed {years} prices)"},
    "rep.persona_note": {
        "nb": "Ressurskalkulatorens priser ({years}). Alder 77 står to ganger i kildens tabell "
              "og telles to ganger. Sum over forløpet: {totals}.",
        "en": "The resource calculator's prices ({years}). Age 77 appears twice in the source "
              "table and counts twice. Total over the pathway: {totals}."},
    "rep.persona_total": {"nb": "{pathway} {cost} mill kr", "en": "{pathway} {cost} mill NOK"},
    "rep.persona_investment": {"nb": " (+ {cost} mill kr investering)",
                               "en": " (+ {cost} mill NOK investment)"},
    "rep.head_count_axis": {"nb": "Ansatte (personer)", "en": "Head count (persons)"},
    "rep.fte_axis": {"nb": "Årsverk", "en": "FTE"},
    "rep.mnok_axis": {"nb": "mill kr", "en": "mill NOK"},
    "rep.note_levels": {
        "nb": "Faste {price_year}-priser. Gjennomsnitt over {n} replikasjoner; båndet er "
              "5.\u201395. persentil.",
        "en": "Fixed {price_year} prices. Mean over {n} replications; the band is the "
              "5th\u201395th percentile."},
    "rep.note_means": {
        "nb": "Faste {price_year}-priser. Gjennomsnitt over {n} replikasjoner.",
        "en": "Fixed {price_year} prices. Mean over {n} replications."},
    "rep.note_staff": {
        "nb": "{hpf} timer per årsverk; ansatte = årsverk / {pos} stillingsstørrelse. "
              "{n} replikasjoner; båndet er 5.\u201395. persentil.",
        "en": "{hpf} hours per FTE; head count = FTE / {pos} position size. "
              "{n} replications; the band is the 5th\u201395th percentile."},
    "rep.total_on_bar": {"nb": "Sum", "en": "Total"},
    # Summary sentences: {strategy} + the cost sentence, then the staff sentence.
    "rep.s.strategy_all": {"nb": "Med {pathway} for alle demenstilfeller",
                           "en": "With the {pathway} for all dementia cases"},
    "rep.s.strategy_new": {"nb": "Med {pathway} for alle nye demenstilfeller fra {year}",
                           "en": "With the {pathway} for all new dementia cases from {year}"},
    "rep.s.strategy_mix": {"nb": "Med {mix} for nye demenstilfeller fra {year}",
                           "en": "With {mix} for new dementia cases from {year}"},
    "rep.s.strategy_other": {"nb": "I scenarioet «{name}» ({description})",
                             "en": "In scenario '{name}' ({description})"},
    "rep.s.mix_item": {"nb": "{share} {pathway}", "en": "{share} {pathway}"},
    "rep.s.and": {"nb": "og", "en": "and"},
    "rep.s.vs_pathway": {"nb": "ved {pathway}", "en": "with the {pathway}"},
    "rep.s.vs_scenario": {"nb": "i scenarioet «{name}»", "en": "in scenario '{name}'"},
    "rep.s.cost_lower": {
        "nb": "{strategy} blir kostnadene i {year} {x} mill kr lavere enn {vs} "
              "(90\u00a0%-intervall {lo}\u2013{hi} mill kr).",
        "en": "{strategy}, costs in {year} are {x} mill NOK lower than {vs} "
              "(90% interval {lo}\u2013{hi} mill NOK)."},
    "rep.s.cost_higher": {
        "nb": "{strategy} blir kostnadene i {year} {x} mill kr høyere enn {vs} "
              "(90\u00a0%-intervall {lo}\u2013{hi} mill kr).",
        "en": "{strategy}, costs in {year} are {x} mill NOK higher than {vs} "
              "(90% interval {lo}\u2013{hi} mill NOK)."},
    "rep.s.cost_unclear": {
        "nb": "{strategy} blir kostnadene i {year} om lag de samme som {vs}: forskjellen er "
              "{x} mill kr, med 90\u00a0%-intervall fra {lo} til {hi} mill kr.",
        "en": "{strategy}, costs in {year} are about the same as {vs}: the difference is "
              "{x} mill NOK, with a 90% interval from {lo} to {hi} mill NOK."},
    "rep.s.fte_lower": {
        "nb": "Behovet for årsverk i trinn 4\u201312 blir {x} lavere (90\u00a0%-intervall "
              "{lo}\u2013{hi}), om lag {h} færre ansatte.",
        "en": "The need for FTE in steps 4\u201312 is {x} lower (90% interval "
              "{lo}\u2013{hi}), about {h} fewer employees."},
    "rep.s.fte_higher": {
        "nb": "Behovet for årsverk i trinn 4\u201312 blir {x} høyere (90\u00a0%-intervall "
              "{lo}\u2013{hi}), om lag {h} flere ansatte.",
        "en": "The need for FTE in steps 4\u201312 is {x} higher (90% interval "
              "{lo}\u2013{hi}), about {h} more employees."},
    "rep.s.fte_unclear": {
        "nb": "Forskjellen i årsverk i trinn 4\u201312 er {x}, med 90\u00a0%-intervall fra {lo} "
              "til {hi} (om lag {h} ansatte).",
        "en": "The difference in FTE in steps 4\u201312 is {x}, with a 90% interval from {lo} "
              "to {hi} (about {h} employees)."},
    "rep.s.baseline": {
        "nb": "I referansescenarioet «{name}» ({description}) er de samlede kostnadene "
              "{c0} mill kr i {y0} og {c1} mill kr i {y1} (90\u00a0%-intervall "
              "{lo}\u2013{hi}). Trinn 4\u201312 krever {f1} årsverk i {y1}, om lag {h1} "
              "ansatte.",
        "en": "In the reference scenario '{name}' ({description}) total costs are {c0} mill NOK "
              "in {y0} and {c1} mill NOK in {y1} (90% interval {lo}\u2013{hi}). Steps "
              "4\u201312 take {f1} FTE in {y1}, about {h1} employees."},
    "rep.s.method": {
        "nb": "Gjennomsnitt over {n} replikasjoner per scenario. Intervallene er 5.\u201395. "
              "persentil over replikasjonene; for forskjeller er de parvise (samme innbyggere "
              "og samme tilfeldige tall i begge scenarioer). Kostnader i faste {price_year}-"
              "priser, alle trinn; årsverk og ansatte i trinn 4\u201312. Avrundet: mill kr "
              "til én desimal, årsverk og ansatte til hele tall.",
        "en": "Mean over {n} replications per scenario. Intervals are the 5th\u201395th "
              "percentile over replications; for differences they are paired (the same "
              "inhabitants and random numbers in both scenarios). Costs in fixed {price_year} "
              "prices, all steps; FTE and head count in steps 4\u201312. Rounded: mill NOK "
              "to one decimal, FTE and head count to whole numbers."},
    "rep.col.cost_year": {"nb": "Kostnad {year} (mill kr)", "en": "Cost {year} (mill NOK)"},
    "rep.col.fte_year": {"nb": "Årsverk {year}", "en": "FTE {year}"},
    "rep.col.head_year": {"nb": "Ansatte {year}", "en": "Head count {year}"},
    "rep.col.delta": {"nb": "Δ mot {base}", "en": "Δ vs {base}"},
    # Workbook sheets and columns.
    "xl.front": {"nb": "Forside", "en": "Front page"},
    "xl.comparison": {"nb": "Sammenligning", "en": "Comparison"},
    "xl.dementia": {"nb": "Demens", "en": "Dementia"},
    "xl.sources": {"nb": "Kilder", "en": "Sources"},
    "xl.item": {"nb": "Felt", "en": "Item"},
    "xl.value": {"nb": "Verdi", "en": "Value"},
    "xl.unit": {"nb": "Enhet", "en": "Unit"},
    "xl.source": {"nb": "Kilde", "en": "Source"},
    "xl.parameter": {"nb": "Parameter", "en": "Parameter"},
    "xl.data_file": {"nb": "Datafil", "en": "Data file"},
    "xl.run_hash": {"nb": "SHA-256 i kjøringen", "en": "SHA-256 in the run"},
    "xl.changed": {"nb": "Endret siden kjøringen", "en": "Changed since the run"},
    "xl.yes": {"nb": "ja", "en": "yes"},
    "xl.no": {"nb": "nei", "en": "no"},
    "xl.mean": {"nb": "Gjennomsnitt", "en": "Mean"},
    "xl.trinn_name": {"nb": "Trinnets navn", "en": "Step name"},
    "xl.group": {"nb": "Gruppe", "en": "Group"},
    "xl.recipients": {"nb": "Mottakere (personer 31.12.)", "en": "Recipients (persons 31 Dec)"},
    "xl.cost": {"nb": "Kostnad (mill kr, faste {price_year}-priser)",
                "en": "Cost (mill NOK, fixed {price_year} prices)"},
    "xl.staff_hours": {"nb": "Personinnsats (timer/år)", "en": "Staff hours (hours/year)"},
    "xl.fte": {"nb": "Årsverk", "en": "FTE"},
    "xl.head_count": {"nb": "Ansatte (personer)", "en": "Head count (persons)"},
    "xl.d_cost": {"nb": "Δ kostnad (mill kr/år)", "en": "Δ cost (mill NOK/yr)"},
    "xl.d_fte": {"nb": "Δ årsverk (trinn 4\u201312)", "en": "Δ FTE (steps 4\u201312)"},
    "xl.d_head_count": {"nb": "Δ ansatte (personer, trinn 4\u201312)",
                        "en": "Δ head count (persons, steps 4\u201312)"},
    "xl.d_dementia_cost": {"nb": "Δ kostnad, demens (mill kr/år)",
                           "en": "Δ cost, dementia (mill NOK/yr)"},
    "xl.care_total": {"nb": "Trinn 4\u201312 i alt", "en": "Steps 4\u201312 in total"},
    "xl.all_total": {"nb": "Alle trinn i alt", "en": "All steps in total"},
    "xl.scenario_title": {"nb": "Scenario «{name}»: {description}",
                          "en": "Scenario '{name}': {description}"},
    "xl.dementia_title": {"nb": "Personer med demens, per scenario, år og trinn",
                          "en": "People with dementia, by scenario, year and step"},
    "xl.comparison_title": {"nb": "Endring mot «{base}» per år, alle trinn",
                            "en": "Change vs '{base}' by year, all steps"},
    "xl.sources_title": {"nb": "Parametre og datafiler", "en": "Parameters and data files"},
    "xl.level_note": {
        "nb": "Gjennomsnitt og 90\u00a0%-intervall (p05\u2013p95) over {n} replikasjoner. "
              "Mottakere summeres ikke over alle trinn: trinn 1\u20133 gjelder alle innbyggere.",
        "en": "Mean and 90% interval (p05\u2013p95) over {n} replications. Recipients are "
              "not summed over all steps: steps 1\u20133 serve every inhabitant."},
    "xl.stats_note": {
        "nb": "Gjennomsnitt og 90\u00a0%-intervall (p05\u2013p95) over {n} replikasjoner.",
        "en": "Mean and 90% interval (p05\u2013p95) over {n} replications."},
    "xl.diff_note": {
        "nb": "Parvise forskjeller per replikasjon (felles tilfeldige tall): gjennomsnitt og "
              "5.\u201395. persentil over {n} replikasjoner.",
        "en": "Paired differences per replication (common random numbers): mean and "
              "5th\u201395th percentile over {n} replications."},
    "xl.one_scenario": {"nb": "Bare ett scenario: ingenting å sammenligne med.",
                        "en": "Only one scenario: nothing to compare with."},
    "xl.rounding": {
        "nb": "Cellene har full presisjon; visningen er avrundet (mill kr og årsverk til én "
              "desimal, mottakere, timer og ansatte til hele tall).",
        "en": "Cells hold full precision; the display is rounded (mill NOK and FTE to one "
              "decimal, recipients, hours and head count to whole numbers)."},
    "xl.numbers_from": {
        "nb": "Alle tall kommer fra kjøringens summary.parquet. Summer per trinn over grupper "
              "og demensgruppens sum er regnet på samme måte (sum per replikasjon, deretter "
              "statistikk over replikasjonene).",
        "en": "Every number comes from the run's summary.parquet. Totals per step over groups "
              "and the dementia group's total are computed the same way (sum per "
              "replication, then statistics over replications)."},
    "rep.out.xlsx": {"nb": "Regneark", "en": "Workbook"},
    "rep.out.pdf": {"nb": "Rapport (PDF)", "en": "Report (PDF)"},
    "rep.out.png": {"nb": "Figurer (PNG)", "en": "Charts (PNG)"},
    # Facts about a run (workbook front sheet, PDF title and assumptions pages).
    "fact.report": {"nb": "Rapport", "en": "Report"},
    "fact.municipality": {"nb": "Kommune", "en": "Municipality"},
    "fact.scenario": {"nb": "Scenario", "en": "Scenario"},
    "fact.baseline": {"nb": "Referansescenario", "en": "Reference scenario"},
    "fact.years": {"nb": "År", "en": "Years"},
    "fact.seed": {"nb": "Rotfrø (seed)", "en": "Root seed"},
    "fact.replications": {"nb": "Replikasjoner per scenario", "en": "Replications per scenario"},
    "fact.calibration": {"nb": "Kalibreringsfil", "en": "Calibration file"},
    "fact.calibration_none": {"nb": "ingen (parametrene i datafilene)",
                              "en": "none (the data files' parameters)"},
    "fact.calibration_hash": {"nb": "Kalibreringsfilens SHA-256", "en": "Calibration file SHA-256"},
    "fact.price_year": {"nb": "Prisår (faste priser)", "en": "Price year (fixed prices)"},
    "fact.price_index": {"nb": "Prisindeks for kalkulatorens priser",
                         "en": "Price index applied to the calculator's prices"},
    "fact.hours_per_fte": {"nb": "Timer per årsverk", "en": "Hours per FTE"},
    "fact.position_size": {"nb": "Gjennomsnittlig stillingsstørrelse",
                           "en": "Average position size"},
    "fact.unit": {"nb": "Enhet, {metric}", "en": "Unit, {metric}"},
    "fact.code_version": {"nb": "Kodeversjon", "en": "Code version"},
    "fact.created": {"nb": "Kjørt", "en": "Run"},
    "fact.run_dir": {"nb": "Kjøremappe", "en": "Run directory"},
    "fact.rounding": {"nb": "Avrunding", "en": "Rounding"},
    "fact.numbers": {"nb": "Tallgrunnlag", "en": "Where the numbers come from"},
    "fact.unknown": {"nb": "ukjent", "en": "unknown"},
    "fact.run_units": {"nb": "Enheter (run.json)", "en": "Units (run.json)"},
    "fact.parameters": {"nb": "Parametre ({file})", "en": "Parameters ({file})"},
    "fact.scenario_files": {"nb": "Scenariofiler", "en": "Scenario files"},
    "fact.data_changed": {
        "nb": "Merk: disse datafilene er endret siden kjøringen (trinnavn, persona og kilder "
              "er lest fra dagens filer): {files}.",
        "en": "Note: these data files changed since the run (step names, persona and sources "
              "are read from today's files): {files}."},
    "fact.data_missing": {
        "nb": "Kommunedataene «{name}» ble ikke funnet ({problem}); persona og parameterkilder "
              "er utelatt.",
        "en": "The municipality data '{name}' were not found ({problem}); the persona and the "
              "parameter sources are left out."},
}


def label(key: str, lang: str = "nb", **fmt: object) -> str:
    """Return the label ``key`` in ``lang``, formatted with ``fmt``.

    Raises
    ------
    KeyError
        For an unknown key; ValueError for an unknown language.
    """
    if lang not in LANGS:
        raise ValueError(f"unknown language '{lang}' (use {' or '.join(LANGS)})")
    text = _LABELS[key][lang]
    return text.format(**fmt) if fmt else text


def number(value: float, decimals: int = 0, lang: str = "nb") -> str:
    """Format a number with a thin grouping space (nb: '1 234,5'; en: '1,234.5')."""
    text = f"{value:,.{decimals}f}"
    if lang == "nb":
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text
