"""``council-qa ingest`` against files that ask for unbounded work, and stopped by signals
(issue 14): budgets reject before the work, SIGTERM stops at the next safe point, and a
SIGKILL leaves nothing the next run does not remove. The real command in a child process,
real OCR; what is left behind is read from /proc, the temp dir and the index.
"""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pytest

from council_qa.ingest.readers import ocr_missing_packages
from tests.conftest import EXAMPLES
from tests.helpers.pdfs import MEMO_PAGES, image_pdf
from tests.reliability.hostile import blank_scan_pdf, processes_mentioning, wait_for
from tests.reliability.support import (
    child_env,
    cli_command,
    document_ids,
    manifest_generation,
    one_line,
    run_cli,
)

needs_ocr = pytest.mark.skipif(bool(ocr_missing_packages()), reason="OCR tools missing")
MEMO = sorted(EXAMPLES.glob("*.txt"))[0]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("stop") / "index"
    result = run_cli("ingest", str(MEMO), "--index", str(root))
    assert result.returncode == 0, result.stderr
    return root


def state(root: Path) -> tuple[frozenset[str], str | None]:
    return document_ids(root), manifest_generation(root)


def scratch_left(tmp: Path) -> list[str]:
    """Our scratch folders in ``tmp`` (multiprocessing keeps its own ``pymp-*`` there too)."""
    return sorted(p.name for p in tmp.iterdir() if p.name.startswith("council-qa-"))


def start_ocr_ingest(index: Path, tmp_path: Path) -> tuple[subprocess.Popen[str], Path]:
    """``council-qa ingest`` of a 6-page scan with a temp dir of its own, returned once
    pdftoppm or tesseract is at work on it."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(image_pdf(MEMO_PAGES * 3))
    proc = subprocess.Popen(
        cli_command("ingest", str(scan), "--index", str(index)),
        env=child_env(TMPDIR=str(tmp)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for(lambda: processes_mentioning(f"{tmp}/council-qa-parse-") or proc.poll() is not None, 120, "OCR start")
    assert proc.poll() is None, proc.communicate()
    return proc, tmp


@needs_ocr
def test_sigterm_mid_ocr_stops_the_ingest_cleanly(index: Path, tmp_path: Path) -> None:
    before = state(index)
    proc, tmp = start_ocr_ingest(index, tmp_path)
    proc.send_signal(signal.SIGTERM)
    start = time.monotonic()
    _, stderr = proc.communicate(timeout=60)
    assert time.monotonic() - start < 5
    assert proc.returncode == 128 + signal.SIGTERM, stderr
    assert one_line(stderr) == "council-qa: ingest stopped (stopped by SIGTERM); the index is unchanged"
    assert processes_mentioning(str(tmp)) == []
    assert scratch_left(tmp) == []
    assert state(index) == before


@needs_ocr
def test_a_killed_ingest_leaves_nothing_past_the_next_run(index: Path, tmp_path: Path) -> None:
    """SIGKILL cannot be caught: the parser and its OCR end with the parent (the kernel tells
    them), and the scratch folder, named after the killed pid, goes with the next ingest."""
    before = state(index)
    proc, tmp = start_ocr_ingest(index, tmp_path)
    proc.kill()
    proc.communicate(timeout=30)
    wait_for(lambda: not processes_mentioning(str(tmp)), 10, "the parser and its OCR to end")
    left = scratch_left(tmp)
    assert left and all(name.startswith(f"council-qa-parse-{proc.pid}-") for name in left), left

    result = run_cli("ingest", str(MEMO), "--index", str(index), env=child_env(TMPDIR=str(tmp)))
    assert result.returncode == 0, result.stderr
    assert scratch_left(tmp) == []
    assert state(index) == before


@needs_ocr
def test_2000_blank_scanned_pages_are_rejected_before_ocr(index: Path, tmp_path: Path) -> None:
    """Found: OCR'd page after page with no cap (670 pages in 240 s). Now one line, at once."""
    path = tmp_path / "blank.pdf"
    path.write_bytes(blank_scan_pdf(2000))
    before = state(index)
    start = time.monotonic()
    result = run_cli("ingest", str(path), "--index", str(index), timeout=120)
    assert time.monotonic() - start < 60
    assert result.returncode == 1
    assert one_line(result.stderr) == (
        f"council-qa: rejected {path}: 2000 scanned pages to OCR (limit 100 pages, --max-ocr-pages)"
    )
    assert state(index) == before


def test_budget_options_reach_the_readers(index: Path, tmp_path: Path) -> None:
    path = tmp_path / "memo.txt"
    path.write_text(MEMO.read_text(encoding="utf-8")[:1500] + "x" * 1000, encoding="utf-8")
    result = run_cli("ingest", str(path), "--index", str(index), "--max-chars", "2000")
    assert result.returncode == 1
    assert one_line(result.stderr).endswith(f"{path}: text over 2,000 characters (2,500 read; --max-chars)")


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--max-ocr-pages", "0", "must be a whole number from 1 to 10,000, got '0'"),
        ("--max-memory-mb", "64", "must be a whole number from 128 to 65,536, got '64'"),
        ("--max-seconds", "soon", "must be a number from 1 to 86,400, got 'soon'"),
    ],
)
def test_budget_options_are_checked_against_their_range(option: str, value: str, message: str) -> None:
    result = run_cli("ingest", "memo.txt", option, value)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == f"council-qa ingest: error: argument {option}: {message}"
