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
"""

from __future__ import annotations

import pandas as pd
import pytest

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
