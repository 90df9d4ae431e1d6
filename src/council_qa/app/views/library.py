"""The library: what is indexed, adding files, a paper's visibility, removing a document.

Changes go through the same writer as ``council-qa ingest``/``remove``, so the app and the
CLI can share an index. Adding files runs as a job outside this script (``jobs.py``): a
fragment polls its progress and offers "Abbrechen", and the session that started it gets the
outcome per file when it has finished, also if it was on another page meanwhile. While a job
writes, the other changes wait (they would only block this page on the index's lock).
Results are kept for one rerun so the sidebar counts are fresh when they are shown.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from council_qa.app import disclosure, jobs, resources, state, uploads
from council_qa.app.i18n import Lang, format_date, t, visibility_word
from council_qa.app.markup import escape_markdown
from council_qa.index.store import IndexError_
from council_qa.index.writer import update
from council_qa.types import Document, Visibility

_FLASH = "library_flash"
_ROUND = "upload_round"
_PENDING_REMOVE = "remove_pending"
_JOB = "ingest_job"  # the job this session started and has not been told the outcome of
POLL_SECONDS = 1.0


def _flash(kind: str, text: str) -> None:
    st.session_state.setdefault(_FLASH, []).append((kind, text))


def _show_flash() -> None:
    for kind, text in st.session_state.pop(_FLASH, []):
        {"success": st.success, "info": st.info, "error": st.error}[kind](escape_markdown(text))


def _name(doc: Document) -> str:
    return f"{doc.source} ({doc.resolution})" if doc.resolution else doc.source


def _table(documents: list[Document], lang: Lang) -> list[dict[str, Any]]:
    return [
        {
            t("col.resolution", lang): d.resolution,
            t("col.date", lang): format_date(d.date, lang),
            t("col.title", lang): d.title,
            t("col.kind", lang): d.kind,
            t("col.pages", lang): d.pages,
            t("col.clauses", lang): len(d.clauses),
            t("col.next_review", lang): format_date(d.next_review, lang) if d.next_review else None,
            t("col.signed_by", lang): d.signed_by,
            t("col.session", lang): d.session,
            t("col.source", lang): d.source,
            t("col.visibility", lang): visibility_word(d.visibility, lang),
            t("col.id", lang): d.document_id,
        }
        for d in documents
    ]


def _report(results: tuple[uploads.Result, ...], lang: Lang) -> None:
    for r in results:
        if r.outcome in ("rejected", "failed"):
            _flash("error", t(f"library.{r.outcome}", lang, name=r.name, reason=r.reason))
        elif r.outcome == "skipped":
            _flash("info", t("library.skipped", lang, name=r.name))
        elif r.outcome != "cancelled":  # the stop is reported once, below, with what made it in
            _flash("success", t(f"library.{r.outcome}", lang, name=r.name))


def _collect_job(lang: Lang) -> None:
    """Tell this session, once, how the ingest it started ended; after a stop, which files made it in."""
    job_id = st.session_state.get(_JOB)
    job = jobs.RUNNER.get(job_id)
    if job_id is None or (job is not None and not job.progress().finished):
        return
    del st.session_state[_JOB]
    if job is None:  # the server restarted meanwhile
        return
    progress = job.progress()
    _report(progress.results, lang)
    if progress.state == "cancelled":
        names = ", ".join(progress.added)
        _flash("info", t("library.cancelled", lang, names=names) if names else t("library.cancelled_none", lang))
    elif progress.state == "failed":
        _flash("error", t("library.job_failed", lang, error=progress.error))


def _cancel(job_id: str) -> None:
    job = jobs.RUNNER.get(job_id)
    if job is not None and resources.visibility() == "internal":  # a button drawn before a sign-out
        job.cancel()


@st.fragment(run_every=POLL_SECONDS)
def _job_progress(job_id: str) -> None:
    """The running ingest's progress, redrawn every second on its own; the whole page once it ends."""
    lang = state.language()
    job = jobs.RUNNER.get(job_id)
    progress = job.progress() if job is not None else None
    if progress is None or progress.finished:
        st.rerun()  # the outcome, the table and the counts are the whole page's business
        return
    if progress.cancelling:
        text = t("library.job_cancelling", lang)
    else:
        name = escape_markdown(progress.current or "")
        text = t("library.progress", lang, name=name, done=min(progress.done + 1, progress.total), total=progress.total)
    with st.container(key="ingest-job"):
        st.progress(progress.done / max(progress.total, 1), text=text)
        st.button(
            t("library.job_cancel", lang),
            key="ingest-cancel",
            icon=":material/cancel:",
            on_click=_cancel,
            args=(job_id,),
            disabled=progress.cancelling,
        )


