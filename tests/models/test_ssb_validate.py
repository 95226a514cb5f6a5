"""The SSB validation layer's rules, with figures read off the shipped table 14288 by hand.

models/ssb/data/telemark-14288-2024.csv, "Hele landet": 0 år in 2024 is 52,408 in every
alternative (the registered base year); 90 år eller eldre is 45,734 in 2024 and, in 2050,
131,630 (MMMM), 98,843 (LLML), 170,780 (HHMH).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from models.errors import DataFileError
from models.ssb.validate import SLACK_INSIDE, SLACK_OUTSIDE, norway_bound, validated_frame

P = Path("t.csv")


def _rec(persons: float, *, age: tuple[int, int | None] = (0, 0), year: int = 2024,
         sex: str = "", total: bool = False, region: str = "4003", where: str = "row 2",
         text: str = "0 år") -> tuple:
    return (region, "Skien", "MMMM", age[0], age[1], text, year, persons, "", where, sex,
            total)


def test_norway_bound_is_the_highest_alternative_of_the_year() -> None:
    assert norway_bound(0, 0, 2024) == pytest.approx(52_408 * SLACK_INSIDE)
    assert norway_bound(90, None, 2050) == pytest.approx(170_780 * SLACK_INSIDE)
    # a part of a group is bounded by the whole group: a single age of 90+
    assert norway_bound(95, 95, 2050) == pytest.approx(170_780 * SLACK_INSIDE)


def test_norway_bound_outside_the_table_years_takes_the_most_of_any_year() -> None:
    assert norway_bound(90, None, 2060) == pytest.approx(170_780 * SLACK_OUTSIDE)
    assert norway_bound(0, 0, 1990) == pytest.approx(norway_bound(0, 0, 2100))


def test_sexes_are_summed_and_a_both_sexes_row_must_agree() -> None:
    frame = validated_frame(P, [_rec(300, sex="Menn"), _rec(290, sex="Kvinner",
                                                            where="row 3")])
    assert frame["persons"].tolist() == [590]
    ok = validated_frame(P, [_rec(300, sex="Menn"), _rec(290, sex="Kvinner", where="row 3"),
                             _rec(590, sex="Begge kjønn", where="row 4")])
    assert ok["persons"].tolist() == [590]
    with pytest.raises(DataFileError, match="row 4: Begge kjønn 600 is not the sum"):
        validated_frame(P, [_rec(300, sex="Menn"), _rec(290, sex="Kvinner", where="row 3"),
                            _rec(600, sex="Begge kjønn", where="row 4")])


def test_the_same_key_twice_names_both_rows() -> None:
    with pytest.raises(DataFileError, match=r"row 9: a second count .* \(first at row 2\)"):
        validated_frame(P, [_rec(300), _rec(300, where="row 9")])


def test_an_all_ages_total_must_be_the_sum() -> None:
    ages = [_rec(100), _rec(200, age=(1, None), text="1+", where="row 3")]
    assert validated_frame(P, [*ages, _rec(300, total=True, age=(-1, -1), text="I alt",
                                           where="row 4")])["persons"].sum() == 300
    with pytest.raises(DataFileError, match=r"row 4: the total \(I alt\) 310"):
        validated_frame(P, [*ages, _rec(310, total=True, age=(-1, -1), text="I alt",
                                        where="row 4")])


def test_a_count_above_norways_and_a_town_above_the_ceiling() -> None:
    with pytest.raises(DataFileError, match="row 2: 60,000 persons aged 0 år in 2024"):
        validated_frame(P, [_rec(60_000)])  # Norway had 52,408 newborns
    # 1.6 million in a municipality, each group within Norway's
    groups = [_rec(800_000, age=(20, 44), text="20-44 år"),
              _rec(800_000, age=(45, 66), text="45-66 år", where="row 3")]
    with pytest.raises(DataFileError, match="region 4003 has 1,600,000 inhabitants"):
        validated_frame(P, groups)
    # the same counts for the whole country (region 0) are no municipality's
    country = [("0", *r[1:]) for r in groups]
    assert validated_frame(P, country)["persons"].sum() == 1_600_000
