"""The command line's own lines in the catalogue's languages (issue 24): the error line in
the command's ``--lang`` (bokmål by default, also for an argument error), the progress bar's
label and rate in the language's number format, and the size refusal's numbers."""

from __future__ import annotations

import contextlib
import io
from types import SimpleNamespace

import pytest

from results.labels import label
from runners.cli import main, terminal_lang
from runners.errors import SweepError
from runners.limits import check_tasks
from runners.progress import RateColumn


def _stderr(argv: list[str]) -> str:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.suppress(SystemExit):
        main(argv)
    return err.getvalue()


@pytest.mark.parametrize(("argv", "start"), [
    (["run", "no-such-scenario"], "trappa: feil: no-such-scenario: "),
    (["run", "no-such-scenario", "--lang", "en"], "trappa: error: no-such-scenario: "),
    (["run", "normal", "--runs", "0"], "trappa: feil: argument --runs: "),  # argparse's
    (["run", "--lang=nn", "normal", "--runs", "0"], "trappa: feil: argument --runs: "),
    (["run", "normal", "--runs", "0", "--lang", "en"], "trappa: error: argument --runs: "),
])
def test_the_error_line_speaks_the_commands_language(argv: list[str], start: str) -> None:
    lines = _stderr(argv).splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(start), lines


def test_terminal_lang_reads_lang_before_parsing() -> None:
    assert terminal_lang([]) == "nb"
    assert terminal_lang(["compare", "--lang", "en"]) == "en"
    assert terminal_lang(["compare", "--lang=nn"]) == "nn"
    assert terminal_lang(["compare", "--lang", "xx"]) == "nb"  # argparse refuses it, in nb
    assert terminal_lang(["compare", "--lang"]) == "nb"


@pytest.mark.parametrize(("lang", "shown"), [("nb", "12\u00a0346/min"), ("nn", "12\u00a0346/min"),
                                             ("en", "12,346/min")])
def test_progress_rate_in_the_languages_format(lang: str, shown: str) -> None:
    task = SimpleNamespace(finished_speed=None, speed=12345.6 / 60)  # per second
    assert RateColumn(lang).render(task).plain == shown  # type: ignore[arg-type]
    idle = SimpleNamespace(finished_speed=None, speed=None)
    assert RateColumn(lang).render(idle).plain == ""  # type: ignore[arg-type]


def test_progress_label_from_the_catalogue() -> None:
    assert [label("progress.replications", lang) for lang in ("nb", "nn", "en")] == [
        "replikasjoner", "replikasjonar", "replications"]


def test_the_size_refusal_groups_thousands_in_english() -> None:
    with pytest.raises(SweepError) as exc:
        check_tasks(2_000_000_000, 17, "sweep.toml", "draws")
    text = str(exc.value)
    assert "2,000,000,000 tasks of 17 years" in text
    assert "\u00a0" not in text
