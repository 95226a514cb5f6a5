"""A municipality's population from an SSB table: select, check, regroup, write.

The written groups are the file's, except that groups ending below age 16 are merged into
one (0-15): the engine spreads ages uniformly within groups below 67 anyway, and it tells the
elderly need groups from the others by a zero use in the first three age groups, which
KOSTRA's child groups (0, 1-5, 6-12) would give the mental-health profile too. Files with
single-year ages are summed into Færder's groups (0-17, 18-49, 50-66, 67-79, 80-89, 90+).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pandas as pd

from models.errors import DataFileError
from models.ssb.ages import age_label
from models.ssb.regions import current_number
from models.ssb.table import MAIN_ALTERNATIVE, SYMBOLS, SsbTable

BASE_YEAR = 2024
#: Færder's groups, used when a file has single years of age.
FAERDER_BOUNDS = (0, 18, 50, 67, 80, 90)
MERGE_BELOW = 16


@dataclass(frozen=True, slots=True)
class Group:
    """A written age group; ``parts`` are the SSB labels summed into it."""

    age_min: int
    age_max: int | None
    parts: tuple[str, ...]

    @property
    def label(self) -> str:
        return age_label(self.age_min, self.age_max)


def select_region(table: SsbTable, kommune: str) -> pd.DataFrame:
    """Rows of one municipality (old numbers on either side map to today's)."""
    wanted = current_number(kommune)
    codes = table.frame["region"].map(current_number)
    rows = table.frame[codes == wanted]
    if rows.empty:
        found = sorted(set(zip(table.frame["region"], table.frame["region_name"],
                               strict=True)))
        listed = ", ".join(f"{c} {n}" if c != n else n for c, n in found[:8])
        more = f" and {len(found) - 8} more" if len(found) > 8 else ""
        raise DataFileError(table.path, f"region {kommune} is not in the file (regions: "
                                        f"{listed}{more})")
    return rows


def check_cells(table: SsbTable, rows: pd.DataFrame) -> None:
    """Every needed cell holds a number; ages cover 0 to an open-ended group; no year missing."""
    bad = rows[rows["persons"].isna()]
    if not bad.empty:
        r = bad.iloc[0]
        raise DataFileError(table.path, f"{r['where']}: {SYMBOLS.get(r['status'], 'missing')}"
                                        f" ('{r['status']}') for {r['age_text']} {r['year']}")
    for alt, part in rows.groupby("alternative", sort=False):
        ages = part.drop_duplicates(["age_min", "age_max"]).sort_values("age_min")
        expect = 0
        for _, a in ages.iterrows():
            if a["age_min"] != expect:
                raise DataFileError(table.path, f"{alt}: ages do not cover 0 to 90+: "
                                                f"{'gap' if a['age_min'] > expect else 'overlap'}"
                                                f" at age {expect} ({a['where']})")
            if pd.isna(a["age_max"]):
                expect = -1
                break
            expect = int(a["age_max"]) + 1
        if expect != -1:
            raise DataFileError(table.path, f"{alt}: ages do not cover 0 to 90+ (they stop at "
                                            f"{ages.iloc[-1]['age_text']!r}: no open-ended "
                                            "oldest group such as '90 år eller eldre')")
    years = sorted(set(rows["year"]))
    if BASE_YEAR not in years:
        raise DataFileError(table.path, f"years missing: no {BASE_YEAR} (the base year) for the "
                                        f"region (years: {years[0]}-{years[-1]})")
    age_keys = sorted(set(zip(rows["age_min"], rows["age_max"].fillna(-1), strict=True)))
    have = set(zip(rows["alternative"], zip(rows["age_min"], rows["age_max"].fillna(-1),
                                            strict=True), rows["year"], strict=True))
    full = itertools.product(sorted(set(rows["alternative"])), age_keys, years)
    for alt, (lo, _), year in full:
        if (alt, (lo, _), year) not in have:
            raise DataFileError(table.path, f"years missing: no {alt} row for ages from {lo} "
                                            f"in {year}")


def output_groups(rows: pd.DataFrame) -> list[Group]:
    """The groups to write (see the module docstring)."""
    ages = rows.drop_duplicates(["age_min", "age_max"]).sort_values("age_min")
    spans = [(int(a), None if pd.isna(b) else int(b), t)
             for a, b, t in zip(ages["age_min"], ages["age_max"], ages["age_text"], strict=True)]
    single = all(hi is None or hi == lo for lo, hi, _ in spans)
    if single and len(spans) > len(FAERDER_BOUNDS):
        bounds = list(FAERDER_BOUNDS)
    else:
        bounds = [0] + [lo for lo, _, _ in spans if lo >= MERGE_BELOW]
    groups: list[Group] = []
    for k, lo in enumerate(bounds):
        hi_next = bounds[k + 1] if k + 1 < len(bounds) else None
        parts = tuple(t for a, _, t in spans if a >= lo and (hi_next is None or a < hi_next))
        hi = None if hi_next is None else hi_next - 1
        groups.append(Group(lo, hi, parts))
    return groups


def group_persons(rows: pd.DataFrame, groups: list[Group]) -> dict[tuple[str, str, int], int]:
    """Persons by (alternative, group label, year), summed over the group's SSB parts."""
    out: dict[tuple[str, str, int], int] = {}
    part_of = {t: g.label for g in groups for t in g.parts}
    for alt, text, year, persons in zip(rows["alternative"], rows["age_text"], rows["year"],
                                        rows["persons"], strict=True):
        key = (alt, part_of[text], int(year))
        out[key] = out.get(key, 0) + round(float(persons))
    return out


def population_csv(alt: str, groups: list[Group], persons: dict[tuple[str, str, int], int],
                   max_age: int, source: str, header: list[str]) -> str:
    """The text of a ``population.csv`` (the loader's format) for one alternative."""
    lines = [f"# {h}" for h in header]
    lines.append("age_group,age_min,age_max,year,persons,source")
    years = sorted({y for a, _, y in persons if a == alt})
    for g in groups:
        parts = "" if len(g.parts) == 1 else f"; sum of SSB groups {' + '.join(g.parts)}"
        cap = "" if g.age_max is not None else f"; age_max {max_age} is a modelling cap"
        for y in years:
            src = f"{source}{parts}{cap}".replace('"', "'")
            lines.append(f'{g.label},{g.age_min},{g.age_max if g.age_max is not None else max_age}'
                         f',{y},{persons[(alt, g.label, y)]},"{src}"')
    return "\n".join(lines) + "\n"


def alternative_file(alt: str) -> str:
    """The file name of an alternative: population.csv for MMMM, population-CODE.csv else."""
    return "population.csv" if alt == MAIN_ALTERNATIVE else f"population-{alt}.csv"
