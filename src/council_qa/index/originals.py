"""The original PDF of a document, kept in each index generation beside its extracted text.

Citations point into the extracted text, but a reader checks a quote best against the page as
printed, so the app renders the page itself. A PDF is stored as ``originals/<id>.pdf`` in the
generation (written before the fsync and rename like every other file of it, so a crash never
leaves a generation with half a PDF); the next generation copies it over from the previous one
unless the document changed. Other formats have no page image and store nothing.

A new PDF is copied from its file, not held in memory from reading to writing; if the file is
gone or changed by then (the hash read at ingest tells), the document is indexed without its
PDF and the app shows its text: a page image of other bytes than the text came from would lie.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
from pathlib import Path

from council_qa.index import snapshot
from council_qa.types import OriginalFile

log = logging.getLogger(__name__)

SUFFIX = ".pdf"
_BLOCK = 1024 * 1024


def pdf_path(generation: Path, document_id: str) -> Path:
    return generation / snapshot.ORIGINALS / f"{document_id}{SUFFIX}"


def find_pdf(snap: snapshot.Snapshot, document_id: str) -> Path | None:
    """The stored PDF of a document, or None (not a PDF, or indexed before PDFs were kept)."""
    if snap.path is None:
        return None
    path = pdf_path(snap.path, document_id)
    return path if path.is_file() else None


def write_pdf(generation: Path, document_id: str, pdf: OriginalFile | Path | None) -> None:
    """Store the PDF in a generation being written: the file read at ingest, or the previous
    generation's copy. Errors writing the copy propagate (the writer drops the generation)."""
    if pdf is None:
        return
    target = pdf_path(generation, document_id)
    if isinstance(pdf, Path):
        shutil.copyfile(pdf, target)
        return
    try:
        source = open(pdf.path, "rb")  # noqa: SIM115 - closed by the with below
    except OSError as exc:
        log.warning("%s: no page images for it, the file cannot be read any more (%s)", pdf.path, exc.strerror or exc)
        return
    digest = hashlib.sha256()
    with source, open(target, "wb") as out:
        while block := source.read(_BLOCK):
            digest.update(block)
            out.write(block)
    if digest.hexdigest() != pdf.sha256:
        target.unlink()
        log.warning("%s changed after it was read: no page images for it until it is ingested again", pdf.path)
