"""Malformed package files (`trappa calc FILE`) and digital-zone cases: one line naming the
file and the field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

PKG = '''title = "t"
municipality = "faerder"

[[alternative]]
name = "a"
  [[alternative.service]]
  service = "home_nursing"
  quantity = 15
  unit = "hours_per_week"
'''
WHERE = "alternative[1].service[1]"

CASES = [
    ("quantity-nan", PKG.replace("quantity = 15", "quantity = nan"), f"{WHERE}.quantity"),
    ("quantity-inf", PKG.replace("quantity = 15", "quantity = inf"), f"{WHERE}.quantity"),
    ("quantity-negative", PKG.replace("quantity = 15", "quantity = -1"), f"{WHERE}.quantity"),
    ("quantity-too-many-hours", PKG.replace("quantity = 15", "quantity = 169"),
     f"{WHERE}.quantity"),
    ("hours-per-day-nan", PKG.replace('"hours_per_week"', '"days_per_week"')
     + "  hours_per_day = nan\n", f"{WHERE}.hours_per_day"),
    ("hours-per-day-25", PKG.replace('"hours_per_week"', '"days_per_week"').replace(
        "quantity = 15", "quantity = 3") + "  hours_per_day = 25\n", f"{WHERE}.hours_per_day"),
    ("service-unknown", PKG.replace('"home_nursing"', '"flying"'), f"{WHERE}.service"),
    ("service-newline", PKG.replace('"home_nursing"', '"home_nursing\\n"'), f"{WHERE}.service"),
    ("unit-misfit", PKG.replace('"hours_per_week"', '"places"'), f"{WHERE}.unit"),
    ("frequency-bad", PKG + '  frequency = "3/0"\n', f"{WHERE}.frequency"),
    ("note-nul", PKG + '  note = "a\\u0000"\n', f"{WHERE}.note"),
    ("title-escape", PKG.replace('title = "t"', 'title = "\\u001b[2J"'), "title"),
    ("municipality-path-not-a-folder", PKG.replace('"faerder"', '"./nowhere"'), "nowhere"),
    ("municipality-unknown", PKG.replace('"faerder"', '"atlantis"'), "atlantis"),
    ("municipality-dotdot", PKG.replace('"faerder"', '"../../../etc"'), "etc"),
    ("deep-nesting", PKG + "x = " + "[" * 3000 + "]" * 3000 + "\n", "nested"),
    ("toml-syntax", PKG + "[[alternative\n", "invalid TOML"),
]


@pytest.mark.parametrize(("text", "expected"), [pytest.param(t, e, id=i)
                                                for i, t, e in CASES])
def test_bad_package_file(case: Callable[..., str], tmp_path: Path, text: str,
                          expected: str) -> None:
    (tmp_path / "pkg.toml").write_text(text, encoding="utf-8")
    case(["calc", "pkg.toml", "--json"], expected)


def test_latin_1_package_file(case: Callable[..., str], tmp_path: Path) -> None:
    (tmp_path / "pkg.toml").write_bytes(PKG.replace('"t"', '"Færder"').encode("latin-1"))
    case(["calc", "pkg.toml"], "pkg.toml", "not UTF-8")


ZONE = 'name = "z"\nsystem_cost_nok = 100000\nsource = "s"\n'


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param(ZONE.replace("100000", "nan"), "system_cost_nok", id="cost-nan"),
    pytest.param(ZONE.replace("100000", "inf"), "system_cost_nok", id="cost-inf"),
    pytest.param(ZONE.replace('"s"', '"\\u0000"'), "source", id="source-nul"),
])
def test_bad_zone_case(case: Callable[..., str], tmp_path: Path, text: str,
                       expected: str) -> None:
    (tmp_path / "z.toml").write_text(text, encoding="utf-8")
    (tmp_path / "z.csv").write_text("x\n", encoding="utf-8")
    case(["calc", "--zone", "z.toml"], "z.toml", expected)
