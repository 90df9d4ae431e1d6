"""The source viewer's content: the cited page with the passages marked.

Citations carry offsets into the document's original text. The viewer shows the text as
ingest cleaned it (OCR labels repaired, broken words joined, page markers gone), which reads
well, with each ``source_start:source_end`` mapped into it through ingest's own offset map;
the original, OCR damage and all, is one toggle away, so a reader can check the quote against
the paper it came from. Page boundaries are those ingest used, found again from the same page
markers.
"""

from __future__ import annotations

import base64
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from council_qa.app.markup import escape_html
from council_qa.app.pagemarks import Box
from council_qa.ingest.clean import clean
from council_qa.ingest.pages import marker_number
from council_qa.types import RawDocument

MARK_ID = "cite"


@dataclass(frozen=True)
class Pages:
    """Offsets at which each page starts (``starts[0] == 0``) and the page numbers they open."""

    starts: tuple[int, ...]
    numbers: tuple[int, ...]

    def index_at(self, offset: int) -> int:
        return max(0, bisect_right(self.starts, offset) - 1)

    def span(self, first: int, last: int, length: int) -> tuple[int, int]:
        """Offsets from the start of page index ``first`` to the end of page index ``last``."""
        end = self.starts[last + 1] if last + 1 < len(self.starts) else length
        return self.starts[first], end


@dataclass(frozen=True)
class Cleaned:
    """A document's text as ingest cleaned it, the pages of the cleaned and of the original text
    (ingest's page markers, form feeds between PDF pages), and where each character came from."""

    text: str
    pages: Pages
    original_pages: Pages
    origin: Sequence[int]  # per cleaned character, its offset in the original text

    def spans(self, original: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
        """Original spans as spans of the cleaned text (the cleaner keeps the original's order)."""
        return [(bisect_left(self.origin, a), bisect_left(self.origin, b)) for a, b in original]


def cleaned(source: str, text: str) -> Cleaned:
    result = clean(RawDocument(source=source, text=text))
    origin = result.mapped.origin
    starts = tuple(sorted({bisect_left(origin, start) for start in result.pages.starts} | {0}))
    numbers = result.pages.numbers[len(result.pages.numbers) - len(starts) :]
    return Cleaned(result.text, Pages(starts, numbers), Pages(result.pages.starts, result.pages.numbers), origin)


@dataclass(frozen=True)
class Excerpt:
    """What the viewer shows: ``text[start:end]`` with the cited spans (sorted, disjoint) inside it."""

    start: int
    end: int
    marks: tuple[tuple[int, int], ...]
    first_page: int
    last_page: int


def merge_spans(text: str, spans: Sequence[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Spans clamped to the text, sorted, and joined where only whitespace lies between them.

    Consecutive sentences of one report then read as one highlighted passage, not a row of
    separate marks; a citation from an older index generation can never slice outside the text.
    """
    length = len(text)
    clamped = sorted((min(max(a, 0), length), min(max(b, 0), length)) for a, b in spans)
    merged: list[tuple[int, int]] = []
    for a, b in clamped:
        b = max(a, b)
        if merged and (a <= merged[-1][1] or not text[merged[-1][1] : a].strip()):
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return tuple(merged)


def excerpt(text: str, pages: Pages, spans: Sequence[tuple[int, int]], page: int, whole: bool = False) -> Excerpt:
    """The page(s) holding the cited spans and the page the citation names, or the whole document."""
    marks = merge_spans(text, spans) or ((0, 0),)
    if whole:
        return Excerpt(0, len(text), marks, pages.numbers[0], pages.numbers[-1])
    first = pages.index_at(marks[0][0])
    last = pages.index_at(max(marks[-1][1] - 1, marks[-1][0]))
    if page in pages.numbers:
        named = pages.numbers.index(page)
        first, last = min(first, named), max(last, named)
    start, end = pages.span(first, last, len(text))
    start, end = _trim(text, start, end, marks[0][0], marks[-1][1])
    return Excerpt(start, end, marks, pages.numbers[first], pages.numbers[last])


def _trim(text: str, start: int, end: int, keep_from: int, keep_to: int) -> tuple[int, int]:
    """Drop blank lines at both ends and the next page's marker line (``-3-``) at the bottom."""
    while start < keep_from and text[start].isspace():
        start += 1
    while end > keep_to and text[end - 1].isspace():
        end -= 1
    line_start = text.rfind("\n", start, end) + 1
    if line_start > keep_to and marker_number(text[line_start:end]) is not None:
        end = line_start
        while end > keep_to and text[end - 1].isspace():
            end -= 1
    return start, end


def _text(piece: str) -> str:
    return escape_html(piece.replace("\f", ""))


def highlighted_html(text: str, part: Excerpt) -> str:
    """The excerpt as escaped HTML, each cited span in ``<mark>``, the first one ``id="cite"``.

    Each piece is escaped on its own, so the only markup in the result is the marks and the
    wrapper written here; nothing from the document can become an element.
    """
    out = ['<div class="cq-source" lang="de">']
    at = part.start
    for i, (a, b) in enumerate(part.marks):
        out.append(_text(text[at:a]))
        attr = f' id="{MARK_ID}"' if i == 0 else ""
        out.append(f"<mark{attr}>{_text(text[a:b])}</mark>")
        at = b
    out.append(_text(text[at : part.end]))
    out.append("</div>")
    return "".join(out)


def page_html(png: bytes, width: int, height: int, rects: Sequence[Box], alt: str, zoom: float = 1.0) -> str:
    """The page image with each rectangle as a translucent ``<mark>`` over it, the first ``id="cite"``.

    The marks are elements rather than paint in the image: the one page image serves every
    citation on that page unchanged (it is cached), and the scroll script finds the mark as it
    finds one in the text. Positions are shares of the image, so the marks stay on their words
    at any column width and ``zoom`` (the sheet's width as a multiple of the box's). Each
    rectangle gets a little air, like a marker stroke.
    """
    data = base64.b64encode(png).decode("ascii")
    out = [
        f'<div class="cq-page" lang="de"><div class="cq-page-sheet" style="width:{100 * zoom:.0f}%">',
        f'<img src="data:image/png;base64,{data}" width="{width}" height="{height}" alt="{escape_html(alt)}">',
    ]
    for i, r in enumerate(rects):
        pad_y = max(1.0, 0.12 * (r.y1 - r.y0))
        x0, y0 = max(0.0, r.x0 - 2), max(0.0, r.y0 - pad_y)
        x1, y1 = min(float(width), r.x1 + 2), min(float(height), r.y1 + pad_y)
        attr = f' id="{MARK_ID}"' if i == 0 else ""
        style = (
            f"left:{100 * x0 / width:.3f}%;top:{100 * y0 / height:.3f}%;"
            f"width:{100 * (x1 - x0) / width:.3f}%;height:{100 * (y1 - y0) / height:.3f}%"
        )
        out.append(f'<mark{attr} class="cq-box" style="{style}"></mark>')
    out.append("</div></div>")
    return "".join(out)
