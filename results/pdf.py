"""The report's PDF: figures (text pages and charts) written page by page with PdfPages."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from matplotlib import rc_context
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

#: TrueType (42) rather than Type 3 fonts: text stays searchable and copyable, and a PDF
#: text extractor (the tests use pypdf) reads the Norwegian letters back.
_PDF_STYLE: dict[Any, Any] = {"pdf.fonttype": 42}


def write_pdf(pages: Sequence[Figure], path: Path, title: str, subject: str = "") -> Path:
    """Write ``pages`` to ``path``, one figure per page, and return the path."""
    with rc_context(_PDF_STYLE), PdfPages(path, metadata={
            "Title": title, "Subject": subject, "Creator": "trappa"}) as pdf:
        for fig in pages:
            pdf.savefig(fig)
    return path
