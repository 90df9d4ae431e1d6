"""The original PDF of a document, kept in each index generation beside its extracted text.

Citations point into the extracted text, but a reader checks a quote best against the page as
printed, so the app renders the page itself. A PDF is stored as ``originals/<id>.pdf`` in the
generation (written before the fsync and rename like every other file of it, so a crash never
leaves a generation with half a PDF); the next generation copies it over from the previous one
unless the document changed. Other formats have no page image and store nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from council_qa.index import snapshot

SUFFIX = ".pdf"


def pdf_path(generation: Path, document_id: str) -> Path:
    return generation / snapshot.ORIGINALS / f"{document_id}{SUFFIX}"


def find_pdf(snap: snapshot.Snapshot, document_id: str) -> Path | None:
    """The stored PDF of a document, or None (not a PDF, or indexed before PDFs were kept)."""
    if snap.path is None:
        return None
    path = pdf_path(snap.path, document_id)
    return path if path.is_file() else None


def write_pdf(generation: Path, document_id: str, pdf: bytes | Path | None) -> None:
    """Store the PDF in a generation being written: new bytes, or the previous generation's file."""
    if pdf is None:
        return
    target = pdf_path(generation, document_id)
    if isinstance(pdf, Path):
        shutil.copyfile(pdf, target)
    else:
        target.write_bytes(pdf)
