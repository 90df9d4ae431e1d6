"""The citation guarantee: a quote is shown only if its span in the original really holds it."""

from __future__ import annotations

from council_qa.ingest.textmap import normalise
from council_qa.types import Citation


def holds(original: str, citation: Citation) -> bool:
    """Does ``original[source_start:source_end]``, normalised, equal the quote normalised?"""
    if not 0 <= citation.source_start < citation.source_end <= len(original):
        return False
    span = normalise(original[citation.source_start : citation.source_end])
    quote = normalise(citation.quote)
    return bool(quote) and span == quote
