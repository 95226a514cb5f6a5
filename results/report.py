"""Write a finished run's report: Excel workbook, PDF and PNG charts, all or nothing.

Where: ``RUN_DIR/report/``, one set of files per language, so a Norwegian and an English
report live side by side::

    report/report-nb.xlsx    the workbook (see results.excel)
    report/report-nb.pdf     the PDF, typeset by Typst (results.pdf, results.report_document)
    report/png-nb/*.png      the charts of the PDF, one PNG each, for slides
    report/svg-nb/*.svg      the same charts as SVG with their text as text (on request:
                             ``formats=("svg",)``, ``--format svg``), for typesetting

Everything is written into a hidden temporary folder inside the run directory and moved
into place only when every requested file is complete, so a failure never leaves a
half-written report; files of formats not requested are left as they are.

The workbook is written by a forked child process, and the charts (each one's layout, SVG
and PNG) are shared between two other children, while this process typesets the PDF once
their SVGs are written, where that pays (`results.report_jobs`, `_write_charts`); in a
process that has not imported the charts' libraries yet
(``trappa report``), the charts and the PDF go to a child started before the run is read,
which imports them meanwhile, and this process writes the workbook (`_charts_apart`). The
temporary folder is removed only after every child has finished or been stopped.
"""

from __future__ import annotations

import contextlib
import gc
import importlib.util
import os
import shutil
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from models.errors import TrappaError
from results.labels import LANGS
from results.payback import RATE_SOURCE_CLI
from results.pdf import TypesetError
from results.report_facts import RunFacts, Sources, load_sources, run_facts
from results.report_jobs import Feed, Jobs
from results.report_tables import ReportTables, build_tables
from results.rundir import REPORT, fsync_tree, temporary_sibling
from results.store import read_run

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from results.charts import Chart

#: What a report writes unless told otherwise.
FORMATS: tuple[str, ...] = ("xlsx", "pdf", "png")
#: Every format a report can write: the default ones and the charts as SVG.
ALL_FORMATS: tuple[str, ...] = (*FORMATS, "svg")
REPORT_DIR = REPORT
#: PNG resolution: an A4-landscape figure at 150 dpi is 1753 x 1240 pixels, sharp on a
#: projector and small enough to drop into slides.
PNG_DPI = 150


class ReportError(TrappaError):
    """A report cannot be written: names the place and the problem, in one line."""


@dataclass(frozen=True)
class ReportFiles:
    """What a report run wrote (``None`` / empty for formats not asked for)."""

    directory: Path
    xlsx: Path | None
    pdf: Path | None
    png: tuple[Path, ...]
    svg: tuple[Path, ...] = ()


def output_names(lang: str) -> dict[str, str]:
    """Return the file (or folder, for PNG) name of each format in ``report/``."""
    return {"xlsx": f"report-{lang}.xlsx", "pdf": f"report-{lang}.pdf", "png": f"png-{lang}",
            "svg": f"svg-{lang}"}


def parse_formats(text: str | Iterable[str]) -> tuple[str, ...]:
    """Return the formats of a comma-separated list ("xlsx,pdf"), in canonical order.

    Raises
    ------
    ReportError
        For an empty list or an unknown format.
    """
    items = text.split(",") if isinstance(text, str) else list(text)
    chosen = {item.strip().lower() for item in items if item.strip()}
    unknown = sorted(chosen - set(ALL_FORMATS))
    if unknown:
        raise ReportError(f"unknown report format(s) {', '.join(unknown)} "
                          f"(use {', '.join(ALL_FORMATS)})")
    if not chosen:
        raise ReportError(f"no report format given (use {', '.join(ALL_FORMATS)})")
    return tuple(f for f in ALL_FORMATS if f in chosen)


