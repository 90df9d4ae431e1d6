"""Uploaded files into the index: checked, written under a safe name, parsed, committed.

An upload is untrusted input: its name may carry a path (``../../etc/x``) or control
characters, and its size is whatever the browser sends. Each file is written under a cleaned
name into a scratch folder (never near the index; removed on every way out, and by the next
start after a kill), parsed in a child process like ``council-qa ingest`` does and committed
on its own, so one bad file does not cost the others, the progress bar moves per file, and a
stop (``cancel``) between or inside files keeps every file committed before it. Each file's
work is bounded by a ``Budget`` (memory, wall time, pages to OCR, characters); a file over
one is rejected with the reason, the others go on.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from council_qa.app.limits import MAX_UPLOAD_BYTES as MAX_UPLOAD_BYTES  # re-exported: the library's limit
from council_qa.app.limits import MAX_UPLOAD_MB as MAX_UPLOAD_MB
from council_qa.index.embeddings import Embedder
from council_qa.index.store import IndexError_
from council_qa.index.writer import update
from council_qa.ingest import scratch
from council_qa.ingest.budget import DEFAULT_BUDGET, Budget, Cancelled, CancelToken
from council_qa.ingest.isolate import parse_isolated
from council_qa.ingest.names import printable
from council_qa.ingest.pipeline import Parsed
from council_qa.ingest.readers import ReaderError

ALLOWED_TYPES = ("pdf", "txt", "md", "docx", "html", "htm")
_MAX_NAME = 120
_UNSAFE = re.compile(r"[^\w.\- ()]+")

Outcome = Literal["added", "replaced", "skipped", "rejected", "failed", "cancelled"]


@dataclass(frozen=True)
class Upload:
    """A file as the browser sent it."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Result:
    name: str
    outcome: Outcome
    reason: str = ""


def safe_name(name: str) -> str:
    """A plain file name: no folders, no control characters, no leading dots, bounded length.

    The name is kept as close to the original as possible because it becomes the citation's
    ``source``; only what could escape the upload folder or confuse a terminal is replaced.
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = _UNSAFE.sub("_", base).strip(" .")
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    stem = stem[: _MAX_NAME - len(ext) - 1].strip(" .") or "upload"
    return f"{stem}.{ext.lower()}" if ext else stem


def check(upload: Upload) -> str | None:
    """Why the file cannot be taken as it is, before anything is written; None if it can."""
    suffix = safe_name(upload.name).rpartition(".")[2].lower()
    if suffix not in ALLOWED_TYPES:
        return f"file type .{suffix} is not supported (use {', '.join(ALLOWED_TYPES)})"
    if len(upload.data) > MAX_UPLOAD_BYTES:
        return f"file is {len(upload.data) / 1024 / 1024:.1f} MB; the limit is {MAX_UPLOAD_MB} MB"
    return None


def _reason(exc: ReaderError, path: Path) -> str:
    """ReaderError says "<path>: <reason>"; the scratch path means nothing to the user."""
    message = str(exc)
    for prefix in (f"{path}: ", f"{printable(str(path))}: "):
        if message.startswith(prefix):
            return message[len(prefix) :]
    return message


def ingest(
    uploads: Sequence[Upload],
    index: Path,
    embedder: Embedder,
    progress: Callable[[int, str], None] = lambda done, name: None,
    *,
    budget: Budget = DEFAULT_BUDGET,
    cancel: CancelToken | None = None,
) -> list[Result]:
    """Ingest each upload into ``index``; ``progress(done, name)`` is called before each file.

    A stop through ``cancel`` ends the run at the next safe point: the file being read and all
    after it come back as ``cancelled``, every file before it is committed.
    """
    results: list[Result] = []
    with scratch.folder("upload") as folder:
        for done, upload in enumerate(uploads):
            name = safe_name(upload.name)
            try:
                if cancel is not None:
                    cancel.check()
                progress(done, name)
                results.append(_ingest_one(upload, name, folder, index, embedder, budget, cancel))
            except Cancelled:
                results.extend(Result(safe_name(u.name), "cancelled") for u in uploads[done:])
                break
    return results


def _parse(path: Path, budget: Budget, cancel: CancelToken | None) -> Parsed:
    """One file read and parsed in a child process within ``budget`` (memory, time, pages,
    characters); ``Cancelled`` if asked to stop, ``ReaderError`` if over a budget."""
    return parse_isolated(path, visibility=None, ocr=True, budget=budget, cancel=cancel)


def _ingest_one(
    upload: Upload, name: str, folder: Path, index: Path, embedder: Embedder, budget: Budget, cancel: CancelToken | None
) -> Result:
    problem = check(upload)
    if problem:
        return Result(name, "rejected", problem)
    path = folder / name
    path.write_bytes(upload.data)
    try:
        parsed = _parse(path, budget, cancel)
        report = update(index, embedder, add=[parsed], cancel=cancel, budget=budget)  # copies a PDF: unlink after
    except ReaderError as exc:
        return Result(name, "rejected", _reason(exc, path))
    except (IndexError_, OSError) as exc:  # the index, not the file, is the problem
        return Result(name, "failed", str(exc))
    finally:
        path.unlink(missing_ok=True)
    if report.rejected:
        return Result(name, "rejected", report.rejected[0][1])
    outcome: Outcome = "added" if report.added else "replaced" if report.replaced else "skipped"
    return Result(name, outcome)
