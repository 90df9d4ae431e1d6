"""Ingests started from the library, run as jobs outside the Streamlit script thread.

Reading a few large papers takes minutes (OCR, embedding). In the script thread that would
freeze the page, end with the session's next rerun and ignore every stop. Here each ingest is
a job in a background thread of the server process: the runner (one per process, ``RUNNER``)
starts it, any staff page can show its progress and stop it, and the session that started it
may leave the library and come back. A stop goes through ``CancelToken``: the pipeline ends at
its next safe point (between files, between embedding batches), so the index holds exactly the
files committed before it.

One job runs at a time: every write takes the index's lock anyway, and a second ingest would
only wait for the first while holding its uploads in memory.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from council_qa.app import uploads
from council_qa.index.embeddings import Embedder
from council_qa.ingest.budget import DEFAULT_BUDGET, Budget, CancelToken

log = logging.getLogger("council_qa.app")
State = Literal["running", "done", "cancelled", "failed"]
_KEEP_FINISHED = 16  # finished jobs kept for the sessions that have not looked at them yet


class Busy(RuntimeError):
    """Another ingest is running; the library offers its progress instead of a second one."""


@dataclass(frozen=True)
class Progress:
    """A job as a page shows it: how far, which file now, and at the end what became of each file."""

    job_id: str
    state: State
    done: int
    total: int
    current: str | None = None
    cancelling: bool = False
    results: tuple[uploads.Result, ...] = ()
    error: str | None = None

    @property
    def finished(self) -> bool:
        return self.state != "running"

    @property
    def added(self) -> tuple[str, ...]:
        """Files that are in the index now (new or a new version), in upload order."""
        return tuple(r.name for r in self.results if r.outcome in ("added", "replaced"))


class Job:
    """One ingest of uploaded files; its progress is read and its stop asked from any thread."""

    def __init__(self, job_id: str, total: int) -> None:
        self.job_id = job_id
        self.total = total
        self.token = CancelToken()
        self._progress = Progress(job_id, "running", 0, total)
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def progress(self) -> Progress:
        with self._lock:
            current = self._progress
        return replace(current, cancelling=self.token.cancelled and not current.finished)

    def cancel(self) -> None:
        """Ask the ingest to stop at its next safe point; the files committed before stay."""
        if not self.progress().finished:
            log.info("ingest job %s: stop asked", self.job_id)
            self.token.cancel("stopped in the library")

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def _set(self, **changes: Any) -> None:
        with self._lock:
            self._progress = replace(self._progress, **changes)

    def _run(self, files: list[uploads.Upload], index: Path, embedder: Embedder, budget: Budget) -> None:
        def step(done: int, name: str) -> None:
            self._set(done=done, current=name)

        try:
            results = uploads.ingest(files, index, embedder, step, budget=budget, cancel=self.token)
        except Exception as exc:  # a fault of ours, not of one file: the page must still end the job
            log.exception("ingest job %s failed", self.job_id)
            self._set(state="failed", current=None, error=f"{type(exc).__name__}: {exc}")
            return
        finally:
            files.clear()  # the uploads' bytes are not kept beyond the run
        cancelled = any(r.outcome == "cancelled" for r in results)
        state: State = "cancelled" if cancelled else "done"
        done = sum(r.outcome != "cancelled" for r in results)
        self._set(state=state, done=done, current=None, results=tuple(results))
        log.info("ingest job %s %s: %d of %d files handled", self.job_id, state, done, self.total)


class Runner:
    """Starts ingest jobs one at a time and finds them again by id."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: dict[str, Job] = {}
        self._ids = itertools.count(1)

    def start(
        self,
        files: Sequence[uploads.Upload],
        index: Path,
        embedder: Embedder,
        budget: Budget = DEFAULT_BUDGET,
    ) -> Job:
        """Run ``uploads.ingest`` on ``files`` in a background thread; ``Busy`` if one runs already."""
        with self._lock:
            if self._running() is not None:
                raise Busy("an ingest is running")
            job = Job(f"ingest-{next(self._ids)}", len(files))
            self._jobs[job.job_id] = job
            self._prune()
            thread = threading.Thread(
                target=job._run, args=(list(files), index, embedder, budget), name=job.job_id, daemon=True
            )
            job._thread = thread
            thread.start()
        log.info("ingest job %s started: %d files", job.job_id, len(files))
        return job

    def get(self, job_id: str | None) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id) if job_id else None

    def running(self) -> Job | None:
        with self._lock:
            return self._running()

    def shutdown(self, timeout: float) -> None:
        """Stop a running job at its next safe point and wait up to ``timeout`` s (server shutdown)."""
        job = self.running()
        if job is not None:
            job.cancel()
            job.join(timeout)

    def _running(self) -> Job | None:
        return next((j for j in self._jobs.values() if not j.progress().finished), None)

    def _prune(self) -> None:
        finished = [i for i, j in self._jobs.items() if j.progress().finished]
        for job_id in finished[: max(0, len(finished) - _KEEP_FINISHED)]:
            del self._jobs[job_id]


RUNNER = Runner()
