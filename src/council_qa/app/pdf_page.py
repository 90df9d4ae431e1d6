"""A PDF page as the source viewer shows it: the rendered image and where its text lies on it.

pdfium (the ``pypdfium2`` wheel, no system library) renders the page and gives a box for each
character of its text layer. A scanned page has no text layer, so tesseract reads the very
image that is shown and its word boxes stand in. Boxes are in image pixels, ready to draw.
pdfium is not thread-safe and Streamlit serves each session in its own thread, so every call
into it holds one lock.
"""

from __future__ import annotations

import io
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytesseract
from PIL import Image

from council_qa.app.pagemarks import Box, align, line_rects, page_share, span_boxes
from council_qa.ingest.readers import MIN_PAGE_ALNUM, OCR_TIMEOUT_S, PAGE_SEPARATOR, ocr_missing_packages

log = logging.getLogger(__name__)

VIEW_SCALE = 2.0  # 144 dpi: sharp in the viewer column on a high-density screen, ~60 kB a text page
OCR_SCALE = 200 / 72  # a scan is shown and read at 200 dpi: tesseract needs more than 144 dpi
_PDFIUM = threading.Lock()


@dataclass(frozen=True)
class PageScan:
    """One rendered page: the PNG, its size, the page's text and a pixel box per character
    of it (None for spaces and line breaks). ``ocr`` says the text was read from the image."""

    png: bytes
    width: int
    height: int
    text: str
    boxes: tuple[Box | None, ...]
    ocr: bool


@dataclass(frozen=True)
class PageRef:
    """Which physical page of the PDF a span of the extracted text lies on, and that page's
    extracted text (pages are joined by ``PAGE_SEPARATOR`` in reading, so counting them finds it)."""

    index: int
    start: int
    end: int


def page_of(text: str, offset: int) -> PageRef:
    """The physical page (0-based) holding ``offset`` of a PDF's extracted text."""
    index = text.count(PAGE_SEPARATOR, 0, offset)
    start = text.rfind(PAGE_SEPARATOR, 0, offset)
    start = 0 if start < 0 else start + len(PAGE_SEPARATOR)
    end = text.find(PAGE_SEPARATOR, offset)
    return PageRef(index, start, len(text) if end < 0 else end)


def scan_page(pdf: Path | bytes, index: int) -> PageScan:
    """Render page ``index`` (0-based) and locate its text: pdfium's characters, or OCR'd words."""
    with _PDFIUM:
        document = pdfium.PdfDocument(pdf)
        try:
            page = document[index]
            textpage = page.get_textpage()
            count = textpage.count_chars()
            # one character per index, so text and boxes line up (get_text_range may drop some)
            text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, i)) for i in range(count))
            scanned = sum(c.isalnum() for c in text) < MIN_PAGE_ALNUM
            bitmap = page.render(scale=OCR_SCALE if scanned else VIEW_SCALE)
            image = bitmap.to_pil()
            boxes: list[Box | None] = []
            if not scanned:
                convert = bitmap.get_posconv(page)
                boxes = [None if c.isspace() else _char_box(textpage, i, convert) for i, c in enumerate(text)]
        finally:
            document.close()
    if scanned:
        text, boxes = _ocr_words(image)
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return PageScan(buf.getvalue(), image.width, image.height, text, tuple(boxes), scanned)


def _char_box(textpage: pdfium.PdfTextPage, index: int, convert: pdfium.PdfPosConv) -> Box | None:
    """The character's loose box (the font's full height, so a line's marks line up) in pixels."""
    try:
        left, bottom, right, top = textpage.get_charbox(index, loose=True)
    except pdfium.PdfiumError:
        return None
    if right <= left or top <= bottom:  # characters pdfium made up (line ends) have no extent
        return None
    (ax, ay), (bx, by) = convert.to_bitmap(left, bottom), convert.to_bitmap(right, top)
    return Box(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))


def _ocr_words(image: Image.Image) -> tuple[str, list[Box | None]]:
    """Tesseract's words on the shown image as text (lines kept) with each word's box per character."""
    if ocr_missing_packages():
        return "", []
    try:
        data = pytesseract.image_to_data(image, lang="deu", output_type=pytesseract.Output.DICT, timeout=OCR_TIMEOUT_S)
    except (pytesseract.TesseractError, RuntimeError, OSError) as exc:  # RuntimeError: the time limit
        log.warning("OCR of a page image for the viewer failed: %s", exc)
        return "", []
    parts: list[str] = []
    boxes: list[Box | None] = []
    line = None
    for i, word in enumerate(data["text"]):
        word = word.strip()
        if not word:
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        if parts:
            parts.append("\n" if key != line else " ")
            boxes.append(None)
        line = key
        left, top = data["left"][i], data["top"][i]
        box = Box(left, top, left + data["width"][i], top + data["height"][i])
        parts.append(word)
        boxes.extend([box] * len(word))
    return "".join(parts), boxes


def marks(scan: PageScan, passage: str, near: float) -> list[Box] | None:
    """Line rectangles (pixels) over ``passage`` on the page, or None where it cannot be aligned."""
    span = align(passage, scan.text, near)
    if span is None:
        return None
    rects = line_rects(span_boxes(scan.boxes, span))
    return rects or None


def passage_marks(scan: PageScan, text: str, page: PageRef, spans: list[tuple[int, int]]) -> list[Box] | None:
    """Rectangles for every cited span of ``text`` on this page; None if any span is not found.

    Each span is cut to the page (a passage may run over a page break) and aligned on its own,
    near where it stands in the extracted page, so repeated sentences are told apart.
    """
    page_text = text[page.start : page.end]
    rects: list[Box] = []
    for a, b in spans:
        a, b = max(a, page.start), min(b, page.end)
        if a >= b:
            continue
        found = marks(scan, text[a:b], page_share(page_text, a - page.start))
        if found is None:
            return None
        rects += found
    return rects or None
