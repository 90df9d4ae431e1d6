"""Chunks that follow the paper's structure.

A memo becomes its header, one chunk per clause (resolution text and report together, while
they fit) and its closing lines; a tabular Beschlusskontrolle one chunk per row (the row and its
note below the table, under the row's resolution) and its other text; any other text becomes
windows of whole sentences with an overlap, never crossing a section heading, each labelled
with its section path.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from dataclasses import replace

from council_qa.ingest.clauses import explained_until
from council_qa.ingest.clean import CleanText
from council_qa.ingest.passages import passages
from council_qa.types import Chunk, ChunkKind, Document, Passage, RowReport

MAX_CHARS = 1200
OVERLAP = 1  # passages repeated at the start of the next window
_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+([A-ZÄÖÜ][^\n.!?]{2,90})$", re.MULTILINE)


def _chunk_id(document_id: str, first: Passage, kind: str) -> str:
    return hashlib.sha256(f"{document_id}:{kind}:{first.source_start}:{first.source_end}".encode()).hexdigest()[:20]


def windows(
    units: tuple[Passage, ...], max_chars: int = MAX_CHARS, overlap: int = OVERLAP
) -> list[tuple[Passage, ...]]:
    """Consecutive runs of passages of at most ``max_chars`` (one long passage stands alone)."""
    out: list[tuple[Passage, ...]] = []
    i = 0
    while i < len(units):
        j, size = i, 0
        while j < len(units) and (j == i or size + len(units[j].text) <= max_chars):
            size += len(units[j].text) + 1
            j += 1
        out.append(units[i:j])
        if j >= len(units):
            break
        i = max(j - overlap, i + 1)
    return out


def _make(
    doc: Document,
    kind: ChunkKind,
    units: tuple[Passage, ...],
    prefix: str,
    clause: str | None = None,
    section: str | None = None,
) -> Chunk:
    body = " ".join(p.text for p in units)
    return Chunk(
        chunk_id=_chunk_id(doc.document_id, units[0], kind),
        document_id=doc.document_id,
        source=doc.source,
        kind=kind,
        text=f"{prefix}{body}" if prefix else body,
        passages=units,
        resolution=doc.resolution,
        clause=clause,
        section=section,
        visibility=doc.visibility,
    )


def sections(clean: CleanText) -> list[tuple[int, int, str | None]]:
    """``(start, end, section path)`` spans of the cleaned text, split at numbered headings."""
    text = clean.text
    marks: list[tuple[int, str]] = []
    path: dict[int, str] = {}
    for m in _HEADING.finditer(text):
        level = m.group(1).count(".") + 1
        path = {k: v for k, v in path.items() if k < level}
        path[level] = f"{m.group(1)} {m.group(2).strip()}"
        marks.append((m.start(), " > ".join(path[k] for k in sorted(path))))
    bounds = [(0, None), *marks]
    out = []
    for (start, name), (end, _) in zip(bounds, [*bounds[1:], (len(text), None)], strict=False):
        if end > start:
            out.append((start, end, name))
    return out


def chunk_document(doc: Document, clean: CleanText, original: str) -> list[Chunk]:
    chunks: list[Chunk] = []
    prefix_res = f"{doc.resolution} " if doc.resolution else ""
    if doc.clauses:
        header_end = _clean_offset(clean, doc.clauses[0].source_start)
        closing_start = _clean_offset(clean, doc.clauses[-1].source_end)
        head = passages(clean, original, 0, header_end)
        for units in windows(head):
            chunks.append(_make(doc, "header", units, ""))
        for clause in doc.clauses:
            units = (*clause.text_passages, *clause.report_passages)
            for part in windows(units):
                chunks.append(
                    _make(doc, "clause", part, f"{prefix_res}Beschlusspunkt {clause.label}: ", clause=clause.label)
                )
        # the explanation after a proposal's points is running text; the closing lines after it
        signed = explained_until(clean.text, closing_start)
        for part in windows(passages(clean, original, closing_start, signed)):
            chunks.append(_make(doc, "text", part, ""))
        for units in windows(passages(clean, original, signed, len(clean.text))):
            chunks.append(_make(doc, "closing", units, ""))
        return chunks
    if doc.rows:
        return _table_chunks(doc, clean, original)
    for start, end, section in sections(clean):
        units = passages(clean, original, start, end)
        for part in windows(units):
            prefix = f"{section}: " if section else ""
            chunks.append(_make(doc, "text", part, prefix, section=section))
    return chunks


def _table_chunks(doc: Document, clean: CleanText, original: str) -> list[Chunk]:
    """A chunk per row, filed under the row's resolution so that a question naming it finds the
    row; the text around the table (letterhead, legend, closing) as windows. A row's note below
    the table goes with its row, not into the closing text."""
    chunks: list[Chunk] = []
    covered: list[tuple[int, int]] = []
    for row in doc.rows:
        start, end = _clean_offset(clean, row.source_start), _clean_offset(clean, row.source_end)
        notes = [p for p in row.remark_passages if not row.source_start <= p.source_start < row.source_end]
        units = (*passages(clean, original, start, end), *notes)
        covered.append((start, end))
        for p in notes:
            a = _clean_offset(clean, p.source_start)
            covered.append((clean.text.rfind("\n", 0, a) + 1, _clean_offset(clean, p.source_end)))
        if units:
            chunks.append(_row_chunk(doc, row, units))
    at = 0
    for start, end in [*sorted(covered), (len(clean.text), len(clean.text))]:
        if start > at:
            for part in windows(passages(clean, original, at, start)):
                chunks.append(_make(doc, "text", part, ""))
        at = max(at, end)
    return sorted(chunks, key=lambda c: c.source_start)


def _row_chunk(doc: Document, row: RowReport, units: tuple[Passage, ...]) -> Chunk:
    point = f" Punkt {row.clause}" if row.clause else ""
    chunk = _make(doc, "row", units, f"{row.resolution}{point} {row.subject}: ", clause=row.clause)
    return replace(chunk, resolution=row.resolution)


def _clean_offset(clean: CleanText, original_offset: int) -> int:
    """The first cleaned offset whose origin is at or after ``original_offset``."""
    return bisect_left(clean.mapped.origin, original_offset)
