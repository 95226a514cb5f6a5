"""Every user-facing text of trappa, in Norwegian bokmål (default), nynorsk and English.

The texts live in one data file, ``results/catalogue.toml`` (package data): one table per
key with its ``nb``, ``nn`` and ``en`` text side by side. The report, the workbook, the
terminal tables, the plots and the web app (``runners.app.texts.t``, keys ``app.*``) all read
it through ``label``. Why one TOML file rather than gettext ``.po``/``.mo`` catalogues:

- trappa looks texts up by a symbolic key with named placeholders, not by an English source
  string; gettext's msgid-as-key, its compile step (``.mo`` files to build and ship) and its
  plural forms buy nothing here and would split each text over three files;
- the three languages of a text sit together, so whoever edits the bokmål sees the nynorsk
  and English it must keep in step with, and a test checks that every key has all three
  with the same placeholders;
- ``tomllib`` is in the standard library, and TOML is already the project's input format.

A placeholder may carry a number format (``{seconds:.1f}``, ``{pos:.0%}``, ``{hpf:g}``,
``{x:+.1f}``): ``label`` renders numbers through ``results.formatting`` in the text's
language (decimal comma, "80 %", true minus), never Python's English-only ``format``. A
whole number without a format (a year, even as a float) is written as it is, never grouped
("2024"); a format groups thousands ("{n:.0f}" gives "12 345").
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from numbers import Real

from results import formatting
from scenarios.vocabulary import REPORT_LANGUAGES

LANGS = REPORT_LANGUAGES  # nb first: the default
CATALOGUE = "catalogue.toml"


@cache
def catalogue() -> Mapping[str, Mapping[str, str]]:
    """Return the whole catalogue: key -> {language: text}, read once from the package."""
    text = resources.files("results").joinpath(CATALOGUE).read_text(encoding="utf-8")
    return parse_catalogue(text)


def parse_catalogue(text: str, name: str = CATALOGUE) -> dict[str, dict[str, str]]:
    """Parse a catalogue's TOML text; every key must have a non-empty text in every language.

    Raises
    ------
    ValueError
        Naming the file, the key and the language missing (or extra, or not a text).
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ValueError(f"{name}: {err}") from None
    for key, texts in data.items():
        if not isinstance(texts, dict):
            raise ValueError(f"{name}: key '{key}' must be a table of {', '.join(LANGS)}")
        for lang in LANGS:
            if not isinstance(texts.get(lang), str) or not texts[lang].strip():
                raise ValueError(f"{name}: key '{key}' has no text in '{lang}'")
        extra = sorted(set(texts) - set(LANGS))
        if extra:
            raise ValueError(f"{name}: key '{key}' has unknown languages {extra}")
    return data


#: A number format spec the catalogue may use: optional "+", optional ",", optional
#: ".decimals", then f, g or %.
_SPEC = re.compile(r"^(?P<plus>\+)?,?(?:\.(?P<decimals>\d+))?(?P<kind>[fg%])?$")


def _shortest_decimals(value: float) -> int:
    """Decimals of the shortest of ``value`` to 6 decimals (what "g" shows): 1607.5 -> 1."""
    text = f"{round(value, 6):.6f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


class _LocaleFormatter(string.Formatter):
    """``str.format`` whose numbers go through ``results.formatting`` in one language."""

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def format_field(self, value: object, format_spec: str) -> str:
        if isinstance(value, bool) or not isinstance(value, Real):
            return super().format_field(value, format_spec)
        x = float(value)
        if not format_spec and x.is_integer():
            # a year (an int, or a float read back from Parquet) as given: "2024", never
            # "2 024"; a format ({n:.0f}) groups a count's thousands
            whole = int(x)
            return formatting.MINUS + str(-whole) if whole < 0 else str(whole)
        spec = _SPEC.match(format_spec)
        if spec is None:
            raise ValueError(f"catalogue: number format '{format_spec}' is not one of "
                             "f, g, % with optional '+', ',' and decimals")
        kind, plus = spec["kind"], bool(spec["plus"])
        if kind == "%":
            return formatting.percent(x, int(spec["decimals"] or 0), self.lang, with_sign=plus)
        if kind == "f":  # Python's default for "f" is 6 decimals
            decimals = 6 if spec["decimals"] is None else int(spec["decimals"])
        else:  # "g" or none: as few decimals as the value needs
            decimals = _shortest_decimals(x)
        return (formatting.signed if plus else formatting.number)(x, decimals, self.lang)


class _TrinnNamesNN(Mapping[str, str]):
    """Nynorsk names of the trinn keyed by their bokmål names (trinn.csv has ``name_nb`` and
    ``name_en`` only), read from the catalogue's ``trinn_name.N`` on first use."""

    def _names(self) -> dict[str, str]:
        texts = [catalogue()[f"trinn_name.{n}"] for n in range(1, 13)]
        return {t["nb"]: t["nn"] for t in texts}

    def __getitem__(self, name: str) -> str:
        return self._names()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())


#: Nynorsk names of the trinn, keyed by the bokmål name in the data files; a trinn not listed
#: keeps its bokmål name (``TRINN_NAMES_NN.get(name_nb, name_nb)``).
TRINN_NAMES_NN: Mapping[str, str] = _TrinnNamesNN()


def is_norwegian(lang: str) -> bool:
    """Whether ``lang`` is a Norwegian written standard (bokmål or nynorsk): decimal comma,
    a space before %, semicolons between interval ends."""
    return lang in ("nb", "nn")


def scenario_title(name: str, lang: str,
                   titles: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """Return a scenario's display name in ``lang`` from ``titles`` (name -> {lang: title}),
    falling back to the name itself."""
    return (titles or {}).get(name, {}).get(lang) or name


def label(key: str, lang: str = "nb", **fmt: object) -> str:
    """Return the text ``key`` in ``lang``, its placeholders filled from ``fmt`` (numbers in
    the language's format, see the module docstring).

    Raises
    ------
    KeyError
        For an unknown key; ValueError for an unknown language.
    """
    if lang not in LANGS:
        raise ValueError(f"unknown language '{lang}' (use {', '.join(LANGS)})")
    text = catalogue()[key][lang]
    if not fmt:
        return text
    if not any(isinstance(v, Real) and not isinstance(v, bool) for v in fmt.values()):
        return text.format(**fmt)  # only texts to put in: str.format, ten times faster
    return _LocaleFormatter(lang).format(text, **fmt)


def number(value: float, decimals: int = 0, lang: str = "nb") -> str:
    """Format a number (nb, nn: '1 234,5'; en: '1,234.5'); see ``results.formatting``."""
    return formatting.number(value, decimals, lang)
