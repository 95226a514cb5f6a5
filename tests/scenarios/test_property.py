"""Property: any valid pathway mix loads, and the scenario round-trips through to_dict."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios import Scenario, load_scenario

from .conftest import MINIMAL

PATHWAYS = ("normal", "proactive", "reactive")
YEARS = range(2024, 2041)


@st.composite
def mixes(draw: st.DrawFn) -> dict[str, float]:
    """Draw shares over a non-empty subset of the dementia pathways, summing to 1."""
    chosen = draw(st.lists(st.sampled_from(PATHWAYS), min_size=1, max_size=3, unique=True))
    weights = draw(st.lists(st.integers(0, 1000), min_size=len(chosen),
                            max_size=len(chosen)).filter(lambda w: sum(w) > 0))
    total = sum(weights)
    return {p: w / total for p, w in zip(chosen, weights, strict=True)}


def _table(header: str, mix: dict[str, float]) -> str:
    # repr gives the shortest text that reads back as the same float
    return f"[{header}]\n" + "".join(f"{p} = {s!r}\n" for p, s in mix.items())


@settings(max_examples=60, deadline=None)
@given(existing=mixes(),
       schedule=st.dictionaries(st.sampled_from(YEARS), mixes(), min_size=1, max_size=4))
def test_valid_mixes_load_and_round_trip(existing: dict[str, float],
                                         schedule: dict[int, dict[str, float]]) -> None:
    text = MINIMAL + _table("groups.dementia.existing_cases", existing)
    text += "".join(_table(f"groups.dementia.new_cases.{y}", m) for y, m in schedule.items())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "s.toml"
        path.write_text(text, encoding="utf-8")
        s = load_scenario(path)

    assert s.groups["dementia"].existing_cases == existing
    first = min(schedule)
    for year in YEARS:
        # the latest step at or before the year, else the earliest step
        expected = schedule[max((y for y in schedule if y <= year), default=first)]
        assert s.new_case_mix("dementia", year) == expected
    assert Scenario.from_dict(json.loads(json.dumps(s.to_dict()))) == s
