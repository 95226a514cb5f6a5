"""The report's PDF: figures (text pages and charts) written page by page with PdfPages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from matplotlib import rc_context
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

#: TrueType (42) rather than Type 3 fonts: text stays searchable and copyable, and a PDF
#: text extractor (the tests use pypdf) reads the Norwegian letters back.
_PDF_STYLE: dict[Any, Any] = {"pdf.fonttype": 42}


#: Where the page number sits: top right, inside the margins (figure coordinates), clear
#: of the charts' footnotes and legends.
PAGE_NUMBER_XY = (0.985, 0.975)


def write_pdf(pages: Sequence[Figure], path: Path, title: str, subject: str = "",
              page_number: Callable[[int, int], str] | None = None) -> Path:
    """Write ``pages`` to ``path``, one figure per page, and return the path.

    ``page_number(i, n)`` gives the text of page ``i`` of ``n`` (from 1), drawn at the
    bottom right of every page; None draws none.
    """
    with rc_context(_PDF_STYLE), PdfPages(path, metadata={
            "Title": title, "Subject": subject, "Creator": "trappa"}) as pdf:
        for i, fig in enumerate(pages, start=1):
            if page_number is not None:
                mark = fig.text(*PAGE_NUMBER_XY, page_number(i, len(pages)), ha="right",
                                va="top", fontsize=10, color="0.35")
            pdf.savefig(fig)
            if page_number is not None:
                mark.remove()  # the same figure is also a PNG: keep it as it was
    return path
