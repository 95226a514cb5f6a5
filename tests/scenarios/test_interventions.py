"""Interventions in scenario files: parsed into typed objects, strictly validated, the
dementia pathway mixes as one kind (the [groups] form keeps working)."""

from __future__ import annotations

import pickle

import pytest

from scenarios import ScenarioError, load_scenario, resolve_scenario_path
from scenarios.interventions import DigitalHomeCare, HousingProfile, ReduceSmallDecisions
from scenarios.scenario import Scenario

from .conftest import MINIMAL, Writer

SMALL = '[[interventions]]\nkind = "reduce_small_decisions"\nband = "0-1"\nfraction = 0.5\n'


def _error(write: Writer, text: str) -> str:
    path = write("x.toml", MINIMAL + text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    msg = str(info.value)
    assert "\n" not in msg
    assert msg.startswith(str(path))
    return msg


BAD = [
    pytest.param('[[interventions]]\nkind = "teleport"\nstart_year = 2025\n',
                 "interventions[0].kind", "unknown kind 'teleport'", id="unknown-kind"),
    pytest.param(SMALL + "start_year = 2025\ncolour = 1\n", "interventions[0].colour",
                 "unknown key", id="unknown-key"),
    pytest.param(SMALL.replace("0.5", "1.5") + "start_year = 2025\n",
                 "interventions[0].fraction", "share 1.5 is outside 0..1", id="share-above-1"),
    pytest.param(SMALL.replace("0.5", "-0.2") + "start_year = 2025\n",
                 "interventions[0].fraction", "share -0.2 is outside 0..1",
                 id="negative-effect"),
    pytest.param(SMALL + "start_year = 2025\nramp = { 2045 = 1.0 }\n",
                 "interventions[0].ramp.2045", "outside start_year..end_year",
                 id="ramp-year-outside-run"),
    pytest.param(SMALL + "start_year = 2025\nramp = { 2024 = 1.0 }\n",
                 "interventions[0].ramp.2024", "before the intervention's start_year",
                 id="ramp-year-before-start"),
    pytest.param(SMALL + "start_year = 2025\nramp = { 2026 = 1.2 }\n",
                 "interventions[0].ramp.2026", "share 1.2 is outside 0..1",
                 id="ramp-share-above-1"),
    pytest.param(SMALL + "start_year = 2050\n", "interventions[0].start_year",
                 "outside start_year..end_year", id="start-outside-run"),
    pytest.param(SMALL, "interventions[0].start_year", "required key missing",
                 id="start-missing"),
    pytest.param('[[interventions]]\nkind = "digital_home_care"\nstart_year = 2025\n'
                 'shares = { "0-1" = 0.2 }\nsystem_cost_nok = -960000\n',
                 "interventions[0].system_cost_nok", "must be >= 0", id="negative-cost"),
    pytest.param('[[interventions]]\nkind = "digital_home_care"\nstart_year = 2025\n'
                 'shares = { "0-0.5" = 0.2 }\n', "interventions[0].shares.0-0.5",
                 "unknown band", id="unknown-band"),
    pytest.param(SMALL + 'start_year = 2025\ngroups = ["dementia"]\n',
                 "interventions[0].groups", "cannot be targeted", id="group-not-targetable"),
    pytest.param(SMALL + "start_year = 2025\nages = [80, 67]\n", "interventions[0].ages",
                 "expected [min, max]", id="ages-reversed"),
    pytest.param('[[interventions]]\nkind = "housing_profile"\nstart_year = 2025\n'
                 "share = 0.3\n" + SMALL.replace('"0-1"', "3") + "start_year = 2025\n",
                 "interventions[1].band", "unknown band", id="second-block-named"),
    pytest.param('[groups.dementia.existing_cases]\nnormal = 1.0\n'
                 '[[interventions]]\nkind = "pathway_mix"\ngroups = ["dementia"]\n'
                 "existing_cases = { proactive = 1.0 }\n", "interventions[0].groups",
                 "both", id="mix-given-twice"),
    pytest.param('[[interventions]]\nkind = "pathway_mix"\ngroups = ["dementia"]\n'
                 'new_cases = { 2025 = { proactiv = 1.0 } }\n',
                 "interventions[0].new_cases.2025.proactiv", "unknown pathway",
                 id="mix-unknown-pathway"),
]


@pytest.mark.parametrize(("text", "key", "words"), BAD)
def test_a_bad_intervention_block_names_file_and_key(write, text, key, words):
    msg = _error(write, text)
    assert f"key '{key}'" in msg
    assert words in msg


def test_interventions_parse_into_typed_frozen_objects_that_compose(write):
    s = load_scenario(write("x.toml", MINIMAL + SMALL + "start_year = 2025\n"
                            "ramp = { 2025 = 0.5, 2027 = 1.0 }\n"
                            '[[interventions]]\nkind = "digital_home_care"\nstart_year = 2026\n'
                            'shares = { "0-1" = 0.2, "1-2.5" = 0.03 }\n'
                            '[[interventions]]\nkind = "housing_profile"\nstart_year = 2025\n'
                            "share = 0.25\n"))
    small, digital, housing = s.interventions
    assert isinstance(small, ReduceSmallDecisions)
    assert small.band == "0-1"
    assert [small.ramp.share(y) for y in (2024, 2025, 2026, 2027, 2040)] == [0, .5, .5, 1, 1]
    assert isinstance(digital, DigitalHomeCare)
    # defaults from seed 001's tables
    assert (digital.ata_traditional, digital.ata_digital, digital.system_cost_nok) == (
        0.5, 0.7, 960_000)
    assert digital.ramp.share(2025) == 0
    assert digital.ramp.share(2026) == 1
    assert isinstance(housing, HousingProfile)
    assert housing.target.groups == ("dementia", "frail_elderly")
    assert housing.target.age_min == 67  # the seeds' boligprofil: inhabitants 67+
    with pytest.raises(AttributeError):
        small.fraction = 0.9  # type: ignore[misc]
    again = Scenario.from_dict(s.to_dict())
    assert again.interventions == s.interventions
    assert pickle.loads(pickle.dumps(s)).interventions == s.interventions


def test_pathway_mix_intervention_equals_the_groups_form(write):
    # phased-proactive.toml in the [groups] form (kept working) and as an intervention
    shipped = load_scenario(resolve_scenario_path("phased-proactive"))
    as_lever = load_scenario(write("x.toml", MINIMAL + """
[[interventions]]
kind = "pathway_mix"
groups = ["dementia"]
existing_cases = { normal = 1.0 }
new_cases = { 2024 = { normal = 1.0 }, 2025 = { proactive = 1.0 } }
"""))
    assert as_lever.groups == shipped.groups
    assert as_lever.interventions == ()


def test_an_override_replaces_the_whole_list(write):
    write("base.toml", MINIMAL + SMALL + "start_year = 2025\n")
    s = load_scenario(write("x.toml", 'base = "base.toml"\n'
                            '[[interventions]]\nkind = "housing_profile"\nstart_year = 2030\n'
                            "share = 0.1\n"))
    assert [iv.kind for iv in s.interventions] == ["housing_profile"]


def test_the_documented_interventions_load(write):
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "scenarios.md").read_text("utf-8")
    (block,) = [b for b in re.findall(r"```toml\n(.*?)```", doc, flags=re.S)
                if "[[interventions]]" in b]
    s = load_scenario(write("x.toml", MINIMAL + block))
    assert [iv.kind for iv in s.interventions] == ["reduce_small_decisions",
                                                   "digital_home_care", "housing_profile"]


def test_reablement_defaults_come_from_the_cited_trials(write):
    s = load_scenario(write("x.toml", MINIMAL + '[[interventions]]\nkind = "reablement"\n'
                            "start_year = 2025\nshare = 0.4\n"))
    (iv,) = s.interventions
    # Tuntland et al. 2015: a 10-week programme; Langeland et al. 2019: effects at 6 months,
    # none at 12 months
    assert (iv.package_weeks, iv.delay_years_min, iv.delay_years_max) == (10, 0.5, 1.0)
    assert iv.target.groups == ("frail_elderly",)
    msg = _error(write, '[[interventions]]\nkind = "reablement"\nstart_year = 2025\n'
                 "share = 0.4\ndelay_years_min = 1.0\ndelay_years_max = 0.5\n")
    assert "key 'interventions[0].delay_years_max'" in msg
