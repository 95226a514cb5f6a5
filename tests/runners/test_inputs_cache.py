"""`runners.run.prepare` derives each draw's engine inputs once per process: a later run with
the same data, years and parameters (values, layers, sources) gets the same inputs object,
and anything `derive_inputs` reads that differs derives them anew. A later process reads them
from the disk cache (`runners.inputs_cache`) when the data, parameters and deriving code are
the same."""

from __future__ import annotations

import dataclasses
import os
import pickle
import shutil
from pathlib import Path

import pytest

from models.municipality import municipality_folder
from runners import inputs_cache, run
from runners.run import prepare
from scenarios import load_scenario, resolve_scenario_path
from sim.engine import run_replication

DRAWS = ({}, {"mortality_level": 1.1})


@pytest.fixture
def empty_cache(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setattr(run, "_DERIVED", type(run._DERIVED)())
    monkeypatch.setenv("TRAPPA_CACHE_DIR", str(tmp_path / "cache"))


def _pickled(inputs: object) -> bytes:
    """The inputs' pickle after a round trip: a derivation's own objects share some parts
    (the pickle's memo, so its framing) differently from an unpickled copy of them, the
    values alike; after one round trip the bytes are those of any copy."""
    return pickle.dumps(pickle.loads(pickle.dumps(inputs)))


def _normal():
    return load_scenario(resolve_scenario_path("normal"))


def test_a_second_run_gets_the_inputs_a_fresh_derivation_gives(empty_cache) -> None:
    first, _ = prepare([_normal()], 7, DRAWS, "s.toml")
    again, _ = prepare([_normal()], 8, DRAWS, "s.toml")  # the seed does not enter the inputs
    assert all(a is b for a, b in zip(first.inputs, again.inputs, strict=True))
    run._DERIVED.clear()
    fresh, _ = prepare([_normal()], 7, DRAWS, "s.toml")
    assert all(a is not b for a, b in zip(first.inputs, fresh.inputs, strict=True))
    assert [_pickled(i) for i in first.inputs] == [_pickled(i) for i in fresh.inputs]


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


def _count_derivations(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = run.derive_inputs

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(run, "derive_inputs", counted)
    return calls


def test_a_new_process_reads_the_inputs_from_disk(empty_cache, monkeypatch) -> None:
    calls = _count_derivations(monkeypatch)
    first, _ = prepare([_normal()], 7, DRAWS, "s.toml")
    assert len(calls) == 2
    assert len(list(inputs_cache.folder().glob("*.pickle"))) == 2
    run._DERIVED.clear()  # as a new process: nothing in memory
    again, _ = prepare([_normal()], 7, DRAWS, "s.toml")
    assert len(calls) == 2  # read, not derived
    assert [_pickled(i) for i in first.inputs] == [_pickled(i) for i in again.inputs]


def test_other_code_or_a_damaged_file_derives_anew(empty_cache, monkeypatch) -> None:
    calls = _count_derivations(monkeypatch)
    first, _ = prepare([_normal()], 7, ({},))
    run._DERIVED.clear()
    monkeypatch.setattr(inputs_cache, "code_digest", lambda: "an edited derivation")
    prepare([_normal()], 7, ({},))
    assert len(calls) == 2  # the edited code's key: no file yet
    for f in inputs_cache.folder().glob("*.pickle"):
        f.write_bytes(b"not a pickle")
    run._DERIVED.clear()
    again, _ = prepare([_normal()], 7, ({},))
    assert len(calls) == 3
    assert _pickled(again.inputs[0]) == _pickled(first.inputs[0])


def test_a_cache_that_cannot_be_written_is_passed_over(empty_cache, monkeypatch,
                                                        tmp_path: Path) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("TRAPPA_CACHE_DIR", str(blocker))  # its folder cannot be made
    shared, _ = prepare([_normal()], 7, ({},))
    assert shared.inputs[0].start_year == _normal().start_year


def test_the_code_digest_covers_the_deriving_code() -> None:
    names = {p.name for top in inputs_cache.CODE for p in top.rglob("*.py")}
    assert {"compose.py", "demography.py", "municipality.py", "layers.py"} <= names


def test_the_folder_keeps_the_most_recently_used(empty_cache, monkeypatch) -> None:
    monkeypatch.setattr(inputs_cache, "KEPT", 2)
    calls = _count_derivations(monkeypatch)
    a, b, c = ({"mortality_level": v} for v in (1.05, 1.0, 1.1))
    prepare([_normal()], 7, (a, b))
    first = set(inputs_cache.folder().glob("*.pickle"))
    assert len(first) == 2
    for f in first:
        os.utime(f, (1, 1))  # both long unused
    run._DERIVED.clear()
    # (a draw's source, so its number, is part of its key: a stays draw 0)
    prepare([_normal()], 7, (a, c))  # a read (used now), then c written: b's file removed
    assert len(calls) == 3
    left = set(inputs_cache.folder().glob("*.pickle"))
    assert len(left) == 2
    assert len(left & first) == 1
    run._DERIVED.clear()
    prepare([_normal()], 7, (a, c))  # both kept: nothing derived
    assert len(calls) == 3
