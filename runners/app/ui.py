"""The page of ``trappa app``: choose, move levers, run, read, download.

`page` draws it on every script run (``runners/app/page.py`` calls it); every action is
wrapped so a bad input shows the CLI's one-line message and the page never shows a
traceback.

Layout, for a meeting at a laptop's 1366 x 768: the sidebar is the lever panel
(municipality, reference, run settings, levers); the main area holds, on top and kept on
screen, the control bar (the strategy's title, "Kjør", "Lagre", the progress), and under it
the results at full width, scrolled into view when a run finishes.
"""

from __future__ import annotations

import contextlib
import functools
import os
from typing import Any

import streamlit as st

from results.formatting import percent
from runners.app import cache, engine, inputs, style, views
from runners.app.estimated import estimate_text
from runners.app.jobs import Job
from runners.app.levers import LEVERS, Capacity, build_strategy, hidden_settings, lever_state
from runners.app.texts import LANGS, number, t

#: The page's languages, in the order the switch shows them (bokmål the default).
APP_LANGS = ("nb", "nn", "en")

#: Imported municipality folders, set by ``trappa app --municipality DIR``.
MUNICIPALITIES_ENV = "TRAPPA_APP_MUNICIPALITIES"
#: Worker processes of the process backend (default: every CPU).
WORKERS_ENV = "TRAPPA_APP_WORKERS"
#: How soon after a run's start the poll takes over from the page's run (seconds). The poll
#: then follows the run in one script run (`_progress`), so this is no longer paid per
#: redraw: each poll used to be a script run of its own, some 60 ms of the browser's CPU.
POLL_SECONDS = 0.5
#: How often a poll that follows a run redraws its bar (seconds): a click meanwhile is
#: answered at the next redraw.
TICK_SECONDS = 0.25
#: The most replications the page runs (the command line has no such limit).
MAX_REPLICATIONS = 1000


def _imported() -> list[str]:
    return [p for p in os.environ.get(MUNICIPALITIES_ENV, "").split(os.pathsep) if p]


def _workers() -> int | None:
    text = os.environ.get(WORKERS_ENV, "")
    return int(text) if text.isdigit() and int(text) > 0 else None


def _problem(where: Any, problem: inputs.Problem | None, lang: str) -> bool:
    """Show a field's sentence beside it; return whether there was one."""
    if problem is None:
        return False
    where.error(t(problem[0], lang, **problem[1]))
    return True


def _choose_municipality(lang: str) -> str:
    options = engine.shipped_municipalities()
    folders: dict[str, str] = {}
    for folder in _imported():
        try:
            engine.check_municipality(folder)
        except Exception as exc:
            st.sidebar.error(engine.one_line(exc))
            continue
        folders[engine.register_imported(folder)] = folder
    options += [name for name in folders if name not in options]
    name = str(st.sidebar.selectbox(t("municipality", lang), options, key="municipality",
                                    format_func=lambda m: engine.municipality_title(m, lang)))
    estimated = engine.estimated(name)
    if estimated:
        # an imported municipality: its figures rest partly on the importer's estimates
        st.sidebar.warning(t("estimated", lang, municipality=engine.municipality_title(
            name, lang), n=len(estimated)))
        with st.sidebar.expander(t("estimated_list", lang)):
            for item in estimated:
                st.markdown(f"- {estimate_text(item, lang)}")
    return name


