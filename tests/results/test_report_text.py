"""The summary's words: strategy phrases from pathway mixes, and directions from intervals."""

from __future__ import annotations

from typing import Any

import pytest

from results.report import FORMATS, ReportError, parse_formats
from results.report_facts import ScenarioFacts
from results.report_text import _amounts, pathway_text, strategy_phrase, versus_phrase


def _scenario(name: str, existing: dict[str, float],
              new: dict[str, dict[str, float]], description: str = "") -> ScenarioFacts:
    groups: dict[str, Any] = {"dementia": {"existing_cases": existing, "new_cases": new}}
    return ScenarioFacts(name, description or f"about {name}", 2024, 2040, (), groups)


NORMAL = _scenario("normal", {"normal": 1.0}, {"2024": {"normal": 1.0}})


@pytest.mark.parametrize(("scenario", "nb", "en"), [
    (_scenario("proactive", {"proactive": 1.0}, {"2024": {"proactive": 1.0}}),
     "Med proaktivt forløp for alle demenstilfeller",
     "With the proactive pathway for all dementia cases"),
    (_scenario("phased", {"normal": 1.0}, {"2024": {"normal": 1.0}, "2025": {"proactive": 1.0}}),
     "Med proaktivt forløp for alle nye demenstilfeller fra 2025",
     "With the proactive pathway for all new dementia cases from 2025"),
    (_scenario("new-only", {"normal": 1.0}, {"2024": {"reactive": 1.0}}),
     "Med reaktivt forløp for alle nye demenstilfeller fra 2024",
     "With the reactive pathway for all new dementia cases from 2024"),
    (_scenario("mix", {"normal": 1.0},
               {"2024": {"normal": 1.0}, "2026": {"proactive": 0.6, "normal": 0.4}}),
     "Med 60\u00a0% proaktivt forløp og 40\u00a0% normalforløp for nye demenstilfeller fra 2026",
     "With 60% proactive pathway and 40% normal pathway for new dementia cases from 2026"),
    (_scenario("capacity", {"normal": 1.0}, {"2024": {"normal": 1.0}}, "fewer nursing homes"),
     "I scenarioet «capacity» (fewer nursing homes)",
     "In scenario 'capacity' (fewer nursing homes)"),
    (_scenario("odd", {"proactive": 1.0}, {"2024": {"reactive": 1.0}, "2030": {"normal": 1.0}}),
     "I scenarioet «odd» (about odd)", "In scenario 'odd' (about odd)"),
])
def test_strategy_phrase(scenario: ScenarioFacts, nb: str, en: str) -> None:
    assert strategy_phrase(scenario, NORMAL, "nb") == nb
    assert strategy_phrase(scenario, NORMAL, "en") == en


def test_versus_phrase() -> None:
    assert versus_phrase(NORMAL, "nb") == "ved normalforløp"
    assert versus_phrase(NORMAL, "en") == "with the normal pathway"
    mixed = _scenario("blend", {"normal": 1.0}, {"2024": {"normal": 0.5, "proactive": 0.5}})
    assert versus_phrase(mixed, "nb") == "i scenarioet «blend»"


def test_unknown_pathway_is_named() -> None:
    assert pathway_text("digital", "nb") == "forløpet «digital»"
    assert pathway_text("digital", "en") == "'digital' pathway"


@pytest.mark.parametrize(("mean", "p05", "p95", "way", "numbers"), [
    (-52.2e6, -60.8e6, -44.3e6, "lower", {"x": "52,2", "lo": "44,3", "hi": "60,8"}),
    (17.4e6, 16.6e6, 18.2e6, "higher", {"x": "17,4", "lo": "16,6", "hi": "18,2"}),
    (-1.0e6, -3.0e6, 2.0e6, "unclear", {"x": "\u22121,0", "lo": "\u22123,0", "hi": "+2,0"}),
])
def test_direction_follows_the_interval(mean: float, p05: float, p95: float, way: str,
                                        numbers: dict[str, str]) -> None:
    assert _amounts(mean, p05, p95, 1e6, 1, "nb") == (way, numbers)


def test_parse_formats() -> None:
    assert parse_formats("png, PDF") == ("pdf", "png")
    assert parse_formats(["xlsx", "pdf", "png"]) == FORMATS
    assert parse_formats("svg,xlsx") == ("xlsx", "svg")  # SVG on request only
    with pytest.raises(ReportError, match="docx"):
        parse_formats("pdf,docx")
    with pytest.raises(ReportError, match="no report format"):
        parse_formats(" , ")
