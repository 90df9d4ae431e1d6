"""The library: what is indexed, adding files (with progress) and removing a document.

Changes go through the same writer as ``council-qa ingest``/``remove``, so the app and the
CLI can share an index; results are kept for one rerun so the sidebar counts are fresh when
they are shown.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from council_qa.app import resources, state, uploads
from council_qa.app.i18n import Lang, format_date, t
from council_qa.app.markup import escape_markdown
from council_qa.index.store import IndexError_
from council_qa.index.writer import update
from council_qa.types import Document

_FLASH = "library_flash"
_ROUND = "upload_round"
_PENDING_REMOVE = "remove_pending"


def _flash(kind: str, text: str) -> None:
    st.session_state.setdefault(_FLASH, []).append((kind, text))


def _show_flash() -> None:
    for kind, text in st.session_state.pop(_FLASH, []):
        {"success": st.success, "info": st.info, "error": st.error}[kind](escape_markdown(text))


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
            t("col.visibility", lang): d.visibility,
            t("col.id", lang): d.document_id,
        }
        for d in documents
    ]


def _report(results: list[uploads.Result]) -> None:
    lang = state.language()
    for r in results:
        if r.outcome in ("rejected", "failed"):
            _flash("error", t(f"library.{r.outcome}", lang, name=r.name, reason=r.reason))
        elif r.outcome == "skipped":
            _flash("info", t("library.skipped", lang, name=r.name))
        else:
            _flash("success", t(f"library.{r.outcome}", lang, name=r.name))


def _upload(lang: Lang) -> None:
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
        t("library.ingest", lang), key="ingest", type="primary", icon=":material/upload:", disabled=not files
    ):
        return
    chosen = list(files or [])
    bar = st.progress(0.0)

    def progress(done: int, name: str) -> None:
        bar.progress(
            done / len(chosen),
            text=t("library.progress", lang, name=escape_markdown(name), done=done + 1, total=len(chosen)),
        )

    results = uploads.ingest(
        [uploads.Upload(f.name, f.getvalue()) for f in chosen],
        resources.index_dir(),
        resources.embedder(),
        progress,
    )
    bar.progress(1.0, text=t("library.progress_done", lang))
    _report(results)
    st.session_state[_ROUND] = round_ + 1  # a new uploader key empties the widget
    st.rerun()


def _remove_now(doc_id: str, name: str) -> None:
    lang = state.language()
    st.session_state[_PENDING_REMOVE] = None
    if resources.visibility() == "public":  # a callback of a button drawn before a sign-out or expiry
        return
    try:
        update(resources.index_dir(), resources.embedder(), remove=[doc_id])
    except (IndexError_, OSError) as exc:
        _flash("error", t("index_error", lang, error=exc))
        return
    _flash("success", t("library.removed", lang, name=name))


def _cancel_remove() -> None:
    st.session_state[_PENDING_REMOVE] = None


def _remove(catalogue: resources.Catalogue, lang: Lang) -> None:
    st.subheader(t("library.remove", lang), anchor=False)
    names = {d.document_id: f"{d.source} ({d.resolution})" if d.resolution else d.source for d in catalogue.documents}
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
        disabled=choice is None,
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
    st.title(t("library.title", lang), anchor=False)
    _show_flash()
    try:
        catalogue = resources.catalogue()
    except IndexError_ as exc:
        st.error(t("index_error", lang, error=exc))
        return
    documents = list(catalogue.documents)
    if documents:
        st.caption(t("library.count", lang, count=len(documents)))
        st.dataframe(_table(documents, lang), hide_index=True)
    else:
        st.info(t("library.empty", lang))
    if resources.visibility() == "public":
        st.info(t("library.public", lang))
        return
    _upload(lang)
    if documents:
        _remove(catalogue, lang)


render()
