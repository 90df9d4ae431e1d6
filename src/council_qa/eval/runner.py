"""Asks every question of a test set and runs the retriever on it, timing each answer."""

from __future__ import annotations

import logging
import os
import resource
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from council_qa.answer import followup
from council_qa.answer.engine import Answerer, QuestionError
from council_qa.eval.testset import TestItem
from council_qa.index.embeddings import Embedder
from council_qa.index.retriever import ChunkFilter, HybridRetriever, Mode
from council_qa.index.snapshot import Snapshot
from council_qa.index.store import IndexError_
from council_qa.types import Answer, Visibility

log = logging.getLogger(__name__)
RETRIEVAL_DEPTH = 10


@dataclass(frozen=True)
class ItemRun:
    """What the system did with one item: its answer (or the error), the time the answer
    took, and the chunk rows the retriever ranks for the question, best first."""

    item: TestItem
    answer: Answer | None
    error: str | None
    latency_s: float
    retrieval_query: str
    retrieved: tuple[int, ...]


@dataclass(frozen=True)
class ConfigRun:
    """One configuration's run over the whole set, with the snapshot it answered from."""

    name: str
    items: tuple[ItemRun, ...]
    snapshot: Snapshot
    index_bytes: int
    peak_rss_bytes: int
    setup_s: float


def folder_bytes(path: Path) -> int:
    """Bytes of all files under ``path`` (the index's size on disk, every generation kept)."""
    total = 0
    for folder, _, files in os.walk(path):
        for name in files:
            try:
                total += (Path(folder) / name).stat().st_size
            except OSError:  # a file removed while we walk (a concurrent ingest)
                continue
    return total


def peak_rss_bytes() -> int:
    """This process's peak resident set size so far (``getrusage``; it never goes down)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)  # bytes on macOS, KiB on Linux


def retrieval_query(item: TestItem) -> str:
    """The text the answerer searches with: the question, a follow-up made standalone."""
    return followup.resolve(item.question.strip(), [h for h in item.history if h.strip()]).text


def run_item(answerer: Answerer, retriever: HybridRetriever, item: TestItem) -> ItemRun:
    query = retrieval_query(item)
    retrieved = tuple(row for row, _ in retriever.search(query))
    answer: Answer | None = None
    error: str | None = None
    start = time.perf_counter()
    try:
        answer = answerer.ask(item.question, list(item.history))
    except QuestionError as exc:
        error = f"question rejected: {exc}"
        log.warning("item %s: %s", item.id, error)
    except IndexError_:
        raise
    except Exception as exc:  # an answerer crash is a failed item, not a failed evaluation
        error = f"{type(exc).__name__}: {exc}"
        log.warning("item %s: the answerer raised %s", item.id, error, exc_info=True)
    latency = time.perf_counter() - start
    return ItemRun(item, answer, error, latency, query, retrieved)


def run_config(
    index_dir: Path,
    items: Sequence[TestItem],
    embedder: Embedder,
    mode: Mode,
    visibility: Visibility = "internal",
    on_item: Callable[[TestItem], None] | None = None,
) -> ConfigRun:
    """Run every item with retrieval ``mode``; the index is loaded (and the model warmed up)
    before the clock starts, so latencies are per question, not start-up."""
    start = time.perf_counter()
    answerer = Answerer(index_dir, embedder, visibility=visibility, mode=mode)
    snap = answerer.snapshot()
    if snap.is_empty:
        raise IndexError_(f"index {index_dir} holds no documents: run `council-qa ingest PATH --index {index_dir}`")
    embedder.embed_queries(["warm-up"])
    retriever = HybridRetriever(
        snap, embedder, top_k=RETRIEVAL_DEPTH, mode=mode, chunk_filter=ChunkFilter(visibility=visibility)
    )
    setup = time.perf_counter() - start
    log.info("config %s: index %s loaded in %.2f s", mode, index_dir, setup)
    runs = []
    for item in items:
        runs.append(run_item(answerer, retriever, item))
        if on_item is not None:
            on_item(item)
    return ConfigRun(mode, tuple(runs), snap, folder_bytes(index_dir), peak_rss_bytes(), setup)
