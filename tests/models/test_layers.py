"""Parameters in layers: data, then fitted, then a draw, then the command line; each value
keeps its source, and misspelt names or layers out of order are refused."""

from __future__ import annotations

import pytest

from models.layers import Layer, data_layer, entry_scale_name
from models.municipality import load_municipality


@pytest.fixture(scope="module")
def base():
    return data_layer(load_municipality("faerder"))


def test_data_layer_holds_both_parameter_files_and_every_cell(base) -> None:
    m = load_municipality("faerder")
    assert base["max_age"] == m.demography["max_age"]
    assert base["hours_per_fte"] == m.parameters["hours_per_fte"]
    for c in m.needs.cells:
        assert base[entry_scale_name(c.group, c.trinn)] == 1.0
    assert base.source("max_age").startswith("data: demography.toml: max_age")
    assert base.values["hours_per_fte"].unit == m.parameters.get("hours_per_fte").unit


def test_layers_override_in_order_and_record_their_source(base) -> None:
    name = entry_scale_name("children", 4)
    p = (base.with_layer(Layer.FITTED, "fitted.toml", {name: 1.1, "mortality_level": 0.9})
         .with_layer(Layer.DRAW, "sweep.toml, draw 3", {"mortality_level": 1.05})
         .with_layer(Layer.CLI, "--set", {"max_age": 100}))
    assert (p[name], p["mortality_level"], p["max_age"]) == (1.1, 1.05, 100.0)
    assert p.source(name) == "fitted: fitted.toml"
    assert p.source("mortality_level") == "draw: sweep.toml, draw 3"
    assert p.to_dict()["max_age"]["layer"] == "cli"
    assert p.to_dict()["hours_per_fte"]["layer"] == "data"
    # the lower layers are untouched (frozen copies)
    assert base["mortality_level"] == 1.0


def test_unknown_name_and_layer_out_of_order_are_refused(base) -> None:
    with pytest.raises(ValueError, match=r"unknown parameter\(s\) \['mortality_levle'\] in f"):
        base.with_layer(Layer.FITTED, "f", {"mortality_levle": 1.0})
    drawn = base.with_layer(Layer.DRAW, "d", {"mortality_level": 1.0})
    with pytest.raises(ValueError, match="fitted layer cannot be applied after the draw"):
        drawn.with_layer(Layer.FITTED, "f", {})
