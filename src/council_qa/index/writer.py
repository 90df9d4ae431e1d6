"""Add and remove documents: one new generation per call, written crash-safely.

Vectors of documents already indexed are reused, so re-ingesting costs only the new or
changed files' embeddings; unchanged files (same content hash) are skipped outright.

A write that fails (disk full, permissions, a library's I/O error) removes its half-written
generation and raises ``IndexError_`` with one line: the index stays as it was.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from council_qa.index import dense, snapshot
from council_qa.index.embeddings import Embedder, Vectors
from council_qa.index.lexical import Lexical
from council_qa.index.originals import find_pdf, write_pdf
from council_qa.index.serialize import chunk_to_json, document_to_json
from council_qa.index.store import (
    IndexError_,
    check_model,
    commit_generation,
    describe_write_error,
    new_generation_dir,
    read_manifest,
    recover,
    save_vectors,
    write_lock,
)
from council_qa.ingest.pipeline import Parsed
from council_qa.types import Chunk, Document, OriginalFile

log = logging.getLogger(__name__)


@dataclass
class WriteReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    generation: str | None = None


@dataclass(frozen=True)
class _Entry:
    document: Document
    original: str
    pdf: OriginalFile | Path | None  # the PDF as read at ingest, or the previous generation's copy
    chunks: tuple[Chunk, ...]
    chunk_vectors: Vectors
    passage_vectors: Vectors


def _existing(snap: snapshot.Snapshot) -> dict[str, _Entry]:
    """Every indexed document with its chunks and their stored vectors."""
    if snap.is_empty and not snap.documents:
        return {}
    vectors = np.asarray(snap.chunk_vectors())
    by_doc: dict[str, list[int]] = {}
    for i, chunk in enumerate(snap.chunks):
        by_doc.setdefault(chunk.document_id, []).append(i)
    out = {}
    for doc_id, doc in snap.documents.items():
        rows = by_doc.get(doc_id, [])
        out[doc_id] = _Entry(
            document=doc,
            original=snap.original_text(doc_id),
            pdf=find_pdf(snap, doc_id),
            chunks=tuple(snap.chunks[i] for i in rows),
            chunk_vectors=vectors[rows]
            if rows
            else np.zeros((0, vectors.shape[1] if vectors.ndim == 2 else 0), np.float32),
            passage_vectors=np.concatenate([snap.chunk_passage_vectors(i) for i in rows])
            if rows
            else np.zeros((0, snap.passage_vectors.shape[1] if snap.passage_vectors.ndim == 2 else 0), np.float32),
        )
    return out


def _embed(parsed: Parsed, embedder: Embedder) -> _Entry:
    chunks = parsed.chunks
    texts = [p.text for c in chunks for p in c.passages]
    return _Entry(
        document=parsed.document,
        original=parsed.raw.text,
        pdf=parsed.raw.pdf,
        chunks=chunks,
        chunk_vectors=embedder.embed_passages([c.text for c in chunks]),
        passage_vectors=embedder.embed_passages(texts),
    )


def _adopt_pdf(entries: dict[str, _Entry], parsed: Parsed) -> bool:
    """An unchanged document indexed before PDFs were kept takes its PDF now, so ingesting the
    papers again gives an older index its page images; True if that needs a new generation."""
    kept = entries[parsed.document.document_id]
    if kept.pdf is not None or parsed.raw.pdf is None:
        return False
    entries[parsed.document.document_id] = replace(kept, pdf=parsed.raw.pdf)
    log.info("%s: unchanged, its PDF is now kept for page images", parsed.document.source)
    return True


def update(
    root: Path,
    embedder: Embedder,
    add: Iterable[Parsed] = (),
    remove: Sequence[str] = (),
) -> WriteReport:
    """Apply additions (replacing a document of the same source) and removals in one generation."""
    report = WriteReport()
    with write_lock(root):
        manifest = read_manifest(root)
        if manifest is not None:
            check_model(manifest, embedder.model_id, root)
        recover(root, manifest)
        entries = _existing(snapshot.load(root))
        by_source = {e.document.source: doc_id for doc_id, e in entries.items()}
        changed = False
        for doc_id in remove:
            if entries.pop(doc_id, None) is not None:
                report.removed.append(doc_id)
                changed = True
        for parsed in add:
            doc = parsed.document
            if doc.document_id in entries:
                changed |= _adopt_pdf(entries, parsed)
                report.skipped.append(doc.source)
                continue
            old = by_source.get(doc.source)
            if old and old in entries:
                del entries[old]
                report.replaced.append(doc.source)
            else:
                report.added.append(doc.source)
            entries[doc.document_id] = _embed(parsed, embedder)
            by_source[doc.source] = doc.document_id
            changed = True
        if not changed:
            report.generation = manifest.generation if manifest else None
            return report
        report.generation = _write(root, list(entries.values()), embedder, manifest.generation if manifest else None)
    return report


def _write(root: Path, entries: list[_Entry], embedder: Embedder, previous: str | None) -> str:
    try:
        tmp = new_generation_dir(root)
    except OSError as exc:
        raise IndexError_(f"cannot write the new index generation in {root}: {describe_write_error(exc)}") from exc
    try:
        _fill(tmp, entries, embedder.dim)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, OSError | RuntimeError) and not isinstance(exc, IndexError_):
            # faiss reports a failed fwrite (disk full) as RuntimeError, not OSError
            raise IndexError_(f"cannot write the new index generation in {root}: {describe_write_error(exc)}") from exc
        raise
    documents = {
        e.document.document_id: {"source": e.document.source, "content_hash": e.document.content_hash} for e in entries
    }
    manifest = commit_generation(
        root, tmp, {"model_id": embedder.model_id, "dim": embedder.dim, "documents": documents}, previous
    )
    log.info(
        "index %s: generation %s with %d documents, %d chunks",
        root, manifest.generation, len(entries), sum(len(e.chunks) for e in entries),
    )  # fmt: skip
    return manifest.generation


def _fill(tmp: Path, entries: list[_Entry], dim: int) -> None:
    """Write every file of a generation into ``tmp``."""
    chunks = [c for e in entries for c in e.chunks]
    chunk_vectors = (
        np.concatenate([e.chunk_vectors.reshape(-1, dim) for e in entries])
        if entries
        else np.zeros((0, dim), np.float32)
    )
    passage_vectors = (
        np.concatenate([e.passage_vectors.reshape(-1, dim) for e in entries])
        if entries
        else np.zeros((0, dim), np.float32)
    )
    with open(tmp / snapshot.DOCUMENTS, "w", encoding="utf-8") as fh:
        for e in entries:
            fh.write(json.dumps(document_to_json(e.document), ensure_ascii=False) + "\n")
    with open(tmp / snapshot.CHUNKS, "w", encoding="utf-8") as fh:
        for c in chunks:
            fh.write(json.dumps(chunk_to_json(c), ensure_ascii=False) + "\n")
    (tmp / snapshot.ORIGINALS).mkdir()
    for e in entries:
        (tmp / snapshot.ORIGINALS / f"{e.document.document_id}.txt").write_text(e.original, encoding="utf-8")
        write_pdf(tmp, e.document.document_id, e.pdf)
    save_vectors(tmp / snapshot.CHUNK_VECTORS, chunk_vectors)
    save_vectors(tmp / snapshot.PASSAGE_VECTORS, passage_vectors)
    dense.save(dense.build(chunk_vectors, dim), tmp / snapshot.DENSE)
    if chunks:
        Lexical.build([c.text for c in chunks]).save(tmp / snapshot.BM25)
