"""Which browser sessions may store files on the server, and the door in front of Streamlit that asks.

Streamlit takes a PUT to ``/_stcore/upload_file/<session>/<file>`` from any live session and
holds the file in memory until that session ends, whether or not its page shows an uploader:
an anonymous visitor of the public chat could park hundreds of megabytes on the server, again
and again. Only a staff session that is looking at the library's uploader has a reason to
upload, so the app marks exactly those sessions here on every run (``permit_this_session``),
and ``UploadGate``, an ASGI middleware that ``serve.py`` puts in front of Streamlit's own
routes, answers every other PUT with 403 before it reads a byte of the body: a refused file is
never received, let alone held.

The gate refuses by default: every PUT (Streamlit's upload route is its only one) must name a
permitted session, so no spelling of the path can slip past it to the route behind.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

log = logging.getLogger("council_qa.app")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_UPLOAD_PATH = re.compile(r"/_stcore/upload_file/(?P<session>[^/]+)/[^/]+/?$")
_lock = threading.Lock()
_permitted: set[str] = set()


def permit(session_id: str, allowed: bool) -> None:
    """Let ``session_id`` upload (staff, uploader on screen), or stop it from uploading."""
    with _lock:
        if allowed:
            _permitted.add(session_id)
        else:
            _permitted.discard(session_id)


def permitted(session_id: str) -> bool:
    with _lock:
        return session_id in _permitted


def forget_ended(active: Callable[[str], bool]) -> None:
    """Drop sessions that have ended, so the set stays as small as the number of open staff tabs."""
    with _lock:
        for session_id in [s for s in _permitted if not active(s)]:
            _permitted.discard(session_id)


def permit_this_session(allowed: bool) -> None:
    """Mark the session running this script; without a Streamlit session (bare mode) nothing to do."""
    from streamlit import runtime
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None:
        return
    permit(ctx.session_id, allowed)
    if allowed and runtime.exists():
        forget_ended(runtime.get_instance().is_active_session)


def upload_session(path: str) -> str | None:
    """The session an upload URL names, or None if ``path`` is not an upload URL."""
    match = _UPLOAD_PATH.search(path)
    return match["session"] if match else None


class UploadGate:
    """ASGI middleware: a PUT for a session not permitted to upload gets 403, its body unread."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("method") == "PUT":
            session = upload_session(str(scope.get("path", "")))
            if session is None or not permitted(session):
                log.warning("refused an upload to a session that may not upload (%s)", (session or "no session")[:8])
                await _refuse(send)
                return
        await self.app(scope, receive, send)


async def _refuse(send: Send) -> None:
    body = b"Uploads are accepted only from a signed-in staff session showing the library's uploader.\n"
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),  # the unread body is not waited for
    ]
    await send({"type": "http.response.start", "status": 403, "headers": headers})
    await send({"type": "http.response.body", "body": body})
