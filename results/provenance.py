"""Where a number comes from, in the report's language.

The data files state each parameter's unit and source in English (the code's language):
``"seed 000, boligprofil slide: '...'"``, ``"derived: how"``, ``"assumption: why"``. An
English report shows them as they stand. A Norwegian report shows the parameter's name
and unit from ``results.labels`` and the kind of source in Norwegian, with the seeds' own
quoted words (Norwegian already); the English reasoning stays in the data file, which the
line names.
"""

from __future__ import annotations

import re

from models.parameters import Parameter
from results.labels import label

#: Kinds of source, by how the data files' source texts begin.
KINDS: tuple[str, ...] = ("seed", "derived", "assumption", "other")


def source_kind(source: str) -> str:
    """Return the kind of a data file's source text: seed, derived, assumption or other."""
    text = source.strip().lower()
    if text.startswith("seed"):
        return "seed"
    if text.startswith("derived"):
        return "derived"
    if text.startswith("assumption"):
        return "assumption"
    return "other"


def _quotes(source: str) -> list[str]:
    return re.findall(r"'([^']+)'", source)


def _seed_files(source: str) -> list[str]:
    return re.findall(r"seed (\d{3})", source)


def source_text(source: str, lang: str, file: str = "") -> str:
    """Return a data file's source text in report language ``lang``.

    English: the text itself. Norwegian: the kind (from the source documents, derived,
    assumption), the source documents named and their quoted words, and where the full
    reasoning is written (``file``).
    """
    if lang == "en":
        return source
    kind = source_kind(source)
    text = label(f"prov.{kind}", lang)
    seeds = _seed_files(source)
    if seeds:
        text += " " + label("prov.documents", lang, numbers=", ".join(seeds))
    quotes = _quotes(source)
    if quotes and kind == "seed":
        text += ": " + "; ".join(f"«{q}»" for q in quotes)
    if kind != "seed" and file:
        text += " " + label("prov.reasoning_in", lang, file=file)
    return text


def parameter_name(p: Parameter, lang: str) -> str:
    """Return a parameter's name for ``lang`` (its key in English, a description otherwise)."""
    if lang == "en":
        return p.name
    try:
        return label(f"param.{p.name}", lang)
    except KeyError:
        return p.name


def parameter_unit(p: Parameter, lang: str) -> str:
    """Return a parameter's unit for ``lang`` (the data file's text in English)."""
    if lang == "en":
        return p.unit
    try:
        return label(f"param_unit.{p.name}", lang)
    except KeyError:
        return ""


def unit_text(metric: str, text: str, lang: str, **numbers: object) -> str | None:
    """Return a run.json unit text for ``lang``; None for an unknown metric in Norwegian.

    ``numbers`` fill the Norwegian text (``price_year``, ``index``, ``hpf``, ``pos``).
    """
    if lang == "en":
        return text
    try:
        return label(f"unit.{metric}", lang, **numbers)
    except KeyError:
        return None
