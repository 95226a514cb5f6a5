"""Malformed scenario files: `trappa run FILE` refuses each in one line, before it runs."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.bad_input.conftest import BASE, SHIPPED, SHORT, assert_refused, invoke, snapshot

DEEP = 3000  # deeper than Python's recursion limit: tomllib once raised RecursionError
#: A valid housing_profile block the cases below spoil with one key.
INTERVENTION = '[[interventions]]\nkind = "housing_profile"\nstart_year = 2025\n'

# (id, text of x.toml, expected in the error line besides the file name)
TEXT_CASES = [
    ("nul-in-description", SHORT + 'description = "a\\u0000b"\n', "key 'description'"),
    ("bell-in-description-nb", SHORT + 'description.nb = "a\\u0007b"\n', "description.nb"),
    ("escape-in-description-en", SHORT + 'description.en = "\\u001b[31mred"\n',
     "description.en"),
    ("c1-control", SHORT + 'description = "a\\u0085b"\n', "description"),
    ("del-character", SHORT + 'description = "a\\u007fb"\n', "description"),
    ("name-newline", SHORT.replace('"short"', '"t\\n"'), "key 'name'"),
    ("name-trailing-newline-only", SHORT.replace('"short"', '"short\\n"'), "key 'name'"),
    ("name-nul", SHORT.replace('"short"', '"t\\u0000"'), "key 'name'"),
    ("name-tab", SHORT.replace('"short"', '"t\\tx"'), "key 'name'"),
    ("name-slash", SHORT.replace('"short"', '"a/b"'), "key 'name'"),
    ("name-dotdot", SHORT.replace('"short"', '"../x"'), "key 'name'"),
    ("name-leading-dot", SHORT.replace('"short"', '".hidden"'), "key 'name'"),
    ("name-empty", SHORT.replace('"short"', '""'), "key 'name'"),
    ("name-space", SHORT.replace('"short"', '"a b"'), "key 'name'"),
    ("name-glob", SHORT.replace('"short"', '"x**b"'), "key 'name'"),
    ("name-int", SHORT.replace('"short"', '3'), "key 'name'"),
    ("end-year-100000", SHORT.replace("end_year = 2026", "end_year = 100000"),
     "key 'end_year'"),
    ("end-year-before-start", SHORT.replace("end_year = 2026", "end_year = 2020"),
     "key 'end_year'"),
    ("end-year-equal-start", SHORT.replace("end_year = 2026", "end_year = 2024"),
     "key 'end_year'"),
    ("end-year-string", SHORT.replace("end_year = 2026", 'end_year = "2026"'),
     "key 'end_year'"),
    ("end-year-float", SHORT.replace("end_year = 2026", "end_year = 2026.0"),
     "key 'end_year'"),
    ("end-year-nan", SHORT.replace("end_year = 2026", "end_year = nan"), "end_year"),
    ("end-year-inf", SHORT.replace("end_year = 2026", "end_year = inf"), "end_year"),
    ("start-year-1900", SHORT.replace("end_year = 2026", "start_year = 1900"),
     "key 'start_year'"),
    ("start-year-1900-short", SHORT + "start_year = 1900\n", "1900"),
    ("start-year-2023", SHORT + "start_year = 2023\n", "key 'start_year'"),
    ("start-year-bool", SHORT + "start_year = true\n", "key 'start_year'"),
    ("seed-negative", SHORT + "seed = -1\n", "key 'seed'"),
    ("seed-float", SHORT + "seed = 1.5\n", "key 'seed'"),
    ("seed-nan", SHORT + "seed = nan\n", "seed"),
    ("seed-minus-inf", SHORT + "seed = -inf\n", "seed"),
    ("replications-zero", SHORT + "replications = 0\n", "key 'replications'"),
    ("replications-negative", SHORT + "replications = -3\n", "key 'replications'"),
    ("share-nan", SHORT + "[groups.dementia.existing_cases]\nnormal = nan\n",
     "groups.dementia.existing_cases.normal"),
    ("share-inf", SHORT + "[groups.dementia.existing_cases]\nnormal = inf\n",
     "groups.dementia.existing_cases.normal"),
    ("share-negative", SHORT + "[groups.dementia.existing_cases]\nnormal = -0.5\n"
     "proactive = 1.5\n", "groups.dementia.existing_cases"),
    ("shares-sum", SHORT + "[groups.dementia.existing_cases]\nnormal = 0.5\n",
     "groups.dementia.existing_cases"),
    ("share-string", SHORT + '[groups.dementia.existing_cases]\nnormal = "1"\n',
     "groups.dementia.existing_cases.normal"),
    ("unknown-pathway", SHORT + "[groups.dementia.new_cases.2025]\nproactiv = 1.0\n",
     "groups.dementia.new_cases.2025.proactiv"),
    ("unknown-group", SHORT + "[groups.dragons.existing_cases]\nstatus_quo = 1.0\n",
     "groups.dragons"),
    ("new-cases-year-outside", SHORT + "[groups.dementia.new_cases.2099]\nnormal = 1.0\n",
     "groups.dementia.new_cases.2099"),
    ("new-cases-year-text", SHORT + '[groups.dementia.new_cases."20x5"]\nnormal = 1.0\n',
     "groups.dementia.new_cases.20x5"),
    ("new-cases-year-newline", SHORT + '[groups.dementia.new_cases."2025\\n"]\nnormal = 1.0\n',
     "new_cases"),
    ("new-cases-empty", SHORT + "[groups.dementia.new_cases]\n", "groups.dementia.new_cases"),
    ("capacity-negative", SHORT + '[capacity]\n"11" = { 2025 = -1 }\n', "capacity.11.2025"),
    ("capacity-not-place-based", SHORT + '[capacity]\n"7" = { 2025 = 1 }\n', "capacity.7"),
    ("capacity-trinn-13", SHORT + '[capacity]\n"13" = { 2025 = 1 }\n', "capacity.13"),
    ("capacity-float", SHORT + '[capacity]\n"11" = { 2025 = 1.5 }\n', "capacity.11.2025"),
    ("capacity-inf", SHORT + '[capacity]\n"11" = { 2025 = inf }\n', "capacity.11.2025"),
    ("unknown-key", SHORT + "colour = 1\n", "key 'colour'"),
    ("misspelt-key", SHORT + "seeed = 1\n", "key 'seeed'"),
    ("control-in-key", SHORT + '"col\\u0001our" = 1\n', "key"),
    ("description-number", SHORT + "description = 3\n", "key 'description'"),
    ("description-language", SHORT + 'description.de = "Hallo"\n', "description.de"),
    ("municipality-path", SHORT + 'municipality = "../faerder"\n', "key 'municipality'"),
    ("municipality-absolute", SHORT + 'municipality = "/etc"\n', "key 'municipality'"),
    ("municipality-unknown", SHORT + 'municipality = "atlantis"\n', "atlantis"),
    ("municipality-newline", SHORT + 'municipality = "faerder\\n"\n', "key 'municipality'"),
    ("toml-syntax", SHORT + "[capacity\n", "invalid TOML"),
    ("toml-duplicate-key", SHORT + "seed = 1\nseed = 2\n", "invalid TOML"),
    ("toml-raw-nul", SHORT + 'description = "a\x00b"\n', "invalid TOML"),
    ("deep-inline-tables", SHORT + "x = " + "{a = " * DEEP + "1" + "}" * DEEP + "\n",
     "nested"),
    ("deep-arrays", SHORT + "x = " + "[" * DEEP + "1" + "]" * DEEP + "\n", "nested"),
    ("nested-33-levels", SHORT + "x = " + "{a = " * 40 + "1" + "}" * 40 + "\n", "x.a.a"),
    ("base-number", SHORT.replace(f'"{BASE.as_posix()}"', "3"), "key 'base'"),
    ("base-missing", SHORT.replace(BASE.name, "no-such.toml"), "key 'base'"),
    ("base-absolute-system-file", SHORT.replace(BASE.as_posix(), "/etc/hostname"),
     "key 'base'"),
    ("base-absolute-passwd", SHORT.replace(BASE.as_posix(), "/etc/passwd"), "outside"),
    ("base-dotdot", SHORT.replace(BASE.as_posix(), "../outside.toml"), "outside"),
    ("base-dotdot-deep", SHORT.replace(BASE.as_posix(), "../../../../../../etc/hostname"),
     "outside"),
    ("base-into-python", SHORT.replace(BASE.as_posix(), os.__file__), "outside"),
    ("base-self", 'base = "x.toml"\nname = "x"\n', "cycle"),
    # the levers' [[interventions]] follow the same rules: one line, file and dotted key
    ("interventions-not-a-list", SHORT + "interventions = 3\n", "interventions"),
    ("intervention-kind-newline", SHORT + '[[interventions]]\nkind = "housing\\n"\n',
     "interventions"),
    ("intervention-kind-nul", SHORT + '[[interventions]]\nkind = "a\\u0000"\n',
     "interventions"),
    ("intervention-kind-number", SHORT + "[[interventions]]\nkind = 3\n",
     "interventions[0].kind"),
    ("intervention-group-bell", SHORT + INTERVENTION + 'groups = ["frail\\u0007"]\n',
     "interventions"),
    ("intervention-key-escape", SHORT + INTERVENTION + '"sh\\u001bare" = 0.3\n',
     "interventions"),
    ("intervention-share-nan", SHORT + INTERVENTION + "share = nan\n", "interventions"),
    ("intervention-share-text", SHORT + INTERVENTION + 'share = "0.3"\n',
     "interventions[0].share"),
    ("intervention-ramp-year-newline", SHORT + INTERVENTION + 'ramp = { "2026\\n" = 1.0 }\n',
     "interventions"),
    ("intervention-ages-inf", SHORT + INTERVENTION + "ages = [67, inf]\n", "interventions"),
]


@pytest.mark.parametrize(("text", "expected"), [pytest.param(t, e, id=i)
                                                for i, t, e in TEXT_CASES])
def test_bad_scenario_file(case: Callable[..., str], tmp_path: Path, text: str,
                           expected: str) -> None:
    (tmp_path / "x.toml").write_text(text, encoding="utf-8")
    case(["run", "x.toml", "--runs", "1", "--out", "out"], "x.toml", expected)


BYTE_CASES = [
    ("latin-1", SHORT.encode() + 'description = "Færder"\n'.encode("latin-1")),
    ("utf-16", SHORT.encode("utf-16")),
    ("binary", bytes(range(256)) * 4),
    ("png-header", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
    ("lone-continuation", SHORT.encode() + b'description = "\x80"\n'),
]


@pytest.mark.parametrize("content", [pytest.param(c, id=i) for i, c in BYTE_CASES])
def test_undecodable_scenario_file(case: Callable[..., str], tmp_path: Path,
                                   content: bytes) -> None:
    (tmp_path / "x.toml").write_bytes(content)
    case(["run", "x.toml", "--runs", "1"], "x.toml", "not UTF-8")


def test_replications_too_many_for_memory(case: Callable[..., str], tmp_path: Path) -> None:
    (tmp_path / "x.toml").write_text(SHORT + "replications = 1000000000000\n", encoding="utf-8")
    line = case(["run", "x.toml"], "x.toml", "key 'replications'", "memory")
    assert "TB" in line or "PB" in line, line  # 1e12 tasks x 3 years x 40 kB


def test_bad_value_in_a_base_blames_the_base(case: Callable[..., str], tmp_path: Path) -> None:
    (tmp_path / "base.toml").write_text(SHORT + 'description = "a\\u0000"\n', encoding="utf-8")
    (tmp_path / "x.toml").write_text('base = "base.toml"\nname = "x"\n', encoding="utf-8")
    case(["run", "x.toml", "--runs", "1"], "base.toml", "description")


def test_base_through_a_symlink_out_of_the_folder(case: Callable[..., str],
                                                  tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "outside.toml").write_text(SHORT, encoding="utf-8")
    (tmp_path / "sub" / "link.toml").symlink_to(tmp_path / "outside.toml")
    (tmp_path / "sub" / "x.toml").write_text('base = "link.toml"\nname = "x"\n',
                                             encoding="utf-8")
    case(["run", "sub/x.toml", "--runs", "1"], "x.toml", "key 'base'", "outside")


def test_a_foreign_file_is_never_quoted(case: Callable[..., str], tmp_path: Path) -> None:
    # a TOML file beside the case folder whose first key would show up in a parse error
    (tmp_path.parent / f"{tmp_path.name}-secret.toml").write_text('secret_key_4711 = "x"\n'
                                                                 "[a\n", encoding="utf-8")
    (tmp_path / "x.toml").write_text(SHORT.replace(BASE.as_posix(),
                                                   f"../{tmp_path.name}-secret.toml"),
                                     encoding="utf-8")
    line = case(["run", "x.toml", "--runs", "1"], "x.toml", "key 'base'")
    assert "secret_key_4711" not in line


def test_a_folder_is_not_a_scenario_file(case: Callable[..., str], tmp_path: Path) -> None:
    (tmp_path / "x.toml").mkdir()
    case(["run", "x.toml", "--runs", "1"], "x.toml", "folder")


def test_base_is_a_folder(case: Callable[..., str], tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    (tmp_path / "x.toml").write_text('base = "dir"\nname = "x"\n', encoding="utf-8")
    case(["run", "x.toml", "--runs", "1"], "x.toml", "key 'base'")


def test_compared_scenarios_must_share_years(case: Callable[..., str], tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(SHORT.replace('"short"', '"a"'), encoding="utf-8")
    (tmp_path / "b.toml").write_text(SHORT.replace('"short"', '"b"').replace("2026", "2027"),
                                     encoding="utf-8")
    case(["compare", "a.toml", "b.toml", "--runs", "1"], "b.toml", "end_year")


def test_compared_scenario_names_repeat(case: Callable[..., str], tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(SHORT, encoding="utf-8")
    (tmp_path / "b.toml").write_text(SHORT, encoding="utf-8")
    case(["compare", "a.toml", "b.toml", "--runs", "1"], "b.toml", "names repeat")


# --- hypothesis: one value of a valid scenario file made impossible ------------------------

def _leaves(text: str) -> list[tuple[int, str]]:
    """Return (line index, dotted key) of every ``key = value`` line of a TOML text."""
    out, table = [], ""
    for i, line in enumerate(text.split("\n")):
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            table = stripped.strip("[]").replace('"', "")
        elif " = " in stripped and not stripped.startswith("#"):
            key = stripped.split(" = ", 1)[0].replace('"', "")
            out.append((i, f"{table}.{key}" if table else key))
    return out


VALID = (BASE.read_text(encoding="utf-8").replace('name = "base"', 'name = "x"')
         .replace("end_year = 2040", "end_year = 2026"))
LEAVES = [(i, k) for i, k in _leaves(VALID) if k != "base"]
IMPOSSIBLE = ("nan", "inf", "-inf", '"\\u0000"', '"a\\u001bb"', '"\\u0085"', "1e999",
              "{ a = " * 40 + "1" + " }" * 40)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(leaf=st.sampled_from(LEAVES), literal=st.sampled_from(IMPOSSIBLE))
def test_an_impossible_value_anywhere_in_a_scenario(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str],
                                                    leaf: tuple[int, str],
                                                    literal: str) -> None:
    monkeypatch.chdir(tmp_path)
    index, key = leaf
    lines = VALID.split("\n")
    lines[index] = f"{lines[index].split(' = ', 1)[0]} = {literal}"
    with tempfile.TemporaryDirectory(dir=tmp_path) as tmp:
        path = Path(tmp) / "x.toml"
        path.write_text("\n".join(lines), encoding="utf-8")
        before = snapshot((Path(tmp), *SHIPPED))
        line = assert_refused(invoke(["run", str(path), "--runs", "1", "--out",
                                      str(Path(tmp) / "out")], capsys), "x.toml")
        assert key in line or key.rsplit(".", 1)[0] in line, (key, line)
        assert snapshot((Path(tmp), *SHIPPED)) == before
