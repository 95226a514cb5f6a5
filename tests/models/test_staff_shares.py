"""staff_shares.csv: the staff share of each trinn's cost that turns a need group's cost into
staff hours (issue 14, item 2). Expected numbers are worked out by hand from the file's shares
and trinn.csv's 2024 costs (seeds 000 and 001), never taken from the code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from models.errors import DataFileError
from models.ladder import CARE_TRINN
from models.municipality import DATA_DIR, load_municipality
from sim.derive import derive_inputs

HEADER = "trinn,staff_share,low,high,source\n"
#: Færder's file as written (the estimates are the file's; the costs are the seeds').
SHARES = {4: 0.75, 5: 0.05, 6: 0.85, 7: 0.88, 8: 0.70, 9: 0.80, 10: 0.82, 11: 0.80, 12: 0.55}
#: trinn.csv 2024 cost, mill NOK: seed 000 (trinn 7), seed 001 (9-11), DOMAIN.md (6).
CARE_COST = {6: 60, 7: 133, 9: 177, 10: 214, 11: 157}
#: (0.85 x 60 + 0.88 x 133 + 0.80 x 177 + 0.82 x 214 + 0.80 x 157) / 741 = 610.72 / 741
MEAN_SHARE = 610.72 / 741


def test_faerder_shares_cover_trinn_4_to_12_and_say_estimated() -> None:
    m = load_municipality("faerder")
    assert {t: s.share for t, s in m.staff_shares.by_trinn.items()} == SHARES
    for s in m.staff_shares.by_trinn.values():
        assert s.low <= s.share <= s.high
        assert s.source.startswith("estimated")
    # the care trinn's 2024 cost in trinn.csv is the seeds' (741 mill: care_cost_per_fte_2024)
    assert {t: m.ladder[t].cost_2024_mnok for t in CARE_TRINN} == CARE_COST
    assert m.staff_shares.mean_share(m.ladder) == pytest.approx(MEAN_SHARE, rel=1e-12)
    # the wage cost of one FTE this implies: 0.8242 x 866,667 = about 714,300 NOK (2024)
    wage = MEAN_SHARE * m.parameters["care_cost_per_fte_2024"]
    assert wage == pytest.approx(714_293, abs=1)


def test_cell_hours_follow_the_trinn_share() -> None:
    m = load_municipality("faerder")
    inputs = derive_inputs(m, 2024, 2025)
    per_fte = m.parameters["care_cost_per_fte_2024"]
    hours_per_fte = m.parameters["hours_per_fte"]
    seen = set()
    for name, lines in zip(inputs.costing.item_names, inputs.costing.item_lines, strict=True):
        if not name.startswith("cell:"):
            continue
        ((trinn, nok, hours),) = lines
        if nok == 0:
            continue
        # hours per krone = share / mean share / cost per FTE x hours per FTE
        expected = SHARES[trinn] / MEAN_SHARE / per_fte * hours_per_fte
        assert hours / nok == pytest.approx(expected, rel=1e-9), name
        seen.add(trinn)
    # housing (trinn 5, 5 % wages) holds 0.05 / 0.8242 = 6 % of a care krone's hours
    assert {5, 12, *CARE_TRINN} <= seen


def test_shares_enter_the_costing_sources() -> None:
    inputs = derive_inputs(load_municipality("faerder"), 2024, 2025)
    text = inputs.costing.sources["cell_staff_hours"]
    assert "staff_shares.csv" in text
    assert "0.8242" in text


@pytest.mark.parametrize(("row", "field", "message"), [
    ("2,0.5,0.4,0.6,test", "trinn", "not an individual or place-based trinn"),
    ("13,0.5,0.4,0.6,test", "trinn", "not an individual or place-based trinn"),
    ("6,1.2,0.4,1.0,test", "staff_share", "less than or equal to 1"),
    ("6,-0.1,0.0,0.6,test", "staff_share", "greater than or equal to 0"),
    ("6,0.3,0.4,0.6,test", "staff_share", "outside its range"),
    ("6,abc,0.4,0.6,test", "staff_share", "valid number"),
    ("6,nan,0.4,0.6,test", "staff_share", "finite"),
    ("6,0.5,0.4,0.6,", "source", "source"),
])
def test_bad_row_is_one_line(tmp_path: Path, row: str, field: str, message: str) -> None:
    folder = tmp_path / "mine"
    shutil.copytree(DATA_DIR / "faerder", folder)
    (folder / "staff_shares.csv").write_text(HEADER + row + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_municipality(str(folder))
    text = str(err.value)
    assert str(folder / "staff_shares.csv") in text
    assert f"field '{field}'" in text
    assert message in text
    assert "\n" not in text


def _rows(skip: int | None = None, twice: int | None = None) -> str:
    rows = [f"{t},{s},0,1,test" for t, s in SHARES.items() if t != skip]
    if twice is not None:
        rows.append(f"{twice},{SHARES[twice]},0,1,test")
    return HEADER + "\n".join(rows) + "\n"


def test_missing_and_repeated_trinn_are_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    shutil.copytree(DATA_DIR / "faerder", folder)
    path = folder / "staff_shares.csv"
    path.write_text(_rows(skip=12), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"trinn \[12\] missing"):
        load_municipality(str(folder))
    path.write_text(_rows(twice=7), encoding="utf-8")
    with pytest.raises(DataFileError, match="trinn 7 appears twice") as err:
        load_municipality(str(folder))
    assert "row 11" in str(err.value)  # header, nine rows, then the repeat


def test_folder_without_the_file_uses_faerders_and_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    shutil.copytree(DATA_DIR / "faerder", folder)
    (folder / "staff_shares.csv").unlink()
    m = load_municipality(str(folder))
    assert {t: s.share for t, s in m.staff_shares.by_trinn.items()} == SHARES
    assert all(s.source.startswith("copied from Færder") for s in m.staff_shares.by_trinn.values())
    assert "staff_shares.csv" not in m.input_hashes()
    text = derive_inputs(m, 2024, 2025).costing.sources["cell_staff_hours"]
    assert text.startswith("Færder's staff_shares.csv (the folder has none)")


@pytest.mark.parametrize("folder", ["skien", "porsgrunn"])
def test_imported_folders_carry_faerders_estimates(folder: str) -> None:
    m = load_municipality(folder)
    assert {t: s.share for t, s in m.staff_shares.by_trinn.items()} == SHARES
    assert m.staff_shares.path == DATA_DIR / folder / "staff_shares.csv"
