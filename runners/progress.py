"""The progress bar of a run: replications done, rate per minute, elapsed time and ETA."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text


class RateColumn(ProgressColumn):
    """Tasks per minute over the last half minute (rich's own speed estimate), in the
    language's number format."""

    def __init__(self, lang: str = "nb") -> None:
        super().__init__()
        self.lang = lang

    def render(self, task: Task) -> Text:
        """Show the rate, or nothing until there is one."""
        from results.labels import label

        speed = task.finished_speed or task.speed
        return Text(label("progress.rate", self.lang, rate=round(speed * 60)) if speed else "",
                    style="progress.data.speed")


class Bar:
    """A rich progress bar implementing `runners.sweep.Progress`.

    The bar appears with the first `start`: a run refused while its input is checked prints
    its one error line and nothing else (not even the empty line of a stopped bar).
    """

    def __init__(self, progress: Progress, label: str) -> None:
        self._progress = progress
        self._label = label
        self._task: TaskID | None = None
        self.shown = False

    def start(self, total: int, completed: int) -> None:
        """Show ``completed`` of ``total`` (tasks already done on resume count as done)."""
        if not self.shown:
            self._progress.start()
            self.shown = True
        if self._task is None:
            # created here rather than moved to `completed` later: a jump would count as
            # progress made now and inflate the rate and shorten the ETA
            self._task = self._progress.add_task(self._label, total=total, completed=completed)
        else:
            self._progress.update(self._task, total=total)

    def advance(self, n: int) -> None:
        """Count ``n`` more tasks done."""
        if self._task is not None:
            self._progress.advance(self._task, n)

    def note(self, text: str) -> None:
        """Print a line above the bar."""
        self._progress.console.print(text, soft_wrap=True)


@contextmanager
def progress_bar(console: Console, lang: str = "nb") -> Iterator[Bar]:
    """Show a progress bar for the duration of the block (from its first task on)."""
    from results.labels import label as text

    label = text("progress.replications", lang)
    progress = Progress(TextColumn("[bold]{task.description}"), BarColumn(),
                        MofNCompleteColumn(), RateColumn(lang), TimeElapsedColumn(),
                        TimeRemainingColumn(), console=console, transient=False)
    bar = Bar(progress, label)
    try:
        yield bar
    finally:
        if bar.shown:
            progress.stop()
