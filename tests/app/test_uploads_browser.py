"""Uploads and errors against the real server: ``council-qa app --auth`` on 127.0.0.1, with Debian's Chromium.

What is tested is the HTTP endpoint below the widget (``/_stcore/upload_file/<session>/<file>``),
which any browser session can call with its session id and its XSRF cookie, whatever the page
shows. The session ids are read from the real sessions' websocket traffic (Streamlit's
``NewSession`` message), the requests are sent as raw HTTP, and the server's memory is read
from ``/proc``.
"""

from __future__ import annotations

import select
import shutil
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from council_qa.app import uploads
from council_qa.auth.accounts import save_account
from council_qa.index import snapshot
from tests.app.test_app_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, START_TIMEOUT_S, RunningApp, serve
from tests.conftest import TEST_MEMOS

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium: apt-get install chromium"),
]
USER, PASSWORD = "mueller", "Rathaus-Zwickau 2026"
MEMO = TEST_MEMOS / "2020-12-08_Beschlusskontrolle_V2011-18_Haltestellen.txt"
MIB = 1024 * 1024


@pytest.fixture
def staff_app(app_index: Path, tmp_path: Path) -> Iterator[RunningApp]:
    index = tmp_path / "index"
    shutil.copytree(app_index, index, ignore=shutil.ignore_patterns("write.lock"))
    accounts = tmp_path / "accounts.yaml"
    save_account(accounts, USER, PASSWORD, "Petra Müller")
    with serve(index, tmp_path, "--auth", str(accounts)) as app:
        yield app


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def put_file(url: str, session_id: str, xsrf: str, size: int) -> int:
    """PUT a ``size``-byte file as the browser's uploader does; the HTTP status.

    The body is sent only if the server has not answered after the headers: a server that
    refuses from the headers alone (the gate, or Streamlit's Content-Length check) never
    receives it, which is the point.
    """
    parts = urlsplit(url)
    boundary = "cqa-boundary-7f3a"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.txt"\r\n'
        "Content-Type: text/plain\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    request = (
        f"PUT /_stcore/upload_file/{session_id}/{time.monotonic_ns()} HTTP/1.1\r\n"
        f"Host: {parts.netloc}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\n"
        f"Content-Length: {len(head) + size + len(tail)}\r\nX-Xsrftoken: {xsrf}\r\n"
        f"Cookie: _streamlit_xsrf={xsrf}\r\nConnection: close\r\n\r\n"
    ).encode()
    with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 80), timeout=60) as sock:
        sock.sendall(request)
        if not select.select([sock], [], [], 1.0)[0]:
            try:
                sock.sendall(head)
                block = b"x" * MIB
                for start in range(0, size, MIB):
                    sock.sendall(block[: min(MIB, size - start)])
                sock.sendall(tail)
            except (BrokenPipeError, ConnectionResetError):
                pass
        status_line = sock.makefile("rb").readline().decode()
    return int(status_line.split()[1])


class Session:
    """A browser page on the app and what its websocket says: the session id, the XSRF cookie."""

    def __init__(self, browser: Browser, url: str) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self.ids: list[str] = []

        def frame(payload: str | bytes) -> None:
            if isinstance(payload, bytes):
                msg = ForwardMsg.FromString(payload)
                if msg.WhichOneof("type") == "new_session" and msg.new_session.initialize.session_id:
                    self.ids.append(msg.new_session.initialize.session_id)

        self.context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="de-DE")
        self.page: Page = self.context.new_page()
        self.page.on("websocket", lambda ws: ws.on("framereceived", frame))
        self.page.goto(url)
        self.page.get_by_test_id("stChatInputTextArea").wait_for(timeout=START_TIMEOUT_S * 1000)

    @property
    def session_id(self) -> str:
        assert self.ids, "no NewSession message seen"
        return self.ids[-1]

    @property
    def xsrf(self) -> str:
        return next(c["value"] for c in self.context.cookies() if c["name"] == "_streamlit_xsrf")