def missing_dependency(fmt: str) -> str | None:
    """Return the install hint if ``fmt`` needs a package that is not installed, else None."""
    # The workbook needs openpyxl, an optional dependency (the "report" extra).
    if fmt == "xlsx" and importlib.util.find_spec("openpyxl") is None:
        return "the Excel workbook needs openpyxl: pip install 'trappa[report]'"
    # The PDF is typeset by Typst, whose compiler the typst package bundles.
    if fmt == "pdf" and importlib.util.find_spec("typst") is None:
        return "the PDF needs typst: pip install 'trappa[report]'"
    return None


def _prepare(tables: ReportTables, lang: str) -> None:
    """Build now what every part of the report uses and would otherwise build on first
    use, in each process the parts run in: the look-ups of the tables and the comparison
    (a tenth of a second on a 4 x 20 run), the language's number format (Babel's locale
    data) and the catalogue of texts (some 50 ms each time it is parsed). Cheap once
    done; the tables' look-ups travel with them to another process, the rest does not."""
    from results.formatting import number
    from results.labels import catalogue

    tables.prepare()
    number(-1234.5, 1, lang)
    catalogue()


@contextlib.contextmanager
def _collector_spared() -> Iterator[None]:
    """Keep what exists now (the run's tables, the imported modules: some 170,000 objects)
    out of the cyclic garbage collector while the report is written: its full passes,
    which the report's many small objects (openpyxl's cells, matplotlib's artists) set off,
    then skip them (a tenth of a second each), and a forked child's share them unread. Left
    alone if something else froze objects (a server that forks its workers does)."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _write_all(tmp: Path, tables: ReportTables, facts: RunFacts, sources: Sources,
               lang: str, formats: Sequence[str]) -> None:
    """Write every requested file into ``tmp``; the workbook is written by a child process,
    and the charts shared with another, beside the PDF where that pays
    (`results.report_jobs`)."""
    images = [f for f in ("png", "svg") if f in formats]
    _prepare(tables, lang)
    with Jobs() as jobs:
        if "xlsx" in formats:
            def workbook() -> None:
                _workbook(tmp, tables, facts, sources, lang)

            if "pdf" in formats or images:
                jobs.start(workbook)
            else:
                workbook()
        if "pdf" not in formats and not images:
            return
        _write_charts(tmp, tables, facts, sources, lang, formats)


def _workbook(tmp: Path, tables: ReportTables, facts: RunFacts, sources: Sources,
              lang: str) -> None:
    from results.excel import write_workbook

    path = tmp / output_names(lang)["xlsx"]
    write_workbook(tables, facts, sources, path, lang)
    _flush(path)


def _write_charts(tmp: Path, tables: ReportTables, facts: RunFacts, sources: Sources,
                  lang: str, formats: Sequence[str], *, lasting: bool = True) -> None:
    """Write the charts' files and the PDF into ``tmp``.

    Where it forks (`results.report_jobs`), two children share the charts (`shares`),
    this process makes the PDF's data meanwhile and typesets the PDF as soon as both have
    written their SVGs, while they draw their PNGs. (Typst typesets here only: its
    thread pool, once started in a process, is missing in that process's forked children,
    which would wait for it for ever.)
    ``lasting``: this process goes on afterwards, so the figures it drew itself are
    cleared now rather than whenever they are collected.
    """
    from results.charts import report_charts, save

    names = output_names(lang)
    charts = report_charts(tables, facts, sources, lang)
    png = "png" in formats
    vector = "pdf" in formats or "svg" in formats
    if png:
        (tmp / names["png"]).mkdir()
    # The PDF sets the charts as SVG (their text stays text); the SVG folder, when asked
    # for, is the same files.
    svg_dir = tmp / names["svg"] if "svg" in formats else tmp / ".svg-build"
    svgs = {f"{c.stem}.svg": svg_dir / f"{c.stem}.svg" for c in charts}
    if vector:
        svg_dir.mkdir()
    drawn: list[Figure] = []

    def draw(mine: Sequence[Chart], vectors_done: int | None = None) -> None:
        """Draw the charts ``mine``, each one's layout and SVG; say so through the pipe
        ``vectors_done`` (the PDF can be typeset once every process has); then their PNGs
        (from the canvas their layout was solved on)."""
        figures = []
        for chart in mine:
            fig = chart.build()
            drawn.append(fig)
            if png and vector:
                # The layout is solved once, as the PNG's save would (Agg at the PNG's
                # resolution), and kept: the SVG reuses it (figure coordinates, sizes in
                # points). Otherwise the one save solves it.
                solve_layout(fig, PNG_DPI)
            if vector:
                saved = save(fig, svgs[f"{chart.stem}.svg"])
                if "svg" in formats:  # else a scratch file for the PDF, removed unflushed
                    _flush(saved)
            figures.append((chart.stem, fig))
        if vectors_done is not None:
            os.write(vectors_done, b"1")
        if png:
            for stem, fig in figures:
                _flush(save(fig, tmp / names["png"] / f"{stem}.png", dpi=PNG_DPI))

    crew = _CREW if len(charts) > 1 and Jobs.can_fork() else 0
    with Jobs() as jobs:
        if crew:
            _prepare(tables, lang)  # once, for both children (the charts' child of a report)
            read, write = os.pipe()
            with os.fdopen(read, "rb") as pipe:
                try:
                    for share in shares(charts, crew):
                        jobs.start(partial(draw, share, write))
                finally:
                    os.close(write)
                # the document's data needs the charts' names only: made while they draw
                data = _document(tables, facts, sources, lang, svgs) if "pdf" in formats else None
                done = pipe.read(crew)  # short if a child failed first: its error follows
        else:
            draw(charts)
            done = b""
            data = _document(tables, facts, sources, lang, svgs) if "pdf" in formats else None
        if data is not None and len(done) == crew:
            _typeset(tmp, data, lang, svgs)
    if lasting:
        for fig in drawn:
            fig.clear()


def shares(charts: Sequence[Chart], crew: int) -> list[list[Chart]]:
    """Split ``charts`` among ``crew`` processes by their estimated drawing times (layout,
    SVG and PNG): the costliest first, each to the process with the least so far (longest
    processing time first). Each share keeps page order.

    A chart's time is about a fixed part and one part per panel (axes) alike (a 4 x 20
    comparison: 0.1-0.19 s of CPU for one panel, 0.23-0.28 s for two, 0.45 s for four).
    Claiming the charts as each process finished its last SVG balanced the SVGs only; the
    PNGs, drawn afterwards by whoever drew the SVG, left one child working alone for a
    quarter of a second.
    """
    loads = [0] * crew
    out: list[list[int]] = [[] for _ in range(crew)]
    for i in sorted(range(len(charts)), key=lambda i: -charts[i].panels):
        k = loads.index(min(loads))
        loads[k] += charts[i].panels + 1
        out[k].append(i)
    return [[charts[i] for i in sorted(share)] for share in out]


#: How many forked children share a report's charts.
_CREW = 2


def _document(tables: ReportTables, facts: RunFacts, sources: Sources, lang: str,
              svgs: dict[str, Path]) -> dict[str, Any]:
    """The PDF's data for the Typst template (`results.report_document.document`)."""
    from results.report_document import document

    return document(tables, facts, sources, lang, list(svgs))


