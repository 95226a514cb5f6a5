"""The example in docs/calibration.md runs."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "calibration.md"


def test_the_python_example_runs():
    (code,) = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    namespace: dict[str, object] = {}
    exec(code, namespace)  # our own documentation, run as a user would
    assert namespace["targets"]["recipients:2024:12"].expected == 41
    assert "entry_scale:frail_elderly:11" in namespace["ov"]
