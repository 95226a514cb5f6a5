"""SSB's age labels and codes as age ranges ("0 år", "1-5 år", "90 år eller eldre", "105+")."""

from __future__ import annotations

import re

_PATTERNS = (
    # open-ended: "90 år eller eldre", "90 years or older", "90+", "105+ 105 år eller eldre"
    (re.compile(r"(\d+)\s*(?:år eller eldre|years? or older|years? and over)$"), "open"),
    (re.compile(r"^(\d+)\s*\+$"), "open"),
    # a group: "1-5 år", "20-44 years", "F000-005" style codes ("000-005")
    (re.compile(r"(\d+)\s*[-\u2013]\s*(\d+)\s*(?:år|years?)?$"), "range"),
    # one year: "0 år", "000 0 år", "7 years", code "007"
    (re.compile(r"(\d+)\s*(?:år|years?)$"), "single"),
    (re.compile(r"^(\d+)$"), "single"),
)

#: Labels of "all ages" that a file may carry besides the ages themselves.
_TOTALS = ("i alt", "alle aldre", "all ages", "total")


#: Labels of "both sexes" (a file with it besides men and women must not be summed twice).
_BOTH_SEXES = ("begge kjønn", "i alt", "both sexes", "total")


def is_both_sexes(label: str) -> bool:
    """True for a "both sexes" category of the ``Kjonn`` dimension."""
    return label.strip().casefold() in _BOTH_SEXES


def is_total(label: str) -> bool:
    """True for an "all ages" category (to be dropped, not summed twice)."""
    return label.strip().casefold() in _TOTALS


def parse_age(label: str) -> tuple[int, int | None] | None:
    """Return (age_min, age_max) of an age label; age_max None for an open-ended group.

    Returns None when the label is not an age.
    """
    text = label.strip()
    for pattern, kind in _PATTERNS:
        m = pattern.search(text)
        if m is None:
            continue
        lo = int(m.group(1))
        if kind == "open":
            return lo, None
        if kind == "range":
            hi = int(m.group(2))
            return (lo, hi) if hi >= lo else None
        return lo, lo
    return None


def age_label(age_min: int, age_max: int | None) -> str:
    """trappa's label of an age group: "0-17", "90+", "7"."""
    if age_max is None:
        return f"{age_min}+"
    return str(age_min) if age_max == age_min else f"{age_min}-{age_max}"
