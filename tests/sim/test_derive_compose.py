"""The composed inputs: read-only arrays (also in a worker), provenance, persona and status
quo read from the data files, events counted without SimPy's private counter."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import numpy as np
import pytest
import simpy

from calibration.fitted import fitted_layer
from models.errors import DataFileError
from models.municipality import DATA_DIR, load_municipality
from sim.derive import derive_inputs
from sim.engine import events_scheduled


@pytest.fixture(scope="module")
def inputs():
    m = load_municipality("faerder")
    return derive_inputs(m, 2024, 2026, fitted_layer(m))


def test_arrays_are_read_only_also_after_pickling(inputs) -> None:
    for inp in (inputs, pickle.loads(pickle.dumps(inputs))):
        for arr in (inp.life.mu, inp.ages.initial_ages, inp.flows.net, inp.onsets.hazard,
                    inp.elapsed, inp.entry.cells[0].hazard, inp.entry.cells[0].initial):
            assert not arr.flags.writeable
            with pytest.raises(ValueError, match="read-only"):
                arr[0] = 0


def _arrays(value: object, seen: set[int], path: str = "") -> list[tuple[str, np.ndarray]]:
    """Every numpy array reachable from ``value`` (fields, tuples, lists, dicts), by path."""
    import dataclasses

    if id(value) in seen:
        return []
    seen.add(id(value))
    if isinstance(value, np.ndarray):
        return [(path, value)]
    items: list[tuple[str, object]] = []
    if isinstance(value, tuple | list):
        items = [(f"{path}[{i}]", v) for i, v in enumerate(value)]
    elif isinstance(value, dict):
        items = [(f"{path}[{k!r}]", v) for k, v in value.items()]
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        items = [(f"{path}.{f.name}", getattr(value, f.name)) for f in dataclasses.fields(value)]
    return [found for p, v in items for found in _arrays(v, seen, p)]


def test_every_array_of_every_step_is_read_only(inputs) -> None:
    # each step's result freezes its own fields and is not walked again by the results
    # that hold it (sim.derive.common): every array must still end up read-only, nested
    # steps included, also as a worker unpickles them
    for inp in (inputs, pickle.loads(pickle.dumps(inputs))):
        arrays = _arrays(inp, set())
        assert len(arrays) > 50  # the walk reaches the nested steps
        assert [p for p, a in arrays if a.flags.writeable] == []


def test_every_step_records_its_sources(inputs) -> None:
    assert inputs.life.sources["max_age"].startswith("data: demography.toml")
    assert inputs.dementia_pathways.sources["status_quo"] == "dementia_group.toml: status_quo"
    assert inputs.costing.sources["price_year"].startswith(
        "data: parameters.toml: accounts_price_year")
    assert inputs.parameters.source("entry_scale:children:4").startswith("fitted:")
    assert inputs.costing.price_year == 2024


def _renamed_copy(tmp: Path, persona: str, status_quo: str) -> Path:
    folder = tmp / "elsewhere"
    shutil.copytree(DATA_DIR / "faerder", folder)
    for name in ("pathways.csv", "investments.csv"):
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8").replace("\njohs,", f"\n{persona},"),
                        encoding="utf-8")
    toml = folder / "dementia_group.toml"
    toml.write_text(toml.read_text(encoding="utf-8")
                    .replace('value = "johs"', f'value = "{persona}"')
                    .replace('value = "normal"', f'value = "{status_quo}"'), encoding="utf-8")
    return folder


def test_persona_and_status_quo_come_from_the_data(tmp_path, inputs) -> None:
    m = load_municipality(str(_renamed_copy(tmp_path, "kari", "normal")))
    other = derive_inputs(m, 2024, 2026, fitted_layer(load_municipality("faerder")))
    assert other.dementia_pathways.stages == inputs.dementia_pathways.stages
    assert np.array_equal(other.entry.cells[3].hazard, inputs.entry.cells[3].hazard)
    # another status quo splits the 2024 staircase differently
    m = load_municipality(str(_renamed_copy(tmp_path / "b", "kari", "proactive")))
    assert derive_inputs(m, 2024, 2026).notes != derive_inputs(
        load_municipality("faerder"), 2024, 2026).notes


def test_unknown_persona_or_pathway_is_one_line(tmp_path) -> None:
    folder = _renamed_copy(tmp_path, "johs", "sometimes")
    with pytest.raises(DataFileError, match=r"dementia_group\.toml, field 'status_quo\.value': "
                       "persona 'johs' has no pathway 'sometimes'"):
        load_municipality(str(folder))


def test_every_scheduled_event_is_counted() -> None:
    env = simpy.Environment()

    def proc(env: simpy.Environment):
        yield env.timeout(1)
        yield env.timeout(2)

    env.process(proc(env))
    env.run()
    # the process's start (Initialize), two timeouts, and the process's own end event
    assert events_scheduled(env) == 4
    assert events_scheduled(env) == 4  # reading the count changes nothing
    assert env.now == 3
