"""A scenario's levers in words, for the report: what the strategy does, how much, for
whom, from when and how fast (the phase-in).

Read from run.json's scenario record (`results.report_facts.ScenarioFacts`): the dementia
pathways (against the reference), the places per trinn, and each ``[[interventions]]``
lever with its size, target, start year and ramp (the share of the full effect by year).
The app's strategy is such a record too, so its report lists the levers it was run with.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from results import formatting
from results.formatting import percent
from results.labels import label, number
from results.report_facts import ScenarioFacts
from results.report_text import _mix_text, _schedule, strategy_phrase


def _group(name: str, lang: str) -> str:
    try:
        return label(f"rep.group.{name}", lang)
    except KeyError:
        return name


def _ramp(iv: Mapping[str, Any], lang: str) -> str:
    """The phase-in: "2026: 33 %, 2028: 67 %, 2030: 100 %"."""
    steps = sorted((int(y), float(v)) for y, v in (iv.get("ramp") or {}).items())
    return ", ".join(f"{formatting.year(y)}: {percent(v, 0, lang)}" for y, v in steps)


def _size(iv: Mapping[str, Any], lang: str) -> str:
    kind = str(iv.get("kind"))
    if kind == "reduce_small_decisions":
        return label("rep.lever.size.band", lang, pct=percent(float(iv["fraction"]), 0, lang),
                     band=str(iv.get("band", "")))
    if kind == "digital_home_care":
        shares = "; ".join(f"{b}: {percent(float(v), 0, lang)}"
                           for b, v in sorted((iv.get("shares") or {}).items()))
        return label("rep.lever.size.digital", lang, shares=shares)
    if kind == "pathway_mix":
        return ""
    return label("rep.lever.size.share", lang, pct=percent(float(iv.get("share", 0)), 0, lang))


def intervention_text(iv: Mapping[str, Any], lang: str) -> str:
    """One lever in a sentence: its name, size, whom it reaches, start year and phase-in."""
    kind = str(iv.get("kind"))
    try:
        name = label(f"app.lever.{kind}", lang)
    except KeyError:
        name = kind
    groups = ", ".join(_group(str(g), lang) for g in iv.get("groups") or ())
    if kind == "pathway_mix":
        parts = []
        if iv.get("existing_cases"):
            parts.append(label("rep.lever.existing", lang,
                               mix=_mix_text(iv["existing_cases"], lang)))
        for year, mix in sorted((iv.get("new_cases") or {}).items()):
            parts.append(label("rep.lever.new", lang, year=int(year), mix=_mix_text(mix, lang)))
        return f"{label('rep.lever.pathways', lang, groups=groups)}: {'; '.join(parts)}"
    ages = list(iv.get("ages") or [])
    who = (label("rep.lever.who", lang, groups=groups, lo=int(ages[0]), hi=int(ages[1]))
           if len(ages) == 2 else groups)
    return label("rep.lever.item", lang, name=name, size=_size(iv, lang), who=who,
                 start=int(iv.get("start_year", 0)), ramp=_ramp(iv, lang))


def lever_texts(s: ScenarioFacts, reference: ScenarioFacts, lang: str) -> list[str]:
    """Every lever of scenario ``s`` in words (empty: it is the reference as it stands)."""
    out = []
    if _schedule(s) != _schedule(reference):
        out.append(strategy_phrase(s, reference, lang))
    for trinn, steps in sorted(s.capacity.items(), key=lambda kv: int(kv[0])):
        places = ", ".join(f"{formatting.year(int(y))}: {number(float(n), 0, lang)}"
                           for y, n in sorted(steps.items()))
        out.append(label("rep.lever.capacity", lang, trinn=int(trinn), places=places))
    out += [intervention_text(iv, lang) for iv in s.interventions]
    return out


__all__ = ["intervention_text", "lever_texts"]
