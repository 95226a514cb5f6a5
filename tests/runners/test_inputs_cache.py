"""`runners.run.prepare` derives each draw's engine inputs once per process: a later run with
the same data, years and parameters (values, layers, sources) gets the same inputs object,
and anything `derive_inputs` reads that differs derives them anew."""

from __future__ import annotations

import dataclasses
import pickle
import shutil

import pytest

from models.municipality import municipality_folder
from runners import run
from runners.run import prepare
from scenarios import load_scenario, resolve_scenario_path
from sim.engine import run_replication

DRAWS = ({}, {"mortality_level": 1.1})


@pytest.fixture
def empty_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run, "_DERIVED", type(run._DERIVED)())


def _normal():
    return load_scenario(resolve_scenario_path("normal"))


def test_a_second_run_gets_the_inputs_a_fresh_derivation_gives(empty_cache) -> None:
    first, _ = prepare([_normal()], 7, DRAWS, "s.toml")
    again, _ = prepare([_normal()], 8, DRAWS, "s.toml")  # the seed does not enter the inputs
    assert all(a is b for a, b in zip(first.inputs, again.inputs, strict=True))
    run._DERIVED.clear()
    fresh, _ = prepare([_normal()], 7, DRAWS, "s.toml")
    assert all(a is not b for a, b in zip(first.inputs, fresh.inputs, strict=True))
    assert [pickle.dumps(i) for i in first.inputs] == [pickle.dumps(i) for i in fresh.inputs]


def test_another_draw_source_setting_or_horizon_derives_anew(empty_cache) -> None:
    base, _ = prepare([_normal()], 7, DRAWS, "s.toml")
    other_value, _ = prepare([_normal()], 7, ({}, {"mortality_level": 1.05}), "s.toml")
    assert other_value.inputs[0] is base.inputs[0]  # draw 0 is the same
    assert other_value.inputs[1] is not base.inputs[1]
    assert other_value.inputs[1].parameters["mortality_level"] == 1.05
    other_source, _ = prepare([_normal()], 7, DRAWS, "t.toml")
    assert other_source.inputs[1] is not base.inputs[1]
    assert other_source.inputs[1].parameters.values["mortality_level"].source == "t.toml, draw 1"
    cli, _ = prepare([_normal()], 7, DRAWS, "s.toml", settings={"mortality_level": 1.02})
    assert cli.inputs[0] is not base.inputs[0]
    assert cli.inputs[0].parameters["mortality_level"] == 1.02
    shorter = dataclasses.replace(_normal(), end_year=2030)
    short, _ = prepare([shorter], 7, DRAWS, "s.toml")
    assert short.inputs[0] is not base.inputs[0]
    assert short.inputs[0].end_year == 2030


def test_an_edited_data_file_derives_anew(empty_cache, tmp_path) -> None:
    folder = tmp_path / "mine"
    shutil.copytree(municipality_folder("faerder"), folder)
    scenario = dataclasses.replace(_normal(), municipality=str(folder))
    before, _ = prepare([scenario], 7, uncalibrated=True)
    assert prepare([scenario], 7, uncalibrated=True)[0].inputs[0] is before.inputs[0]
    with (folder / "unit_prices.csv").open("a", encoding="utf-8") as f:
        f.write("# edited\n")
    after, _ = prepare([scenario], 7, uncalibrated=True)
    assert after.inputs[0] is not before.inputs[0]


def test_the_cache_keeps_a_bounded_number_of_draws(empty_cache, monkeypatch) -> None:
    monkeypatch.setattr(run, "DERIVED_KEPT", 2)
    prepare([_normal()], 7, ({}, {"mortality_level": 1.1}, {"mortality_level": 1.05}))
    assert len(run._DERIVED) == 2


def test_a_replication_leaves_the_shared_inputs_as_they_were(empty_cache) -> None:
    scenario = dataclasses.replace(_normal(), end_year=2027)
    shared, _ = prepare([scenario], 7)
    before = pickle.dumps(shared.inputs[0])
    run_replication(shared.inputs[0], scenario, 0, 7)
    assert pickle.dumps(shared.inputs[0]) == before
