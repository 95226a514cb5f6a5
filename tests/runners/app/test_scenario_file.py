"""The saved strategy: every lever on, written as TOML, re-read by the CLI's loader."""

from __future__ import annotations

import contextlib
import dataclasses
import io
from pathlib import Path

import pytest

from runners import cli
from runners.app import engine
from runners.app.levers import build_strategy, lever_state
from runners.app.scenario_file import scenario_toml
from scenarios import Scenario, load_scenario
from scenarios.interventions import (
    DigitalHomeCare,
    HousingProfile,
    Ramp,
    Reablement,
    ReduceSmallDecisions,
    Target,
)

HOME_CARE = ("frail_elderly", "disability", "mental_health", "children")

#: Every lever moved off the reference's values (alternativ-boligprofil, 2024-2040).
EVERY_LEVER = {
    "existing.proactive": 40, "existing.reactive": 10,
    "new.proactive": 60, "new.reactive": 0, "new.from": 2026, "new.steps": 3, "new.gap": 1,
    "cap11.on": True, "cap11.year1": 2024, "cap11.places1": 140,
    "cap11.on2": True, "cap11.year2": 2032, "cap11.places2": 160,
    "small.on": True, "small.band": "2.5-5", "small.fraction": 25, "small.start": 2027,
    "small.steps": 2, "small.gap": 3,
    "digital.on": True, "digital.share.0-1": 40, "digital.share.1-2.5": 0,
    "digital.share.2.5-5": 0, "digital.share.5-10": 0, "digital.share.10-15": 0,
    "digital.share.gt15": 15, "digital.start": 2025, "digital.steps": 1,
    "housing.share": 45, "housing.start": 2027,
    "reablement.on": True, "reablement.share": 60, "reablement.start": 2028,
    "reablement.steps": 2, "reablement.gap": 2,
}


def _bare(s: Scenario) -> Scenario:
    """The scenario without where it was read from (the two files have different paths)."""
    return dataclasses.replace(s, files=(), provenance={})


def _mixes(s: Scenario) -> dict[str, object]:
    def nonzero(mix: object) -> dict[str, float]:
        return {p: v for p, v in dict(mix).items() if v}  # type: ignore[call-overload]

    return {g: (nonzero(st.existing_cases), [(y, nonzero(m)) for y, m in st.new_cases])
            for g, st in s.groups.items()}


def test_every_lever_on_round_trips_through_the_cli_loader(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRAPPA_APP_CACHE", str(tmp_path / "cache"))
    ref = engine.reference_data("alternativ-boligprofil", "faerder")
    data = build_strategy(ref, {**lever_state(ref), **EVERY_LEVER}, "alle-spaker",
                          {"nb": "alle spakene", "en": "every lever"})
    app, text = engine.scenario_from_data(data, "strategy saved from trappa app")
    saved = tmp_path / "alle-spaker.toml"
    saved.write_text(text, encoding="utf-8")
    cli_scenario = load_scenario(saved)
    assert _bare(cli_scenario) == _bare(app)
    # the TOML carries everything the dict holds: the dict validated directly is the same
    # (but for pathways at share 0, which the file leaves out and the loader reads as 0)
    direct = Scenario.from_dict(data)
    assert _bare(dataclasses.replace(direct, groups={})) == _bare(
        dataclasses.replace(cli_scenario, groups={}))
    assert _mixes(direct) == _mixes(cli_scenario)
    # and what it holds is what the levers say (by hand, docs/scenarios.md's defaults for
    # what the widgets do not set)
    assert cli_scenario.interventions == (
        HousingProfile(0.45, Target(("dementia", "frail_elderly"), 67, 120),
                       Ramp(2027, ((2027, 0.33), (2029, 0.67), (2031, 1.0)))),
        ReduceSmallDecisions("2.5-5", 0.25, Target(HOME_CARE, 0, 120),
                             Ramp(2027, ((2027, 0.5), (2030, 1.0)))),
        DigitalHomeCare({"0-1": 0.4, ">15": 0.15}, 0.5, 0.7, 960_000.0,  # type: ignore[arg-type]
                        Target(HOME_CARE, 0, 120), Ramp(2025, ((2025, 1.0),))),
        Reablement(0.6, 10.0, 0.5, 1.0, Target(("frail_elderly",), 67, 120),
                   Ramp(2028, ((2028, 0.5), (2030, 1.0)))),
    )
    assert cli_scenario.capacity_in(11, 2031) == 140
    assert cli_scenario.capacity_in(11, 2032) == 160
    assert cli_scenario.groups["dementia"].existing_cases == {"normal": 0.5, "proactive": 0.4,
                                                              "reactive": 0.1}
    assert cli_scenario.new_case_mix("dementia", 2027)["proactive"] == pytest.approx(0.4)
    assert cli_scenario.descriptions == {"nb": "alle spakene", "en": "every lever"}
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli.main(["run", str(saved), "--runs", "1", "--out", str(tmp_path / "run"),
                         "--no-plots"]) == 0


def test_a_reference_cut_short_keeps_its_intervention_within_the_years(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """alternativ-boligprofil to 2028: the ramp's 2030 step is left out, the rest kept;
    to 2025 the profile (from 2026) is gone. Either file loads."""
    monkeypatch.setenv("TRAPPA_APP_CACHE", str(tmp_path / "cache"))
    short = engine.reference_scenario(engine.reference_data("alternativ-boligprofil",
                                                            "faerder", 2028))
    [housing] = short.interventions
    assert isinstance(housing, HousingProfile)
    assert housing.ramp == Ramp(2026, ((2026, 0.33), (2028, 0.67)))
    shorter = engine.reference_scenario(engine.reference_data("alternativ-boligprofil",
                                                              "faerder", 2025))
    assert shorter.interventions == ()


def test_titles_and_quoted_band_keys_are_valid_toml() -> None:
    import tomllib

    text = scenario_toml({"name": "n", "municipality": "faerder", "start_year": 2024,
                          "end_year": 2030, "seed": 1, "replications": 1,
                          "title": {"nb": "Tittel", "en": "Title"},
                          "interventions": [{"kind": "digital_home_care", "start_year": 2025,
                                             "shares": {"2.5-5": 0.2, ">15": 0.1}}]})
    parsed = tomllib.loads(text)
    assert parsed["title"] == {"nb": "Tittel", "en": "Title"}
    assert parsed["interventions"] == [{"kind": "digital_home_care", "start_year": 2025,
                                        "shares": {"2.5-5": 0.2, ">15": 0.1}}]
