"""Scratch folders that do not outlive their owner, even one killed with SIGKILL.

OCR writes ~9 MB page images, an upload is kept while it is read: a process killed in the
middle used to leave such folders in the temp dir for good (18 MB after one killed OCR run).
Each folder is named ``council-qa-<kind>-<pid>-<random>`` after the process that owns it. The
owner removes it on every way out of the ``with`` block; what a killed owner leaves is removed
by ``sweep`` in the next run, which only touches folders of this naming whose pid is gone.

A pid reused by an unrelated process keeps its predecessor's stale folder until that process
ends too: that costs disk for a while, never a folder in use.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["folder", "sweep"]

log = logging.getLogger(__name__)

_KIND = re.compile(r"[a-z]+")
# mkdtemp's random part is letters, digits and "_", never "-": the pid is unambiguous
_NAME = re.compile(r"council-qa-[a-z]+-(?P<pid>[0-9]+)-[a-z0-9_]+")


@contextlib.contextmanager
def folder(kind: str, base: Path | None = None) -> Iterator[Path]:
    """A new private folder (mode 0700) in ``base`` (the temp dir), removed when the block ends.

    ``kind`` (lower-case letters, e.g. "ocr", "parse", "upload") says in a listing of /tmp what
    left the folder behind.
    """
    if not _KIND.fullmatch(kind):
        raise ValueError(f"scratch kind must be lower-case letters, got {kind!r}")
    path = Path(tempfile.mkdtemp(prefix=f"council-qa-{kind}-{os.getpid()}-", dir=base))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def sweep(base: Path | None = None) -> list[Path]:
    """Remove the scratch folders in ``base`` (the temp dir) whose owning process is gone.

    Only this user's folders of the ``folder`` naming are considered; a folder that cannot be
    removed is logged and left. Returns the folders removed.
    """
    root = Path(base or tempfile.gettempdir())
    try:
        entries = list(os.scandir(root))
    except OSError as exc:
        log.warning("cannot list %s for stale scratch folders: %s", root, exc)
        return []
    removed = []
    for entry in entries:
        match = _NAME.fullmatch(entry.name)
        if match is None or _alive(int(match["pid"])) or not _own_folder(entry):
            continue
        try:
            shutil.rmtree(entry.path)
        except OSError as exc:
            log.warning("cannot remove stale scratch folder %s: %s", entry.path, exc)
            continue
        log.info("removed stale scratch folder %s", entry.path)
        removed.append(Path(entry.path))
    return removed


def _own_folder(entry: os.DirEntry[str]) -> bool:
    """A real folder (not a symlink someone planted) that belongs to this user."""
    try:
        st = entry.stat(follow_symlinks=False)
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive, and not ours to judge
        return True
    return True
