"""The page's levers: each one widget group that maps to a scenario-file fragment.

A lever knows four things: its widget states for a value (``state``), how to draw its
widgets (``widget``), its value from the widget states (``value``), and how to read its
value from a scenario (``read``) and write it into one (``apply``). The page keeps a list,
`LEVERS`; a new lever is one more class and one more entry in that list, nothing else (the
interventions' levers are in `runners.app.intervention_levers`).

Scenario data is in file shape (`scenarios.Scenario.to_dict`): years and trinn as strings.
A lever never validates: the scenario loader does that on the file the page builds, so a
lever set out of range gets the loader's one-line message, as the CLI would give it.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any, Protocol

from runners.app.intervention_levers import INTERVENTION_LEVERS, PERCENT
from runners.app.texts import t

State = MutableMapping[str, Any]
PATHWAYS = ("normal", "proactive", "reactive")
#: Percent steps of the pathway sliders.
STEP = 5


class UI(Protocol):
    """The part of the ``streamlit`` module a lever draws with (a test may pass a fake)."""

    def slider(self, label: str, *args: Any, **kwargs: Any) -> Any: ...
    def number_input(self, label: str, *args: Any, **kwargs: Any) -> Any: ...
    def checkbox(self, label: str, *args: Any, **kwargs: Any) -> Any: ...
    def selectbox(self, label: str, *args: Any, **kwargs: Any) -> Any: ...
    def caption(self, body: str, *args: Any, **kwargs: Any) -> Any: ...
    def container(self, *args: Any, **kwargs: Any) -> Any: ...


def settings_key(lever_key: str) -> str:
    """Return the key of the container that holds a switchable lever's settings (the page
    hides it while the lever is off: an off lever shows no values that do nothing)."""
    return f"{lever_key}-settings"


def hidden_settings(state: Mapping[str, Any]) -> list[str]:
    """Return the settings containers of the levers that are off in ``state``: a lever with
    a switch (``<key>.on``), and a capacity's later change (``<key>.on2``)."""
    out = []
    for lever in LEVERS:
        if f"{lever.key}.on" in state and not state[f"{lever.key}.on"]:
            out.append(settings_key(lever.key))
        if f"{lever.key}.on2" in state and not state[f"{lever.key}.on2"]:
            out.append(settings_key(f"{lever.key}-2"))
    return out


class Lever(Protocol):
    """One lever of the page."""

    @property
    def key(self) -> str:
        """Return the prefix of the lever's widget keys."""
        ...

    def title(self, lang: str) -> str:
        """Return the heading of the lever's widgets."""
        ...

    def read(self, data: Mapping[str, Any]) -> Any:
        """Return the lever's value in a scenario."""
        ...

    def state(self, value: Any) -> dict[str, Any]:
        """Return the widget states (session-state key -> value) that show ``value``."""
        ...

    def widget(self, ui: UI, data: Mapping[str, Any], lang: str) -> None:
        """Draw the widgets (keyed, so their values live in the session state)."""
        ...

    def value(self, state: Mapping[str, Any]) -> Any:
        """Return the lever's value from the widget states."""
        ...

    def apply(self, data: dict[str, Any], value: Any) -> dict[str, Any]:
        """Return a copy of ``data`` with the lever's fragment written in."""
        ...


def _pct(share: float) -> int:
    return round(100 * share)


def _mix(proactive_pct: int, reactive_pct: int) -> dict[str, float]:
    # shares from whole percents; normal takes the rest (negative if the two exceed 100 %,
    # which the loader then reports as a share outside 0..1)
    p, r = proactive_pct / 100, reactive_pct / 100
    return {"normal": round(1 - p - r, 10), "proactive": p, "reactive": r}


def _blend(a: Mapping[str, float], b: Mapping[str, float], w: float) -> dict[str, float]:
    mix = {k: round((1 - w) * a.get(k, 0.0) + w * b.get(k, 0.0), 10) for k in PATHWAYS}
    mix["normal"] = round(1 - mix["proactive"] - mix["reactive"], 10)
    return mix


def _dementia(data: Mapping[str, Any]) -> Mapping[str, Any]:
    return data["groups"]["dementia"]