def _upload(lang: Lang, busy: bool) -> None:
    st.subheader(t("library.upload", lang), anchor=False)
    round_ = st.session_state.setdefault(_ROUND, 0)
    files = st.file_uploader(
        t("library.upload_label", lang, limit=uploads.MAX_UPLOAD_MB),
        type=list(uploads.ALLOWED_TYPES),
        accept_multiple_files=True,
        max_upload_size=uploads.MAX_UPLOAD_MB,
        key=f"upload-{round_}",
    )
    if not st.button(
        t("library.ingest", lang), key="ingest", type="primary", icon=":material/upload:", disabled=not files or busy
    ):
        return
    chosen = [uploads.Upload(f.name, f.getvalue()) for f in files or []]
    try:
        job = jobs.RUNNER.start(chosen, resources.index_dir(), resources.embedder())
    except jobs.Busy:  # another session started one a moment ago
        _flash("info", t("library.busy", lang))
    else:
        st.session_state[_JOB] = job.job_id
        st.session_state[_ROUND] = round_ + 1  # a new uploader key empties the widget
    st.rerun()


def _change(write: dict[str, Any], message: str) -> None:
    """One write to the index from a button's callback, after checking this session may still write."""
    lang = state.language()
    if resources.visibility() == "public":  # a callback of a button drawn before a sign-out or expiry
        return
    if jobs.RUNNER.running() is not None:
        _flash("info", t("library.busy", lang))
        return
    try:
        update(resources.index_dir(), resources.embedder(), **write)
    except (IndexError_, OSError) as exc:
        _flash("error", t("index_error", lang, error=exc))
        return
    _flash("success", message)


def _set_visibility(doc_id: str, name: str, target: Visibility) -> None:
    lang = state.language()
    message = t("library.visibility_changed", lang, name=name, visibility=visibility_word(target, lang))
    _change({"visibility": {doc_id: target}}, message)


def _visibility(catalogue: resources.Catalogue, lang: Lang, busy: bool) -> None:
    st.subheader(t("library.visibility", lang), anchor=False)
    docs = {d.document_id: d for d in catalogue.documents}
    left, right = st.columns([4, 1], vertical_alignment="bottom")
    choice = left.selectbox(
        t("library.visibility_pick", lang),
        options=list(docs),
        format_func=lambda i: f"{_name(docs[i])} · {visibility_word(docs[i].visibility, lang)}",
        index=None,
        placeholder=t("library.remove_placeholder", lang),
        key="visibility-choice",
    )
    doc = docs.get(choice) if choice else None
    target: Visibility = "public" if doc is not None and doc.visibility == "internal" else "internal"
    right.button(
        t(f"library.make_{target}", lang),
        key="visibility-set",
        icon=":material/visibility:" if target == "public" else ":material/visibility_off:",
        disabled=doc is None or busy,
        on_click=_set_visibility,
        args=(choice, doc.source if doc else "", target),
        width="stretch",
    )


def _remove_now(doc_id: str, name: str) -> None:
    st.session_state[_PENDING_REMOVE] = None
    _change({"remove": [doc_id]}, t("library.removed", state.language(), name=name))


def _cancel_remove() -> None:
    st.session_state[_PENDING_REMOVE] = None


def _remove(catalogue: resources.Catalogue, lang: Lang, busy: bool) -> None:
    st.subheader(t("library.remove", lang), anchor=False)
    names = {d.document_id: _name(d) for d in catalogue.documents}
    left, right = st.columns([4, 1], vertical_alignment="bottom")
    choice = left.selectbox(
        t("library.remove_pick", lang),
        options=list(names),
        format_func=names.__getitem__,
        index=None,
        placeholder=t("library.remove_placeholder", lang),
        key="remove-choice",
    )
    if right.button(
        t("library.remove_button", lang),
        key="remove",
        icon=":material/delete:",
        disabled=choice is None or busy,
        width="stretch",
    ):
        st.session_state[_PENDING_REMOVE] = choice
    pending = st.session_state.get(_PENDING_REMOVE)
    doc = catalogue.get(pending) if pending else None
    if doc is None:
        return
    name = doc.source
    st.warning(escape_markdown(t("library.remove_confirm", lang, name=name)), icon=":material/warning:")
    with st.container(horizontal=True):
        st.button(
            t("library.remove_yes", lang), type="primary", key="remove-yes", on_click=_remove_now, args=(pending, name)
        )
        st.button(t("library.remove_no", lang), key="remove-no", on_click=_cancel_remove)


def render() -> None:
    lang = state.language()
    staff = resources.visibility() == "internal"
    st.title(t("library.title", lang), anchor=False)
    if staff:
        _collect_job(lang)
    _show_flash()
    try:
        catalogue = resources.catalogue()
    except IndexError_ as exc:
        st.error(disclosure.index_problem(exc))
        return
    documents = list(catalogue.documents)
    if documents:
        st.caption(t("library.count", lang, count=len(documents)))
        st.dataframe(_table(documents, lang), hide_index=True)
    else:
        st.info(t("library.empty", lang))
    if not staff:  # the public sees neither the changes nor a running job's file names
        st.info(t("library.public", lang))
        return
    running = jobs.RUNNER.running()
    if running is not None:
        _job_progress(running.job_id)
        st.caption(t("library.busy", lang))
    _upload(lang, busy=running is not None)
    if documents:
        _visibility(catalogue, lang, busy=running is not None)
        _remove(catalogue, lang, busy=running is not None)


render()
