"""The page of ``trappa app``: choose, move levers, run, read, download.

`page` draws it on every script run (``runners/app/page.py`` calls it); every action is
wrapped so a bad input shows the CLI's one-line message and the page never shows a
traceback.
"""

from __future__ import annotations

import os
from typing import Any

import streamlit as st

from runners.app import engine, views
from runners.app.jobs import Job
from runners.app.levers import LEVERS, build_strategy, lever_state
from runners.app.texts import LANGS, t

#: The page's languages, in the order the switch shows them (bokmål the default).
APP_LANGS = ("nb", "nn", "en")

#: Imported municipality folders, set by ``trappa app --municipality DIR``.
MUNICIPALITIES_ENV = "TRAPPA_APP_MUNICIPALITIES"
#: Worker processes of the process backend (default: every CPU).
WORKERS_ENV = "TRAPPA_APP_WORKERS"
POLL_SECONDS = 0.5


def _imported() -> list[str]:
    return [p for p in os.environ.get(MUNICIPALITIES_ENV, "").split(os.pathsep) if p]


def _workers() -> int | None:
    text = os.environ.get(WORKERS_ENV, "")
    return int(text) if text.isdigit() and int(text) > 0 else None


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
    return str(st.sidebar.selectbox(t("municipality", lang), options, key="municipality"))


def _reference(lang: str, municipality: str) -> dict[str, Any]:
    names = engine.reference_names(municipality)
    default = names.index("normal") if "normal" in names else 0
    name = st.sidebar.selectbox(t("reference", lang), names, index=default, key="reference")
    shipped = engine.reference_data(name, municipality)
    start, end = int(shipped["start_year"]), int(shipped["end_year"])
    st.sidebar.subheader(t("settings", lang))
    st.sidebar.number_input(t("replications", lang), min_value=1, max_value=1000, step=1,
                            value=int(shipped["replications"]), key="replications")
    st.sidebar.number_input(t("seed", lang), min_value=0, step=1, value=int(shipped["seed"]),
                            key="seed")
    # only the years the population data cover (issue 27): up to the projection's last year
    end_max = engine.last_data_year(municipality)
    last = st.sidebar.slider(t("end_year", lang), start + 1, end_max, value=min(end, end_max),
                             key="end_year")
    return engine.reference_data(name, municipality, int(last))


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
        s = engine.load_text(text, uploaded.name)
    except Exception as exc:
        st.error(engine.one_line(exc))
        return
    if st.session_state.get("uploaded") != marker:
        data = s.to_dict()
        # the run's years stay the page's: the file's mix and capacities are what move
        data["start_year"], data["end_year"] = ref["start_year"], ref["end_year"]
        st.session_state.update(lever_state(data))
        st.session_state["strategy_name"] = s.name
        st.session_state["uploaded"] = marker
    st.success(t("upload_done", lang, name=uploaded.name))


def _levers(lang: str, ref: dict[str, Any]) -> None:
    st.subheader(t("levers", lang))
    for lever in LEVERS:
        with st.expander(lever.title(lang), expanded=lever.key in ("existing", "new")):
            lever.widget(st, ref, lang)
            if lever.key in ("existing", "new"):
                pct = 100 - st.session_state[f"{lever.key}.proactive"] - st.session_state[
                    f"{lever.key}.reactive"]
                st.caption(t("lever.normal_rest", lang, pct=pct))


def _strategy(lang: str, ref: dict[str, Any]) -> tuple[Any, str] | None:
    default = t("strategy_default", lang)
    if "strategy_name" not in st.session_state:
        st.session_state["strategy_name"] = default
    # a blank field means the default name: Streamlit can hand back "" for a keyed text input
    # whose value was set through session state when reruns overlap (seen in CI), and a name
    # left blank should not switch "Kjør" off
    name = st.text_input(t("strategy_name", lang), key="strategy_name",
                         placeholder=default).strip() or default
    descriptions = {code: t("desc", code, ref=ref["name"]) for code in LANGS}
    data = build_strategy(ref, st.session_state.to_dict(), name, descriptions)
    data["seed"] = int(st.session_state["seed"])
    data["replications"] = int(st.session_state["replications"])
    try:
        return engine.scenario_from_data(data, "strategy saved from trappa app")
    except Exception as exc:
        st.error(engine.one_line(exc))
        return None


@st.fragment(run_every=POLL_SECONDS)
def _progress(lang: str) -> None:
    job: Job | None = st.session_state.get("job")
    if job is None or not job.running:
        if job is not None and st.session_state.get("shown") is not job:
            st.session_state["shown"] = job
            st.rerun(scope="app")
        return
    if job.phase == "starting":
        st.progress(0.0, text=t("phase.starting", lang))
    else:
        st.progress(job.fraction(), text=t(f"phase.{job.phase}", lang, done=job.done,
                                           total=job.runs))
    if st.button(t("cancel", lang), key="cancel"):
        job.cancel()


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
        cached = views.load_comparison(job.result)
        st.session_state["comparison"] = cached
    if job.seconds is not None:
        st.caption(t("ran_in", lang, seconds=job.seconds))
    views.draw(st, cached, lang)
    _downloads(lang, cached)


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
    cc.download_button(t("parquet", lang), engine.parquet_zip(c.run_dir),
                       f"{c.reference}-vs-{c.strategy}-parquet.zip", mime="application/zip",
                       key="dl_parquet")


def _run_button(lang: str, ref: dict[str, Any], built: tuple[Any, str] | None) -> None:
    job: Job | None = st.session_state.get("job")
    busy = job is not None and job.running
    if st.button(t("run", lang), type="primary", disabled=busy or built is None, key="run"):
        strategy, text = built  # type: ignore[misc]
        reference = engine.reference_scenario(ref)
        st.session_state["job_text"] = text
        st.session_state["comparison"] = None
        st.session_state["job"] = Job(reference, strategy, int(st.session_state["seed"]),
                                      int(st.session_state["replications"]),
                                      _workers()).start()
    if built is not None:
        strategy, text = built
        st.download_button(t("save", lang), text, f"{strategy.name}.toml",
                           mime="application/toml", key="save")
        st.caption(t("cli_hint", lang, ref=ref["name"], file=f"{strategy.name}.toml",
                     seed=st.session_state["seed"], n=st.session_state["replications"]))


def page() -> None:
    """The whole page."""
    st.set_page_config(page_title="trappa", layout="wide")
    # the server's workers start while the planner reads the page, once for all runs
    engine.lasting_pool(_workers()).warm()
    lang = str(st.sidebar.radio(t("language"), APP_LANGS, format_func=lambda c: t(f"lang.{c}"),
                                horizontal=True, key="lang"))
    st.title(t("title", lang))
    st.caption(t("intro", lang))
    try:
        municipality = _choose_municipality(lang)
        ref = _reference(lang, municipality)
    except Exception as exc:
        st.error(engine.one_line(exc))
        return
    built: tuple[Any, str] | None = None
    left, right = st.columns([1, 2])
    with left:
        try:
            _sync_levers(ref)
            _upload(lang, ref)
            _levers(lang, ref)
            built = _strategy(lang, ref)
            _run_button(lang, ref, built)
        except Exception as exc:
            st.error(engine.one_line(exc))
    with right:
        try:
            _progress(lang)
            _results(lang, None if built is None else built[1])
        except Exception as exc:
            st.error(engine.one_line(exc))
