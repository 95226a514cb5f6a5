"""Every user-facing label, in Norwegian bokmål (default), English and Norwegian nynorsk.

One place, no strings in plotting code; every key has all three languages (tested).
"""

from __future__ import annotations

from collections.abc import Mapping

from scenarios.vocabulary import REPORT_LANGUAGES

LANGS = REPORT_LANGUAGES  # nb first: the default

_LABELS: dict[str, dict[str, str]] = {
    "age": {"nb": "Alder", "en": "Age", "nn": "Alder"},
    "annual_cost": {"nb": "Årskostnad (kr)", "en": "Annual cost (NOK)", "nn": "Årskostnad (kr)"},
    "staff_hours": {
        "nb": "Personinnsats (timer/år)",
        "en": "Staff hours per year",
        "nn": "Personalinnsats (timar/år)",
    },
    "hours_short": {"nb": "timer", "en": "hours", "nn": "timar"},
    "kr_short": {"nb": "kr", "en": "NOK", "nn": "kr"},
    "total_model": {"nb": "Sum (modell)", "en": "Total (model)", "nn": "Sum (modell)"},
    "total_seed": {"nb": "Sum (kilde)", "en": "Total (source)", "nn": "Sum (kjelde)"},
    "deviation": {"nb": "Avvik", "en": "Deviation", "nn": "Avvik"},
    "fte": {"nb": "Årsverk", "en": "FTE", "nn": "Årsverk"},
    "head_count": {"nb": "Ansatte", "en": "Head count", "nn": "Tilsette"},
    "investment": {
        "nb": "Investering (engangs)",
        "en": "One-off investment",
        "nn": "Investering (eingongs)",
    },
    "pathway.normal": {"nb": "Normalforløp", "en": "Normal pathway", "nn": "Normalforløp"},
    "pathway.proactive": {
        "nb": "Proaktivt forløp",
        "en": "Proactive pathway",
        "nn": "Proaktivt forløp",
    },
    "pathway.reactive": {
        "nb": "Reaktivt forløp",
        "en": "Reactive pathway",
        "nn": "Reaktivt forløp",
    },
    "persona_title": {
        "nb": "Personas {persona}: tre forløp (årskostnad og personinnsats per alder)",
        "en": "Persona {persona}: three pathways (annual cost and staff hours by age)",
        "nn": "Personaen {persona}: tre forløp (årskostnad og personalinnsats etter alder)",
    },
    "scaling_title": {
        "nb": "Skalert til {persons} personer med demens",
        "en": "Scaled to {persons} people with dementia",
        "nn": "Skalert til {persons} personar med demens",
    },
    "yearly_cost_mnok": {
        "nb": "Årlig kostnad (mill kr)",
        "en": "Yearly cost (mill NOK)",
        "nn": "Årleg kostnad (mill kr)",
    },
    "diff_vs": {
        "nb": "Endring mot {base} (mill kr/år)",
        "en": "Difference vs {base} (mill NOK/yr)",
        "nn": "Endring mot {base} (mill kr/år)",
    },
    "seed_diff": {
        "nb": "Kilden (mill kr/år)",
        "en": "Source (mill NOK/yr)",
        "nn": "Kjelda (mill kr/år)",
    },
    "method": {"nb": "Metode", "en": "Method", "nn": "Metode"},
    "scaling_method": {
        "nb": "stabil tilstand: {persons:g} personer fordelt jevnt over forløpets {years:g} år; "
              "årlig kostnad = personer x (forløpets sum inkl. engangsinvestering) / {years:g}",
        "en": "steady state: {persons:g} persons spread evenly over the pathway's {years:g} "
              "years; yearly cost = persons x (pathway total incl. one-off investment) / {years:g}",
        "nn": "stabil tilstand: {persons:g} personar fordelte jamt over dei {years:g} åra i "
              "forløpet; årleg kostnad = personar x (summen for forløpet medrekna "
              "eingongsinvestering) / {years:g}",
    },
    "seed_implied": {
        "nb": "Kildens 88 og 164 mill tilsvarer en deler på om lag {years} år (om lag {cases:.0f} "
              "nye tilfeller i året x forskjell over hele forløpet).",
        "en": "The source's 88 and 164 mill correspond to a divisor of about {years} years (about "
              "{cases:.0f} new cases a year x the whole-pathway difference).",
        "nn": "Dei 88 og 164 millionane i kjelda svarer til å dele på om lag {years} år (om lag "
              "{cases:.0f} nye tilfelle i året x skilnaden over heile forløpet).",
    },
    "units_note": {
        "nb": "Faste priser: {years}. Årsverk = timer / {hpf:g} timer per årsverk; ansatte = "
              "årsverk / {pos:.0%} gjennomsnittlig stillingsstørrelse.",
        "en": "Fixed prices: {years}. FTE = hours / {hpf:g} hours per FTE; head count = FTE / "
              "{pos:.0%} average position size.",
        "nn": "Faste prisar: {years}. Årsverk = timar / {hpf:g} timar per årsverk; tilsette = "
              "årsverk / {pos:.0%} gjennomsnittleg stillingsstorleik.",
    },
    "service": {"nb": "Tjeneste", "en": "Service", "nn": "Teneste"},
    "amount": {"nb": "Omfang", "en": "Amount", "nn": "Omfang"},
    "per_year": {"nb": "Per år", "en": "Per year", "nn": "Per år"},
    "unit_price": {"nb": "Enhetspris (kr)", "en": "Unit price (NOK)", "nn": "Einingspris (kr)"},
    "alternative": {"nb": "Alternativ", "en": "Alternative", "nn": "Alternativ"},
    "what_else_title": {
        "nb": "Hva annet kan samme sum kjøpe? (per uke)",
        "en": "What else could the same sum buy? (per week)",
        "nn": "Kva anna kan den same summen kjøpe? (per veke)",
    },
    "sum": {"nb": "Sum", "en": "Total", "nn": "Sum"},
    "every": {"nb": "hver uke", "en": "every week", "nn": "kvar veke"},
    "of_weeks": {"nb": "{k} av {n} uker", "en": "{k} of {n} weeks", "nn": "{k} av {n} veker"},
    "qu.hours_per_week": {"nb": "t/uke", "en": "h/week", "nn": "t/veke"},
    "qu.hours_per_day": {"nb": "t/dag", "en": "h/day", "nn": "t/dag"},
    "qu.days_per_week": {"nb": "dager/uke", "en": "days/week", "nn": "dagar/veke"},
    "qu.units": {"nb": "enheter", "en": "units", "nn": "einingar"},
    "qu.events_per_week": {"nb": "ganger/uke", "en": "times/week", "nn": "gonger/veke"},
    "qu.places": {"nb": "plasser", "en": "places", "nn": "plassar"},
    "pu.hour": {"nb": "timer", "en": "hours", "nn": "timar"},
    "pu.unit_week": {"nb": "enhetsuker", "en": "unit-weeks", "nn": "einingsveker"},
    "pu.event": {"nb": "ganger", "en": "events", "nn": "gonger"},
    "pu.place_year": {"nb": "plassår", "en": "place-years", "nn": "plassår"},
    "pu.place_day": {"nb": "plassdøgn", "en": "place-days", "nn": "plassdøgn"},
    "pu_per.hour": {"nb": "t/uke", "en": "h/week", "nn": "t/veke"},
    "pu_per.unit_week": {"nb": "enheter", "en": "units", "nn": "einingar"},
    "pu_per.event": {"nb": "ganger/uke", "en": "times/week", "nn": "gonger/veke"},
    # Run outputs: plots and the scenario comparison (results/plots.py, compare_view.py).
    "scenario": {"nb": "Scenario", "en": "Scenario", "nn": "Scenario"},
    "year": {"nb": "År", "en": "Year", "nn": "År"},
    "trinn": {"nb": "Trinn", "en": "Step", "nn": "Trinn"},
    "mean_line": {"nb": "Gjennomsnitt", "en": "Mean", "nn": "Gjennomsnitt"},
    "band_90": {
        "nb": "90\u00a0%-intervall (p05\u2013p95)",
        "en": "90% interval (p05\u2013p95)",
        "nn": "90\u00a0%-intervall (p05\u2013p95)",
    },
    "cost_mnok": {"nb": "Kostnad (mill kr)", "en": "Cost (mill NOK)", "nn": "Kostnad (mill kr)"},
    "plot.total_cost_title": {
        "nb": "Samlede kostnader per år, alle trinn",
        "en": "Total cost per year, all steps",
        "nn": "Samla kostnader per år, alle trinn",
    },
    "plot.fte_title": {
        "nb": "Årsverk per år, pleie og omsorg (trinn 6, 7, 9, 10, 11)",
        "en": "FTE per year, care (pleie og omsorg, steps 6, 7, 9, 10, 11)",
        "nn": "Årsverk per år, pleie og omsorg (trinn 6, 7, 9, 10, 11)",
    },
    "plot.staircase_title": {
        "nb": "Kostnad per trinn (4\u201312): {scenario}",
        "en": "Cost per step (4\u201312): {scenario}",
        "nn": "Kostnad per trinn (4\u201312): {scenario}",
    },
    "plot.dementia_title": {
        "nb": "Kostnader for personer med demens per år",
        "en": "Cost of care for people with dementia per year",
        "nn": "Kostnader for personar med demens per år",
    },
    "plot.note": {
        "nb": "{n} replikasjoner.",
        "en": "{n} replications.",
        "nn": "{n} replikasjonar.",
    },
    "plot.note_cost": {
        "nb": "Faste priser. {n} replikasjoner.",
        "en": "Fixed prices. {n} replications.",
        "nn": "Faste prisar. {n} replikasjonar.",
    },
    "cmp.title": {"nb": "Endring mot {base}", "en": "Change vs {base}", "nn": "Endring mot {base}"},
    "cmp.d_cost": {
        "nb": "Δ kostnad (mill kr/år)",
        "en": "Δ cost (mill NOK/yr)",
        "nn": "Δ kostnad (mill kr/år)",
    },
    "cmp.d_fte": {
        "nb": "Δ årsverk pleie og omsorg",
        "en": "Δ care FTE",
        "nn": "Δ årsverk pleie og omsorg",
    },
    "cmp.interval": {
        "nb": "90\u00a0%-intervall",
        "en": "90% interval",
        "nn": "90\u00a0%-intervall",
    },
    "cmp.empty": {
        "nb": "Bare ett scenario: ingenting å sammenligne med.",
        "en": "Only one scenario: nothing to compare with.",
        "nn": "Berre eitt scenario: ingenting å samanlikne med.",
    },
    "cmp.caption": {
        "nb": "Gjennomsnitt over {n} replikasjoner; intervallet er 5.\u201395. persentil av "
              "parvise forskjeller (felles tilfeldige tall). Faste priser. Kostnad: alle trinn. "
              "Pleie og omsorg: trinn 6, 7, 9, 10, 11.",
        "en": "Mean over {n} replications; the interval is the 5th\u201395th percentile of paired "
              "differences (common random numbers). Fixed prices. Cost: all steps. Care (pleie og "
              "omsorg): steps 6, 7, 9, 10, 11.",
        "nn": "Gjennomsnitt over {n} replikasjonar; intervallet er 5.\u201395. persentil av "
              "parvise skilnader (felles tilfeldige tal). Faste prisar. Kostnad: alle trinn. "
              "Pleie og omsorg: trinn 6, 7, 9, 10, 11.",
    },
    "cmp.includes.parameters": {
        "nb": "Intervallet omfatter tilfeldig variasjon mellom simuleringene og usikre "
              "parametre (priser, demensforekomst og overlevelse, forløpenes varighet, "
              "tiltakenes virkning).",
        "en": "The interval includes random variation (Monte Carlo) and uncertain parameters "
              "(prices, dementia incidence and survival, pathway durations, the levers' "
              "effects).",
        "nn": "Intervallet omfattar tilfeldig variasjon mellom simuleringane og usikre "
              "parametrar (prisar, demensførekomst og overleving, forløpa si varigheit, "
              "verknaden av tiltaka).",
    },
    "cmp.includes.mc": {
        "nb": "Intervallet omfatter bare tilfeldig variasjon mellom simuleringene, ikke usikre "
              "parametre (faste parameterverdier).",
        "en": "The interval includes random variation (Monte Carlo) only, not uncertain "
              "parameters (--fixed-parameters).",
        "nn": "Intervallet omfattar berre tilfeldig variasjon mellom simuleringane, ikkje "
              "usikre parametrar (faste parameterverdiar).",
    },
    "cmp.few_runs": {
        "nb": "Advarsel: bare {n} replikasjoner; 90\u00a0%-intervallet er grovt. Bruk minst "
              "{min} (--runs).",
        "en": "Warning: only {n} replications; the 90% interval is rough. Use at least {min} "
              "(--runs).",
        "nn": "Åtvaring: berre {n} replikasjonar; 90\u00a0%-intervallet er grovt. Bruk minst "
              "{min} (--runs).",
    },
    # Reports for the council: workbook, PDF and PNG (results/report*.py, excel.py, pdf.py).
    "pathway.status_quo": {
        "nb": "Dagens forløp",
        "en": "Status quo pathway",
        "nn": "Dagens forløp",
    },
    "rep.pathway.normal": {"nb": "normalforløp", "en": "normal pathway", "nn": "normalforløp"},
    "rep.pathway.proactive": {
        "nb": "proaktivt forløp",
        "en": "proactive pathway",
        "nn": "proaktivt forløp",
    },
    "rep.pathway.reactive": {
        "nb": "reaktivt forløp",
        "en": "reactive pathway",
        "nn": "reaktivt forløp",
    },
    "rep.pathway.status_quo": {
        "nb": "dagens forløp",
        "en": "status quo pathway",
        "nn": "dagens forløp",
    },
    "rep.pathway.other": {
        "nb": "forløpet «{name}»",
        "en": "'{name}' pathway",
        "nn": "forløpet «{name}»",
    },
    "municipality.faerder": {"nb": "Færder", "en": "Færder", "nn": "Færder"},
    "rep.title": {
        "nb": "Innsatstrappa i {municipality} {start}\u2013{end}",
        "en": "The care staircase in {municipality} {start}\u2013{end}",
        "nn": "Innsatstrappa i {municipality} {start}\u2013{end}",
    },
    "rep.subtitle": {
        "nb": "Kostnader, årsverk og ansatte per scenario",
        "en": "Cost, full-time equivalents and head count by scenario",
        "nn": "Kostnader, årsverk og tilsette per scenario",
    },
    "rep.made_with": {
        "nb": "Laget med trappa {version} (commit {commit}), kjørt {created}.",
        "en": "Made with trappa {version} (commit {commit}), run {created}.",
        "nn": "Laga med trappa {version} (commit {commit}), køyrd {created}.",
    },
    "rep.run_facts": {
        "nb": "{n} replikasjoner per scenario, rotfrø {seed}.",
        "en": "{n} replications per scenario, root seed {seed}.",
        "nn": "{n} replikasjonar per scenario, rotfrø {seed}.",
    },
    "rep.scenario_line": {
        "nb": "{name}: {description}",
        "en": "{name}: {description}",
        "nn": "{name}: {description}",
    },
    "rep.baseline_mark": {"nb": "(referanse)", "en": "(reference)", "nn": "(referanse)"},
    "rep.summary_title": {"nb": "Sammendrag", "en": "Summary", "nn": "Samandrag"},
    "rep.assumptions_title": {
        "nb": "Fakta om kjøringen og kilder",
        "en": "Facts of the run and sources",
        "nn": "Fakta om køyringa og kjelder",
    },
    "rep.continued": {"nb": "{title} (forts.)", "en": "{title} (cont.)", "nn": "{title} (framh.)"},
    "rep.fte_head_title": {
        "nb": "Årsverk per år: pleie og omsorg og hele trappa",
        "en": "FTE per year: care and the whole staircase",
        "nn": "Årsverk per år: pleie og omsorg og heile trappa",
    },
    "rep.profile_title": {
        "nb": "Innsatstrappa: kostnad per trinn (4\u201312), gjennomsnitt",
        "en": "The staircase: cost per step (4\u201312), mean",
        "nn": "Innsatstrappa: kostnad per trinn (4\u201312), gjennomsnitt",
    },
    "rep.persona_cost_by_age": {
        "nb": "Årskostnad (kr, faste {years}-priser)",
        "en": "Annual cost (NOK, fixed {years} prices)",
        "nn": "Årskostnad (kr, faste {years}-prisar)",
    },
    "rep.persona_note": {
        "nb": "Ressurskalkulatorens priser ({years}). Alder 77 står to ganger i kildens tabell og "
              "telles to ganger. Sum over forløpet: {totals}.",
        "en": "The resource calculator's prices ({years}). Age 77 appears twice in the source "
              "table and counts twice. Total over the pathway: {totals}.",
        "nn": "Prisane i ressurskalkulatoren ({years}). Alder 77 står to gonger i tabellen i "
              "kjelda og blir talt to gonger. Sum over forløpet: {totals}.",
    },
    "rep.persona_total": {
        "nb": "{pathway} {cost} mill kr",
        "en": "{pathway} {cost} mill NOK",
        "nn": "{pathway} {cost} mill kr",
    },
    "rep.persona_investment": {
        "nb": " (+ {cost} mill kr investering)",
        "en": " (+ {cost} mill NOK investment)",
        "nn": " (+ {cost} mill kr investering)",
    },
    "rep.head_count_axis": {
        "nb": "Ansatte (personer)",
        "en": "Head count (persons)",
        "nn": "Tilsette (personar)",
    },
    "rep.fte_axis": {"nb": "Årsverk", "en": "FTE", "nn": "Årsverk"},
    "rep.mnok_axis": {"nb": "mill kr", "en": "mill NOK", "nn": "mill kr"},
    "rep.note_levels": {
        "nb": "Faste {price_year}-priser. Gjennomsnitt over {n} replikasjoner; båndet er "
              "5.\u201395. persentil.",
        "en": "Fixed {price_year} prices. Mean over {n} replications; the band is the "
              "5th\u201395th percentile.",
        "nn": "Faste {price_year}-prisar. Gjennomsnitt over {n} replikasjonar; bandet er "
              "5.\u201395. persentil.",
    },
    "rep.note_means": {
        "nb": "Faste {price_year}-priser. Gjennomsnitt over {n} replikasjoner.",
        "en": "Fixed {price_year} prices. Mean over {n} replications.",
        "nn": "Faste {price_year}-prisar. Gjennomsnitt over {n} replikasjonar.",
    },
    "rep.note_staff": {
        "nb": "{hpf} timer per årsverk; ansatte = årsverk / {pos} stillingsstørrelse. {n} "
              "replikasjoner; båndet er 5.\u201395. persentil.",
        "en": "{hpf} hours per FTE; head count = FTE / {pos} position size. {n} replications; the "
              "band is the 5th\u201395th percentile.",
        "nn": "{hpf} timar per årsverk; tilsette = årsverk / {pos} stillingsstorleik. {n} "
              "replikasjonar; bandet er 5.\u201395. persentil.",
    },
    "rep.total_on_bar": {"nb": "Sum", "en": "Total", "nn": "Sum"},
    # Summary sentences: {strategy} + the cost sentence, then the staff sentence.
    "rep.s.strategy_all": {
        "nb": "Med {pathway} for alle demenstilfeller",
        "en": "With the {pathway} for all dementia cases",
        "nn": "Med {pathway} for alle demenstilfella",
    },
    "rep.s.strategy_new": {
        "nb": "Med {pathway} for alle nye demenstilfeller fra {year}",
        "en": "With the {pathway} for all new dementia cases from {year}",
        "nn": "Med {pathway} for alle nye demenstilfelle frå {year}",
    },
    "rep.s.strategy_mix": {
        "nb": "Med {mix} for nye demenstilfeller fra {year}",
        "en": "With {mix} for new dementia cases from {year}",
        "nn": "Med {mix} for nye demenstilfelle frå {year}",
    },
    "rep.s.strategy_other": {
        "nb": "I scenarioet «{name}» ({description})",
        "en": "In scenario '{name}' ({description})",
        "nn": "I scenarioet «{name}» ({description})",
    },
    "rep.s.mix_item": {
        "nb": "{share} {pathway}",
        "en": "{share} {pathway}",
        "nn": "{share} {pathway}",
    },
    "rep.s.and": {"nb": "og", "en": "and", "nn": "og"},
    "rep.s.vs_pathway": {"nb": "ved {pathway}", "en": "with the {pathway}", "nn": "ved {pathway}"},
    "rep.s.vs_scenario": {
        "nb": "i scenarioet «{name}»",
        "en": "in scenario '{name}'",
        "nn": "i scenarioet «{name}»",
    },
    "rep.s.cost_lower": {
        "nb": "{strategy} blir kostnadene i {year} {x} mill kr lavere enn {vs} "
              "(90\u00a0%-intervall {lo}\u2013{hi} mill kr).",
        "en": "{strategy}, costs in {year} are {x} mill NOK lower than {vs} (90% interval "
              "{lo}\u2013{hi} mill NOK).",
        "nn": "{strategy} blir kostnadene i {year} {x} mill kr lågare enn {vs} "
              "(90\u00a0%-intervall {lo}\u2013{hi} mill kr).",
    },
    "rep.s.cost_higher": {
        "nb": "{strategy} blir kostnadene i {year} {x} mill kr høyere enn {vs} "
              "(90\u00a0%-intervall {lo}\u2013{hi} mill kr).",
        "en": "{strategy}, costs in {year} are {x} mill NOK higher than {vs} (90% interval "
              "{lo}\u2013{hi} mill NOK).",
        "nn": "{strategy} blir kostnadene i {year} {x} mill kr høgare enn {vs} "
              "(90\u00a0%-intervall {lo}\u2013{hi} mill kr).",
    },
    "rep.s.cost_unclear": {
        "nb": "{strategy} blir kostnadene i {year} om lag de samme som {vs}: forskjellen er {x} "
              "mill kr, med 90\u00a0%-intervall fra {lo} til {hi} mill kr.",
        "en": "{strategy}, costs in {year} are about the same as {vs}: the difference is {x} mill "
              "NOK, with a 90% interval from {lo} to {hi} mill NOK.",
        "nn": "{strategy} blir kostnadene i {year} om lag dei same som {vs}: skilnaden er {x} "
              "mill kr, med 90\u00a0%-intervall frå {lo} til {hi} mill kr.",
    },
    "rep.s.fte_lower": {
        "nb": "Behovet for årsverk i pleie og omsorg blir {x} lavere (90\u00a0%-intervall "
              "{lo}\u2013{hi}), om lag {h} færre ansatte.",
        "en": "The need for care FTE is {x} lower (90% interval {lo}\u2013{hi}), about {h} fewer "
              "employees.",
        "nn": "Behovet for årsverk i pleie og omsorg blir {x} lågare (90\u00a0%-intervall "
              "{lo}\u2013{hi}), om lag {h} færre tilsette.",
    },
    "rep.s.fte_higher": {
        "nb": "Behovet for årsverk i pleie og omsorg blir {x} høyere (90\u00a0%-intervall "
              "{lo}\u2013{hi}), om lag {h} flere ansatte.",
        "en": "The need for care FTE is {x} higher (90% interval {lo}\u2013{hi}), about {h} more "
              "employees.",
        "nn": "Behovet for årsverk i pleie og omsorg blir {x} høgare (90\u00a0%-intervall "
              "{lo}\u2013{hi}), om lag {h} fleire tilsette.",
    },
    "rep.s.fte_unclear": {
        "nb": "Forskjellen i årsverk i pleie og omsorg er {x}, med 90\u00a0%-intervall fra {lo} "
              "til {hi} (om lag {h} ansatte).",
        "en": "The difference in care FTE is {x}, with a 90% interval from {lo} to {hi} (about "
              "{h} employees).",
        "nn": "Skilnaden i årsverk i pleie og omsorg er {x}, med 90\u00a0%-intervall frå {lo} til "
              "{hi} (om lag {h} tilsette).",
    },
    "rep.s.baseline": {
        "nb": "I referansescenarioet «{name}» ({description}) er de samlede kostnadene {c0} mill "
              "kr i {y0} og {c1} mill kr i {y1} (90\u00a0%-intervall {lo}\u2013{hi}). Pleie og "
              "omsorg krever {f1} årsverk i {y1}, om lag {h1} ansatte.",
        "en": "In the reference scenario '{name}' ({description}) total costs are {c0} mill NOK "
              "in {y0} and {c1} mill NOK in {y1} (90% interval {lo}\u2013{hi}). Care (pleie og "
              "omsorg) takes {f1} FTE in {y1}, about {h1} employees.",
        "nn": "I referansescenarioet «{name}» ({description}) er dei samla kostnadene {c0} mill "
              "kr i {y0} og {c1} mill kr i {y1} (90\u00a0%-intervall {lo}\u2013{hi}). Pleie og "
              "omsorg krev {f1} årsverk i {y1}, om lag {h1} tilsette.",
    },
    "rep.s.method": {
        "nb": "Gjennomsnitt over {n} replikasjoner per scenario. Intervallene er 5.\u201395. "
              "persentil over replikasjonene; for forskjeller er de parvise (samme innbyggere og "
              "samme tilfeldige tall i begge scenarioer). Kostnader i faste {price_year}-priser, "
              "alle trinn; årsverk og ansatte i pleie og omsorg (trinn 6, 7, 9, 10, 11). "
              "Avrundet: mill kr til én desimal, årsverk og ansatte til hele tall.",
        "en": "Mean over {n} replications per scenario. Intervals are the 5th\u201395th "
              "percentile over replications; for differences they are paired (the same "
              "inhabitants and random numbers in both scenarios). Costs in fixed {price_year} "
              "prices, all steps; FTE and head count in care (pleie og omsorg, steps 6, 7, 9, 10, "
              "11). Rounded: mill NOK to one decimal, FTE and head count to whole numbers.",
        "nn": "Gjennomsnitt over {n} replikasjonar per scenario. Intervalla er 5.\u201395. "
              "persentil over replikasjonane; for skilnader er dei parvise (dei same "
              "innbyggjarane og dei same tilfeldige tala i begge scenarioa). Kostnader i faste "
              "{price_year}-prisar, alle trinn; årsverk og tilsette i pleie og omsorg (trinn 6, "
              "7, 9, 10, 11). Avrunda: mill kr til éin desimal, årsverk og tilsette til heile tal.",
    },
    "rep.col.cost_year": {
        "nb": "Kostnad {year} (mill kr)",
        "en": "Cost {year} (mill NOK)",
        "nn": "Kostnad {year} (mill kr)",
    },
    "rep.col.fte_year": {"nb": "Årsverk {year}", "en": "FTE {year}", "nn": "Årsverk {year}"},
    "rep.col.head_year": {
        "nb": "Ansatte {year}",
        "en": "Head count {year}",
        "nn": "Tilsette {year}",
    },
    "rep.col.delta": {"nb": "Δ mot {base}", "en": "Δ vs {base}", "nn": "Δ mot {base}"},
    # Workbook sheets and columns.
    "xl.front": {"nb": "Forside", "en": "Front page", "nn": "Framside"},
    "xl.comparison": {"nb": "Sammenligning", "en": "Comparison", "nn": "Samanlikning"},
    "xl.dementia": {"nb": "Demens", "en": "Dementia", "nn": "Demens"},
    "xl.sources": {"nb": "Kilder", "en": "Sources", "nn": "Kjelder"},
    "xl.item": {"nb": "Felt", "en": "Item", "nn": "Felt"},
    "xl.value": {"nb": "Verdi", "en": "Value", "nn": "Verdi"},
    "xl.unit": {"nb": "Enhet", "en": "Unit", "nn": "Eining"},
    "xl.source": {"nb": "Kilde", "en": "Source", "nn": "Kjelde"},
    "xl.parameter": {"nb": "Parameter", "en": "Parameter", "nn": "Parameter"},
    "xl.data_file": {"nb": "Datafil", "en": "Data file", "nn": "Datafil"},
    "xl.run_hash": {
        "nb": "SHA-256 i kjøringen",
        "en": "SHA-256 in the run",
        "nn": "SHA-256 i køyringa",
    },
    "xl.changed": {
        "nb": "Endret siden kjøringen",
        "en": "Changed since the run",
        "nn": "Endra sidan køyringa",
    },
    "xl.yes": {"nb": "ja", "en": "yes", "nn": "ja"},
    "xl.no": {"nb": "nei", "en": "no", "nn": "nei"},
    "xl.mean": {"nb": "Gjennomsnitt", "en": "Mean", "nn": "Gjennomsnitt"},
    "xl.trinn_name": {"nb": "Trinnets navn", "en": "Step name", "nn": "Namn på trinnet"},
    "xl.group": {"nb": "Gruppe", "en": "Group", "nn": "Gruppe"},
    "xl.recipients": {
        "nb": "Mottakere (personer 31.12.)",
        "en": "Recipients (persons 31 Dec)",
        "nn": "Mottakarar (personar 31.12.)",
    },
    "xl.cost": {
        "nb": "Kostnad (mill kr, faste {price_year}-priser)",
        "en": "Cost (mill NOK, fixed {price_year} prices)",
        "nn": "Kostnad (mill kr, faste {price_year}-prisar)",
    },
    "xl.staff_hours": {
        "nb": "Personinnsats (timer/år)",
        "en": "Staff hours (hours/year)",
        "nn": "Personalinnsats (timar/år)",
    },
    "xl.fte": {"nb": "Årsverk", "en": "FTE", "nn": "Årsverk"},
    "xl.head_count": {
        "nb": "Ansatte (personer)",
        "en": "Head count (persons)",
        "nn": "Tilsette (personar)",
    },
    "xl.d_cost": {
        "nb": "Δ kostnad (mill kr/år)",
        "en": "Δ cost (mill NOK/yr)",
        "nn": "Δ kostnad (mill kr/år)",
    },
    "xl.d_fte": {
        "nb": "Δ årsverk (pleie og omsorg, trinn 6, 7, 9, 10, 11)",
        "en": "Δ FTE (care, steps 6, 7, 9, 10, 11)",
        "nn": "Δ årsverk (pleie og omsorg, trinn 6, 7, 9, 10, 11)",
    },
    "xl.d_head_count": {
        "nb": "Δ ansatte (personer, pleie og omsorg)",
        "en": "Δ head count (persons, care)",
        "nn": "Δ tilsette (personar, pleie og omsorg)",
    },
    "xl.d_dementia_cost": {
        "nb": "Δ kostnad, demens (mill kr/år)",
        "en": "Δ cost, dementia (mill NOK/yr)",
        "nn": "Δ kostnad, demens (mill kr/år)",
    },
    "xl.care_total": {
        "nb": "Hele trappa (trinn 4\u201312) i alt",
        "en": "Whole staircase (steps 4\u201312) in total",
        "nn": "Heile trappa (trinn 4\u201312) i alt",
    },
    "xl.all_total": {
        "nb": "Alle trinn i alt",
        "en": "All steps in total",
        "nn": "Alle trinn i alt",
    },
    "xl.scenario_title": {
        "nb": "Scenario «{name}»: {description}",
        "en": "Scenario '{name}': {description}",
        "nn": "Scenario «{name}»: {description}",
    },
    "xl.dementia_title": {
        "nb": "Personer med demens, per scenario, år og trinn",
        "en": "People with dementia, by scenario, year and step",
        "nn": "Personar med demens, per scenario, år og trinn",
    },
    "xl.comparison_title": {
        "nb": "Endring mot «{base}» per år, alle trinn",
        "en": "Change vs '{base}' by year, all steps",
        "nn": "Endring mot «{base}» per år, alle trinn",
    },
    "xl.sources_title": {
        "nb": "Parametre og datafiler",
        "en": "Parameters and data files",
        "nn": "Parametrar og datafiler",
    },
    "xl.level_note": {
        "nb": "Gjennomsnitt og 90\u00a0%-intervall (p05\u2013p95) over {n} replikasjoner. "
              "Mottakere summeres ikke over alle trinn: trinn 1\u20133 gjelder alle innbyggere.",
        "en": "Mean and 90% interval (p05\u2013p95) over {n} replications. Recipients are not "
              "summed over all steps: steps 1\u20133 serve every inhabitant.",
        "nn": "Gjennomsnitt og 90\u00a0%-intervall (p05\u2013p95) over {n} replikasjonar. "
              "Mottakarar blir ikkje summerte over alle trinn: trinn 1\u20133 gjeld alle "
              "innbyggjarar.",
    },
    "xl.stats_note": {
        "nb": "Gjennomsnitt og 90\u00a0%-intervall (p05\u2013p95) over {n} replikasjoner.",
        "en": "Mean and 90% interval (p05\u2013p95) over {n} replications.",
        "nn": "Gjennomsnitt og 90\u00a0%-intervall (p05\u2013p95) over {n} replikasjonar.",
    },
    "xl.diff_note": {
        "nb": "Parvise forskjeller per replikasjon (felles tilfeldige tall): gjennomsnitt og "
              "5.\u201395. persentil over {n} replikasjoner.",
        "en": "Paired differences per replication (common random numbers): mean and 5th\u201395th "
              "percentile over {n} replications.",
        "nn": "Parvise skilnader per replikasjon (felles tilfeldige tal): gjennomsnitt og "
              "5.\u201395. persentil over {n} replikasjonar.",
    },
    "xl.one_scenario": {
        "nb": "Bare ett scenario: ingenting å sammenligne med.",
        "en": "Only one scenario: nothing to compare with.",
        "nn": "Berre eitt scenario: ingenting å samanlikne med.",
    },
    "xl.rounding": {
        "nb": "Cellene har full presisjon; visningen er avrundet (mill kr og årsverk til én "
              "desimal, mottakere, timer og ansatte til hele tall).",
        "en": "Cells hold full precision; the display is rounded (mill NOK and FTE to one "
              "decimal, recipients, hours and head count to whole numbers).",
        "nn": "Cellene har full presisjon; visinga er avrunda (mill kr og årsverk til éin "
              "desimal, mottakarar, timar og tilsette til heile tal).",
    },
    "xl.numbers_from": {
        "nb": "Alle tall kommer fra kjøringens summary.parquet. Summer per trinn over grupper og "
              "demensgruppens sum er regnet på samme måte (sum per replikasjon, deretter "
              "statistikk over replikasjonene).",
        "en": "Every number comes from the run's summary.parquet. Totals per step over groups and "
              "the dementia group's total are computed the same way (sum per replication, then "
              "statistics over replications).",
        "nn": "Alle tala kjem frå summary.parquet i køyringa. Summar per trinn over grupper og "
              "summen for demensgruppa er rekna ut på same måten (sum per replikasjon, deretter "
              "statistikk over replikasjonane).",
    },
    "rep.out.xlsx": {"nb": "Regneark", "en": "Workbook", "nn": "Rekneark"},
    "rep.out.pdf": {"nb": "Rapport (PDF)", "en": "Report (PDF)", "nn": "Rapport (PDF)"},
    "rep.out.png": {"nb": "Figurer (PNG)", "en": "Charts (PNG)", "nn": "Figurar (PNG)"},
    # Facts about a run (workbook front sheet, PDF title and assumptions pages).
    "fact.report": {"nb": "Rapport", "en": "Report", "nn": "Rapport"},
    "fact.municipality": {"nb": "Kommune", "en": "Municipality", "nn": "Kommune"},
    "fact.scenario": {"nb": "Scenario", "en": "Scenario", "nn": "Scenario"},
    "fact.baseline": {
        "nb": "Referansescenario",
        "en": "Reference scenario",
        "nn": "Referansescenario",
    },
    "fact.years": {"nb": "År", "en": "Years", "nn": "År"},
    "fact.seed": {"nb": "Rotfrø", "en": "Root seed", "nn": "Rotfrø"},
    "fact.replications": {
        "nb": "Replikasjoner per scenario",
        "en": "Replications per scenario",
        "nn": "Replikasjonar per scenario",
    },
    "fact.uncertainty": {
        "nb": "Hva intervallene omfatter",
        "en": "What the intervals include",
        "nn": "Kva intervalla omfattar",
    },
    "fact.warning": {
        "nb": "Merk",
        "en": "Note",
        "nn": "Merk",
    },
    "fact.calibration": {
        "nb": "Kalibreringsfil",
        "en": "Calibration file",
        "nn": "Kalibreringsfil",
    },
    "fact.calibration_none": {
        "nb": "ingen (parametrene i datafilene)",
        "en": "none (the data files' parameters)",
        "nn": "ingen (parametrane i datafilene)",
    },
    "fact.estimated": {
        "nb": "Estimert ved importen (ikke kommunens egne tall)",
        "en": "Estimated by the import (not the municipality's own figures)",
        "nn": "Estimert ved importen (ikkje kommunen sine eigne tal)",
    },
    "fact.estimated_mark": {"nb": "estimert", "en": "estimated", "nn": "estimert"},
    "fact.calibration_hash": {
        "nb": "Kalibreringsfilens SHA-256",
        "en": "Calibration file SHA-256",
        "nn": "SHA-256 for kalibreringsfila",
    },
    "fact.price_year": {
        "nb": "Prisår (faste priser)",
        "en": "Price year (fixed prices)",
        "nn": "Prisår (faste prisar)",
    },
    "fact.price_index": {
        "nb": "Prisindeks for kalkulatorens priser",
        "en": "Price index applied to the calculator's prices",
        "nn": "Prisindeks for prisane i kalkulatoren",
    },
    "fact.hours_per_fte": {
        "nb": "Timer per årsverk",
        "en": "Hours per FTE",
        "nn": "Timar per årsverk",
    },
    "fact.position_size": {
        "nb": "Gjennomsnittlig stillingsstørrelse",
        "en": "Average position size",
        "nn": "Gjennomsnittleg stillingsstorleik",
    },
    "fact.unit": {"nb": "Enhet, {metric}", "en": "Unit, {metric}", "nn": "Eining, {metric}"},
    "fact.code_version": {"nb": "Kodeversjon", "en": "Code version", "nn": "Kodeversjon"},
    "fact.created": {"nb": "Kjørt", "en": "Run", "nn": "Køyrd"},
    "fact.run_dir": {"nb": "Kjøremappe", "en": "Run directory", "nn": "Køyremappe"},
    "fact.rounding": {"nb": "Avrunding", "en": "Rounding", "nn": "Avrunding"},
    "fact.numbers": {
        "nb": "Tallgrunnlag",
        "en": "Where the numbers come from",
        "nn": "Talgrunnlag",
    },
    "fact.unknown": {"nb": "ukjent", "en": "unknown", "nn": "ukjend"},
    "fact.run_units": {"nb": "Enheter", "en": "Units (run.json)", "nn": "Einingar"},
    "fact.parameters": {
        "nb": "Parametre ({file})",
        "en": "Parameters ({file})",
        "nn": "Parametrar ({file})",
    },
    "fact.scenario_files": {"nb": "Scenariofiler", "en": "Scenario files", "nn": "Scenariofiler"},
    "fact.data_changed": {
        "nb": "Merk: disse datafilene er endret siden kjøringen (trinnavn, persona og kilder er "
              "lest fra dagens filer): {files}.",
        "en": "Note: these data files changed since the run (step names, persona and sources are "
              "read from today's files): {files}.",
        "nn": "Merk: desse datafilene er endra sidan køyringa (namn på trinn, persona og kjelder "
              "er lesne frå filene slik dei er no): {files}.",
    },
    "fact.data_missing": {
        "nb": "Kommunedataene «{name}» ble ikke funnet ({problem}); persona og parameterkilder er "
              "utelatt.",
        "en": "The municipality data '{name}' were not found ({problem}); the persona and the "
              "parameter sources are left out.",
        "nn": "Kommunedataa «{name}» vart ikkje funne ({problem}); persona og kjelder for "
              "parametrane er utelatne.",
    },
    "cmp.d_fte_staircase": {
        "nb": "Δ årsverk trinn 4\u201312",
        "en": "Δ FTE steps 4\u201312",
        "nn": "Δ årsverk trinn 4\u201312",
    },
    "cmp.results_at": {"nb": "Resultater", "en": "Results", "nn": "Resultat"},
    # The payback and waiting tables of `trappa compare` (results/payback_view.py).
    "cmp.pay.title": {
        "nb": "Tilbakebetaling mot {base}, {y0}\u2013{y1}",
        "en": "Payback vs {base}, {y0}\u2013{y1}",
        "nn": "Tilbakebetaling mot {base}, {y0}\u2013{y1}",
    },
    "cmp.pay.first_saving": {
        "nb": "Første år med innsparing",
        "en": "First year with a saving",
        "nn": "Første år med innsparing",
    },
    "cmp.pay.payback": {
        "nb": "Tilbakebetalt (samlet balanse snur)",
        "en": "Paid back (cumulative balance turns)",
        "nn": "Tilbakebetalt (samla balanse snur)",
    },
    "cmp.pay.pv": {
        "nb": "Nåverdi Δ kostnad {y0}\u2013{y1}, {rate} (mill kr)",
        "en": "Present value of Δ cost {y0}\u2013{y1}, {rate} (mill NOK)",
        "nn": "Noverdi Δ kostnad {y0}\u2013{y1}, {rate} (mill kr)",
    },
    "cmp.pay.median": {"nb": "median", "en": "median", "nn": "median"},
    "cmp.pay.mean": {"nb": "gjennomsnitt", "en": "mean", "nn": "gjennomsnitt"},
    "cmp.pay.share": {
        "nb": "i {share} av replikasjonene",
        "en": "in {share} of replications",
        "nn": "i {share} av replikasjonane",
    },
    "cmp.pay.never": {
        "nb": "ikke innen {y1}",
        "en": "not by {y1}",
        "nn": "ikkje innan {y1}",
    },
    "cmp.pay.caption": {
        "nb": "Parvise forskjeller per replikasjon (felles tilfeldige tall), {n} replikasjoner. "
              "År: median og 5.\u201395. persentil over replikasjonene der det skjer innen {y1}. "
              "Nåverdi: hvert års Δ kostnad diskontert til {y0} med {rate} realrente "
              "({source}); negativt = innsparing. Faste {price_year}-priser, alle trinn.",
        "en": "Paired differences per replication (common random numbers), {n} replications. "
              "Years: median and 5th\u201395th percentile over the replications where it happens "
              "by {y1}. Present value: each year's Δ cost discounted to {y0} at {rate} real "
              "({source}); negative = a saving. Fixed {price_year} prices, all steps.",
        "nn": "Parvise skilnader per replikasjon (felles tilfeldige tal), {n} replikasjonar. "
              "År: median og 5.\u201395. persentil over replikasjonane der det skjer innan {y1}. "
              "Noverdi: Δ kostnad kvart år diskontert til {y0} med {rate} realrente "
              "({source}); negativt = innsparing. Faste {price_year}-prisar, alle trinn.",
    },
    "cmp.wait.title": {
        "nb": "Ventelister (scenarier med kapasitet)",
        "en": "Waiting lists (scenarios with capacities)",
        "nn": "Ventelister (scenario med kapasitet)",
    },
    "cmp.wait.waiting": {
        "nb": "Venter 31.12. (personer)",
        "en": "Waiting on 31 Dec (persons)",
        "nn": "Ventar 31.12. (personar)",
    },
    "cmp.wait.wait_years": {
        "nb": "Ventetid i året (personår)",
        "en": "Time waited in the year (person-years)",
        "nn": "Ventetid i året (personår)",
    },
    "cmp.wait.caption": {
        "nb": "Gjennomsnitt og 5.\u201395. persentil over {n} replikasjoner, alle trinn med "
              "kapasitet.",
        "en": "Mean and 5th\u201395th percentile over {n} replications, every step with a "
              "capacity.",
        "nn": "Gjennomsnitt og 5.\u201395. persentil over {n} replikasjonar, alle trinn med "
              "kapasitet.",
    },
    "rep.discount_source_cli": {
        "nb": "valgt på kommandolinjen med --discount-rate",
        "en": "chosen on the command line with --discount-rate",
        "nn": "valt på kommandolinja med --discount-rate",
    },
    "rep.page": {"nb": "Side {i} av {n}", "en": "Page {i} of {n}", "nn": "Side {i} av {n}"},
    # Page one: the main message (results/report_headline.py, report_pages.py).
    "rep.h.lead": {
        "nb": "Endring mot «{base}» per år (gjennomsnitt, faste {price_year}-priser; negativt "
              "tall = lavere enn i referansen)",
        "en": "Change vs '{base}' per year (mean, fixed {price_year} prices; negative = lower "
              "than in the reference)",
        "nn": "Endring mot «{base}» per år (gjennomsnitt, faste {price_year}-prisar; negativt tal "
              "= lågare enn i referansen)",
    },
    "rep.h.col.cost": {
        "nb": "Kostnad {year} (mill kr)",
        "en": "Cost {year} (mill NOK)",
        "nn": "Kostnad {year} (mill kr)",
    },
    "rep.h.col.fte_care": {
        "nb": "Årsverk pleie og omsorg {year}",
        "en": "Care FTE {year}",
        "nn": "Årsverk pleie og omsorg {year}",
    },
    "rep.h.col.fte_staircase": {
        "nb": "Årsverk hele trappa {year}",
        "en": "FTE whole staircase {year}",
        "nn": "Årsverk heile trappa {year}",
    },
    "rep.h.col.extra": {
        "nb": "Merkostnad de første årene (mill kr)",
        "en": "Extra cost of the first years (mill NOK)",
        "nn": "Meirkostnad dei første åra (mill kr)",
    },
    "rep.h.col.first_saving": {
        "nb": "Første år med innsparing",
        "en": "First year with a saving",
        "nn": "Første år med innsparing",
    },
    "rep.h.col.payback": {
        "nb": "Tilbakebetalt (år)",
        "en": "Paid back (year)",
        "nn": "Tilbakebetalt (år)",
    },
    "rep.h.col.cumulative": {
        "nb": "Samlet {y0}\u2013{y1} (mill kr)",
        "en": "Cumulative {y0}\u2013{y1} (mill NOK)",
        "nn": "Samla {y0}\u2013{y1} (mill kr)",
    },
    "rep.h.col.present_value": {
        "nb": "Nåverdi, {rate} realrente (mill kr)",
        "en": "Present value at {rate} real (mill NOK)",
        "nn": "Noverdi, {rate} realrente (mill kr)",
    },
    "rep.h.not_by": {"nb": "ikke innen {year}", "en": "not by {year}", "nn": "ikkje innan {year}"},
    "rep.h.base": {
        "nb": "Utgangspunktet, «{base}»: pleie og omsorg (trinn 6, 7, 9, 10, 11) har {f0} årsverk "
              "i {y0} og {f1} i {y1}; hele trappa (trinn 4\u201312) har {s0} årsverk i {y0}. "
              "Kostnaden for alle trinn er {c0} mill kr i {y0} og {c1} mill kr i {y1}.",
        "en": "The base, '{base}': care (pleie og omsorg, steps 6, 7, 9, 10, 11) takes {f0} FTE "
              "in {y0} and {f1} in {y1}; the whole staircase (steps 4\u201312) {s0} FTE in {y0}. "
              "The cost of all steps is {c0} mill NOK in {y0} and {c1} mill NOK in {y1}.",
        "nn": "Utgangspunktet, «{base}»: pleie og omsorg (trinn 6, 7, 9, 10, 11) har {f0} årsverk "
              "i {y0} og {f1} i {y1}; heile trappa (trinn 4\u201312) har {s0} årsverk i {y0}. "
              "Kostnaden for alle trinn er {c0} mill kr i {y0} og {c1} mill kr i {y1}.",
    },
    "rep.h.base_855": {
        "nb": "Kommunen hadde {fte} årsverk i pleie og omsorg i 2023{source}; modellens {f0} i "
              "{y0} er {growth}\u00a0% mot det.",
        "en": "The municipality had {fte} care FTE in 2023{source}; the model's {f0} in {y0} is "
              "{growth}% against that.",
        "nn": "Kommunen hadde {fte} årsverk i pleie og omsorg i 2023{source}; dei {f0} i {y0} i "
              "modellen er {growth}\u00a0% mot det.",
    },
    "rep.h.base_684": {
        "nb": "Kildene regner {n} personer med demens i 2024{model}.",
        "en": "The sources count {n} people with dementia in 2024{model}.",
        "nn": "Kjeldene reknar {n} personar med demens i 2024{model}.",
    },
    "rep.h.dementia_model": {
        "nb": " (modellen: {n} ved utgangen av {year})",
        "en": " (the model: {n} at the end of {year})",
        "nn": " (modellen: {n} ved utgangen av {year})",
    },
    "rep.h.one_scenario": {
        "nb": "Bare ett scenario: ingen endring å vise. Kjør flere scenarioer for å sammenligne.",
        "en": "Only one scenario: no change to show. Run several scenarios to compare.",
        "nn": "Berre eitt scenario: inga endring å vise. Køyr fleire scenario for å samanlikne.",
    },
    "rep.h.note": {
        "nb": "Gjennomsnitt over {n} replikasjoner; intervallene står på de neste sidene. "
              "Merkostnad de første årene: summen av årene med merkostnad før første år med "
              "innsparing. Tilbakebetalt: første år der samlet balanse fra {y0} er en innsparing "
              "og forblir det til {y1}. Nåverdi: hvert års forskjell diskontert til {y0} med "
              "{rate} realrente ({source}). Kostnad: alle trinn; "
              "årsverk = timer / {hpf} timer per årsverk.",
        "en": "Mean over {n} replications; the intervals are on the following pages. Extra cost "
              "of the first years: the sum of the years with an extra cost before the first year "
              "with a saving. Paid back: the first year from which the cumulative balance since "
              "{y0} is a saving and stays one to {y1}. Present value: each year's difference "
              "discounted to {y0} at {rate} real ({source}). "
              "Cost: all steps; FTE = hours / {hpf} hours per FTE.",
        "nn": "Gjennomsnitt over {n} replikasjonar; intervalla står på dei neste sidene. "
              "Meirkostnad dei første åra: summen av åra med meirkostnad før det første året med "
              "innsparing. Tilbakebetalt: det første året der den samla balansen frå {y0} er ei "
              "innsparing og held seg slik til {y1}. Noverdi: skilnaden kvart år diskontert til "
              "{y0} med {rate} realrente ({source}). "
              "Kostnad: alle trinn; årsverk = timar / {hpf} timar per årsverk.",
    },
    # The assumptions in plain words.
    "rep.plain_title": {
        "nb": "Forutsetninger i klartekst",
        "en": "The assumptions in plain words",
        "nn": "Føresetnadene i klartekst",
    },
    "rep.plain.population": {
        "nb": "Befolkningen følger SSBs befolkningsframskriving for kommunen: antall innbyggere "
              "etter alder hvert år, med fødsler, dødsfall og flytting.",
        "en": "The population follows Statistics Norway's projection for the municipality: the "
              "number of inhabitants by age each year, with births, deaths and migration.",
        "nn": "Folketalet følgjer folketalsframskrivinga til SSB for kommunen: talet på "
              "innbyggjarar etter alder kvart år, med fødslar, dødsfall og flytting.",
    },
    "rep.plain.population.extrapolated": {
        "nb": "Etter {last}, SSBs siste framskrevne år, er befolkningen {first}-{end} "
              "ekstrapolert (--extrapolate), ikke framskrevet av SSB. Metode: {method}.",
        "en": "After {last}, the last year of SSB's projection, the population {first}-{end} "
              "is extrapolated (--extrapolate), not projected by SSB. Method: {method}.",
        "nn": "Etter {last}, det siste framskrivne året til SSB, er folketalet {first}-{end} "
              "ekstrapolert (--extrapolate), ikkje framskrive av SSB. Metode: {method}.",
    },
    "rep.plain.dementia": {
        "nb": "Demens: {dementia} personer med antatt demensdiagnose i 2024 (kildene), fordelt på "
              "alder som i HUNT4-studien. Nye tilfeller kommer slik at andelen med demens i hver "
              "aldersgruppe holder seg som i dag; med flere eldre blir det flere med demens.",
        "en": "Dementia: {dementia} people with an assumed dementia diagnosis in 2024 (the "
              "sources), spread by age as in the HUNT4 study. New cases arise so that the share "
              "with dementia in each age group stays as today; more old people means more with "
              "dementia.",
        "nn": "Demens: {dementia} personar med anteken demensdiagnose i 2024 (kjeldene), fordelte "
              "på alder som i HUNT4-studien. Nye tilfelle kjem slik at delen med demens i kvar "
              "aldersgruppe held seg som i dag; med fleire eldre blir det fleire med demens.",
    },
    "rep.plain.pathways": {
        "nb": "Forløpene: hver person med demens følger ett av de tre forløpene til personaen "
              "Johs i kildene (normalt, proaktivt eller reaktivt), med tjenestene, prisene og "
              "timene fra ressurskalkulatoren. Forløpet strekkes eller krympes til personens "
              "gjenværende levetid.",
        "en": "The pathways: each person with dementia follows one of the three pathways of the "
              "persona Johs in the sources (normal, proactive or reactive), with the services, "
              "prices and hours of the resource calculator. The pathway is stretched or shrunk to "
              "the person's remaining lifetime.",
        "nn": "Forløpa: kvar person med demens følgjer eitt av dei tre forløpa til personaen Johs "
              "i kjeldene (normalt, proaktivt eller reaktivt), med tenestene, prisane og timane "
              "frå ressurskalkulatoren. Forløpet blir strekt ut eller korta ned til levetida "
              "personen har att.",
    },
    "rep.plain.others": {
        "nb": "Andre grupper (skrøpelige eldre, personer med funksjonsnedsettelse, psykisk helse "
              "og rus, barn og familier) bruker trinn 4\u201312 som i 2024 i hver aldersgruppe: "
              "med dagens praksis vokser kostnaden med befolkningen.",
        "en": "Other groups (frail elderly people, people with disabilities, mental health and "
              "substance use, children and families) use steps 4\u201312 as in 2024 in each age "
              "group: with today's practice the cost grows with the population.",
        "nn": "Andre grupper (skrøpelege eldre, personar med funksjonsnedsetjing, psykisk helse "
              "og rus, born og familiar) bruker trinn 4\u201312 som i 2024 i kvar aldersgruppe: "
              "med dagens praksis veks kostnaden med folketalet.",
    },
    "rep.plain.universal": {
        "nb": "Trinn 1\u20133 (tilbud til alle innbyggere) koster det samme per innbygger som i "
              "2024.",
        "en": "Steps 1\u20133 (services for every inhabitant) cost the same per inhabitant as in "
              "2024.",
        "nn": "Trinn 1\u20133 (tilbod til alle innbyggjarar) kostar det same per innbyggjar som i "
              "2024.",
    },
    "rep.plain.prices": {
        "nb": "Alle beløp er i faste {price_year}-priser: lønns- og prisvekst er ikke med, bare "
              "endringer i hvor mange som får hvilke tjenester.",
        "en": "Every amount is in fixed {price_year} prices: wage and price growth are left out, "
              "only changes in how many people receive which services count.",
        "nn": "Alle beløp er i faste {price_year}-prisar: løns- og prisvekst er ikkje med, berre "
              "endringar i kor mange som får kva for tenester.",
    },
    "rep.plain.fte": {
        "nb": "Årsverk er personalets timer delt på {hpf} timer per årsverk; ansatte er årsverk "
              "delt på en gjennomsnittlig stillingsstørrelse på {pos}. «Pleie og omsorg» er trinn "
              "6, 7, 9, 10 og 11, det kommunens {care_fte} årsverk i 2023 omfatter; hele trappa "
              "(trinn 4\u201312) vises ved siden av. For brukere uten en persona-pakke er "
              "timene lønnsandelen av trinnets kostnad (anslått for hvert trinn: lite i "
              "kommunalt disponerte boliger, det meste i hjemmetjenestene), ikke hele kostnaden.",
        "en": "FTE are the staff's hours divided by {hpf} hours per FTE; head count is FTE "
              "divided by an average position size of {pos}. Care (pleie og omsorg) is steps 6, "
              "7, 9, 10 and 11, what the municipality's {care_fte} FTE of 2023 cover; the whole "
              "staircase (steps 4\u201312) is shown beside it. For users without a persona "
              "package the hours are the wage share of the step's cost (estimated for each "
              "step: little in municipal rental housing, most in home care), not all of it.",
        "nn": "Årsverk er timane til personalet delte på {hpf} timar per årsverk; tilsette er "
              "årsverk delte på ein gjennomsnittleg stillingsstorleik på {pos}. «Pleie og omsorg» "
              "er trinn 6, 7, 9, 10 og 11, det dei {care_fte} årsverka i kommunen i 2023 "
              "omfattar; heile trappa (trinn 4\u201312) blir vist ved sida av. For brukarar "
              "utan ein persona-pakke er timane lønsdelen av kostnaden på trinnet (anslått for "
              "kvart trinn: lite i kommunalt disponerte bustader, det meste i heimetenestene), "
              "ikkje heile kostnaden.",
    },
    "rep.plain.capacity": {
        "nb": "Plasser: uten egne tall i scenarioet er det ingen grense for plasser på trinn "
              "9\u201312. Med et tak venter den som ikke får plass, på trinn 7 med "
              "hjemmesykepleie, og ventelistene vises i rapporten.",
        "en": "Places: without its own figures in the scenario there is no limit on places on "
              "steps 9\u201312. With a cap, whoever finds no place waits on step 7 with home "
              "nursing, and the waiting lists are shown in the report.",
        "nn": "Plassar: utan eigne tal i scenarioet er det inga grense for plassar på trinn "
              "9\u201312. Med eit tak ventar den som ikkje får plass, på trinn 7 med "
              "heimesjukepleie, og ventelistene blir viste i rapporten.",
    },
    "rep.plain.uncertainty.parameters": {
        "nb": "Usikkerhet: intervallene viser både den tilfeldige variasjonen mellom {n} "
              "simuleringer og usikkerheten i priser, i antall nye demenstilfeller, i "
              "overlevelsen med demens, i hvor lenge forløpene varer og i hvor mye tiltakene "
              "virker: hver simulering trekker disse verdiene innenfor et dokumentert spenn. "
              "Befolkningsframskrivingen er ikke trukket (se SSBs alternativer); den virkelige "
              "usikkerheten er større.",
        "en": "Uncertainty: the intervals show both the chance variation between {n} "
              "simulations and the uncertainty in prices, in the number of new dementia cases, "
              "in survival with dementia, in how long the pathways last and in how much the "
              "measures achieve: each simulation draws these values within a documented range. "
              "The population projection is not drawn (see SSB's alternatives); the real "
              "uncertainty is larger.",
        "nn": "Uvisse: intervalla viser både den tilfeldige variasjonen mellom {n} "
              "simuleringar og uvissa i prisar, i talet på nye demenstilfelle, i overlevinga "
              "med demens, i kor lenge forløpa varer og i kor mykje tiltaka verkar: kvar "
              "simulering trekkjer desse verdiane innanfor eit dokumentert spenn. "
              "Folketalsframskrivinga er ikkje trekt (sjå alternativa til SSB); den verkelege "
              "uvissa er større.",
    },
    "rep.plain.uncertainty": {
        "nb": "Usikkerhet: intervallene viser bare den tilfeldige variasjonen mellom {n} "
              "simuleringer med de samme forutsetningene. Usikkerhet i priser, i antall nye "
              "demenstilfeller, i hvor lenge forløpene varer og i befolkningsframskrivingen er "
              "ikke med; den virkelige usikkerheten er større.",
        "en": "Uncertainty: the intervals show only the chance variation between {n} simulations "
              "with the same assumptions. Uncertainty in prices, in the number of new dementia "
              "cases, in how long the pathways last and in the population projection is left out; "
              "the real uncertainty is larger.",
        "nn": "Uvisse: intervalla viser berre den tilfeldige variasjonen mellom {n} simuleringar "
              "med dei same føresetnadene. Uvisse i prisar, i talet på nye demenstilfelle, i kor "
              "lenge forløpa varer og i folketalsframskrivinga er ikkje med; den verkelege uvissa "
              "er større.",
    },
    "rep.plain.not_included": {
        "nb": "Nåverdien bruker {rate} realrente ({source}). Ikke med: kostnader "
              "utenfor kommunen (spesialisthelsetjenesten, innsatsen til pårørende), endringer i "
              "bemanningsnormer og investeringer i bygg.",
        "en": "The present value uses {rate} real ({source}). Left out: costs outside "
              "the municipality (specialist health services, the work of relatives), changes in "
              "staffing norms and investments in buildings.",
        "nn": "Noverdien bruker {rate} realrente ({source}). Ikkje med: kostnader "
              "utanfor kommunen (spesialisthelsetenesta, innsatsen til pårørande), endringar i "
              "bemanningsnormer og investeringar i bygg.",
    },
    # The reconciliation with the seeds (results/report_reconcile.py).
    "rep.r.title": {
        "nb": "Avstemming mot kildene",
        "en": "Reconciliation with the sources",
        "nn": "Avstemming mot kjeldene",
    },
    "rep.r.lead": {
        "nb": "Kildenes egne tall (kildedokument 000 og 001) ved siden av trappas, med grunnen "
              "til at de skiller seg.",
        "en": "The sources' own figures (source documents 000 and 001) beside trappa's, with the "
              "reason they differ.",
        "nn": "Dei eigne tala til kjeldene (kjeldedokument 000 og 001) ved sida av tala til "
              "trappa, med grunnen til at dei skil seg.",
    },
    "rep.r.col.what": {"nb": "Hva", "en": "What", "nn": "Kva"},
    "rep.r.col.seed": {"nb": "Kildene", "en": "Sources", "nn": "Kjeldene"},
    "rep.r.col.model": {"nb": "trappa", "en": "trappa", "nn": "trappa"},
    "rep.r.col.why": {
        "nb": "Hvorfor de skiller seg",
        "en": "Why they differ",
        "nn": "Kvifor dei skil seg",
    },
    "rep.r.johs": {
        "nb": "Johs, {pathway}, kostnad over hele forløpet",
        "en": "Johs, {pathway}, cost over the whole pathway",
        "nn": "Johs, {pathway}, kostnad over heile forløpet",
    },
    "rep.r.why.johs": {
        "nb": "trappa regner hver rad fra kalkulatorens enhetspriser; kilden avrunder radene "
              "({pct}\u00a0%).",
        "en": "trappa costs each row from the calculator's unit prices; the source rounds its "
              "rows ({pct}%).",
        "nn": "trappa reknar kvar rad frå einingsprisane i kalkulatoren; kjelda rundar av radene "
              "({pct}\u00a0%).",
    },
    "rep.r.mnok_year": {"nb": "mill kr/år", "en": "mill NOK/yr", "nn": "mill kr/år"},
    "rep.r.scaled": {
        "nb": "{n} personer med demens, normalforløp \u2192 {pathway}, per år",
        "en": "{n} people with dementia, normal \u2192 {pathway}, per year",
        "nn": "{n} personar med demens, normalforløp \u2192 {pathway}, per år",
    },
    "rep.r.why.steady": {
        "nb": "trappa deler forskjellen over hele forløpet på forløpets {years} år (stabil "
              "tilstand); kildenes tall svarer til å dele på om lag {implied} år.",
        "en": "trappa spreads the whole-pathway difference over the pathway's {years} years "
              "(steady state); the sources' figures correspond to a divisor of about {implied} "
              "years.",
        "nn": "trappa deler skilnaden over heile forløpet på dei {years} åra i forløpet (stabil "
              "tilstand); tala i kjeldene svarer til å dele på om lag {implied} år.",
    },
    "rep.r.simulated": {
        "nb": "Simulert: demensgruppens kostnad, «{scenario}» mot referansen, {year}",
        "en": "Simulated: the dementia group's cost, '{scenario}' vs the reference, {year}",
        "nn": "Simulert: kostnaden for demensgruppa, «{scenario}» mot referansen, {year}",
    },
    "rep.r.why.simulated": {
        "nb": "Simuleringen fases inn gjennom nye og eksisterende tilfeller, hvert med sin egen "
              "levetid, og antallet med demens vokser mot {year}: ikke en stabil tilstand.",
        "en": "The simulation phases the change in through new and existing cases, each with its "
              "own lifetime, and the number with dementia grows towards {year}: not a steady "
              "state.",
        "nn": "Simuleringa fasar endringa inn gjennom nye og eksisterande tilfelle, kvart med si "
              "eiga levetid, og talet med demens veks mot {year}: ikkje ein stabil tilstand.",
    },
    # Charts.
    "rep.fte_source_mark": {
        "nb": "{fte} årsverk i {year} (kilde)",
        "en": "{fte} FTE in {year} (source)",
        "nn": "{fte} årsverk i {year} (kjelde)",
    },
    "rep.fte_care_panel": {
        "nb": "Pleie og omsorg (trinn 6, 7, 9, 10, 11)",
        "en": "Care (steps 6, 7, 9, 10, 11)",
        "nn": "Pleie og omsorg (trinn 6, 7, 9, 10, 11)",
    },
    "rep.fte_staircase_panel": {
        "nb": "Hele trappa (trinn 4\u201312)",
        "en": "Whole staircase (steps 4\u201312)",
        "nn": "Heile trappa (trinn 4\u201312)",
    },
    "rep.waiting_axis": {
        "nb": "Personer på venteliste 31.12.",
        "en": "Persons waiting on 31 Dec",
        "nn": "Personar på venteliste 31.12.",
    },
    "rep.waiting_title": {
        "nb": "Ventelister: personer som venter på plass",
        "en": "Waiting lists: persons waiting for a place",
        "nn": "Ventelister: personar som ventar på plass",
    },
    "rep.waiting_places": {
        "nb": "trinn {trinn}: {places} plasser",
        "en": "step {trinn}: {places} places",
        "nn": "trinn {trinn}: {places} plassar",
    },
    "rep.waiting_note": {
        "nb": "Den som ikke får plass, venter på trinn 7 med hjemmesykepleie. Plasser fra året i "
              "parentes: {places}.",
        "en": "Whoever finds no place waits on step 7 with home nursing. Places from the year in "
              "brackets: {places}.",
        "nn": "Den som ikkje får plass, ventar på trinn 7 med heimesjukepleie. Plassar frå året i "
              "parentes: {places}.",
    },
    # Workbook.
    "xl.d_fte_staircase": {
        "nb": "Δ årsverk (hele trappa, trinn 4\u201312)",
        "en": "Δ FTE (whole staircase, steps 4\u201312)",
        "nn": "Δ årsverk (heile trappa, trinn 4\u201312)",
    },
    "xl.care_fte_total": {
        "nb": "Pleie og omsorg i alt",
        "en": "Care in total",
        "nn": "Pleie og omsorg i alt",
    },
    # Facts, units and provenance (results/provenance.py).
    "fact.discount_rate": {
        "nb": "Kalkulasjonsrente (realrente)",
        "en": "Discount rate (real)",
        "nn": "Kalkulasjonsrente (realrente)",
    },
    "rep.discount_source": {
        "nb": "Finansdepartementet, rundskriv R-109/2021",
        "en": "Ministry of Finance, circular R-109/2021",
        "nn": "Finansdepartementet, rundskriv R-109/2021",
    },
    "metric.cost_nok": {"nb": "Kostnad", "en": "Cost", "nn": "Kostnad"},
    "metric.staff_hours": {"nb": "Personinnsats", "en": "Staff hours", "nn": "Personalinnsats"},
    "metric.fte": {"nb": "Årsverk", "en": "FTE", "nn": "Årsverk"},
    "metric.head_count": {"nb": "Ansatte", "en": "Head count", "nn": "Tilsette"},
    "metric.recipients": {"nb": "Mottakere", "en": "Recipients", "nn": "Mottakarar"},
    "metric.persons": {"nb": "Innbyggere", "en": "Inhabitants", "nn": "Innbyggjarar"},
    "unit.cost_nok": {
        "nb": "kroner i faste {price_year}-priser (kalkulatorens priser fra november 2023 x "
              "{index})",
        "en": "NOK in fixed {price_year} prices (the calculator's prices of November 2023 x "
              "{index})",
        "nn": "kroner i faste {price_year}-prisar (prisane i kalkulatoren frå november 2023 x "
              "{index})",
    },
    "unit.staff_hours": {
        "nb": "betalte timer for personalet per år",
        "en": "paid staff hours per year",
        "nn": "betalte timar for personalet per år",
    },
    "unit.fte": {
        "nb": "personinnsats / {hpf} timer per årsverk",
        "en": "staff hours / {hpf} hours per FTE",
        "nn": "personalinnsats / {hpf} timar per årsverk",
    },
    "unit.head_count": {
        "nb": "årsverk / {pos} gjennomsnittlig stillingsstørrelse",
        "en": "FTE / {pos} average position size",
        "nn": "årsverk / {pos} gjennomsnittleg stillingsstorleik",
    },
    "unit.recipients": {
        "nb": "personer plassert på trinnet 31. desember",
        "en": "persons placed in the step on 31 December",
        "nn": "personar plasserte på trinnet 31. desember",
    },
    "unit.persons": {
        "nb": "innbyggere 1. januar",
        "en": "inhabitants on 1 January",
        "nn": "innbyggjarar 1. januar",
    },
    "prov.seed": {
        "nb": "Fra kildedokumentene",
        "en": "From the source documents",
        "nn": "Frå kjeldedokumenta",
    },
    "prov.derived": {"nb": "Utledet", "en": "Derived", "nn": "Utleidd"},
    "prov.assumption": {"nb": "Antakelse", "en": "Assumption", "nn": "Føresetnad"},
    "prov.other": {"nb": "Annen kilde", "en": "Other source", "nn": "Anna kjelde"},
    "prov.documents": {
        "nb": "(kildedokument {numbers})",
        "en": "(source document {numbers})",
        "nn": "(kjeldedokument {numbers})",
    },
    "prov.reasoning_in": {
        "nb": "\u2013 utregningen og begrunnelsen står på engelsk i {file}",
        "en": "\u2013 the working and the reasons are in {file}",
        "nn": "\u2013 utrekninga og grunngjevinga står på engelsk i {file}",
    },
    # Parameters of the data files (parameters.toml): name and unit, for Norwegian reports.
    "param.hours_per_fte": {
        "nb": "Timer per årsverk",
        "en": "Hours per FTE",
        "nn": "Timar per årsverk",
    },
    "param_unit.hours_per_fte": {
        "nb": "timer per år",
        "en": "staff hours per FTE per year",
        "nn": "timar per år",
    },
    "param.position_size": {
        "nb": "Gjennomsnittlig stillingsstørrelse",
        "en": "Average position size",
        "nn": "Gjennomsnittleg stillingsstorleik",
    },
    "param_unit.position_size": {
        "nb": "årsverk per ansatt",
        "en": "FTE per employee",
        "nn": "årsverk per tilsett",
    },
    "param.weeks_per_year": {"nb": "Uker per år", "en": "Weeks per year", "nn": "Veker per år"},
    "param_unit.weeks_per_year": {"nb": "uker", "en": "weeks", "nn": "veker"},
    "param.care_fte_2023": {
        "nb": "Årsverk i pleie og omsorg 2023",
        "en": "Care FTE 2023",
        "nn": "Årsverk i pleie og omsorg 2023",
    },
    "param_unit.care_fte_2023": {"nb": "årsverk", "en": "FTE", "nn": "årsverk"},
    "param.dementia_prevalence_2024": {
        "nb": "Personer med demens 2024",
        "en": "People with dementia 2024",
        "nn": "Personar med demens 2024",
    },
    "param_unit.dementia_prevalence_2024": {
        "nb": "personer med antatt demensdiagnose",
        "en": "persons with an assumed dementia diagnosis",
        "nn": "personar med anteken demensdiagnose",
    },
    "param.day_centre_hours_per_day": {
        "nb": "Timer per dag i dagsenter og aktivitet",
        "en": "Hours per day-centre day",
        "nn": "Timar per dag i dagsenter og aktivitet",
    },
    "param_unit.day_centre_hours_per_day": {
        "nb": "timer per dag",
        "en": "hours per day",
        "nn": "timar per dag",
    },
    "param.reactive_close_followup_hours_per_week": {
        "nb": "Tett oppfølging hjemme, reaktivt forløp",
        "en": "Close follow-up at home, reactive pathway",
        "nn": "Tett oppfølging heime, reaktivt forløp",
    },
    "param_unit.reactive_close_followup_hours_per_week": {
        "nb": "timer hjemmesykepleie per uke",
        "en": "home-nursing hours per week",
        "nn": "timar heimesjukepleie per veke",
    },
    "param.home_care_cost_per_fte": {
        "nb": "Kostnad per årsverk i hjemmetjenesten",
        "en": "Cost per FTE in home care",
        "nn": "Kostnad per årsverk i heimetenesta",
    },
    "param_unit.home_care_cost_per_fte": {
        "nb": "kr per årsverk per år",
        "en": "NOK per FTE per year",
        "nn": "kr per årsverk per år",
    },
    "param.persona_scaling_divisor_years": {
        "nb": "År et forløp fordeles over ved oppskalering",
        "en": "Years a pathway is spread over when scaling",
        "nn": "År eit forløp blir fordelt over ved oppskalering",
    },
    "param_unit.persona_scaling_divisor_years": {"nb": "år", "en": "years", "nn": "år"},
    "param.price_index_2024_per_2023": {
        "nb": "Prisindeks 2024 mot 2023",
        "en": "Price index 2024 / 2023",
        "nn": "Prisindeks 2024 mot 2023",
    },
    "param_unit.price_index_2024_per_2023": {
        "nb": "prisnivå 2024 / 2023",
        "en": "price level 2024 / 2023",
        "nn": "prisnivå 2024 / 2023",
    },
    "param.accounts_price_year": {
        "nb": "Prisår for regnskapet og alle kostnader",
        "en": "Price year of the accounts and all costs",
        "nn": "Prisår for rekneskapen og alle kostnader",
    },
    "param_unit.accounts_price_year": {"nb": "kalenderår", "en": "calendar year",
                                       "nn": "kalenderår"},
    "param.care_cost_per_fte_2024": {
        "nb": "Kostnad per årsverk i pleie og omsorg 2024",
        "en": "Cost per care FTE 2024",
        "nn": "Kostnad per årsverk i pleie og omsorg 2024",
    },
    "param_unit.care_cost_per_fte_2024": {
        "nb": "kr per årsverk per år (2024-priser)",
        "en": "NOK per FTE per year (2024 prices)",
        "nn": "kr per årsverk per år (2024-prisar)",
    },
    "param.dementia_stage_shape": {
        "nb": "Spredning i lengden på demensfasene",
        "en": "Spread of the dementia stages' lengths",
        "nn": "Spreiing i lengda på demensfasane",
    },
    "param_unit.dementia_stage_shape": {
        "nb": "formparameter i gammafordelingen",
        "en": "gamma shape",
        "nn": "formparameter i gammafordelinga",
    },
    "param.dementia_pathway_years": {
        "nb": "År i personaens forløp",
        "en": "Years of the persona pathway",
        "nn": "År i forløpet til personaen",
    },
    "param_unit.dementia_pathway_years": {"nb": "år", "en": "years", "nn": "år"},
    "param.interim_home_nursing_hours_per_week": {
        "nb": "Hjemmesykepleie mens en venter på plass",
        "en": "Home nursing while waiting for a place",
        "nn": "Heimesjukepleie medan ein ventar på plass",
    },
    "param_unit.interim_home_nursing_hours_per_week": {
        "nb": "timer per uke",
        "en": "hours per week",
        "nn": "timar per veke",
    },
    "param.lever_effect_scale": {
        "nb": "Skalering av tiltakenes virkning",
        "en": "Scale of the levers' effects",
        "nn": "Skalering av verknaden av tiltaka",
    },
    "param_unit.lever_effect_scale": {
        "nb": "multiplikator på hvert tiltaks andel (høyst 1)",
        "en": "multiplier on each lever's share (at most 1)",
        "nn": "multiplikator på delen til kvart tiltak (høgst 1)",
    },
    # The digital home-care zone (results/calc_view.py zone_renderable).
    "zone.source": {"nb": "Kilde", "en": "Source", "nn": "Kjelde"},
    "zone.traditional_cost": {
        "nb": "Tradisjonell tjeneste (kr/år)",
        "en": "Traditional service (NOK/yr)",
        "nn": "Tradisjonell teneste (kr/år)",
    },
    "zone.digital_staffing": {
        "nb": "Digital tjeneste, bemanning (kr/år)",
        "en": "Digital service, staffing (NOK/yr)",
        "nn": "Digital teneste, bemanning (kr/år)",
    },
    "zone.digital_running": {
        "nb": "Digital tjeneste, drift (kr/år)",
        "en": "Digital service, running cost (NOK/yr)",
        "nn": "Digital teneste, drift (kr/år)",
    },
    "zone.system_cost": {
        "nb": "Systemkostnad (kr/år)",
        "en": "System cost (NOK/yr)",
        "nn": "Systemkostnad (kr/år)",
    },
    "zone.net": {
        "nb": "Netto gevinst (kr/år)",
        "en": "Net gain (NOK/yr)",
        "nn": "Netto vinst (kr/år)",
    },
    "zone.hours_moved": {
        "nb": "Timer flyttet per uke",
        "en": "Hours moved per week",
        "nn": "Timar flytta per veke",
    },
    "zone.fte_freed": {"nb": "Årsverk frigjort", "en": "FTE freed", "nn": "Årsverk frigjorde"},
    "zone.fte_method": {
        "nb": "Årsverk frigjort = (tradisjonell kostnad \u2013 digital bemanningskostnad) / "
              "kostnad per årsverk i hjemmetjenesten ({cost} kr, parameters.toml)",
        "en": "FTE freed = (traditional cost \u2013 digital staffing cost) / home-care cost per "
              "FTE ({cost} NOK, parameters.toml)",
        "nn": "Årsverk frigjorde = (tradisjonell kostnad \u2013 digital bemanningskostnad) / "
              "kostnad per årsverk i heimetenesta ({cost} kr, parameters.toml)",
    },
    # --- the demographic envelope (compare --projections) ---
    "env.title": {
        "nb": "Befolkningsframskrivingens betydning: SSBs alternativer {alts}",
        "en": "What the population projection does: SSB's alternatives {alts}",
        "nn": "Kva befolkningsframskrivinga gjer: SSB sine alternativ {alts}",
    },
    "env.caption": {
        "nb": "Hovedalternativ {main}: gjennomsnitt [90 % Monte Carlo-intervall]. Spenn: "
              "gjennomsnittet under hvert alternativ, lavest og høyest, med samme tilfeldige "
              "tall (felles tilfeldige tall).",
        "en": "Main alternative {main}: mean [90 % Monte Carlo interval]. Range: the mean "
              "under each alternative, lowest and highest, with the same random numbers "
              "(common random numbers).",
        "nn": "Hovudalternativ {main}: gjennomsnitt [90 % Monte Carlo-intervall]. Spenn: "
              "gjennomsnittet under kvart alternativ, lågast og høgast, med dei same "
              "tilfeldige tala (felles tilfeldige tal).",
    },
    "env.approx": {
        "nb": "{alts}: tilnærming (hovedalternativet ganget med landets forhold mellom "
              "alternativene), til kommunens egen tabell 14288 er importert.",
        "en": "{alts}: approximation (the main alternative times the national ratio between "
              "the alternatives), until the municipality's own table 14288 is imported.",
        "nn": "{alts}: tilnærming (hovudalternativet gonga med landet sitt forhold mellom "
              "alternativa), til kommunen sin eigen tabell 14288 er importert.",
    },
    "env.measure": {"nb": "Mål", "en": "Measure", "nn": "Mål"},
    "env.main": {"nb": "{main} [90 %]", "en": "{main} [90 %]", "nn": "{main} [90 %]"},
    "env.band": {"nb": "Spenn mellom alternativene", "en": "Range across alternatives",
                 "nn": "Spenn mellom alternativa"},
    "env.m.persons_80plus": {"nb": "Innbyggere 80+", "en": "Inhabitants 80+",
                             "nn": "Innbyggjarar 80+"},
    "env.m.cost_care": {"nb": "Kostnad pleie og omsorg (mill kr)",
                        "en": "Cost, pleie og omsorg (mill NOK)",
                        "nn": "Kostnad pleie og omsorg (mill kr)"},
    "env.m.fte_care": {"nb": "Årsverk pleie og omsorg", "en": "FTE, pleie og omsorg",
                       "nn": "Årsverk pleie og omsorg"},
    "env.m.d_cost": {"nb": "Endring i kostnad mot referansen (mill kr)",
                     "en": "Change in cost vs the reference (mill NOK)",
                     "nn": "Endring i kostnad mot referansen (mill kr)"},
    "env.m.d_fte": {"nb": "Endring i årsverk pleie og omsorg",
                    "en": "Change in FTE, pleie og omsorg",
                    "nn": "Endring i årsverk pleie og omsorg"},
    "env.report": {"nb": "Rapport for framskrivingsalternativene (PDF)",
                   "en": "Report on the projection alternatives (PDF)",
                   "nn": "Rapport for framskrivingsalternativa (PDF)"},
    "env.fig.title": {"nb": "{scenario}: {measure}", "en": "{scenario}: {measure}",
                      "nn": "{scenario}: {measure}"},
    "env.fig.mc": {"nb": "{main}, 90 % Monte Carlo-intervall",
                   "en": "{main}, 90 % Monte Carlo interval",
                   "nn": "{main}, 90 % Monte Carlo-intervall"},
    "env.fig.prices": {"nb": "Faste {price_year}-priser. Kilde: SSB tabell 14288; trappa.",
                       "en": "Fixed {price_year} prices. Source: SSB table 14288; trappa.",
                       "nn": "Faste {price_year}-prisar. Kjelde: SSB tabell 14288; trappa."},
}


