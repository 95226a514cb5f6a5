"""Engine inputs: everything a replication needs, derived once from a municipality's data.

Built deterministically (no randomness) and frozen, so one object can be shared by every
replication, scenario and worker (pickled once to a process pool or Ray's object store).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from models.calculator import Staffing, cost_package
from models.ladder import TrinnKind
from models.municipality import Municipality
from sim.decisions import DecisionSpec, home_care_decisions
from sim.housing import HousingSpec, housing_spec
from sim.lifetable import cumulative, hazards, survival_weights

DEMENTIA = "dementia"
UNIVERSAL = "universal"
PLACE_BASED = (9, 10, 11, 12)
#: Where one-off pathway investments are booked: the dementia coordinator and team sit on
#: trinn 3 ("Demenskoordinator og demensteam", seed 000 Trinn 3 slide).
INVESTMENT_TRINN = 3
INTERIM_TRINN = 7
NO_ITEM = -1


@dataclass(frozen=True, slots=True)
class StageSpec:
    """A stage of a dementia pathway: an item (package) placed in a trinn for some persona years."""

    item: int
    trinn: int
    years: float


@dataclass(frozen=True, slots=True)
class CellSpec:
    """A non-dementia group's use of one trinn."""

    group: int
    trinn: int
    mean_years: float
    item: int
    hazard: NDArray[np.float64]      # entry probability per free person-year, by age group
    initial: NDArray[np.int64]       # persons in the cell on 1 Jan of the start year, by age group


@dataclass(frozen=True)
class EngineInputs:
    """Frozen inputs of the engine for one municipality (see `build_inputs`)."""

    municipality: str
    start_year: int
    end_year: int
    age_group_labels: tuple[str, ...]
    age_group_of: NDArray[np.int64]          # single age -> age-group index
    max_age: int
    mu: NDArray[np.float64]                  # death hazard by single age
    cum_hazard: NDArray[np.float64]
    initial_ages: NDArray[np.int64]          # one entry per inhabitant on 1 Jan start_year
    birth_rate_per_adult: float
    migration: NDArray[np.int64]             # net migrants (year index, age group)
    group_age_weights: NDArray[np.float64]   # (age group, single age) weights within a group
    groups: tuple[str, ...]                  # group code -> name; 0 is dementia
    cells: tuple[CellSpec, ...]
    dementia_prevalent: int
    dementia_weight: NDArray[np.float64]     # relative prevalence by single age
    dementia_incidence: NDArray[np.float64]  # onset hazard per eligible person-year by age
    dementia_elapsed_cdf: NDArray[np.float64]  # (age, years since onset) CDF of prevalent cases
    pathways: dict[str, tuple[StageSpec, ...]]
    pathway_investment: dict[str, float]     # one-off NOK (start-year prices) at onset
    pathway_years: float
    stage_shape: float
    item_names: tuple[str, ...]
    item_lines: tuple[tuple[tuple[int, float, float], ...], ...]  # (trinn, NOK/yr, staff h/yr)
    interim_item: int
    universal_cost_per_capita: dict[int, float]
    hours_per_fte: float
    position_size: float
    price_year: int
    notes: dict[str, str] = field(default_factory=dict)
    decisions: DecisionSpec | None = None    # home-care decisions on trinn 6-7 (sim/decisions.py)
    housing: HousingSpec | None = None       # age-friendly dwellings, boligtrapp (sim/housing.py)

    @property
    def years(self) -> range:
        """Calendar years simulated."""
        return range(self.start_year, self.end_year + 1)


def _largest_remainder(weights: NDArray[np.float64], total: int) -> NDArray[np.int64]:
    raw = weights / weights.sum() * total if weights.sum() > 0 else np.zeros_like(weights)
    out = np.floor(raw).astype(np.int64)
    short = total - int(out.sum())
    if short > 0:
        out[np.argsort(-(raw - out), kind="stable")[:short]] += 1
    return out


