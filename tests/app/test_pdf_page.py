"""The PDF page view: a real PDF ingested and asked about; its marks read back from pdfium."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from council_qa.answer.engine import Answerer
from council_qa.app.pagemarks import Box, keys
from council_qa.app.pdf_page import OCR_SCALE, page_of, passage_marks, scan_page
from council_qa.index import snapshot
from council_qa.index.originals import find_pdf
from council_qa.index.writer import update
from council_qa.ingest.pipeline import parse_file
from council_qa.ingest.readers import ocr_missing_packages
from tests.helpers.pdfs import DEJAVU, HYPHENATED_MEMO_PAGES, image_pdf, text_pdf
from tests.ingest.test_pipeline_formats import MEMO_PAGES as SCANNED_MEMO_PAGES


def _text_in(pdf: Path, index: int, size: tuple[int, int], rects: list[Box]) -> list[str]:
    """What pdfium itself finds inside each pixel rectangle, mapped back to page coordinates."""
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[index]
        textpage = page.get_textpage()
        convert = pdfium.PdfPosConv(page, (0, 0, size[0], size[1], 0))
        out = []
        for r in rects:
            (ax, ay), (bx, by) = convert.to_page(r.x0, r.y0), convert.to_page(r.x1, r.y1)
            out.append(textpage.get_text_bounded(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
        return out
    finally:
        document.close()


def test_marks_of_an_answers_citation_cover_exactly_its_quote(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "memo.pdf"
    path.write_bytes(text_pdf(HYPHENATED_MEMO_PAGES))
    root = tmp_path / "index"
    update(root, embedder, add=[parse_file(path)])
    answer = Answerer(root, embedder).ask("Wie viele Personen sind bei jeder Krankenkasse angemeldet?")
    citation = next(c for c in answer.citations if "205" in c.quote)
    snap = snapshot.load(root)
    pdf = find_pdf(snap, citation.document_id)
    assert pdf is not None and pdf.read_bytes() == path.read_bytes()
    text = snap.original_text(citation.document_id)
    quoted = text[citation.source_start : citation.source_end]
    assert "Kranken-\nkasse" in quoted  # the case this test is about: a break pypdf and pdfium differ on

    page = page_of(text, citation.source_start)
    assert page.index + 1 == citation.page
    scan = scan_page(pdf, page.index)
    assert not scan.ocr and scan.png.startswith(b"\x89PNG")
    rects = passage_marks(scan, text, page, [(citation.source_start, citation.source_end)])
    assert rects is not None and len(rects) == 2  # the quote runs over two lines
    inside = _text_in(pdf, page.index, (scan.width, scan.height), rects)
    assert keys("".join(inside))[0] == keys(quoted)[0], inside


def test_repeated_status_sentence_is_marked_where_the_citation_stands(tmp_path: Path) -> None:
    path = tmp_path / "memo.pdf"
    page_text = "Punkt 1a\nDer Beschlusspunkt ist erfüllt.\nPunkt 1b\nDer Beschlusspunkt ist erfüllt."
    path.write_bytes(text_pdf([page_text]))
    text = parse_file(path).raw.text
    second = text.rindex("Der Beschlusspunkt")
    scan = scan_page(path, 0)
    rects = passage_marks(scan, text, page_of(text, second), [(second, second + 31)])
    first = passage_marks(scan, text, page_of(text, 9), [(9, 40)])
    assert rects is not None and first is not None
    assert rects[0].y0 > first[0].y1  # the lower of the two lines, not the first match


def test_a_passage_not_on_the_page_gets_no_marks(tmp_path: Path) -> None:
    path = tmp_path / "memo.pdf"
    path.write_bytes(text_pdf(HYPHENATED_MEMO_PAGES))
    raw = parse_file(path).raw
    scan = scan_page(path, 0)
    elsewhere = raw.text.index("Die Gesundheits")  # on page 2; page 1 is shown
    first_page = page_of(raw.text, 0)
    assert passage_marks(scan, raw.text, first_page, [(elsewhere, elsewhere + 20)]) is None
    assert passage_marks(scan, raw.text[:100] + "Text, der nirgends steht.", first_page, [(100, 125)]) is None


@pytest.mark.skipif(bool(ocr_missing_packages()), reason="OCR packages missing: " + " ".join(ocr_missing_packages()))
def test_scanned_page_is_marked_from_tesseract_word_boxes(tmp_path: Path) -> None:
    dpi = 200
    assert abs(OCR_SCALE * 72 - dpi) < 1e-9  # the render matches the scan, so line positions are known
    path = tmp_path / "scan.pdf"
    path.write_bytes(image_pdf(SCANNED_MEMO_PAGES[:1], dpi=dpi))
    text = parse_file(path).raw.text
    found = re.search(r"Der Umbau wurde im Oktober 2021 abgeschlossen\.", text)
    assert found, text
    scan = scan_page(path, 0)
    assert scan.ocr and scan.text
    rects = passage_marks(scan, text, page_of(text, found.start()), [found.span()])
    assert rects is not None and len(rects) == 1
    # image_pdf draws line k at y = dpi + k * step, from x = dpi; the sentence opens line 12
    lines = SCANNED_MEMO_PAGES[0].split("\n")
    k = next(i for i, line in enumerate(lines) if line.startswith("Der Umbau"))
    size = int(12 * dpi / 72)
    step = int(size * 1.5)
    top = dpi + k * step
    (rect,) = rects
    assert top - size / 2 < (rect.y0 + rect.y1) / 2 < top + size * 1.5
    assert abs(rect.x0 - dpi) < size
    whole_line = next(line for line in lines if line.startswith("Der Umbau"))
    from PIL import ImageFont

    font = ImageFont.truetype(str(DEJAVU), size=size)
    sentence_end = dpi + font.getlength("Der Umbau wurde im Oktober 2021 abgeschlossen.")
    assert abs(rect.x1 - sentence_end) < size and rect.x1 < dpi + font.getlength(whole_line) - size