def _typeset(tmp: Path, data: dict[str, Any], lang: str, svgs: dict[str, Path]) -> None:
    """Typeset the PDF of ``data`` from the charts' SVGs (`_write_charts`)."""
    from results.pdf import write_pdf

    write_pdf(data, svgs, tmp / output_names(lang)["pdf"])


def solve_layout(fig: Figure, dpi: float) -> None:
    """Run the figure's layout engine as a save at ``dpi`` would, then fix the result."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    engine = fig.get_layout_engine()
    if engine is None:
        return
    # The layout measures every text with the figure's canvas's renderer: an Agg canvas
    # keeps its renderer (and the renderer's cache of text sizes) for as long as the size
    # and dpi stay, so the PNG's save at the same dpi measures nothing again. (Without
    # one, every layout and every save made a renderer of its own.)
    FigureCanvasAgg(fig)
    shown = fig.dpi
    fig.set_dpi(dpi)
    try:
        engine.execute(fig)
    finally:
        fig.set_dpi(shown)
    # No engine at all, not "none": matplotlib keeps a placeholder engine for "none", and
    # a save with any engine draws the whole figure once more before drawing it (for the
    # layout it would solve), which was a third of every chart's saving time.
    with rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
        fig.set_layout_engine(None)


def _flush(path: Path) -> None:
    """Flush ``path`` to disk now, in the process that wrote it: a child's files are then
    flushed beside the parent's work, and `fsync_tree` finds them clean."""
    with path.open("rb") as fh:
        os.fsync(fh.fileno())


