"""``trappa compare --municipality A B`` (issue 29): each municipality's own comparison, and
one table whose rows are those comparisons' rows, and one chart."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from models.importer import import_municipality
from results.comparison import read
from results.county import COUNTY_METRICS
from results.summary import GROUP_ALL
from runners.cli import main
from tests.models.kostra_fixtures import accounts_jsonstat, key_figures_jsonstat, write
from tests.models.ssb_fixtures import SHIPPED
from tests.runners.conftest import SHORT_END, write_scenario

COMMON = ["--runs", "2", "--seed", "5", "--uncalibrated", "--backend", "serial", "--no-plots",
          "--lang", "en"]


@pytest.fixture(scope="module")
def county(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("county")
    key = write(tmp / "12209.json", key_figures_jsonstat(["4026", "4010"]))
    acc = write(tmp / "12362.json", accounts_jsonstat(["4026", "4010"]))
    for k, name in (("4026", "tinn"), ("4010", "siljan")):
        import_municipality(k, SHIPPED, tmp / "kommuner" / name, kostra=[key, acc])
    for s in ("normal", "proactive"):
        write_scenario(tmp, s)
    return tmp


def _own(rows: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    keep = pd.Series(False, index=rows.index)
    for metric, trinn in COUNTY_METRICS:
        keep |= (rows["metric"] == metric) & (rows["trinn"] == trinn)
    keep &= (rows["group"] == GROUP_ALL) & rows["year"].isin(years)
    return rows[keep].reset_index(drop=True)


def test_county_rows_equal_each_municipalitys_own_comparison(county, capsys):
    out = county / "run"
    status = main(["compare", str(county / "normal.toml"), str(county / "proactive.toml"),
                   "--municipality", str(county / "kommuner" / "tinn"),
                   str(county / "kommuner" / "siljan"), "--out", str(out), *COMMON])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    printed = captured.out
    assert "The strategies side by side in 2 municipalities" in printed
    assert json.loads((out / "county.json").read_text())["folders"] == ["tinn", "siljan"]
    assert (out / "county-en.png").stat().st_size > 10_000
    table = pd.read_parquet(out / "county.parquet")
    csv = pd.read_csv(out / "county.csv")
    assert len(csv) == len(table)
    for name in ("tinn", "siljan"):
        # each municipality's run is an ordinary compare run directory of its own data
        run = json.loads((out / name / "run.json").read_text())
        assert Path(run["municipality_folder"]) == (county / "kommuner" / name).resolve()
        own = _own(read(out / name).table, [SHORT_END])
        mine = table[table["municipality"] == name].drop(columns="municipality")
        pd.testing.assert_frame_equal(mine.reset_index(drop=True), own, check_dtype=False)
        assert set(own["metric"]) == {m for m, _ in COUNTY_METRICS}
    # Tinn and Siljan differ (their own data), so the rows are not one municipality's twice
    d = table[(table["metric"] == "d_cost_cum_nok") & (table["scenario"] == "proactive")]
    assert d["mean"].nunique() == 2


def test_a_folder_not_of_a_county_comparison_is_refused(county, capsys):
    out = county / "busy"
    out.mkdir()
    (out / "mine.txt").write_text("x")
    status = main(["compare", str(county / "normal.toml"), "--municipality",
                   str(county / "kommuner" / "tinn"), str(county / "kommuner" / "siljan"),
                   "--out", str(out), *COMMON])
    assert status == 2
    assert "is not a county comparison of trappa's" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["mine.txt"]
