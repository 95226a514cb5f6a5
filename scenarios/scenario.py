"""The validated, frozen scenario: what the runners and the engine read."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scenarios.checks import (
    MAIN_PROJECTION,
    check_health_shift,
    check_name,
    check_projection,
    check_replications,
    check_seed,
)
from scenarios.interventions import Intervention, to_raw
from scenarios.mapping import FrozenMap, Mix
from scenarios.vocabulary import DEFAULT_GROUPS

CLI = "cli"
"""Provenance of a value set by :meth:`Scenario.with_overrides` (the command line)."""

DEFAULT = "default"
"""Provenance of a value no file set (a group's default pathway, an empty description)."""


@dataclass(frozen=True)
class GroupStrategy:
    """The pathway mix of one need group.

    Parameters
    ----------
    existing_cases
        Mix of the cases alive at the start year.
    new_cases
        ``(from_year, mix)`` pairs sorted by year: a step function over years.
    """

    existing_cases: Mix
    new_cases: tuple[tuple[int, Mix], ...]

    def new_case_mix(self, year: int) -> Mix:
        """Return the mix of the latest entry with ``from_year <= year``.

        A year before every entry gets the earliest entry's mix.
        """
        chosen = self.new_cases[0][1]
        for from_year, mix in self.new_cases:
            if from_year <= year:
                chosen = mix
        return chosen


@dataclass(frozen=True)
class Scenario:
    """A validated scenario; build it with :func:`scenarios.load_scenario`.

    ``description`` is the scenario's text for every language; ``descriptions`` holds the
    texts given per report language (``describe`` picks one), empty when the file gave one
    string. ``groups`` holds every group of the vocabulary (defaults filled in);
    ``capacity`` maps a place-based trinn to sorted ``(from_year, places)`` pairs; ``files``
    lists the scenario files read, base first; ``provenance`` maps each dotted key to the
    file that set it, ``"default"`` or ``"cli"``.
    """

    name: str
    description: str
    municipality: str
    start_year: int
    end_year: int
    seed: int
    replications: int
    groups: Mapping[str, GroupStrategy]
    capacity: Mapping[int, tuple[tuple[int, int], ...]]
    files: tuple[Path, ...]
    provenance: Mapping[str, str]
    descriptions: Mapping[str, str] = FrozenMap({})
    titles: Mapping[str, str] = FrozenMap({})
    # the levers other than pathway mixes (those are folded into ``groups``)
    interventions: tuple[Intervention, ...] = ()
    # SSB's projection alternative of the population (table 14288's code; MMMM = main)
    projection: str = MAIN_PROJECTION
    # the health trend (issue 31): years per decade by which need onset by age (the need
    # groups' entries and dementia onsets from 67) moves to older ages; 0 = as today
    health_shift: float = 0.0

    def describe(self, lang: str) -> str:
        """Return the description in report language ``lang`` (the common text if none)."""
        return self.descriptions.get(lang, self.description)

    def title(self, lang: str) -> str:
        """Return the display name in report language ``lang`` (the name if none)."""
        return self.titles.get(lang, self.name)
    def source_of(self, key: str) -> str:
        """Return where the value of dotted ``key`` came from, for error messages: its file,
        ``"command line"`` or ``"default"`` (the last scenario file if none is recorded)."""
        origin = self.provenance.get(key)
        if origin == CLI:
            return "command line"
        if origin is None:
            return str(self.files[-1]) if self.files else "scenario"
        return origin

    @property
    def years(self) -> range:
        """Return the simulated calendar years, both ends included."""
        return range(self.start_year, self.end_year + 1)

    def new_case_mix(self, group: str, year: int) -> Mix:
        """Return the pathway mix of ``group``'s new cases in ``year``.

        Raises
        ------
        KeyError
            If ``group`` is not a need group of this scenario.
        """
        if group not in self.groups:
            raise KeyError(f"unknown group '{group}' (known: {', '.join(self.groups)})")
        return self.groups[group].new_case_mix(year)

    def capacity_in(self, trinn: int, year: int) -> int | None:
        """Return the places of ``trinn`` in ``year``, or ``None`` if unconstrained.

        Capacity is a step function from each given year on; before its first year, or
        for a trinn without capacity, the trinn is unconstrained.
        """
        places = None
        for from_year, n in self.capacity.get(trinn, ()):
            if from_year <= year:
                places = n
        return places

    def with_overrides(self, *, seed: int | None = None, replications: int | None = None,
                       name: str | None = None, municipality: str | None = None,
                       projection: str | None = None,
                       health_shift: float | None = None) -> Scenario:
        """Return a copy with command-line overrides, recorded in provenance as ``"cli"``.

        ``municipality`` is taken as resolved (`models.municipality.resolve_municipality`:
        a shipped name or a folder's absolute path).

        Raises
        ------
        ScenarioError
            If an override is invalid (negative seed, replications < 1, bad name).
        """
        changes: dict[str, Any] = {}
        source = "command line"
        if seed is not None:
            changes["seed"] = check_seed(seed, source)
        if replications is not None:
            changes["replications"] = check_replications(replications, source)
        if name is not None:
            changes["name"] = check_name(name, source)
        if municipality is not None:
            changes["municipality"] = municipality
        if projection is not None:
            changes["projection"] = check_projection(projection, source)
        if health_shift is not None:
            changes["health_shift"] = check_health_shift(health_shift, source)
        # a value equal to the file's keeps the file as its source (the runners pass the
        # file's own replications and seed back in when none is given on the command line)
        changes = {k: v for k, v in changes.items() if getattr(self, k) != v}
        if "name" in changes:
            changes["titles"] = FrozenMap({})  # the file's display names name the old name
        if not changes:
            return self
        provenance = FrozenMap({**self.provenance, **dict.fromkeys(changes, CLI)})
        return dataclasses.replace(self, provenance=provenance, **changes)

    def to_dict(self) -> dict[str, Any]:
        """Return a plain, JSON-able dict (for run.json); :meth:`from_dict` reads it back.

        Groups and capacity keep the scenario-file shape, with years and trinn as strings.
        """
        return {
            "name": self.name,
            "description": dict(self.descriptions) if self.descriptions else self.description,
            **({"title": dict(self.titles)} if self.titles else {}),
            "municipality": self.municipality,
            "start_year": self.start_year,
            "end_year": self.end_year,
            "seed": self.seed,
            "replications": self.replications,
            "groups": {
                g: {"existing_cases": dict(s.existing_cases),
                    "new_cases": {str(y): dict(m) for y, m in s.new_cases}}
                for g, s in self.groups.items()
            },
            "capacity": {str(t): {str(y): n for y, n in steps}
                         for t, steps in self.capacity.items()},
            **({"interventions": [to_raw(iv) for iv in self.interventions]}
               if self.interventions else {}),
            **({"projection": self.projection} if self.projection != MAIN_PROJECTION else {}),
            # only when set, so that the records (and resumed manifests) of runs without it
            # stay as they were
            **({"health_shift": self.health_shift} if self.health_shift else {}),
            "files": [str(f) for f in self.files],
            "provenance": dict(self.provenance),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any],
                  groups: Mapping[str, tuple[str, ...]] = DEFAULT_GROUPS) -> Scenario:
        """Validate a dict shaped like :meth:`to_dict` (e.g. a run.json) into a Scenario.

        ``files`` and ``provenance`` are kept as recorded; everything else is validated as
        strictly as a scenario file.

        Raises
        ------
        ScenarioError
            If the dict is not a valid scenario.
        """
        # deferred: validate builds Scenario objects, so it imports this module
        from scenarios.validate import scenario_from_dict

        return scenario_from_dict(data, groups)

