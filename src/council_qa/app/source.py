"""The source viewer's content: the cited page of the original text with the passage marked.

Citations carry offsets into the document's original text, so the viewer shows exactly that
text (not a cleaned copy) and marks ``source_start:source_end``; a reader can then check the
quote against the paper it came from. Page boundaries are those ingest used, found again from
the same page markers.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from council_qa.app.markup import escape_html
from council_qa.ingest.clean import clean
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


def find_pages(source: str, text: str) -> Pages:
    """Page starts as ingest sees them (page markers such as ``-2-``, form feeds between PDF pages)."""
    page_map = clean(RawDocument(source=source, text=text)).pages
    return Pages(page_map.starts, page_map.numbers)


@dataclass(frozen=True)
class Excerpt:
    """What the viewer shows: ``text[start:end]`` with the cited span inside it."""

    start: int
    end: int
    mark_start: int
    mark_end: int
    first_page: int
    last_page: int


def excerpt(text: str, pages: Pages, source_start: int, source_end: int, page: int, whole: bool = False) -> Excerpt:
    """The cited page (or pages, if the passage crosses a page break), or the whole document.

    Offsets are clamped to the text, so a citation from an older index generation can never
    slice outside the document.
    """
    length = len(text)
    mark_start = min(max(source_start, 0), length)
    mark_end = min(max(source_end, mark_start), length)
    if whole:
        return Excerpt(0, length, mark_start, mark_end, pages.numbers[0], pages.numbers[-1])
    first = pages.index_at(mark_start)
    last = pages.index_at(max(mark_end - 1, mark_start))
    if page in pages.numbers:  # the page the citation names, even if the span begins on the page before
        named = pages.numbers.index(page)
        first, last = min(first, named), max(last, named)
    start, end = pages.span(first, last, length)
    while start < mark_start and text[start].isspace():  # no blank lines above the page's first line
        start += 1
    while end > mark_end and text[end - 1].isspace():
        end -= 1
    return Excerpt(start, end, mark_start, mark_end, pages.numbers[first], pages.numbers[last])


def highlighted_html(text: str, part: Excerpt) -> str:
    """The excerpt as escaped HTML with the cited span in ``<mark id="cite">``.

    Each piece is escaped on its own, so the only markup in the result is the mark and the
    wrapper written here; nothing from the document can become an element.
    """
    before = escape_html(text[part.start : part.mark_start])
    cited = escape_html(text[part.mark_start : part.mark_end])
    after = escape_html(text[part.mark_end : part.end])
    return (
        f'<div class="cq-source" lang="de">{before}<mark id="{MARK_ID}">{cited}</mark>{after}</div>'
    )
