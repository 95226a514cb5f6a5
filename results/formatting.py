"""Every number a user reads, formatted in one place (terminal, workbook, PDF, app).

Babel's locale data (CLDR) gives the separators and the percent pattern of each language:
bokmål and nynorsk group thousands with a non-breaking space and write a decimal comma and
"67 %"; English writes "1,234.5" and "67%". On top, the project's own rules:

- a true minus sign (U+2212 MINUS SIGN) in every language, never an ASCII hyphen;
- a value that rounds to zero prints without a sign: ``signed(-0.04, 1)`` is "0,0", never
  minus zero (the same figure never shows two signs);
- ``signed`` writes "+" before an increase, so a difference always carries its sign
  (negative = lower than the reference = a saving; see docs/reports.md, "Signs");
- rounding is Python's ``round`` on the binary value (half to even), done before Babel sees it,
  so a figure rounds the same way here as in any computation that rounds it.
"""

from __future__ import annotations

from functools import cache

from babel import Locale
from babel.numbers import format_decimal

#: trappa's language codes -> Babel (CLDR) locales.
LOCALES = {"nb": "nb_NO", "nn": "nn_NO", "en": "en_GB"}
MINUS = "\u2212"
#: Between the two ends of an interval written as a range ("79" EN DASH "144"); also what
#: a missing value (NaN) prints as.
DASH = "\u2013"


@cache
def _locale(lang: str) -> Locale:
    try:
        return Locale.parse(LOCALES[lang])
    except KeyError:
        raise ValueError(f"unknown language '{lang}' (use {', '.join(LOCALES)})") from None


@cache
def _pattern(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def _magnitude(value: float, decimals: int, lang: str) -> tuple[int, str]:
    """Return (sign of the rounded value: -1, 0 or 1, its formatted absolute value)."""
    if decimals < 0:
        raise ValueError(f"decimals must be 0 or more, not {decimals}")
    rounded = round(float(value), decimals)
    if rounded != rounded:  # NaN
        return 0, DASH
    sign = (rounded > 0) - (rounded < 0)
    text = format_decimal(abs(rounded), format=_pattern(decimals), locale=_locale(lang),
                          decimal_quantization=True)
    return sign, text


def number(value: float, decimals: int = 0, lang: str = "nb") -> str:
    """Format ``value`` with ``decimals`` decimals: -1 234 567,9 (nb, nn), -1,234,567.9 (en),
    written with the minus sign U+2212 and, in Norwegian, non-breaking spaces.

    A value that rounds to zero has no sign; NaN prints as an en dash.
    """
    sign, text = _magnitude(value, decimals, lang)
    return MINUS + text if sign < 0 else text


def signed(value: float, decimals: int = 0, lang: str = "nb") -> str:
    """Format a difference with its sign: "+12,3", MINUS "4,0"; "0,0" for what rounds to zero."""
    sign, text = _magnitude(value, decimals, lang)
    return {1: "+", -1: MINUS}.get(sign, "") + text


def percent(fraction: float, decimals: int = 0, lang: str = "nb", *,
            with_sign: bool = False) -> str:
    """Format a fraction as a percentage in the language's pattern: "67 %" (nb), "67%" (en).

    ``with_sign`` writes "+" or MINUS as ``signed`` does (a change in per cent).
    """
    body = (signed if with_sign else number)(fraction * 100.0, decimals, lang)
    if body == DASH:
        return body
    pattern = _locale(lang).percent_formats[None].pattern  # e.g. "#,##0 %" or "#,##0%"
    return pattern.replace("#,##0", body, 1)


def interval(low: float, high: float, decimals: int = 0, lang: str = "nb", *,
             with_sign: bool = False) -> str:
    """Format a 90 % interval's ends as a range: "79" DASH "144", or with signs
    MINUS "12,0 til +3,5".

    Signed ends are joined by a word ("til", "to") so that a minus and the dash never meet.
    """
    fmt = signed if with_sign else number
    lo, hi = fmt(low, decimals, lang), fmt(high, decimals, lang)
    if with_sign or lo.startswith(MINUS) or hi.startswith(MINUS):
        word = "to" if lang == "en" else "til"
        return f"{lo} {word} {hi}"
    return f"{lo}{DASH}{hi}"


def year(value: int | float) -> str:
    """Format a calendar year: never grouped ("2040", not "2 040"); NaN as DASH."""
    if value != value:
        return DASH
    return str(int(value))
