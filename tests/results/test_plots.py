"""Figures: non-empty PNGs in both languages, no pyplot state, labels from one place."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from matplotlib._pylab_helpers import Gcf

from results.labels import LANGS, catalogue
from results.plots import _NumberFormatter, plot_run, staircase_plot
from results.store import read_run, write_run

PNG = b"\x89PNG\r\n\x1a\n"
EXPECTED = ["total_cost.png", "fte_care.png", "staircase_status_quo.png",
            "staircase_proaktiv.png", "dementia_cost.png"]


@pytest.mark.parametrize("lang", LANGS)
def test_plot_run_writes_every_figure(tmp_path: Path, yearly: pd.DataFrame, lang: str) -> None:
    paths = plot_run(yearly, tmp_path / lang, lang)
    assert [p.name for p in paths] == EXPECTED
    for p in paths:
        data = p.read_bytes()
        assert data.startswith(PNG)
        assert len(data) > 10_000
    assert Gcf.get_num_fig_managers() == 0  # nothing registered with pyplot, nothing leaks


def test_languages_give_different_pictures(tmp_path: Path, yearly: pd.DataFrame) -> None:
    nb = plot_run(yearly, tmp_path / "nb", "nb")
    en = plot_run(yearly, tmp_path / "en", "en")
    assert all(a.read_bytes() != b.read_bytes() for a, b in zip(nb, en, strict=True))


def test_no_dementia_no_dementia_plot(tmp_path: Path, yearly: pd.DataFrame) -> None:
    paths = plot_run(yearly[yearly["group"] != "dementia"], tmp_path, "en")
    assert "dementia_cost.png" not in [p.name for p in paths]


def test_staircase_of_a_named_scenario(tmp_path: Path, yearly: pd.DataFrame) -> None:
    out = staircase_plot(yearly, tmp_path / "s.png", "nb", scenario="proaktiv",
                         years=(2024, 2030, 2040))
    assert out.read_bytes().startswith(PNG)


def test_write_run_with_plots_lists_them(tmp_path: Path, yearly: pd.DataFrame,
                                         population: pd.DataFrame) -> None:
    run = read_run(write_run(tmp_path / "run", yearly, population, {}, lang="en"))
    assert sorted(f for f in run.meta["files"] if f.startswith("plots/")) == sorted(
        f"plots/{name}" for name in EXPECTED)


def test_every_label_has_both_languages() -> None:
    assert all(set(texts) == set(LANGS) for texts in catalogue().values())


@pytest.mark.parametrize(("lang", "ticks", "expected"), [
    ("nb", [0.0, 0.5, 1.0], ["0,0", "0,5", "1,0"]),
    ("en", [0.0, 0.25, 0.5], ["0.00", "0.25", "0.50"]),
    ("nb", [0.0, 1000.0, 2000.0], ["0", "1\u00a0000", "2\u00a0000"]),
])
def test_tick_labels_follow_the_language(lang: str, ticks: list[float],
                                         expected: list[str]) -> None:
    assert _NumberFormatter(lang).format_ticks(ticks) == expected
