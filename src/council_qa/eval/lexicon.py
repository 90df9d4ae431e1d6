"""A general German word list, to tell a word broken at a line end from two words glued together.

The quote check (``metrics.quote_verbatim``) must decide whether "Betrieb" at a line end and
"genommen" on the next line may become "Betriebgenommen" in a quote (no: two words glued) while
"Zusam" + "menhang" may (yes: one word broken without its hyphen, as OCR leaves it). That is
knowledge of German, so it comes from a general word list, not from the papers under test:
Debian's ``wngerman`` (``/usr/share/dict/ngerman``, igerman98 by Björn Jacke, GPL-2/GPL-3; ~356,000
word forms), installed by ``make test``/``make eval`` and read only by ``eval``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from council_qa.ingest.textmap import normalise

log = logging.getLogger(__name__)
NGERMAN = Path("/usr/share/dict/ngerman")


@dataclass(frozen=True)
class Lexicon:
    """Word forms in the comparison form of ``normalise``: every form, and the forms that
    occur only in lower case (not nouns: a noun after a line break would be capitalised,
    so a lower-case piece that is a noun only is the tail of a compound)."""

    words: frozenset[str]
    lower_only: frozenset[str]

    @classmethod
    def from_words(cls, entries: list[str]) -> Lexicon:
        capital = {normalise(w) for w in entries if w[:1].isupper()}
        lower = {normalise(w) for w in entries if w[:1].islower()}
        return cls(frozenset(capital | lower), frozenset(lower - capital))

    def glued(self, pieces: list[str]) -> bool:
        """Would joining ``pieces`` (one word broken over lines, each in comparison form) glue
        two words? Yes when a later piece is a word of its own that is never a noun and the
        joined form is no word (compounds of nouns, and fragments, are joined)."""
        joined = "".join(pieces)
        return joined not in self.words and any(p in self.lower_only for p in pieces[1:])


@lru_cache(maxsize=1)
def german(path: Path = NGERMAN) -> Lexicon | None:
    """The word list, or None (logged) where it is not installed: the quote figure is then not measured."""
    try:
        entries = path.read_text(encoding="utf-8").split()
    except OSError as exc:
        log.warning("%s: %s; install the Debian package wngerman to measure quotes word for word", path, exc)
        return None
    return Lexicon.from_words(entries)
