"""Quotable passages: sentences of the cleaned text whose original span reads the same.

A sentence is cut where the cleaner dropped something readable from the original between
two of its characters (a page marker, a garbage line), so that every passage's original span,
normalised, equals the passage: a citation built from it passes a mechanical check.
"""

from __future__ import annotations

import itertools

from council_qa.ingest import sentences
from council_qa.ingest.clean import CleanText
from council_qa.types import Passage


def gaps(clean: CleanText, original: str, start: int, end: int) -> list[int]:
    """Cleaned offsets in ``(start, end)`` before which the original skipped readable text."""
    origin = clean.mapped.origin
    cuts = []
    for i in range(start + 1, end):
        a, b = origin[i - 1] + 1, origin[i]
        if b > a and any(ch.isalnum() for ch in original[a:b]):
            cuts.append(i)
    return cuts


def make_passage(clean: CleanText, start: int, end: int) -> Passage:
    text = clean.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    source_start, source_end = clean.mapped.span(start, end)
    return Passage(text[start:end], source_start, source_end, clean.page_of(start))


def passages(clean: CleanText, original: str, start: int, end: int) -> tuple[Passage, ...]:
    """The passages of ``clean.text[start:end]``, sentence by sentence, cut at gaps."""
    out: list[Passage] = []
    for a, b in sentences.split_spans(clean.text, start, end):
        bounds = [a, *gaps(clean, original, a, b), b]
        for s, e in itertools.pairwise(bounds):
            if clean.text[s:e].strip():
                out.append(make_passage(clean, s, e))
    return tuple(out)
