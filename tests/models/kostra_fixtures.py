"""KOSTRA files (tables 12209 and 12362) in SSB's formats, for tests.

No public recording of these tables' API responses for 2024 could be found, so these files
are BUILT to SSB's documented formats (JSON-stat 2.0 as PxWebApi v2 returns it: ``id``, ``size``,
``dimension`` with ``category.index``/``label``, ``value`` flat in row-major order, ``status``
by cell, ``extension.px.tableid``; the StatBank "CSV (semicolon-separated) with heading"), with
the dimension codes of `models.ssb.kostra_tables`. The VALUES are ILLUSTRATIVE (of the order of
Telemark's municipalities, not SSB's published figures): tests check that the importer carries
a municipality's own value through, whatever it is.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

from models.ssb import kostra_tables as kt

#: Illustrative key figures (percent, percent, årsverk per recipient) by municipality.
KEY_FIGURES = {
    "4026": {"home_services_80plus": 31.4, "institution_80plus": 14.8,
             "fte_per_recipient": 0.62},   # Tinn
    "4003": {"home_services_80plus": 27.9, "institution_80plus": 10.6,
             "fte_per_recipient": 0.55},   # Skien
    "4010": {"home_services_80plus": 24.0, "institution_80plus": 12.5,
             "fte_per_recipient": 0.58},   # Siljan
    "4001": {"home_services_80plus": 29.2, "institution_80plus": 9.1,
             "fte_per_recipient": 0.52},   # Porsgrunn
}
NAMES = {"4026": "Tinn", "4003": "Skien", "4010": "Siljan", "4001": "Porsgrunn",
         "EAK": "Landet"}
#: Illustrative gross operating expenditure by function, 1000 NOK.
ACCOUNTS = {
    "4026": {"232": 9_800, "233": 2_100, "234": 14_500, "253": 138_000, "254": 104_000,
             "261": 9_600, "265": 6_300},
    "4003": {"232": 61_000, "233": 15_200, "234": 98_000, "253": 690_000, "254": 812_000,
             "261": 71_000, "265": 40_000},
    "4010": {"232": 3_100, "233": 600, "234": 3_900, "253": 31_000, "254": 26_500,
             "261": 2_400, "265": 1_100},
    "4001": {"232": 44_000, "233": 9_100, "234": 71_000, "253": 520_000, "254": 600_000,
             "261": 52_000, "265": 30_000},
}
YEAR = "2024"


def _cat(codes: list[str], labels: dict[str, str]) -> dict:
    return {"index": {c: i for i, c in enumerate(codes)},
            "label": {c: labels.get(c, c) for c in codes}}


def key_figures_jsonstat(regions: list[str], *, skip: dict[str, str] | None = None) -> dict:
    """Table 12209 for ``regions`` (one year), every indicator trappa reads plus one it does
    not; ``skip`` maps region -> indicator to give as SSB's ".." (no number)."""
    contents = [i.code for i in kt.INDICATORS] + ["KOSandel0000"]
    labels = {i.code: i.label_nb for i in kt.INDICATORS}
    labels["KOSandel0000"] = "Andel hjemmetjenestemottakere med omfattende bistandsbehov"
    values: list[object] = []
    status: dict[str, str] = {}
    names = {i.code: i.name for i in kt.INDICATORS}
    for k, (r, c) in enumerate(itertools.product(regions, contents)):
        name = names.get(c)
        if name is None:
            values.append(12.3)
        elif (skip or {}).get(r) == name:
            values.append(None)
            status[str(k)] = ".."
        else:
            values.append(KEY_FIGURES[r][name])
    return {"version": "2.0", "class": "dataset",
            "label": "12209: Utvalgte nøkkeltall for helse- og omsorgstjenester, etter region, "
                     "statistikkvariabel og år",
            "source": "Statistisk sentralbyrå", "updated": "2025-06-16T06:00:00Z",
            "id": [kt.REGION_DIM, kt.CONTENTS_DIM, kt.TIME_DIM], "size": [len(regions),
                                                                          len(contents), 1],
            "dimension": {kt.REGION_DIM: {"label": "region", "category": _cat(regions, NAMES)},
                          kt.CONTENTS_DIM: {"label": "statistikkvariabel",
                                            "category": {**_cat(contents, labels),
                                                         "unit": {}}},
                          kt.TIME_DIM: {"label": "år", "category": _cat([YEAR], {})}},
            "value": values, "status": status, "role": {"time": [kt.TIME_DIM],
                                                       "metric": [kt.CONTENTS_DIM]},
            "extension": {"px": {"tableid": kt.KEY_FIGURES_TABLE, "decimals": 1}}}


