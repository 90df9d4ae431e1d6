"""The index on disk: immutable generations and a manifest that names the complete one.

A writer builds a new generation beside the old, fsyncs it, and only then swaps the manifest
by an atomic rename; a crash at any moment leaves the old manifest pointing at a complete
generation. Readers keep the generation they opened and see a new one on their next look.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from council_qa.index.embeddings import Vectors

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
MANIFEST = "MANIFEST.json"
LOCK = "write.lock"
GENERATIONS = "generations"


class IndexError_(RuntimeError):
    """The index cannot be used as asked (missing, built by another model or format, busy)."""


@dataclass(frozen=True)
class Manifest:
    generation: str
    model_id: str
    dim: int
    documents: dict[str, dict[str, Any]]  # document_id -> {"source", "content_hash", ...}
    format_version: int = FORMAT_VERSION

    def to_json(self) -> dict[str, Any]:
        return {
            "format_version": self.format_version,
            "generation": self.generation,
            "model_id": self.model_id,
            "dim": self.dim,
            "documents": self.documents,
        }


def read_manifest(root: Path) -> Manifest | None:
    path = root / MANIFEST
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise IndexError_(f"index {root}: manifest unreadable ({exc})") from exc
    if data.get("format_version") != FORMAT_VERSION:
        raise IndexError_(
            f"index {root} has format version {data.get('format_version')}, this council-qa "
            f"reads version {FORMAT_VERSION}: re-ingest the documents into a new index"
        )
    return Manifest(data["generation"], data["model_id"], data["dim"], data["documents"])


def check_model(manifest: Manifest, model_id: str, root: Path) -> None:
    if manifest.model_id != model_id:
        raise IndexError_(
            f"index {root} was built with embedding model {manifest.model_id!r}, but "
            f"{model_id!r} is configured: select that model (COUNCIL_QA_EMBEDDING) or "
            "re-ingest into a new index"
        )


def generation_dir(root: Path, generation: str) -> Path:
    return root / GENERATIONS / generation


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_tree(path: Path) -> None:
    for dirpath, _dirs, files in os.walk(path):
        for name in files:
            with open(os.path.join(dirpath, name), "rb") as fh:
                os.fsync(fh.fileno())
        _fsync_dir(Path(dirpath))


@contextmanager
def write_lock(root: Path, wait_seconds: float = 600.0) -> Iterator[None]:
    """One writer at a time; a second one waits, and says so, then gives up clearly."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / LOCK, "a+") as fh:
        deadline = time.monotonic() + wait_seconds
        told = False
        while True:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not told:
                    log.warning("another ingest is writing to %s; waiting for it to finish", root)
                    told = True
                if time.monotonic() > deadline:
                    raise IndexError_(f"index {root} is busy: another ingest is still running") from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def new_generation_dir(root: Path) -> Path:
    path = root / GENERATIONS / f"tmp-{uuid.uuid4().hex}"
    path.mkdir(parents=True)
    return path


def commit_generation(root: Path, tmp: Path, manifest_fields: dict[str, Any], previous: str | None) -> Manifest:
    """Make the fully written ``tmp`` generation current; older ones beyond the last are pruned."""
    fsync_tree(tmp)
    number = int(previous[1:]) + 1 if previous and previous[1:].isdigit() else 1
    name = f"g{number:06d}"
    final = root / GENERATIONS / name
    os.replace(tmp, final)
    _fsync_dir(root / GENERATIONS)
    manifest = Manifest(generation=name, **manifest_fields)
    staging = root / f"{MANIFEST}.tmp"
    with open(staging, "w", encoding="utf-8") as fh:
        json.dump(manifest.to_json(), fh, ensure_ascii=False, indent=1)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(staging, root / MANIFEST)
    _fsync_dir(root)
    _prune(root, keep={name, previous or ""})
    return manifest


def _prune(root: Path, keep: set[str]) -> None:
    """Drop generations no manifest names any more and unfinished ones left by a crash."""
    for child in (root / GENERATIONS).iterdir():
        if child.name not in keep:
            shutil.rmtree(child, ignore_errors=True)


def save_vectors(path: Path, vectors: Vectors) -> None:
    np.save(path, np.ascontiguousarray(vectors, dtype=np.float32))


def load_vectors(path: Path, dim: int) -> Vectors:
    if not path.exists():
        return np.zeros((0, dim), dtype=np.float32)
    return np.load(path, mmap_mode="r")  # type: ignore[no-any-return]