#: Nynorsk names of the trinn, keyed by the bokmål name in the data files (trinn.csv has
#: name_nb and name_en only); a trinn not listed keeps its bokmål name.
TRINN_NAMES_NN: dict[str, str] = {
    "Attraktiv og inkluderende kommune": "Attraktiv og inkluderande kommune",
    "Helsefremmende hverdagsliv": "Helsefremjande kvardagsliv",
    "Helsefremmende og forebyggende tjenester": "Helsefremjande og førebyggjande tenester",
    "Meningsfull og inkluderende hverdag": "Meiningsfull og inkluderande kvardag",
    "Kommunalt disponerte boliger": "Kommunalt disponerte bustader",
    "Leve godt i eget hjem": "Leve godt i eigen heim",
    "Helsehjelp til hjemmeboende": "Helsehjelp til heimebuande",
    "Samlokaliserte boliger uten personalbase": "Samlokaliserte bustader utan personalbase",
    "Tidsbegrenset opphold": "Tidsavgrensa opphald",
    "Boliger med mulighet for døgntjenester": "Bustader med moglegheit for døgntenester",
    "Langtidsopphold i sykehjem og helsehus": "Langtidsopphald i sjukeheim og helsehus",
    "Spesialiserte plasser": "Spesialiserte plassar",
}


def is_norwegian(lang: str) -> bool:
    """Whether ``lang`` is a Norwegian written standard (bokmål or nynorsk): decimal comma,
    a space before %, semicolons between interval ends."""
    return lang in ("nb", "nn")


def scenario_title(name: str, lang: str,
                   titles: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """Return a scenario's display name in ``lang`` from ``titles`` (name -> {lang: title}),
    falling back to the name itself."""
    return (titles or {}).get(name, {}).get(lang) or name


def label(key: str, lang: str = "nb", **fmt: object) -> str:
    """Return the label ``key`` in ``lang``, formatted with ``fmt``.

    Raises
    ------
    KeyError
        For an unknown key; ValueError for an unknown language.
    """
    if lang not in LANGS:
        raise ValueError(f"unknown language '{lang}' (use {', '.join(LANGS)})")
    text = _LABELS[key][lang]
    return text.format(**fmt) if fmt else text


def number(value: float, decimals: int = 0, lang: str = "nb") -> str:
    """Format a number with a thin grouping space (nb, nn: '1 234,5'; en: '1,234.5')."""
    text = f"{value:,.{decimals}f}"
    if is_norwegian(lang):
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text
