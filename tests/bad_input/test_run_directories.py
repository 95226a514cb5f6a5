"""Damaged run directories: `trappa report RUN_DIR` refuses each in one line naming the file
(and the key or column), and writes no report."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from runners.plan import Plan
from runners.sweep import Options, execute_plan
from scenarios import load_scenario
from tests.bad_input.conftest import SHORT


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real run (one replication of 2024-2026), the valid start of every case."""
    root = tmp_path_factory.mktemp("valid-run")
    (root / "x.toml").write_text(SHORT, encoding="utf-8")
    scenario = load_scenario(root / "x.toml").with_overrides(replications=1)
    plan = Plan(name="x", scenarios=(scenario,), seed=1, runs=1)
    execute_plan(plan, root / "run", Options(plots=False))
    return root / "run"


def _meta(change: Callable[[dict[str, Any]], object]) -> Callable[[Path], object]:
    def edit(run: Path) -> None:
        meta = json.loads((run / "run.json").read_text(encoding="utf-8"))
        change(meta)
        (run / "run.json").write_text(json.dumps(meta), encoding="utf-8")
    return edit


def _raw_meta(text_or_bytes: str | bytes) -> Callable[[Path], object]:
    def edit(run: Path) -> None:
        data = text_or_bytes.encode() if isinstance(text_or_bytes, str) else text_or_bytes
        (run / "run.json").write_bytes(data)
    return edit


def _json_literal(key: str, literal: str) -> Callable[[Path], object]:
    """Set a top-level key to a JSON literal that json.dumps would not write (NaN, 1e999)."""
    def edit(run: Path) -> None:
        meta = json.loads((run / "run.json").read_text(encoding="utf-8"))
        meta[key] = "@@"
        (run / "run.json").write_text(json.dumps(meta).replace('"@@"', literal),
                                      encoding="utf-8")
    return edit


def _yearly(change: Callable[[pd.DataFrame], pd.DataFrame]) -> Callable[[Path], object]:
    def edit(run: Path) -> None:
        path = run / "yearly" / "part-00000.parquet"
        change(pd.read_parquet(path)).to_parquet(path)
    return edit


def _remove(name: str) -> Callable[[Path], object]:
    def edit(run: Path) -> None:
        target = run / name
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    return edit


def _garbage(name: str) -> Callable[[Path], object]:
    return lambda run: (run / name).write_bytes(b"PAR1 not really parquet") and None


def _set_scenario(key: str, value: object) -> Callable[[Path], object]:
    return _meta(lambda m: m["scenarios"][0].__setitem__(key, value))


def _negative_cost(df: pd.DataFrame) -> pd.DataFrame:
    df.loc[df.index[0], "cost_nok"] = -1.0
    return df


def _trinn_13(df: pd.DataFrame) -> pd.DataFrame:
    df.loc[df.index[0], "trinn"] = 13
    return df


CASES = [
    ("run-json-missing", _remove("run.json"), "run.json", "missing"),
    ("run-json-invalid", _raw_meta("{"), "run.json", "invalid JSON"),
    ("run-json-binary", _raw_meta(bytes(range(256))), "run.json", "unreadable"),
    ("run-json-latin-1", _raw_meta('{"name": "Færder"}'.encode("latin-1")), "run.json",
     "unreadable"),
    ("run-json-list", _raw_meta("[]"), "run.json", "object"),
    ("run-json-nan", _json_literal("seed", "NaN"), "run.json", "key 'seed'"),
    ("run-json-infinity", _json_literal("seed", "-Infinity"), "run.json", "key 'seed'"),
    ("run-json-1e999", _json_literal("replications", "1e999"), "run.json",
     "key 'replications'"),
    ("staffing-nan", _meta(lambda m: m["staffing"].__setitem__("hours_per_fte", "@@")),
     "run.json", "staffing"),
    ("staffing-zero", _meta(lambda m: m["staffing"].__setitem__("position_size", 0)),
     "run.json", "staffing"),
    ("staffing-negative", _meta(lambda m: m["staffing"].__setitem__("hours_per_fte", -1595)),
     "run.json", "staffing"),
    ("discount-rate-negative", _meta(lambda m: m.__setitem__("discount_rate", -0.01)),
     "run.json", "discount_rate"),
    ("discount-rate-above-20-percent", _meta(lambda m: m.__setitem__("discount_rate", 4)),
     "run.json", "discount_rate"),
    ("discount-rate-text", _meta(lambda m: m.__setitem__("discount_rate", "4 %")),
     "run.json", "discount_rate"),
    ("discount-rate-source-number", _meta(lambda m: m.__setitem__("discount_rate_source", 1)),
     "run.json", "discount_rate_source"),
    ("staffing-list", _meta(lambda m: m.__setitem__("staffing", [1])), "run.json", "staffing"),
    ("description-nul", _set_scenario("description", "a\x00b"), "run.json",
     "scenarios[1].description"),
    ("description-nb-escape", _set_scenario("description", {"nb": "\x1b[2J", "en": "x"}),
     "run.json", "scenarios[1].description.nb"),
    ("name-newline", _set_scenario("name", "x\n"), "run.json", "scenarios[1].name"),
    ("name-number", _set_scenario("name", 3), "run.json", "scenarios"),
    ("scenarios-missing", _meta(lambda m: m.pop("scenarios")), "run.json", "scenarios"),
    ("scenarios-empty", _meta(lambda m: m.__setitem__("scenarios", [])), "run.json",
     "scenarios"),
    ("units-not-object", _meta(lambda m: m.__setitem__("units", "NOK")), "run.json", "units"),
    ("municipality-path", _meta(lambda m: m.__setitem__("municipality", "/etc")), "run.json",
     "municipality"),
    ("municipality-dotdot", _meta(lambda m: m.__setitem__("municipality", "../../faerder")),
     "run.json", "municipality"),
    ("yearly-missing", _remove("yearly"), "yearly", "missing"),
    ("yearly-garbage", _garbage("yearly/part-00000.parquet"), "part-00000.parquet",
     "unreadable"),
    ("yearly-no-cost-column", _yearly(lambda df: df.drop(columns="cost_nok")),
     "part-00000.parquet", "cost_nok"),
    ("yearly-negative-cost", _yearly(_negative_cost), "yearly", "cost_nok"),
    ("yearly-trinn-13", _yearly(_trinn_13), "yearly", "trinn"),
    ("yearly-repeated-rows", _yearly(lambda df: pd.concat([df, df.iloc[:1]])), "yearly",
     "repeated"),
    ("population-missing", _remove("population"), "population", "missing"),
    ("summary-missing", _remove("summary.parquet"), "summary.parquet", "missing"),
    ("summary-garbage", _garbage("summary.parquet"), "summary.parquet", "unreadable"),
]


@pytest.mark.parametrize(("edit", "where", "problem"),
                         [pytest.param(e, w, p, id=i) for i, e, w, p in CASES])
def test_damaged_run_directory(case: Callable[..., str], tmp_path: Path, finished_run: Path,
                               edit: Callable[[Path], object], where: str, problem: str) -> None:
    run = tmp_path / "run"
    shutil.copytree(finished_run, run)
    edit(run)
    case(["report", "run"], where, problem)


def test_not_a_directory(case: Callable[..., str], tmp_path: Path) -> None:
    (tmp_path / "run").write_text("a file", encoding="utf-8")
    case(["report", "run"], "run", "not found")
