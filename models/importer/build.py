"""``trappa municipality import``: an SSB projection (and what else the consultant has) to a
municipality folder in the format of ``models/data/faerder/``."""

from __future__ import annotations

import csv
import hashlib
import io
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from models.coverage import COVERAGE_FILE, OLD_AGE
from models.errors import DataFileError, TrappaError
from models.importer import population as popmod
from models.importer.estimates import (
    MAX_AGE,
    StaircaseRow,
    age_profile_rows,
    dementia_ages_population,
    dementia_population,
    estimate_dementia,
    estimate_staircase,
    single_ages_of,
)
from models.importer.staircase import PLAUSIBLE_FACTOR, read_staircase
from models.importer.writer import check_input_file, toml_tables, write_atomically
from models.ladder import CARE_TRINN
from models.municipality import DATA_DIR, Municipality, load_municipality
from models.ssb.kostra import KostraTable, read_kostra_file
from models.ssb.readers import read_ssb_file
from models.ssb.regions import check_municipality_number, current_number
from models.ssb.table import MAIN_ALTERNATIVE

REFERENCE = "faerder"
#: Copied unchanged from Færder: the national calculator's prices, the persona Johs and its
#: packages, the need groups, the HUNT4 dementia prevalence and the estimated staff share of
#: each trinn's cost (KOSTRA's order, not any one municipality's accounts).
COPIED = ("unit_prices.csv", "packages.csv", "pathways.csv", "investments.csv",
          "need_groups.csv", "dementia.csv", "dementia_group.toml", "boligtrapp.csv",
          "staff_shares.csv")
#: Færder's home-care decisions by band (seed 001's digital-zone tables) are counts for all
#: of Færder: an imported folder gets them scaled by its trinn 6-7 recipients (the decision
#: holders) over Færder's, so each band keeps Færder's hours and cost per decision. The rates
#: (``all`` rows: digital staffing per hour, ATA) are copied unchanged.
HOME_CARE_BANDS = "home_care_bands.csv"
DECISION_TRINN = (6, 7)
SCALED_BAND_QUANTITIES = ("weekly_hours", "traditional_cost_nok", "digital_running_nok",
                          "decisions")
#: Færder's share of inhabitants 80+ with no care service, 2023 (seed 000, slide "Stadig
#: flere eldre i landet klarer seg uten tjenester": 3811 Færder 2023 42 %).
FAERDER_SHARE_80PLUS_WITHOUT_CARE = 0.42
IMPORT_FILE = "import.toml"
TARGETS_FILE = "targets.toml"


@dataclass
class ImportResult:
    """What an import wrote and what it estimated."""

    out: Path
    name: str
    kommune: str
    alternatives: tuple[str, ...]
    population_2024: int
    estimated: list[str] = field(default_factory=list)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _csv_text(header: list[str], columns: list[str], rows: list[list[object]]) -> str:
    buf = io.StringIO()
    buf.write("".join(f"# {h}\n" for h in header))
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    w.writerows(rows)
    return buf.getvalue()


def _registered_base_year(path: Path, kommune: str, groups: list[popmod.Group]
                          ) -> tuple[dict[str, int], NDArray[np.float64] | None]:
    """Base-year persons by written group from table 07459 (registered population), and by
    single year of age when the file has single years (else None)."""
    table = read_ssb_file(path)
    if table.kind != "population":
        raise DataFileError(path, f"--population expects SSB table 07459, this is table "
                                  f"{table.table_id}")
    rows = popmod.select_region(table, kommune)
    popmod.check_cells(table, rows)
    rows = rows[rows["year"] == popmod.BASE_YEAR]
    out = {g.label: 0 for g in groups}
    single: NDArray[np.float64] | None = np.zeros(MAX_AGE + 1)
    for lo, hi, n, where in zip(rows["age_min"], rows["age_max"], rows["persons"],
                                rows["where"], strict=True):
        if single is not None and (pd.isna(hi) or int(hi) == int(lo)):
            single[min(int(lo), MAX_AGE)] += float(n)  # an open top (105+) at the cap
        else:
            single = None
        g = next(g for g in reversed(groups) if g.age_min <= lo)
        top = None if pd.isna(hi) else int(hi)
        if g.age_max is not None and (top is None or top > g.age_max):
            raise DataFileError(path, f"{where}: ages {lo}-{top if top is not None else ''} "
                                      f"straddle the projection's group {g.label}")
        out[g.label] += round(float(n))
    return out, single


