"""run.json records every parameter value the run used, with its layer and source."""

from __future__ import annotations

from calibration.fitted import load_fitted
from runners.run import prepare, run_meta
from scenarios import load_scenario, resolve_scenario_path


def test_run_meta_records_each_draws_parameters_with_sources() -> None:
    scenario = load_scenario(resolve_scenario_path("normal"))
    shared, m = prepare([scenario], 7, draws=({}, {"mortality_level": 1.1}), source="s.toml")
    meta = run_meta(shared, m, 1, "serial", 1, 0.0)
    plain, drawn = meta["parameters"]
    fitted = load_fitted("faerder")
    name = next(iter(fitted))
    assert plain[name] == {"value": fitted[name], "unit": "multiplier on the cell's entry hazard",
                           "layer": "fitted", "source": "fitted/faerder.toml [parameters]"}
    assert plain["mortality_level"]["layer"] == "data"
    assert drawn["mortality_level"] == {**plain["mortality_level"], "value": 1.1,
                                        "layer": "draw", "source": "s.toml, draw 1"}
    assert set(plain) == set(m.parameters.items) | set(m.demography.items) | {
        f"entry_scale:{c.group}:{c.trinn}" for c in m.needs.cells}


def test_the_command_line_layer_tops_every_draw() -> None:
    scenario = load_scenario(resolve_scenario_path("normal"))
    shared, m = prepare([scenario], 7, draws=({}, {"mortality_level": 1.1}),
                        settings={"mortality_level": 1.02, "price_index_2024_per_2023": 1.05})
    meta = run_meta(shared, m, 1, "serial", 1, 0.0)
    for values in meta["parameters"]:
        assert values["mortality_level"]["value"] == 1.02  # the command line wins the draw
        assert values["mortality_level"]["layer"] == "cli"
        assert values["mortality_level"]["source"] == "command line (--set)"
        assert values["price_index_2024_per_2023"]["value"] == 1.05


def test_set_on_the_command_line_reaches_run_json_and_the_tables(tmp_path, monkeypatch,
                                                                 capsys) -> None:
    import json

    import pandas as pd

    from runners.cli import main

    monkeypatch.chdir(tmp_path)
    # point values: the comparison is of one price against the data's, nothing drawn
    base = ["run", "normal", "--runs", "1", "--backend", "serial", "--no-plots",
            "--fixed-parameters"]
    assert main([*base, "--out", "plain"]) == 0
    # one NOK in 2023 prices is 1.042 NOK of 2024 in the data; 1.142 raises the calculator's
    # prices by 1.142 / 1.042 (the dementia packages' cost), nothing else
    assert main([*base, "--out", "set", "--set", "price_index_2024_per_2023=1.142"]) == 0
    meta = json.loads((tmp_path / "set" / "run.json").read_text(encoding="utf-8"))
    [values] = meta["parameters"]
    assert values["price_index_2024_per_2023"] == {
        **values["price_index_2024_per_2023"], "value": 1.142, "layer": "cli"}
    plain = pd.read_parquet(tmp_path / "plain" / "yearly")
    changed = pd.read_parquet(tmp_path / "set" / "yearly")
    dem = "group == 'dementia' and year == 2024 and trinn == 7"
    ratio = changed.query(dem)["cost_nok"].sum() / plain.query(dem)["cost_nok"].sum()
    assert abs(ratio - 1.142 / 1.042) < 1e-9
    # the population is the same: a price does not change who lives where
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "plain" / "population"),
                                  pd.read_parquet(tmp_path / "set" / "population"))
