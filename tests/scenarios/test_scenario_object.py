"""The Scenario object: frozen, overrides from the command line, to_dict and back."""

from __future__ import annotations

import dataclasses
import json
import pickle
from pathlib import Path

import pytest

import scenarios
from scenarios import GroupStrategy, Mix, Scenario, ScenarioError, load_scenario

FAERDER = Path(scenarios.__file__).parent / "faerder"


@pytest.fixture(scope="module")
def example() -> Scenario:
    return load_scenario(FAERDER / "capacity-example.toml")


def test_years_include_both_ends(example: Scenario) -> None:
    assert example.years == range(2024, 2041)
    assert len(example.years) == 17


def test_a_scenario_is_frozen(example: Scenario) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        example.seed = 1  # type: ignore[misc]
    with pytest.raises(TypeError):
        example.groups["dementia"] = example.groups["children"]  # type: ignore[index]
    with pytest.raises(TypeError):
        example.capacity[9] = ((2024, 1),)  # type: ignore[index]
    with pytest.raises(TypeError):
        example.provenance["seed"] = "me"  # type: ignore[index]
    with pytest.raises(TypeError):
        example.groups["dementia"].existing_cases["normal"] = 0.5  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        example.groups["dementia"].new_cases = ()  # type: ignore[misc]
    with pytest.raises(AttributeError):
        example.groups["dementia"].existing_cases._data = {}  # type: ignore[misc]


def test_with_overrides_returns_a_new_scenario(example: Scenario) -> None:
    s = example.with_overrides(seed=7, replications=3, name="trial")
    assert (s.seed, s.replications, s.name) == (7, 3, "trial")
    assert (s.provenance["seed"], s.provenance["replications"], s.provenance["name"]) == (
        "cli", "cli", "cli")
    assert s.provenance["capacity.11.2024"] == str(FAERDER / "capacity-example.toml")
    assert s.capacity == example.capacity
    # the original is untouched
    assert (example.seed, example.replications, example.name) == (
        20250212, 20, "capacity-example")
    assert example.provenance["seed"] == str(FAERDER / "base.toml")


def test_with_overrides_changes_only_what_is_given(example: Scenario) -> None:
    s = example.with_overrides(seed=0)
    assert s.seed == 0
    assert s.replications == 20
    assert s.provenance["replications"] == str(FAERDER / "base.toml")
    assert example.with_overrides() == example


@pytest.mark.parametrize(("kwargs", "key", "problem"), [
    ({"seed": -1}, "seed", "seed must be >= 0, got -1"),
    ({"seed": True}, "seed", "expected an integer"),
    ({"replications": 0}, "replications", "replications must be >= 1, got 0"),
    ({"name": "a/b"}, "name", "not a valid name"),
    ({"name": ""}, "name", "not a valid name"),
])
def test_invalid_overrides(example: Scenario, kwargs: dict[str, object], key: str,
                           problem: str) -> None:
    with pytest.raises(ScenarioError) as info:
        example.with_overrides(**kwargs)  # type: ignore[arg-type]
    msg = str(info.value)
    assert msg.startswith(f"command line, key '{key}': ")
    assert problem in msg


def test_to_dict_is_plain_json(example: Scenario) -> None:
    d = json.loads(json.dumps(example.to_dict()))
    assert d["name"] == "capacity-example"
    assert d["seed"] == 20250212
    assert d["capacity"] == {"11": {"2024": 137, "2030": 150}}
    assert d["groups"]["dementia"] == {"existing_cases": {"normal": 1.0},
                                       "new_cases": {"2024": {"normal": 1.0}}}
    assert d["groups"]["children"] == {"existing_cases": {"status_quo": 1.0},
                                       "new_cases": {"2024": {"status_quo": 1.0}}}
    assert d["files"] == [str(FAERDER / f) for f in
                          ("base.toml", "normal.toml", "capacity-example.toml")]
    assert d["provenance"]["capacity.11.2030"] == str(FAERDER / "capacity-example.toml")


def test_from_dict_reads_to_dict_back(example: Scenario) -> None:
    s = example.with_overrides(seed=5)
    back = Scenario.from_dict(json.loads(json.dumps(s.to_dict())))
    assert back == s
    assert back.provenance["seed"] == "cli"


def test_from_dict_validates_like_a_file(example: Scenario) -> None:
    d = example.to_dict()
    d["groups"]["dementia"]["existing_cases"] = {"normal": 0.5}
    with pytest.raises(ScenarioError, match=r"scenario dict, key 'groups\.dementia\."
                                            r"existing_cases': shares sum to 0\.5"):
        Scenario.from_dict(d)


def test_a_scenario_pickles(example: Scenario) -> None:
    # runners send scenarios to worker processes and Ray tasks
    back = pickle.loads(pickle.dumps(example))
    assert back == example
    assert isinstance(back.groups["dementia"].existing_cases, Mix)
    assert hash(back) == hash(example)


def test_new_case_mix_before_every_entry_uses_the_earliest() -> None:
    strategy = GroupStrategy(Mix({"normal": 1.0}),
                             ((2026, Mix({"proactive": 1.0})), (2030, Mix({"reactive": 1.0}))))
    assert strategy.new_case_mix(2024) == {"proactive": 1.0}
    assert strategy.new_case_mix(2026) == {"proactive": 1.0}
    assert strategy.new_case_mix(2029) == {"proactive": 1.0}
    assert strategy.new_case_mix(2030) == {"reactive": 1.0}


def test_new_case_mix_of_an_unknown_group(example: Scenario) -> None:
    with pytest.raises(KeyError, match="dementa"):
        example.new_case_mix("dementa", 2030)


def test_a_mix_reads_like_a_mapping() -> None:
    mix = Mix({"normal": 0.25, "proactive": 0.75})
    assert mix == {"normal": 0.25, "proactive": 0.75}
    assert mix.share("reactive") == 0.0
    assert list(mix) == ["normal", "proactive"]
    assert mix != {"normal": 1.0}
