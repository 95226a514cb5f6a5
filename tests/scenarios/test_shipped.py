"""The shipped Færder scenarios load and say what their files say."""

from __future__ import annotations

from pathlib import Path

import pytest

import scenarios
from scenarios import ScenarioError, load_scenario, resolve_scenario_path

FAERDER = Path(scenarios.__file__).parent / "faerder"
SHIPPED = ["base", "normal", "proactive", "reactive", "phased-proactive", "capacity-example",
           "alternativ-boligprofil"]
OTHER_GROUPS = ["frail_elderly", "disability", "mental_health", "children"]


@pytest.mark.parametrize("name", SHIPPED)
def test_each_shipped_file_loads_with_common_settings(name: str) -> None:
    s = load_scenario(FAERDER / f"{name}.toml")
    assert s.name == name
    assert s.municipality == "faerder"
    assert (s.start_year, s.end_year) == (2024, 2040)
    assert (s.seed, s.replications) == (20250212, 20)
    assert s.files[0] == FAERDER / "base.toml"
    assert s.files[-1] == FAERDER / f"{name}.toml"
    for group in OTHER_GROUPS:
        assert s.groups[group].existing_cases == {"status_quo": 1.0}
        assert s.new_case_mix(group, 2030) == {"status_quo": 1.0}


@pytest.mark.parametrize("name", SHIPPED)
def test_each_shipped_file_opens_with_a_comment(name: str) -> None:
    first = (FAERDER / f"{name}.toml").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# Færder")


@pytest.mark.parametrize(("name", "pathway"), [("base", "normal"), ("normal", "normal"),
                                               ("proactive", "proactive"),
                                               ("reactive", "reactive")])
def test_whole_population_strategies(name: str, pathway: str) -> None:
    s = load_scenario(FAERDER / f"{name}.toml")
    dementia = s.groups["dementia"]
    assert dementia.existing_cases == {pathway: 1.0}
    assert dementia.new_cases == ((2024, {pathway: 1.0}),)
    for year in (2024, 2031, 2040):
        assert s.new_case_mix("dementia", year) == {pathway: 1.0}
    assert s.capacity == {}


def test_phased_proactive_switches_new_cases_in_2025() -> None:
    s = load_scenario(FAERDER / "phased-proactive.toml")
    assert s.groups["dementia"].existing_cases == {"normal": 1.0}
    assert s.new_case_mix("dementia", 2024) == {"normal": 1.0}
    assert s.new_case_mix("dementia", 2025) == {"proactive": 1.0}
    assert s.new_case_mix("dementia", 2040) == {"proactive": 1.0}


def test_capacity_example_is_a_step_function_on_trinn_11() -> None:
    s = load_scenario(FAERDER / "capacity-example.toml")
    assert s.capacity == {11: ((2024, 137), (2030, 150))}
    assert s.capacity_in(11, 2024) == 137
    assert s.capacity_in(11, 2029) == 137
    assert s.capacity_in(11, 2030) == 150
    assert s.capacity_in(11, 2040) == 150
    assert s.capacity_in(11, 2023) is None  # before the first year: unconstrained
    for trinn in (9, 10, 12):
        assert s.capacity_in(trinn, 2030) is None
    # its pathways are normal.toml's
    assert s.groups["dementia"].existing_cases == {"normal": 1.0}
    assert s.files == (FAERDER / "base.toml", FAERDER / "normal.toml",
                       FAERDER / "capacity-example.toml")


def test_every_shipped_file_is_listed() -> None:
    assert sorted(p.stem for p in FAERDER.glob("*.toml")) == sorted(SHIPPED)


@pytest.mark.parametrize("name", SHIPPED)
def test_resolve_a_shipped_name(name: str) -> None:
    assert resolve_scenario_path(name) == FAERDER / f"{name}.toml"
    assert resolve_scenario_path(name, municipality="faerder") == FAERDER / f"{name}.toml"


def test_resolve_an_existing_path_as_is(tmp_path: Path) -> None:
    path = tmp_path / "proactive"  # a file named like a shipped scenario wins
    path.write_text("", encoding="utf-8")
    assert resolve_scenario_path(str(path)) == path


def test_resolve_an_unknown_name_lists_the_shipped_ones() -> None:
    with pytest.raises(ScenarioError) as info:
        resolve_scenario_path("proactiv")
    msg = str(info.value)
    assert "proactiv" in msg
    for name in SHIPPED:
        assert name in msg


def test_resolve_a_missing_path() -> None:
    with pytest.raises(ScenarioError, match=r"nowhere/x\.toml: file not found"):
        resolve_scenario_path("nowhere/x.toml")


def test_resolve_an_unknown_municipality() -> None:
    with pytest.raises(ScenarioError, match=r"no scenarios shipped for municipality 'oslo'.*"
                                            r"faerder"):
        resolve_scenario_path("normal", municipality="oslo")
