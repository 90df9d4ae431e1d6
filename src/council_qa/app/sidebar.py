"""The sidebar: what is indexed, the UI language, a fresh start and, with accounts, staff sign-in.

Where the index lives on the server is shown to staff only (``disclosure.staff_view``).
"""

from __future__ import annotations

import streamlit as st

from council_qa.app import disclosure, resources, signin, state
from council_qa.app.i18n import LANG_NAMES, LANGS, t
from council_qa.app.markup import escape_markdown
from council_qa.index.store import IndexError_


def render() -> None:
    lang = state.language()
    with st.sidebar:
        st.segmented_control(
            t("sidebar.language", lang),
            options=LANGS,
            format_func=lambda code: LANG_NAMES[code],
            key=state.LANG_KEY,
            default="de",
            required=True,
        )
        st.button(
            t("sidebar.new_chat", lang),
            key="new-chat",
            icon=":material/add_comment:",
            on_click=state.new_conversation,
            width="stretch",
        )
        signin.render(lang)
        st.divider()
        st.caption(t("sidebar.index", lang))
        try:
            catalogue = resources.catalogue()
        except IndexError_ as exc:
            st.error(disclosure.index_problem(exc))
            return
        st.metric(t("sidebar.documents", lang), len(catalogue.documents))
        generation = f"{t('sidebar.generation', lang)} {catalogue.generation or '—'}"
        if disclosure.staff_view():  # the server's folders are no business of the public
            st.caption(escape_markdown(f"{generation} · {resources.index_dir()}"))
        else:
            st.caption(escape_markdown(generation))
            st.caption(t("sidebar.public", lang))
