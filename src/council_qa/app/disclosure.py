"""What a session is told about the server itself: paths and error details for staff only.

An index error names the index folder ("index /srv/council/index has format version …"), and
Streamlit's own error box shows a traceback full of server paths. Staff need both to fix the
problem; the public needs neither, and a path tells an outsider how the server is laid out.
Public sessions therefore get one plain sentence while the details go to the server log.
"""

from __future__ import annotations

import logging

import streamlit as st

from council_qa.app import resources, state
from council_qa.app.i18n import t

log = logging.getLogger("council_qa.app")


def staff_view() -> bool:
    """True where the session may see server details: a staff session, or an app without a public mode."""
    return resources.visibility() == "internal"


def index_problem(exc: Exception, key: str = "index_error") -> str:
    """``t(key, error=exc)`` for staff; for the public the same problem without its details (logged)."""
    lang = state.language()
    if staff_view():
        return t(key, lang, error=exc)
    log.warning("shown to a public session without details: %s", exc)
    return t("server_problem", lang)


def on_script_error(exc: Exception) -> bool | None:
    """``st.App``'s hook for an uncaught error: a public session sees a plain notice, not the traceback.

    Streamlit has logged the traceback already. Returning None keeps Streamlit's own display
    (staff); True suppresses it.
    """
    try:
        if staff_view():
            return None
        st.error(t("server_problem", state.language()))
    except Exception:  # the session itself is broken: show nothing rather than the traceback
        log.exception("could not decide how to show an error")
    return True
