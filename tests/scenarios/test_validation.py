"""Every invalid scenario fails at load with one line naming the file and the dotted key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from scenarios import ScenarioError, load_scenario

from .conftest import MINIMAL, Writer

Override = Callable[[str], Path]


def _error(path: Path) -> str:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    msg = str(info.value)
    assert "\n" not in msg
    return msg


# (override text on top of MINIMAL, dotted key, words of the problem)
BAD_OVERRIDES = [
    pytest.param('colour = "red"\n', "colour", "unknown key", id="unknown-top-level-key"),
    pytest.param("[groups.dementia]\nexisting = { normal = 1.0 }\n",
                 "groups.dementia.existing", "unknown key", id="unknown-nested-key"),
    pytest.param("[groups.dementia.existing_cases]\nnormal = 1.0\n[groups.dementia.extra]\n",
                 "groups.dementia.extra", "unknown key", id="unknown-key-beside-a-mix"),
    pytest.param('start_year = "2024"\n', "start_year", "expected an integer",
                 id="year-as-string"),
    pytest.param("seed = 1.5\n", "seed", "expected an integer", id="float-seed"),
    pytest.param("replications = true\n", "replications", "expected an integer",
                 id="bool-replications"),
    pytest.param("name = 3\n", "name", "expected a string", id="number-name"),
    pytest.param("groups = 1\n", "groups", "expected a table", id="groups-not-a-table"),
    pytest.param("[groups.dementia]\nexisting_cases = 1\n", "groups.dementia.existing_cases",
                 "expected a table", id="mix-not-a-table"),
    pytest.param('[groups.dementia.existing_cases]\nnormal = "all"\n',
                 "groups.dementia.existing_cases.normal", "expected a number",
                 id="share-as-string"),
    pytest.param('capacity = { "11" = { 2024 = 1.5 } }\n', "capacity.11.2024",
                 "expected an integer", id="fractional-places"),
    pytest.param("[groups.dementia.existing_cases]\nnormal = 1.5\nproactive = -0.5\n",
                 "groups.dementia.existing_cases.normal", "share 1.5 is outside 0..1",
                 id="share-above-1"),
    pytest.param("[groups.dementia.new_cases.2024]\nnormal = -0.5\nproactive = 1.5\n",
                 "groups.dementia.new_cases.2024.normal", "share -0.5 is outside 0..1",
                 id="share-below-0"),
    pytest.param("[groups.dementia.existing_cases]\nnormal = nan\n",
                 "groups.dementia.existing_cases.normal", "must be a finite number, got nan",
                 id="share-nan"),
    pytest.param("[groups.dementia.existing_cases]\nnormal = 0.5\nproactive = 0.4\n",
                 "groups.dementia.existing_cases", "shares sum to 0.9, not 1",
                 id="shares-sum-below-1"),
    pytest.param("[groups.dementia.new_cases.2030]\nnormal = 0.6\nreactive = 0.6\n",
                 "groups.dementia.new_cases.2030", "shares sum to 1.2, not 1",
                 id="shares-sum-above-1"),
    pytest.param("[groups.dementia.existing_cases]\nnormal = 0.333333\nproactive = 0.333333\n"
                 "reactive = 0.333333\n", "groups.dementia.existing_cases", "not 1",
                 id="thirds-off-by-1e-6"),
    pytest.param("[groups.dementia.existing_cases]\n", "groups.dementia.existing_cases",
                 "shares sum to 0, not 1 (no pathways)", id="empty-mix"),
    pytest.param("[groups.dementa.existing_cases]\nnormal = 1.0\n", "groups.dementa",
                 "unknown group 'dementa' (known: dementia, frail_elderly, disability, "
                 "mental_health, children)", id="unknown-group"),
    pytest.param("[groups.frail_elderly.existing_cases]\nproactive = 1.0\n",
                 "groups.frail_elderly.existing_cases.proactive",
                 "unknown pathway 'proactive' for group 'frail_elderly' (known: status_quo)",
                 id="pathway-of-another-group"),
    pytest.param('[groups.dementia.new_cases."20x5"]\nnormal = 1.0\n',
                 "groups.dementia.new_cases.20x5", "year key '20x5' is not an integer",
                 id="year-not-an-integer"),
    pytest.param('[groups.dementia.new_cases."02025"]\nnormal = 1.0\n',
                 "groups.dementia.new_cases.02025", "not an integer", id="year-leading-zero"),
    pytest.param("[groups.dementia.new_cases.2041]\nnormal = 1.0\n",
                 "groups.dementia.new_cases.2041",
                 "year 2041 is outside start_year..end_year (2024..2040)",
                 id="year-after-end"),
    pytest.param("[groups.dementia.new_cases.2023]\nnormal = 1.0\n",
                 "groups.dementia.new_cases.2023", "outside start_year..end_year",
                 id="year-before-start"),
    pytest.param("[groups.dementia]\nnew_cases = {}\n", "groups.dementia.new_cases",
                 "no years given", id="empty-new-cases"),
    pytest.param("end_year = 2024\n", "end_year", "end_year 2024 must be after start_year 2024",
                 id="end-equals-start"),
    pytest.param("end_year = 2020\n", "end_year", "must be after start_year",
                 id="end-before-start"),
    pytest.param("replications = 0\n", "replications", "replications must be >= 1, got 0",
                 id="zero-replications"),
    pytest.param("seed = -1\n", "seed", "seed must be >= 0, got -1", id="negative-seed"),
    pytest.param('name = "../escape"\n', "name", "not a valid name", id="name-with-slash"),
    pytest.param('municipality = ""\n', "municipality", "not a valid municipality",
                 id="empty-municipality"),
    pytest.param('capacity = { "7" = { 2024 = 10 } }\n', "capacity.7",
                 "trinn 7 is not place-based; capacity applies to trinn 9, 10, 11, 12",
                 id="capacity-not-place-based"),
    pytest.param('capacity = { "13" = { 2024 = 10 } }\n', "capacity.13",
                 "unknown trinn 13 (the ladder has trinn 1..12)", id="capacity-unknown-trinn"),
    pytest.param('capacity = { "eleven" = { 2024 = 10 } }\n', "capacity.eleven",
                 "trinn key 'eleven' is not an integer", id="capacity-trinn-not-integer"),
    pytest.param('capacity = { "11" = { 2024 = -5 } }\n', "capacity.11.2024",
                 "places must be >= 0, got -5", id="negative-places"),
    pytest.param('capacity = { "11" = { "2030.5" = 5 } }\n', "capacity.11.2030.5",
                 "not an integer", id="capacity-year-not-integer"),
    pytest.param('capacity = { "11" = { 2050 = 5 } }\n', "capacity.11.2050",
                 "outside start_year..end_year", id="capacity-year-outside"),
    pytest.param("capacity = 140\n", "capacity", "expected a table", id="capacity-scalar"),
]

# a description is replaced as a whole, so these are checked in the override that writes them
# (the base test below overrides the description)
BAD_DESCRIPTIONS = [
    pytest.param('description.no = "Normal"\n', "description.no",
                 "unknown report language 'no' (use nb, en or nn)", id="description-language"),
    pytest.param("description.nb = 3\n", "description.nb", "expected a string, got 3",
                 id="description-text-a-number"),
    pytest.param("description = {}\n", "description", "got an empty table",
                 id="description-empty-table"),
    pytest.param("description = 3\n", "description",
                 "expected a text, or a table of texts per report language",
                 id="description-number"),
]


@pytest.mark.parametrize(("text", "key", "problem"), BAD_OVERRIDES + BAD_DESCRIPTIONS)
def test_a_bad_value_in_an_override_names_the_override(with_base: Override, text: str,
                                                       key: str, problem: str) -> None:
    path = with_base(text)
    msg = _error(path)
    assert msg.startswith(f"{path}, key '{key}': ")
    assert problem in msg


@pytest.mark.parametrize(("text", "key", "problem"), BAD_OVERRIDES)
def test_a_bad_value_in_a_base_names_the_base(write: Writer, text: str, key: str,
                                              problem: str) -> None:
    # root.toml <- mid.toml (the bad value) <- x.toml: the error names mid.toml
    write("root.toml", MINIMAL)
    mid = write("mid.toml", 'base = "root.toml"\n' + text)
    override = write("x.toml", 'base = "mid.toml"\ndescription = "fine"\n')
    msg = _error(override)
    assert msg.startswith(f"{mid}, key '{key}': ")
    assert problem in msg


def test_a_base_key_that_is_not_a_string(write: Writer) -> None:
    path = write("x.toml", MINIMAL + "base = 3\n")
    assert _error(path) == f"{path}, key 'base': expected a file name (string), got 3"


def test_the_unknown_pathway_message_in_full(with_base: Override) -> None:
    path = with_base("[groups.dementia.new_cases.2025]\nproactiv = 1.0\n")
    assert _error(path) == (
        f"{path}, key 'groups.dementia.new_cases.2025.proactiv': unknown pathway 'proactiv' "
        "for group 'dementia' (known: normal, proactive, reactive)")


def test_a_misspelt_required_key_is_reported_as_unknown(write: Writer) -> None:
    path = write("x.toml", MINIMAL.replace("replications", "replicatons"))
    msg = _error(path)
    assert msg.startswith(f"{path}, key 'replicatons': unknown key")
    assert "replications" in msg  # the allowed keys are listed


@pytest.mark.parametrize("key", ["name", "municipality", "start_year", "end_year", "seed",
                                 "replications"])
def test_a_missing_required_key(write: Writer, key: str) -> None:
    text = "".join(line + "\n" for line in MINIMAL.splitlines()
                   if not line.startswith(key + " "))
    write("base.toml", text)
    override = write("x.toml", 'base = "base.toml"\n')
    msg = _error(override)
    assert msg.startswith(f"{override}, key '{key}': required key missing")


def test_shares_within_the_tolerance_load(with_base: Override) -> None:
    # three times 0.3333333333 is 1 - 1e-10, inside the 1e-9 tolerance
    path = with_base("[groups.dementia.existing_cases]\nnormal = 0.3333333333\n"
                     "proactive = 0.3333333333\nreactive = 0.3333333333\n")
    mix = load_scenario(path).groups["dementia"].existing_cases
    assert mix == {"normal": 0.3333333333, "proactive": 0.3333333333,
                   "reactive": 0.3333333333}


def test_a_toml_syntax_error_names_the_file_and_line(write: Writer) -> None:
    write("base.toml", MINIMAL)
    path = write("x.toml", 'base = "base.toml"\n\nseed = \n')
    msg = _error(path)
    assert msg.startswith(f"{path}: invalid TOML")
    assert "line 3" in msg


def test_a_toml_syntax_error_in_the_base_names_the_base(write: Writer) -> None:
    base = write("base.toml", MINIMAL + "[capacity\n")
    msg = _error(write("x.toml", 'base = "base.toml"\n'))
    assert msg.startswith(f"{base}: invalid TOML")
    assert "line 7" in msg


def test_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    assert _error(path) == f"{path}: file not found"


def test_a_folder_is_not_a_scenario_file(tmp_path: Path) -> None:
    assert _error(tmp_path).startswith(f"{tmp_path}: cannot read the file")


def test_a_missing_base_file(write: Writer, tmp_path: Path) -> None:
    path = write("x.toml", 'base = "bsae.toml"\nseed = 3\n')
    assert _error(path) == (f"{path}, key 'base': base file not found: "
                            f"{tmp_path / 'bsae.toml'}")


def test_a_base_cycle(write: Writer) -> None:
    a = write("a.toml", MINIMAL + 'base = "b.toml"\n')
    b = write("b.toml", 'base = "a.toml"\n')
    msg = _error(a)
    assert msg.startswith(f"{b}, key 'base': base files form a cycle")
    assert f"{a} -> {b} -> {a}" in msg


def test_a_file_that_is_its_own_base(write: Writer) -> None:
    a = write("a.toml", MINIMAL + 'base = "a.toml"\n')
    assert _error(a).startswith(f"{a}, key 'base': base files form a cycle")


def test_the_error_is_a_trappa_error(with_base: Override) -> None:
    from models.errors import TrappaError

    with pytest.raises(TrappaError):
        load_scenario(with_base("seed = -1\n"))
