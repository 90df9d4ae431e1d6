"""Staff sign-in in the sidebar, and the throttle on failed tries.

Only active with an accounts file (``council-qa app --auth FILE``). A session starts public;
signing in stores the account in the session (``state.sign_in``), and ``resources.visibility``
reads it on every rerun, so the answerer, the document list and the library follow it.

Why not streamlit-authenticator's ``login`` widget: see the README's libraries table. In short,
it locks an account for everyone after N failures typed by anyone, answers an unknown user
name faster than a wrong password, and keeps staff signed in through a cookie instead of per
browser session. This form uses the same file layout and bcrypt hashes.

A failed try costs a second, and after ``MAX_FAILURES`` in a row the session may not try again
for ``LOCK_SECONDS`` (doubling with each lock-out). The message never says whether the user
name or the password was wrong.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass, replace
from typing import cast

import streamlit as st

from council_qa.app import resources, state
from council_qa.app.i18n import Lang, t
from council_qa.app.markup import escape_markdown
from council_qa.auth.accounts import AccountsError, verify

log = logging.getLogger("council_qa.app")
FAIL_DELAY_SECONDS = 1.0
MAX_FAILURES = 5
LOCK_SECONDS = 60.0
MAX_LOCK_SECONDS = 15 * 60.0
USER_KEY = "signin-user"
PASSWORD_KEY = "signin-password"
_MESSAGE = "signin_message"


@dataclass(frozen=True)
class Throttle:
    """Failed sign-ins of one session: ``failures`` in a row, and until when it is locked out."""

    failures: int = 0
    lockouts: int = 0
    locked_until: float = 0.0

    def wait(self, now: float) -> int:
        """Whole seconds until the session may try again; 0 if it may now."""
        return max(0, math.ceil(self.locked_until - now))

    def failed(self, now: float) -> Throttle:
        failures = self.failures + 1
        if failures < MAX_FAILURES:
            return replace(self, failures=failures)
        lockouts = self.lockouts + 1
        return Throttle(0, lockouts, now + min(LOCK_SECONDS * 2 ** (lockouts - 1), MAX_LOCK_SECONDS))


def _throttle() -> Throttle:
    return cast(Throttle, st.session_state.get(state.THROTTLE_KEY) or Throttle())


def _say(kind: str, key: str, **values: object) -> None:
    """Keep a message for the sidebar: callbacks run before the script, so it is drawn this run."""
    st.session_state[_MESSAGE] = (kind, key, values)


def _submit() -> None:
    username = str(st.session_state.get(USER_KEY) or "")
    password = str(st.session_state.get(PASSWORD_KEY) or "")
    st.session_state[PASSWORD_KEY] = ""  # never kept, never sent back to the browser
    throttle = _throttle()
    if wait := throttle.wait(time.monotonic()):
        _say("error", "signin.locked", seconds=wait)  # not even checked: a locked session cannot guess
        return
    try:
        account = verify(resources.accounts(), username, password)
    except AccountsError as exc:
        log.error("sign-in impossible: %s", exc)
        _say("error", "signin.unavailable")
        return
    if account is None:
        time.sleep(FAIL_DELAY_SECONDS)
        throttle = throttle.failed(time.monotonic())
        st.session_state[state.THROTTLE_KEY] = throttle
        # What was typed is not logged: a password typed into the user-name field would land in the log.
        log.warning("failed sign-in (%d in a row, %d lock-outs in this session)", throttle.failures, throttle.lockouts)
        wait = throttle.wait(time.monotonic())
        _say("error", "signin.locked" if wait else "signin.failed", seconds=wait)
        return
    st.session_state[state.THROTTLE_KEY] = Throttle()
    state.sign_in(account)
    log.info("%s signed in", account.username)


def _sign_out() -> None:
    account = state.staff()
    state.sign_out()
    log.info("%s signed out", account.username if account else "a session")
    _say("info", "signin.signed_out")


def check() -> None:
    """End this session's sign-in if its account was removed or got a new password.

    Run before any page is drawn, so the conversation held from the signed-in time is gone
    before it could be shown in public mode.
    """
    if state.staff() is not None and resources.staff() is None:
        state.sign_out()
        _say("info", "signin.expired")


def _show_message(lang: Lang) -> None:
    message = st.session_state.pop(_MESSAGE, None)
    if message is not None:
        kind, key, values = message
        (st.error if kind == "error" else st.info)(t(key, lang, **values))


def render(lang: Lang) -> None:
    """The sign-in form, or who is signed in and a sign-out button; nothing without an accounts file."""
    if resources.auth_file() is None:
        return
    st.divider()
    account = resources.staff()
    if account is not None:
        st.caption(t("signin.as", lang, name=escape_markdown(account.name)))
        st.button(
            t("signin.signout", lang), key="sign-out", icon=":material/logout:", on_click=_sign_out, width="stretch"
        )
        _show_message(lang)
        return
    try:
        resources.accounts()
    except AccountsError as exc:
        log.error("sign-in impossible: %s", exc)
        st.error(t("signin.unavailable", lang))
        return
    with st.form("sign-in-form", border=False):
        st.caption(t("signin.title", lang))
        st.text_input(t("signin.user", lang), key=USER_KEY, autocomplete="username")
        st.text_input(t("signin.password", lang), key=PASSWORD_KEY, type="password", autocomplete="current-password")
        st.form_submit_button(
            t("signin.submit", lang), key="sign-in", icon=":material/login:", on_click=_submit, width="stretch"
        )
    _show_message(lang)
