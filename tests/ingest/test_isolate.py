"""Parsing in a child process (issue 14): memory and wall time are bounded, a cancel stops at
once, and nothing of the child (process, pdftoppm/tesseract, scratch folder) outlives it.

Real files and real processes: the memory budget is met by a real parse growing, the time
budget by real OCR, and what is left behind is read from /proc and the disk.
"""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from council_qa.ingest.budget import DEFAULT_BUDGET, Budget, Cancelled, CancelToken
from council_qa.ingest.isolate import parse_isolated
from council_qa.ingest.pipeline import parse_file
from council_qa.ingest.readers import ReaderError, ocr_missing_packages, read_file
from tests.conftest import EXAMPLES
from tests.helpers.pdfs import MEMO_PAGES, image_pdf
from tests.reliability.hostile import MIB, processes_mentioning, write_big_text

needs_ocr = pytest.mark.skipif(bool(ocr_missing_packages()), reason="OCR tools missing")
MEMO = sorted(EXAMPLES.glob("*.txt"))[0]


@pytest.fixture(scope="module")
def forkserver() -> None:
    """The forkserver keeps its socket in the temp dir it started with: start it before any
    test points the temp dir elsewhere."""
    parse_isolated(MEMO, visibility=None, ocr=True, budget=DEFAULT_BUDGET)


@pytest.fixture
def scratch_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forkserver: None) -> Iterator[Path]:
    """A temp dir of this test's own, so what is left in it was left by this test."""
    folder = tmp_path / "scratch"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder


def scan(tmp_path: Path, pages: int) -> Path:
    path = tmp_path / "scan.pdf"
    path.write_bytes(image_pdf(MEMO_PAGES * (pages // 2) + MEMO_PAGES[: pages % 2]))
    return path


def test_isolated_parse_is_the_in_process_parse(scratch_dir: Path) -> None:
    isolated = parse_isolated(MEMO, visibility="internal", ocr=True, budget=DEFAULT_BUDGET)
    assert isolated == parse_file(MEMO, visibility="internal")
    assert list(scratch_dir.iterdir()) == []


def test_reader_errors_come_back_with_the_readers_message(tmp_path: Path, scratch_dir: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(ReaderError) as in_process:
        read_file(path)
    with pytest.raises(ReaderError) as isolated:
        parse_isolated(path, visibility=None, ocr=True, budget=DEFAULT_BUDGET)
    assert str(isolated.value) == str(in_process.value)


def test_any_other_fault_in_the_child_is_one_line(scratch_dir: Path) -> None:
    with pytest.raises(ReaderError) as info:
        parse_isolated(str(MEMO), visibility=None, ocr=True, budget=DEFAULT_BUDGET)  # type: ignore[arg-type]
    assert str(info.value) == f"{MEMO}: could not be parsed (AttributeError: 'str' object has no attribute 'stat')"


def test_memory_budget_kills_the_parse(tmp_path: Path, scratch_dir: Path) -> None:
    """A parse that grows past the budget is killed and the file rejected, naming the option."""
    path = write_big_text(tmp_path / "long.txt", 40 * MIB)
    budget = Budget(chars=100 * MIB, memory_mb=100)
    start = time.monotonic()
    with pytest.raises(ReaderError) as info:
        parse_isolated(path, visibility=None, ocr=True, budget=budget)
    assert str(info.value) == f"{path}: reading and parsing exceeded the memory budget of 100 MiB (--max-memory-mb)"
    assert time.monotonic() - start < 30
    assert list(scratch_dir.iterdir()) == []


@needs_ocr
def test_time_budget_kills_the_parse_and_its_ocr(tmp_path: Path, scratch_dir: Path) -> None:
    """OCR past the time budget: the child, pdftoppm and tesseract are killed, the folder gone."""
    path = scan(tmp_path, 4)
    with pytest.raises(ReaderError) as info:
        parse_isolated(path, visibility=None, ocr=True, budget=Budget(seconds=2))
    assert str(info.value) == f"{path}: reading and parsing took longer than the time budget of 2 s (--max-seconds)"
    assert processes_mentioning(str(scratch_dir)) == []
    assert list(scratch_dir.iterdir()) == []


@needs_ocr
def test_cancel_stops_the_parse_mid_ocr(tmp_path: Path, scratch_dir: Path) -> None:
    path = scan(tmp_path, 4)
    token = CancelToken()
    threading.Timer(1.5, token.cancel, args=("stopped by the test",)).start()
    start = time.monotonic()
    with pytest.raises(Cancelled, match="stopped by the test"):
        parse_isolated(path, visibility=None, ocr=True, budget=DEFAULT_BUDGET, cancel=token)
    assert time.monotonic() - start < 5
    assert processes_mentioning(str(scratch_dir)) == []
    assert list(scratch_dir.iterdir()) == []


def test_a_cancelled_token_starts_no_child(scratch_dir: Path) -> None:
    token = CancelToken()
    token.cancel("stopped before")
    with pytest.raises(Cancelled, match="stopped before"):
        parse_isolated(MEMO, visibility=None, ocr=True, budget=DEFAULT_BUDGET, cancel=token)
