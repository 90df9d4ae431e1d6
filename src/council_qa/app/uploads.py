"""Uploaded files into the index: checked, written under a safe name, parsed, committed.

An upload is untrusted input: its name may carry a path (``../../etc/x``) or control
characters, and its size is whatever the browser sends. Each file is written under a cleaned
name into a fresh temporary folder (never near the index), parsed with the same pipeline as
``council-qa ingest`` and committed on its own, so one bad file does not cost the others and the
progress bar moves per file.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from council_qa.index.embeddings import Embedder
from council_qa.index.store import IndexError_
from council_qa.index.writer import update
from council_qa.ingest.pipeline import parse_file
from council_qa.ingest.readers import ReaderError

MAX_UPLOAD_MB = 20
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
ALLOWED_TYPES = ("pdf", "txt", "md", "docx", "html", "htm")
_MAX_NAME = 120
_UNSAFE = re.compile(r"[^\w.\- ()]+")

Outcome = Literal["added", "replaced", "skipped", "rejected", "failed"]


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
    """ReaderError says "<path>: <reason>"; the temporary path means nothing to the user."""
    message = str(exc)
    prefix = f"{path}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


def ingest(
    uploads: Sequence[Upload],
    index: Path,
    embedder: Embedder,
    progress: Callable[[int, str], None] = lambda done, name: None,
) -> list[Result]:
    """Ingest each upload into ``index``; ``progress(done, name)`` is called before each file."""
    results = []
    with tempfile.TemporaryDirectory(prefix="council-qa-upload-") as folder:
        for done, upload in enumerate(uploads):
            name = safe_name(upload.name)
            progress(done, name)
            problem = check(upload)
            if problem:
                results.append(Result(name, "rejected", problem))
                continue
            path = Path(folder) / name
            path.write_bytes(upload.data)
            try:
                parsed = parse_file(path)
                report = update(index, embedder, add=[parsed])  # copies a PDF from the file: unlink after
            except ReaderError as exc:
                results.append(Result(name, "rejected", _reason(exc, path)))
                continue
            except (IndexError_, OSError) as exc:  # the index, not the file, is the problem
                results.append(Result(name, "failed", str(exc)))
                continue
            finally:
                path.unlink(missing_ok=True)
            outcome: Outcome = "added" if report.added else "replaced" if report.replaced else "skipped"
            results.append(Result(name, outcome))
    return results