def _reference(lang: str, municipality: str) -> tuple[dict[str, Any], bool]:
    """Return the reference in file shape, and whether the run settings are good."""
    names = engine.reference_names(municipality)
    default = names.index("normal") if "normal" in names else 0
    titles = {n: engine.reference_title(n, municipality, lang) for n in names}
    name = st.sidebar.selectbox(t("reference", lang), names, index=default, key="reference",
                                format_func=lambda n: titles[n])
    shipped = engine.reference_data(name, municipality)
    start, end = int(shipped["start_year"]), int(shipped["end_year"])
    st.sidebar.subheader(t("settings", lang))
    # no bounds on the field: a number out of range stays as typed, with a sentence beside it
    # and "Kjør" off, so the run never uses another number than the one shown
    reps = st.sidebar.number_input(t("replications", lang), step=1,
                                   value=int(shipped["replications"]), key="replications")
    bad = _problem(st.sidebar, inputs.check_int(reps, 1, MAX_REPLICATIONS), lang)
    # only the years the population data cover (issue 27): up to the projection's last year
    end_max = engine.last_data_year(municipality)
    last = st.sidebar.slider(t("end_year", lang), start + 1, end_max, value=min(end, end_max),
                             key="end_year")
    with st.sidebar.expander(t("analysts", lang)):
        seed = st.number_input(t("seed", lang), step=1, value=int(shipped["seed"]), key="seed")
        bad |= _problem(st, inputs.check_int(seed, 0, 2**63 - 1), lang)
        st.caption(t("cli_hint", lang, ref=name, file=st.session_state.get(
            "strategy_file", "strategi.toml"), seed=str(seed), n=str(reps)))
    return engine.reference_data(name, municipality, int(last)), not bad


def _sync_levers(ref: dict[str, Any]) -> None:
    """Show the reference's values on the levers when the reference or the years change."""
    key = (ref["municipality"], ref["name"], ref["end_year"])
    if st.session_state.get("levers_for") != key:
        st.session_state.update(lever_state(ref))
        st.session_state["levers_for"] = key


def _upload(lang: str, ref: dict[str, Any]) -> None:
    uploaded = st.file_uploader(t("upload", lang), type=["toml"], key="upload")
    if uploaded is None:
        return
    text = uploaded.getvalue().decode("utf-8", errors="replace")
    marker = (uploaded.name, hash(text))
    try:
        s = engine.load_text(text, uploaded.name, bases=ref["municipality"])
    except Exception as exc:
        st.error(t("upload_failed", lang, error=engine.one_line(exc)))
        return
    if st.session_state.get("uploaded") != marker:
        data = s.to_dict()
        # the run's years stay the page's: the file's mix and capacities are what move
        data["start_year"], data["end_year"] = ref["start_year"], ref["end_year"]
        st.session_state.update(lever_state(data))
        st.session_state["strategy_name"] = s.title(lang)
        st.session_state["uploaded"] = marker
    st.success(t("upload_done", lang, name=uploaded.name))


def _levers(lang: str, ref: dict[str, Any]) -> bool:
    """Draw the levers; return whether every field in use holds a good number."""
    good = True
    state = st.session_state.to_dict()
    for lever in LEVERS:
        with st.expander(lever.title(lang), expanded=lever.key in ("existing", "new")):
            lever.widget(st, ref, lang)
            if lever.key in ("existing", "new"):
                pct = 100 - st.session_state[f"{lever.key}.proactive"] - st.session_state[
                    f"{lever.key}.reactive"]
                st.caption(t("lever.normal_rest", lang, pct=percent(pct / 100, 0, lang)))
            if isinstance(lever, Capacity):
                for problem in lever.problems(state, ref).values():
                    good = False
                    _problem(st, problem, lang)
    return good


def _title(lang: str) -> tuple[str, bool]:
    """Draw the strategy's title field; return the title and whether it is good."""
    default = t("strategy_default", lang)
    if "strategy_name" not in st.session_state:
        st.session_state["strategy_name"] = default
    # a blank field means the default title: Streamlit can hand back "" for a keyed text input
    # whose value was set through session state when reruns overlap (seen in CI), and a title
    # left blank should not switch "Kjør" off; the page says which title it uses
    typed = st.text_input(t("strategy_name", lang), key="strategy_name", placeholder=default)
    title = typed.strip() or default
    if not typed.strip():
        st.caption(t("input.title_empty", lang, title=default))
    return title, not _problem(st, inputs.check_title(title), lang)


