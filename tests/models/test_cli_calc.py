"""`trappa calc` end to end: persona, package file, JSON and both languages."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_cli


@pytest.fixture(scope="module")
def persona_json():
    r = run_cli("calc", "--persona", "johs", "--json")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_persona_json_totals(persona_json):
    p = persona_json["pathways"]
    assert p["normal"]["total_cost_nok"] == pytest.approx(5_997_040, rel=0.001)
    assert p["proactive"]["total_cost_nok"] == pytest.approx(4_031_231, rel=0.001)
    assert p["reactive"]["total_cost_nok"] == pytest.approx(9_636_222, rel=0.001)
    assert round(p["reactive"]["fte"], 1) == 12.9
    assert p["proactive"]["investment_nok"] == 100_000
    assert len(p["normal"]["rows"]) == 19


def test_persona_json_scaling_beside_seeds(persona_json):
    s = persona_json["scaling"]
    assert s["persons"] == 684
    assert s["seed_annual_difference_mnok"] == {"proactive": -88.0, "reactive": 164.0}
    assert "steady state" in s["method"]


def test_persona_terminal_nb_and_en():
    nb = run_cli("calc", "--persona", "johs")
    en = run_cli("calc", "--persona", "johs", "--lang", "en")
    assert nb.returncode == 0
    assert en.returncode == 0
    assert "Normalforløp" in nb.stdout
    assert "Årsverk" in nb.stdout
    assert "684" in nb.stdout
    assert "Normal pathway" in en.stdout
    assert "FTE" in en.stdout
    assert "5 997 040".replace(" ", "\u00a0") in nb.stdout  # the seeds' total shown beside


def test_package_file_json():
    r = run_cli("calc", "models/examples/nordstrand_calculator.toml", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    alt1 = out["alternatives"][0]
    assert alt1["cost_nok"] == pytest.approx(603_382)
    assert round(out["what_else"]["day_activity_f10"][0], 1) == 23.2
    assert len(out["alternatives"]) == 2


def test_zone_case_json():
    r = run_cli("calc", "--zone", "models/examples/digital_zone_case2.toml", "--json")
    assert r.returncode == 0, r.stderr
    assert round(json.loads(r.stdout)["net_nok"]) == 2_058_974
