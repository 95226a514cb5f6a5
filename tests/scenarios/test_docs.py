"""The examples in docs/scenarios.md run and load."""

from __future__ import annotations

import re
from pathlib import Path

from scenarios import Scenario, load_scenario

DOC = Path(__file__).resolve().parents[2] / "docs" / "scenarios.md"


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def test_the_python_example_runs() -> None:
    (code,) = _blocks("python")
    namespace: dict[str, object] = {}
    exec(code, namespace)  # our own documentation, run as a user would
    s = namespace["s"]
    assert isinstance(s, Scenario)
    assert (s.name, s.seed, s.replications) == ("phased-proactive", 7, 50)


def test_the_format_example_loads(tmp_path: Path) -> None:
    full = _blocks("toml")[0]
    path = tmp_path / "base.toml"
    path.write_text(full, encoding="utf-8")
    s = load_scenario(path)
    assert s.capacity == {11: ((2024, 137), (2030, 150))}
    assert s.new_case_mix("dementia", 2040) == {"normal": 1.0}
