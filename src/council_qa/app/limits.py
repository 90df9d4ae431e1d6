"""The upload limit, in a module of its own so the command that starts the server can read it
without importing the ingest pipeline: Streamlit's transport limit is set to the same value."""

from __future__ import annotations

MAX_UPLOAD_MB = 20
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
