"""Cleaned text that remembers, character by character, where it came from.

Every repair ingest makes (joined lines, dropped page markers, OCR fixes) changes the text a
reader sees; citations must still point into the file as it was. Each cleaned character keeps
the offset of the original character it stands for, so any cleaned span maps back exactly.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass

_SKIP = re.compile(r"[\W_]+", re.UNICODE)
# OCR reads 1, l, I and | for one another; a check of a quote against its source must not
# fail on the confusions the cleaner repairs.
_CONFUSABLE = str.maketrans({"1": "l", "i": "l", "|": "l", "0": "o"})


def normalise(text: str) -> str:
    """The comparison form of a text: case, white space, punctuation and OCR confusions folded."""
    return _SKIP.sub("", text.casefold()).translate(_CONFUSABLE)


@dataclass(frozen=True)
class MappedText:
    """A cleaned text and, per character, its offset in the original text."""

    text: str
    origin: array  # type: ignore[type-arg]  # array('l'): len(text) offsets
    original_length: int

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span ``[a, b)`` that the cleaned span ``[start, end)`` came from."""
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside 0:{len(self.text)}")
        return self.origin[start], self.origin[end - 1] + 1

    def slice(self, start: int, end: int) -> MappedText:
        return MappedText(self.text[start:end], self.origin[start:end], self.original_length)


class MappedTextBuilder:
    """Appends pieces of cleaned text together with the original offsets they stand for."""

    def __init__(self, original_length: int) -> None:
        self._parts: list[str] = []
        self._origin: array = array("l")  # type: ignore[type-arg]
        self._original_length = original_length

    def __len__(self) -> int:
        return len(self._origin)

    def copy(self, original: str, start: int, end: int) -> None:
        """Keep ``original[start:end]`` as it is."""
        self._parts.append(original[start:end])
        self._origin.extend(range(start, end))

    def put(self, text: str, at: int) -> None:
        """Write ``text`` in place of the original character at ``at`` (a repair or a joint)."""
        self._parts.append(text)
        self._origin.extend([at] * len(text))

    def put_each(self, text: str, start: int) -> None:
        """Write ``text`` over ``original[start:start+len(text)]``, one character for one."""
        self._parts.append(text)
        self._origin.extend(range(start, start + len(text)))

    def drop_last(self) -> None:
        """Forget the last character written (a line-end hyphen of a rejoined word)."""
        while self._parts and not self._parts[-1]:
            self._parts.pop()
        if self._parts:
            self._parts[-1] = self._parts[-1][:-1]
            self._origin.pop()

    def build(self) -> MappedText:
        text = "".join(self._parts)
        assert len(text) == len(self._origin)
        return MappedText(text, self._origin, self._original_length)
