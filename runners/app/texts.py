"""The web app's labels, Norwegian bokmål (default) and English.

Kept apart from `results.labels` (which the report branch is extending) so the two never
conflict; labels the CLI and the report already have are taken from there (`results_label`).
"""

from __future__ import annotations

from results.labels import label as results_label
from results.labels import number

__all__ = ["LANGS", "number", "results_label", "t"]

LANGS = ("nb", "en")

_TEXTS: dict[str, dict[str, str]] = {
    "title": {"nb": "trappa: strategier for innsatstrappa",
              "en": "trappa: strategies for the care staircase"},
    "intro": {"nb": "Velg kommune og referansescenario, bygg en strategi med spakene, og kjør. "
                    "Referansen kjøres én gang og lagres; en endret spak kjører bare strategien, "
                    "med de samme tilfeldige tallene (parvis sammenligning).",
              "en": "Choose the municipality and the reference scenario, build a strategy with "
                    "the levers, and run. The reference runs once and is cached; a changed lever "
                    "runs only the strategy, with the same random numbers (paired comparison)."},
    "english": {"nb": "English", "en": "English"},
    "municipality": {"nb": "Kommune", "en": "Municipality"},
    "reference": {"nb": "Referansescenario", "en": "Reference scenario"},
    "strategy_name": {"nb": "Navn på strategien", "en": "Name of the strategy"},
    "strategy_default": {"nb": "strategi", "en": "strategy"},
    "settings": {"nb": "Kjøring", "en": "Run"},
    "replications": {"nb": "Replikasjoner", "en": "Replications"},
    "seed": {"nb": "Frø (seed)", "en": "Seed"},
    "end_year": {"nb": "Siste år", "en": "Last year"},
    "levers": {"nb": "Spaker", "en": "Levers"},
    "upload": {"nb": "Last inn strategi fra scenariofil (TOML)",
               "en": "Load a strategy from a scenario file (TOML)"},
    "upload_done": {"nb": "Spakene er satt fra {name}.", "en": "The levers are set from {name}."},
    "lever.existing": {"nb": "Demens: eksisterende tilfeller (forløp fra startåret)",
                       "en": "Dementia: existing cases (pathway from the start year)"},
    "lever.new": {"nb": "Demens: nye tilfeller (forløp fra et år, med innfasing)",
                  "en": "Dementia: new cases (pathway from a year, phased in)"},
    "lever.proactive_pct": {"nb": "Proaktivt forløp (%)", "en": "Proactive pathway (%)"},
    "lever.reactive_pct": {"nb": "Reaktivt forløp (%)", "en": "Reactive pathway (%)"},
    "lever.normal_rest": {"nb": "Normalforløp: {pct} % (resten)",
                          "en": "Normal pathway: {pct} % (the rest)"},
    "lever.from_year": {"nb": "Fra år", "en": "From year"},
    "lever.ramp": {"nb": "Innfasing (år; 0 = straks)", "en": "Phase-in (years; 0 = at once)"},
    "lever.capacity": {"nb": "Plasser på trinn {trinn}", "en": "Places on step {trinn}"},
    "lever.cap_on": {"nb": "Begrens plassene på trinn {trinn}",
                     "en": "Limit the places on step {trinn}"},
    "lever.cap_year": {"nb": "Fra år", "en": "From year"},
    "lever.cap_places": {"nb": "Plasser", "en": "Places"},
    "lever.cap_on2": {"nb": "Endring senere", "en": "Change later"},
    "lever.cap_year2": {"nb": "Endring fra år", "en": "Change from year"},
    "lever.reduce_small_decisions": {"nb": "Færre små vedtak i hjemmetjenesten",
                                     "en": "Fewer small home-care decisions"},
    "lever.reduce_small_decisions.on": {"nb": "Kutt timer i små vedtak",
                                        "en": "Cut the hours of small decisions"},
    "lever.band": {"nb": "Vedtaksstørrelse (timer per uke)",
                   "en": "Decision size (hours a week)"},
    "lever.fraction": {"nb": "Andel av timene i båndet som kuttes (%)",
                       "en": "Share of the band's hours cut (%)"},
    "lever.digital_home_care": {"nb": "Digital hjemmetjenestesone",
                                "en": "Digital home-care zone"},
    "lever.digital_home_care.on": {"nb": "Lever en andel av vedtakstimene digitalt",
                                   "en": "Deliver a share of the decision hours digitally"},
    "lever.digital_shares": {"nb": "Andel av vedtakstimene som leveres digitalt, per "
                                   "vedtaksstørrelse",
                             "en": "Share of the decision hours delivered digitally, by "
                                   "decision size"},
    "lever.band_share": {"nb": "{band} timer/uke (%)", "en": "{band} hours/week (%)"},
    "lever.housing_profile": {"nb": "Boligprofil: aldersvennlige boliger (67+)",
                              "en": "Housing profile: age-friendly dwellings (67+)"},
    "lever.housing_profile.on": {"nb": "Aldersvennlig bolig i stedet for trinn 10\u201311",
                                 "en": "An age-friendly dwelling instead of steps 10\u201311"},
    "lever.housing_share": {"nb": "Andel av dem 67+ som ville flyttet til trinn 10 eller 11 "
                                  "og bor i aldersvennlig bolig i stedet (%)",
                            "en": "Share of those 67+ entering step 10 or 11 who live in an "
                                  "age-friendly dwelling instead (%)"},
    "lever.reablement": {"nb": "Hverdagsrehabilitering", "en": "Reablement"},
    "lever.reablement.on": {"nb": "Tilby hverdagsrehabilitering",
                            "en": "Offer reablement"},
    "lever.reablement_share": {"nb": "Andel av nye tilfeller blant skrøpelige eldre (%)",
                               "en": "Share of new frail elderly cases (%)"},
    "lever.start_year": {"nb": "Fra år", "en": "From year"},
    "lever.steps": {"nb": "Innfasing i trinn (1 = straks)",
                    "en": "Phase-in steps (1 = at once)"},
    "lever.gap": {"nb": "År mellom trinnene", "en": "Years between steps"},
    "housing": {"nb": "Boligtrappa for innbyggere 67+ i {years} (31.12.)",
                "en": "The housing staircase of inhabitants 67+ in {years} (31 Dec)"},
    "housing_step": {"nb": "Boligtrinn", "en": "Housing step"},
    "housing_persons": {"nb": "Personer 67+", "en": "Persons 67+"},
    "housing_dwellings": {"nb": "Boliger og plasser i bruk", "en": "Dwellings and places used"},
    "step.ordinary": {"nb": "Ordinær bolig", "en": "Ordinary dwelling"},
    "step.age_friendly": {"nb": "Aldersvennlig bolig (trinn 8)",
                          "en": "Age-friendly dwelling (step 8)"},
    "step.short_stay": {"nb": "Korttidsopphold (trinn 9)", "en": "Short stay (step 9)"},
    "step.staffed_housing": {"nb": "Bolig med heldøgns tjenester (trinn 10)",
                             "en": "Housing with 24-hour services (step 10)"},
    "step.institution": {"nb": "Institusjon (trinn 11\u201312)",
                         "en": "Institution (steps 11\u201312)"},
    "run": {"nb": "Kjør", "en": "Run"},
    "cancel": {"nb": "Avbryt", "en": "Cancel"},
    "phase.reference": {"nb": "Referansen: {done} av {total} replikasjoner",
                        "en": "Reference: {done} of {total} replications"},
    "phase.strategy": {"nb": "Strategien: {done} av {total} replikasjoner",
                       "en": "Strategy: {done} of {total} replications"},
    "phase.starting": {"nb": "Starter arbeidsprosessene ...", "en": "Starting the workers ..."},
    "cancelled": {"nb": "Kjøringen ble avbrutt; ferdige replikasjoner er lagret.",
                  "en": "The run was cancelled; finished replications are kept."},
    "failed": {"nb": "Feil", "en": "Error"},
    "rough": {"nb": "Bare {n} replikasjoner: intervallene er grove (bruk minst 20).",
              "en": "Only {n} replications: the intervals are rough (use at least 20)."},
    "results_for": {"nb": "{strategy} mot {reference}, {n} replikasjoner, frø {seed}",
                    "en": "{strategy} vs {reference}, {n} replications, seed {seed}"},
    "ran_in": {"nb": "Kjørt på {seconds:.1f} s.", "en": "Ran in {seconds:.1f} s."},
    "units": {"nb": "Kostnader i mill kr, faste {year}-priser. Årsverk = timer / {hpf:g}; "
                    "ansatte = årsverk / {pos:.0%} stillingsstørrelse. Intervall: 90 % "
                    "(5.\u201395. persentil av parvise forskjeller, felles tilfeldige tall).",
              "en": "Cost in mill NOK, fixed {year} prices. FTE = hours / {hpf:g}; head count "
                    "= FTE / {pos:.0%} position size. Band: 90 % (5th\u201395th percentile of "
                    "paired differences, common random numbers)."},
    "m.cost": {"nb": "Δ kostnad, alle trinn (mill kr/år, {year}-priser)",
               "en": "Δ cost, all steps (mill NOK/yr, {year} prices)"},
    "m.fte_care": {"nb": "Δ årsverk, pleie og omsorg (trinn 6, 7, 9, 10, 11)",
                   "en": "Δ FTE, care (steps 6, 7, 9, 10, 11)"},
    "m.fte_stair": {"nb": "Δ årsverk, hele trappa (trinn 4\u201312)",
                    "en": "Δ FTE, whole staircase (steps 4\u201312)"},
    "m.head": {"nb": "Δ ansatte, hele trappa (trinn 4\u201312, personer)",
               "en": "Δ head count, whole staircase (steps 4\u201312, persons)"},
    "mean": {"nb": "Gjennomsnitt", "en": "Mean"},
    "p05": {"nb": "p05", "en": "p05"},
    "p95": {"nb": "p95", "en": "p95"},
    "in_year": {"nb": "{what} i {year}", "en": "{what} in {year}"},
    "band": {"nb": "90 %: {low} til {high}", "en": "90 %: {low} to {high}"},
    "deltas": {"nb": "Endring per år mot referansen", "en": "Change per year vs the reference"},
    "table": {"nb": "Tall per år", "en": "Figures per year"},
    "staircase": {"nb": "Trappa i {years}: mottakere 31.12. og kostnad (mill kr, {year}-priser)",
                  "en": "The staircase in {years}: recipients on 31 Dec and cost "
                        "(mill NOK, {year} prices)"},
    "recipients": {"nb": "Mottakere", "en": "Recipients"},
    "cost_mnok": {"nb": "Kostnad (mill kr)", "en": "Cost (mill NOK)"},
    "payback": {"nb": "Tilbakebetaling (mill kr, faste {year}-priser)",
                "en": "Payback (mill NOK, fixed {year} prices)"},
    "first_saving": {"nb": "Første år med innsparing", "en": "First year with a saving"},
    "turns": {"nb": "Tilbakebetalt (samlet balanse en varig innsparing fra)",
              "en": "Paid back (the cumulative balance a lasting saving from)"},
    "never": {"nb": "ingen innen {end}", "en": "none by {end}"},
    "cumulative": {"nb": "Samlet Δ kostnad {start}\u2013{end}",
                   "en": "Cumulative Δ cost {start}\u2013{end}"},
    "pv": {"nb": "Nåverdi av Δ kostnad, {pct:g} % realrente, diskontert til {base}",
           "en": "Present value of Δ cost, {pct:g} % real rate, discounted to {base}"},
    "saving_col": {"nb": "Δ kostnad (mill kr)", "en": "Δ cost (mill NOK)"},
    "cum_col": {"nb": "Samlet (mill kr)", "en": "Cumulative (mill NOK)"},
    "waiting": {"nb": "Ventelister 31.12. (personer) der plassene er begrenset",
                "en": "Waiting lists on 31 Dec (persons) where places are limited"},
    "downloads": {"nb": "Til kommunestyret", "en": "For the council"},
    "make_report": {"nb": "Lag Excel og PDF", "en": "Make Excel and PDF"},
    "xlsx": {"nb": "Last ned Excel-arbeidsboka", "en": "Download the Excel workbook"},
    "pdf": {"nb": "Last ned PDF-rapporten", "en": "Download the PDF report"},
    "parquet": {"nb": "Last ned Parquet-dataene (zip)", "en": "Download the Parquet data (zip)"},
    "save": {"nb": "Lagre strategien som scenariofil",
             "en": "Save the strategy as a scenario file"},
    "cli_hint": {"nb": "Kjøres med: trappa compare {ref} {file} --seed {seed} --runs {n}",
                 "en": "Run it with: trappa compare {ref} {file} --seed {seed} --runs {n}"},
    "desc": {"nb": "Strategi laget i trappa app mot {ref}", "en": "Strategy made in trappa app "
                                                                 "against {ref}"},
    "scenario": {"nb": "Scenario", "en": "Scenario"},
    "year": {"nb": "År", "en": "Year"},
    "trinn": {"nb": "Trinn", "en": "Step"},
    "no_run": {"nb": "Ingen resultater ennå: trykk «Kjør».",
               "en": "No results yet: press 'Run'."},
    "stale": {"nb": "Spakene er endret siden kjøringen: resultatene under gjelder forrige "
                    "strategi.",
              "en": "The levers changed since the run: the results below are the previous "
                    "strategy's."},
}


def t(key: str, lang: str = "nb", **fmt: object) -> str:
    """Return the app label ``key`` in ``lang`` (bokmål by default), formatted."""
    entry = _TEXTS[key]
    text = entry.get(lang, entry["nb"])
    return text.format(**fmt) if fmt else text