def _drop_scratch(tmp: Path) -> None:
    """Remove what only the writing needed (the PDF's SVGs when no SVG was asked for, the
    charts' input) before the flush: flushing files that are deleted anyway cost time."""
    shutil.rmtree(tmp / ".svg-build", ignore_errors=True)
    (tmp / _INPUT).unlink(missing_ok=True)


def _move_into_place(tmp: Path, report_dir: Path, names: Iterable[str]) -> None:
    report_dir.mkdir(exist_ok=True)
    for name in names:
        new, target = tmp / name, report_dir / name
        if new.is_dir():
            # A folder cannot be swapped in one rename: park the old one inside tmp (deleted
            # with it), then rename the new one in.
            if target.exists():
                target.rename(tmp / f".old-{name}")
            new.rename(target)
        else:
            os.replace(new, target)


def write_report(run_dir: Path | str, lang: str = "nb",
                 formats: Sequence[str] = FORMATS, municipality: str | None = None,
                 discount_rate: float | None = None, shown_as: Path | None = None
                 ) -> ReportFiles:
    """Read a finished run and write its report into ``RUN_DIR/report/``.

    Parameters
    ----------
    run_dir
        A run directory written by ``trappa run`` or ``trappa compare``.
    lang
        ``"nb"`` (Norwegian bokmål), ``"en"`` or ``"nn"`` (nynorsk).
    formats
        Any of ``"xlsx"``, ``"pdf"``, ``"png"`` (the default: all three) and ``"svg"``.
    municipality
        The data to read trinn names, parameters and pathways from: a shipped name or an
        imported folder (``--municipality``); default the shipped municipality run.json names.
    discount_rate
        The real rate of the present values (a fraction), stated as chosen on the command
        line; by default the run's own (run.json ``discount_rate``, else 4 %).
    shown_as
        The run directory's name to show in the report, when ``run_dir`` is the finished
        run's temporary directory about to replace it (`results.store.finish_run`).

    Raises
    ------
    RunDirError
        If a file of the run is missing or damaged (nothing is written).
    ReportError
        For an unknown language or format, a format whose package is not installed
        (openpyxl for xlsx), or if the report cannot be written.
    """
    run_dir = Path(run_dir)
    if lang not in LANGS:
        raise ReportError(f"unknown language '{lang}' (use {', '.join(LANGS)})")
    formats = parse_formats(formats)
    for fmt in formats:
        hint = missing_dependency(fmt)
        if hint:
            raise ReportError(hint)
    if _charts_apart(formats):
        # the charts' child starts now, and imports their libraries while this process
        # reads the run (see `_charts_apart`)
        with Jobs() as jobs:
            charts: Feed[_ChartsInput] = jobs.start_fed(
                _import_charts, lambda given: _write_charts(*given, lasting=False))
            tables, facts, sources = _read(run_dir, municipality, discount_rate, shown_as)

            def write(tmp: Path) -> None:
                try:
                    _prepare(tables, lang)  # the look-ups go to the child with the tables
                    charts.send((tmp, tables, facts, sources, lang, formats), tmp / _INPUT)
                    _workbook(tmp, tables, facts, sources, lang)
                    jobs.wait()
                except BaseException:
                    jobs.kill()  # before the temporary folder goes
                    raise

            return _written(run_dir, lang, formats, shown_as, write)
    tables, facts, sources = _read(run_dir, municipality, discount_rate, shown_as)
    return _written(run_dir, lang, formats, shown_as,
                    lambda tmp: _write_all(tmp, tables, facts, sources, lang, formats))


