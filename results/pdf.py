"""The report's PDF: the Typst template (``results/typst/report.typ``) fed with the report's
data as JSON and its charts as SVG, compiled offline by the ``typst`` package.

The compiler sees one build folder and nothing else (its ``root``): the template, the
data and the charts are copied into it. Fonts: DejaVu Sans, which matplotlib ships (so the
charts' SVG text, kept as text, is set in the same font), and no system font, so the PDF
is the same on every machine.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from models.errors import TrappaError


class TypesetError(TrappaError):
    """The Typst compiler refused the report (a bug in the template or its data)."""


#: The template, package data beside this module.
TEMPLATE = Path(__file__).with_name("typst") / "report.typ"


def font_paths() -> list[str]:
    """Return the folders of the fonts the report uses (matplotlib's DejaVu)."""
    import matplotlib

    return [str(Path(matplotlib.get_data_path()) / "fonts" / "ttf")]


def write_pdf(data: Mapping[str, Any], charts: Mapping[str, Path], path: Path) -> Path:
    """Compile the report of ``data`` (see ``results.report_document``) to ``path``.

    ``charts`` maps a file name the data refers to (``"total_cost.svg"``) to the SVG file.
    """
    import typst

    with tempfile.TemporaryDirectory(prefix="trappa-typst-") as folder:
        build = Path(folder)
        shutil.copyfile(TEMPLATE, build / "report.typ")
        (build / "data.json").write_text(json.dumps(data, ensure_ascii=False),
                                         encoding="utf-8")
        for name, source in charts.items():
            shutil.copyfile(source, build / name)
        try:
            pdf = typst.compile(str(build / "report.typ"), root=str(build),
                                font_paths=font_paths(), ignore_system_fonts=True)
        except RuntimeError as exc:  # the compiler's diagnostics, several lines
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise TypesetError(f"{path.name}: Typst could not set the report ({first})") from exc
    path.write_bytes(pdf)
    return path
