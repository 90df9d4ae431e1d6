"""One complete generation of the index, loaded for reading."""

from __future__ import annotations

import gc
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import faiss
import numpy as np
import numpy.typing as npt

from council_qa.index import dense, words
from council_qa.index.columns import ChunkTable
from council_qa.index.embeddings import Vectors
from council_qa.index.lexical import Lexical
from council_qa.index.shelf import CATALOGUE, Shelf, ShelfError
from council_qa.index.store import IndexError_, Manifest, generation_dir, load_vectors, read_manifest
from council_qa.index.vocabulary import Vocabulary
from council_qa.ingest import papernumbers
from council_qa.types import REPORTING_KINDS, DocumentInfo, Visibility

CHUNKS = "chunks"  # a folder of columns (index.columns)
DENSE = "dense.faiss"
CHUNK_VECTORS = "chunk_vectors.npy"
PASSAGE_VECTORS = "passage_vectors.npy"
BM25 = "bm25"
ORIGINALS = "originals"
ORIGINALS_CACHED = 256


@dataclass
class Snapshot:
    root: Path
    manifest: Manifest | None
    documents: Shelf
    chunks: ChunkTable
    dense_index: faiss.Index | None
    lexical: Lexical | None
    passage_vectors: Vectors
    _originals: OrderedDict[str, str] = field(default_factory=OrderedDict)
    _newest_first: dict[str, tuple[DocumentInfo, ...]] = field(default_factory=dict)
    _resolutions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _named: dict[str, tuple[DocumentInfo, ...]] = field(default_factory=dict)
    _memos: dict[str, dict[str | None, tuple[DocumentInfo, ...]]] = field(default_factory=dict)
    _tables: dict[str, dict[str, tuple[DocumentInfo, ...]]] = field(default_factory=dict)
    _owned: dict[str, frozenset[str]] = field(default_factory=dict)

    @property
    def generation(self) -> str | None:
        return self.manifest.generation if self.manifest else None

    @property
    def path(self) -> Path | None:
        return generation_dir(self.root, self.manifest.generation) if self.manifest else None

    @property
    def passage_offsets(self) -> npt.NDArray[np.int64]:
        """Row of each chunk's first passage vector (chunk i owns rows offsets[i]:offsets[i+1])."""
        return self.chunks.passage_offsets

    @cached_property
    def word_vectors(self) -> words.WordVectors:
        """The papers' nouns with their vectors (none for an index written before they existed)."""
        path = self.path
        dim = self.manifest.dim if self.manifest else 0
        return (words.load(path, dim) if path else None) or words.empty(dim)

    @cached_property
    def public_vocabulary(self) -> Vocabulary:
        """The stems of public chunks only: what a public user may learn the papers hold."""
        if self.lexical is None:
            return Vocabulary(())
        return Vocabulary(self.lexical.stems_in(self.chunks.rows_matching("visibility", ["public"])))

    def newest_first(self, visibility: Visibility) -> tuple[DocumentInfo, ...]:
        """The documents ``visibility`` may see, newest first (a later memo supersedes an earlier
        one), sorted once per generation: every question asks for them, and at 12,000 documents
        the sort took milliseconds per question."""
        if visibility not in self._newest_first:
            docs = [d for d in self.documents.infos.values() if visibility == "internal" or d.visibility == "public"]
            self._newest_first[visibility] = tuple(sorted(docs, key=lambda d: (d.date or "", d.source), reverse=True))
        return self._newest_first[visibility]

    def named(self, visibility: Visibility) -> tuple[DocumentInfo, ...]:
        """The visible documents that name a resolution, newest first (what "the documents
        cover" lists); kept per generation, since concept papers without one can fill most of
        ``newest_first`` and a scan past them took ~5 ms per question at 120,000 papers."""
        if visibility not in self._named:
            self._named[visibility] = tuple(d for d in self.newest_first(visibility) if d.resolution)
        return self._named[visibility]

    def resolutions(self, visibility: Visibility) -> tuple[str, ...]:
        """The resolutions of the documents ``visibility`` may see, and those a visible table's
        rows report on, sorted (once per generation)."""
        if visibility not in self._resolutions:
            own = self._own(visibility) | set(self._rows_by_resolution(visibility))
            self._resolutions[visibility] = tuple(sorted(own))
        return self._resolutions[visibility]

    def has_papers(self, visibility: Visibility, resolution: str) -> bool:
        """Is ``resolution`` the resolution of a visible paper of its own (not only of table rows)?"""
        return resolution in self._own(visibility)

    def _own(self, visibility: Visibility) -> frozenset[str]:
        if visibility not in self._owned:
            self._owned[visibility] = frozenset(d.resolution for d in self.newest_first(visibility) if d.resolution)
        return self._owned[visibility]

    def tables(self, visibility: Visibility, resolution: str) -> tuple[DocumentInfo, ...]:
        """The visible tabular Beschlusskontrollen with a row on ``resolution``, newest first."""
        return self._rows_by_resolution(visibility).get(resolution, ())

    def _rows_by_resolution(self, visibility: Visibility) -> dict[str, tuple[DocumentInfo, ...]]:
        if visibility not in self._tables:
            groups: dict[str, list[DocumentInfo]] = {}
            for d in self.newest_first(visibility):
                for resolution in d.rows:
                    groups.setdefault(resolution, []).append(d)
            self._tables[visibility] = {r: tuple(docs) for r, docs in groups.items()}
        return self._tables[visibility]

    def memos(self, visibility: Visibility, resolution: str | None) -> tuple[DocumentInfo, ...]:
        """Visible papers with clauses (of ``resolution``, or all), newest first, memos (which report
        statuses) before the resolutions themselves. Grouped by resolution in one pass per
        generation: a scan per resolution asked about took ~10 ms at 12,000 papers, 90 ms at 120,000."""
        if visibility not in self._memos:
            groups: dict[str | None, list[DocumentInfo]] = {None: []}
            for d in self.newest_first(visibility):
                if d.labels:
                    groups[None].append(d)
                    if d.resolution is not None:
                        groups.setdefault(d.resolution, []).append(d)
            self._memos[visibility] = {
                r: tuple(sorted(docs, key=lambda d: d.kind not in REPORTING_KINDS)) for r, docs in groups.items()
            }
        return self._memos[visibility].get(resolution, ())

    def resolve(self, number: str) -> str | None:
        """The indexed resolution a number names, typed however loosely ("Vorlage 317/24" for
        0317/2024), whether it is a resolution's number or that of a report on one."""
        return self._directory.resolve(number)

    @cached_property
    def _directory(self) -> papernumbers.Directory:
        names = []
        for d in self.documents.infos.values():
            target = d.resolution or d.number
            for name in {d.resolution, d.number} - {None}:
                if target is not None and name is not None:
                    names.append((name, target))
            names.extend((row, row) for row in d.rows)  # a table row's resolution is known by its number
        return papernumbers.Directory(names)

    def chunk_passage_vectors(self, i: int) -> Vectors:
        a, b = self.passage_offsets[i], self.passage_offsets[i + 1]
        return np.asarray(self.passage_vectors[a:b])

    def original_text(self, document_id: str) -> str:
        """Every citation is checked against it, so the last ``ORIGINALS_CACHED`` read are kept;
        no more, or a long-running app would end up holding every paper a question touched."""
        text = self._originals.get(document_id)
        if text is None:
            assert self.path is not None
            text = (self.path / ORIGINALS / f"{document_id}.txt").read_text(encoding="utf-8")
            self._originals[document_id] = text
            while len(self._originals) > ORIGINALS_CACHED:
                self._originals.popitem(last=False)
        return text

    def chunk_vectors(self) -> Vectors:
        if self.path is None or self.manifest is None:
            return np.zeros((0, 0), dtype=np.float32)
        return load_vectors(self.path / CHUNK_VECTORS, self.manifest.dim)

    @property
    def is_empty(self) -> bool:
        return len(self.chunks) == 0


