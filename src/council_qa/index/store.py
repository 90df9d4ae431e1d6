"""The index on disk: immutable generations and a manifest that names the complete one.

A writer builds a new generation beside the old, fsyncs it, and only then swaps the manifest
by an atomic rename; a crash at any moment leaves the old manifest pointing at a complete
generation. Readers keep the generation they opened and see a new one on their next look.

What a killed writer leaves behind (a ``tmp-*`` folder, or a renamed generation the manifest
never named) is removed by the next writer as soon as it holds the lock: only a writer
could have made it, and the lock says no writer is running.
"""

from __future__ import annotations

import errno
import fcntl
import json
import logging
import os
import re
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

FORMAT_VERSION = 3  # 2: chunks stored column-wise (index.columns); 3: documents opened lazily (index.shelf)
MANIFEST = "MANIFEST.json"
LOCK = "write.lock"
GENERATIONS = "generations"
LOCK_WAIT_ENV = "COUNCIL_QA_LOCK_WAIT"  # seconds a second writer waits for the first
DEFAULT_LOCK_WAIT = 600.0
_FINAL = re.compile(r"g(\d+)")
_SHORT_WRITE = re.compile(r"\d+ requested and \d+ written")  # numpy's tofile on a full disk
_WRITE_BLOCK = 16 * 1024 * 1024


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


def manifest_stamp(root: Path) -> tuple[int, int, int] | None:
    """What identifies the manifest file now (inode, size, mtime), ``None`` without one.

    A commit replaces the manifest by a rename, so a new generation always has a new stamp;
    a reader compares stamps with one ``stat`` instead of parsing the manifest, whose list of
    documents is ~1 MB of JSON at 100k chunks (~20 ms per question).
    """
    try:
        st = (root / MANIFEST).stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def check_model(manifest: Manifest, model_id: str, root: Path) -> None:
    if manifest.model_id != model_id:
        raise IndexError_(
            f"index {root} was built with embedding model {manifest.model_id!r}, but "
            f"{model_id!r} is configured: select that model (COUNCIL_QA_EMBEDDING) or "
            "re-ingest into a new index"
        )


def generation_dir(root: Path, generation: str) -> Path:
    return root / GENERATIONS / generation


def fsync_dir(path: Path) -> None:
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
        fsync_dir(Path(dirpath))


def lock_wait_seconds() -> float:
    """How long a writer waits for another: ``$COUNCIL_QA_LOCK_WAIT`` or ten minutes."""
    raw = os.environ.get(LOCK_WAIT_ENV, "")
    try:
        return max(0.0, float(raw)) if raw.strip() else DEFAULT_LOCK_WAIT
    except ValueError:
        raise IndexError_(f"{LOCK_WAIT_ENV}={raw!r}: give the seconds to wait for another ingest") from None


@contextmanager
def write_lock(root: Path, wait_seconds: float | None = None) -> Iterator[None]:
    """One writer at a time; a second one waits, and says so, then gives up clearly.

    An ``flock`` dies with its process, so a killed writer never leaves the index locked.
    The holder writes its pid into the lock file, so the waiting message can name it.
    """
    wait = lock_wait_seconds() if wait_seconds is None else wait_seconds
    root.mkdir(parents=True, exist_ok=True)
    with open(root / LOCK, "a+") as fh:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not told:
                    log.warning(
                        "another ingest%s is writing to %s; waiting up to %.0f s for it to finish",
                        _holder(fh), root, wait,
                    )  # fmt: skip
                    told = True
                if time.monotonic() >= deadline:
                    raise IndexError_(
                        f"index {root} is busy: another ingest{_holder(fh)} is still writing after {wait:.0f} s; "
                        f"try again when it has finished (or set {LOCK_WAIT_ENV} to wait longer)"
                    ) from None
                time.sleep(0.2)
        try:
            try:
                fh.seek(0)
                fh.truncate()
                fh.write(f"{os.getpid()}\n")
                fh.flush()
            except OSError:  # only a courtesy for the waiting message; a full disk shows later
                pass
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _holder(fh: Any) -> str:
    """The holder's pid as it wrote it down, as `` (pid N)``; empty if unknown."""
    try:
        fh.seek(0)
        pid = fh.read(32).strip()
    except OSError:
        return ""
    return f" (pid {pid})" if pid.isdigit() else ""


def new_generation_dir(root: Path) -> Path:
    path = root / GENERATIONS / f"tmp-{uuid.uuid4().hex}"
    path.mkdir(parents=True)
    return path


