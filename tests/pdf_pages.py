"""Where a PDF's text lies: every text run's start and end, measured with the font's own
widths (matplotlib's text path), against the page's box. Shared by the report, envelope and
horizon tests."""

from __future__ import annotations

import re
from pathlib import Path

from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath
from pypdf import PdfReader

_TTP = TextToPath()


def text_off_the_page(pdf: Path) -> list[str]:
    """Return one line per text run that runs off its page (empty: all text inside), and
    one per page without any text (a blank page would pass every position check)."""
    problems: list[str] = []
    for number_, page in enumerate(PdfReader(pdf).pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        runs: list[tuple[str, list[float], float, bool]] = []

        def visit(text: str, cm: list[float], tm: list[float], font: dict[str, object] | None,
                  size: float, runs: list[tuple[str, list[float], float, bool]] = runs) -> None:
            if text.strip():
                # the embedded font's name says its weight (DejaVuSans-Bold)
                bold = "Bold" in str((font or {}).get("/BaseFont", ""))
                runs.append((text.strip(), list(cm), size, bold))

        page.extract_text(visitor_text=visit)
        if not runs:
            problems.append(f"page {number_} has no text")
        for text, cm, size, bold in runs:
            prop = FontProperties(size=size, weight="bold" if bold else "normal")
            w, _, _ = _TTP.get_text_width_height_descent(text, prop, ismath=False)
            x0, y0 = cm[4], cm[5]
            x1, y1 = x0 + w * cm[0], y0 + w * cm[1]  # along the text's direction
            for x, y in ((x0, y0), (x1, y1)):
                if not (-1 <= x <= width + 1 and -1 <= y <= height + 1):
                    problems.append(f"page {number_}: '{text}' runs off the page at "
                                    f"({x:.0f}, {y:.0f})")
    return problems


def page_texts(pdf: Path) -> list[str]:
    """Return each page's text as a reader would quote it: a word Typst hyphenated at a line
    end joined again, every run of white space (NBSP included) one space.

    pypdf reads the hyphen glyph back as a soft hyphen (U+00AD) or a hyphen, whichever the
    font's map names first; at a line end between letters it is Typst's hyphenation,
    elsewhere a hyphen the text wrote.
    """
    out = []
    reader = PdfReader(pdf)
    # the report hyphenates Norwegian only (the PDF's /Lang says which)
    hyphenated = str(reader.trailer["/Root"].get("/Lang", "")) in ("nb", "nn")
    for page in reader.pages:
        text = page.extract_text()
        if hyphenated:
            # a break between two lower-case letters is Typst's hyphenation, whether the
            # glyph reads back as a soft hyphen or a hyphen; elsewhere a written hyphen
            text = re.sub(r"(?<=[a-zæøå])[-\u00ad][ \t]*\n(?=[a-zæøå])", "", text)
            text = re.sub(r"\u00ad[ \t]*\n", "", text)
        text = text.replace("\u00ad", "-")
        text = re.sub(r"(?<=\S)-[ \t]*\n", "-", text)  # a written hyphen at a line end
        out.append(" ".join(text.replace("\u00a0", " ").split()))
    return out


def page_lines(pdf: Path) -> list[list[str]]:
    """Return each page's lines as set (hyphenated words left as they are)."""
    return [page.extract_text().replace("\u00ad", "-").splitlines()
            for page in PdfReader(pdf).pages]
