"""The per-browser-session state: UI language, the conversation and the open citation.

Streamlit reruns the page script on every click, so everything a user built up (questions,
answers, the source they are reading) is kept here, behind typed accessors, instead of in
loose ``st.session_state`` keys scattered over the pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import streamlit as st

from council_qa.app.citing import group_of
from council_qa.app.i18n import LANGS, Lang
from council_qa.auth.accounts import Account
from council_qa.types import Answer, Citation

LANG_KEY = "lang"
THROTTLE_KEY = "signin_throttle"  # failed sign-ins survive a sign-out, so signing out resets no counter
_TURNS = "turns"
_SELECTED = "selected_citation"
_PENDING = "pending_question"
_STAFF = "staff_account"


@dataclass(frozen=True)
class Turn:
    """One exchange: the question and either an answer or the reason there is none."""

    question: str
    answer: Answer | None = None
    problem: str | None = None


def language() -> Lang:
    """The UI language; German until the user picks English in the sidebar."""
    value = st.session_state.get(LANG_KEY, "de")
    return cast(Lang, value) if value in LANGS else "de"


def turns() -> list[Turn]:
    return cast(list[Turn], st.session_state.setdefault(_TURNS, []))


def add_turn(turn: Turn) -> int:
    """Append a turn; returns its index (citation chips are keyed by it)."""
    items = turns()
    items.append(turn)
    return len(items) - 1


def history() -> list[str]:
    """Earlier questions that were answered, oldest first: what a follow-up refers back to."""
    return [turn.question for turn in turns() if turn.answer is not None]


def new_conversation() -> None:
    st.session_state[_TURNS] = []
    st.session_state[_SELECTED] = None
    st.session_state[_PENDING] = None


def select_citation(turn: int, index: int) -> None:
    st.session_state[_SELECTED] = (turn, index)


def close_citation() -> None:
    st.session_state[_SELECTED] = None


def selected_position() -> tuple[int, int] | None:
    value = st.session_state.get(_SELECTED)
    return cast(tuple[int, int], value) if value else None


def selected_citations() -> list[Citation]:
    """The citations open in the source viewer (one chip's group); empty if none is open."""
    position = selected_position()
    if position is None:
        return []
    turn_index, index = position
    items = turns()
    answer = items[turn_index].answer if turn_index < len(items) else None
    return group_of(answer.citations, index) if answer is not None else []


def ask_later(question: str) -> None:
    """Queue a question (an example button was clicked); the chat page asks it on this rerun."""
    st.session_state[_PENDING] = question


def take_pending() -> str | None:
    value = st.session_state.get(_PENDING)
    st.session_state[_PENDING] = None
    return cast(str | None, value)


def staff() -> Account | None:
    """The account this session signed in with (checked against the file by ``resources.staff``)."""
    return cast(Account | None, st.session_state.get(_STAFF))


def sign_in(account: Account) -> None:
    st.session_state[_STAFF] = account


def sign_out() -> None:
    """Back to a fresh public session: all but the language and the sign-in throttle is dropped.

    Everything else may hold what only staff may see: answers and their quotes, the open source,
    a document picked for removal, upload results. Dropping every key, rather than a list of
    known ones, also covers state that pages add later.
    """
    for key in list(st.session_state.keys()):
        if key not in (LANG_KEY, THROTTLE_KEY):
            del st.session_state[key]
