"""Health trends side by side (issue 31): ``trappa compare --health constant,healthier,2``
runs each trend like a projection alternative of the envelope, with the same seed, and the
envelope says what better health would change.

One envelope of the shipped normal scenario to 2027, two replications, three trends
(constant = 0, healthier = 0.5 and 2 years older onset per decade).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from results.envelope import health_effects
from results.store import read_run
from tests.pdf_pages import text_off_the_page
from tests.runners.conftest import run_main, write_scenario

TRENDS = {"MMMM/constant": 0.0, "MMMM/healthier": 0.5, "MMMM/2": 2.0}
#: the point values of the parameters: the trends differ by the health shift alone (the drawn
#: parameters would be the same draws in every trend, but they widen the replications' paths)
ARGS = ("--runs", "2", "--seed", "20250212", "--fixed-parameters", "--backend", "serial",
        "--no-plots", "--lang", "en")


@pytest.fixture(scope="module")
def envelope(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("health")
    write_scenario(folder, "normal")
    out = folder / "envelope"
    status, err = run_main("compare", str(folder / "normal.toml"), "--health",
                           "constant,healthier,2", "--out", str(out), *ARGS)
    assert status == 0, err
    return out


def _care_fte(run: Path) -> pd.Series:
    """Care FTE (trinn 6, 7, 9, 10, 11) per replication and year, summed here from yearly/."""
    y = read_run(run).yearly
    care = y[y["trinn"].isin([6, 7, 9, 10, 11])]
    return care.groupby(["replication", "year"])["fte"].sum()


def test_one_run_per_trend_named_and_recorded(envelope: Path) -> None:
    meta = json.loads((envelope / "envelope.json").read_text(encoding="utf-8"))
    assert meta["alternatives"] == list(TRENDS)
    assert meta["main"] == "MMMM/constant"
    assert meta["health"] == TRENDS
    assert meta["runs"] == {"MMMM/constant": "MMMM-constant",
                            "MMMM/healthier": "MMMM-healthier", "MMMM/2": "MMMM-2"}
    for name, shift in TRENDS.items():
        run = json.loads((envelope / meta["runs"][name] / "run.json").read_text("utf-8"))
        assert run["seed"] == 20250212
        assert [s.get("health_shift", 0.0) for s in run["scenarios"]] == [shift]


def test_trend_0_reproduces_the_constant_run_exactly(envelope: Path, tmp_path: Path) -> None:
    """The constant trend's run is the plain comparison with the same seed, table by table."""
    out = tmp_path / "plain"
    status, err = run_main("compare", str(envelope.parent / "normal.toml"), "--out", str(out),
                           *ARGS)
    assert status == 0, err
    plain, constant = read_run(out), read_run(envelope / "MMMM-constant")
    pd.testing.assert_frame_equal(plain.yearly, constant.yearly)
    pd.testing.assert_frame_equal(pd.read_parquet(out / "demography"),
                                  pd.read_parquet(envelope / "MMMM-constant" / "demography"))


def test_healthier_lowers_need_in_every_year_after_the_first(envelope: Path) -> None:
    """Per replication (paired by common random numbers), from each run's yearly/: the
    first year is the same, every later year needs fewer care FTE, more so the larger the
    shift; the envelope's rows say the same of the means."""
    fte = {name: _care_fte(envelope / name.replace("/", "-")) for name in TRENDS}
    first = fte["MMMM/constant"].index.get_level_values("year") == 2024
    c, h, h2 = fte["MMMM/constant"], fte["MMMM/healthier"], fte["MMMM/2"]
    assert (c[first] == h[first]).all()
    assert (c[first] == h2[first]).all()
    assert (h[~first] < c[~first]).all(), (h - c)[~first]
    assert (h2[~first] < h[~first]).all(), (h2 - h)[~first]
    table = pd.read_parquet(envelope / "envelope.parquet")
    care = table[(table["metric"] == "fte") & (table["trinn"] == -1)]
    means = care.pivot_table(index="year", columns="projection", values="mean")
    assert (means.loc[2025:, "MMMM/healthier"] < means.loc[2025:, "MMMM/constant"]).all()


def test_common_random_numbers_keep_the_pairing(envelope: Path) -> None:
    """The same seed gives the same draws under every trend: births and migration (which
    no trend touches) replication by replication, and the first year's tables whole."""
    runs = {name: envelope / name.replace("/", "-") for name in TRENDS}
    cols = ["scenario", "replication", "year", "births", "immigrants", "emigrants"]
    demo = {n: pd.read_parquet(p / "demography")[cols] for n, p in runs.items()}
    yearly = {n: read_run(p).yearly for n, p in runs.items()}
    for name in list(TRENDS)[1:]:
        pd.testing.assert_frame_equal(demo[name], demo["MMMM/constant"])
        first = [y[y["year"] == 2024].reset_index(drop=True)
                 for y in (yearly[name], yearly["MMMM/constant"])]
        pd.testing.assert_frame_equal(*first)


def test_drawn_parameters_are_the_same_under_every_trend(tmp_path: Path) -> None:
    """Without --fixed-parameters, each trend's plan draws the same parameter values for
    replication r (the seed draws them, not the trend)."""
    from runners.cli.envelope import alternatives_for, plan_for
    from scenarios import load_scenario

    scenario = load_scenario(write_scenario(tmp_path, "normal"))
    alts = alternatives_for(("MMMM",), (0.0, 0.5))
    plans = [plan_for([scenario], a, 7, 3, {}, fixed=False) for a in alts]
    assert [p.scenarios[0].health_shift for p in plans] == [0.0, 0.5]
    assert len(plans[0].draws) == 3
    assert plans[0].draws == plans[1].draws


def test_health_effects_are_the_runs_differences(envelope: Path) -> None:
    """What better health changes: each run's own summary.parquet, read independently."""
    def care(run: str, metric: str) -> float:
        s = pd.read_parquet(envelope / run / "summary.parquet")
        row = s[(s["year"] == 2027) & (s["trinn"] == -1) & (s["group"] == "all")
                & (s["metric"] == metric)]
        return float(row["mean"].iloc[0])

    effects = health_effects(pd.read_parquet(envelope / "envelope.parquet"), TRENDS)
    at = effects[effects["year"] == 2027].set_index(["alternative", "metric"])
    assert set(at.index.get_level_values("alternative")) == {"MMMM/healthier", "MMMM/2"}
    assert set(effects["against"]) == {"MMMM/constant"}
    for name in ("MMMM/healthier", "MMMM/2"):
        for metric in ("fte", "cost_nok"):
            expected = care(name.replace("/", "-"), metric) - care("MMMM-constant", metric)
            assert at.loc[(name, metric), "d_mean"] == pytest.approx(expected, rel=1e-12)
    pdf = envelope / "report" / "envelope-en.pdf"
    assert text_off_the_page(pdf) == []


def test_health_list_on_the_command_line() -> None:
    from runners.cli import build_parser

    parser = build_parser()
    assert parser.parse_args(["compare", "--health", "constant,healthier"]).health == (0.0, 0.5)
    assert parser.parse_args(["compare", "--health", "0,1.5"]).health == (0.0, 1.5)
    with pytest.raises(SystemExit):
        parser.parse_args(["compare", "--health", "constant,0"])  # the same trend twice


def test_run_takes_one_trend(tmp_path: Path) -> None:
    write_scenario(tmp_path, "normal")
    status, err = run_main("run", str(tmp_path / "normal.toml"), "--health",
                           "constant,healthier", "--out", str(tmp_path / "out"))
    assert status != 0
    assert "one --health trend" in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()
