"""What the planner types: free titles and their derived names, numbers checked before a run,
uploads that name a shipped base, municipality names and messages without internal paths."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from models.municipality import DATA_DIR
from runners.app import engine
from runners.app.inputs import MAX_NAME, MAX_TITLE, check_int, check_title, name_for
from runners.app.levers import build_strategy, lever_state
from runners.app.scenario_file import scenario_toml
from runners.app.texts import t
from scenarios import ScenarioError, load_scenario, resolve_scenario_path
from scenarios.checks import _NAME


@pytest.mark.parametrize(("title", "taken", "name"), [
    ("Planmøte A \N{EN DASH} 2030", (), "planmote-a-2030"),
    ("Plan for 2030", (), "plan-for-2030"),
    ("Færder: Økt hjemmetjeneste på Nøtterøy", (), "faerder-okt-hjemmetjeneste-pa-notteroy"),
    ("Crème brûlée", (), "creme-brulee"),
    ("!!!", (), "strategi"),
    ("", (), "strategi"),
    ("Normal", ("normal",), "normal-2"),
    ("normal", ("normal", "normal-2"), "normal-3"),
])
def test_a_title_gives_a_safe_name(title: str, taken: tuple[str, ...], name: str) -> None:
    got = name_for(title, taken)
    assert got == name
    assert _NAME.fullmatch(got)  # the scenario loader's rule for names


def test_a_long_title_gives_a_bounded_unique_name() -> None:
    title = "Ny plan " + "a" * 300
    name = name_for(title)
    assert len(name) == MAX_NAME
    other = name_for(title, taken={name})
    assert len(other) <= MAX_NAME
    assert other.endswith("-2")
    assert other != name


def test_a_free_title_is_the_files_title_and_runs(tmp_path: Path) -> None:
    title = "Planmøte A \N{EN DASH} 2030 \"utkast\""
    data = load_scenario(resolve_scenario_path("normal")).to_dict()
    built = build_strategy(data, lever_state(data), name_for(title, {"normal"}), {})
    built["title"] = {"nb": title, "nn": title, "en": title}
    path = tmp_path / "s.toml"
    path.write_text(scenario_toml(built), encoding="utf-8")
    s = load_scenario(path)
    assert (s.name, s.title("nb"), s.title("en")) == ("planmote-a-2030-utkast", title, title)


def test_title_length() -> None:
    assert check_title("x" * MAX_TITLE) is None
    key, fields = check_title("x" * 300)  # type: ignore[misc]
    assert t(key, "nb", **fields) == "Navnet er for langt: høyst 80 tegn (nå 300)."


@pytest.mark.parametrize(("value", "nb"), [
    (0, "Skriv et helt tall fra 1 til 1000 (nå 0)."),
    (-5, "Skriv et helt tall fra 1 til 1000 (nå \N{MINUS SIGN}5)."),
    (100000, "Skriv et helt tall fra 1 til 1000 (nå 100000)."),
])
def test_a_number_out_of_range_gets_a_norwegian_sentence(value: int, nb: str) -> None:
    key, fields = check_int(value, 1, 1000)  # type: ignore[misc]
    assert t(key, "nb", **fields) == nb


def test_good_numbers_pass_and_others_do_not() -> None:
    assert check_int(1, 1, 1000) is None
    assert check_int(1000, 1, 1000) is None
    assert check_int(20.0, 1, 1000) is None  # Streamlit may hand back a float
    assert check_int(2.5, 1, 1000) is not None
    assert check_int(True, 0) is not None
    assert check_int(None, 0) is not None
    key, fields = check_int(-10, 0)  # type: ignore[misc]
    assert t(key, "nb", **fields) == "Skriv et helt tall på minst 0 (nå \N{MINUS SIGN}10)."


def test_the_capacity_lever_names_a_bad_number_only_when_on() -> None:
    from runners.app.levers import Capacity

    data = load_scenario(resolve_scenario_path("normal")).to_dict()
    lever = Capacity(11)
    state = {**lever_state(data), "cap11.places1": -10, "cap11.year1": 1990}
    assert lever.problems(state, data) == {}  # off: the fields are not used
    state["cap11.on"] = True
    problems = lever.problems(state, data)
    assert set(problems) == {"cap11.places1", "cap11.year1"}
    key, fields = problems["cap11.year1"]
    assert t(key, "nb", **fields) == "Skriv et helt tall fra 2024 til 2040 (nå 1990)."


def test_new_cases_phase_in_with_years_between_steps(tmp_path: Path) -> None:
    """60 % proactive from 2026 in 3 steps 2 years apart: 20 % from 2026, 40 % from 2028,
    60 % from 2030 (the interventions' phase-in)."""
    data = load_scenario(resolve_scenario_path("normal")).to_dict()
    state = {**lever_state(data), "new.proactive": 60, "new.from": 2026, "new.steps": 3,
             "new.gap": 2}
    path = tmp_path / "gap.toml"
    path.write_text(scenario_toml(build_strategy(data, state, "gap", {})), encoding="utf-8")
    s = load_scenario(path)
    expected = {2025: 0.0, 2026: 0.2, 2027: 0.2, 2028: 0.4, 2029: 0.4, 2030: 0.6, 2040: 0.6}
    for year, share in expected.items():
        assert s.new_case_mix("dementia", year).get("proactive", 0.0) == pytest.approx(share)


def test_an_upload_with_a_shipped_base(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRAPPA_APP_CACHE", str(tmp_path / "cache"))
    text = ('base = "normal.toml"\nname = "mine"\n'
            "[groups.dementia.existing_cases]\nproactive = 1.0\n")
    s = engine.load_text(text, "mine.toml", bases="faerder")
    normal = load_scenario(resolve_scenario_path("normal"))
    assert s.name == "mine"
    assert s.groups["dementia"].existing_cases == {"proactive": 1.0}
    assert (s.start_year, s.end_year) == (normal.start_year, normal.end_year)
    # a base that is not there: the message names the file as written, never a folder
    with pytest.raises(ScenarioError, match="base file not found") as caught:
        engine.load_text(text.replace('"normal.toml"', '"normal"'), "mine.toml",
                         bases="faerder")
    line = engine.one_line(caught.value)
    assert "normal" in line
    assert str(tmp_path) not in line
    assert "/" not in line.split("mine.toml", 1)[1]


def test_municipality_names_and_estimates(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    assert engine.municipality_title("faerder", "nb") == "Færder"
    assert engine.estimated("faerder") == ()
    folder = tmp_path / "tinn-import"
    shutil.copytree(DATA_DIR / "porsgrunn", folder)
    raw = tomllib.loads((folder / "import.toml").read_text(encoding="utf-8"))
    monkeypatch.setitem(engine._imported, "tinn-import", folder)
    assert engine.municipality_title("tinn-import", "nb") == raw["import"]["name"]
    assert engine.estimated("tinn-import") == tuple(raw["estimated"].values())
    assert len(engine.estimated("tinn-import")) > 0
