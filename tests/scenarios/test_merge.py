"""Override files: deep merge, wholesale replacement of mixes and capacity, provenance."""

from __future__ import annotations

from pathlib import Path

import pytest

import scenarios
from scenarios import DEFAULT_GROUPS, ScenarioError, load_scenario

from .conftest import MINIMAL, Writer

FAERDER = Path(scenarios.__file__).parent / "faerder"

BASE_WITH_MIXES = MINIMAL + """
[groups.dementia.existing_cases]
normal = 0.5
proactive = 0.5

[groups.dementia.new_cases.2024]
normal = 1.0

[groups.dementia.new_cases.2030]
reactive = 1.0

[capacity]
"9" = { 2024 = 50 }
"11" = { 2024 = 100, 2030 = 120 }
"""


def test_scalars_merge_and_the_rest_comes_from_the_base(write: Writer) -> None:
    write("base.toml", BASE_WITH_MIXES)
    s = load_scenario(write("x.toml", 'base = "base.toml"\nseed = 99\n'))
    assert s.seed == 99
    assert (s.name, s.replications, s.start_year) == ("t", 2, 2024)
    assert s.groups["dementia"].existing_cases == {"normal": 0.5, "proactive": 0.5}


def test_existing_cases_mix_is_replaced_not_merged(write: Writer) -> None:
    write("base.toml", BASE_WITH_MIXES)
    # merged key by key this would be normal 0.5 + proactive 0.5 + reactive 1.0 = 2
    s = load_scenario(write("x.toml", """\
        base = "base.toml"
        [groups.dementia.existing_cases]
        reactive = 1.0
        """))
    assert s.groups["dementia"].existing_cases == {"reactive": 1.0}


def test_new_cases_schedule_is_replaced_as_a_whole(write: Writer) -> None:
    write("base.toml", BASE_WITH_MIXES)
    s = load_scenario(write("x.toml", """\
        base = "base.toml"
        [groups.dementia.new_cases.2024]
        proactive = 1.0
        """))
    # the base's 2030 step is gone with the rest of its schedule
    assert s.groups["dementia"].new_cases == ((2024, {"proactive": 1.0}),)
    assert s.new_case_mix("dementia", 2035) == {"proactive": 1.0}
    # the untouched existing_cases still come from the base
    assert s.groups["dementia"].existing_cases == {"normal": 0.5, "proactive": 0.5}


def test_capacity_is_replaced_per_trinn_and_merged_across_trinn(write: Writer) -> None:
    write("base.toml", BASE_WITH_MIXES)
    s = load_scenario(write("x.toml", """\
        base = "base.toml"
        [capacity]
        "11" = { 2026 = 90 }
        """))
    assert s.capacity == {9: ((2024, 50),), 11: ((2026, 90),)}
    assert s.capacity_in(11, 2025) is None
    assert s.capacity_in(11, 2026) == 90
    assert s.capacity_in(11, 2035) == 90
    assert s.capacity_in(9, 2040) == 50


def test_an_empty_capacity_table_removes_the_base_capacity(write: Writer) -> None:
    write("base.toml", BASE_WITH_MIXES)
    s = load_scenario(write("x.toml", 'base = "base.toml"\ncapacity = { "11" = {} }\n'))
    assert s.capacity == {9: ((2024, 50),)}
    assert s.capacity_in(11, 2030) is None


def test_capacity_steps_are_sorted_by_year(write: Writer) -> None:
    s = load_scenario(write("x.toml", MINIMAL + '[capacity]\n"10" = { 2035 = 3, 2024 = 1 }\n'))
    assert s.capacity == {10: ((2024, 1), (2035, 3))}


def test_a_chain_of_three_files_lists_them_base_first(write: Writer) -> None:
    # a base may climb back up to the loaded file's folder, not above it
    a = write("a.toml", MINIMAL)
    b = write("sub/b.toml", 'base = "../a.toml"\nreplications = 5\n')
    c = write("c.toml", 'base = "sub/b.toml"\nname = "c"\n')
    s = load_scenario(c)
    assert s.files == (a, b, c)
    assert (s.name, s.replications, s.seed) == ("c", 5, 1)
    assert s.provenance["replications"] == str(b)
    assert s.provenance["name"] == str(c)
    assert s.provenance["seed"] == str(a)


def test_unmentioned_groups_get_their_default_pathway(write: Writer) -> None:
    s = load_scenario(write("x.toml", MINIMAL))
    assert set(s.groups) == set(DEFAULT_GROUPS)
    assert s.groups["dementia"].existing_cases == {"normal": 1.0}
    assert s.groups["dementia"].new_cases == ((2024, {"normal": 1.0}),)
    for group in ("frail_elderly", "disability", "mental_health", "children"):
        assert s.groups[group].existing_cases == {"status_quo": 1.0}
        assert s.new_case_mix(group, 2040) == {"status_quo": 1.0}
        assert s.provenance[f"groups.{group}.existing_cases.status_quo"] == "default"
    assert s.description == ""
    assert s.provenance["description"] == "default"


def test_a_group_with_only_existing_cases_gets_default_new_cases(write: Writer) -> None:
    s = load_scenario(write("x.toml", MINIMAL + """
        [groups.dementia.existing_cases]
        proactive = 1.0
        """))
    assert s.groups["dementia"].existing_cases == {"proactive": 1.0}
    assert s.new_case_mix("dementia", 2030) == {"normal": 1.0}


