"""Issue 27: nothing wrong accepted, nothing left half-done.

One parametrised test per class of the issue's corpus (the importer's SSB files, implausible
or duplicated data, horizons beyond the data, a report of another municipality, checks that
came too late, the file system, misleading lines), each case with the contract of
`tests.bad_input.conftest`: exit status 2, one line naming the culprit, no traceback, and
no file created or changed. The pool and the stale lock are tested in tests/runners
(test_pool_startup.py, test_resume.py, test_run_dir_safety.py).
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import zlib
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from models.municipality import DATA_DIR
from tests.bad_input.conftest import BASE, SHORT, invoke, snapshot
from tests.models.ssb_fixtures import shipped_rows, to_jsonstat, to_statbank_csv, write_json

REPO = Path(__file__).resolve().parents[2]
FITTED = REPO / "calibration" / "fitted"
IMPORT = ["municipality", "import", "--kommune", "4003", "--out", "out"]
MMMM = "Hovedalternativet (MMMM)"

Edit = Callable[[Path], list[str]]


@pytest.fixture(scope="module")
def rows() -> pd.DataFrame:
    """Skien's rows of the shipped SSB table 14288 (2024, 2030, 2040, 2050)."""
    return shipped_rows(("Skien",), (2024, 2030, 2040, 2050))


def _json(rows: pd.DataFrame, change: Callable[[dict], object]) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        doc = to_jsonstat(rows)
        change(doc)
        return write_json(folder / "p.json", doc)
    return make


