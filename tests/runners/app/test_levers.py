"""Levers: widget values to scenario fragments, checked against the scenario loader."""

from __future__ import annotations

from pathlib import Path

import pytest

from runners.app.intervention_levers import band_text
from runners.app.levers import LEVERS, Capacity, NewCases, build_strategy, lever_state
from runners.app.scenario_file import scenario_toml
from scenarios import load_scenario, resolve_scenario_path


def _data(name: str) -> dict:
    return load_scenario(resolve_scenario_path(name)).to_dict()


@pytest.mark.parametrize("name", ["normal", "proactive", "reactive", "phased-proactive",
                                  "capacity-example", "alternativ-boligprofil"])
def test_levers_read_back_every_shipped_scenario(name: str, tmp_path: Path) -> None:
    """Levers set from a shipped scenario build that scenario again (the loader agrees)."""
    data = _data(name)
    state = lever_state(data)
    built = build_strategy(data, state, name, data["description"])
    path = tmp_path / f"{name}.toml"
    path.write_text(scenario_toml(built), encoding="utf-8")
    again, shipped = load_scenario(path), load_scenario(resolve_scenario_path(name))
    for field in ("name", "municipality", "start_year", "end_year", "seed", "replications",
                  "descriptions"):
        assert getattr(again, field) == getattr(shipped, field)
    assert dict(again.groups) == dict(shipped.groups)
    assert dict(again.capacity) == dict(shipped.capacity)
    assert again.interventions == shipped.interventions


def test_new_cases_ramp_by_hand(tmp_path: Path) -> None:
    """60 % proactive from 2026 over 3 years: 20 %, 40 %, 60 % in 2026-2028, normal before."""
    data = _data("normal")
    state = {**lever_state(data), "new.proactive": 60, "new.reactive": 0, "new.from": 2026,
             "new.steps": 3}
    built = build_strategy(data, state, "ramp", {})
    path = tmp_path / "ramp.toml"
    path.write_text(scenario_toml(built), encoding="utf-8")
    s = load_scenario(path)
    expected = {2025: 0.0, 2026: 0.2, 2027: 0.4, 2028: 0.6, 2040: 0.6}
    for year, share in expected.items():
        mix = s.new_case_mix("dementia", year)
        assert mix.get("proactive", 0.0) == pytest.approx(share, abs=1e-12)
        assert mix["normal"] == pytest.approx(1 - share, abs=1e-12)


def test_capacity_lever_writes_and_removes_places(tmp_path: Path) -> None:
    data = _data("normal")
    lever = Capacity(10)
    state = {**lever_state(data), "cap10.on": True, "cap10.year1": 2024, "cap10.places1": 80,
             "cap10.on2": True, "cap10.year2": 2030, "cap10.places2": 95}
    built = build_strategy(data, state, "cap", {})
    assert built["capacity"] == {"10": {"2024": 80, "2030": 95}}
    path = tmp_path / "cap.toml"
    path.write_text(scenario_toml(built), encoding="utf-8")
    s = load_scenario(path)
    assert (s.capacity_in(10, 2029), s.capacity_in(10, 2030)) == (80, 95)
    off = lever.apply(_data("capacity-example"), {**lever.read(built), "on": False})
    assert off["capacity"] == {"11": {"2024": 137, "2030": 150}}


def test_an_impossible_mix_is_the_loaders_one_line_error(tmp_path: Path) -> None:
    data = _data("normal")
    state = {**lever_state(data), "existing.proactive": 70, "existing.reactive": 50}
    path = tmp_path / "bad.toml"
    path.write_text(scenario_toml(build_strategy(data, state, "bad", {})), encoding="utf-8")
    from scenarios import ScenarioError
    with pytest.raises(ScenarioError, match=r"groups\.dementia\.existing_cases\.normal"):
        load_scenario(path)


def test_every_lever_has_distinct_widget_keys() -> None:
    keys = [k for lever in LEVERS for k in lever.state(lever.read(_data("normal")))]
    assert len(keys) == len(set(keys))
    assert isinstance(LEVERS[1], NewCases)


