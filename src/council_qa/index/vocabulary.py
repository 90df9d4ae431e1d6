"""The papers' stems, for the look-ups that tell whether a question word stands in them.

Is a stem the beginning, the end or a part of some word of the papers? Over a vocabulary of
a few hundred thousand stems a scan per look-up costs tens of milliseconds; sorted lists of
the stems and of their mirror images answer beginnings and ends by bisection, and one
newline-joined string answers parts by a substring search that runs in C.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from functools import cached_property


class Vocabulary:
    def __init__(self, stems: Iterable[str]) -> None:
        self.sorted = sorted(set(stems))
        self._set = frozenset(self.sorted)

    # Built on first use: most question words are found by their beginning.
    @cached_property
    def _mirrored(self) -> list[str]:
        return sorted(stem[::-1] for stem in self.sorted)

    @cached_property
    def _text(self) -> str:
        return "\n" + "\n".join(self.sorted) + "\n"

    def __contains__(self, stem: object) -> bool:
        return stem in self._set

    def __len__(self) -> int:
        return len(self.sorted)

    def starts_a_word(self, part: str) -> bool:
        return _starts(self.sorted, part)

    def ends_a_word(self, part: str) -> bool:
        return _starts(self._mirrored, part[::-1])

    def in_a_word(self, part: str) -> bool:
        return part in self._text

    def in_another_word(self, part: str, word: str) -> bool:
        """Does ``part`` stand in some word of the papers other than ``word`` itself?"""
        at = self._text.find(part)
        while at >= 0:
            start = self._text.rfind("\n", 0, at) + 1
            if self._text[start : self._text.index("\n", at)] != word:
                return True
            at = self._text.find(part, at + 1)
        return False


def _starts(ordered: list[str], part: str) -> bool:
    i = bisect_left(ordered, part)
    return i < len(ordered) and ordered[i].startswith(part)
