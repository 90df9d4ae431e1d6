"""One file in, one parsed document and its chunks out: the whole ingest stage as a function."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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


def parse_raw(raw: RawDocument, visibility: Visibility | None = None) -> Parsed:
    cleaned = clean(raw)
    document = build_document(raw.source, raw.text, cleaned, visibility)
    return Parsed(raw, document, tuple(chunk_document(document, cleaned, raw.text)))


def parse_file(path: Path, visibility: Visibility | None = None, ocr: bool = True) -> Parsed:
    """Raises ``ReaderError`` with one clear line when the file cannot be read."""
    return parse_raw(read_file(path, ocr=ocr), visibility)
