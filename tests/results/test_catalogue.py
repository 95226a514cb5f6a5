"""The one catalogue (results/catalogue.toml): complete in nb, nn and en, the same
placeholders in every language, no key nobody uses, numbers in the text's language."""

from __future__ import annotations

import csv
import re
import string
from pathlib import Path

import pytest

from results.labels import LANGS, TRINN_NAMES_NN, catalogue, label, parse_catalogue
from runners.app.texts import PREFIX, t

ROOT = Path(__file__).resolve().parents[2]


def _fields(text: str) -> list[tuple[str, str]]:
    """The placeholders of a text with their formats: "{n} of {x:.1f}" -> [(n, ''), (x, .1f)]."""
    return sorted((name, spec or "") for _, name, spec, _ in string.Formatter().parse(text)
                  if name is not None)


def test_every_key_has_every_language() -> None:
    assert set(LANGS) == {"nb", "nn", "en"}
    for key, texts in catalogue().items():
        assert set(texts) == set(LANGS), key
        assert all(texts[lang].strip() for lang in LANGS), key


def test_a_missing_language_fails_naming_the_key() -> None:
    text = '["a"]\nnb = "x"\nnn = "y"\nen = "z"\n\n["b"]\nnb = "x"\nen = "z"\n'
    with pytest.raises(ValueError, match="key 'b' has no text in 'nn'"):
        parse_catalogue(text, "c.toml")
    with pytest.raises(ValueError, match="key 'a' has no text in 'en'"):
        parse_catalogue('["a"]\nnb = "x"\nnn = "y"\nen = " "\n')
    assert parse_catalogue(text.split("\n\n")[0])["a"] == {"nb": "x", "nn": "y", "en": "z"}


def test_the_same_placeholders_in_every_language() -> None:
    for key, texts in catalogue().items():
        fields = {lang: _fields(texts[lang]) for lang in LANGS}
        assert fields["nn"] == fields["nb"] == fields["en"], key


def test_the_app_has_nynorsk_of_its_own() -> None:
    app = {k: v for k, v in catalogue().items() if k.startswith(PREFIX)}
    assert len(app) > 90
    long = [k for k, v in app.items() if len(v["nb"]) > 30]
    same = [k for k in long if app[k]["nn"] == app[k]["nb"]]
    # a few texts are the same in both ("Lagre strategien som scenariofil"), most are not
    assert len(same) <= len(long) // 10, same
    assert t("run", "nn") == "Køyr"
    assert t("levers", "nn") == "Spakar"


def _sources() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for d in ("results", "runners")
                     for p in sorted((ROOT / d).rglob("*.py")))


#: A key's leading part that code completes: f"param.{name}", "cmp." + name.
_BUILT = re.compile(r"""["']([\w.]+)(?:\{|["']\s*\+)""")


def test_no_key_is_unused() -> None:
    """Every key is written in the code: as a literal, or built by an f-string or a
    concatenation from one of its leading parts ("param.{name}", "rep.s.cost_{way}")."""
    src = _sources()
    built = set(_BUILT.findall(src))

    def used(key: str) -> bool:
        return (f'"{key}"' in src or f"'{key}'" in src
                or any(key[:i] in built for i in range(1, len(key))))

    unused = [k for k in catalogue() if not used(k.removeprefix(PREFIX))]
    assert not unused, f"keys no code uses (delete them from the catalogue): {unused}"


@pytest.mark.parametrize(("lang", "expected"), [
    ("nb", "Kjørt på 63,5 s."),
    ("nn", "Køyrd på 63,5 s."),
    ("en", "Ran in 63.5 s."),
])
def test_a_placeholders_number_is_written_in_the_texts_language(lang: str,
                                                                expected: str) -> None:
    assert t("ran_in", lang, seconds=63.46) == expected


def test_percent_and_general_formats_follow_the_language() -> None:
    # 1 607,5 hours per FTE (non-breaking space between the thousands), an 80 % position
    nb = t("units", "nb", year=2024, hpf=1607.5, pos=0.8)
    assert "timer / 1\u00a0607,5;" in nb
    assert "årsverk / 80\u00a0% stillingsstørrelse" in nb
    assert "faste 2024-priser" in nb  # a year is never grouped
    en = t("units", "en", year=2024, hpf=1607.5, pos=0.8)
    assert "hours / 1,607.5;" in en
    assert "FTE / 80% position size" in en
    assert "Band: 90% (" in en  # the same percent style as the formatted number
    assert t("pv", "en", pct=4.0, base=2025).startswith("Present value of Δ cost, 4% real")


def test_an_unknown_key_or_language_fails() -> None:
    with pytest.raises(KeyError):
        label("no.such.key", "nb")
    with pytest.raises(ValueError, match="unknown language 'de'"):
        label("fte", "de")


@pytest.mark.parametrize(("value", "nb", "en"), [
    (2024, "2024", "2024"),            # a year: never "2 024"
    (2024.0, "2024", "2024"),          # the same year read back from Parquet as a float
    (-3, "\u22123", "\u22123"),        # a whole number below zero: a true minus
    (1.5, "1,5", "1.5"),               # a fraction in the language's decimal sign
])
def test_a_number_without_a_format(value: float, nb: str, en: str) -> None:
    assert label("app.in_year", "nb", what="x", year=value) == f"x i {nb}"
    assert label("app.in_year", "en", what="x", year=value) == f"x in {en}"


def test_a_format_groups_thousands_in_the_language() -> None:
    # "Kildens ... om lag {cases:.0f} nye tilfeller": 12 345 with a non-breaking space
    nb = label("seed_implied", "nb", years=15.2, cases=12345.4)
    assert "om lag 12\u00a0345 nye" in nb
    en = label("seed_implied", "en", years=15.2, cases=12345.4)
    assert "about 12,345 new cases" in en
    assert "about 15.2 years" in en
    assert "om lag 15,2 år" in nb


def test_trinn_names_match_the_data_and_have_nynorsk() -> None:
    """nb and en as in Færder's trinn.csv (the data names them); nn from the catalogue."""
    lines = (ROOT / "models" / "data" / "faerder" / "trinn.csv").read_text(
        encoding="utf-8").splitlines()
    rows = list(csv.DictReader(line for line in lines if not line.startswith("#")))
    assert len(rows) == 12
    for row in rows:
        texts = catalogue()[f"trinn_name.{row['trinn']}"]
        assert (texts["nb"], texts["en"]) == (row["name_nb"], row["name_en"])
        assert TRINN_NAMES_NN.get(row["name_nb"]) == texts["nn"]
    assert TRINN_NAMES_NN["Tidsbegrenset opphold"] == "Tidsavgrensa opphald"
    assert TRINN_NAMES_NN.get("Ukjent trinn", "Ukjent trinn") == "Ukjent trinn"
