"""Small synthetic run tables whose statistics can be worked out by hand.

Two scenarios x three replications x two years x two trinn. Trinn 2 is universal, trinn 9
is the dementia group's nursing home, so the all-trinn total (code 0) and the care total
(trinn 4-12, code -1) differ. Costs per row in mill NOK:

    scenario     year  rep 0     rep 1     rep 2      (trinn 2 + trinn 9 = total)
    status_quo   2024  1 + 2 = 3   2 + 4 = 6   3 + 9 = 12
    status_quo   2025  2 + 2 = 4   2 + 6 = 8   4 + 12 = 16
    proaktiv     2024  1 + 1 = 2   2 + 3 = 5   3 + 6 = 9
    proaktiv     2025  1 + 2 = 3   2 + 4 = 6   3 + 10 = 13

FTE per row is twice the row's cost in mill NOK, so a mix-up of the two shows.

``report_run`` is the one real run of the session (the CLI, two scenarios, two
replications, 2024-2027) with its reports in nb, en and nn, shared by every report test.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import REPO

COST_MNOK = {  # (scenario, year) -> [(trinn 2, trinn 9) per replication]
    ("status_quo", 2024): [(1, 2), (2, 4), (3, 9)],
    ("status_quo", 2025): [(2, 2), (2, 6), (4, 12)],
    ("proaktiv", 2024): [(1, 1), (2, 3), (3, 6)],
    ("proaktiv", 2025): [(1, 2), (2, 4), (3, 10)],
}
HOURS_PER_FTE = 1500.0
POSITION_SIZE = 0.5
AGE_GROUPS = ("0-17", "18-49", "50-66", "67-79", "80-89", "90+")


def make_yearly() -> pd.DataFrame:
    rows = []
    for (scenario, year), reps in COST_MNOK.items():
        for rep, pair in enumerate(reps):
            for trinn, group, cost in zip((2, 9), ("universal", "dementia"), pair, strict=True):
                fte = 2.0 * cost
                rows.append({"scenario": scenario, "replication": rep, "year": year,
                             "trinn": trinn, "group": group, "recipients": 10.0 * cost,
                             "person_years": 9.0 * cost, "cost_nok": cost * 1e6,
                             "staff_hours": fte * HOURS_PER_FTE, "fte": fte,
                             "head_count": fte / POSITION_SIZE, "waiting": float(rep),
                             "wait_years": rep / 2})
    return pd.DataFrame(rows)


def make_population() -> pd.DataFrame:
    rows = [{"scenario": s, "replication": r, "year": y, "age_group": a,
             "persons": 1000 + 10 * i + r}
            for (s, y) in COST_MNOK for r in range(3) for i, a in enumerate(AGE_GROUPS)]
    return pd.DataFrame(rows)


@pytest.fixture
def yearly() -> pd.DataFrame:
    return make_yearly()


@pytest.fixture
def population() -> pd.DataFrame:
    return make_population()


# --- one real run per session, for the report tests ----------------------------------------

REPORT_END_YEAR = 2027
#: The run's two scenarios: the shipped normal and phased-proactive files under other names,
#: with display names of their own (a renamed scenario does not inherit its base's title).
REPORT_A, REPORT_B = "status-quo", "proaktiv"
REPORT_TITLES = {
    REPORT_A: {"nb": "Dagens praksis", "en": "Current practice", "nn": "Dagens praksis"},
    REPORT_B: {"nb": "Proaktivt for nye tilfeller", "en": "Proactive for new cases",
               "nn": "Proaktivt for nye tilfelle"},
}
REPORT_BASES = {REPORT_A: "normal", REPORT_B: "phased-proactive"}


def _report_scenario(folder: Path, name: str) -> Path:
    path = folder / f"{name}.toml"
    base = (REPO / "scenarios" / "faerder" / f"{REPORT_BASES[name]}.toml").as_posix()
    titles = "".join(f'title.{lang} = "{text}"\n' for lang, text in REPORT_TITLES[name].items())
    path.write_text(f'base = "{base}"\nname = "{name}"\nend_year = {REPORT_END_YEAR}\n'
                    + titles, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def report_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Run ``trappa compare`` once, as a user would, and write the English and nynorsk
    reports beside the Norwegian one; return the run directory and the command's stdout."""
    from results.report import write_report

    folder = tmp_path_factory.mktemp("report")
    a, b = (_report_scenario(folder, n) for n in (REPORT_A, REPORT_B))
    out = folder / "run"
    # --no-plots: the report draws its own charts, the run's plots/ would only cost time
    r = subprocess.run([sys.executable, "-m", "sim", "compare", str(a), str(b), "--runs", "2",
                        "--out", str(out), "--no-plots"], capture_output=True, text=True,
                       cwd=REPO, timeout=600, check=False)
    assert r.returncode == 0, r.stderr
    write_report(out, "en")
    write_report(out, "nn")
    return out, r.stdout