@contextmanager
def chromium() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def sign_in_and_open_library(page: Page) -> None:
    from playwright.sync_api import expect

    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_label("Benutzername").fill(USER)
    sidebar.get_by_label("Passwort", exact=True).fill(PASSWORD)
    sidebar.get_by_role("button", name="Anmelden").click()
    expect(sidebar.get_by_text("Angemeldet als")).to_be_visible(timeout=15_000)
    sidebar.get_by_role("link", name="Dokumente").click()
    expect(page.get_by_test_id("stFileUploader")).to_be_visible(timeout=15_000)


def test_anonymous_session_cannot_store_files_staff_can_upload(staff_app: RunningApp, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    index = tmp_path / "index"  # the staff_app fixture's copy

    with chromium() as browser:
        public = Session(browser, staff_app.url)
        time.sleep(2)  # let the first run's model loading settle before measuring
        before = rss_mb(staff_app.pid)
        statuses = [put_file(staff_app.url, public.session_id, public.xsrf, 15 * MIB) for _ in range(8)]
        after = rss_mb(staff_app.pid)
        print(f"anonymous: 8 PUTs of 15 MiB -> {statuses}; server RSS {before:.0f} -> {after:.0f} MB")
        assert statuses == [403] * 8
        assert after - before < 30, (before, after)

        staff = Session(browser, staff_app.url)
        sign_in_and_open_library(staff.page)
        assert put_file(staff_app.url, staff.session_id, staff.xsrf, 1024) == 204  # the gate opens for staff
        over = put_file(staff_app.url, staff.session_id, staff.xsrf, (uploads.MAX_UPLOAD_MB + 1) * MIB)
        assert over == 413  # the transport limit is the library's, not Streamlit's 200 MB

        staff.page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(MEMO))
        expect(staff.page.get_by_role("button", name=f"Remove {MEMO.name}")).to_be_visible(timeout=15_000)
        staff.page.get_by_role("button", name="Indexieren").click()
        expect(staff.page.get_by_text(f"{MEMO.name}: aufgenommen")).to_be_visible(timeout=60_000)
        staff.page.screenshot(path=ARTIFACTS / "browser-6-staff-upload.png")
        assert public.session_id != staff.session_id
        assert put_file(staff_app.url, public.session_id, public.xsrf, 1024) == 403  # still shut for the public

        staff.page.get_by_test_id("stSidebar").get_by_role("button", name="Abmelden").click()
        expect(staff.page.get_by_test_id("stFileUploader")).to_have_count(0, timeout=15_000)
        assert put_file(staff_app.url, staff.session_id, staff.xsrf, 1024) == 403  # signed out: shut at once
    docs = snapshot.load(index).documents.values()
    assert [d.source for d in docs if d.source == MEMO.name] == [MEMO.name]


def test_refused_upload_is_logged_without_the_body(staff_app: RunningApp) -> None:
    with chromium() as browser:
        public = Session(browser, staff_app.url)
        assert put_file(staff_app.url, public.session_id, public.xsrf, 2 * MIB) == 403
    assert "refused an upload" in staff_app.log.read_text()


def test_an_uncaught_error_shows_the_public_no_server_path(app_index: Path, tmp_path: Path) -> None:
    """A damaged index file makes the page fail outside every handler: the public sees one sentence."""
    from playwright.sync_api import expect

    index = tmp_path / "index"
    shutil.copytree(app_index, index, ignore=shutil.ignore_patterns("write.lock"))
    (next(index.glob("generations/*/catalogue.jsonl"))).write_text("{not json\n")
    accounts = tmp_path / "accounts.yaml"
    save_account(accounts, USER, PASSWORD, "Petra Müller")
    with serve(index, tmp_path, "--auth", str(accounts)) as app, chromium() as browser:
        page = browser.new_page(locale="de-DE")
        page.goto(app.url)
        expect(page.get_by_text("Einzelheiten stehen im Server-Protokoll").first).to_be_visible(timeout=60_000)
        page.wait_for_timeout(1000)
        shown = page.locator("body").inner_text()
        assert str(tmp_path) not in shown and "Traceback" not in shown and ".py" not in shown, shown[-1500:]
    assert "JSONDecodeError" in app.log.read_text()  # the details went to the log