def empty(root: Path) -> Snapshot:
    return Snapshot(root, None, Shelf.empty(), ChunkTable.empty(), None, None, np.zeros((0, 0), dtype=np.float32))


@contextmanager
def _no_gc() -> Iterator[None]:
    """No cyclic garbage collection while the catalogue is built: it holds no cycles, and the
    collector, run again and again over the growing heap, took 40% of the load when whole
    documents were built here (0.51 -> 0.31 s at 1,200 documents, more than linearly above)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load(root: Path, attempts: int = 5) -> Snapshot:
    """The generation the manifest names. A writer may commit twice while we read the manifest
    and open the files, and prune the generation we were about to open: then read the
    manifest again, rather than return an empty index under the old generation's name."""
    manifest = read_manifest(root)
    if manifest is None:
        return empty(root)
    path = generation_dir(root, manifest.generation)
    if not (path / CATALOGUE).exists():
        if attempts > 1:
            return load(root, attempts - 1)
        raise IndexError_(f"index {root}: generation {manifest.generation} is missing; re-ingest the documents")
    try:
        with _no_gc():
            documents = Shelf.open(path)
    except ShelfError as exc:
        raise IndexError_(f"index {root}: {exc}; re-ingest the documents") from exc
    chunks = ChunkTable.open(path / CHUNKS)
    return Snapshot(
        root=root,
        manifest=manifest,
        documents=documents,
        chunks=chunks,
        dense_index=dense.load(path / DENSE) if (path / DENSE).exists() else None,
        lexical=Lexical.load(path / BM25) if len(chunks) else None,
        passage_vectors=load_vectors(path / PASSAGE_VECTORS, manifest.dim),
    )
