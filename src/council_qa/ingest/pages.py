"""Where pages begin: real page starts from PDFs, or the page markers a typist left in the text."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

# "2-", "-3-", "- 4 -", "– 5 –", "Seite 2", "Seite 2 von 4" alone on a line.
_MARKER = re.compile(
    r"^[ \t]*(?:[-–—][ \t]*(?P<a>\d{1,3})[ \t]*[-–—]?|(?P<b>\d{1,3})[ \t]*[-–—]"
    r"|Seite[ \t]+(?P<c>\d{1,3})(?:[ \t]+von[ \t]+\d{1,3})?)[ \t]*$"
)


def marker_number(line: str) -> int | None:
    """The page number a marker line announces, or None if the line is no page marker."""
    m = _MARKER.match(line)
    if not m:
        return None
    return int(m.group("a") or m.group("b") or m.group("c"))


@dataclass(frozen=True)
class PageMap:
    """Page numbers (from 1) by original offset."""

    starts: tuple[int, ...]  # offset at which page i+1 begins; starts[0] == 0
    numbers: tuple[int, ...]

    def page_at(self, offset: int) -> int:
        return self.numbers[max(0, bisect_right(self.starts, offset) - 1)]

    @property
    def count(self) -> int:
        return self.numbers[-1] if self.numbers else 1


def from_page_starts(page_starts: tuple[int, ...]) -> PageMap:
    if not page_starts:
        return PageMap((0,), (1,))
    starts = (0, *page_starts[1:]) if page_starts[0] != 0 else page_starts
    return PageMap(tuple(starts), tuple(range(1, len(starts) + 1)))


def from_markers(markers: list[tuple[int, int]]) -> PageMap:
    """Pages from ``(offset after the marker line, announced number)`` pairs.

    A marker counts only if it continues the count (the next page number), so a line such
    as "2 -" inside a list does not open a page out of order.
    """
    starts, numbers = [0], [1]
    for offset, number in markers:
        if number == numbers[-1] + 1:
            starts.append(offset)
            numbers.append(number)
    return PageMap(tuple(starts), tuple(numbers))