def import_municipality(kommune: str, projection: Path, out: Path, *,
                        population: Path | None = None, staircase: Path | None = None,
                        dementia: float | None = None, care_fte: float | None = None,
                        share_80plus_without_care: float | None = None,
                        name: str | None = None,
                        kostra: list[Path] | None = None) -> ImportResult:
    """Write a municipality folder from SSB files; see docs/municipalities.md.

    Everything is read and checked before anything is written; the folder is written under a
    temporary name and renamed at the end, and an existing non-empty ``out`` is refused.
    """
    code = check_municipality_number(kommune)
    from models.importer.writer import check_output
    check_output(out)
    for label, value in (("--dementia", dementia), ("--care-fte", care_fte)):
        if value is not None and not (math.isfinite(value) and value >= 0):
            raise TrappaError(f"{label} must be a finite number >= 0, got {value}")
    if care_fte is not None and care_fte <= 0:
        raise TrappaError(f"--care-fte must be > 0 (FTE in pleie og omsorg), got {care_fte:g}")
    if name is not None and (not name.strip() or len(name) > 100
                             or not all(c.isprintable() for c in name)):
        raise TrappaError(f"--name {name!r}: must be 1-100 printable characters (it goes into "
                          "every file's header and the report)")
    if share_80plus_without_care is not None and not 0 <= share_80plus_without_care <= 1:
        raise TrappaError("--share-80plus-without-care must be between 0 and 1")
    for label, given in (("--projection", projection), ("--population", population),
                         ("--staircase", staircase),
                         *(("--kostra", k) for k in kostra or [])):
        if given is not None:
            check_input_file(given, label)
    tables = _kostra_tables(kostra or [])

    table = read_ssb_file(projection)
    if table.kind != "projection":
        raise DataFileError(projection, f"--projection expects SSB table 14288 (or a successor)"
                                        f", this is table {table.table_id}")
    rows = popmod.select_region(table, code)
    popmod.check_cells(table, rows)
    alternatives = tuple(dict.fromkeys(rows["alternative"]))
    if MAIN_ALTERNATIVE not in alternatives:
        raise DataFileError(projection, f"no main alternative {MAIN_ALTERNATIVE} for region "
                                        f"{code} (alternatives: {', '.join(alternatives)})")
    ref = load_municipality(REFERENCE)
    max_age = int(ref.demography["max_age"])
    groups = popmod.output_groups(rows)
    persons = popmod.group_persons(rows, groups)
    region_name = str(rows["region_name"].iloc[0])
    title = name or region_name
    src_file = projection.name
    sources = {alt: f"SSB table {table.table_id}, {src_file}, {alt}, region {code} {region_name}"
               for alt in alternatives}
    registered = None
    if population is not None:
        base, registered = _registered_base_year(population, code, groups)
        for alt in alternatives:
            for label, n in base.items():
                persons[(alt, label, popmod.BASE_YEAR)] = n
        pop_note = (f"; {popmod.BASE_YEAR} from SSB table 07459 ({population.name}, registered "
                    "1 January)")
        sources = {a: s + pop_note for a, s in sources.items()}

    pop = single_ages_of([(g.age_min, g.age_max if g.age_max is not None else max_age,
                           persons[(MAIN_ALTERNATIVE, g.label, popmod.BASE_YEAR)])
                          for g in groups])
    total = round(float(pop.sum()))
    estimated: list[str] = []
    stairs = {r.trinn: r for r in estimate_staircase(ref, pop)}
    given_trinn: set[int] = set()
    if staircase is not None:
        own_rows = read_staircase(staircase, ref, total)
        given_trinn = set(own_rows)
        stairs.update(own_rows)
    kres = None
    if tables:
        from models.importer.kostra import apply_kostra
        kres = apply_kostra(ref, pop, current_number(code), stairs, given_trinn, tables)
        stairs = kres.stairs
    est_trinn = [t for t, r in sorted(stairs.items()) if r.estimated]
    if est_trinn and kres is None:
        estimated.append(f"trinn.csv: trinn {', '.join(map(str, est_trinn))} (recipients and "
                         "cost from Færder's age-specific use and cost per recipient)")
    elif est_trinn:
        estimated.append(f"trinn.csv: trinn {', '.join(map(str, est_trinn))} (the parts their "
                         "source marks 'estimated': Færder's age-specific use or cost per "
                         "recipient; the rest from KOSTRA)")
    if kres is not None:
        estimated += kres.estimated
    if dementia is None:
        dem_pop, dem_how = dementia_population(
            ref, [(g.age_min, g.age_max if g.age_max is not None else max_age,
                   persons[(MAIN_ALTERNATIVE, g.label, popmod.BASE_YEAR)]) for g in groups],
            registered)
        dementia_n = round(estimate_dementia(ref, dem_pop))
        dementia_src = ("estimated: the HUNT4 age-specific prevalence (dementia.csv) applied "
                        f"by single year of age to {dem_how}")
        estimated.append(f"parameters.toml: dementia_prevalence_2024 = {dementia_n}")
    else:
        dementia_n = round(dementia)
        dementia_src = "given: --dementia"
        at_risk = dementia_ages_population(ref, pop)
        if dementia_n > at_risk:
            raise TrappaError(f"--dementia {dementia:g}: more people with dementia than "
                              f"{title} has inhabitants of the ages with dementia in "
                              f"dementia.csv ({at_risk:,.0f} in {popmod.BASE_YEAR})")
    care_cost = sum(stairs[t].cost_mnok for t in CARE_TRINN) * 1e6
    fte_label = "--care-fte"
    if care_fte is None and kres is not None and kres.care_fte is not None:
        care_fte, fte_label = kres.care_fte[0], f"the care FTE ({kres.care_fte[1]})"
    if care_fte is None:
        per_fte = ref.parameters["care_cost_per_fte_2024"]
        fte = round(care_cost / per_fte, 1)
        fte_src = (f"estimated: cost of the care trinn 6, 7, 9, 10, 11 ({care_cost / 1e6:,.1f} "
                   f"mill) / Færder's {per_fte:,.0f} NOK per FTE")
        per_src = None  # Færder's, with its source
        estimated.append(f"parameters.toml: care_fte_2023 = {fte}")
    else:
        fte = float(care_fte)
        if fte <= 0:
            raise TrappaError("--care-fte must be > 0")
        if fte > total:
            raise TrappaError(f"{fte_label} {fte:g}: more FTE in pleie og omsorg than "
                              f"{title} has inhabitants ({total:,} in {popmod.BASE_YEAR})")
        per_fte = round(care_cost / fte)
        ref_per_fte = ref.parameters["care_cost_per_fte_2024"]
        if not ref_per_fte / PLAUSIBLE_FACTOR <= per_fte <= ref_per_fte * PLAUSIBLE_FACTOR:
            raise TrappaError(f"{fte_label} {fte:g}: the care trinn's cost "
                              f"({care_cost / 1e6:,.1f} mill NOK) over it is {per_fte:,} NOK "
                              f"per FTE, far from Færder's {ref_per_fte:,.0f} (more than a "
                              f"factor {PLAUSIBLE_FACTOR:g}): FTE in the wrong unit?")
        from_kostra = fte_label != "--care-fte" and kres is not None and kres.care_fte
        fte_src = kres.care_fte[1] if from_kostra and kres and kres.care_fte else \
            "given: --care-fte"
        per_src = (f"derived: cost of the care trinn 6, 7, 9, 10, 11 ({care_cost / 1e6:,.1f} "
                   f"mill) / {fte:g} FTE ({'KOSTRA' if from_kostra else '--care-fte'})")
    if share_80plus_without_care is None and kres is not None and kres.share_without:
        share, share_src = kres.share_without
    elif share_80plus_without_care is None:
        share = FAERDER_SHARE_80PLUS_WITHOUT_CARE
        share_src = ("estimated: Færder's 2023 share (seed 000: 3811 Færder 2023 42 %), taken "
                     "unchanged")
        estimated.append(f"{TARGETS_FILE}: share_80plus_without_care_2023 = {share}")
    else:
        share = share_80plus_without_care
        share_src = "given: --share-80plus-without-care"
    if [g.label for g in groups] != [g.label for g in ref.projection.groups]:
        estimated.append("age_profiles.csv: Færder's profiles averaged over this file's age "
                         "groups")

    holders = sum(stairs[t].recipients or 0 for t in DECISION_TRINN)
    ref_holders = sum(ref.ladder[t].recipients_2024 or 0 for t in DECISION_TRINN)
    bands_factor = holders / ref_holders
    bands_note = (f"trinn 6-7 recipients {holders:,.0f} / Færder's {ref_holders:,.0f} = "
                  f"{bands_factor:.4f}")
    estimated.append(f"{HOME_CARE_BANDS}: Færder's decisions, hours and cost per band x "
                     f"{bands_note}")
    estimated.append("staff_shares.csv: Færder's estimated staff share of each trinn's cost "
                     "(the order of KOSTRA's wage shares, not this municipality's accounts)")

    def fill(tmp: Path) -> None:
        header = [f"{title} ({code}): written by trappa municipality import on "
                  f"{datetime.now(UTC):%Y-%m-%d} from {src_file} (SSB table {table.table_id})."]
        for alt in alternatives:
            text = popmod.population_csv(
                alt, groups, persons, max_age, sources[alt],
                [*header, f"SSB population projection, alternative {alt}. Unit: persons on "
                          "1 January. Cite: Statistisk sentralbyrå, tabell "
                          f"{table.table_id}."])
            (tmp / popmod.alternative_file(alt)).write_text(text, encoding="utf-8")
        _write_trinn(tmp, ref, stairs, title, code)
        _write_parameters(tmp, ref, title, dementia_n, dementia_src, fte, fte_src, per_fte,
                          per_src)
        (tmp / "demography.toml").write_text(toml_tables(
            {n: _copied(p) for n, p in ref.demography.items.items()},
            [f"{title}: demography copied from Færder (models/data/faerder/demography.toml); "
             "calibration may move it."]), encoding="utf-8")
        profile_groups = [(g.label, g.age_min, g.age_max if g.age_max is not None else max_age)
                          for g in groups]
        (tmp / "age_profiles.csv").write_text(_csv_text(
            [f"{title}: relative use by age group, from Færder's profiles (see source)."],
            ["profile", "age_group", "relative_use", "source"],
            [list(r) for r in age_profile_rows(ref, profile_groups)]), encoding="utf-8")
        (tmp / HOME_CARE_BANDS).write_text(_scaled_bands(title, bands_factor, bands_note),
                                           encoding="utf-8")
        for f in COPIED:
            text = (DATA_DIR / REFERENCE / f).read_text(encoding="utf-8")
            (tmp / f).write_text(f"# Copied unchanged from trappa's Færder data "
                                 f"(models/data/faerder/{f}): national calculator data and "
                                 f"Færder's assumptions, not {title}'s own.\n" + text,
                                 encoding="utf-8")
        if kres is not None and kres.coverage and not any(g.age_min == OLD_AGE
                                                          for g in groups):
            estimated.append(f"{COVERAGE_FILE}: not written, the population has no age group "
                             f"starting at {OLD_AGE}; the 80+ follow the national age profile")
        elif kres is not None and kres.coverage:
            (tmp / COVERAGE_FILE).write_text(_csv_text(
                [f"{title}: the share of inhabitants 80+ on these trinn on 31 December, from "
                 "KOSTRA (models/ssb/data/kostra_mapping.csv); the engine's start holds it "
                 "(sim.derive.entry.meet_coverage)."],
                ["figure", "trinn", "share", "year", "source"],
                [[n, " ".join(map(str, c.trinn)), round(c.share, 6), c.year,
                  f"SSB table {c.table} ({c.year}, {kres.figures[n]['file']}): "
                  f"{kres.figures[n]['label']} {kres.figures[n]['value']:g} %"]
                 for n, c in kres.coverage.items()]), encoding="utf-8")
        (tmp / TARGETS_FILE).write_text(toml_tables(
            {"share_80plus_without_care_2023": {
                "value": share, "unit": "share of inhabitants aged 80+ with no care service "
                                       "(pleie- og omsorgstjenester) at all",
                "source": share_src}},
            [f"{title}: calibration figures the data files do not hold."]), encoding="utf-8")
        inputs = {"projection": projection, "population": population, "staircase": staircase,
                  **{f"kostra{t.table_id}": t.path for t in tables}}
        (tmp / IMPORT_FILE).write_text(toml_tables(
            {"import": {"name": title, "kommune": kommune, "kommune_today": current_number(code),
                        "table": table.table_id, "format": table.fmt,
                        "alternatives": ",".join(alternatives), "base_year": popmod.BASE_YEAR,
                        "written_utc": f"{datetime.now(UTC):%Y-%m-%dT%H:%M:%SZ}",
                        "dementia": dementia_src, "care_fte": fte_src,
                        "share_80plus_without_care": share_src,
                        "kostra": ", ".join(f"SSB table {t.table_id} ({t.fmt}, {t.path.name})"
                                            for t in tables) or None},
             **{f"input.{k}": {"file": str(p), "sha256": _sha256(p)}
                for k, p in inputs.items() if p is not None},
             **{f"kostra.{n}": f for n, f in (kres.figures.items() if kres else [])},
             "estimated": {f"item{i + 1}": e for i, e in enumerate(estimated)}},
            [f"How {title}'s folder was made (read by 'trappa municipality show')."]),
            encoding="utf-8")
        try:  # the folder must load before it is given its name
            load_municipality(str(tmp))
        except DataFileError as exc:
            # name the file as the user will know it (the temporary folder is removed) and
            # say where the value came from: the options or the SSB file, not a file of theirs
            raise DataFileError(out / exc.path.name, f"{exc.problem} (a value computed from "
                                "the options and files given to the import; nothing was "
                                "written)", row=exc.row, field=exc.field) from None

    write_atomically(out, fill)
    return ImportResult(out, title, code, alternatives, total, estimated)


