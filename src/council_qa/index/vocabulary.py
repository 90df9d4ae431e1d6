"""The papers' stems, for the look-ups that tell whether a question word stands in them.

Is a stem the beginning, the end or a part of some word of the papers? Over a vocabulary of
a few hundred thousand stems a scan per look-up costs tens of milliseconds a question; a
sorted list answers beginnings by bisection, and one newline-joined string answers ends and
parts by a substring search that runs in C.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable


class Vocabulary:
    def __init__(self, stems: Iterable[str]) -> None:
        self.sorted = sorted(set(stems))
        self._set = frozenset(self.sorted)
        self._text = "\n" + "\n".join(self.sorted) + "\n"

    def __contains__(self, stem: object) -> bool:
        return stem in self._set

    def __len__(self) -> int:
        return len(self.sorted)

    def starts_a_word(self, part: str) -> bool:
        i = bisect_left(self.sorted, part)
        return i < len(self.sorted) and self.sorted[i].startswith(part)

    def ends_a_word(self, part: str) -> bool:
        return f"{part}\n" in self._text

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
