"""Interventions (levers) of a scenario file: typed, frozen, strictly validated.

A scenario holds a list of ``[[interventions]]``; each has a ``kind``, the need groups and
ages it targets, a ``start_year``, a ``ramp`` (share of the full effect by year, a step
function from each year on, 0 before ``start_year``) and the kind's parameters. Several
compose: each acts on what it targets. Every problem is one `ScenarioError` naming the file
that wrote the list and the dotted key ``interventions[i].<key>`` (docs/scenarios.md).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from models.digital_zone import BANDS
from scenarios.checks import Source, check_mix, is_int, parse_year
from scenarios.errors import ScenarioError
from scenarios.mapping import FrozenMap, Mix

#: The groups that hold home-care decisions (trinn 6 and 7 outside the dementia pathways,
#: whose home nursing is in the persona packages).
HOME_CARE_GROUPS = ("frail_elderly", "disability", "mental_health", "children")
MAX_AGE = 120


@dataclass(frozen=True)
class Ramp:
    """Share of an intervention's full effect by year: a step function from each given
    year on; 0 before ``start_year`` (and before the first step)."""

    start_year: int
    steps: tuple[tuple[int, float], ...]

    def share(self, year: int) -> float:
        """Return the share of the full effect in ``year``."""
        out = 0.0
        if year < self.start_year:
            return out
        for from_year, share in self.steps:
            if from_year <= year:
                out = share
        return out


@dataclass(frozen=True)
class Target:
    """Whom an intervention reaches: need groups and an age range (both ends included)."""

    groups: tuple[str, ...]
    age_min: int
    age_max: int


@dataclass(frozen=True)
class PathwayMix:
    """The pathway mix of a need group (the dementia pathways): existing and new cases."""

    group: str
    existing_cases: Mix | None
    new_cases: tuple[tuple[int, Mix], ...] | None
    kind: str = "pathway_mix"


@dataclass(frozen=True)
class ReduceSmallDecisions:
    """Cut the delivered home-care hours of decisions in one band by ``fraction``."""

    band: str
    fraction: float
    target: Target
    ramp: Ramp
    kind: str = "reduce_small_decisions"


@dataclass(frozen=True)
class DigitalHomeCare:
    """Deliver a share of the decision hours of each band digitally (seed 001's zone)."""

    shares: FrozenMap[str, float]
    ata_traditional: float
    ata_digital: float
    system_cost_nok: float
    target: Target
    ramp: Ramp
    kind: str = "digital_home_care"


@dataclass(frozen=True)
class HousingProfile:
    """A share of those who would enter trinn 10 or 11 live in an age-friendly dwelling
    (trinn 8) with home care instead."""

    share: float
    target: Target
    ramp: Ramp
    kind: str = "housing_profile"


@dataclass(frozen=True)
class Reablement:
    """New home-care cases (trinn 6-7) get a time-limited reablement package, then their
    need for home care is delayed (hverdagsrehabilitering)."""

    share: float
    package_weeks: float
    delay_years_min: float
    delay_years_max: float
    target: Target
    ramp: Ramp
    kind: str = "reablement"


@dataclass(frozen=True)
class StaffLever:
    """A lever on the staff supply side (issue 31; models/staff_supply.py), acting outside
    the engine: ``full_time_culture`` (the average position size moves to ``value``, a
    share of it by the ramp), ``sickness_absence`` (absence ``value`` percentage points, as
    a share, lower), ``later_retirement`` (retirement ``value`` years later),
    ``more_hires`` (``value`` more persons hired per year). The ramp's share scales it."""

    kind: str
    value: float
    ramp: Ramp


Intervention = (PathwayMix | ReduceSmallDecisions | DigitalHomeCare | HousingProfile
                | Reablement | StaffLever)
#: The staff supply levers: kind -> (its value's key, lowest, highest).
STAFF_LEVERS: dict[str, tuple[str, float, float]] = {
    "full_time_culture": ("target_position_size", 0.05, 1.0),
    "sickness_absence": ("reduction", 0.0, 0.5),
    "later_retirement": ("years", 0.0, 10.0),
    "more_hires": ("persons_per_year", 0.0, math.inf),
}


def with_effect_scale(levers: Sequence[Intervention], scale: float
                      ) -> tuple[Intervention, ...]:
    """Return ``levers`` with each lever's effect times ``scale`` (a parameter draw's
    lever_effect_scale), each share capped at 1: the fraction of a band's hours cut, the
    shares delivered digitally, the share housed or reached by reablement. A pathway mix is
    left as it is (its effect is the pathways'); ``scale == 1`` returns the levers unchanged.
    """
    if scale == 1.0:
        return tuple(levers)

    def capped(x: float) -> float:
        return min(1.0, x * scale)

    out: list[Intervention] = []
    for iv in levers:
        if isinstance(iv, ReduceSmallDecisions):
            iv = replace(iv, fraction=capped(iv.fraction))
        elif isinstance(iv, DigitalHomeCare):
            iv = replace(iv, shares=FrozenMap({b: capped(v) for b, v in iv.shares.items()}))
        elif isinstance(iv, HousingProfile | Reablement):
            iv = replace(iv, share=capped(iv.share))
        out.append(iv)
    return tuple(out)


_COMMON = ("kind", "groups", "ages", "start_year", "ramp")
_KEYS: dict[str, tuple[str, ...]] = {
    "pathway_mix": ("kind", "groups", "existing_cases", "new_cases"),
    "reduce_small_decisions": (*_COMMON, "band", "fraction"),
    "digital_home_care": (*_COMMON, "shares", "ata_traditional", "ata_digital",
                          "system_cost_nok"),
    "housing_profile": (*_COMMON, "share"),
    "reablement": (*_COMMON, "share", "package_weeks", "delay_years_min", "delay_years_max"),
    **{kind: ("kind", "start_year", "ramp", key) for kind, (key, _, _) in STAFF_LEVERS.items()},
}
KINDS = tuple(_KEYS)
#: Defaults of each kind's parameters, with their sources (docs/scenarios.md).
DEFAULTS: dict[str, dict[str, Any]] = {
    # seed 001, digital-zone tables: "ATA-tid tradisjonell tjeneste 50 %", "ATA-tid digital
    # tjeneste 70 %", "Systemkostnad Digitalt tilsyn 960 000"
    "digital_home_care": {"ata_traditional": 0.5, "ata_digital": 0.7,
                          "system_cost_nok": 960_000.0},
    # Tuntland et al. 2015 (BMC Geriatrics 15:145, RCT, Valnesfjord): a 10-week programme;
    # Langeland et al. 2019 (BMC Geriatrics 19:29, 47 municipalities, n = 828): effects at
    # 10 weeks and 6 months, none left at 12 months, read as a delay of the need of 0.5 to
    # 1 year (uniform: the uncertainty)
    "reablement": {"package_weeks": 10.0, "delay_years_min": 0.5, "delay_years_max": 1.0},
}
_DEFAULT_TARGET: dict[str, tuple[tuple[str, ...], int, int]] = {
    "reduce_small_decisions": (HOME_CARE_GROUPS, 0, MAX_AGE),
    "digital_home_care": (HOME_CARE_GROUPS, 0, MAX_AGE),
    # the seeds' boligprofil is about inhabitants 67 and older (seed 000/001)
    "housing_profile": (("dementia", "frail_elderly"), 67, MAX_AGE),
    # the trials' participants: home-dwelling older adults with functional decline (mean
    # age 78 in Langeland et al. 2019)
    "reablement": (("frail_elderly",), 67, MAX_AGE),
}
_TARGETABLE: dict[str, tuple[str, ...]] = {
    "reduce_small_decisions": HOME_CARE_GROUPS,
    "digital_home_care": HOME_CARE_GROUPS,
    "housing_profile": ("dementia", "frail_elderly"),
    "reablement": ("frail_elderly", "disability", "mental_health"),
}


class _Ctx:
    """Where an intervention's values came from, for one-line errors."""

    def __init__(self, index: int, source: Source) -> None:
        self.prefix = f"interventions[{index}]"
        self.source = source

    def key(self, *parts: str) -> str:
        return ".".join((self.prefix, *parts))

    def fail(self, problem: str, *parts: str) -> ScenarioError:
        return ScenarioError(self.source, problem, key=self.key(*parts))


def _number(raw: Mapping[str, Any], name: str, ctx: _Ctx, *, lo: float = 0.0,
            hi: float = math.inf, default: float | None = None) -> float:
    if name not in raw:
        if default is None:
            raise ctx.fail("required key missing", name)
        return default
    value = raw[name]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ctx.fail(f"expected a number, got {value!r}", name)
    # written so that NaN fails too
    if not lo <= value <= hi:
        if hi == 1.0:
            problem = f"share {value!r} is outside {lo:g}..1"
        elif hi != math.inf:
            problem = f"must be in {lo:g}..{hi:g}, got {value!r}"
        else:
            problem = f"must be >= {lo:g} (no negative effect or cost), got {value!r}"
        raise ctx.fail(problem, name)
    return float(value)


def _year(raw: Mapping[str, Any], ctx: _Ctx, years: range) -> int:
    if "start_year" not in raw:
        raise ctx.fail("required key missing", "start_year")
    value = raw["start_year"]
    if not is_int(value):
        raise ctx.fail(f"expected an integer, got {value!r}", "start_year")
    if value not in years:
        raise ctx.fail(f"year {value} is outside start_year..end_year "
                       f"({years.start}..{years.stop - 1})", "start_year")
    return int(value)


def _ramp(raw: Mapping[str, Any], ctx: _Ctx, years: range, start: int) -> Ramp:
    table = raw.get("ramp", {str(start): 1.0})
    if not isinstance(table, dict) or not table:
        raise ctx.fail(f"expected a table year = share, got {table!r}", "ramp")
    steps = []
    for text in table:
        year = parse_year(text, years, ctx.source, ctx.key("ramp", text))
        if year < start:
            raise ctx.fail(f"year {year} is before the intervention's start_year {start}",
                           "ramp", text)
        steps.append((year, _number(table, text, _Sub(ctx, "ramp"), hi=1.0)))
    return Ramp(start, tuple(sorted(steps)))


class _Sub(_Ctx):
    def __init__(self, parent: _Ctx, part: str) -> None:
        self.prefix = f"{parent.prefix}.{part}"
        self.source = parent.source


def _target(kind: str, raw: Mapping[str, Any], ctx: _Ctx) -> Target:
    groups, lo, hi = _DEFAULT_TARGET[kind]
    allowed = _TARGETABLE[kind]
    if "groups" in raw:
        given = raw["groups"]
        if not (isinstance(given, list) and given and all(isinstance(g, str) for g in given)):
            raise ctx.fail(f"expected a non-empty list of need groups, got {given!r}", "groups")
        for g in given:
            if g not in allowed:
                raise ctx.fail(f"group '{g}' cannot be targeted by {kind} (allowed: "
                               f"{', '.join(allowed)})", "groups")
        groups = tuple(given)
    if "ages" in raw:
        ages = raw["ages"]
        if not (isinstance(ages, list) and len(ages) == 2 and all(is_int(a) for a in ages)
                and 0 <= ages[0] <= ages[1] <= MAX_AGE):
            raise ctx.fail(f"expected [min, max] integer ages in 0..{MAX_AGE}, got {ages!r}",
                           "ages")
        lo, hi = int(ages[0]), int(ages[1])
    return Target(groups, lo, hi)


def _pathway_mix(raw: Mapping[str, Any], ctx: _Ctx, years: range,
                 vocabulary: Mapping[str, tuple[str, ...]]) -> PathwayMix:
    groups = raw.get("groups")
    if not (isinstance(groups, list) and len(groups) == 1 and isinstance(groups[0], str)):
        raise ctx.fail(f"expected a list of one need group, got {groups!r}", "groups")
    group = groups[0]
    if group not in vocabulary:
        raise ctx.fail(f"unknown group '{group}' (known: {', '.join(vocabulary)})", "groups")
    pathways = vocabulary[group]
    existing = None
    if "existing_cases" in raw:
        if not isinstance(raw["existing_cases"], dict):
            raise ctx.fail("expected a table pathway = share", "existing_cases")
        existing = check_mix(raw["existing_cases"], group, pathways, ctx.source,
                             ctx.key("existing_cases"))
    new = None
    if "new_cases" in raw:
        table = raw["new_cases"]
        if not isinstance(table, dict) or not table:
            raise ctx.fail("expected a non-empty table year = mix", "new_cases")
        steps = []
        for text, mix in table.items():
            key = ctx.key("new_cases", text)
            if not isinstance(mix, dict):
                raise ScenarioError(ctx.source, "expected a table pathway = share", key=key)
            steps.append((parse_year(text, years, ctx.source, key),
                          check_mix(mix, group, pathways, ctx.source, key)))
        new = tuple(sorted(steps, key=lambda s: s[0]))
    return PathwayMix(group, existing, new)


def parse_interventions(raw: Any, years: range, vocabulary: Mapping[str, tuple[str, ...]],
                        source: Source) -> tuple[Intervention, ...]:
    """Validate the ``interventions`` list of a merged scenario file.

    ``source`` is the file that wrote the list (an override replaces its base's list).
    """
    if not isinstance(raw, list):
        raise ScenarioError(source, "expected a list of tables ([[interventions]])",
                            key="interventions")
    out: list[Intervention] = []
    for i, item in enumerate(raw):
        ctx = _Ctx(i, source)
        if not isinstance(item, dict):
            raise ScenarioError(source, f"expected a table, got {item!r}", key=ctx.prefix)
        kind = item.get("kind")
        if kind not in _KEYS:
            raise ctx.fail(f"unknown kind {kind!r} (known: {', '.join(KINDS)})", "kind")
        for key in item:
            if key not in _KEYS[kind]:
                raise ctx.fail(f"unknown key (allowed for {kind}: {', '.join(_KEYS[kind])})",
                               key)
        out.append(_BUILD[kind](item, ctx, years, vocabulary))
        _check_not_twice(out, ctx)
    return tuple(out)


def _overlap(a: Intervention, b: Intervention) -> str | None:
    """What two levers of one kind would both change (None if nothing): the same groups and
    ages, and for the home-care levers the same decision band."""
    if isinstance(a, StaffLever) and isinstance(b, StaffLever):
        return "the staff supply" if a.kind == b.kind else None
    if a.kind != b.kind or isinstance(a, PathwayMix | HousingProfile | StaffLever) or isinstance(
            b, PathwayMix | HousingProfile | StaffLever):
        # pathway mixes: one per group (checked with [groups]); housing profiles combine as
        # independent chances, never above 100 % (docs/scenarios.md)
        return None
    ta, tb = a.target, b.target
    groups = [g for g in ta.groups if g in tb.groups]
    lo, hi = max(ta.age_min, tb.age_min), min(ta.age_max, tb.age_max)
    if not groups or lo > hi:
        return None
    if isinstance(a, ReduceSmallDecisions) and isinstance(b, ReduceSmallDecisions):
        if a.band != b.band:
            return None
        where = f"band {a.band}, "
    elif isinstance(a, DigitalHomeCare) and isinstance(b, DigitalHomeCare):
        bands = [k for k in a.shares if a.shares[k] > 0 and b.shares.get(k, 0.0) > 0]
        if not bands:
            return None
        where = f"band(s) {', '.join(bands)}, "
    else:
        where = ""
    return f"{where}group(s) {', '.join(groups)}, ages {lo}-{hi}"


def _check_not_twice(levers: list[Intervention], ctx: _Ctx) -> None:
    """Refuse a lever that repeats an earlier one of the same kind on the same people: their
    effects would silently add up (two cuts of one band, two digital shares of one hour)."""
    new = levers[-1]
    for j, old in enumerate(levers[:-1]):
        both = _overlap(old, new)
        if both is not None:
            raise ctx.fail(f"{new.kind} given twice for the same people ({both}; also "
                           f"interventions[{j}]): the two would add up; write one "
                           "intervention with the combined value", "kind")


def _reduce(raw: Mapping[str, Any], ctx: _Ctx, years: range, _v: object
            ) -> ReduceSmallDecisions:
    band = raw.get("band")
    if band not in BANDS:
        raise ctx.fail(f"unknown band {band!r} (known: {', '.join(BANDS)})", "band")
    start = _year(raw, ctx, years)
    return ReduceSmallDecisions(str(band), _number(raw, "fraction", ctx, hi=1.0),
                                _target("reduce_small_decisions", raw, ctx),
                                _ramp(raw, ctx, years, start))


def _digital(raw: Mapping[str, Any], ctx: _Ctx, years: range, _v: object) -> DigitalHomeCare:
    shares = raw.get("shares")
    if not isinstance(shares, dict) or not shares:
        raise ctx.fail("expected a table band = share of the band's hours", "shares")
    sub = _Sub(ctx, "shares")
    clean = {}
    for band in shares:
        if band not in BANDS:
            raise sub.fail(f"unknown band (known: {', '.join(BANDS)})", band)
        clean[band] = _number(shares, band, sub, hi=1.0)
    d = DEFAULTS["digital_home_care"]
    start = _year(raw, ctx, years)
    return DigitalHomeCare(
        FrozenMap(clean),
        _number(raw, "ata_traditional", ctx, lo=1e-9, hi=1.0, default=d["ata_traditional"]),
        _number(raw, "ata_digital", ctx, lo=1e-9, hi=1.0, default=d["ata_digital"]),
        _number(raw, "system_cost_nok", ctx, default=d["system_cost_nok"]),
        _target("digital_home_care", raw, ctx), _ramp(raw, ctx, years, start))


def _housing(raw: Mapping[str, Any], ctx: _Ctx, years: range, _v: object) -> HousingProfile:
    start = _year(raw, ctx, years)
    return HousingProfile(_number(raw, "share", ctx, hi=1.0),
                          _target("housing_profile", raw, ctx), _ramp(raw, ctx, years, start))


def _reablement(raw: Mapping[str, Any], ctx: _Ctx, years: range, _v: object) -> Reablement:
    d = DEFAULTS["reablement"]
    start = _year(raw, ctx, years)
    lo = _number(raw, "delay_years_min", ctx, default=d["delay_years_min"])
    hi = _number(raw, "delay_years_max", ctx, default=d["delay_years_max"])
    if hi < lo:
        raise ctx.fail(f"delay_years_max {hi:g} is below delay_years_min {lo:g}",
                       "delay_years_max")
    return Reablement(_number(raw, "share", ctx, hi=1.0),
                      _number(raw, "package_weeks", ctx, default=d["package_weeks"]), lo, hi,
                      _target("reablement", raw, ctx), _ramp(raw, ctx, years, start))


def _staff(raw: Mapping[str, Any], ctx: _Ctx, years: range, _v: object) -> StaffLever:
    kind = str(raw["kind"])
    key, lo, hi = STAFF_LEVERS[kind]
    start = _year(raw, ctx, years)
    value = _number(raw, key, ctx, lo=lo, hi=hi)
    return StaffLever(kind, value, _ramp(raw, ctx, years, start))


_BUILD: dict[str, Callable[..., Intervention]] = {
    **dict.fromkeys(STAFF_LEVERS, _staff),
    "pathway_mix": _pathway_mix,
    "reduce_small_decisions": _reduce,
    "digital_home_care": _digital,
    "housing_profile": _housing,
    "reablement": _reablement,
}


def to_raw(iv: Intervention) -> dict[str, Any]:
    """Return the scenario-file shape of an intervention (for run.json; parses back)."""
    if isinstance(iv, PathwayMix):
        out: dict[str, Any] = {"kind": iv.kind, "groups": [iv.group]}
        if iv.existing_cases is not None:
            out["existing_cases"] = dict(iv.existing_cases)
        if iv.new_cases is not None:
            out["new_cases"] = {str(y): dict(m) for y, m in iv.new_cases}
        return out
    if isinstance(iv, StaffLever):
        return {"kind": iv.kind, "start_year": iv.ramp.start_year,
                "ramp": {str(y): s for y, s in iv.ramp.steps}, STAFF_LEVERS[iv.kind][0]: iv.value}
    out = {"kind": iv.kind, "groups": list(iv.target.groups),
           "ages": [iv.target.age_min, iv.target.age_max], "start_year": iv.ramp.start_year,
           "ramp": {str(y): s for y, s in iv.ramp.steps}}
    if isinstance(iv, ReduceSmallDecisions):
        out.update(band=iv.band, fraction=iv.fraction)
    elif isinstance(iv, DigitalHomeCare):
        out.update(shares=dict(iv.shares), ata_traditional=iv.ata_traditional,
                   ata_digital=iv.ata_digital, system_cost_nok=iv.system_cost_nok)
    elif isinstance(iv, Reablement):
        out.update(share=iv.share, package_weeks=iv.package_weeks,
                   delay_years_min=iv.delay_years_min, delay_years_max=iv.delay_years_max)
    else:
        out.update(share=iv.share)
    return out
