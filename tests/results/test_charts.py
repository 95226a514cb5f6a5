"""Charts (results.charts): non-empty PNGs in every language, SVGs with their text as text,
no pyplot state, labels from the catalogue, numbers in the language's format."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from matplotlib._pylab_helpers import Gcf
from matplotlib.figure import Figure

from results.charts import NumberFormatter, plot_run, save, staircase_plot
from results.labels import LANGS, catalogue
from results.store import read_run, write_run

PNG = b"\x89PNG\r\n\x1a\n"
SVG = "http://www.w3.org/2000/svg"
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


def test_every_label_has_every_language() -> None:
    assert all(set(texts) == set(LANGS) for texts in catalogue().values())


def _svg_texts(path: Path) -> list[str]:
    """The text elements of an SVG: what a reader can search and copy."""
    return ["".join(e.itertext()) for e in ET.parse(path).getroot().iter(f"{{{SVG}}}text")]


def test_svg_keeps_norwegian_text_and_decimal_commas(tmp_path: Path,
                                                     yearly: pd.DataFrame) -> None:
    # a tenth of the fixture's cost: about 0-1.4 mill kr, so the axis needs a decimal
    small = yearly.assign(cost_nok=yearly["cost_nok"] / 10)
    paths = plot_run(small, tmp_path, "nb", formats=("svg",))
    assert [p.name for p in paths] == [n.replace(".png", ".svg") for n in EXPECTED]
    texts = _svg_texts(tmp_path / "total_cost.svg")
    assert "År" in texts
    assert "Årlig kostnad (mill kr)" in texts
    decimal = [x for x in texts if re.fullmatch(r"\d+,\d+", x)]
    assert "0,2" in decimal, texts
    assert not [x for x in texts if re.fullmatch(r"\d+\.\d+", x)], texts
    # no glyph outlines: with text drawn as paths the SVG defines each glyph ("DejaVuSans-...")
    ids = [e.get("id", "") for e in ET.parse(tmp_path / "total_cost.svg").getroot().iter()]
    assert not [i for i in ids if "DejaVu" in i or "glyph" in i.lower()]


def test_svg_groups_thousands_but_not_years(tmp_path: Path, yearly: pd.DataFrame) -> None:
    big = yearly.assign(fte=yearly["fte"] * 1000)  # about 0-20 000 FTE
    plot_run(big, tmp_path, "nb", formats=("svg",))
    texts = _svg_texts(tmp_path / "fte_care.svg")
    assert "10\u00a0000" in texts, texts
    assert {"2024", "2025"} <= set(texts)


def test_png_and_svg_from_one_call(tmp_path: Path, yearly: pd.DataFrame) -> None:
    paths = plot_run(yearly, tmp_path, "en", formats=("png", "svg"))
    assert sorted(p.suffix for p in paths) == [".png"] * 5 + [".svg"] * 5
    assert (tmp_path / "fte_care.png").read_bytes().startswith(PNG)


def test_save_refuses_an_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"cannot save a chart as '\.jpg'"):
        save(Figure(), tmp_path / "x.jpg")
    assert not (tmp_path / "x.jpg").exists()


@pytest.mark.parametrize(("lang", "ticks", "expected"), [
    ("nb", [0.0, 0.5, 1.0], ["0,0", "0,5", "1,0"]),
    ("en", [0.0, 0.25, 0.5], ["0.00", "0.25", "0.50"]),
    ("nb", [0.0, 1000.0, 2000.0], ["0", "1\u00a0000", "2\u00a0000"]),
])
def test_tick_labels_follow_the_language(lang: str, ticks: list[float],
                                         expected: list[str]) -> None:
    assert NumberFormatter(lang).format_ticks(ticks) == expected


def _same_pixels(a: Any, b: Any) -> bool:
    """Whether two PIL images have the same RGBA pixels. (Not ``ImageChops.difference(...)
    .getbbox() is None``: on RGBA images ``getbbox`` looks at the alpha channel only, and
    the difference of two opaque pictures has none.)"""
    return bool(np.array_equal(np.asarray(a.convert("RGBA")), np.asarray(b.convert("RGBA"))))


@pytest.mark.parametrize("transparent", [False, True])
def test_png_has_matplotlibs_pixels(tmp_path: Path, transparent: bool) -> None:
    """`save` encodes the PNG itself (unfiltered rows, zlib level 3): the picture is the one
    matplotlib's own PNG writer gives, pixel for pixel, at the size the dpi says; the alpha
    channel goes only when every pixel is opaque."""
    from PIL import Image

    fig = Figure(figsize=(3.0, 2.0))
    ax = fig.add_subplot()
    ax.plot([0, 1, 2], [1, 0, 2], label="kostnad")
    ax.fill_between([0, 1, 2], [0, 0, 1], [1, 1, 2], alpha=0.2)
    ax.legend()
    if transparent:
        fig.patch.set_alpha(0.0)
    save(fig, tmp_path / "ours.png", dpi=150)
    fig.savefig(tmp_path / "theirs.png", dpi=150)
    ours, theirs = Image.open(tmp_path / "ours.png"), Image.open(tmp_path / "theirs.png")
    assert ours.size == theirs.size == (450, 300)
    assert ours.mode == ("RGBA" if transparent else "RGB")
    assert _same_pixels(ours, theirs)
    assert ours.info["dpi"] == pytest.approx((150, 150), abs=0.1)


def _report_like_figure() -> Figure:
    """A small chart built as the report's are: a constrained layout with a title, axis
    labels, a legend outside the axes and a footnote, every margin from text extents."""
    fig = Figure(figsize=(5.0, 3.0), layout="constrained")
    ax = fig.add_subplot()
    ax.plot([2024, 2030, 2040], [1200.0, 1350.0, 1710.0], marker="o", label="Normalforløp")
    ax.fill_between([2024, 2030, 2040], [1100.0, 1250.0, 1500.0], [1300.0, 1450.0, 1900.0],
                    alpha=0.2)
    ax.set_ylabel("Mill. kr per år")
    ax.yaxis.set_major_formatter(NumberFormatter("nb"))
    fig.legend(loc="outside right center", title="Scenario")
    fig.suptitle("Kostnad per år")
    fig.supxlabel("Gjennomsnitt av 20 kjøringer; bånd: 90 %", x=0.01, ha="left")
    return fig


@pytest.mark.parametrize("dpi", [150, 100])
def test_report_saves_give_matplotlibs_own_layout_and_pixels(tmp_path: Path, dpi: int) -> None:
    """The report solves a chart's layout once at the PNG's dpi, on the canvas the PNG is
    then drawn from, and saves the SVG in between (`results.report`): the PNG is the one
    matplotlib's own save gives with its constrained layout, pixel for pixel."""
    from PIL import Image

    from results.report import _solve_layout

    ours = _report_like_figure()
    _solve_layout(ours, dpi)
    save(ours, tmp_path / "ours.svg")
    save(ours, tmp_path / "ours.png", dpi=dpi)
    _report_like_figure().savefig(tmp_path / "theirs.png", dpi=dpi)
    a, b = Image.open(tmp_path / "ours.png"), Image.open(tmp_path / "theirs.png")
    assert a.size == b.size == (5 * dpi, 3 * dpi)
    assert _same_pixels(a, b)
    # and the comparison sees a layout that was not solved (the test can fail)
    unsolved = _report_like_figure()
    unsolved.set_layout_engine("none")
    save(unsolved, tmp_path / "unsolved.png", dpi=dpi)
    assert not _same_pixels(Image.open(tmp_path / "unsolved.png"), b)