def test_app_command_binds_to_this_machine_by_default() -> None:
    import argparse

    from runners.app.command import register, streamlit_command

    parser = argparse.ArgumentParser(prog="trappa")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["app"])
    assert (args.host, args.port, args.municipality) == ("127.0.0.1", 8501, [])
    cmd = streamlit_command(args.port, args.host)
    for flag, value in (("--server.address", "127.0.0.1"), ("--server.port", "8501"),
                        ("--server.headless", "true"), ("--browser.gatherUsageStats", "false"),
                        ("--client.toolbarMode", "minimal")):
        assert cmd[cmd.index(flag) + 1] == value
    # Streamlit's "run page.py", in a process that imports the page's modules first
    assert cmd[1:3] == ["-m", "runners.app.serve"]
    assert parser.parse_args(["app", "--host", "0.0.0.0", "--port", "9000"]).port == 9000


def test_an_imported_municipality_runs_from_its_folder(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from models.municipality import DATA_DIR
    from runners.app import engine

    monkeypatch.setenv("TRAPPA_APP_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "importert"
    shutil.copytree(DATA_DIR / "faerder", folder)
    name = engine.register_imported(str(folder))
    assert name == "importert"
    data = engine.reference_data("normal", name, 2026)
    assert data["municipality"] == "importert"
    ref = engine.reference_scenario(data)
    assert engine._runnable(ref).municipality == str(folder.resolve())
    engine.check_municipality(str(folder))
    # the cache key reads the folder's data, not the shipped municipality's
    assert engine.reference_dir(ref, 1, 1).parent == tmp_path / "cache" / "reference"


def _interventions(state_changes: dict, name: str = "normal") -> list[dict]:
    data = _data(name)
    built = build_strategy(data, {**lever_state(data), **state_changes}, "x", {})
    return built.get("interventions", [])


def test_intervention_levers_are_off_on_a_reference_without_them() -> None:
    assert _interventions({}) == []


def test_intervention_levers_build_the_docs_tables() -> None:
    """Switched on with their defaults, the levers write docs/scenarios.md's example tables
    (the cut in whole percents: 33 % for the docs' 0.3333) and the shipped housing file's."""
    on = {"small.on": True, "digital.on": True, "housing.on": True, "reablement.on": True}
    assert _interventions(on) == [
        {"kind": "reduce_small_decisions", "start_year": 2025,
         "ramp": {"2025": 0.5, "2026": 1.0}, "band": "1-2.5", "fraction": 0.33},
        {"kind": "digital_home_care", "start_year": 2025, "ramp": {"2025": 1.0},
         "shares": {"0-1": 0.5, "1-2.5": 0.3, "2.5-5": 0.2, "5-10": 0.1}},
        {"kind": "housing_profile", "start_year": 2026,
         "ramp": {"2026": 0.33, "2028": 0.67, "2030": 1.0}, "share": 0.3},
        {"kind": "reablement", "start_year": 2025, "ramp": {"2025": 1.0}, "share": 0.5},
    ]


def test_the_housing_lever_reads_the_shipped_profile_back() -> None:
    data = _data("alternativ-boligprofil")
    built = build_strategy(data, lever_state(data), "x", {})
    assert built["interventions"] == data["interventions"]
    off = _interventions({"housing.on": False}, "alternativ-boligprofil")
    assert off == []


def test_ramp_years_after_the_last_year_are_left_out() -> None:
    from runners.app.intervention_levers import ramp_table

    # 4 steps 3 years apart from 2030: 2030, 2033, 2036, 2039 (2042 would be a fifth)
    assert ramp_table(2030, 4, 3, 2038) == {"2030": 0.25, "2033": 0.5, "2036": 0.75}


@pytest.mark.parametrize(("band", "nb", "en"), [
    ("1-2.5", "1\u20132,5", "1\u20132.5"),
    ("0-1", "0\u20131", "0\u20131"),
    (">15", "> 15", "> 15"),
])
def test_a_decision_band_is_written_in_the_language(band: str, nb: str, en: str) -> None:
    assert band_text(band, "nb") == nb
    assert band_text(band, "nn") == nb
    assert band_text(band, "en") == en
