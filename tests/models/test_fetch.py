"""``trappa municipality fetch`` against recorded responses, never the network (issue 29).

The responses are served by ``httpx.MockTransport``: table 14288 is SSB's own published
numbers for Tinn (the shipped file, `tests.models.ssb_fixtures.SHIPPED`, a public download of
SSB's table) written as JSON-stat 2.0; 07459 is BUILT from it (the 2024 groups spread over
single years, whole persons); 12209 and 12362 are BUILT to SSB's documented JSON-stat 2.0
format with illustrative values (`tests.models.kostra_fixtures`). No public recording of the
last three could be found.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pandas as pd
import pytest

from models.importer import import_municipality
from models.importer.fetch import fetch_municipality
from models.ssb import kostra_tables as kt
from models.ssb.fetch import FetchError, queries_for
from runners.cli import main
from tests.models.kostra_fixtures import accounts_jsonstat, key_figures_jsonstat
from tests.models.ssb_fixtures import SHIPPED, to_jsonstat

TINN = "4026"


def _projection() -> dict:
    raw = pd.read_csv(SHIPPED, dtype={"value": "int64"})
    return to_jsonstat(raw[raw["region"] == "Tinn"].reset_index(drop=True), split_sex=False)


def _population() -> dict:
    """Table 07459 for Tinn, 2024: each 14288 MMMM group of 2024 spread over its single years
    (whole persons, the remainder to the youngest years), 0-105."""
    raw = pd.read_csv(SHIPPED, dtype={"value": "int64"})
    rows = raw[(raw["region"] == "Tinn") & (raw["år"] == 2024)
               & raw["statistikkvariabel"].str.contains("MMMM")]
    persons = [0] * 106
    for label, n in zip(rows["alder"], rows["value"], strict=True):
        nums = [int(x) for x in re.findall(r"\d+", label)]
        lo, hi = (nums[0], 105) if "eldre" in label else (nums[0], nums[-1])
        k = hi - lo + 1
        for i, a in enumerate(range(lo, hi + 1)):
            persons[a] = n // k + (1 if i < n % k else 0)
    ages = [f"{a:03d}" for a in range(106)]
    labels = {c: (f"{a} år" if a < 105 else "105 år eller eldre") for a, c in enumerate(ages)}
    return {"version": "2.0", "class": "dataset",
            "label": "07459: Befolkning, etter region, alder, statistikkvariabel og år",
            "id": ["Region", "Alder", "ContentsCode", "Tid"], "size": [1, 106, 1, 1],
            "dimension": {
                "Region": {"category": {"index": {TINN: 0}, "label": {TINN: "Tinn"}}},
                "Alder": {"category": {"index": {c: i for i, c in enumerate(ages)},
                                       "label": labels}},
                "ContentsCode": {"category": {"index": {"Personer1": 0},
                                              "label": {"Personer1": "Personer"}}},
                "Tid": {"category": {"index": {"2024": 0}, "label": {"2024": "2024"}}}},
            "value": persons, "extension": {"px": {"tableid": "07459"}}}


RESPONSES = {"14288": _projection, "07459": _population,
             "12209": lambda: key_figures_jsonstat([TINN]),
             "12362": lambda: accounts_jsonstat([TINN])}


class Server:
    """The recorded responses by table id; ``script`` gives status codes to answer first."""

    def __init__(self, script: dict[str, list[int]] | None = None) -> None:
        self.script = {k: list(v) for k, v in (script or {}).items()}
        self.calls: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        table = request.url.path.rsplit("/", 2)[-2]
        self.calls.append(table)
        assert request.url.host == "data.ssb.no"
        assert request.url.params["outputFormat"] == "json-stat2"
        queue = self.script.get(table, [])
        if queue:
            status = queue.pop(0)
            return httpx.Response(status, headers={"Retry-After": "0"},
                                  text=f"status {status}")
        return httpx.Response(200, json=RESPONSES[table]())


def _files(folder: Path) -> dict[str, str]:
    out = {}
    for p in sorted(folder.iterdir()):
        text = p.read_text(encoding="utf-8")
        out[p.name] = re.sub(r'written_utc = ".*"', "", text)
    return out


def test_fetch_gives_the_folder_an_import_of_the_same_files_gives(tmp_path):
    server, waits = Server(), []
    cache = tmp_path / "cache"
    fetched = fetch_municipality(TINN, tmp_path / "fetched", cache=cache,
                                 transport=httpx.MockTransport(server), sleep=waits.append)
    assert sorted(server.calls) == ["07459", "12209", "12362", "14288"]
    files = {p.name.split("-")[0]: p for p in cache.iterdir()}
    assert set(files) == {"07459", "12209", "12362", "14288"}
    imported = import_municipality(TINN, files["14288"], tmp_path / "imported",
                                   population=files["07459"],
                                   kostra=[files["12209"], files["12362"]])
    assert fetched.estimated == imported.estimated
    assert _files(tmp_path / "fetched") == _files(tmp_path / "imported")
    # the KOSTRA figures are in: Tinn's own 80+ coverage
    assert "12209" in (tmp_path / "fetched" / "targets.toml").read_text(encoding="utf-8")
    # offline, the cache alone gives the same folder again, with no request
    server2 = Server()
    fetch_municipality(TINN, tmp_path / "offline", cache=cache, offline=True,
                       transport=httpx.MockTransport(server2))
    assert server2.calls == []
    assert _files(tmp_path / "offline") == _files(tmp_path / "fetched")


def test_429_then_200_is_retried_with_backoff(tmp_path):
    server, waits = Server({"14288": [429, 503]}), []
    fetch_municipality(TINN, tmp_path / "out", cache=tmp_path / "cache",
                       transport=httpx.MockTransport(server), sleep=waits.append)
    assert server.calls.count("14288") == 3
    assert waits == [0.0, 0.0]   # Retry-After: 0 honoured
    assert (tmp_path / "out" / "trinn.csv").is_file()


def test_backoff_doubles_without_retry_after(tmp_path):
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503)
    waits: list[float] = []
    with pytest.raises(FetchError, match="kept answering HTTP 503 for table 14288 after 5"):
        fetch_municipality(TINN, tmp_path / "out", cache=tmp_path / "cache",
                           transport=httpx.MockTransport(handler), sleep=waits.append)
    assert waits == [1.0, 2.0, 4.0, 8.0]
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "cache").exists()


def test_offline_without_a_cache_is_one_line_exit_2_nothing_written(tmp_path, capsys,
                                                                    monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    status = main(["municipality", "fetch", TINN, "--offline", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 2
    assert len(err) == 1
    assert "offline: no cached response for SSB table 14288" in err[0]
    assert str(tmp_path / "xdg" / "trappa" / "ssb") in err[0]
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "xdg").exists()


def test_a_refused_projection_stops_a_refused_kostra_table_is_estimated(tmp_path):
    server = Server({"14288": [400]})
    with pytest.raises(FetchError, match=r"SSB refused the query of table 14288 \(HTTP 400"):
        fetch_municipality(TINN, tmp_path / "a", cache=tmp_path / "c1",
                           transport=httpx.MockTransport(server), sleep=lambda s: None)
    assert not (tmp_path / "a").exists()
    server = Server({"12209": [404]})
    result = fetch_municipality(TINN, tmp_path / "b", cache=tmp_path / "c2",
                                transport=httpx.MockTransport(server), sleep=lambda s: None)
    assert any("no SSB table 12209 given" in e for e in result.estimated)


def test_every_query_is_one_region_under_the_cell_limit():
    for q in queries_for(TINN):
        assert q.cells() < kt.CELL_LIMIT
        assert (TINN,) in dict(q.selection).values()
        assert q.url().startswith("https://data.ssb.no/api/pxwebapi/v2/tables/")
    q = queries_for(TINN)[0]
    # 14288: 110 ages x 20 contents x 120 years at most
    assert q.cells() == 110 * 20 * 120
    assert json.dumps(q.url())  # a plain string


def test_no_network_is_one_line_after_the_retries(tmp_path, capsys):
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("Name or service not known", request=request)
    waits: list[float] = []
    with pytest.raises(FetchError, match=r"cannot reach SSB .* ConnectError") as exc:
        fetch_municipality(TINN, tmp_path / "out", cache=tmp_path / "cache",
                           transport=httpx.MockTransport(handler), sleep=waits.append)
    assert "\n" not in str(exc.value)
    assert len(waits) == 4
    assert not (tmp_path / "out").exists()


def test_with_07459_dementia_is_hunt4_by_its_single_years(tmp_path):
    import tomllib

    fetch_municipality(TINN, tmp_path / "out", cache=tmp_path / "cache",
                       transport=httpx.MockTransport(Server()), sleep=lambda s: None)
    bands = pd.read_csv(Path(__file__).resolve().parents[2] / "models" / "data" / "faerder"
                        / "dementia.csv", comment="#")
    persons = _population()["value"]
    expected = sum(n * float(bands[(bands["age_from"] <= a) & (a <= bands["age_to"])]
                             ["prevalence"].iloc[0]) for a, n in enumerate(persons))
    params = tomllib.loads((tmp_path / "out" / "parameters.toml").read_text(encoding="utf-8"))
    assert params["dementia_prevalence_2024"]["value"] == round(expected)
    assert "by single year of age to the 2024 population of SSB table 07459" in \
        params["dementia_prevalence_2024"]["source"]