def _kostra_tables(paths: list[Path]) -> list[KostraTable]:
    """Read the KOSTRA files: one key-figure table (12209) and one accounts table at most."""
    tables = [read_kostra_file(p) for p in paths]
    seen: dict[str, Path] = {}
    for t in tables:
        kind = "accounts" if t.is_accounts else "key figures"
        if kind in seen:
            raise DataFileError(t.path, f"a second KOSTRA {kind} table (the first: "
                                        f"{seen[kind].name}): give one of each")
        seen[kind] = t.path
    return tables


def _scaled_bands(title: str, factor: float, note: str) -> str:
    """Færder's home_care_bands.csv with the band counts scaled by ``factor`` (see
    `HOME_CARE_BANDS`); every scaled row's source says so."""
    text = (DATA_DIR / REFERENCE / HOME_CARE_BANDS).read_text(encoding="utf-8")
    comments = [line for line in text.splitlines() if line.startswith("#")]
    body = [line for line in text.splitlines() if line and not line.startswith("#")]
    rows = list(csv.reader(body))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(rows[0])
    col = {name: i for i, name in enumerate(rows[0])}
    for row in rows[1:]:
        if row[col["quantity"]] in SCALED_BAND_QUANTITIES:
            row[col["value"]] = f"{float(row[col['value']]) * factor:.10g}"
            row[col["source"]] = (f"estimated: Færder's value x {note}; Færder: "
                                  f"{row[col['source']]}")
        writer.writerow(row)
    head = [f"# {title}: Færder's home-care decisions by band (models/data/faerder/"
            f"{HOME_CARE_BANDS}) scaled to this municipality: counts, hours and cost x {note}; "
            "rates unchanged. Færder's file says:", *comments]
    return "\n".join(head) + "\n" + out.getvalue()


