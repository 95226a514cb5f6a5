"""The digital-zone result in the terminal: labels in the chosen language, no keys."""

from __future__ import annotations

import re

import pytest
from rich.console import Console

from models.digital_zone import ZoneResult
from results.calc_view import zone_renderable

SOURCE = "seed 001 (Apr 2025), slide 'Potensiale ved å innføre digital hjemmetjenestesone'"


def _text(lang: str) -> str:
    # by hand: net = 1 000 000 - (600 000 + 100 000 + 50 000) = 250 000;
    # FTE freed = (1 000 000 - 600 000) / 400 000 = 1.0
    res = ZoneResult(traditional_cost_nok=1_000_000, digital_staffing_nok=600_000,
                     digital_running_nok=100_000, system_cost_nok=50_000,
                     hours_moved_per_week=10, cost_per_fte_nok=400_000)
    console = Console(record=True, width=200)
    console.print(zone_renderable("Sone", SOURCE, res, lang))
    return console.export_text().replace("\u00a0", " ")


@pytest.mark.parametrize(("lang", "net", "freed", "word"), [
    ("nb", "250 000", "1,0", "Netto gevinst"), ("nn", "250 000", "1,0", "Netto vinst"),
    ("en", "250,000", "1.0", "Net gain")])
def test_zone_in_every_language(lang: str, net: str, freed: str, word: str) -> None:
    text = _text(lang)
    assert re.search(rf"{word} \(\S+\)\s+│\s+{net}", text)
    assert freed in text
    if lang != "en":
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", text)  # no keys such as net_nok
        assert "slide" not in text  # the source in the report's language
