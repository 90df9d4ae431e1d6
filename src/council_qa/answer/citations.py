"""Citations from passages, each checked against the original text before it is used."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from council_qa.answer.verify import holds
from council_qa.index.snapshot import Snapshot
from council_qa.types import Citation, Document, DocumentInfo, Passage

log = logging.getLogger(__name__)


@dataclass
class Ledger:
    """What one answer proposed to cite and what the span check dropped.

    The check runs before a quote is used, so a broken span never shows; without this count
    the loss would not show either (an answer that quietly lost its evidence looks like one
    that had none). ``eval`` reports both figures.
    """

    proposed: int = 0
    dropped: int = 0


def cite(
    snap: Snapshot, doc: Document | DocumentInfo, passage: Passage, clause: str | None, ledger: Ledger | None = None
) -> Citation | None:
    """A verified citation of ``passage``, or None (logged, counted) if its span does not hold it."""
    citation = Citation(
        source=doc.source,
        document_id=doc.document_id,
        resolution=doc.resolution,
        page=passage.page,
        clause=clause,
        quote=passage.text,
        source_start=passage.source_start,
        source_end=passage.source_end,
    )
    if ledger is not None:
        ledger.proposed += 1
    if holds(snap.original_text(doc.document_id), citation):
        return citation
    if ledger is not None:
        ledger.dropped += 1
    log.warning(
        "dropped a citation whose span does not hold its quote: %s %d:%d",
        doc.source,
        passage.source_start,
        passage.source_end,
    )
    return None


def cite_all(
    snap: Snapshot, doc: Document, passages: list[Passage], clause: str | None, ledger: Ledger | None = None
) -> list[Citation]:
    seen: set[tuple[int, int]] = set()
    out = []
    for p in passages:
        if (p.source_start, p.source_end) in seen:
            continue
        seen.add((p.source_start, p.source_end))
        c = cite(snap, doc, p, clause, ledger)
        if c:
            out.append(c)
    return out


def bare(quote: str) -> str:
    """A quote without the quotation marks of the document around it, to quote it again."""
    return quote.strip("„“”\"'»«, ")


def quoted(citations: list[Citation], language: str = "de") -> str:
    page = "p." if language == "en" else "S."
    return " ".join(f"„{bare(c.quote)}“ ({page} {c.page})" for c in citations)