@dataclass(frozen=True)
class ExistingCases:
    """The pathway mix of the dementia cases alive at the start year."""

    key: str = "existing"

    def title(self, lang: str) -> str:
        """Heading."""
        return t("lever.existing", lang)

    def read(self, data: Mapping[str, Any]) -> tuple[int, int]:
        """(proactive %, reactive %) of the existing cases."""
        mix = _dementia(data)["existing_cases"]
        return _pct(mix.get("proactive", 0.0)), _pct(mix.get("reactive", 0.0))

    def state(self, value: tuple[int, int]) -> dict[str, Any]:
        """Widget states."""
        return {f"{self.key}.proactive": value[0], f"{self.key}.reactive": value[1]}

    def widget(self, ui: UI, data: Mapping[str, Any], lang: str) -> None:
        """Two sliders; normal takes the rest."""
        ui.slider(t("lever.proactive_pct", lang), 0, 100, step=STEP, key=f"{self.key}.proactive",
                  format=PERCENT)
        ui.slider(t("lever.reactive_pct", lang), 0, 100, step=STEP, key=f"{self.key}.reactive",
                  format=PERCENT)

    def value(self, state: Mapping[str, Any]) -> tuple[int, int]:
        """(proactive %, reactive %)."""
        return int(state[f"{self.key}.proactive"]), int(state[f"{self.key}.reactive"])

    def apply(self, data: dict[str, Any], value: tuple[int, int]) -> dict[str, Any]:
        """Replace the existing cases' mix."""
        out = copy.deepcopy(data)
        out["groups"]["dementia"]["existing_cases"] = _mix(*value)
        return out


@dataclass(frozen=True)
class NewCases:
    """The target mix of new dementia cases, the year it starts and a phase-in.

    The phase-in is the interventions' (`runners.app.intervention_levers`): ``steps`` equal
    steps ``gap`` years apart from the start year, from the reference's mix of the year
    before the start to the target (year ``start + (steps - 1) x gap`` reaches it); 1 step
    switches at once. The reference's schedule before the start year is kept.
    """

    key: str = "new"

    def title(self, lang: str) -> str:
        """Heading."""
        return t("lever.new", lang)

    def read(self, data: Mapping[str, Any]) -> dict[str, int]:
        """The latest step of the schedule as the target, switched at once."""
        schedule = _dementia(data)["new_cases"]
        year = max(schedule, key=int)
        mix = schedule[year]
        return {"proactive": _pct(mix.get("proactive", 0.0)),
                "reactive": _pct(mix.get("reactive", 0.0)), "from": int(year), "steps": 1,
                "gap": 1}

    def state(self, value: Mapping[str, int]) -> dict[str, Any]:
        """Widget states."""
        return {f"{self.key}.{k}": v for k, v in value.items()}

    def widget(self, ui: UI, data: Mapping[str, Any], lang: str) -> None:
        """Target sliders, start year, phase-in."""
        from runners.app.intervention_levers import MAX_GAP, MAX_STEPS

        ui.slider(t("lever.proactive_pct", lang), 0, 100, step=STEP, key=f"{self.key}.proactive",
                  format=PERCENT)
        ui.slider(t("lever.reactive_pct", lang), 0, 100, step=STEP, key=f"{self.key}.reactive",
                  format=PERCENT)
        start, end = int(data["start_year"]), int(data["end_year"])
        ui.slider(t("lever.start_year", lang), start, end, step=1, key=f"{self.key}.from")
        ui.slider(t("lever.steps", lang), 1, MAX_STEPS, step=1, key=f"{self.key}.steps")
        ui.slider(t("lever.gap", lang), 1, MAX_GAP, step=1, key=f"{self.key}.gap")

    def value(self, state: Mapping[str, Any]) -> dict[str, int]:
        """Target, start year and phase-in."""
        return {k: int(state[f"{self.key}.{k}"]) for k in ("proactive", "reactive", "from",
                                                            "steps", "gap")}

    def apply(self, data: dict[str, Any], value: Mapping[str, int]) -> dict[str, Any]:
        """Replace the new cases' schedule from the start year on."""
        out = copy.deepcopy(data)
        old = {int(y): m for y, m in _dementia(data)["new_cases"].items()}
        start, end = int(data["start_year"]), int(data["end_year"])
        first = max(start, min(value["from"], end))
        before = {y: m for y, m in old.items() if y < first}
        # the mix in force just before the lever starts (the earliest entry if none)
        base = before[max(before)] if before else old[min(old)]
        target = _mix(value["proactive"], value["reactive"])
        steps, gap = max(1, value["steps"]), max(1, value["gap"])
        schedule: dict[str, dict[str, float]] = {str(y): dict(m) for y, m in sorted(
            before.items())}
        for k in range(steps):
            year = first + k * gap
            if year > end:
                break
            schedule[str(year)] = _blend(base, target, (k + 1) / steps)
        out["groups"]["dementia"]["new_cases"] = schedule
        return out


