"""Text layout of the report's pages: measured line wrapping, flowing text, key-figure tables.

Lines are wrapped by the width the font actually draws (matplotlib's ``TextToPath``, in
points), not by a character count, so no line runs past the right margin whatever its
letters; a word wider than a line (a file hash, a long path) is broken inside.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.table import Table
from matplotlib.textpath import TextToPath
from matplotlib.transforms import Bbox

from results.charts import PAGE, STYLE

LEFT, RIGHT, TOP, BOTTOM = 0.06, 0.95, 0.92, 0.08
GREY = "0.35"
#: Width of a text line in points (72 per inch) between the margins.
LINE_POINTS = (RIGHT - LEFT) * PAGE[0] * 72
_TTP = TextToPath()
#: at most this much (in em) between a joined line's width and its parts' (see `wrap`)
_JOIN_EM = 0.25


@dataclass(frozen=True)
class Line:
    """One line (or paragraph, wrapped when laid out) of a text page."""

    text: str
    size: float = 11.0
    bold: bool = False
    colour: str = "black"
    gap_before: float = 0.0


@lru_cache(maxsize=8192)
def text_points(text: str, size: float, bold: bool = False) -> float:
    """Return the width in points of ``text`` drawn at ``size`` pt (DejaVu Sans)."""
    prop = FontProperties(size=size, weight="bold" if bold else "normal")
    width, _, _ = _TTP.get_text_width_height_descent(text, prop, ismath=False)
    return float(width)


def _break_word(word: str, size: float, bold: bool, points: float) -> list[str]:
    # a prefix is never wider than its word (the same glyphs at the same places, fewer),
    # so a word that fits needs no measuring letter by letter
    if text_points(word, size, bold) <= points:
        return [word]
    parts, current = [], ""
    for ch in word:
        if current and text_points(current + ch, size, bold) > points:
            parts.append(current)
            current = ""
        current += ch
    return [*parts, current]


def wrap(text: str, size: float, points: float = LINE_POINTS, bold: bool = False
         ) -> list[str]:
    """Wrap ``text`` into lines no wider than ``points`` at ``size`` pt."""
    lines: list[str] = []
    current = ""
    # Measuring every trial line is most of a report's layout time (a long string is slow
    # to lay out), so a line's width is estimated from its last measured width plus the
    # words since, each measured alone (and cached: words repeat); only a line that may
    # not fit is measured whole. Joining two words changes the width by less than
    # `_JOIN_EM` em (the space, kerning and side bearings), so the wrapping is the same as
    # measuring every trial.
    space = text_points("x x", size, bold) - 2 * text_points("x", size, bold)
    slack = _JOIN_EM * size
    known = 0.0  # the estimated width of `current`
    joins = 0  # the joins estimated since `current` was last measured whole
    for word in text.split():
        for piece in _break_word(word, size, bold, points * 0.98):
            if not current:
                current, known, joins = piece, text_points(piece, size, bold), 0
                continue
            trial = f"{current} {piece}"
            estimate = known + space + text_points(piece, size, bold)
            if estimate + (joins + 1) * slack <= points:
                current, known, joins = trial, estimate, joins + 1
                continue
            width = text_points(trial, size, bold)
            if width > points:
                lines.append(current)
                current, known, joins = piece, text_points(piece, size, bold), 0
            else:
                current, known, joins = trial, width, 0
    return [*lines, current] if current or not lines else lines


def line_height(size: float) -> float:
    """Return the height of a text line of ``size`` pt in figure coordinates."""
    return size * 1.45 / 72 / PAGE[1]


def page(title: str) -> tuple[Figure, float]:
    """Return a new text page headed ``title`` and the y below the heading."""
    fig = Figure(figsize=PAGE)
    for i, part in enumerate(wrap(title, 24, bold=True)):
        fig.text(LEFT, TOP - i * line_height(24), part, fontsize=24, fontweight="bold",
                 va="baseline")
    return fig, TOP - 0.05 - (len(wrap(title, 24, bold=True)) - 1) * line_height(24)


def flow_pages(title: str, lines: Iterable[Line], continued: str | None = None
               ) -> list[Figure]:
    """Lay ``lines`` out on as many pages as they need.

    The first page is headed ``title``, any further page ``continued`` (default: ``title``).
    A line starting with two spaces is indented, and so are its continuation lines.
    """
    with rc_context(STYLE):
        fig, y = page(title)
        pages = [fig]
        for line in lines:
            y -= line_height(line.size) * line.gap_before
            indent = "    " if line.text.startswith("  ") else ""
            points = LINE_POINTS - text_points(indent, line.size)
            parts = wrap(line.text, line.size, points, bold=line.bold)
            for part in parts:
                if y - line_height(line.size) < BOTTOM:
                    fig, y = page(continued or title)
                    pages.append(fig)
                y -= line_height(line.size)
                fig.text(LEFT, y, indent + part, fontsize=line.size, color=line.colour,
                         fontweight="bold" if line.bold else "normal", va="baseline")
    return pages


def draw_lines(fig: Figure, y: float, text: str, size: float, colour: str = "black",
               bold: bool = False) -> float:
    """Draw ``text`` wrapped at ``y`` downwards; return the y below it."""
    for part in wrap(text, size, bold=bold):
        y -= line_height(size)
        fig.text(LEFT, y, part, fontsize=size, color=colour, va="baseline",
                 fontweight="bold" if bold else "normal")
    return y


#: Padding inside a table cell, as a share of the cell's width (matplotlib's default 0.1
#: would eat a fifth of a wide cell).
CELL_PAD = 0.03


def table(fig: Figure, top: float, header: Sequence[str], rows: Sequence[Sequence[str]],
          size: float = 11.0, first: float = 0.26, widths: Sequence[float] | None = None,
          align: Sequence[str] | None = None) -> float:
    """Draw a key-figure table below ``top``; return the y where it ends.

    By default the first column (scenario names) is left-aligned and ``first`` of the
    width, the figures share the rest, right-aligned; ``widths`` (shares summing to 1) and
    ``align`` (per column) set them. Headers are centred; every cell's text is wrapped to
    its column.
    """
    n = len(header)
    widths = list(widths or [first, *[(1 - first) / (n - 1)] * (n - 1)])
    align = list(align or ["left", *["right"] * (n - 1)])
    table_points = (RIGHT - LEFT) * PAGE[0] * 72
    cells = [[wrap(t, size, widths[c] * table_points * (1 - 2 * CELL_PAD) - 4, bold=r == 0)
              for c, t in enumerate(texts)] for r, texts in enumerate([header, *rows])]
    heights = [max(len(c) for c in row) * line_height(size) + 0.012 for row in cells]
    height = sum(heights)
    ax = fig.add_axes((LEFT, top - height, RIGHT - LEFT, height))
    ax.axis("off")
    tbl = Table(ax, bbox=Bbox.from_bounds(0, 0, 1, 1))
    for r, row in enumerate(cells):
        for c, parts in enumerate(row):
            loc = "center" if r == 0 and c > 0 else align[c]
            cell = tbl.add_cell(r, c, widths[c], heights[r] / height, text="\n".join(parts),
                                loc=loc, edgecolor="0.75",
                                facecolor="0.92" if r == 0 else "white")
            cell.PAD = CELL_PAD
            if r == 0:
                cell.set_text_props(fontweight="bold")
    tbl.auto_set_font_size(False)
    tbl.set_fontsize(size)
    ax.add_table(tbl)
    return top - height
