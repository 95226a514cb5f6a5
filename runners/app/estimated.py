"""What the importer estimated for a municipality, said in the page's language.

The importer records each estimate as one English line in import.toml ``[estimated]``
(`models.importer.build`, `models.importer.kostra._missing`), e.g.
``"parameters.toml: care_fte_2023 = 1087.3"``. The page says the same in the catalogue's
words (``app.est.*``) with its numbers through `results.formatting`. A line of a form not
known here (a newer importer) is shown as written: an estimate is never hidden.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from results.formatting import number, percent
from runners.app.texts import t

Fields = Callable[[re.Match[str], str], dict[str, object]]


def _plain(m: re.Match[str], lang: str) -> dict[str, object]:
    return {}


def _trinn(m: re.Match[str], lang: str) -> dict[str, object]:
    return {"trinn": m["trinn"]}


def _count(m: re.Match[str], lang: str) -> dict[str, object]:
    return {"n": number(float(m["n"]), 0, lang)}


def _fte(m: re.Match[str], lang: str) -> dict[str, object]:
    return {"fte": number(float(m["fte"]), 1, lang)}


def _share(m: re.Match[str], lang: str) -> dict[str, object]:
    return {"pct": percent(float(m["share"]), 0, lang)}


def _bands(m: re.Match[str], lang: str) -> dict[str, object]:
    def whole(text: str) -> str:
        return number(float(text.replace(",", "")), 0, lang)

    return {"own": whole(m["own"]), "faerder": whole(m["faerder"]),
            "factor": number(float(m["factor"]), 4, lang)}


def _kostra(m: re.Match[str], lang: str) -> dict[str, object]:
    return {"file": m["file"], "table": m["table"] or m["t2"] or m["t3"]}


#: (pattern of the importer's line, catalogue key after ``app.est.``, its fields).
PATTERNS: tuple[tuple[re.Pattern[str], str, Fields], ...] = (
    (re.compile(r"trinn\.csv: trinn (?P<trinn>[\d, ]+) \(recipients and cost from"), "trinn",
     _trinn),
    (re.compile(r"trinn\.csv: trinn (?P<trinn>[\d, ]+) \(the parts their source marks"),
     "trinn_kostra", _trinn),
    (re.compile(r"parameters\.toml: dementia_prevalence_2024 = (?P<n>\d+(\.\d+)?)$"),
     "dementia", _count),
    (re.compile(r"parameters\.toml: care_fte_2023 = (?P<fte>\d+(\.\d+)?)$"), "care_fte", _fte),
    (re.compile(r"\S+: share_80plus_without_care_2023 = (?P<share>\d+(\.\d+)?)$"), "share",
     _share),
    (re.compile(r"age_profiles\.csv: Færder's profiles averaged"), "age_profiles", _plain),
    (re.compile(r"\S+: Færder's decisions, hours and cost per band x trinn 6-7 recipients "
                r"(?P<own>[\d,]+) / Færder's (?P<faerder>[\d,]+) = (?P<factor>\d+\.\d+)$"),
     "bands", _bands),
    (re.compile(r"staff_shares\.csv: Færder's estimated staff share"), "staff_shares", _plain),
    (re.compile(r"(?P<file>[^:\s]+): (no SSB table (?P<table>\w+) given|municipality \S+ is not "
                r"in SSB table (?P<t2>\w+)|SSB table (?P<t3>\w+) \(.*\) has no number)"),
     "kostra", _kostra),
)


def estimate_text(line: str, lang: str) -> str:
    """Return one of import.toml's ``[estimated]`` lines in ``lang`` (as written if its form
    is not known)."""
    for pattern, key, fields in PATTERNS:
        m = pattern.match(line)
        if m is not None:
            return t(f"est.{key}", lang, **fields(m, lang))
    return line
