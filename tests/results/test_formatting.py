"""The one formatting layer: the issue's examples, written out by hand."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from results import formatting as fmt

NBSP, MINUS = "\u00a0", "\u2212"


def test_minus_zero_prints_as_zero() -> None:
    assert fmt.number(-0.04, 1, "nb") == "0,0"
    assert fmt.signed(-0.04, 1, "nb") == "0,0"
    assert fmt.signed(0.04, 1, "en") == "0.0"


@pytest.mark.parametrize(("lang", "expected"), [
    ("nb", f"{MINUS}1{NBSP}234{NBSP}567,9"),
    ("nn", f"{MINUS}1{NBSP}234{NBSP}567,9"),
    ("en", f"{MINUS}1,234,567.9"),
])
def test_grouping_decimal_and_true_minus(lang: str, expected: str) -> None:
    assert fmt.number(-1234567.89, 1, lang) == expected


def test_signed_shows_plus_for_an_increase() -> None:
    assert fmt.signed(12.34, 1, "nb") == "+12,3"
    assert fmt.signed(-4, 0, "nb") == f"{MINUS}4"


def test_percent_follows_the_language() -> None:
    assert fmt.percent(0.67, 0, "nb") == f"67{NBSP}%"
    assert fmt.percent(0.67, 0, "en") == "67%"
    assert fmt.percent(-0.046, 1, "nb", with_sign=True) == f"{MINUS}4,6{NBSP}%"


def test_interval_and_year() -> None:
    assert fmt.interval(79, 144, 0, "nb") == "79\u2013144"
    assert fmt.interval(-12, 3.5, 1, "nb", with_sign=True) == f"{MINUS}12,0 til +3,5"
    assert fmt.interval(-12, 3.5, 1, "en", with_sign=True) == f"{MINUS}12.0 to +3.5"
    assert fmt.year(2040.0) == "2040"
    assert fmt.number(float("nan"), 1) == "\u2013"


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language 'de'"):
        fmt.number(1.0, 0, "de")


@given(st.floats(min_value=-1e12, max_value=1e12), st.integers(0, 3))
def test_one_sign_per_rounded_value(value: float, decimals: int) -> None:
    """The sign printed is the sign of the value as rounded: never a signed zero, never ASCII."""
    text = fmt.signed(value, decimals, "nb")
    rounded = round(value, decimals)
    assert "-" not in text
    assert text.startswith("+") == (rounded > 0)
    assert text.startswith(MINUS) == (rounded < 0)
    back = float(text.lstrip("+").replace(MINUS, "-").replace(NBSP, "").replace(",", "."))
    assert back == pytest.approx(rounded, abs=10 ** -decimals / 2)
