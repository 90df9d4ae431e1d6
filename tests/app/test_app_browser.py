"""The real app in a real browser: ``council-qa app`` driven by Debian's Chromium via Playwright.

Nothing is downloaded: the test uses /usr/bin/chromium (``apt-get install chromium``) and is
skipped, saying so, where that is missing. Screenshots and timings go to ``test-artifacts/``.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.conftest import ROOT

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]  # fmt: skip
ARTIFACTS = ROOT / "test-artifacts"
START_TIMEOUT_S = 60

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium: apt-get install chromium"),
]


@dataclass
class RunningApp:
    url: str
    started: float  # time.monotonic() just before the process was started
    log: Path
    pid: int  # the server itself: `council-qa app` execs Streamlit in its own process


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"council-qa app exited with {process.returncode}:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"council-qa app not healthy after {START_TIMEOUT_S}s:\n{log.read_text()[-2000:]}")


@contextmanager
def serve(index: Path, tmp_path: Path, *options: str) -> Iterator[RunningApp]:
    """``council-qa app --index … --port …`` as a user starts it; stopped (with its Streamlit child) after."""
    port = _free_port()
    log = tmp_path / "app.log"
    started = time.monotonic()
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "council_qa.cli", "app", "--index", str(index), "--port", str(port), *options],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the Streamlit child is stopped with it
        )
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_healthy(url, process, log)
        yield RunningApp(url, started, log, process.pid)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@contextmanager
def _chat(url: str) -> Iterator[tuple[Page, Locator]]:
    """A German browser page on the app with its chat input ready to type into."""
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="de-DE")
            page.goto(url)
            box = page.get_by_test_id("stChatInputTextArea")
            expect(box).to_be_editable(timeout=START_TIMEOUT_S * 1000)
            yield page, box
        finally:
            browser.close()


@pytest.fixture
def running_app(app_index: Path, tmp_path: Path) -> Iterator[RunningApp]:
    with serve(app_index, tmp_path) as app:
        yield app


@pytest.fixture
def running_pdf_app(pdf_index: Path, tmp_path: Path) -> Iterator[RunningApp]:
    with serve(pdf_index, tmp_path) as app:
        yield app


def test_ask_click_citation_see_the_marked_passage(running_app: RunningApp) -> None:
    from playwright.sync_api import expect

    timings: dict[str, float] = {}
    with _chat(running_app.url) as (page, box):
        expect(page.get_by_text("Fragen zu Stadtratsbeschlüssen")).to_be_visible()
        timings["start_to_ready_page_s"] = time.monotonic() - running_app.started
        page.screenshot(path=ARTIFACTS / "browser-1-ready.png")

        box.fill("Ist Beschlusspunkt 1c erfüllt?")
        asked = time.monotonic()
        box.press("Enter")
        answer = page.get_by_test_id("stChatMessage").nth(1)
        expect(answer.get_by_text("Beschlusspunkt", exact=False).first).to_be_visible(timeout=30_000)
        timings["question_to_first_answer_token_s"] = time.monotonic() - asked
        chip = answer.get_by_role("button", name="Punkt 1c").first
        expect(chip).to_be_visible(timeout=30_000)
        timings["question_to_citation_chips_s"] = time.monotonic() - asked
        page.mouse.move(5, 890)
        page.screenshot(path=ARTIFACTS / "browser-2-answer.png")

        chip.click()
        mark = page.locator(".cq-source mark#cite")
        expect(mark).to_be_visible(timeout=15_000)
        expect(mark).to_be_in_viewport()
        expect(page.locator(".st-key-source-viewer")).to_be_in_viewport()
        assert len(mark.inner_text().split()) >= 3
        expect(page.locator(".cq-source script, .cq-source img")).to_have_count(0)
        page.mouse.move(5, 890)  # no chip tooltip over the picture
        page.wait_for_timeout(600)  # let the scroll script settle before the picture
        page.screenshot(path=ARTIFACTS / "browser-3-source.png")
    (ARTIFACTS / "app-timings.json").write_text(json.dumps(timings, indent=1) + "\n")
    print("timings:", json.dumps(timings))


def test_pdf_citation_shows_the_marked_page_image(running_pdf_app: RunningApp) -> None:
    from playwright.sync_api import expect

    with _chat(running_pdf_app.url) as (page, box):
        box.fill("Wie viele Personen sind bei jeder Krankenkasse angemeldet?")
        box.press("Enter")
        answer = page.get_by_test_id("stChatMessage").nth(1)
        chip = answer.get_by_role("button", name="S. 2").first
        expect(chip).to_be_visible(timeout=30_000)
        clicked = time.monotonic()
        chip.click()
        image = page.locator(".cq-page img")
        expect(image).to_be_visible(timeout=15_000)
        mark = page.locator(".cq-page mark#cite")
        expect(mark).to_be_in_viewport()
        shown = time.monotonic() - clicked
        natural = image.evaluate("img => [img.complete, img.naturalWidth, img.naturalHeight]")
        assert natural[0] and natural[1] > 1000 and natural[2] > natural[1], natural
        marks = page.locator(".cq-page mark.cq-box")
        expect(marks).to_have_count(2)  # the quote runs over two lines of the page
        picture, first = image.bounding_box(), mark.bounding_box()
        assert picture and first and first["width"] > 20 and first["height"] > 5
        assert picture["x"] <= first["x"] and first["x"] + first["width"] <= picture["x"] + picture["width"]
        expect(page.locator(".cq-source")).to_have_count(0)  # marked on the page: no text excerpt
        page.mouse.move(5, 890)
        page.wait_for_timeout(600)  # let the scroll script settle before the picture
        page.screenshot(path=ARTIFACTS / "browser-4-pdf-page.png")

        page.get_by_text("Vergrößern").click()  # reading size: the box scrolls the mark into view
        expect(page.locator(".cq-page-sheet")).to_have_attribute("style", "width:200%")
        expect(mark).to_be_in_viewport()
        zoomed = mark.bounding_box()
        assert zoomed and zoomed["height"] > 1.8 * first["height"]
        frame = page.locator(".cq-page").bounding_box()
        assert frame and frame["x"] <= zoomed["x"] <= frame["x"] + frame["width"] - 20
        page.mouse.move(5, 890)
        page.wait_for_timeout(600)
        page.screenshot(path=ARTIFACTS / "browser-5-pdf-page-zoomed.png")
    print(f"citation click to marked page image: {shown:.2f} s")
