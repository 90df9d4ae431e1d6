"""How the app is served and what it tells the public about the server.

The command line ``council-qa app`` execs, the launcher Streamlit finds in it, and which
sessions see server paths (the index folder, paths inside index errors).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.web.server.app_discovery import discover_asgi_app

from council_qa import cli
from council_qa.app import command, uploads
from council_qa.app.upload_gate import upload_session
from council_qa.auth.accounts import save_account
from tests.app.conftest import AppFactory
from tests.app.test_app_flows import ok, plain
from tests.app.test_app_signin import sign_in

USER, PASSWORD = "mueller", "Rathaus-Zwickau 2026"


def flag(argv: list[str], name: str) -> str:
    return argv[argv.index(name) + 1]


def test_cmd_app_execs_streamlit_with_the_library_upload_limit(
    monkeypatch: pytest.MonkeyPatch, app_index: Path
) -> None:
    execs: list[list[str]] = []

    def execve(path: str, argv: list[str], env: dict[str, str]) -> None:
        execs.append(argv)
        raise SystemExit(0)

    monkeypatch.setattr(os, "execve", execve)
    monkeypatch.delenv("COUNCIL_QA_AUTH", raising=False)
    with pytest.raises(SystemExit):
        cli.main(["app", "--index", str(app_index), "--port", "8765"])
    (argv,) = execs
    assert argv == command.streamlit_command(argv[0], "127.0.0.1", 8765)
    assert argv[1:5] == ["-m", "streamlit", "run", str(command.SERVE)]
    assert flag(argv, "--server.maxUploadSize") == str(uploads.MAX_UPLOAD_MB)  # not Streamlit's 200
    assert flag(argv, "--runner.magicEnabled") == "false"


def test_streamlit_serves_the_launcher_as_an_asgi_app_with_our_gate() -> None:
    found = discover_asgi_app(command.SERVE)
    assert found.is_asgi_app and found.import_string == "serve:app"  # else it would run as a plain script


@pytest.mark.parametrize(
    ("path", "session"),
    [
        ("/_stcore/upload_file/3f1c/9a2b", "3f1c"),
        ("/council/_stcore/upload_file/3f1c/9a2b", "3f1c"),  # under server.baseUrlPath
        ("/_stcore/upload_file/3f1c", None),
        ("/_stcore/health", None),
    ],
)
def test_upload_urls_name_their_session(path: str, session: str | None) -> None:
    assert upload_session(path) == session


def everything_shown(at: AppTest) -> str:
    """The text of every message, caption and markdown on the page and in the sidebar."""
    parts = []
    for tree in (at, at.sidebar):
        for kind in (tree.error, tree.warning, tree.info, tree.success, tree.caption, tree.markdown):
            parts.extend(plain(e.value) for e in kind)
    return "\n".join(parts)


def test_the_index_path_is_shown_to_staff_only(start_app: AppFactory, app_index: Path, tmp_path: Path) -> None:
    accounts = tmp_path / "accounts.yaml"
    save_account(accounts, USER, PASSWORD, "Petra Müller")
    at = ok(start_app(app_index, auth=accounts))
    for page in ("views/chat.py", "views/board.py", "views/library.py"):
        at = ok(at.switch_page(page).run())
        assert str(app_index) not in everything_shown(at), page
    at = sign_in(at, USER, PASSWORD)
    assert str(app_index) in everything_shown(at)  # staff see where the index is

    public_mode = ok(start_app(app_index, visibility="public"))
    assert str(app_index) not in everything_shown(public_mode)
    internal_mode = ok(start_app(app_index))  # an app without a public side: everyone is staff
    assert str(app_index) in everything_shown(internal_mode)


def test_an_index_error_names_no_server_path_to_the_public(start_app: AppFactory, own_index: Path) -> None:
    manifest = own_index / "MANIFEST.json"
    manifest.write_text(json.dumps({**json.loads(manifest.read_text()), "format_version": 1}))
    public = ok(start_app(own_index, visibility="public"))
    for page in ("views/chat.py", "views/board.py", "views/library.py"):
        public = ok(public.switch_page(page).run())
        shown = everything_shown(public)
        assert "Einzelheiten stehen im Server-Protokoll" in shown and str(own_index) not in shown, page
    staff = ok(start_app(own_index))
    assert str(own_index) in everything_shown(staff) and "format version 1" in everything_shown(staff)