def recover(root: Path, manifest: Manifest | None) -> list[str]:
    """Remove what killed writers left: ``tmp-*`` folders, generations newer than the one the
    manifest names (renamed, never committed), generations older than the one before it (a
    prune cut short) and a half-written manifest. Call with the
    write lock held; returns the names removed."""
    removed: list[str] = []
    staging = root / f"{MANIFEST}.tmp"
    if staging.exists():
        staging.unlink()
        removed.append(staging.name)
    folder = root / GENERATIONS
    if not folder.is_dir():
        return removed
    current = _number(manifest.generation) if manifest else 0
    children = list(folder.iterdir())
    numbers = [n for n in (_number(c.name) for c in children) if n is not None]
    # The generation before the current one stays for readers that still hold it; older ones a
    # writer killed while pruning would otherwise wait for the next commit's prune.
    previous = max((n for n in numbers if current is not None and n < current), default=None)
    for child in children:
        number = _number(child.name)
        stale = (
            number is not None
            and current is not None
            and (number > current or (number < current and number != previous))
        )
        if child.name.startswith("tmp-") or stale:
            _remove(child)
            removed.append(child.name)
    if removed:
        log.warning("index %s: removed %s left by an interrupted ingest", root, ", ".join(sorted(removed)))
    return removed


def _number(name: str) -> int | None:
    m = _FINAL.fullmatch(name)
    return int(m.group(1)) if m else None


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _next_name(root: Path, previous: str | None) -> str:
    """One past the highest generation on disk or named: never the name of an orphan."""
    numbers = [n for n in (_number(p.name) for p in (root / GENERATIONS).iterdir()) if n is not None]
    numbers.append((_number(previous) or 0) if previous else 0)
    return f"g{max(numbers) + 1:06d}"


def describe_write_error(exc: BaseException) -> str:
    """One line for a failed write, with a hint for the errors that mean "the disk is full"."""
    if isinstance(exc, OSError) and exc.errno is not None:
        reason = exc.strerror or str(exc)
        where = f" ({Path(exc.filename).name})" if isinstance(exc.filename, str | Path) else ""
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            reason += ": the disk is full or a file size limit applies"
        elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            reason += ": check the permissions of the index folder"
        return reason + where
    text = " ".join(str(exc).split()) or type(exc).__name__
    if _SHORT_WRITE.search(text):
        text = f"short write ({text}): the disk is full or a file size limit applies"
    return text


def commit_generation(root: Path, tmp: Path, manifest_fields: dict[str, Any], previous: str | None) -> Manifest:
    """Make the fully written ``tmp`` generation current; older ones beyond the last are pruned.

    Until the manifest is swapped nothing a reader sees has changed, so a failure up to that
    point removes the new generation and raises ``IndexError_``: the index is unchanged.
    """
    name = _next_name(root, previous)
    final = root / GENERATIONS / name
    manifest = Manifest(generation=name, **manifest_fields)
    staging = root / f"{MANIFEST}.tmp"
    try:
        fsync_tree(tmp)
        os.replace(tmp, final)
        fsync_dir(root / GENERATIONS)
        with open(staging, "w", encoding="utf-8") as fh:
            json.dump(manifest.to_json(), fh, ensure_ascii=False, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(staging, root / MANIFEST)
    except OSError as exc:
        for path in (tmp, final, staging):
            _remove(path)
        raise IndexError_(f"cannot write the new index generation in {root}: {describe_write_error(exc)}") from exc
    try:
        fsync_dir(root)
    except OSError as exc:  # the swap happened; only its durability across a power cut is in doubt
        log.warning("index %s: generation %s is current but could not be synced to disk: %s", root, name, exc)
    _prune(root, keep={name, previous or ""})
    return manifest


def _prune(root: Path, keep: set[str]) -> None:
    """Drop generations no manifest names any more and unfinished ones left by a crash.

    The previous generation stays: a reader that read the old manifest a moment ago is
    still opening it.
    """
    for child in (root / GENERATIONS).iterdir():
        if child.name not in keep:
            _remove(child)


def save_vectors(path: Path, vectors: Vectors) -> None:
    """An ``.npy`` file written through Python's own file object.

    ``np.save`` writes with ``ndarray.tofile``, whose short write on a full disk raises an
    ``OSError`` without an errno ("31104 requested and 16352 written"); a Python write
    reports ``ENOSPC``/``EFBIG``, which the ingest can name.
    """
    array = np.ascontiguousarray(vectors, dtype=np.float32)
    with open(path, "wb") as fh:
        np.lib.format.write_array_header_1_0(fh, np.lib.format.header_data_from_array_1_0(array))
        data = array.reshape(-1).data.cast("B")
        for start in range(0, len(data), _WRITE_BLOCK):
            fh.write(data[start : start + _WRITE_BLOCK])


def load_vectors(path: Path, dim: int) -> Vectors:
    if not path.exists():
        return np.zeros((0, dim), dtype=np.float32)
    return np.load(path, mmap_mode="r")  # type: ignore[no-any-return]


def npy_data_offset(path: Path) -> int:
    """Byte offset of the first row in an ``.npy`` file (after its header)."""
    with open(path, "rb") as fh:
        major, _minor = np.lib.format.read_magic(fh)
        if major == 1:
            np.lib.format.read_array_header_1_0(fh)
        else:
            np.lib.format.read_array_header_2_0(fh)
        return fh.tell()