def _strategy(lang: str, ref: dict[str, Any], title: str) -> tuple[Any, str] | None:
    name = inputs.name_for(title, taken={ref["name"]})
    descriptions = {code: t("desc", code, ref=ref["name"]) for code in LANGS}
    data = build_strategy(ref, st.session_state.to_dict(), name, descriptions)
    data["title"] = dict.fromkeys(LANGS, title)
    data["seed"] = int(st.session_state["seed"])
    data["replications"] = int(st.session_state["replications"])
    try:
        built = engine.scenario_from_data(data, "strategy saved from trappa app")
    except Exception as exc:
        st.error(engine.one_line(exc))
        return None
    st.session_state["strategy_file"] = f"{name}.toml"
    return built


def _watch(lang: str) -> None:
    """Poll a running job; when none runs, no poll: an idle page does not rerun itself (an
    idle page's twice-a-second fragment runs cost CPU and never let the page be at rest)."""
    job: Job | None = st.session_state.get("job")
    if job is not None and job.running:
        bar, cancel = st.columns([5, 1], vertical_alignment="bottom")
        # the cancel button is the page's, not the poll's: Streamlit answers a click in a
        # fragment only once the fragment's run ends (the poll's runs as long as the job),
        # a click outside at once
        if cancel.button(t("cancel", lang), key="cancel"):
            job.cancel()
        with bar:
            _progress(lang)


@st.fragment(run_every=POLL_SECONDS)
def _progress(lang: str) -> None:
    job: Job | None = st.session_state.get("job")
    if job is None or not job.running:
        # finished: the whole page draws the result (and, not running, stops this poll)
        st.rerun(scope="app")
    shown = st.progress(*_bar(job, lang))
    if not _polled():
        # the page's own run draws the bar once and ends (the old results leave the page);
        # the poll then follows the run
        return
    # the poll stays with the job until it ends, redrawing the bar alone: a poll per tick
    # (a script run of its own) cost the browser some 60 ms of a core each, taken from the
    # replications. Each redraw is also where a click on the page meanwhile takes over
    # (Streamlit stops a script at its next element for a new run of the page), so a click
    # is answered within a tick; the job's end is seen at once (the wait returns), not at
    # the next poll.
    while not job.wait(TICK_SECONDS):
        shown.progress(*_bar(job, lang))
    st.rerun(scope="app")


def _bar(job: Job, lang: str) -> tuple[float, str]:
    """Return the progress bar's value and text."""
    if job.phase == "starting":
        return 0.0, t("phase.starting", lang)
    return job.fraction(), t(f"phase.{job.phase}", lang, done=job.done, total=job.runs)


