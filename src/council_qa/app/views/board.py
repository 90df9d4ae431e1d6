"""The status board: every clause of every resolution with its reported state, at a glance.

Each resolution is one compact table (one HTML element instead of a widget per cell, so a
council with hundreds of clauses still renders quickly); all text in it is escaped.
"""

from __future__ import annotations

import streamlit as st

from council_qa.app import board_data, disclosure, resources, state
from council_qa.app.i18n import Lang, format_date, status_word, t
from council_qa.app.markup import escape_html, escape_markdown
from council_qa.app.style import STATUS_COLORS
from council_qa.index.store import IndexError_
from council_qa.types import STATUSES

_CLAUSE_TEXT_CHARS = 220


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _table(item: board_data.Resolution, lang: Lang) -> str:
    quote_open, quote_close = ("„", "“") if lang == "de" else ("“", "”")
    rows = []
    for row in item.rows:
        c = row.clause
        word = escape_html(status_word(c.status, lang))
        badge = f'<span class="cq-badge cq-badge-{STATUS_COLORS[c.status]}">{word}</span>'
        said = f"{quote_open}{escape_html(row.verdict)}{quote_close}" if row.verdict else "—"
        if row.verdict_page:
            said += f" <small>({escape_html(t('cite.page', lang, page=row.verdict_page))})</small>"
        wording = _shorten(c.resolution_text, _CLAUSE_TEXT_CHARS)
        rows.append(
            f'<tr data-status="{c.status}"><td class="cq-label">{escape_html(c.label)}</td>'
            f'<td class="cq-status">{badge}</td>'
            f'<td><span class="cq-clause-text">{escape_html(wording)}</span>{said}</td>'
            f'<td class="cq-pages">{escape_html(", ".join(str(p) for p in c.pages))}</td></tr>'
        )
    head = "".join(
        f"<th>{escape_html(t(k, lang))}</th>"
        for k in ("board.col.clause", "board.col.status", "board.col.verdict", "board.col.pages")
    )
    return f'<table class="cq-board"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _counts(items: list[board_data.Resolution], lang: Lang) -> None:
    counts = board_data.status_counts(items)
    with st.container(horizontal=True, gap="small"):
        for status in STATUSES:
            if counts.get(status):
                st.badge(f"{status_word(status, lang)}: {counts[status]}", color=STATUS_COLORS[status])


def render() -> None:
    lang = state.language()
    st.title(t("board.title", lang), anchor=False)
    st.caption(t("board.intro", lang))
    try:
        documents = resources.catalogue().documents
    except IndexError_ as exc:
        st.error(disclosure.index_problem(exc))
        return
    if not board_data.resolutions(documents):
        st.info(t("board.none", lang))
        return
    controls, export = st.columns([3, 1], vertical_alignment="center")
    open_only = controls.toggle(t("board.open_only", lang), key="board-open-only")
    items = board_data.resolutions(documents, open_only=open_only)
    export.download_button(
        t("board.export", lang),
        data=board_data.to_csv(items, lang),
        file_name="beschlussstatus.csv" if lang == "de" else "resolution-status.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        width="stretch",
    )
    _counts(items, lang)
    if not items:
        st.success(t("board.all_done", lang))
        return
    for item in items:
        memo = item.memo
        with st.container(border=True):
            title = f"{item.resolution} — {memo.title}" if memo.title else item.resolution
            st.markdown(f"#### {escape_markdown(title)}", anchors=False)
            facts = [t("board.memo", lang, date=format_date(memo.date, lang))]
            if memo.next_review:
                facts.append(t("board.next_review", lang, date=format_date(memo.next_review, lang)))
            if item.older_dates:
                older = ", ".join(format_date(d, lang) for d in item.older_dates)
                facts.append(t("board.older", lang, dates=older))
            facts.append(memo.source)
            st.caption(escape_markdown(" · ".join(facts)))
            st.html(_table(item, lang))


render()