def _text(name: str, text: str | bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path
    return make


def _tidy(rows: pd.DataFrame) -> str:
    return rows.to_csv(index=False)


def _set(doc: dict, path: tuple[str, ...], value: object) -> None:
    for key in path[:-1]:
        doc = doc[key]
    doc[path[-1]] = value


def _deep(n: int) -> str:
    return '{"class": "dataset", "id": ' + "[" * n + "]" * n + "}"


# --- 1. malformed SSB files reach Python errors ------------------------------------------

def _malformed(rows: pd.DataFrame) -> list:
    p = pytest.param
    return [
        # the examples
        p(_json(rows, lambda d: _set(d, ("size",), 5)), [], ("p.json", "field 'size'"),
          id="size-a-number"),
        p(_json(rows, lambda d: _set(d, ("status",), 7)), [], ("p.json", "field 'status'"),
          id="status-a-number"),
        p(_json(rows, lambda d: _set(d, ("extension", "px"), "14288")), [],
          ("p.json", "field 'extension.px'"), id="extension-px-a-string"),
        p(_text("p.json", _deep(200_000)), [], ("p.json", "nested too deeply"),
          id="deep-nesting"),
        p(_text("p.csv", _tidy(rows)), ["--staircase", "."], ("--staircase", "folder"),
          id="staircase-a-folder"),
        p(_text("p.csv", _tidy(rows)), ["--dementia", "inf"], ("--dementia", "inf"),
          id="dementia-inf"),
        # more of the class
        p(_json(rows, lambda d: _set(d, ("id",), "Region")), [], ("p.json", "field 'id'"),
          id="id-a-string"),
        p(_json(rows, lambda d: _set(d, ("size",), [3, 2, "10", 3, 4])), [],
          ("p.json", "field 'size'"), id="size-holds-text"),
        p(_json(rows, lambda d: _set(d, ("dimension", "Alder"), [1, 2])), [],
          ("p.json", "dimension.Alder"), id="dimension-a-list"),
        p(_json(rows, lambda d: _set(d, ("dimension", "Tid", "category", "index"), 4)), [],
          ("p.json", "dimension.Tid.category.index"), id="index-a-number"),
        p(_json(rows, lambda d: d["value"].__setitem__(7, {"n": 3})), [],
          ("p.json", "value[7]", "not a number"), id="value-an-object"),
        p(_json(rows, lambda d: d["value"].__setitem__(3, True)), [],
          ("p.json", "value[3]", "True"), id="value-true"),
        p(_json(rows, lambda d: _set(d, ("status",), {"3": 1})), [],
          ("p.json", "field 'status'"), id="status-symbol-a-number"),
        p(_json(rows, lambda d: _set(d, ("size",), [10**6, 10**6, 10, 4, 4])), [],
          ("p.json", "field 'size'", "cells"), id="size-astronomical"),
        p(_json(rows, lambda d: _set(d, ("extension",), ["px"])), [],
          ("p.json", "field 'extension'"), id="extension-a-list"),
        p(_text("p.csv", _tidy(rows)), ["--dementia", "nan"], ("--dementia", "nan"),
          id="dementia-nan"),
        p(_text("p.csv", _tidy(rows)), ["--care-fte", "-inf"], ("--care-fte",),
          id="care-fte-minus-inf"),
        p(_text("p.csv", _tidy(rows)), ["--population", "."], ("--population", "folder"),
          id="population-a-folder"),
    ]


@pytest.mark.parametrize(("make", "extra", "expected"), _malformed(
    shipped_rows(("Skien",), (2024, 2030, 2040, 2050))))
def test_malformed_ssb_files_and_options(case, tmp_path, make, extra, expected):
    projection = make(tmp_path)
    case([*IMPORT, "--projection", str(projection), *extra], *expected)


# --- 2. implausible or duplicated data accepted ------------------------------------------

def _lever(text: str, twice: str | None = None) -> Edit:
    def edit(folder: Path) -> list[str]:
        (folder / "x.toml").write_text(SHORT + text + (twice or text), encoding="utf-8")
        return ["run", "x.toml", "--runs", "1", "--backend", "serial"]
    return edit


def _import(text: Callable[[pd.DataFrame], str], *extra: str, name: str = "p.csv"
            ) -> Callable[[pd.DataFrame], Edit]:
    def bind(rows: pd.DataFrame) -> Edit:
        def edit(folder: Path) -> list[str]:
            (folder / name).write_text(text(rows), encoding="utf-8")
            return [*IMPORT, "--projection", name, *extra]
        return edit
    return bind


def _fitted_in(folder_name: str, fitted: str, meta: dict[str, str] | None = None) -> Edit:
    def edit(folder: Path) -> list[str]:
        shipped = "skien" if folder_name in ("skien", "mine") else folder_name
        shutil.copytree(DATA_DIR / shipped, folder / folder_name)
        text = (FITTED / f"{fitted}.toml").read_text(encoding="utf-8")
        for key, value in (meta or {}).items():  # replace the key's line, or add it
            line = f'{key} = "{value}"'
            text, n = re.subn(rf"(?m)^{re.escape(key)} = .*$", line, text, count=1)
            if not n:
                text = text.replace("[meta]\n", f"[meta]\n{line}\n", 1)
        (folder / folder_name / "fitted.toml").write_text(text, encoding="utf-8")
        (folder / "x.toml").write_text(SHORT, encoding="utf-8")
        return ["run", "x.toml", "--municipality", f"./{folder_name}", "--runs", "1",
                "--backend", "serial"]
    return edit


def _doubled(rows: pd.DataFrame) -> str:
    return _tidy(pd.concat([rows, rows]))


def _one_row_twice(rows: pd.DataFrame) -> str:
    return _tidy(pd.concat([rows, rows.iloc[[5]]]))


def _value(rows: pd.DataFrame, i: int, value: float) -> str:
    out = rows.copy()
    out.loc[i, "value"] = value
    return _tidy(out)


def _sexes_disagree(rows: pd.DataFrame) -> str:
    both = rows.assign(kjønn="Begge kjønn")
    men = rows.assign(kjønn="Menn", value=rows["value"] // 2)
    women = rows.assign(kjønn="Kvinner", value=rows["value"] - rows["value"] // 2 + 40)
    return _tidy(pd.concat([both, men, women]))


def _total_disagrees(rows: pd.DataFrame) -> str:
    one = rows[(rows["år"] == 2024) & (rows["statistikkvariabel"] == MMMM)]
    total = one.iloc[[0]].assign(alder="I alt", value=int(one["value"].sum()) + 500)
    return _tidy(pd.concat([rows, total]))


def _huge_town(rows: pd.DataFrame) -> str:
    # every group a plausible share of Norway's, together far above any municipality
    out = rows.copy()
    out["value"] = out["value"] * 60
    return _tidy(out)


SMALL = ('[[interventions]]\nkind = "reduce_small_decisions"\nband = "1-2.5"\n'
         "fraction = 0.2\nstart_year = 2025\n")
DIGITAL = ('[[interventions]]\nkind = "digital_home_care"\nstart_year = 2025\n'
           'shares = { "0-1" = 0.2 }\n')
REABLE = '[[interventions]]\nkind = "reablement"\nstart_year = 2025\nshare = 0.3\n'

IMPLAUSIBLE = [
    # the examples
    pytest.param(_import(_one_row_twice), ("p.csv", "row 122", "second count", "row 7"),
                 id="duplicated-row"),
    pytest.param(_import(_doubled), ("p.csv", "second count"), id="file-joined-to-itself"),
    pytest.param(_import(lambda r: _value(r, 3, 1e12)),
                 ("p.csv", "row 5", "1,000,000,000,000", "more than Norway"),
                 id="ten-to-the-twelve-persons"),
    pytest.param(_import(_tidy, "--dementia", "30000"),
                 ("--dementia 30000", "more people with dementia"),
                 id="dementia-above-inhabitants"),
    pytest.param(lambda rows: _fitted_in("skien", "faerder"),
                 ("skien/fitted.toml", "meta.municipality", "faerder"),
                 id="faerder-fitted-in-skien"),
    pytest.param(lambda rows: _lever(SMALL), ("x.toml", "interventions[1].kind", "twice"),
                 id="same-lever-twice"),
    # more of the class
    pytest.param(_import(_sexes_disagree), ("p.csv", "Begge kjønn", "sum of the sexes"),
                 id="both-sexes-not-men-plus-women"),
    pytest.param(_import(_total_disagrees), ("p.csv", "I alt", "not the sum of the ages"),
                 id="total-not-the-sum"),
    pytest.param(_import(_huge_town), ("p.csv", "region 4003", "1,500,000"),
                 id="municipality-above-1.5-million"),
    pytest.param(_import(lambda r: _value(r, 0, 500_000)),
                 ("p.csv", "row 2", "500,000", "more than Norway"), id="newborns-beyond-norway"),
    pytest.param(_import(lambda r: _tidy(r) + _tidy(r).split("\n", 1)[1].replace(
        "Skien", "4003 Skien")), ("p.csv", "second count"), id="joined-with-codes"),
    pytest.param(_import(_tidy, "--dementia", "1e9"), ("--dementia", "more people"),
                 id="dementia-a-billion"),
    pytest.param(lambda rows: _folder_edit(_replace("parameters.toml", "value = 684",
                                                    "value = 90000")),
                 ("mine/parameters.toml", "dementia_prevalence_2024.value", "inhabitants aged"),
                 id="folder-dementia-above-inhabitants"),
    pytest.param(lambda rows: _folder_edit(_replace("parameters.toml", "value = 855",
                                                    "value = 855000")),
                 ("mine/parameters.toml", "care_fte_2023.value", "inhabitants"),
                 id="folder-care-fte-above-inhabitants"),
    pytest.param(_import(lambda r: _tidy(r.assign(år=r["år"].replace(2050, 9050)))),
                 ("p.csv", "year 9050"), id="year-9050"),
    pytest.param(lambda rows: _fitted_in("skien", "porsgrunn"),
                 ("skien/fitted.toml", "porsgrunn"), id="porsgrunn-fitted-in-skien"),
    pytest.param(lambda rows: _fitted_in("skien", "skien", {"data_sha256": "0" * 64}),
                 ("skien/fitted.toml", "meta.data_sha256", "fitted on other data"),
                 id="fitted-on-other-data"),
    pytest.param(lambda rows: _fitted_in("mine", "skien"),
                 ("mine/fitted.toml", "'skien', not 'mine'"), id="fitted-of-another-folder"),
    pytest.param(lambda rows: _lever(DIGITAL, DIGITAL.replace('"0-1" = 0.2', '"0-1" = 0.1')),
                 ("x.toml", "interventions[1].kind", "digital_home_care given twice"),
                 id="digital-zone-twice"),
    pytest.param(lambda rows: _lever(REABLE, REABLE + "ages = [80, 120]\n"),
                 ("x.toml", "interventions[1].kind", "reablement given twice"),
                 id="reablement-twice-overlapping-ages"),
    pytest.param(lambda rows: _lever(SMALL, SMALL.replace("0.2", "0.5")),
                 ("x.toml", "interventions[1].kind", "band 1-2.5"), id="same-band-cut-twice"),
]


@pytest.mark.parametrize(("build", "expected"), IMPLAUSIBLE)
def test_implausible_or_duplicated_data(case, tmp_path, rows, build, expected):
    case(build(rows)(tmp_path), *expected)


def test_different_levers_and_bands_still_compose(tmp_path):
    # the rule refuses a repeat on the same people, not two levers that meet different ones
    from scenarios import load_scenario

    path = tmp_path / "x.toml"
    path.write_text(SHORT + SMALL + SMALL.replace('"1-2.5"', '"2.5-5"') + DIGITAL
                    + REABLE + "ages = [67, 79]\n" + REABLE + "ages = [80, 120]\n",
                    encoding="utf-8")
    kinds = [iv.kind for iv in load_scenario(path).interventions]
    assert kinds == ["reduce_small_decisions", "reduce_small_decisions", "digital_home_care",
                     "reablement", "reablement"]


# --- 3. years beyond the data are invented ------------------------------------------------

def _horizon(end: int, *extra: str, municipality: str | None = None, command: str = "run"
             ) -> Edit:
    def edit(folder: Path) -> list[str]:
        for name in ("x", "y"):
            (folder / f"{name}.toml").write_text(SHORT.replace(
                "end_year = 2026", f"end_year = {end}").replace('"short"', f'"{name}"'),
                encoding="utf-8")
        more = ["--municipality", municipality] if municipality else []
        files = ["x.toml"] if command == "run" else ["x.toml", "y.toml"]
        return [command, *files, "--runs", "1", "--backend", "serial", *more, *extra]
    return edit


def _imported_to_2030(rows: pd.DataFrame) -> Edit:
    def edit(folder: Path) -> list[str]:
        short = rows[rows["år"].isin((2024, 2030))]
        (folder / "p.csv").write_text(_tidy(short), encoding="utf-8")
        code, err = _quiet_main(["municipality", "import", "--kommune", "4003", "--projection",
                                 str(folder / "p.csv"), "--out", str(folder / "mine")])
        assert code == 0, err
        (folder / "x.toml").write_text(SHORT.replace("end_year = 2026", "end_year = 2040"),
                                       encoding="utf-8")
        return ["run", "x.toml", "--municipality", "./mine", "--runs", "1", "--backend",
                "serial", "--uncalibrated"]
    return edit


def _sweep(end: int) -> Edit:
    def edit(folder: Path) -> list[str]:
        (folder / "x.toml").write_text(SHORT.replace("end_year = 2026", f"end_year = {end}"),
                                       encoding="utf-8")
        (folder / "s.toml").write_text('name = "s"\nscenarios = ["x.toml"]\nruns = 1\n'
                                       "seed = 1\n", encoding="utf-8")
        return ["sweep", "s.toml", "--backend", "serial"]
    return edit


def _quiet_main(args: list[str]) -> tuple[int, str]:
    import contextlib
    import io

    from runners.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return code, err.getvalue()


HORIZONS = [
    # the examples
    pytest.param(lambda rows: _horizon(2041), ("x.toml", "end_year 2041", "2040",
                                               "--extrapolate"), id="faerder-2041"),
    pytest.param(lambda rows: _horizon(2050), ("x.toml", "end_year 2050", "2040"),
                 id="faerder-2050"),
    pytest.param(_imported_to_2030, ("x.toml", "end_year 2040", "2030"),
                 id="import-to-2030-run-to-2040"),
    # more of the class
    pytest.param(lambda rows: _horizon(2045, command="compare"),
                 ("x.toml", "end_year 2045"), id="compare-2045"),
    pytest.param(lambda rows: _horizon(2051, municipality="skien"),
                 ("x.toml", "end_year 2051", "2050"), id="skien-2051"),
    pytest.param(lambda rows: _sweep(2060), ("x.toml", "end_year 2060"), id="sweep-2060"),
    pytest.param(lambda rows: _horizon(2124), ("x.toml", "end_year 2124"), id="a-century"),
]


@pytest.mark.parametrize(("build", "expected"), HORIZONS)
def test_years_beyond_the_data_are_refused(case, tmp_path, rows, build, expected):
    case(build(rows)(tmp_path), *expected)


def test_extrapolation_is_stated_where_asked_for(tmp_path, monkeypatch):
    # --extrapolate: the run goes on, and run.json and the report's text say how
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.toml").write_text(SHORT.replace("end_year = 2026", "end_year = 2041")
                                     .replace('"short"', '"long"'), encoding="utf-8")
    code, err = _quiet_main(["run", "x.toml", "--runs", "1", "--backend", "serial",
                             "--extrapolate", "--out", "r", "--no-plots", "--lang", "en"])
    assert code == 0, err
    assert "from 2041 the population is extrapolated" in err
    horizon = json.loads((tmp_path / "r" / "run.json").read_text())["horizon"]
    assert horizon["projection_last_year"] == 2040
    assert horizon["extrapolated"] is True
    assert "growth rate" in horizon["extrapolation_method"]
    from tests.pdf_pages import page_texts

    text = " ".join(page_texts(tmp_path / "r" / "report" / "report-en.pdf"))
    assert "is extrapolated (--extrapolate)" in text


# --- 4. a report can describe another municipality ---------------------------------------

@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Short finished runs on Færder and on Skien (PDF only, for speed)."""
    folder = tmp_path_factory.mktemp("runs")
    out = {}
    for name in ("faerder", "skien"):
        (folder / f"{name}.toml").write_text(
            f'base = "{BASE.as_posix()}"\nname = "{name}"\nmunicipality = "{name}"\n'
            "end_year = 2025\n", encoding="utf-8")
        code, err = _quiet_main(["run", str(folder / f"{name}.toml"), "--runs", "1",
                                 "--backend", "serial", "--no-plots", "--out",
                                 str(folder / name)])
        assert code == 0, err
        out[name] = folder / name
    return out


def _changed_copy(folder: Path) -> str:
    shutil.copytree(DATA_DIR / "faerder", folder / "copy")
    params = folder / "copy" / "parameters.toml"
    params.write_text(params.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    return str(folder / "copy")


REPORTS = [
    pytest.param("faerder", lambda f: "skien", "skien", id="skien-on-faerder"),
    pytest.param("faerder", lambda f: "porsgrunn", "porsgrunn", id="porsgrunn-on-faerder"),
    pytest.param("skien", lambda f: "faerder", "faerder", id="faerder-on-skien"),
    pytest.param("skien", lambda f: "porsgrunn", "porsgrunn", id="porsgrunn-on-skien"),
    pytest.param("faerder", _changed_copy, "copy", id="changed-copy-of-faerder"),
]


@pytest.mark.parametrize(("run", "given", "expected"), REPORTS)
def test_a_report_of_another_municipality_is_refused(case, tmp_path, finished, run, given,
                                                     expected):
    before = snapshot([finished[run]])
    case(["report", str(finished[run]), "--municipality", given(tmp_path), "--format", "pdf"],
         "--municipality", expected, "run.json")
    assert snapshot([finished[run]]) == before


def test_a_report_of_the_same_data_elsewhere_is_written(tmp_path, finished):
    # the same files in another folder: the hashes match, the report is written
    shutil.copytree(DATA_DIR / "faerder", tmp_path / "same")
    code, err = _quiet_main(["report", str(finished["faerder"]), "--municipality",
                             str(tmp_path / "same"), "--format", "xlsx"])
    assert code == 0, err


# --- 5. checked too late ------------------------------------------------------------------

def _folder_edit(change: Callable[[Path], object], shipped: str = "faerder") -> Edit:
    def edit(folder: Path) -> list[str]:
        shutil.copytree(DATA_DIR / shipped, folder / "mine")
        change(folder / "mine")
        (folder / "x.toml").write_text(SHORT, encoding="utf-8")
        return ["run", "x.toml", "--municipality", "./mine", "--runs", "1", "--backend",
                "serial", "--uncalibrated"]
    return edit


def _replace(name: str, old: str, new: str) -> Callable[[Path], None]:
    def change(folder: Path) -> None:
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return change


def _drop_table(name: str, table: str) -> Callable[[Path], None]:
    def change(folder: Path) -> None:
        path = folder / name
        lines = path.read_text(encoding="utf-8").split("\n")
        start = lines.index(f"[{table}]")
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("[")),
                   len(lines))
        path.write_text("\n".join(lines[:start] + lines[end:]), encoding="utf-8")
    return change


def _latin1_name(folder: Path) -> list[str]:
    name = os.fsdecode(b"sc\xe6n\xf8.toml")  # Latin-1 "scænø.toml"
    (folder / name).write_text(SHORT, encoding="utf-8")
    return ["run", name, "--runs", "1", "--backend", "serial"]


def _latin1_out(folder: Path) -> list[str]:
    (folder / "x.toml").write_text(SHORT, encoding="utf-8")
    return ["run", "x.toml", "--runs", "1", "--backend", "serial", "--out",
            os.fsdecode(b"r\xe6")]


def _latin1_projection(folder: Path) -> list[str]:
    return [*IMPORT, "--projection", os.fsdecode(b"befolkning-\xe6.csv")]


def _latin1_cwd(folder: Path) -> list[str]:
    inner = folder / os.fsdecode(b"kommune-\xe6")
    inner.mkdir()
    (inner / "x.toml").write_text(SHORT, encoding="utf-8")
    os.chdir(inner)  # the case fixture's monkeypatch.chdir restores the folder afterwards
    return ["run", "x.toml", "--runs", "1", "--backend", "serial"]


TOO_LATE = [
    # the examples
    pytest.param(_folder_edit(lambda f: (f / "import.toml").write_text(
        "[estimated]\nitem1 = 3\n", encoding="utf-8"), "skien"),
        ("mine/import.toml", "estimated"), id="corrupt-import-toml"),
    pytest.param(_latin1_name, ("not UTF-8", "0xe6"), id="latin1-file-name"),
    pytest.param(_folder_edit(_replace("parameters.toml", "value = 855", "value = 0")),
                 ("mine/parameters.toml", "care_fte_2023.value"), id="care-fte-0"),
    pytest.param(_folder_edit(_drop_table("parameters.toml", "position_size")),
                 ("mine/parameters.toml", "position_size"), id="position-size-missing"),
    # more of the class
    pytest.param(_folder_edit(lambda f: (f / "import.toml").write_text(
        "[estimated\n", encoding="utf-8"), "skien"),
        ("mine/import.toml",), id="import-toml-not-toml"),
    pytest.param(_folder_edit(_drop_table("demography.toml", "mortality_level")),
                 ("mine/demography.toml", "mortality_level"), id="mortality-level-missing"),
    pytest.param(_folder_edit(_drop_table("parameters.toml", "hours_per_fte")),
                 ("mine/parameters.toml", "hours_per_fte"), id="hours-per-fte-missing"),
    pytest.param(_latin1_out, ("--out", "not UTF-8"), id="latin1-out"),
    pytest.param(_latin1_projection, ("--projection", "not UTF-8"), id="latin1-projection"),
    pytest.param(_latin1_cwd, ("the current folder", "not UTF-8"), id="latin1-current-folder"),
]


@pytest.mark.parametrize(("build", "expected"), TOO_LATE)
def test_checked_before_anything_runs(case, tmp_path, build, expected):
    case(build(tmp_path), *expected)


# --- 6. the file system -------------------------------------------------------------------

def _fail_writes(monkeypatch: pytest.MonkeyPatch, code: int, where: Callable[[Path], bool]
                 ) -> None:
    """Make ``Path.write_text`` / ``write_bytes`` raise the OS error ``code`` for paths
    ``where`` accepts (what a full or read-only disk does; root bypasses chmod)."""
    real_text, real_bytes = Path.write_text, Path.write_bytes

    def text(self: Path, *a, **k):  # type: ignore[no-untyped-def]
        if where(self):
            raise OSError(code, os.strerror(code), str(self))
        return real_text(self, *a, **k)

    def raw(self: Path, *a, **k):  # type: ignore[no-untyped-def]
        if where(self):
            raise OSError(code, os.strerror(code), str(self))
        return real_bytes(self, *a, **k)

    monkeypatch.setattr(Path, "write_text", text)
    monkeypatch.setattr(Path, "write_bytes", raw)


def _in_temporary(path: Path) -> bool:
    return any(part.startswith(".out.tmp-") for part in path.parts)


def _fs_import(code: int) -> Callable[[Path, pytest.MonkeyPatch, pd.DataFrame], list[str]]:
    def setup(folder: Path, mp: pytest.MonkeyPatch, rows: pd.DataFrame) -> list[str]:
        (folder / "p.csv").write_text(_tidy(rows), encoding="utf-8")
        _fail_writes(mp, code, _in_temporary)
        return [*IMPORT, "--projection", "p.csv"]
    return setup


def _fs_mkdir(code: int) -> Callable[[Path, pytest.MonkeyPatch, pd.DataFrame], list[str]]:
    def setup(folder: Path, mp: pytest.MonkeyPatch, rows: pd.DataFrame) -> list[str]:
        (folder / "p.csv").write_text(_tidy(rows), encoding="utf-8")
        real = Path.mkdir

        def mkdir(self: Path, *a, **k):  # type: ignore[no-untyped-def]
            if _in_temporary(self):
                raise OSError(code, os.strerror(code), str(self))
            return real(self, *a, **k)

        mp.setattr(Path, "mkdir", mkdir)
        return [*IMPORT, "--projection", "p.csv"]
    return setup


def _fs_report(exc: BaseException) -> Callable[[Path, pytest.MonkeyPatch, pd.DataFrame],
                                               list[str]]:
    def setup(folder: Path, mp: pytest.MonkeyPatch, rows: pd.DataFrame) -> list[str]:
        import results.report

        def fail(*a, **k):  # type: ignore[no-untyped-def]
            raise exc

        mp.setattr(results.report, "_write_all", fail)
        return ["report", str(folder.parent / "runs0" / "faerder"), "--format", "pdf"]
    return setup


def _long(component: int, total: int | None = None
          ) -> Callable[[Path, pytest.MonkeyPatch, pd.DataFrame], list[str]]:
    def setup(folder: Path, mp: pytest.MonkeyPatch, rows: pd.DataFrame) -> list[str]:
        (folder / "x.toml").write_text(SHORT, encoding="utf-8")
        if total is None:
            out = "r" * component
        else:
            out = "/".join(["d" * component] * (total // (component + 1) + 1))
        return ["run", "x.toml", "--runs", "1", "--backend", "serial", "--out", out]
    return setup


def _long_import(component: int) -> Callable[[Path, pytest.MonkeyPatch, pd.DataFrame],
                                             list[str]]:
    def setup(folder: Path, mp: pytest.MonkeyPatch, rows: pd.DataFrame) -> list[str]:
        (folder / "p.csv").write_text(_tidy(rows), encoding="utf-8")
        return ["municipality", "import", "--kommune", "4003", "--projection", "p.csv",
                "--out", "o" * component]
    return setup


FILE_SYSTEM = [
    # the examples
    pytest.param(_fs_import(errno.ENOSPC), ("out: cannot write", "the disk is full"),
                 id="import-disk-full"),
    pytest.param(_fs_report(zlib.error("Error -3 while compressing data")),
                 ("report", "compression failed"), id="report-zlib-error"),
    pytest.param(_fs_mkdir(errno.EROFS), ("out: cannot create", "read-only"),
                 id="import-read-only"),
    pytest.param(_long(300), ("--out", "300 bytes"), id="300-byte-component"),
    pytest.param(_long(200, 4500), ("--out", "bytes long", "more than the file system"),
                 id="4.5-kB-path"),
    # more of the class
    pytest.param(_fs_import(errno.EROFS), ("out: cannot write", "read-only"),
                 id="import-read-only-on-write"),
    pytest.param(_fs_import(errno.EDQUOT), ("out: cannot write", "quota"),
                 id="import-quota"),
    pytest.param(_fs_report(OSError(errno.ENOSPC, "No space left on device")),
                 ("report", "cannot write the report", "No space left"),
                 id="report-disk-full"),
    pytest.param(_long_import(256), ("--out", "256 bytes"), id="import-256-byte-name"),
    pytest.param(_fs_mkdir(errno.EACCES), ("out: cannot create", "permission denied"),
                 id="import-no-permission"),
]


@pytest.mark.parametrize(("setup", "expected"), FILE_SYSTEM)
def test_the_file_system_says_no(case, tmp_path, monkeypatch, rows, finished, setup,
                                 expected):
    # the report cases need a finished run outside the case's folder
    runs0 = tmp_path.parent / "runs0"
    if not (runs0 / "faerder").exists():
        shutil.copytree(finished["faerder"], runs0 / "faerder")
    before = snapshot([runs0])
    case(setup(tmp_path, monkeypatch, rows), *expected)
    assert snapshot([runs0]) == before  # the run directory (and its report) untouched
    assert not list(tmp_path.glob(".*tmp*"))


def test_a_full_disk_at_the_end_of_a_run_leaves_it_resumable(tmp_path, monkeypatch, capsys):
    # ENOSPC while the finished run is written: the streamed replications stay, nothing
    # half-written appears, and --resume finishes the run
    import results.store

    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.toml").write_text(SHORT, encoding="utf-8")
    # the record (run.json) is what every way of finishing a run writes last
    real = results.store._write_record

    def full(tmp: Path, *a, **k):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(tmp / "run.json"))

    monkeypatch.setattr(results.store, "_write_record", full)
    result = invoke(["run", "x.toml", "--runs", "1", "--backend", "serial", "--out", "r",
                     "--no-plots"], capsys)
    assert result.code == 2
    assert "Traceback" not in result.err
    last = result.err.strip().splitlines()[-1]
    assert "r: cannot write the finished run (the disk is full)" in last
    assert "--resume" in last
    assert not (tmp_path / "r" / "run.json").exists()
    assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name]
    monkeypatch.setattr(results.store, "_write_record", real)
    result = invoke(["run", "x.toml", "--runs", "1", "--backend", "serial", "--out", "r",
                     "--no-plots", "--resume"], capsys)
    assert result.code == 0, result.err
    assert (tmp_path / "r" / "run.json").is_file()
    assert (tmp_path / "r" / "report" / "report-nb.pdf").is_file()


# --- 7. misleading lines ------------------------------------------------------------------

def _csv_as(sep: str) -> Callable[[pd.DataFrame], Callable[[Path], Path]]:
    return lambda rows: _text("p.csv", rows.to_csv(index=False, sep=sep))


def _encoded(codec: str) -> Callable[[pd.DataFrame], Callable[[Path], Path]]:
    return lambda rows: _text("p.csv", _tidy(rows).encode(codec))


def _import_case(make: Callable[[pd.DataFrame], Callable[[Path], Path]], *extra: str
                 ) -> Callable[[pd.DataFrame], Edit]:
    def bind(rows: pd.DataFrame) -> Edit:
        def edit(folder: Path) -> list[str]:
            path = make(rows)(folder)
            return [*IMPORT, "--projection", str(path), *extra]
        return edit
    return bind


def _population_zero(folder: Path) -> None:
    path = folder / "population.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    i = next(k for k, line in enumerate(lines) if line.startswith("90+,"))
    cells = lines[i].split(",")
    cells[4] = "0"
    lines[i] = ",".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")


def _symlink(folder: Path) -> list[str]:
    (folder / "real").mkdir()
    (folder / "link").symlink_to(folder / "real")
    (folder / "x.toml").write_text(SHORT, encoding="utf-8")
    return ["run", "x.toml", "--runs", "1", "--backend", "serial", "--out", "link"]


def _symlink_import(folder: Path) -> list[str]:
    (folder / "real").mkdir()
    (folder / "link").symlink_to(folder / "real")
    (folder / "p.csv").write_text(
        _tidy(shipped_rows(("Skien",), (2024, 2030))), encoding="utf-8")
    return ["municipality", "import", "--kommune", "4003", "--projection", "p.csv", "--out",
            "link"]


def _no_recipients(folder: Path) -> None:
    path = folder / "trinn.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    header_at = next(i for i, line in enumerate(lines) if line.startswith("trinn,"))
    cols = lines[header_at].split(",")
    i = next(k for k, line in enumerate(lines) if line.startswith("9,"))
    import csv
    import io

    cells = next(csv.reader([lines[i]]))
    cells[cols.index("recipients_2024")] = "0"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(cells)
    lines[i] = buf.getvalue()
    path.write_text("\n".join(lines), encoding="utf-8")


MISLEADING = [
    # the examples
    pytest.param(_import_case(_csv_as("\t")), ("p.csv", "tab-separated"), id="tab-separated"),
    pytest.param(_import_case(_encoded("utf-16")), ("p.csv", "UTF-16"), id="utf-16"),
    pytest.param(_import_case(lambda rows: _text("p.csv", _tidy(rows)), "--care-fte",
                              "0.000001"), ("--care-fte", "per FTE"),
                 id="bad-option-not-the-temporary-folder"),
    pytest.param(lambda rows: _folder_edit(_population_zero),
                 ("mine/population.csv", "persons", "0 persons"), id="population-0"),
    pytest.param(lambda rows: _folder_edit(_no_recipients),
                 ("mine/trinn.csv", "recipients_2024", "no recipients"),
                 id="cost-without-recipients"),
    pytest.param(lambda rows: _symlink, ("link", "symbolic link"), id="symlink-out"),
    pytest.param(lambda rows: _symlink_import, ("link", "symbolic link"),
                 id="symlink-import-out"),
    # more of the class
    pytest.param(_import_case(_csv_as("|")), ("p.csv", "vertical bar"), id="bar-separated"),
    pytest.param(_import_case(lambda rows: _text("p.csv", _tidy(rows)), "--name", "a\x07b"),
                 ("--name", "printable"), id="name-with-a-bell"),
    pytest.param(_import_case(_encoded("utf-32")), ("p.csv", "UTF-32"), id="utf-32"),
    pytest.param(_import_case(lambda rows: _text("p.xlsx", b"PK\x03\x04" + b"\x00" * 40)),
                 ("p.xlsx", "Excel"), id="an-excel-file"),
    pytest.param(_import_case(lambda rows: _text("p.csv", _tidy(rows).encode("utf-16-le"))),
                 ("p.csv", "NUL byte", "UTF-16"), id="utf-16-without-bom"),
    pytest.param(_import_case(lambda rows: _text(
        "p.csv", to_statbank_csv(rows).replace(";", "\t"))), ("p.csv", "tab-separated"),
        id="statbank-with-tabs"),
]


@pytest.mark.parametrize(("build", "expected"), MISLEADING)
def test_each_line_names_the_real_culprit(case, tmp_path, rows, build, expected):
    line = case(build(rows)(tmp_path), *expected)
    assert ".tmp-" not in line
    assert "uncertainty.toml" not in line
    assert "not a directory" not in line