def _polled() -> bool:
    """True in a run of the poll alone (not the page's run that draws it inline)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return bool(ctx is not None and ctx.fragment_ids_this_run)


def _results(lang: str, strategy_text: str | None) -> None:
    job: Job | None = st.session_state.get("job")
    if job is None:
        st.info(t("no_run", lang))
        return
    if job.phase == "cancelled":
        st.warning(t("cancelled", lang))
        return
    if job.phase == "failed":
        st.error(job.error or t("failed", lang))
        return
    if job.result is None:
        return
    if strategy_text is not None and st.session_state.get("job_text") != strategy_text:
        st.info(t("stale", lang))
    cached = st.session_state.get("comparison")
    if cached is None or cached.run_dir != job.result:
        # read in the job's thread when it finished (a job from before that, again here)
        cached = job.view if job.view is not None else views.load_comparison(job.result)
        st.session_state["comparison"] = cached
    views.draw(st, cached, lang, engine.municipality_title(cached.municipality, lang))
    if job.seconds is not None:
        st.caption(t("ran_in", lang, seconds=job.seconds))
    _downloads(lang, cached)
    if st.session_state.get("scrolled") is not job:
        # the first time this result is drawn: bring it where the eye is
        st.session_state["scrolled"] = job
        st.html(style.scroll_script(style.RESULTS, str(id(job))),
                unsafe_allow_javascript=True)


def _downloads(lang: str, c: views.Comparison) -> None:
    st.subheader(t("downloads", lang))
    a, b, cc = st.columns(3)
    files = st.session_state.get("report_files")
    fresh = files is not None and files[0] == (c.run_dir, lang)
    if not fresh and a.button(t("make_report", lang), key="make_report"):
        files = ((c.run_dir, lang), engine.report_files(c.run_dir, lang))
        st.session_state["report_files"] = files
    if files is not None and files[0] == (c.run_dir, lang):
        paths = files[1]
        a.download_button(t("xlsx", lang), paths["xlsx"].read_bytes(), paths["xlsx"].name,
                          key="dl_xlsx")
        b.download_button(t("pdf", lang), paths["pdf"].read_bytes(), paths["pdf"].name,
                          mime="application/pdf", key="dl_pdf")
    # zipped when clicked, not on every page run after a result (1.3 MB for 20 replications)
    cc.download_button(t("parquet", lang), functools.partial(engine.parquet_zip, c.run_dir),
                       f"{c.reference}-vs-{c.strategy}-parquet.zip", mime="application/zip",
                       key="dl_parquet")


#: Session keys that are not the planner's inputs: the buttons, the run's own records and
#: what the results' drawing keeps. Everything else (every field, lever, choice, upload)
#: counts in `_inputs_key`.
_NOT_INPUTS = frozenset({"run", "cancel", "save", "make_report", "dl_xlsx", "dl_pdf",
                         "dl_parquet", "job", "job_text", "comparison", "scrolled",
                         "report_files", "run_by_click"})


def _inputs_key() -> str:
    """Return a fingerprint of the planner's inputs as the session holds them now."""
    state = st.session_state.to_dict()
    return cache.digest(sorted((k, repr(v)) for k, v in state.items() if k not in _NOT_INPUTS))


def _start(ref: dict[str, Any], built: tuple[Any, str]) -> None:
    """Start the run of ``built`` (the strategy and its file's text) against ``ref``."""
    strategy, text = built
    reference = engine.reference_scenario(ref)
    st.session_state["job_text"] = text
    st.session_state["comparison"] = None
    st.session_state["job"] = Job(reference, strategy, int(st.session_state["seed"]),
                                  int(st.session_state["replications"]), _workers()).start()


def _on_run(ref: dict[str, Any], built: tuple[Any, str], drawn_for: str) -> None:
    """The click's callback: Streamlit calls it before the page's script run, so the job
    starts before the page is drawn again (the sidebar and the levers take some 0.05-0.1 s
    of that run on the 2-core machine), not when the run reaches the button.

    It starts the strategy the button was drawn with only if the inputs are still those it
    was built from (a field changed together with the click, e.g. a title typed and not yet
    confirmed, changes the fingerprint); otherwise, or if anything fails, it leaves the
    click to the page's run (`_run_button`), which builds, checks and starts as before."""
    job: Job | None = st.session_state.get("job")
    if (job is not None and job.running) or _inputs_key() != drawn_for:
        return
    with contextlib.suppress(Exception):
        _start(ref, built)
        st.session_state["run_by_click"] = st.session_state["job"]


def _run_button(where: Any, lang: str, ref: dict[str, Any], built: tuple[Any, str] | None,
                ready: bool) -> None:
    # a job the click's callback started in this run: the page's run does not start it again
    started = st.session_state.pop("run_by_click", None)
    job: Job | None = st.session_state.get("job")
    busy = job is not None and job.running
    usable = built is not None and ready
    clicked = where.button(t("run", lang), type="primary", disabled=busy or not usable,
                           key="run", width="stretch",
                           on_click=_on_run if usable else None,
                           args=(ref, built, _inputs_key()) if usable else None)
    if clicked and started is None and not busy:
        _start(ref, built)  # type: ignore[arg-type]


