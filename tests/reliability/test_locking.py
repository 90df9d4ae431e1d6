"""One writer at a time, readers never blocked.

Two ingests can start together (a cron job and an upload). The second must wait for the
first and say so, or give up after the configured wait with one clear line, and never lose
the first one's documents. Meanwhile the chat keeps answering from the last complete
generation and picks up each new one without a restart.

The first writer is a real ``council-qa ingest``; SIGSTOP holds it at the moment under test
(holding the lock; halfway through writing its generation), the way a slow disk or a busy
machine would, so the test does not depend on how fast this machine embeds.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from council_qa.answer.engine import Answerer
from council_qa.index.embeddings import Embedder
from council_qa.index.store import LOCK, LOCK_WAIT_ENV
from council_qa.index.writer import update
from council_qa.ingest.pipeline import parse_file
from tests.conftest import EXAMPLES, TEST_MEMOS
from tests.reliability.support import (
    child_env,
    cli_command,
    document_ids,
    lock_holder,
    run_cli,
    stop,
    unfinished,
)

BASE = EXAMPLES / "2021-09-14_Beschlusskontrolle_V0877-18_Photovoltaik.txt"
FIRST = EXAMPLES / "2022-03-12_Beschlusskontrolle_V1234-19_Radverkehrsentwicklungsplan.txt"
SECOND = TEST_MEMOS / "2022-02-17_Beschlusskontrolle_A0198-16_Sportstaetten.txt"
ASK = {
    "base": "Ist Beschlusspunkt 1 der V0877/18 erfüllt?",
    "first": "Ist Beschlusspunkt 1 der V1234/19 erfüllt?",
    "second": "Ist Beschlusspunkt 1a der A0198/16 erfüllt?",
}


@dataclass
class Reader:
    """A chat session in a thread: asks the three questions in turn until told to stop."""

    answerer: Answerer
    log: list[tuple[float, str, bool, str | None]] = field(default_factory=list)  # (t, key, answerable, generation)
    errors: list[BaseException] = field(default_factory=list)
    done: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        while not self.done.is_set():
            for key, question in ASK.items():
                try:
                    answer = self.answerer.ask(question)
                    generation = self.answerer.snapshot().generation
                except BaseException as exc:
                    self.errors.append(exc)
                    return
                self.log.append((time.monotonic(), key, answer.answerable, generation))

    def answered(self, key: str, since: float = 0.0) -> list[bool]:
        return [ok for t, k, ok, _ in self.log if k == key and t >= since]


@pytest.fixture
def reader(tmp_path: Path, embedder: Embedder) -> Iterator[tuple[Path, Reader]]:
    root = tmp_path / "index"
    update(root, embedder, add=[parse_file(BASE)])
    session = Reader(Answerer(root, embedder))
    thread = threading.Thread(target=session.run, daemon=True)
    thread.start()
    yield root, session
    session.done.set()
    thread.join(timeout=60)


def ingest(root: Path, path: Path, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        cli_command("ingest", str(path), "--index", str(root)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(**env),
    )


def wait_for(what: str, condition: Callable[[], bool], timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.01)


def asked_since(session: Reader, since: float, rounds: int = 2) -> None:
    """Let the reader complete ``rounds`` full rounds of questions after ``since``."""
    wait_for(f"{rounds} rounds of questions", lambda: len(session.answered("second", since)) >= rounds)


@pytest.mark.slow
def test_second_ingest_waits_or_gives_up_and_readers_keep_answering(reader: tuple[Path, Reader]) -> None:
    root, session = reader
    base_ids = document_ids(root)

    first = ingest(root, FIRST)
    wait_for(
        "the first ingest holds the lock and has signed it",
        lambda: lock_holder(root) == first.pid and (root / LOCK).read_text().strip() == str(first.pid),
    )
    stop(first.pid)  # holding the lock, mid-ingest
    try:
        # A second writer with a short wait gives up with one line naming the holder.
        impatient = run_cli("ingest", str(SECOND), "--index", str(root), env=child_env(**{LOCK_WAIT_ENV: "1"}))
        assert impatient.returncode == 1, impatient.stderr
        lines = [ln for ln in impatient.stderr.splitlines() if ln.strip()]
        assert "waiting up to 1 s" in lines[0] and f"(pid {first.pid})" in lines[0], lines
        assert len(lines) == 2 and lines[1].startswith("council-qa: ingest failed, the index is unchanged: index ")
        assert "is busy" in lines[1] and f"(pid {first.pid})" in lines[1] and LOCK_WAIT_ENV in lines[1]

        # A patient one says it waits, and waits.
        second = ingest(root, SECOND)
        assert second.stderr is not None
        waiting = second.stderr.readline()
        assert "another ingest" in waiting and "waiting" in waiting and f"(pid {first.pid})" in waiting, waiting
        assert second.poll() is None and lock_holder(root) == first.pid

        since = time.monotonic()
        asked_since(session, since)
        assert all(session.answered("base", since)) and not any(session.answered("first", since))

        # Let the first writer go on until its new generation is half written; stop it again.
        os.kill(first.pid, signal.SIGCONT)
        wait_for("the first ingest writes its generation", lambda: bool(unfinished(root)) or first.poll() is not None)
        if first.poll() is None:
            stop(first.pid)
            since = time.monotonic()
            asked_since(session, since)
            assert all(session.answered("base", since)) and not any(session.answered("first", since))
    finally:
        os.kill(first.pid, signal.SIGCONT)

    out, err = first.communicate(timeout=180)
    assert first.returncode == 0, err
    out, err = second.communicate(timeout=180)
    assert second.returncode == 0, err
    assert "1 new" in out

    # Nothing lost: the second writer read the index after the first one committed.
    final = document_ids(root)
    assert len(final) == len(base_ids) + 2 and base_ids < final
    since = time.monotonic()
    asked_since(session, since)
    assert session.errors == []
    assert all(session.answered("base")) and all(session.answered("first", since))
    assert all(session.answered("second", since)), "the reader did not pick up the new generation"

    # Generations only ever move forward for a reader, and never show half an ingest.
    seen = [g for *_, g in session.log]
    assert seen == sorted(seen, key=lambda g: g or "")
    first_answered = [t for t, k, ok, _ in session.log if k == "first" and ok]
    second_answered = [t for t, k, ok, _ in session.log if k == "second" and ok]
    assert min(first_answered) <= min(second_answered)
