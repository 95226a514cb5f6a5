"""Validating merged scenario data into a frozen `Scenario`.

Two passes: pydantic checks the structure (known keys, types; strict, so ``"2024"`` is not
a year and ``true`` is not a number), then the checks here test values against the
vocabulary and each other. Every failure is one `ScenarioError` naming the file that wrote
the offending value and its dotted key.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from scenarios.checks import (
    MAIN_PROJECTION,
    MAX_HORIZON,
    Source,
    check_health_shift,
    check_mix,
    check_name,
    check_projection,
    check_replications,
    check_seed,
    parse_int_key,
    parse_year,
)
from scenarios.errors import ScenarioError
from scenarios.interventions import PathwayMix, parse_interventions
from scenarios.mapping import FrozenMap, Mix
from scenarios.merge import Key, Merged
from scenarios.scenario import DEFAULT, GroupStrategy, Scenario
from scenarios.vocabulary import (
    LADDER_TRINN,
    PLACE_BASED_TRINN,
    REPORT_LANGUAGES,
    check_vocabulary,
    common_text,
)


class _Group(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    existing_cases: dict[str, float] = Field(default_factory=dict)
    new_cases: dict[str, dict[str, float]] = Field(default_factory=dict)


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    name: str
    description: str | dict[str, str] = ""
    title: dict[str, str] = Field(default_factory=dict)
    municipality: str
    start_year: int
    end_year: int
    seed: int
    replications: int
    groups: dict[str, _Group] = Field(default_factory=dict)
    capacity: dict[str, dict[str, int]] = Field(default_factory=dict)
    interventions: list[dict[str, Any]] = Field(default_factory=list)
    projection: str = MAIN_PROJECTION
    health_shift: float = 0.0


_EXPECTED = {"int_type": "an integer", "float_type": "a number", "string_type": "a string",
             "dict_type": "a table", "model_type": "a table"}


def _allowed_keys(loc: Key) -> str:
    if len(loc) == 1:
        return ", ".join(["base", *_File.model_fields])
    if len(loc) == 2 and loc[0] == "interventions":
        return ""
    if len(loc) == 3 and loc[0] == "groups":
        return ", ".join(_Group.model_fields)
    return ""


def _structure_error(exc: ValidationError, source_of: Callable[[Key], Source],
                     top: Source) -> ScenarioError:
    # An unknown key first: a misspelt required key also shows up as "missing", and the
    # misspelling is the more useful report.
    rank = {"extra_forbidden": 0, "missing": 2}
    err = min(exc.errors(), key=lambda e: rank.get(e["type"], 1))
    loc = tuple(str(p) for p in err["loc"])
    dotted = ".".join(loc)
    if err["type"] == "extra_forbidden":
        allowed = _allowed_keys(loc)
        problem = "unknown key" + (f" (allowed here: {allowed})" if allowed else "")
        return ScenarioError(source_of(loc), problem, key=dotted)
    if err["type"] == "missing":
        return ScenarioError(top, "required key missing (set it here or in a base file)",
                             key=dotted)
    expected = _EXPECTED.get(err["type"])
    problem = f"expected {expected}" if expected else err["msg"]
    return ScenarioError(source_of(loc), f"{problem}, got {err['input']!r}", key=dotted)


def build_scenario(data: Mapping[str, Any], groups: Mapping[str, tuple[str, ...]], *,
                   source_of: Callable[[Key], Source], top: Source, files: tuple[Path, ...],
                   provenance: dict[str, str]) -> Scenario:
    """Validate merged scenario ``data`` against the vocabulary ``groups``.

    ``source_of`` names the file that wrote a key; ``top`` is the loaded file (blamed for a
    missing key); ``provenance`` gets the defaults added.
    """
    check_vocabulary(groups)
    # before the model, whose union type would report a wrong value in its own terms
    description, descriptions = _descriptions(data.get("description", ""), source_of)
    titles = _titles(data.get("title", {}), source_of)
    try:
        f = _File.model_validate(data)
    except ValidationError as exc:
        raise _structure_error(exc, source_of, top) from None

    def at(*key: str) -> Source:
        return source_of(key)

    check_name(f.name, at("name"))
    municipality = _municipality(f.municipality, at("municipality"))
    # the years clash: blame the one the loaded file set if it set only one of them
    year_key = ("start_year" if at("start_year") == top and at("end_year") != top
                else "end_year")
    if f.end_year <= f.start_year:
        raise ScenarioError(at(year_key), f"end_year {f.end_year} must be after start_year "
                            f"{f.start_year}", key=year_key)
    if f.end_year - f.start_year > MAX_HORIZON:
        raise ScenarioError(at(year_key), f"end_year {f.end_year} is more than "
                            f"{MAX_HORIZON} years after start_year {f.start_year}",
                            key=year_key)
    check_seed(f.seed, at("seed"))
    check_replications(f.replications, at("replications"))
    check_projection(f.projection, at("projection"))
    check_health_shift(f.health_shift, at("health_shift"))
    years = range(f.start_year, f.end_year + 1)
    if "description" not in f.model_fields_set:
        provenance["description"] = DEFAULT

    strategies: dict[str, GroupStrategy] = {}
    for group in f.groups:
        if group not in groups:
            raise ScenarioError(at("groups", group), f"unknown group '{group}' (known: "
                                f"{', '.join(groups)})", key=f"groups.{group}")
    for group, pathways in groups.items():
        raw = f.groups.get(group, _Group())
        strategies[group] = _strategy(group, pathways, raw, years, at, provenance)

    interventions = parse_interventions(f.interventions, years, groups, at("interventions"))
    if f.interventions:  # the file whose list holds them, for errors raised later
        provenance.setdefault("interventions", str(at("interventions")))
    for i, iv in enumerate(interventions):
        if isinstance(iv, PathwayMix):  # the dementia pathway mixes as an intervention
            if iv.group in f.groups:
                raise ScenarioError(at("interventions"), f"group '{iv.group}' has its mix in "
                                    f"both [groups.{iv.group}] and a pathway_mix intervention",
                                    key=f"interventions[{i}].groups")
            old = strategies[iv.group]
            strategies[iv.group] = GroupStrategy(
                iv.existing_cases if iv.existing_cases is not None else old.existing_cases,
                iv.new_cases if iv.new_cases is not None else old.new_cases)
    levers = tuple(iv for iv in interventions if not isinstance(iv, PathwayMix))

    capacity = {}
    for text, steps in f.capacity.items():
        trinn = _place_based_trinn(text, at("capacity", text))
        schedule = []
        for y, places in steps.items():
            key = f"capacity.{text}.{y}"
            year = parse_year(y, years, at("capacity", text, y), key)
            if places < 0:
                raise ScenarioError(at("capacity", text, y), f"places must be >= 0, got "
                                    f"{places}", key=key)
            schedule.append((year, places))
        # an empty table (an override removing a base's capacity) means unconstrained
        if schedule:
            capacity[trinn] = tuple(sorted(schedule))

    return Scenario(
        name=f.name, description=description, descriptions=descriptions,
        titles=titles, municipality=municipality,
        start_year=f.start_year, end_year=f.end_year, seed=f.seed,
        replications=f.replications, groups=FrozenMap(strategies),
        capacity=FrozenMap(dict(sorted(capacity.items()))), files=files,
        provenance=FrozenMap(dict(sorted(provenance.items()))), interventions=levers,
        projection=f.projection, health_shift=float(f.health_shift),
    )


def _municipality(value: str, source: Source) -> str:
    """Return the municipality a file names: a shipped name, or a folder written as a path
    (``./skien``, ``../data/skien``, absolute), relative to the file that names it and kept
    absolute, so that the run finds it from any current folder. Whether the folder holds a
    municipality is checked where the run loads it, naming this file."""
    if not (value.startswith(".") or "/" in value or os.sep in value):
        return check_name(value, source, key="municipality")
    if any(ord(c) < 32 for c in value):
        raise ScenarioError(source, "control character in the municipality folder",
                            key="municipality")
    base = Path(source).parent if isinstance(source, Path) else Path.cwd()
    return str((base / value).resolve())


def _descriptions(raw: object, source_of: Callable[[Key], Source]
                  ) -> tuple[str, FrozenMap[str, str]]:
    """Return (common text, texts per report language) of a description string or table."""
    if isinstance(raw, str):
        return raw, FrozenMap({})
    if not isinstance(raw, dict) or not raw:
        got = "an empty table" if isinstance(raw, dict) else repr(raw)
        raise ScenarioError(source_of(("description",)), "expected a text, or a table of texts "
                            f"per report language ({', '.join(REPORT_LANGUAGES)}), got {got}",
                            key="description")
    for lang, text in raw.items():
        where, key = source_of(("description", lang)), f"description.{lang}"
        if lang not in REPORT_LANGUAGES:
            raise ScenarioError(where, f"unknown report language '{lang}' (use "
                                f"{_languages()})", key=key)
        if not isinstance(text, str):
            raise ScenarioError(where, f"expected a string, got {text!r}", key=key)
    texts = {lang: raw[lang] for lang in REPORT_LANGUAGES if lang in raw}
    return common_text(texts), FrozenMap(texts)


def _languages() -> str:
    return f"{', '.join(REPORT_LANGUAGES[:-1])} or {REPORT_LANGUAGES[-1]}"


def _titles(raw: object, source_of: Callable[[Key], Source]) -> FrozenMap[str, str]:
    """Return the display names per report language of a ``title`` table (a file that
    renames the scenario has already dropped its base's, see ``scenarios.merge``)."""
    if not isinstance(raw, dict):
        raise ScenarioError(source_of(("title",)), "expected a table of display names per "
                            f"report language ({', '.join(REPORT_LANGUAGES)}), got {raw!r}",
                            key="title")
    for lang, text in raw.items():
        where, key = source_of(("title", lang)), f"title.{lang}"
        if lang not in REPORT_LANGUAGES:
            raise ScenarioError(where, f"unknown report language '{lang}' (use "
                                f"{_languages()})", key=key)
        if not isinstance(text, str) or not text.strip():
            raise ScenarioError(where, f"expected a non-empty string, got {text!r}", key=key)
    return FrozenMap({lang: raw[lang].strip() for lang in REPORT_LANGUAGES if lang in raw})


def _place_based_trinn(text: str, source: Source) -> int:
    key = f"capacity.{text}"
    trinn = parse_int_key(text, "trinn", source, key)
    if trinn not in LADDER_TRINN:
        raise ScenarioError(source, f"unknown trinn {trinn} (the ladder has trinn "
                            f"{LADDER_TRINN[0]}..{LADDER_TRINN[-1]})", key=key)
    if trinn not in PLACE_BASED_TRINN:
        raise ScenarioError(source, f"trinn {trinn} is not place-based; capacity applies to "
                            f"trinn {', '.join(map(str, PLACE_BASED_TRINN))}", key=key)
    return trinn


def _strategy(group: str, pathways: tuple[str, ...], raw: _Group, years: range,
              at: Callable[..., Source], provenance: dict[str, str]) -> GroupStrategy:
    prefix = f"groups.{group}"
    default = Mix({pathways[0]: 1.0})
    if "existing_cases" in raw.model_fields_set:
        existing = check_mix(raw.existing_cases, group, pathways,
                             at("groups", group, "existing_cases"), f"{prefix}.existing_cases")
    else:
        existing = default
        provenance[f"{prefix}.existing_cases.{pathways[0]}"] = DEFAULT
    if "new_cases" not in raw.model_fields_set:
        provenance[f"{prefix}.new_cases.{years.start}.{pathways[0]}"] = DEFAULT
        return GroupStrategy(existing, ((years.start, default),))
    if not raw.new_cases:
        raise ScenarioError(at("groups", group, "new_cases"), "no years given (write e.g. "
                            f"[{prefix}.new_cases.{years.start}])", key=f"{prefix}.new_cases")
    steps = []
    for y, mix in raw.new_cases.items():
        key = f"{prefix}.new_cases.{y}"
        source = at("groups", group, "new_cases", y)
        steps.append((parse_year(y, years, source, key),
                      check_mix(mix, group, pathways, source, key)))
    return GroupStrategy(existing, tuple(sorted(steps, key=lambda s: s[0])))


def scenario_from_merged(merged: Merged, groups: Mapping[str, tuple[str, ...]]) -> Scenario:
    """Validate the merged data of a scenario file and its bases."""
    provenance = {".".join(k): str(f) for k, f in merged.origin.items()}
    return build_scenario(merged.data, groups, source_of=merged.source_of,
                          top=merged.files[-1], files=merged.files, provenance=provenance)


def scenario_from_dict(data: Mapping[str, Any], groups: Mapping[str, tuple[str, ...]],
                       source: str = "scenario dict") -> Scenario:
    """Validate a dict shaped like `Scenario.to_dict`, keeping its files and provenance."""
    body = dict(data)
    files = body.pop("files", [])
    provenance = body.pop("provenance", {})
    if not (isinstance(files, list) and all(isinstance(x, str) for x in files)):
        raise ScenarioError(source, f"expected a list of file names, got {files!r}",
                            key="files")
    if not (isinstance(provenance, dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in provenance.items())):
        raise ScenarioError(source, f"expected a table of strings, got {provenance!r}",
                            key="provenance")
    return build_scenario(body, groups, source_of=lambda _key: source, top=source,
                          files=tuple(Path(x) for x in files), provenance=dict(provenance))
