"""The sweep file example in docs/runners.md loads as documented."""

from __future__ import annotations

import re
from pathlib import Path

from runners.sweep_file import load_sweep

DOC = Path(__file__).resolve().parents[2] / "docs" / "runners.md"


def test_the_sweep_file_example_loads(tmp_path: Path) -> None:
    (example,) = re.findall(r"```toml\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    path = tmp_path / "uncertainty.toml"
    path.write_text(example, encoding="utf-8")
    plan = load_sweep(path)
    assert [s.name for s in plan.scenarios] == ["normal", "proactive"]
    assert (plan.runs, plan.n_draws, plan.seed) == (20, 50, 20250212)
    assert set(plan.distributions) == {"mortality_level", "price_index_2024_per_2023",
                                       "dementia_stage_shape", "entry_scale:frail_elderly:11"}
    for values in plan.draws:
        assert 0.85 <= values["mortality_level"] <= 1.15
        assert 1.03 <= values["price_index_2024_per_2023"] <= 1.06
        assert 0.8 <= values["entry_scale:frail_elderly:11"] <= 1.2
