"""``trappa municipality show DIR``: what a municipality folder holds and what was estimated."""

from __future__ import annotations

import re
from pathlib import Path

from models.datafile import read_toml
from models.demography import load_alternative, projection_alternatives, projection_path
from models.municipality import load_municipality

ESTIMATED = "estimated"
#: How a source names an SSB table and its year ("SSB table 12209 (2024, file.json)").
_TABLE_YEAR = re.compile(r"SSB table (\d{5}) \((\d{4})")


def basis(source: str) -> str:
    """The SSB tables and years behind a value's source ("12209 2024, 12362 2024"), or ""."""
    found = dict.fromkeys(f"{t} {y}" for t, y in _TABLE_YEAR.findall(source))
    return ", ".join(found)


def describe(folder: Path) -> list[str]:
    """Lines describing a municipality folder (loaded and checked first)."""
    m = load_municipality(str(folder))
    meta = read_toml(folder / "import.toml").get("import", {}) \
        if (folder / "import.toml").is_file() else {}
    lines = [f"{meta.get('name', m.name)} ({meta.get('kommune_today', 'no import record')}): "
             f"{folder}"]
    if meta:
        lines.append(f"  imported from SSB table {meta['table']} ({meta['format']}) on "
                     f"{meta['written_utc']}")
    p = m.projection
    old = sum(p.persons[(g.label, 2024)] for g in p.groups if g.age_min >= 80)
    lines.append(f"  population 2024: {p.total(2024):,} (80+: {old:,}); years "
                 f"{p.years[0]}-{p.years[-1]}; age groups {', '.join(g.label for g in p.groups)}")
    approximated = []
    for alt in projection_alternatives(folder):
        proj = load_alternative(folder, alt)
        last = proj.years[-1]
        text = projection_path(folder, alt).read_text(encoding="utf-8")
        flag = ""
        if ",\"approximation" in text:
            flag = "  [approximation]"
            approximated.append(f"{projection_path(folder, alt).name}: approximation (MMMM x "
                                "the national ratio of the alternative to MMMM)")
        lines.append(f"  projection {alt}: {proj.total(last):,} in {last}{flag}")
    lines.append("  staircase 2024 (recipients, mill NOK):")
    for t in m.ladder:
        flag = "  [estimated]" if t.source.startswith(ESTIMATED) else ""
        tables = basis(t.source)
        flag += f"  [SSB {tables}]" if tables else ""
        rec = "all" if t.recipients_2024 is None else f"{t.recipients_2024:,}"
        lines.append(f"    {t.number:>2} {t.name_en[:44]:44} {rec:>7} {t.cost_2024_mnok:>9,.1f}"
                     f"{flag}")
    for name in ("dementia_prevalence_2024", "care_fte_2023"):
        prm = m.parameters.get(name)
        flag = "  [estimated]" if prm.source.startswith(ESTIMATED) else ""
        tables = basis(prm.source)
        flag += f"  [SSB {tables}]" if tables else ""
        lines.append(f"  {name}: {prm.value:,.1f} ({prm.unit}){flag}")
    targets = folder / "targets.toml"
    if targets.is_file():
        for name, entry in read_toml(targets).items():
            source = str(entry.get("source", ""))
            flag = "  [estimated]" if source.startswith(ESTIMATED) else ""
            tables = basis(source)
            flag += f"  [SSB {tables}]" if tables else ""
            lines.append(f"  {name}: {entry.get('value')}{flag}")
    record = read_toml(folder / "import.toml") if meta else {}
    kostra = record.get("kostra", {})
    if kostra:
        lines.append("  KOSTRA figures (SSB table, year, file):")
        for name, f in kostra.items():
            lines.append(f"    {name}: {f.get('value'):,} {f.get('unit')} ({f.get('label')}) "
                         f"-> {f.get('sets')}  [SSB table {f.get('table')}, {f.get('year')}, "
                         f"{f.get('file')}]")
    est = record.get("estimated", {})
    items = [*map(str, est.values()), *approximated]
    lines.append("  estimated: " + ("nothing" if not items else ""))
    lines += [f"    - {e}" for e in items]
    return lines