#: What the charts' child is handed: `_write_charts`'s arguments.
_ChartsInput = tuple[Path, ReportTables, RunFacts, Sources, str, Sequence[str]]
#: The scratch file that hands them over (the child removes it once read).
_INPUT = ".charts-input.pickle"


def _charts_apart(formats: Sequence[str]) -> bool:
    """Whether the charts and the PDF go to a child started before the run is read.

    Then the child imports the charts' and the typesetting's libraries (about half a
    second of CPU) on the second core while this process reads the run and builds the
    tables, and gets them handed over; this process writes the workbook. Only where a
    workbook and charts are both written, forking is used (`results.report_jobs`), and
    those libraries are not imported yet (a process that has them gains nothing: the
    report's own process of ``trappa run``, a second report)."""
    return ("xlsx" in formats and any(f in formats for f in ("pdf", "png", "svg"))
            and "results.charts" not in sys.modules and Jobs.can_fork())


#: What `_write_charts`'s children draw with, imported beforehand. (The typesetting's
#: modules are imported when the PDF is typeset, while those children draw: before, they
#: would make the charts start later.)
_CHART_MODULES = ("matplotlib.backends.backend_agg", "matplotlib.backends.backend_svg",
                  "results.charts")


def _import_charts() -> None:
    """Import what `_write_charts` will (in the charts' child, while the run is read)."""
    for name in _CHART_MODULES:
        if importlib.util.find_spec(name.split(".")[0]) is not None:
            importlib.import_module(name)


def _read(run_dir: Path, municipality: str | None, discount_rate: float | None,
          shown_as: Path | None) -> tuple[ReportTables, RunFacts, Sources]:
    """Read the run: its tables, facts and the municipality's data (`write_report`)."""
    run = read_run(run_dir)
    tables = build_tables(run)
    facts = run_facts(run)
    if discount_rate is not None:
        facts = replace(facts, discount_rate=discount_rate,
                        discount_rate_source=RATE_SOURCE_CLI)
    if shown_as is not None:
        facts = replace(facts, run_dir=shown_as)
    return tables, facts, load_sources(facts, municipality)


def _written(run_dir: Path, lang: str, formats: Sequence[str], shown_as: Path | None,
             write: Callable[[Path], None]) -> ReportFiles:
    """Call ``write(tmp)`` with the report's temporary folder and move what it wrote into
    ``RUN_DIR/report/`` (`write_report`)."""
    tmp = temporary_sibling(run_dir / REPORT_DIR)
    try:
        tmp.mkdir()
    except OSError as exc:
        raise ReportError(f"{run_dir}: cannot write the report ({exc.strerror or exc})") from exc
    names = output_names(lang)
    chosen = [names[f] for f in formats]
    try:
        with _collector_spared():
            write(tmp)
        _drop_scratch(tmp)
        fsync_tree(tmp)
        _move_into_place(tmp, run_dir / REPORT_DIR, chosen)
    except OSError as exc:
        raise ReportError(f"{shown_as or run_dir}/{REPORT_DIR}: cannot write the report "
                          f"({exc.strerror or exc})") from exc
    except TypesetError as exc:
        raise ReportError(str(exc)) from exc
    except zlib.error as exc:  # the workbook's compressor, when a write under it failed
        raise ReportError(f"{shown_as or run_dir}/{REPORT_DIR}: cannot write the report "
                          f"(compression failed: {exc}; is the disk full?)") from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    out = run_dir / REPORT_DIR
    return ReportFiles(
        directory=out,
        xlsx=out / names["xlsx"] if "xlsx" in formats else None,
        pdf=out / names["pdf"] if "pdf" in formats else None,
        png=tuple(sorted((out / names["png"]).glob("*.png"))) if "png" in formats else (),
        svg=tuple(sorted((out / names["svg"]).glob("*.svg"))) if "svg" in formats else ())