@dataclass(frozen=True)
class Capacity:
    """Places of one place-based trinn: from a first year, optionally changed from a second."""

    trinn: int

    @property
    def key(self) -> str:
        """Widget key prefix."""
        return f"cap{self.trinn}"

    def title(self, lang: str) -> str:
        """Heading."""
        return t("lever.capacity", lang, trinn=self.trinn)

    def read(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The first two steps of the trinn's capacity (off if it has none)."""
        steps = sorted((int(y), int(n)) for y, n in
                       (data.get("capacity") or {}).get(str(self.trinn), {}).items())
        start, end = int(data["start_year"]), int(data["end_year"])
        one = steps[0] if steps else (start, 0)
        two = steps[1] if len(steps) > 1 else (min(start + 6, end), one[1])
        # the widgets' year range is the run's; the loader has checked the file's years
        return {"on": bool(steps), "year1": min(max(one[0], start), end), "places1": one[1],
                "on2": len(steps) > 1, "year2": min(max(two[0], start), end),
                "places2": two[1]}

    def state(self, value: Mapping[str, Any]) -> dict[str, Any]:
        """Widget states."""
        return {f"{self.key}.{k}": v for k, v in value.items()}

    def widget(self, ui: UI, data: Mapping[str, Any], lang: str) -> None:
        """A switch, places from a year, and an optional change."""
        # no bounds on the fields: a number out of range is shown as typed, with the page's
        # sentence beside it (`problems`), never replaced by the last good one
        ui.checkbox(t("lever.cap_on", lang, trinn=self.trinn), key=f"{self.key}.on")
        with ui.container(key=settings_key(self.key)):
            ui.number_input(t("lever.cap_year", lang), step=1, key=f"{self.key}.year1")
            ui.number_input(t("lever.cap_places", lang), step=1, key=f"{self.key}.places1")
            ui.checkbox(t("lever.cap_on2", lang), key=f"{self.key}.on2")
            with ui.container(key=settings_key(f"{self.key}-2")):
                ui.number_input(t("lever.cap_year2", lang), step=1, key=f"{self.key}.year2")
                ui.number_input(t("lever.cap_places", lang), step=1,
                                key=f"{self.key}.places2")

    def problems(self, state: Mapping[str, Any], data: Mapping[str, Any]
                 ) -> dict[str, tuple[str, dict[str, Any]]]:
        """Return the fields in use whose numbers are out of range (widget key -> sentence
        key and fields; see `runners.app.inputs`)."""
        from runners.app.inputs import check_int

        if not state.get(f"{self.key}.on"):
            return {}
        start, end = int(data["start_year"]), int(data["end_year"])
        fields = ["1", "2"] if state.get(f"{self.key}.on2") else ["1"]
        out = {}
        for n in fields:
            for name, low, high in ((f"year{n}", start, end), (f"places{n}", 0, None)):
                problem = check_int(state.get(f"{self.key}.{name}"), low, high)
                if problem is not None:
                    out[f"{self.key}.{name}"] = problem
        return out

    def value(self, state: Mapping[str, Any]) -> dict[str, Any]:
        """The switches, years and places."""
        return {k: state[f"{self.key}.{k}"] for k in ("on", "year1", "places1", "on2",
                                                       "year2", "places2")}

    def apply(self, data: dict[str, Any], value: Mapping[str, Any]) -> dict[str, Any]:
        """Replace the trinn's capacity (or remove it when switched off)."""
        out = copy.deepcopy(data)
        capacity = dict(out.get("capacity") or {})
        capacity.pop(str(self.trinn), None)
        if value["on"]:
            steps = {str(int(value["year1"])): int(value["places1"])}
            if value["on2"]:
                steps[str(int(value["year2"]))] = int(value["places2"])
            capacity[str(self.trinn)] = dict(sorted(steps.items()))
        out["capacity"] = dict(sorted(capacity.items(), key=lambda kv: int(kv[0])))
        return out


#: The page's levers, in the order they are shown. One more lever: one more entry.
LEVERS: tuple[Lever, ...] = (ExistingCases(), NewCases(), *(Capacity(n) for n in (9, 10, 11,
                                                                                   12)),
                             *INTERVENTION_LEVERS)


def lever_state(data: Mapping[str, Any], levers: tuple[Lever, ...] = LEVERS) -> dict[str, Any]:
    """Return every lever's widget states for a scenario (to show it on the page)."""
    out: dict[str, Any] = {}
    for lever in levers:
        out.update(lever.state(lever.read(data)))
    return out


def build_strategy(reference: Mapping[str, Any], state: Mapping[str, Any], name: str,
                   descriptions: Mapping[str, str],
                   levers: tuple[Lever, ...] = LEVERS) -> dict[str, Any]:
    """Return the strategy: the reference with every lever's fragment written in."""
    data = copy.deepcopy(dict(reference))
    for lever in levers:
        data = lever.apply(data, lever.value(state))
    data["name"] = name
    data["description"] = dict(descriptions)
    data.pop("files", None)
    data.pop("provenance", None)
    # the reference's display names name the reference, not the strategy
    data.pop("title", None)
    return data
