"""The chat page: questions in, answers with citation chips out, the cited source beside them.

Follow-ups work because every earlier answered question goes along as ``history``. Nothing
the engine raises reaches the user as a traceback: known problems get a plain sentence,
anything else a short notice while the details go to the server log.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator

import streamlit as st

from council_qa.answer.validation import MAX_QUESTION_CHARS
from council_qa.app import disclosure, resources, state, viewer
from council_qa.app.citing import chip_label, groups
from council_qa.app.i18n import Lang, status_word, t
from council_qa.app.markup import escape_markdown
from council_qa.app.style import STATUS_COLORS
from council_qa.index.store import IndexError_
from council_qa.types import Answer

log = logging.getLogger("council_qa.app")
_USER = ":material/person:"
_ASSISTANT = ":material/account_balance:"
_STREAM_SECONDS = 0.8  # a long answer appears within this time; a short one word by word


def _words(text: str) -> Iterator[str]:
    """The answer word by word, so it reads as it arrives; the answer itself is already complete."""
    words = re.findall(r"\s*\S+", text)
    delay = min(0.03, _STREAM_SECONDS / max(len(words), 1))
    for word in words:
        yield word
        time.sleep(delay)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + " …"


def _problem(question: str, lang: Lang) -> str | None:
    """What is wrong with the question before the engine sees it, in the user's language."""
    text = question.strip()
    if not text:
        return t("chat.empty_question", lang)
    if len(text) > MAX_QUESTION_CHARS:
        return t("chat.too_long", lang, length=len(text), limit=MAX_QUESTION_CHARS)
    return None


def _show_answer(index: int, answer: Answer, lang: Lang, stream: bool = False) -> None:
    if answer.status and answer.answerable:
        # An answer may cover several resolutions; the status belongs to the one it is about.
        about = " · ".join(
            x for x in (answer.resolution, answer.clause and t("cite.clause", lang, clause=answer.clause)) if x
        )
        label = f"{about}: {status_word(answer.status, lang)}" if about else status_word(answer.status, lang)
        st.badge(escape_markdown(label), color=STATUS_COLORS[answer.status])
    text = escape_markdown(answer.answer)
    if stream:
        st.write_stream(_words(text))
    else:
        st.markdown(text)
    if not answer.citations:
        return
    selected = state.selected_position()
    with st.container(horizontal=True, gap="small"):
        for group in groups(answer.citations):
            first = answer.citations[group[0]]
            quote = _shorten(answer.citations[group[0]].quote, 160)
            st.button(
                escape_markdown(chip_label(first, lang)),
                key=f"cite-{index}-{group[0]}",
                icon=":material/description:",
                type="primary" if selected == (index, group[0]) else "secondary",
                help=escape_markdown(f"{quote} — {first.source}"),
                on_click=state.select_citation,
                args=(index, group[0]),
            )


def _show_turn(index: int, turn: state.Turn, lang: Lang) -> None:
    with st.chat_message("user", avatar=_USER):
        st.markdown(escape_markdown(turn.question))
    with st.chat_message("assistant", avatar=_ASSISTANT):
        if turn.answer is not None:
            _show_answer(index, turn.answer, lang)
        elif turn.problem:
            st.warning(turn.problem)


def _ask(question: str, lang: Lang) -> None:
    """Answer a new question in place: user bubble, spinner, streamed answer, chips."""
    problem = _problem(question, lang)
    if problem:
        st.warning(problem, icon=":material/edit_note:")
        return
    with st.chat_message("user", avatar=_USER):
        st.markdown(escape_markdown(question.strip()))
    with st.chat_message("assistant", avatar=_ASSISTANT):
        from council_qa.answer.engine import QuestionError  # loaded by now (warm-up) or loads here

        try:
            answerer = resources.answerer()  # waits here if the model is still loading
            with st.spinner(t("chat.thinking", lang)):
                answer = answerer.ask(question, state.history())
        except QuestionError as exc:
            st.warning(str(exc))
            return
        except IndexError_ as exc:
            st.error(disclosure.index_problem(exc, "chat.error"))
            return
        except Exception:
            log.exception("answering %r failed", question)
            st.error(t("chat.internal_error", lang))
            return
        index = state.add_turn(state.Turn(question.strip(), answer))
        _show_answer(index, answer, lang, stream=True)


def _intro(lang: Lang) -> None:
    st.title(t("chat.title", lang), anchor=False)
    st.markdown(t("chat.intro", lang))
    try:
        empty_index = not resources.catalogue().documents
    except IndexError_ as exc:
        st.error(disclosure.index_problem(exc))
        return
    if empty_index:
        st.info(t("chat.empty_index", lang), icon=":material/upload_file:")
        return
    st.caption(t("chat.examples", lang))
    with st.container(horizontal=True, gap="small"):
        for key in ("chat.example1", "chat.example2", "chat.example3"):
            example = t(key, lang)
            st.button(
                example, key=f"example-{key}", icon=":material/help_outline:", on_click=state.ask_later, args=(example,)
            )


def render() -> None:
    lang = state.language()
    prompt = st.chat_input(t("chat.placeholder", lang), max_chars=MAX_QUESTION_CHARS)
    question = prompt if prompt is not None else state.take_pending()
    if question is not None:
        state.close_citation()
    citations = state.selected_citations()
    if citations:
        chat_column, source_column = st.columns([3, 2], gap="large")
    else:
        chat_column, source_column = st.container(), None
    with chat_column:
        if not state.turns() and question is None:
            _intro(lang)
        for index, turn in enumerate(state.turns()):
            _show_turn(index, turn, lang)
        if question is not None:
            _ask(question, lang)
    if source_column is not None and citations:
        with source_column:
            viewer.render(citations, lang)


render()
