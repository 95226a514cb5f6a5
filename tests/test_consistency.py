"""One comparison, the same figures everywhere: terminal, workbook, PDF and app.

``trappa compare`` runs three shipped strategies (two replications, the full horizon), and
Δ cost and Δ care FTE in 2030 and 2040, the payback year and the present value of every
strategy are read from what a user sees: the terminal's tables, the workbook's cells, the
PDF's first page (text via pypdf) and the app's view model. Each must equal the run's
`results.comparison.Comparison`, formatted by `results.formatting` as the renderer does,
sign included (negative = lower than the reference = a saving).
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from results.comparison import Comparison, read
from results.formatting import number, signed
from results.labels import label, scenario_title
from tests.conftest import REPO

YEARS = (2030, 2040)
STRATEGIES = ("proactive", "phased-proactive")


@pytest.fixture(scope="module")
def compared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("consistency") / "run"
    proc = subprocess.run([sys.executable, "-m", "runners", "compare", "normal", *STRATEGIES,
                           "--runs", "2", "--out", str(out), "--no-plots"],
                          cwd=REPO, capture_output=True, text=True, timeout=900, check=False,
                          env={**os.environ, "COLUMNS": "250", "PYTHONPATH": str(REPO)})
    assert proc.returncode == 0, proc.stderr
    return out, proc.stdout


def _titles(out: Path) -> dict[str, str]:
    meta = json.loads((out / "run.json").read_text(encoding="utf-8"))
    records = {s["name"]: s.get("title") or {} for s in meta["scenarios"]}
    return {name: scenario_title(name, "nb", records) for name in records}


def _year(c: Comparison, scenario: str, metric: str) -> int | None:
    row = c.stat(scenario, metric)
    assert row is not None
    return None if math.isnan(float(row["mean"])) else int(row["mean"])


def _expected(c: Comparison, scenario: str) -> dict[str, Any]:
    def mean(metric: str, year: int | None = None, trinn: int = 0) -> float:
        row = c.stat(scenario, metric, year, trinn)
        assert row is not None
        return float(row["mean"])
    return {"d_cost": {y: mean("d_cost_nok", y) / 1e6 for y in YEARS},
            "d_fte": {y: mean("d_fte", y, -1) for y in YEARS},
            "payback": _year(c, scenario, "payback_year_of_mean"),
            "pv": mean("pv_d_cost_nok") / 1e6}


def _cells(text: str) -> list[list[str]]:
    """The rows of rich tables in terminal text, as lists of stripped cells."""
    return [[cell.strip() for cell in line.split("│")[1:-1]]
            for line in text.splitlines() if line.startswith("│")]


def _flat(text: str) -> str:
    return "".join(text.split()).replace("\u00a0", "").replace("\u202f", "")


def test_every_reader_shows_the_comparison(compared: tuple[Path, str]) -> None:
    out, terminal = compared
    c = read(out)
    assert c.strategies == STRATEGIES
    titles = _titles(out)
    never = label("cmp.pay.never", "nb", y1=c.years[-1])
    rows = _cells(terminal)
    from openpyxl import load_workbook
    from pypdf import PdfReader

    book = load_workbook(out / "report" / "report-nb.xlsx")
    sheet = [list(r) for r in book[label("xl.comparison", "nb")].iter_rows(values_only=True)]
    pay_head = label("rep.h.col.first_saving", "nb")
    page_one = _flat(PdfReader(out / "report" / "report-nb.pdf").pages[0].extract_text())
    from runners.app import views
    app = views.load_comparison(out)
    assert app.strategy == STRATEGIES[0]
    for s in STRATEGIES:
        want = _expected(c, s)
        title = titles[s]
        pay_text = never if want["payback"] is None else str(want["payback"])
        # the terminal: the change table (mean above its interval) and the payback table
        for y in YEARS:
            [row] = [r for r in rows if r[:2] == [title, str(y)]]
            assert row[2] == signed(want["d_cost"][y], 1, "nb")
            assert row[3] == signed(want["d_fte"][y], 1, "nb")
        [pay] = [r for r in rows if r[0] == title and len(r) == 4]
        assert pay[2] == pay_text
        assert pay[3] == signed(want["pv"], 1, "nb")
        # the workbook: the comparison sheet's yearly rows and its payback block
        for y in YEARS:
            [row] = [r for r in sheet if r[0] == title and r[1] == y]
            assert signed(row[2], 1, "nb") == signed(want["d_cost"][y], 1, "nb")
            assert signed(row[5], 1, "nb") == signed(want["d_fte"][y], 1, "nb")
        head = next(i for i, r in enumerate(sheet)
                    if r[1] == pay_head)
        [block] = [r for r in sheet[head + 1:] if r[0] == title]
        assert str(block[2]) == pay_text
        assert signed(block[4], 1, "nb") == signed(want["pv"], 1, "nb")
        # the PDF's first page: its two tables (mill NOK to one decimal, FTE whole)
        for y in YEARS:
            assert _flat(signed(want["d_cost"][y], 1, "nb")) in page_one
            assert _flat(signed(want["d_fte"][y], 0, "nb")) in page_one
        assert _flat(f"{pay_text}") in page_one
        assert _flat(signed(want["pv"], 1, "nb")) in page_one
    # the app (the reference against its first strategy)
    want = _expected(c, STRATEGIES[0])
    deltas = app.deltas.set_index(["measure", "year"])
    for y in YEARS:
        assert signed(deltas.loc[("cost", y), "mean"], 1, "nb") == signed(
            want["d_cost"][y], 1, "nb")
        assert signed(deltas.loc[("fte_care", y), "mean"], 1, "nb") == signed(
            want["d_fte"][y], 1, "nb")
    assert app.turns == want["payback"]
    assert signed(app.pv[0], 1, "nb") == signed(want["pv"], 1, "nb")
    # the app's payback section has the headline's sign: its Δ cost of the last year
    last = app.payback.set_index("year").loc[c.years[-1], "delta"]
    assert math.copysign(1, last) == math.copysign(1, deltas.loc[("cost", c.years[-1]), "mean"])
    assert number(abs(last), 1, "nb") == number(abs(want["d_cost"][2040]), 1, "nb")
