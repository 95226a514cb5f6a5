"""The page's levers for the interventions of issue 13 (docs/scenarios.md, "Interventions").

Each lever is a switch, the kind's parameters, a start year and a phase-in, and writes one
``[[interventions]]`` table of its kind in the scenario-file shape (`interventions.to_raw`),
so the saved strategy holds exactly the table a planner would write by hand. A lever off
writes nothing; a reference that holds the kind switches the lever on with its values.

The phase-in is ``steps`` equal steps ``gap`` years apart from the start year, the share of
the full effect in whole percents (3 steps 2 years apart from 2026: 0.33 from 2026, 0.67 from
2028, 1.0 from 2030, the ramp of ``alternativ-boligprofil.toml``); 1 step is at once. Steps
after the run's last year are left out (they would not act, and the loader rejects them).

What the widgets do not set (the targeted groups and ages, the digital zone's ATA shares and
system cost, the reablement package's length and delay) is carried in the hidden state key
``<key>.fixed`` as the reference or an uploaded file gave it; empty, the loader's defaults
hold (the sources are in `scenarios.interventions.DEFAULTS`).

Defaults (used when the reference has none of the kind):

- ``reduce_small_decisions``: band 1-2.5 h, 33 % cut (docs/scenarios.md: 0.3333, "a third of
  it costs 2.9 mill" on seed 001's small-decision slide, in whole percents), from 2025,
  half in 2025 and full from 2026 (the docs' example).
- ``digital_home_care``: seed 001's case 2 shares (0-1 h 50 %, 1-2.5 h 30 %, 2.5-5 h 20 %,
  5-10 h 10 %), from 2025, at once (the docs' example).
- ``housing_profile``: 30 % from 2026, 3 steps 2 years apart (``alternativ-boligprofil``).
- ``reablement``: 50 % of the new cases from 2025, at once. A planning assumption, not a
  figure of the seeds or the docs (neither gives a share): vary it.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from models.digital_zone import BANDS
from results.formatting import DASH
from runners.app.texts import number, t

if TYPE_CHECKING:
    from runners.app.levers import UI

#: A slider's percent: the number, a non-breaking space, the sign (Norwegian percent spacing).
PERCENT = "%d\u00a0%%"
#: The most phase-in steps and years between steps the sliders offer.
MAX_STEPS, MAX_GAP = 6, 5


def ramp_table(start: int, steps: int, gap: int, end: int) -> dict[str, float]:
    """Return the ramp (year -> share of the full effect) of ``steps`` equal steps ``gap``
    years apart from ``start``, in whole percents, without years after ``end``."""
    n, g = max(1, int(steps)), max(1, int(gap))
    out = {str(start + k * g): round((k + 1) / n, 2) for k in range(n)}
    return {y: s for y, s in out.items() if int(y) <= end}


def ramp_widgets(ramp: Mapping[str, float], start: int) -> tuple[int, int]:
    """Return (steps, gap) of a ramp table as the sliders show it (a ramp with unequal
    steps shows its number of steps and its first gap)."""
    years = sorted(int(y) for y in ramp) or [start]
    gap = years[1] - years[0] if len(years) > 1 else 1
    return len(years), max(1, gap)


def _clamp(year: int, data: Mapping[str, Any]) -> int:
    return min(max(year, int(data["start_year"])), int(data["end_year"]))


def _pct(share: float) -> int:
    return round(100 * float(share))


@dataclass(frozen=True)
class InterventionLever:
    """The common part: switch, start year, phase-in, hidden fixed keys (subclasses add
    the kind's parameters with ``_params``, ``_draw``, ``_raw``)."""

    key: str
    kind: str
    default_start: int
    default_steps: int = 1
    default_gap: int = 1
    #: the raw keys the subclass's widgets set (the others are carried in ``fixed``)
    widget_keys: tuple[str, ...] = field(default=())

    def title(self, lang: str) -> str:
        """Heading."""
        return t(f"lever.{self.kind}", lang)

    # -- kind-specific parts ----------------------------------------------------------------
    def _params(self, raw: Mapping[str, Any] | None) -> dict[str, Any]:
        raise NotImplementedError

    def _draw(self, ui: UI, data: Mapping[str, Any], lang: str) -> None:
        raise NotImplementedError

    def _raw(self, value: Mapping[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    # -- the lever protocol ---------------------------------------------------------------
    def _find(self, data: Mapping[str, Any]) -> Mapping[str, Any] | None:
        for raw in data.get("interventions") or ():
            if raw.get("kind") == self.kind:
                return raw
        return None

    def read(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The first intervention of the kind in ``data`` (on), or the defaults (off)."""
        raw = self._find(data)
        if raw is None:
            start = _clamp(self.default_start, data)
            return {"on": False, "start": start, "steps": self.default_steps,
                    "gap": self.default_gap, **self._params(None), "fixed": {}}
        start = int(raw["start_year"])
        steps, gap = ramp_widgets(raw.get("ramp") or {str(start): 1.0}, start)
        fixed = {k: copy.deepcopy(v) for k, v in raw.items()
                 if k not in ("kind", "start_year", "ramp", *self.widget_keys)}
        return {"on": True, "start": start, "steps": steps, "gap": gap, **self._params(raw),
                "fixed": fixed}

    def state(self, value: Mapping[str, Any]) -> dict[str, Any]:
        """Widget states (and the hidden ``fixed`` keys)."""
        return {f"{self.key}.{k}": v for k, v in value.items()}

    def widget(self, ui: UI, data: Mapping[str, Any], lang: str) -> None:
        """Switch, the kind's parameters, start year, phase-in."""
        from runners.app.levers import settings_key

        ui.checkbox(t(f"lever.{self.kind}.on", lang), key=f"{self.key}.on")
        # off, the settings are not shown (they stay on the page, so they come back as set)
        with ui.container(key=settings_key(self.key)):
            self._draw(ui, data, lang)
            start, end = int(data["start_year"]), int(data["end_year"])
            ui.slider(t("lever.start_year", lang), start, end, step=1, key=f"{self.key}.start")
            ui.slider(t("lever.steps", lang), 1, MAX_STEPS, step=1, key=f"{self.key}.steps")
            ui.slider(t("lever.gap", lang), 1, MAX_GAP, step=1, key=f"{self.key}.gap")
            ui.caption(t(f"lever.{self.kind}.default", lang))

    def value(self, state: Mapping[str, Any]) -> dict[str, Any]:
        """The switch, start year, phase-in, parameters and fixed keys."""
        names = ("on", "start", "steps", "gap", *self._params(None), "fixed")
        return {k: state.get(f"{self.key}.{k}", {}) if k == "fixed" else state[f"{self.key}.{k}"]
                for k in names}

    def apply(self, data: dict[str, Any], value: Mapping[str, Any]) -> dict[str, Any]:
        """Replace the kind's interventions with this lever's (none when off); the table
        takes the place of the first one of the kind, else it comes last."""
        out = copy.deepcopy(data)
        old = list(out.get("interventions") or [])
        at = next((i for i, raw in enumerate(old) if raw.get("kind") == self.kind), len(old))
        kept = [raw for raw in old if raw.get("kind") != self.kind]
        if value["on"]:
            start = int(value["start"])
            raw = {"kind": self.kind, **copy.deepcopy(dict(value.get("fixed") or {})),
                   "start_year": start,
                   "ramp": ramp_table(start, value["steps"], value["gap"],
                                      int(data["end_year"])),
                   **self._raw(value)}
            kept.insert(min(at, len(kept)), raw)
        if kept:
            out["interventions"] = kept
        else:
            out.pop("interventions", None)
        return out


@dataclass(frozen=True)
class SmallDecisions(InterventionLever):
    """``reduce_small_decisions``: the band and the share of its hours cut."""

    key: str = "small"
    kind: str = "reduce_small_decisions"
    default_start: int = 2025
    default_steps: int = 2
    widget_keys: tuple[str, ...] = ("band", "fraction")

    def _params(self, raw: Mapping[str, Any] | None) -> dict[str, Any]:
        if raw is None:
            return {"band": "1-2.5", "fraction": 33}
        return {"band": str(raw["band"]), "fraction": _pct(raw["fraction"])}

    def _draw(self, ui: UI, data: Mapping[str, Any], lang: str) -> None:
        ui.selectbox(t("lever.band", lang), BANDS, key=f"{self.key}.band",
                     format_func=lambda b: band_text(b, lang))
        ui.slider(t("lever.fraction", lang), 0, 100, step=1, key=f"{self.key}.fraction",
                  format=PERCENT)

    def _raw(self, value: Mapping[str, Any]) -> dict[str, Any]:
        return {"band": str(value["band"]), "fraction": int(value["fraction"]) / 100}


#: seed 001's case 2 (docs/scenarios.md's example), percent of each band's hours
DIGITAL_DEFAULT = {"0-1": 50, "1-2.5": 30, "2.5-5": 20, "5-10": 10, "10-15": 0, ">15": 0}


def band_text(band: str, lang: str) -> str:
    """Return a band of decision sizes as the language writes it: "1-2.5" -> "1" EN DASH
    "2,5" in Norwegian, "1" EN DASH "2.5" in English; ">15" -> "> 15"."""

    def hours(text: str) -> str:
        value = float(text)
        decimals = 0 if value.is_integer() else len(text.partition(".")[2])
        return number(value, decimals, lang)

    if band.startswith(">"):
        return f"> {hours(band[1:])}"
    low, high = band.split("-")
    return f"{hours(low)}{DASH}{hours(high)}"


def band_key(band: str) -> str:
    """Return a band's widget-key part (``>15`` -> ``gt15``)."""
    return band.replace(">", "gt")


@dataclass(frozen=True)
class DigitalHomeCare(InterventionLever):
    """``digital_home_care``: the share of each band's decision hours delivered digitally."""

    key: str = "digital"
    kind: str = "digital_home_care"
    default_start: int = 2025
    widget_keys: tuple[str, ...] = ("shares",)

    def _params(self, raw: Mapping[str, Any] | None) -> dict[str, Any]:
        shares = DIGITAL_DEFAULT if raw is None else {
            b: _pct(raw["shares"].get(b, 0.0)) for b in BANDS}
        return {f"share.{band_key(b)}": shares[b] for b in BANDS}

    def _draw(self, ui: UI, data: Mapping[str, Any], lang: str) -> None:
        ui.caption(t("lever.digital_shares", lang))
        for b in BANDS:
            ui.slider(t("lever.band_share", lang, band=band_text(b, lang)), 0, 100, step=1,
                      key=f"{self.key}.share.{band_key(b)}", format=PERCENT)

    def _raw(self, value: Mapping[str, Any]) -> dict[str, Any]:
        pct = {b: int(value[f"share.{band_key(b)}"]) for b in BANDS}
        # bands at 0 are left out, as in the docs' example (the zone moves nothing of
        # them); every band at 0 writes them all, so the file still names the lever
        shares = {b: p / 100 for b, p in pct.items() if p != 0} or dict.fromkeys(BANDS, 0.0)
        return {"shares": shares}


@dataclass(frozen=True)
class HousingProfile(InterventionLever):
    """``housing_profile``: the share of those 67+ entering trinn 10/11 who live in an
    age-friendly dwelling instead."""

    key: str = "housing"
    kind: str = "housing_profile"
    default_start: int = 2026
    default_steps: int = 3
    default_gap: int = 2
    widget_keys: tuple[str, ...] = ("share",)

    def _params(self, raw: Mapping[str, Any] | None) -> dict[str, Any]:
        return {"share": 30 if raw is None else _pct(raw["share"])}

    def _draw(self, ui: UI, data: Mapping[str, Any], lang: str) -> None:
        ui.slider(t("lever.housing_share", lang), 0, 100, step=1, key=f"{self.key}.share",
                  format=PERCENT)

    def _raw(self, value: Mapping[str, Any]) -> dict[str, Any]:
        return {"share": int(value["share"]) / 100}


@dataclass(frozen=True)
class Reablement(InterventionLever):
    """``reablement``: the share of new home-care cases of the frail elderly offered it."""

    key: str = "reablement"
    kind: str = "reablement"
    default_start: int = 2025
    widget_keys: tuple[str, ...] = ("share",)

    def _params(self, raw: Mapping[str, Any] | None) -> dict[str, Any]:
        return {"share": 50 if raw is None else _pct(raw["share"])}

    def _draw(self, ui: UI, data: Mapping[str, Any], lang: str) -> None:
        ui.slider(t("lever.reablement_share", lang), 0, 100, step=1, key=f"{self.key}.share",
                  format=PERCENT)

    def _raw(self, value: Mapping[str, Any]) -> dict[str, Any]:
        return {"share": int(value["share"]) / 100}


@dataclass(frozen=True)
class StaffLever(InterventionLever):
    """A lever on the staff supply side (issue 31; docs/staff-supply.md, "Supply levers"):
    one value, shown on a slider in ``unit`` steps of the file's value times ``scale``
    (a percent for a share, whole years, whole persons)."""

    value_key: str = ""
    default: float = 0.0
    low: int = 0
    high: int = 100
    scale: float = 1.0
    fmt: str = "%d"

    def _params(self, raw: Mapping[str, Any] | None) -> dict[str, Any]:
        value = self.default if raw is None else float(raw[self.value_key])
        return {"value": round(value * self.scale)}

    def _draw(self, ui: UI, data: Mapping[str, Any], lang: str) -> None:
        ui.slider(t(f"lever.{self.kind}.value", lang), self.low, self.high, step=1,
                  key=f"{self.key}.value", format=self.fmt)

    def _raw(self, value: Mapping[str, Any]) -> dict[str, Any]:
        return {self.value_key: int(value["value"]) / self.scale}


#: The supply levers' defaults: the docs' example (docs/staff-supply.md: heltidskultur to
#: 80 % from 2026 over 3 steps, 10 more hires a year from 2025; 0.02 = two percentage points
#: of absence), one year's later retirement a planning assumption, said so on the page.
SUPPLY_LEVERS: tuple[StaffLever, ...] = (
    StaffLever(key="fulltime", kind="full_time_culture", default_start=2026, default_steps=3,
               default_gap=2, widget_keys=("target_position_size",),
               value_key="target_position_size", default=0.80, low=5, high=100, scale=100,
               fmt=PERCENT),
    StaffLever(key="absence", kind="sickness_absence", default_start=2025,
               widget_keys=("reduction",), value_key="reduction", default=0.02, low=0,
               high=10, scale=100),
    StaffLever(key="retirement", kind="later_retirement", default_start=2025,
               widget_keys=("years",), value_key="years", default=1.0, low=0, high=10),
    StaffLever(key="hires", kind="more_hires", default_start=2025,
               widget_keys=("persons_per_year",), value_key="persons_per_year", default=10.0,
               low=0, high=200),
)

#: The intervention levers in the order the page shows them.
INTERVENTION_LEVERS: tuple[InterventionLever, ...] = (SmallDecisions(), DigitalHomeCare(),
                                                      HousingProfile(), Reablement(),
                                                      *SUPPLY_LEVERS)
