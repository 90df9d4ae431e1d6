"""Parse one file in a child process, so its memory and wall time can be bounded and cut.

Memory and time cannot be bounded from inside: a parser in C (lxml, pdftoppm, tesseract)
cannot be interrupted, and a process cannot give memory back to the system it has used. So
each file is read and parsed in a child process that the parent watches every ``POLL_S``:
the resident memory of the child and of its pdftoppm/tesseract children, the clock and the
cancel token. Over a budget, or on cancel, the parent kills the child's whole process group
and the file is rejected (or the ingest stopped); the index is never touched by a child.

The children come from a "forkserver": the app process runs torch/OpenMP threads, and a plain
``fork`` of a threaded process can deadlock the child on a lock some other thread held. The
forkserver is a small single-threaded process with the ingest modules already imported, so a
child costs a fork, not an interpreter start. Each child puts itself in its own process group
(the parent kills the group, grandchildren included) and asks the kernel for SIGTERM when the
forkserver ends, which happens when the parent dies: a killed ingest leaves no parser behind.
"""

from __future__ import annotations

import ctypes
import functools
import logging
import multiprocessing
import os
import signal
import tempfile
import time
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext, ForkServerProcess
from pathlib import Path
from types import FrameType

from council_qa.ingest import scratch, status_model
from council_qa.ingest.budget import MIB, Budget, Cancelled, CancelToken
from council_qa.ingest.names import printable
from council_qa.ingest.pipeline import Parsed, parse_file
from council_qa.ingest.readers import ReaderError
from council_qa.types import Visibility

__all__ = ["parse_isolated"]

log = logging.getLogger(__name__)

# Trained here, at import, so the forkserver (which imports this module) holds the status
# classifier and every child inherits it instead of training it again (~0.3 s a file).
status_model.classifier()

POLL_S = 0.1  # how often the parent looks at the child's memory, the clock and the cancel token
_PR_SET_PDEATHSIG = 1  # prctl option, <linux/prctl.h>


@dataclass(frozen=True)
class _Job:
    """What the child needs: everything picklable, nothing of the parent's state."""

    path: Path
    visibility: Visibility | None
    ocr: bool
    budget: Budget
    scratch: Path
    log_level: int  # the parent's: ``council-qa -v`` shows the child's INFO lines too


@dataclass(frozen=True)
class _Answer:
    """The child's answer: the parsed file, or the ReaderError's message, or for any other
    fault a one-line message and the traceback (for the parent's log)."""

    parsed: Parsed | None
    message: str = ""
    trace: str = ""


