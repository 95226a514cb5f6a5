"""Charts (results.charts): SVGs with their text as text, no pyplot state, labels from the
catalogue, numbers in the language's format, PNGs with matplotlib's pixels. (The report's
charts, which are also a run's plots/, are tested with the report and in test_plots.)"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from matplotlib._pylab_helpers import Gcf
from matplotlib.figure import Figure

from results.charts import NumberFormatter, number_formatter, save, year_axis
from results.labels import LANGS, catalogue, label

SVG = "http://www.w3.org/2000/svg"


def test_charts_leave_no_pyplot_state(tmp_path: Path) -> None:
    fig = Figure()
    fig.add_subplot().plot([0, 1], [1, 0])
    save(fig, tmp_path / "x.png")
    assert Gcf.get_num_fig_managers() == 0  # nothing registered with pyplot, nothing leaks


def test_every_label_has_every_language() -> None:
    assert all(set(texts) == set(LANGS) for texts in catalogue().values())


def _svg_texts(path: Path) -> list[str]:
    """The text elements of an SVG: what a reader can search and copy."""
    return ["".join(e.itertext()) for e in ET.parse(path).getroot().iter(f"{{{SVG}}}text")]


def _yearly_chart(values: list[float], lang: str) -> Figure:
    """A chart of a value per year with the charts' axes: years and the language's numbers."""
    fig = Figure(figsize=(6.0, 4.0), layout="constrained")
    ax = fig.add_subplot()
    ax.plot([2024, 2025], values)
    ax.set_ylim(bottom=0)
    ax.set_ylabel(label("cost_mnok", lang))
    ax.yaxis.set_major_formatter(number_formatter(lang))
    year_axis(ax, lang)
    return fig


def test_svg_keeps_norwegian_text_and_decimal_commas(tmp_path: Path) -> None:
    # about 0-1.4 mill kr: the axis needs a decimal
    save(_yearly_chart([0.2, 1.4], "nb"), tmp_path / "cost.svg")
    texts = _svg_texts(tmp_path / "cost.svg")
    assert "År" in texts
    assert "Kostnad (mill kr)" in texts
    decimal = [x for x in texts if re.fullmatch(r"\d+,\d+", x)]
    assert "0,2" in decimal, texts
    assert not [x for x in texts if re.fullmatch(r"\d+\.\d+", x)], texts
    # no glyph outlines: with text drawn as paths the SVG defines each glyph ("DejaVuSans-...")
    ids = [e.get("id", "") for e in ET.parse(tmp_path / "cost.svg").getroot().iter()]
    assert not [i for i in ids if "DejaVu" in i or "glyph" in i.lower()]


def test_svg_groups_thousands_but_not_years(tmp_path: Path) -> None:
    save(_yearly_chart([12_000.0, 20_000.0], "nb"), tmp_path / "fte.svg")
    texts = _svg_texts(tmp_path / "fte.svg")
    assert "10\u00a0000" in texts, texts
    assert {"2024", "2025"} <= set(texts)


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

    from results.report import solve_layout

    ours = _report_like_figure()
    solve_layout(ours, dpi)
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
