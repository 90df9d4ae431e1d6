"""The command line that serves the app, built apart from ``council-qa app`` so it can be checked.

``council-qa app`` execs it (one process, signals reach the server). It runs ``serve.py``,
whose ``st.App`` puts the upload gate in front of Streamlit, and sets Streamlit's own upload
limit (``server.maxUploadSize``, 200 MB by default) to the library's: a larger body is refused
by the server while it streams in, not read to the end and then rejected by the widget.
"""

from __future__ import annotations

from pathlib import Path

from council_qa.app.limits import MAX_UPLOAD_MB

SERVE = Path(__file__).with_name("serve.py")


def streamlit_command(python: str, address: str, port: int) -> list[str]:
    """``python -m streamlit run serve.py`` with the flags the app is served with."""
    return [
        python, "-m", "streamlit", "run", str(SERVE),
        "--server.address", address, "--server.port", str(port),
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.maxUploadSize", str(MAX_UPLOAD_MB),
        # No "magic": it ast.parses every page on every rerun, and CPython 3.11's AST
        # constructor keeps its recursion depth per interpreter, so two sessions parsing at
        # once can fail with "AST constructor recursion depth mismatch" (cpython gh-106905).
        "--runner.magicEnabled", "false",
    ]  # fmt: skip
