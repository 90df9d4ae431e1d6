"""The sidebar: what is indexed, the UI language and a fresh start."""

from __future__ import annotations

import streamlit as st

from council_qa.app import resources, state
from council_qa.app.i18n import LANG_NAMES, LANGS, t
from council_qa.index.store import IndexError_


def render() -> None:
    lang = state.language()
    with st.sidebar:
        st.segmented_control(
            t("sidebar.language", lang),
            options=LANGS,
            format_func=lambda code: LANG_NAMES[code],
            key=state.LANG_KEY,
            required=True,
        )
        st.button(
            t("sidebar.new_chat", lang),
            icon=":material/add_comment:",
            on_click=state.new_conversation,
            width="stretch",
        )
        st.divider()
        st.caption(t("sidebar.index", lang))
        try:
            snap = resources.answerer().snapshot()
        except IndexError_ as exc:
            st.error(t("index_error", lang, error=exc))
            return
        visible = [d for d in snap.documents.values() if resources.visibility() == "internal" or d.visibility == "public"]
        left, right = st.columns(2)
        left.metric(t("sidebar.documents", lang), len(visible))
        right.metric(t("sidebar.generation", lang), snap.generation or "—")
        st.caption(str(resources.index_dir()))
        if resources.visibility() == "public":
            st.caption(t("sidebar.public", lang))
