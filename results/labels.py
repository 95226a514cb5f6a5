"""Every user-facing label, in Norwegian bokmål (default) and English: one place, no strings in plotting code."""

from __future__ import annotations

LANGS = ("nb", "en")

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
    "persona_title": {"nb": "Personas {persona}: tre forløp (årskostnad og personinnsats per alder)",
                      "en": "Persona {persona}: three pathways (annual cost and staff hours by age)"},
    "scaling_title": {"nb": "Skalert til {persons} personer med demens",
                      "en": "Scaled to {persons} people with dementia"},
    "yearly_cost_mnok": {"nb": "Årlig kostnad (mill kr)", "en": "Yearly cost (mill NOK)"},
    "diff_vs": {"nb": "Endring mot {base} (mill kr/år)", "en": "Difference vs {base} (mill NOK/yr)"},
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