def _copied(p: object) -> dict[str, object]:
    return {"value": p.value, "unit": p.unit,  # type: ignore[attr-defined]
            "source": f"copied from Færder: {p.source}",  # type: ignore[attr-defined]
            "prior_min": p.prior_min, "prior_max": p.prior_max}  # type: ignore[attr-defined]


def _write_trinn(tmp: Path, ref: Municipality, stairs: dict[int, StaircaseRow], title: str,
                 code: str) -> None:
    rows = []
    for t in ref.ladder:
        r = stairs[t.number]
        rows.append([t.number, t.name_nb, t.name_en, t.kind.value,
                     "" if r.recipients is None else r.recipients, r.cost_mnok,
                     "" if r.per_recipient_nok is None else f"{r.per_recipient_nok:.0f}",
                     r.source])
    illustrative = any(r.estimated for r in stairs.values())
    header = [f"{title} ({code}): the 12 trinn with 2024 recipients (persons, 31 Dec) and cost "
              "(cost_2024_mnok = mill NOK); per_recipient_nok = NOK per recipient."]
    if illustrative:
        header.append("ILLUSTRATIVE: rows whose source says 'estimated' are Færder's use and "
                      "cost applied to this population, not this municipality's accounts.")
    (tmp / "trinn.csv").write_text(_csv_text(
        header, ["trinn", "name_nb", "name_en", "kind", "recipients_2024", "cost_2024_mnok",
                 "per_recipient_nok", "source"], rows), encoding="utf-8")


def _write_parameters(tmp: Path, ref: Municipality, title: str, dementia: int, dementia_src: str,
                      fte: float, fte_src: str, per_fte: float, per_src: str | None) -> None:
    entries: dict[str, dict[str, object]] = {}
    for n, p in ref.parameters.items.items():
        entries[n] = _copied(p)
    entries["dementia_prevalence_2024"].update(
        value=dementia, unit=f"persons with dementia, {title}", source=dementia_src)
    entries["care_fte_2023"].update(value=fte, unit=f"FTE (årsverk) in pleie og omsorg, {title}",
                                    source=fte_src)
    if per_src is not None:
        entries["care_cost_per_fte_2024"].update(value=per_fte, source=per_src)
    (tmp / "parameters.toml").write_text(toml_tables(
        entries, [f"{title}: model parameters. Every entry: value, unit, source."]),
        encoding="utf-8")


