"""Many chat sessions against one shared Answerer, in threads, as the Streamlit app serves them.

The app keeps one Answerer per process (``st.cache_resource``) and runs every browser
session in its own thread. Twenty-four sessions here each carry their own history through a
script of status questions, follow-ups ("Und Punkt 3?"), facts, header facts, lists and
questions the documents cannot answer. Every session must get exactly the answers the
same script gets when asked alone, one question after another: no errors, and no
cross-talk (a follow-up resolves against its own session's history, never another's).

Throughput and latency percentiles go to the test output and to ``test-artifacts/load.json``.
"""

from __future__ import annotations

import statistics
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from council_qa.answer.engine import Answerer
from council_qa.index import snapshot
from council_qa.index.embeddings import Embedder
from tests.reliability.support import write_artifact

SESSIONS = 24
DEADLINE_S = 300.0  # the whole run; a deadlock fails the test instead of hanging it


@dataclass(frozen=True)
class Turn:
    question: str
    resolution: str | None = None  # what a follow-up must resolve to (None: not checked)
    clause: str | None = None


SCRIPTS: dict[str, tuple[Turn, ...]] = {
    "V0220/14": (
        Turn("Ist Beschlusspunkt 1 der V0220/14 erfüllt?", "V0220/14", "1"),
        Turn("Und Punkt 3?", "V0220/14", "3"),
        Turn("Wie hoch ist die Hundesteuer?"),
        Turn("Und Punkt 2?", "V0220/14", "2"),
    ),
    "V1234/19": (
        Turn("Ist Beschlusspunkt 1 der V1234/19 erfüllt?", "V1234/19", "1"),
        Turn("Und Punkt 3?", "V1234/19", "3"),
        Turn("Wie viele Kilometer Radverkehrsanlagen wurden bis Ende 2021 gebaut?"),
        Turn("Und Punkt 2a?", "V1234/19", "2a"),
    ),
    "A0412/16": (
        Turn("Welche Beschlusspunkte der A0412/16 sind noch offen?"),
        Turn("Und Punkt 1b?", "A0412/16", "1b"),
        Turn("Wann beginnt die Sanierung der Grundschule Kappel?"),
        Turn("Was kostet das Opernhaus?"),
    ),
    "V0640/20": (
        Turn("Wie viele Bäume wurden im Jahr 2020 gepflanzt?"),
        Turn("Ist Beschlusspunkt 2 der V0640/20 erfüllt?", "V0640/20", "2"),
        Turn("Und Punkt 4?", "V0640/20", "4"),
        Turn("Wann ist die nächste Beschlusskontrolle zu V0640/20?"),
    ),
    "A0075/17": (
        Turn("Ist Beschlusspunkt 1a der A0075/17 erfüllt?", "A0075/17", "1a"),
        Turn("Und Punkt 2b?", "A0075/17", "2b"),
        Turn("Wer hat die Beschlusskontrolle zu A0075/17 unterschrieben?"),
        Turn("Ist Beschlusspunkt 7 der A0075/17 erfüllt?"),
    ),
    "V0877/18": (
        Turn("Is clause 1a of V0877/18 fulfilled?", "V0877/18", "1a"),
        Turn("And clause 2?", "V0877/18", "2"),
        Turn("When is the next review of V0877/18 due?"),
        Turn("Und Punkt 1b?", "V0877/18", "1b"),
    ),
}


@dataclass
class Session:
    """One chat: its own history, its answers and how long each took."""

    script: str
    turns: tuple[Turn, ...]
    history: list[str] = field(default_factory=list)
    answers: list[dict[str, object]] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    error: BaseException | None = None

    def run(self, answerer: Answerer, start: threading.Barrier | None = None) -> None:
        if start is not None:
            start.wait()
        try:
            for turn in self.turns:
                began = time.perf_counter()
                answer = answerer.ask(turn.question, list(self.history))
                self.latencies.append(time.perf_counter() - began)
                self.answers.append(answer.contract_json())
                self.history.append(turn.question)
        except BaseException as exc:
            self.error = exc


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]


@pytest.mark.slow
def test_concurrent_sessions_get_their_own_answers(full_index: Path, embedder: Embedder) -> None:
    present = {d.resolution for d in snapshot.load(full_index).documents.values()}
    scripts = {name: turns for name, turns in SCRIPTS.items() if name in present}
    assert "V1234/19" in scripts and len(scripts) >= 5
    answerer = Answerer(full_index, embedder)

    # Each script alone, in order: the answers every concurrent session must reproduce.
    expected: dict[str, list[dict[str, object]]] = {}
    alone_latencies: list[float] = []
    for name, turns in scripts.items():
        alone = Session(name, turns)
        alone.run(answerer)
        assert alone.error is None, alone.error
        expected[name] = alone.answers
        alone_latencies += alone.latencies
        for turn, answer in zip(turns, alone.answers, strict=True):
            if turn.resolution:
                assert (answer["resolution"], answer["clause"]) == (turn.resolution, turn.clause), turn

    names = list(scripts)
    sessions = [Session(names[i % len(names)], scripts[names[i % len(names)]]) for i in range(SESSIONS)]
    barrier = threading.Barrier(SESSIONS)
    threads = [threading.Thread(target=s.run, args=(answerer, barrier), daemon=True) for s in sessions]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max(0.0, DEADLINE_S - (time.perf_counter() - began)))
    wall = time.perf_counter() - began
    assert not any(t.is_alive() for t in threads), f"sessions still running after {DEADLINE_S} s"

    errors = [f"{s.script}: {s.error!r}" for s in sessions if s.error is not None]
    assert not errors, errors
    crossed = [
        f"session {i} ({s.script}) turn {k}: {got['answer']!r} != {want['answer']!r}"
        for i, s in enumerate(sessions)
        for k, (got, want) in enumerate(zip(s.answers, expected[s.script], strict=True))
        if got != want
    ]
    assert not crossed, "concurrent answers differ from the same script asked alone:\n" + "\n".join(crossed)

    latencies = [x for s in sessions for x in s.latencies]
    figures = {
        "sessions": SESSIONS,
        "scripts": len(scripts),
        "questions": len(latencies),
        "wall_s": round(wall, 2),
        "throughput_qps": round(len(latencies) / wall, 2),
        "latency_p50_s": round(percentile(latencies, 50), 3),
        "latency_p95_s": round(percentile(latencies, 95), 3),
        "latency_max_s": round(max(latencies), 3),
        "alone_p50_s": round(percentile(alone_latencies, 50), 3),
        "alone_p95_s": round(percentile(alone_latencies, 95), 3),
    }
    write_artifact("load.json", figures)
    print(
        f"\nload: {SESSIONS} sessions, {len(latencies)} questions in {wall:.1f} s = "
        f"{figures['throughput_qps']} questions/s; p50 {figures['latency_p50_s']} s, "
        f"p95 {figures['latency_p95_s']} s, max {figures['latency_max_s']} s "
        f"(one question at a time: p50 {figures['alone_p50_s']} s, p95 {figures['alone_p95_s']} s)"
    )
