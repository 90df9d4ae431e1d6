"""Per-file budgets in the readers (issue 14): each one rejects the file with one line naming
the count, the limit and the option that raises it, before the work it bounds is done.

Real files, real pypdf, python-docx and lxml; memory and wall time, which need a child
process, are in test_isolate.py.
"""

from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path

import pytest

from council_qa.ingest.budget import DEFAULT_BUDGET, Budget
from council_qa.ingest.readers import ReaderError, ocr_missing_packages, read_file
from tests.helpers.pdfs import text_pdf
from tests.reliability.hostile import MIB, blank_scan_pdf, write_big_docx, write_big_text

needs_ocr = pytest.mark.skipif(bool(ocr_missing_packages()), reason="OCR tools missing")


def rejected(path: Path, budget: Budget = DEFAULT_BUDGET) -> str:
    with pytest.raises(ReaderError) as info:
        read_file(path, budget=budget)
    message = str(info.value)
    assert "\n" not in message and message.startswith(f"{path}: "), message
    return message


@needs_ocr
def test_scanned_pages_over_budget_are_rejected_before_any_ocr(tmp_path: Path) -> None:
    """2,000 blank scanned pages used to be OCR'd one after another (670 done in 240 s); at
    ~1.5 s a page for the render alone, being done in well under a minute means none was."""
    path = tmp_path / "blank.pdf"
    path.write_bytes(blank_scan_pdf(2000))
    start = time.monotonic()
    message = rejected(path)
    assert time.monotonic() - start < 60
    assert "2000 scanned pages to OCR (limit 100 pages, --max-ocr-pages)" in message


@needs_ocr
def test_scanned_pages_within_a_raised_budget_are_ocrd(tmp_path: Path) -> None:
    path = tmp_path / "blank.pdf"
    path.write_bytes(blank_scan_pdf(3))
    assert "3 scanned pages to OCR (limit 2 pages" in rejected(path, Budget(ocr_pages=2))
    # blank pages give no text: read, OCR'd, and then rejected for having none
    assert rejected(path, Budget(ocr_pages=3)).endswith("no text found in the file")


def test_text_over_the_character_budget(tmp_path: Path) -> None:
    """A 50 MiB text used to be read whole and embedded for minutes; past the character budget
    it is now rejected, with the characters read so far."""
    path = write_big_text(tmp_path / "long.txt", 2 * MIB)
    message = rejected(path)
    assert re.search(r"text over 1,000,000 characters \(2,0\d\d,\d\d\d read; --max-chars\)$", message), message
    assert "Beschluss" in read_file(path, budget=Budget(chars=3 * MIB)).text


def test_pdf_text_layer_over_the_character_budget_stops_at_that_page(tmp_path: Path) -> None:
    path = tmp_path / "memo.pdf"
    path.write_bytes(text_pdf())
    message = rejected(path, Budget(chars=200))
    assert "text over 200 characters (" in message and "--max-chars" in message


def test_docx_unpacking_past_the_budget_is_refused_before_parsing(tmp_path: Path) -> None:
    """An 80 MiB document.xml compressed ~12:1 passed the zip-bomb checks (ratio 200:1, 256 MiB
    in all) and was parsed into a tree of ~1 GB; the default budget is 64 MiB."""
    path = write_big_docx(tmp_path / "big.docx", 80)
    with zipfile.ZipFile(path) as zf:
        part = zf.getinfo("word/document.xml")
    assert part.file_size // part.compress_size < 200  # inside the ratio limit
    start = time.monotonic()
    message = rejected(path)
    assert time.monotonic() - start < 5
    assert "DOCX would unpack to 80.0 MiB (limit 64.0 MiB, --max-unpacked-mb)" in message


def test_docx_within_a_raised_unpacked_budget_is_read(tmp_path: Path) -> None:
    path = write_big_docx(tmp_path / "small.docx", 2)
    assert "(limit 1.0 MiB, --max-unpacked-mb)" in rejected(path, Budget(unpacked_mb=1, chars=10 * MIB))
    assert "Beschluss" in read_file(path, budget=Budget(unpacked_mb=3, chars=10 * MIB)).text


def test_html_markup_past_the_unpacked_budget(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(b"<html><body>" + b"<p>Beschluss der Verwaltung</p>" * 70_000 + b"</body></html>")
    message = rejected(path, Budget(unpacked_mb=2, chars=10 * MIB))
    assert message.endswith("HTML markup is 2.1 MiB (limit 2.0 MiB, --max-unpacked-mb)")
    assert "Beschluss der Verwaltung" in read_file(path, budget=Budget(unpacked_mb=3, chars=10 * MIB)).text
