"""universal_parts.csv: Færder's split of trinn 1 as in seed 000, and bad rows as one-line
errors naming the file, row and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from models.errors import DataFileError
from models.municipality import DATA_DIR, load_municipality

HEADER = "trinn,part,age_min,age_max,cost_2024_mnok,source\n"


def test_faerder_split_is_the_seeds() -> None:
    m = load_municipality("faerder")
    (part,) = m.universal_parts
    # seed 000, slide Trinn 1: 717 mill in all, 140 without kindergarten, school and SFO
    assert (part.trinn, part.age_min, part.age_max, part.cost_2024_mnok) == (1, 0, 17, 577)
    assert m.ladder[1].cost_2024_mnok - part.cost_2024_mnok == 140
    assert "seed 000" in part.source


@pytest.mark.parametrize(("row", "field", "message"), [
    ("6,x,0,17,1,test", "trinn", "not a universal trinn"),
    ("1,x,17,0,1,test", "age_max", "below age_min"),
    ("1,x,0,17,800,test", "cost_2024_mnok", "more than its 717"),
])
def test_bad_row_is_one_line(tmp_path: Path, row: str, field: str, message: str) -> None:
    folder = tmp_path / "mine"
    shutil.copytree(DATA_DIR / "faerder", folder)
    (folder / "universal_parts.csv").write_text(HEADER + row + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_municipality(str(folder))
    text = str(err.value)
    assert "universal_parts.csv" in text
    assert field in text
    assert message in text
    assert "\n" not in text


def test_absent_file_means_all_per_inhabitant(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    shutil.copytree(DATA_DIR / "faerder", folder)
    (folder / "universal_parts.csv").unlink()
    assert load_municipality(str(folder)).universal_parts == ()
