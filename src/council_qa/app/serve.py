"""What ``council-qa app`` serves: the app (``main.py``) as an ``st.App``, behind our upload gate.

``streamlit run`` serves a script that defines an ``st.App`` as an ASGI app; that is
Streamlit's supported way to put middleware in front of its own routes. So the command line
stays ``python -m streamlit run serve.py --server.…``: Streamlit parses the flags, uvicorn runs
in this one process and handles SIGTERM and SIGINT. The gate (``upload_gate.UploadGate``)
refuses uploads from every session the app has not marked as a staff session showing the
library's uploader; at shutdown a running ingest job is stopped at its next safe point; an
uncaught error shows the public a plain notice instead of Streamlit's traceback.

Streamlit finds ``app`` by reading this file (it must stay a module-level ``st.App(...)`` call).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import streamlit as st
from starlette.middleware import Middleware

from council_qa.app.jobs import RUNNER
from council_qa.app.upload_gate import UploadGate
from council_qa.ingest import scratch

log = logging.getLogger("council_qa.app")
MAIN = Path(__file__).with_name("main.py")
SHUTDOWN_WAIT_SECONDS = 20.0  # a stop lands between embedding batches, a few seconds at most


@asynccontextmanager
async def lifespan(_app: Any) -> AsyncIterator[None]:
    """Clear scratch folders a killed server left; at shutdown, stop a running ingest cleanly."""
    swept = scratch.sweep()
    if swept:
        log.info("removed %d scratch folders left by ended processes", len(swept))
    yield
    if RUNNER.running() is not None:
        log.warning("server stopping: the running ingest is stopped at its next safe point")
    RUNNER.shutdown(SHUTDOWN_WAIT_SECONDS)


def on_script_error(exc: Exception) -> bool | None:
    """An uncaught error in a page: a public session gets a plain notice, not a traceback of server paths.

    Imported here, in a script run: the app's modules set up Streamlit caches when imported.
    """
    from council_qa.app.disclosure import on_script_error as show

    return show(exc)


app = st.App(str(MAIN), middleware=[Middleware(UploadGate)], lifespan=lifespan, on_script_error=on_script_error)
