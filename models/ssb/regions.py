"""Municipality numbers: today's number for an old one, and names of the shipped regions.

Both tables are small shipped CSV files with their source (Statistics Norway's classification
of municipalities, KLASS 131); see ``models/ssb/data/README.md``.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pandas as pd

from models.errors import TrappaError

DATA = Path(__file__).parent / "data"
CHANGES = DATA / "municipality_changes.csv"
REGIONS = DATA / "regions.csv"

#: County numbers valid from 1 January 2024 (KLASS 104): a municipality number starts with one.
COUNTIES_2024 = frozenset({"03", "11", "15", "18", "31", "32", "33", "34", "39", "40", "42",
                           "46", "50", "55", "56"})


class UnknownMunicipalityError(TrappaError):
    """A municipality number that is not one (four digits, a county of today or a known old one)."""


@cache
def _changes() -> dict[str, str]:
    frame = pd.read_csv(CHANGES, comment="#", dtype=str)
    return dict(zip(frame["old"], frame["new"], strict=True))


@cache
def _regions() -> tuple[dict[str, str], dict[str, str]]:
    frame = pd.read_csv(REGIONS, comment="#", dtype=str)
    by_code = dict(zip(frame["code"], frame["name"], strict=True))
    by_name = {n.casefold(): c for c, n in by_code.items()}
    return by_code, by_name


def normalise_code(raw: str) -> str:
    """Return a region code without SSB's prefixes ("K-3811" -> "3811")."""
    code = raw.strip()
    return re.sub(r"^[KF]-", "", code)


def current_number(code: str) -> str:
    """Return today's number of a municipality (old numbers follow the change table)."""
    seen = {code}
    changes = _changes()
    while code in changes:
        code = changes[code]
        if code in seen:  # a cycle would be a broken table; stop rather than loop
            break
        seen.add(code)
    return code


def check_municipality_number(raw: str) -> str:
    """Validate a municipality number given by a user; return it normalised (not mapped).

    A county of today (two digits, e.g. 40 Telemark) is accepted too: a region imported as one
    municipality, for planning at county level and for the engine's scaling benchmark.

    Raises
    ------
    UnknownMunicipalityError
        If it is not four digits of a county of today or a known old number, nor a county.
    """
    code = normalise_code(raw)
    if re.fullmatch(r"\d{2}", code) and code in COUNTIES_2024:
        return code
    if not re.fullmatch(r"\d{4}", code):
        raise UnknownMunicipalityError(
            f"--kommune {raw!r}: unknown municipality number (expected four digits, e.g. 4003, "
            "or a county of today, e.g. 40)")
    if code[:2] not in COUNTIES_2024 and code not in _changes():
        raise UnknownMunicipalityError(
            f"--kommune {raw}: unknown municipality number (county {code[:2]} does not exist "
            "today and the number is not in models/ssb/data/municipality_changes.csv)")
    return code


def code_of_name(name: str) -> str | None:
    """Return the region code of a shipped region name ("Skien" -> "4003"), or None."""
    return _regions()[1].get(name.strip().casefold())