def _ssb_targets(m: Municipality, years: range) -> NDArray[np.float64]:
    """SSB persons by (year, age group) on 1 Jan: geometric interpolation between the
    projection years, extrapolated at the last interval's growth rate."""
    proj = m.projection
    known = list(proj.years)
    out = np.zeros((len(years), len(proj.groups)))
    for j, g in enumerate(proj.groups):
        vals = np.log([proj.persons[(g.label, y)] for y in known])
        for i, y in enumerate(years):
            if y <= known[-1]:
                out[i, j] = np.exp(np.interp(y, known, vals))
            else:
                slope = (vals[-1] - vals[-2]) / (known[-1] - known[-2])
                out[i, j] = np.exp(vals[-1] + slope * (y - known[-1]))
    return out


def _smooth_prevalence(m: Municipality, max_age: int) -> NDArray[np.float64]:
    """Dementia prevalence by single age: log-linear between band anchors (0 below the first)."""
    bands = [b for b in m.needs.dementia_prevalence if b[2] > 0]
    anchors = [((lo + hi) / 2 if hi < max_age else lo + 2, p) for lo, hi, p in bands]
    x = np.array([a for a, _ in anchors])
    y = np.log([p for _, p in anchors])
    ages = np.arange(max_age + 1)
    prev = np.exp(np.interp(ages, x, y))
    prev[ages < bands[0][0]] = 0.0
    return prev


#: The national profile of all elderly care recipients by age (DOMAIN.md, home services 2008).
REFERENCE_PROFILE = "elderly_home"


def _prevalent_stage_shares(stages: tuple[StageSpec, ...], pathway_years: float,
                            n0: NDArray[np.int64], prev: NDArray[np.float64],
                            elapsed_cdf: NDArray[np.float64], cum: NDArray[np.float64],
                            grid: int = 64) -> NDArray[np.float64]:
    """Expected share of cases under way in each stage at the start (midpoint quadrature).

    Mirrors the engine: at age a, years since onset E from ``elapsed_cdf``, remaining life R
    from the life table, position E / (E + R) on the pathway.
    """
    from sim.lifetable import death_ages

    u = (np.arange(grid) + 0.5) / grid
    bounds = np.cumsum([0.0] + [st.years for st in stages]) / pathway_years
    weight = n0 * prev
    shares = np.zeros(len(stages))
    for a in np.flatnonzero(weight > 0):
        cdf = elapsed_cdf[a]
        idx = np.maximum((cdf[None, :] < u[:, None]).sum(axis=1) - 1, 0)
        e = idx + (u - cdf[idx]) / np.maximum(cdf[idx + 1] - cdf[idx], 1e-12)
        r = death_ages(np.full(grid, a), u, cum) - a
        pos = (e[:, None] / (e[:, None] + r[None, :])).ravel()
        stage = np.minimum(np.searchsorted(bounds, pos, side="right") - 1, len(stages) - 1)
        shares += weight[a] * np.bincount(stage, minlength=len(stages)) / pos.size
    return shares / weight.sum()


def _rake_elderly(raw_cells: list, m: Municipality, labels: tuple[str, ...],
                  pop_by_group: NDArray[np.float64], dem_by_group: NDArray[np.float64],
                  placed_share: float) -> None:
    """Re-split the elderly groups' recipients over age so that, with dementia, they follow
    the national profile.

    A person holds one placement at a time, so per-service national rates cannot be added up
    by age (doing so puts more than all inhabitants 90+ in care). Instead: all elderly
    recipients (elderly cells + the dementia group's placed cases) are spread over age by the
    reference profile; the elderly cells get what the dementia group leaves in each age group.
    Iterative proportional fitting keeps each cell's total and meets the age totals.
    """
    elderly = [i for i, (c, _, _) in enumerate(raw_cells)
               if all(m.needs.profiles[c.age_profile][lab] == 0 for lab in labels[:3])]
    if not elderly:
        return
    mat = np.array([raw_cells[i][2] for i in elderly])
    rows = mat.sum(axis=1)
    ref = np.array([m.needs.profiles[REFERENCE_PROFILE][lab] for lab in labels]) * pop_by_group
    dem_placed = dem_by_group * placed_share
    total = rows.sum() + (dem_placed * (ref > 0)).sum()
    cols = np.clip(total * ref / ref.sum() - dem_placed, 0.0, None) * (ref > 0)
    cols *= rows.sum() / cols.sum()
    for _ in range(200):
        mat *= (rows / np.maximum(mat.sum(axis=1), 1e-12))[:, None]
        mat *= cols / np.maximum(mat.sum(axis=0), 1e-12)
    for k, i in enumerate(elderly):
        c, unit_cost, _ = raw_cells[i]
        raw_cells[i] = (c, unit_cost, mat[k] * rows[k] / mat[k].sum())