def parse_isolated(
    path: Path, *, visibility: Visibility | None, ocr: bool, budget: Budget, cancel: CancelToken | None = None
) -> Parsed:
    """``pipeline.parse_file`` in a child process, within ``budget``'s memory and wall time.

    Raises ReaderError (one line naming the file) when the file cannot be read, is over any
    budget, or the parser fails in any other way; Cancelled when ``cancel`` is set meanwhile.
    Whatever happens, the child, its children and its scratch folder are gone on return.
    """
    name = printable(str(path))
    if cancel is not None:
        cancel.check()
    started = time.monotonic()
    with scratch.folder("parse") as tmp:
        job = _Job(path, visibility, ocr, budget, tmp, logging.getLogger().getEffectiveLevel())
        receiver, sender = _context().Pipe(duplex=False)
        child = _context().Process(target=_child, args=(sender, job), daemon=True)
        child.start()
        sender.close()
        try:
            answer, peak = _watch(child, receiver, name, budget, cancel)
        finally:
            _kill_group(child)
            child.join()
            receiver.close()
    log.debug("parsed %s in a child: %.2f s, peak %d MiB", name, time.monotonic() - started, peak // MIB)
    return _result(answer, child, name)


@functools.cache
def _context() -> ForkServerContext:
    """The forkserver context; its server starts with the first child and imports this module
    (and so the readers and parsers) and the main script once, instead of every child
    importing them again (a child re-runs the main script under a guard unless preloaded)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["__main__", __name__])
    return context


def _watch(
    child: ForkServerProcess, receiver: Connection, name: str, budget: Budget, cancel: CancelToken | None
) -> tuple[_Answer | None, int]:
    """Wait for the child's answer (None if it died without one), enforcing the budgets.

    Returns the answer and the peak resident memory seen, in bytes."""
    deadline = time.monotonic() + budget.seconds
    peak = 0
    pid = child.pid
    assert pid is not None  # set by start()
    while not receiver.poll(POLL_S):  # also True at end of file: the child is gone
        if cancel is not None and cancel.cancelled:
            raise Cancelled(cancel.reason)
        peak = max(peak, _tree_rss(pid))
        if peak > budget.memory_mb * MIB:
            raise ReaderError(
                f"{name}: reading and parsing exceeded the memory budget of {budget.memory_mb} MiB (--max-memory-mb)"
            )
        if time.monotonic() > deadline:
            raise ReaderError(
                f"{name}: reading and parsing took longer than the time budget of {budget.seconds:g} s (--max-seconds)"
            )
    try:
        answer: _Answer = receiver.recv()
    except (EOFError, OSError):
        return None, peak
    return answer, peak


def _result(answer: _Answer | None, child: ForkServerProcess, name: str) -> Parsed:
    if answer is None:
        code = child.exitcode
        how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        raise ReaderError(f"{name}: the parser process ended without a result ({how})")
    if answer.parsed is not None:
        return answer.parsed
    if answer.trace:
        log.error("parsing %s failed in the child process:\n%s", name, answer.trace)
        raise ReaderError(f"{name}: could not be parsed ({answer.message})")
    raise ReaderError(answer.message)


def _kill_group(child: ForkServerProcess) -> None:
    """SIGKILL the child's process group: the child and any pdftoppm/tesseract it started.

    Before the child has made its group (it does so first thing), only the child exists."""
    if child.pid is None:
        return
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except ProcessLookupError:
        child.kill()
    except PermissionError:  # the group id was taken over: the child is long gone
        pass


def _tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants; 0 for processes already gone."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += _rss(current)
        todo += _children(current)
    return total


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _children(pid: int) -> list[int]:
    """Children of every thread of ``pid`` (OCR runs each page from a thread of its own)."""
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as fh:
                found += [int(p) for p in fh.read().split()]
        except (OSError, ValueError):
            continue
    return found


# --- in the child -----------------------------------------------------------------------------


def _child(sender: Connection, job: _Job) -> None:
    """Parse ``job`` and send the answer; runs in the child process only."""
    os.setpgid(0, 0)
    _end_with_parent()
    logging.basicConfig(level=job.log_level, format="%(levelname)s %(name)s: %(message)s")
    tempfile.tempdir = str(job.scratch)  # OCR's folder lands in the one the parent removes
    try:
        answer = _Answer(parse_file(job.path, job.visibility, job.ocr, job.budget))
    except ReaderError as exc:
        answer = _Answer(None, str(exc))
    except BaseException as exc:  # any fault of one file's parser comes back as one line
        answer = _Answer(None, f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}", traceback.format_exc())
    sender.send(answer)
    sender.close()


def _end_with_parent() -> None:
    """When the forkserver ends (its parent died), take this process group down with it.

    The kernel sends SIGTERM (PR_SET_PDEATHSIG); the handler kills the whole group, so the
    pdftoppm/tesseract children go too. A handler runs between Python bytecodes: a parse busy
    inside a C library ends when that call returns."""
    signal.signal(signal.SIGTERM, _kill_own_group)
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) != 0:
        log.warning("cannot ask to end with the parent process: errno %d", ctypes.get_errno())


def _kill_own_group(_signum: int, _frame: FrameType | None) -> None:
    os.killpg(0, signal.SIGKILL)
