"""The importer's estimates in the page's language (runners/app/estimated.py): every line
form the importer writes is said in the catalogue's words with the numbers of the line,
formatted; a line of an unknown form is shown as written."""

from __future__ import annotations

import tomllib

import pytest

from models.importer.kostra import _missing
from models.municipality import DATA_DIR
from runners.app.estimated import PATTERNS, estimate_text

NBSP = "\N{NO-BREAK SPACE}"


def _lines() -> list[str]:
    out: list[str] = []
    for folder in sorted(DATA_DIR.iterdir()):
        path = folder / "import.toml"
        if path.is_file():
            out += tomllib.loads(path.read_text(encoding="utf-8"))["estimated"].values()
    return out


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_every_shipped_import_line_is_translated(lang: str) -> None:
    lines = _lines()
    assert len(lines) >= 7
    for line in lines:
        assert any(p.match(line) for p, _, _ in PATTERNS), line
        assert estimate_text(line, lang) != line


def test_numbers_come_from_the_line_formatted() -> None:
    line = ("home_care_bands.csv: Færder's decisions, hours and cost per band x trinn 6-7 "
            "recipients 2,670 / Færder's 2,109 = 1.2660")
    assert estimate_text(line, "nb") == (
        f"home_care_bands.csv: Færders vedtak, timer og kostnad per vedtaksstørrelse, ganget "
        f"med 1,2660 (mottakere på trinn 6\N{EN DASH}7: 2{NBSP}670 mot Færders 2{NBSP}109).")
    assert "times 1.2660" in estimate_text(line, "en")
    assert estimate_text("parameters.toml: care_fte_2023 = 186.0", "nb").startswith(
        "parameters.toml: 186,0 årsverk i pleie og omsorg i 2023")
    assert estimate_text("targets.toml: share_80plus_without_care_2023 = 0.42", "nb") == (
        f"targets.toml: 42{NBSP}% av innbyggerne 80+ uten tjenester i 2023, Færders andel "
        "tatt uendret.")
    assert estimate_text("parameters.toml: dementia_prevalence_2024 = 1842", "nn").startswith(
        f"parameters.toml: 1{NBSP}842 personar med demens")


def test_kostra_lines_name_file_and_table() -> None:
    line = _missing(None, "3818", "12362", "its key figures", "targets.toml")
    assert estimate_text(line, "nb") == (
        "targets.toml: SSB-tabell 12362 ga ikke tallet for kommunen; anslått.")


def test_an_unknown_line_is_shown_as_written() -> None:
    line = "newfile.csv: something a newer importer estimated"
    assert estimate_text(line, "nb") == line