def test_a_custom_vocabulary(write: Writer) -> None:
    groups = {"dementia": ("normal", "proactive"), "stroke": ("rehab", "none")}
    s = load_scenario(write("x.toml", MINIMAL), groups=groups)
    assert set(s.groups) == {"dementia", "stroke"}
    assert s.groups["stroke"].existing_cases == {"rehab": 1.0}
    bad = write("y.toml", MINIMAL + "[groups.children.existing_cases]\nstatus_quo = 1.0\n")
    with pytest.raises(ScenarioError, match="unknown group 'children'"):
        load_scenario(bad, groups=groups)


def test_provenance_of_the_shipped_capacity_example() -> None:
    s = load_scenario(FAERDER / "capacity-example.toml")
    p = s.provenance
    base, normal, example = (str(FAERDER / f) for f in
                             ("base.toml", "normal.toml", "capacity-example.toml"))
    assert p["seed"] == base
    assert p["municipality"] == base
    assert p["groups.dementia.existing_cases.normal"] == base
    assert p["groups.dementia.new_cases.2024.normal"] == base
    assert p["name"] == example
    assert p["description.en"] == p["description.nb"] == example
    assert p["capacity.11.2024"] == example
    assert p["capacity.11.2030"] == example
    assert p["groups.children.new_cases.2024.status_quo"] == "default"
    assert str(normal) not in p.values()  # all it set was overridden again


def test_provenance_forgets_the_replaced_mix() -> None:
    s = load_scenario(FAERDER / "phased-proactive.toml")
    p = s.provenance
    phased = str(FAERDER / "phased-proactive.toml")
    assert p["groups.dementia.existing_cases.normal"] == phased
    assert p["groups.dementia.new_cases.2024.normal"] == phased
    assert p["groups.dementia.new_cases.2025.proactive"] == phased
    proactive = load_scenario(FAERDER / "proactive.toml").provenance
    assert "groups.dementia.existing_cases.normal" not in proactive
    assert proactive["groups.dementia.existing_cases.proactive"] == str(
        FAERDER / "proactive.toml")


def test_a_base_written_value_out_of_range_names_the_base(write: Writer) -> None:
    # the base's 2024 step falls outside once the override moves start_year to 2030
    base = write("base.toml", BASE_WITH_MIXES)
    x = write("x.toml", 'base = "base.toml"\nstart_year = 2030\n')
    with pytest.raises(ScenarioError) as info:
        load_scenario(x)
    assert str(info.value) == (f"{base}, key 'groups.dementia.new_cases.2024': year 2024 is "
                               "outside start_year..end_year (2030..2040)")


def test_a_description_is_replaced_as_a_whole(write: Writer) -> None:
    write("base.toml",
          MINIMAL + 'description.en = "Status quo"\ndescription.nb = "Status quo (nb)"\n')
    # key by key the override's English text would keep the base's Norwegian one
    s = load_scenario(write("x.toml", 'base = "base.toml"\ndescription.en = "All proactive"\n'))
    assert dict(s.descriptions) == {"en": "All proactive"}
    assert s.describe("nb") == "All proactive"  # no Norwegian text: the English one
    one = load_scenario(write("y.toml", 'base = "base.toml"\ndescription = "One text"\n'))
    assert (one.description, dict(one.descriptions)) == ("One text", {})
    assert one.describe("nb") == one.describe("en") == "One text"


def test_shipped_scenarios_describe_themselves_in_every_report_language() -> None:
    for path in sorted(FAERDER.glob("*.toml")):
        s = load_scenario(path)
        assert set(s.descriptions) == {"nb", "en", "nn"}, path.name
        assert set(s.titles) == {"nb", "en", "nn"}, path.name
        assert s.description == s.describe("en")
        assert s.describe("nb") != s.describe("en"), path.name
        assert s.describe("nn") != s.describe("nb"), path.name  # nynorsk, not a copy
        assert s.title("nb") != s.name, path.name  # a display name, not the identifier


def test_a_title_belongs_to_the_file_that_names_the_scenario(write: Writer) -> None:
    write("base.toml", MINIMAL + 'title.nb = "Dagens praksis"\ntitle.en = "Status quo"\n')
    same = load_scenario(write("x.toml", 'base = "base.toml"\nseed = 7\n'))
    assert same.title("nb") == "Dagens praksis"
    assert same.title("nn") == same.name  # no nynorsk title: the name
    renamed = load_scenario(write("y.toml", 'base = "base.toml"\nname = "other"\n'))
    assert renamed.title("nb") == "other"  # the base's title named the base
    assert same.with_overrides(name="cli-name").title("nb") == "cli-name"
    own = load_scenario(write("z.toml", 'base = "base.toml"\nname = "z"\ntitle.nb = "Zed"\n'))
    assert dict(own.titles) == {"nb": "Zed"}  # replaced whole, not merged with the base's
    assert load_scenario(own.files[-1]).to_dict()["title"] == {"nb": "Zed"}


@pytest.mark.parametrize(("text", "problem"), [
    ('title = "Just a string"\n', "expected a table of display names"),
    ('title.de = "Status quo"\n', "unknown report language 'de'"),
    ('title.nb = " "\n', "expected a non-empty string"),
])
def test_bad_titles(write: Writer, text: str, problem: str) -> None:
    with pytest.raises(ScenarioError, match=problem):
        load_scenario(write("x.toml", MINIMAL + text))