def accounts_jsonstat(regions: list[str], *, drop: dict[str, str] | None = None) -> dict:
    """Table 12362 for ``regions``: the staircase's functions and one other (241), gross
    operating expenditure (art AGD10) and the net and corrected gross (AGD2, AGD4); ``drop``
    region -> function as ".."."""
    functions = [*kt.FUNCTIONS, "241"]
    flabels = {f: f"{f} {n}" for f, n in kt.FUNCTIONS.items()} | {"241": "241 Diagnose, "
                                                                   "behandling, re-/habilitering"}
    # the arts' codes and labels of a recorded SSB response of table 12367
    # (models/ssb/kostra_tables.py): gross AGD10 is read, net AGD2 and corrected gross AGD4
    # are not
    arts = ["AGD4", kt.GROSS_EXPENDITURE_ART, "AGD2"]
    alabels = {"AGD4": "Korrigerte brutto driftsutgifter på funksjon/tjenesteområde",
               kt.GROSS_EXPENDITURE_ART: "Brutto driftsutgifter på funksjon/tjenesteområde",
               "AGD2": "Netto driftsutgifter på funksjon/tjenesteområde"}
    other = {"AGD4": 0.9, "AGD2": 0.7}
    values: list[object] = []
    status: dict[str, str] = {}
    for k, (r, f, a) in enumerate(itertools.product(regions, functions, arts)):
        if f == "241":
            values.append(5_000)
        elif a in other:
            values.append(round(ACCOUNTS[r][f] * other[a]))
        elif (drop or {}).get(r) == f:
            values.append(None)
            status[str(k)] = ".."
        else:
            values.append(ACCOUNTS[r][f])
    return {"version": "2.0", "class": "dataset",
            "label": "12362: Driftsutgifter etter funksjon og art (K) (1000 kr), etter region, "
                     "funksjon, art, statistikkvariabel og år",
            "source": "Statistisk sentralbyrå", "updated": "2025-06-16T06:00:00Z",
            "id": [kt.REGION_DIM, kt.FUNCTION_DIM, kt.ART_DIM, kt.CONTENTS_DIM, kt.TIME_DIM],
            "size": [len(regions), len(functions), len(arts), 1, 1],
            "dimension": {
                kt.REGION_DIM: {"label": "region", "category": _cat(regions, NAMES)},
                kt.FUNCTION_DIM: {"label": "funksjon", "category": _cat(functions, flabels)},
                kt.ART_DIM: {"label": "art", "category": _cat(arts, alabels)},
                kt.CONTENTS_DIM: {"label": "statistikkvariabel", "category": _cat(
                    [kt.ACCOUNTS_CONTENTS], {kt.ACCOUNTS_CONTENTS: "Beløp (1000 kr)"})},
                kt.TIME_DIM: {"label": "år", "category": _cat([YEAR], {})}},
            "value": values, "status": status,
            "extension": {"px": {"tableid": "12362", "decimals": 0}}}


def key_figures_csv(regions: list[str]) -> str:
    """Table 12209 as StatBank's "CSV (semicolon-separated) with heading" (wide: one column
    per "<statistikkvariabel> <year>"... here long rows, one per region and indicator)."""
    lines = ['"12209: Utvalgte nøkkeltall for helse- og omsorgstjenester, etter region, '
             'statistikkvariabel og år"', "",
             '"region";"statistikkvariabel";"år";"Utvalgte nøkkeltall"']
    for r in regions:
        for i in kt.INDICATORS:
            v = f"{KEY_FIGURES[r][i.name]:.2f}".replace(".", ",")
            lines.append(f'"{r} {NAMES[r]}";"{i.label_nb}";"{YEAR}";{v}')
    lines += ["", '"Kilde: Statistisk sentralbyrå"']
    return "\n".join(lines) + "\n"


def write(path: Path, doc: dict | str) -> Path:
    """Write a fixture (JSON for a dict) and return its path."""
    text = doc if isinstance(doc, str) else json.dumps(doc, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path