def _save_button(where: Any, lang: str, built: tuple[Any, str] | None) -> None:
    if built is not None:
        strategy, text = built
        where.download_button(t("save", lang), text, f"{strategy.name}.toml",
                              mime="application/toml", key="save", width="stretch")


def warm() -> None:
    """Do, at the server's start, the one-time work of a first page: start the workers,
    parse the catalogue, load the first municipality, its reference scenarios and Babel's
    locales, build the default strategy (its file into the cache) and compile Streamlit's
    emoji pattern (its first alert's). Together some 0.4 s of CPU on the 2-core machine,
    several seconds of the first visitor's wait under load. Also deletes the streamed
    folders an earlier server left to be deleted (`engine.discard_leftovers`). Best effort:
    the page itself reports anything that fails here."""
    engine.warm_pool(_workers())
    with contextlib.suppress(OSError):
        engine.discard_leftovers()
    with contextlib.suppress(Exception):
        from streamlit.string_util import extract_leading_emoji

        extract_leading_emoji(t("no_run"))
        municipality = engine.shipped_municipalities()[0]
        names = engine.reference_names(municipality)
        name = "normal" if "normal" in names else names[0]
        for lang in APP_LANGS:
            engine.municipality_title(municipality, lang)
            for n in names:
                engine.reference_title(n, municipality, lang)
            percent(0.5, 0, lang)
            number(1.5, 1, lang)
        shipped = engine.reference_data(name, municipality)
        ref = engine.reference_data(name, municipality, min(
            int(shipped["end_year"]), engine.last_data_year(municipality)))
        title = t("strategy_default")
        data = build_strategy(ref, lever_state(ref), inputs.name_for(title, taken={ref["name"]}),
                              {code: t("desc", code, ref=ref["name"]) for code in LANGS})
        data["title"] = dict.fromkeys(LANGS, title)
        data["seed"], data["replications"] = int(ref["seed"]), int(ref["replications"])
        engine.scenario_from_data(data, "strategy saved from trappa app")
        engine.reference_scenario(ref)


def page() -> None:
    """The whole page."""
    st.set_page_config(page_title="trappa", layout="wide", initial_sidebar_state="expanded")
    # the server's workers start while the planner reads the page, once for all runs
    engine.warm_pool(_workers())
    lang = str(st.sidebar.radio(t("language"), APP_LANGS, format_func=lambda c: t(f"lang.{c}"),
                                horizontal=True, key="lang"))
    st.html(style.css(t("upload_button", lang)))
    try:
        municipality = _choose_municipality(lang)
        ref, settings_ok = _reference(lang, municipality)
    except Exception as exc:
        st.error(engine.one_line(exc))
        return
    levers_ok = False
    with st.sidebar:
        try:
            _sync_levers(ref)
            st.subheader(t("levers", lang))
            _upload(lang, ref)
            levers_ok = _levers(lang, ref)
        except Exception as exc:
            st.error(engine.one_line(exc))
    # after the levers have their states: a switched-off lever's settings are not shown
    st.html(style.hidden(hidden_settings(st.session_state.to_dict())))
    st.title(t("title", lang))
    if st.session_state.get("job") is None:
        st.caption(t("intro", lang))
    built: tuple[Any, str] | None = None
    with st.container(key=style.CONTROLS):
        name_col, run_col, save_col = st.columns([3, 1, 1], vertical_alignment="bottom")
        try:
            with name_col:
                title, title_ok = _title(lang)
            ready = title_ok and settings_ok and levers_ok
            built = _strategy(lang, ref, title) if ready else None
            _run_button(run_col, lang, ref, built, ready)
            _save_button(save_col, lang, built)
            _watch(lang)
        except Exception as exc:
            st.error(engine.one_line(exc))
    with st.container(key=style.RESULTS):
        try:
            _results(lang, None if built is None else built[1])
        except Exception as exc:
            st.error(engine.one_line(exc))
