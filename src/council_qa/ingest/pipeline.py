"""One file in, one parsed document and its chunks out: the whole ingest stage as a function."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from council_qa.ingest.budget import DEFAULT_BUDGET, Budget
from council_qa.ingest.chunking import chunk_document
from council_qa.ingest.clean import clean
from council_qa.ingest.readers import read_file
from council_qa.ingest.structure import build_document
from council_qa.types import Chunk, Document, RawDocument, Visibility


@dataclass(frozen=True)
class Parsed:
    raw: RawDocument
    document: Document
    chunks: tuple[Chunk, ...]
    # Given by the user (``--visibility``, the library), not detected from the text: only then
    # may it change the visibility of a paper that is already indexed.
    visibility_set: bool = False


def parse_raw(raw: RawDocument, visibility: Visibility | None = None) -> Parsed:
    cleaned = clean(raw)
    document = build_document(raw.source, raw.text, cleaned, visibility)
    chunks = tuple(chunk_document(document, cleaned, raw.text))
    return Parsed(raw, document, chunks, visibility_set=visibility is not None)


def parse_file(
    path: Path, visibility: Visibility | None = None, ocr: bool = True, budget: Budget = DEFAULT_BUDGET
) -> Parsed:
    """Raises ``ReaderError`` with one clear line when the file cannot be read or is over budget.

    In this process, so memory and wall time are not bounded: ``isolate.parse_isolated`` is
    the same with those two enforced, for files from outside."""
    return parse_raw(read_file(path, ocr=ocr, budget=budget), visibility)
