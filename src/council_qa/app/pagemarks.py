"""Where a cited passage lies on a page image: alignment to the page's own text, then rectangles.

A citation's offsets point into the text ingest extracted (pypdf, or tesseract for a scan); the
boxes come from another extractor (pdfium's characters, or tesseract's words on the image the
app shows). The two agree on the letters but not on the spaces, line ends and hyphens around
them: pypdf gives ``Gesundheits-\\nversorgung``, pdfium ``Gesundheits\\x02versorgung``. So both
sides are compared as *keys*: letters, digits and punctuation, case-folded and NFKC-normalised
(ligatures), without white space, control characters or hyphens. An exact key match is used
where there is one; otherwise the longest common blocks must cover most of the passage, or the
viewer shows no marks rather than wrong ones.

Everything here is pure (text and numbers in, numbers out), so it is tested without a PDF.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

# Hyphens a line break may add or turn into something else (pdfium reports U+0002 for them).
_HYPHENS = frozenset("-\u00ad\u2010\u2011")
FUZZY_MIN_SHARE = 0.85  # of the passage's key characters the fuzzy match must find
FUZZY_MAX_STRETCH = 1.25  # the matched stretch of the page may be at most this much longer
_MIN_BLOCK = 4  # shorter common runs are coincidence (single letters match anywhere)


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle, ``x0 <= x1`` and ``y0 <= y1``, in any one coordinate system.

    Nothing here depends on whether y grows up (PDF) or down (image), so page and pixel
    boxes share the type.
    """

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def union(self, other: Box) -> Box:
        return Box(min(self.x0, other.x0), min(self.y0, other.y0), max(self.x1, other.x1), max(self.y1, other.y1))


def keys(text: str) -> tuple[str, tuple[int, ...]]:
    """The comparable characters of ``text`` and, for each, the index in ``text`` it came from."""
    out: list[str] = []
    where: list[int] = []
    for i, char in enumerate(text):
        for k in unicodedata.normalize("NFKC", char).casefold():
            if k.isspace() or k in _HYPHENS or unicodedata.category(k)[0] == "C":
                continue
            out.append(k)
            where.append(i)
    return "".join(out), tuple(where)


def align(passage: str, page: str, near: float = 0.0) -> tuple[int, int] | None:
    """The span ``(start, end)`` of ``page`` that holds ``passage``, or None if it cannot be found.

    ``near`` is where the passage starts on the page as a share of the page (0 top, 1 bottom),
    from the extracted text: a status sentence such as "Der Beschlusspunkt ist erfüllt." can
    stand on a page several times, and the citation means one of them.
    """
    wanted, _ = keys(passage)
    have, where = keys(page)
    if not wanted or not have:
        return None
    target = near * len(have)
    hits = []
    at = have.find(wanted)
    while at >= 0:
        hits.append(at)
        at = have.find(wanted, at + 1)
    if hits:
        first = min(hits, key=lambda h: abs(h - target))
        return where[first], where[first + len(wanted) - 1] + 1
    span = _fuzzy(wanted, have)
    if span is None:
        return None
    return where[span[0]], where[span[1] - 1] + 1


def _fuzzy(wanted: str, have: str) -> tuple[int, int] | None:
    """Key span of ``have`` whose common blocks with ``wanted`` cover most of it, tightly."""
    blocks = [
        b
        for b in SequenceMatcher(None, have, wanted, autojunk=False).get_matching_blocks()
        if b.size >= min(_MIN_BLOCK, len(wanted))
    ]
    if not blocks:
        return None
    found = sum(b.size for b in blocks)
    start, end = blocks[0].a, blocks[-1].a + blocks[-1].size
    if found < FUZZY_MIN_SHARE * len(wanted) or end - start > FUZZY_MAX_STRETCH * len(wanted):
        return None
    return start, end


def line_rects(boxes: Sequence[Box]) -> list[Box]:
    """Boxes in reading order (characters or words) joined into one rectangle per line.

    A box continues the current rectangle when it overlaps it vertically by at least half the
    smaller height (a hyphen or comma is short but sits inside the line) and does not jump back
    left of it (a new line) or far right (another column). One rectangle per line reads as a marker
    stroke and is what the reader expects from a highlighted quote.
    """
    rects: list[Box] = []
    for box in boxes:
        if rects and _continues(rects[-1], box):
            rects[-1] = rects[-1].union(box)
        else:
            rects.append(box)
    return rects


def _continues(line: Box, box: Box) -> bool:
    overlap = min(line.y1, box.y1) - max(line.y0, box.y0)
    low = min(line.height, box.height)
    same_line = overlap >= 0.5 * low if low > 0 else overlap >= 0
    tall = max(line.height, box.height)
    return same_line and line.x0 - tall <= box.x0 <= line.x1 + 3 * tall  # OCR repeats a word's box per letter


def span_boxes(boxes: Sequence[Box | None], span: tuple[int, int]) -> list[Box]:
    """The boxes of characters ``span[0]:span[1]``; characters without a box (spaces) drop out."""
    return [b for b in boxes[span[0] : span[1]] if b is not None]


def page_share(page_text: str, offset: int) -> float:
    """Where ``offset`` lies in ``page_text`` as a share of its key characters (for ``align``)."""
    before, _ = keys(page_text[:offset])
    total, _ = keys(page_text)
    return len(before) / len(total) if total else 0.0