def build_inputs(m: Municipality, start_year: int = 2024, end_year: int = 2040,
                 overrides: dict[str, float] | None = None) -> EngineInputs:
    """Derive the engine inputs from a municipality's data (and optional parameter overrides).

    Parameters
    ----------
    m
        The loaded municipality.
    start_year, end_year
        The simulated calendar years (the data's base year must be ``start_year``).
    overrides
        Parameter values replacing those of ``parameters.toml``/``demography.toml`` by name
        (calibration and parameter draws use this), plus entry multipliers named
        ``entry_scale:<group>:<trinn>`` (default 1) for the non-dementia episodes.
    """
    ov = overrides or {}
    known = set(m.demography.items) | set(m.parameters.items) | {
        f"entry_scale:{c.group}:{c.trinn}" for c in m.needs.cells}
    unknown = sorted(set(ov) - known)
    if unknown:
        # a misspelt override would otherwise be silently ignored
        raise ValueError(f"unknown parameter override(s) {unknown}; known: parameters.toml, "
                         "demography.toml and entry_scale:<group>:<trinn> of need_groups.csv")

    def prm(name: str) -> float:
        if name in ov:
            return float(ov[name])
        return m.demography[name] if name in m.demography else m.parameters[name]

    if start_year not in m.projection.years:
        raise ValueError(f"start year {start_year} is not a year of the population data")
    years = range(start_year, end_year + 1)
    max_age = int(prm("max_age"))
    mu = hazards(max_age, prm("mortality_makeham"), prm("mortality_gompertz_b"),
                 prm("mortality_gompertz_c"), prm("mortality_level"))
    cum = cumulative(mu)
    groups_ssb = m.projection.groups
    labels = tuple(g.label for g in groups_ssb)
    age_group_of = np.zeros(max_age + 1, dtype=np.int64)
    weights = np.zeros((len(groups_ssb), max_age + 1))
    for j, g in enumerate(groups_ssb):
        hi = min(g.age_max, max_age)
        age_group_of[g.age_min:hi + 1] = j
        ages = range(g.age_min, hi + 1)
        w = survival_weights(ages, mu) if g.age_min >= 67 else np.ones(len(ages))
        weights[j, g.age_min:hi + 1] = w / w.sum()

    # initial single-age population, deterministic
    n0 = np.zeros(max_age + 1, dtype=np.int64)
    for j, g in enumerate(groups_ssb):
        total = m.projection.persons[(g.label, start_year)]
        n0 += _largest_remainder(weights[j], total)
    initial_ages = np.repeat(np.arange(max_age + 1), n0)

    # deterministic expected-value projection -> net migration that meets SSB on 1 Jan
    birth_rate = prm("birth_rate_per_adult")
    targets = _ssb_targets(m, range(start_year + 1, end_year + 2))
    adult = (np.arange(max_age + 1) >= 18) & (np.arange(max_age + 1) <= 49)
    n = n0.astype(np.float64)
    migration = np.zeros((len(years), len(groups_ssb)), dtype=np.int64)
    for i in range(len(years)):
        births = birth_rate * n[adult].sum()
        surv = n * np.exp(-mu)
        nxt = np.zeros_like(n)
        nxt[1:] = surv[:-1]
        nxt[0] = births
        for j in range(len(groups_ssb)):
            mask = age_group_of == j
            delta = targets[i, j] - nxt[mask].sum()
            migration[i, j] = round(delta)
            if delta >= 0:
                nxt[mask] += delta * weights[j, mask]
            else:
                nxt[mask] *= targets[i, j] / nxt[mask].sum()
        n = nxt

    # --- dementia ---------------------------------------------------------------------
    staffing = Staffing.from_parameters(m.parameters)
    index = prm("price_index_2024_per_2023")
    prevalent = int(prm("dementia_prevalence_2024"))
    prev = _smooth_prevalence(m, max_age)
    scale = prevalent / float((prev * n0).sum())
    prev_scaled = np.minimum(prev * scale, 0.95)
    incidence = np.zeros(max_age + 1)
    incidence[:-1] = np.maximum(0.0, np.diff(prev_scaled)) / (1 - prev_scaled[:-1])

    item_names: list[str] = []
    item_lines: list[tuple[tuple[int, float, float], ...]] = []

    def add_item(name: str, lines: tuple[tuple[int, float, float], ...]) -> int:
        item_names.append(name)
        item_lines.append(lines)
        return len(item_names) - 1

    package_item: dict[str, int] = {}
    package_trinn: dict[str, int] = {}
    for name, pkg in m.packages.items():
        cost = cost_package(pkg, m.catalogue, staffing)
        by_trinn: dict[int, list[float]] = {}
        for lc in cost.lines:
            # 2023 calculator prices -> 2024 prices of the accounts; places already priced
            # in their own year keep theirs only if that is the accounts' year
            factor = index if lc.service.price_year < 2024 else 1.0
            acc = by_trinn.setdefault(lc.service.trinn, [0.0, 0.0])
            acc[0] += lc.cost_nok * factor
            acc[1] += lc.staff_hours
        package_item[name] = add_item(f"package:{name}",
                                      tuple((t, c, h) for t, (c, h) in sorted(by_trinn.items())))
        package_trinn[name] = max(by_trinn)
    pathway_years = prm("dementia_pathway_years")
    pathways: dict[str, tuple[StageSpec, ...]] = {}
    for pname, pw in m.persona("johs").items():
        pathways[pname] = tuple(
            StageSpec(package_item[s.package] if s.package else NO_ITEM,
                      package_trinn[s.package] if s.package else 0, float(s.years))
            for s in pw.stages())

    # years since onset of a case under way at age a: density ~ i(a - e) x S(a - e -> a)
    # (onset at a - e, then survival to a); independent of the remaining life given a
    elapsed_cdf = np.zeros((max_age + 1, max_age + 2))
    for a in range(max_age + 1):
        e = np.arange(a + 1)
        w = incidence[a - e] * np.exp(-(cum[a] - cum[a - e]))
        if w.sum() > 0:
            elapsed_cdf[a, 1:a + 2] = np.cumsum(w) / w.sum()
            elapsed_cdf[a, a + 2:] = 1.0
        else:
            elapsed_cdf[a, 1:] = 1.0
    investment = {name: sum(i.amount_nok * (index if i.price_year < start_year else 1.0)
                            for i in pw.investments)
                  for name, pw in m.persona("johs").items()}
    # expected dementia placements and cost by trinn in the start year under the status quo
    # (normal pathway), from the same position law the engine draws cases under way from
    share_by_stage = _prevalent_stage_shares(pathways["normal"], pathway_years, n0, prev_scaled,
                                             elapsed_cdf, cum)
    dem_stock: dict[int, float] = {}
    dem_cost: dict[int, float] = {}
    for st, share in zip(pathways["normal"], share_by_stage, strict=True):
        if st.item == NO_ITEM:
            continue
        dem_stock[st.trinn] = dem_stock.get(st.trinn, 0.0) + prevalent * share
        for t, c, _ in item_lines[st.item]:
            dem_cost[t] = dem_cost.get(t, 0.0) + prevalent * share * c

    # --- other need groups --------------------------------------------------------------
    names = (DEMENTIA, *m.needs.groups)
    n_groups_ssb = len(groups_ssb)
    pop_by_group = np.array([n0[age_group_of == j].sum() for j in range(n_groups_ssb)],
                            dtype=np.float64)
    dem_by_group = np.array([(prev_scaled * n0)[age_group_of == j].sum()
                             for j in range(n_groups_ssb)])
    mu_by_group = np.array([(mu * n0)[age_group_of == j].sum() / max(pop_by_group[j], 1)
                            for j in range(n_groups_ssb)])
    cost_per_fte = prm("care_cost_per_fte_2024")
    raw_cells = []
    for c in m.needs.cells:
        trinn = m.ladder[c.trinn]
        recipients = float(trinn.recipients_2024 or 0)
        nd_stock = max(recipients - dem_stock.get(c.trinn, 0.0), 0.0)
        nd_cost = max(trinn.cost_2024_mnok * 1e6 - dem_cost.get(c.trinn, 0.0), 0.0)
        unit_cost = nd_cost / nd_stock if nd_stock > 0 else 0.0
        prof = m.needs.profiles[c.age_profile]
        rel = np.array([prof[lab] for lab in labels]) * pop_by_group
        target = nd_stock * c.share * (rel / rel.sum() if rel.sum() > 0 else rel)
        raw_cells.append((c, unit_cost, target))
    _rake_elderly(raw_cells, m, labels, pop_by_group, dem_by_group,
                  placed_share=sum(sh for st, sh in zip(pathways["normal"], share_by_stage,
                                                        strict=True) if st.item != NO_ITEM))
    # persons available for a new episode, by age group (start-year state)
    in_care = np.sum([t for _, _, t in raw_cells], axis=0)
    eligible = np.maximum(pop_by_group - in_care - dem_by_group, 1.0)
    cells = []
    for c, unit_cost, target in raw_cells:
        item = add_item(f"cell:{c.group}:{c.trinn}",
                        ((c.trinn, unit_cost, unit_cost / cost_per_fte * staffing.hours_per_fte),))
        # entries per year that balance exits (Little's law: stock = entries x mean stay),
        # as a probability per person free on 1 January (onsets are screened yearly)
        scale = ov.get(f"entry_scale:{c.group}:{c.trinn}", 1.0)
        hazard = np.minimum(scale * target * (1.0 / c.mean_years + mu_by_group) / eligible, 1.0)
        cells.append(CellSpec(names.index(c.group), c.trinn, c.mean_years, item, hazard,
                              np.zeros(n_groups_ssb, dtype=np.int64)))
    # integer initial stocks per cell and age group that add up to each trinn's target
    for trinn_no in sorted({c.trinn for c in cells}):
        idx = [i for i, c in enumerate(cells) if c.trinn == trinn_no]
        flat = np.concatenate([raw_cells[i][2] for i in idx])
        counts = _largest_remainder(flat, round(flat.sum()))
        for k, i in enumerate(idx):
            cells[i] = CellSpec(cells[i].group, cells[i].trinn, cells[i].mean_years, cells[i].item,
                                cells[i].hazard,
                                counts[k * n_groups_ssb:(k + 1) * n_groups_ssb])
    # dementia onsets are drawn among persons not busy with another episode: scale up so
    # that the incidence applies to everyone without dementia
    dem_scale = (pop_by_group - dem_by_group) / eligible
    incidence = incidence * dem_scale[age_group_of] * prm("dementia_incidence_scale")

    hn = m.catalogue["home_nursing"]
    hours = prm("interim_home_nursing_hours_per_week") * staffing.weeks_per_year
    interim = add_item("interim:home_nursing",
                       ((INTERIM_TRINN, hours * hn.price_nok * index,
                         hours * hn.staff_hours_per_unit),))
    universal = {t.number: t.cost_2024_mnok * 1e6 / m.projection.total(start_year)
                 for t in m.ladder.of_kind(TrinnKind.UNIVERSAL)}
    return EngineInputs(
        municipality=m.name, start_year=start_year, end_year=end_year,
        age_group_labels=labels, age_group_of=age_group_of, max_age=max_age, mu=mu,
        cum_hazard=cum, initial_ages=initial_ages, birth_rate_per_adult=birth_rate,
        migration=migration, group_age_weights=weights, groups=names, cells=tuple(cells),
        dementia_prevalent=prevalent, dementia_weight=prev_scaled,
        dementia_incidence=incidence, dementia_elapsed_cdf=elapsed_cdf, pathways=pathways,
        pathway_investment=investment, pathway_years=pathway_years,
        stage_shape=prm("dementia_stage_shape"), item_names=tuple(item_names),
        item_lines=tuple(item_lines), interim_item=interim,
        universal_cost_per_capita=universal, hours_per_fte=staffing.hours_per_fte,
        position_size=staffing.position_size, price_year=start_year,
        notes={"dementia_expected_stock_by_trinn": repr(dem_stock)},
        decisions=home_care_decisions(m.folder, tuple(cells), prm("home_care_cost_per_fte"),
                                      staffing.hours_per_fte),
        housing=housing_spec(m.folder, item_names))
