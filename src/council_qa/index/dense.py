"""The dense side of retrieval: FAISS over L2-normalised vectors (inner product = cosine).

Exact search is right while it is fast enough; from ``HNSW_THRESHOLD`` vectors the index is
an HNSW graph, which trades a little recall (measured by ``council-qa bench``) for speed: exact
search over 100k vectors took 11-15 ms per question on a busy 2-core machine, the graph ~1 ms.
A filter that leaves few rows (one resolution, one clause) is searched exactly over just those
rows, since a graph walk that must skip most nodes can miss the few allowed ones.
"""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np
import numpy.typing as npt

from council_qa.index.embeddings import Vectors

HNSW_THRESHOLD = 50_000
EXACT_SUBSET = 20_000  # a filtered HNSW search over at most this many rows is exact
HNSW_M = 32
# Nodes a search keeps in view. 64 kept only 84% of exact search's top 5 at 100k planted vectors
# (top 50: 78%), 512 keeps 99% (98%) in 1.7 ms instead of 0.3 ms; set at load, so it needs no re-ingest.
EF_SEARCH = 512


def build(vectors: Vectors, dim: int) -> faiss.Index:
    n = len(vectors)
    index: faiss.Index
    if n >= HNSW_THRESHOLD:
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.hnsw.efSearch = EF_SEARCH
    else:
        index = faiss.IndexFlatIP(dim)
    if n:
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def save(index: faiss.Index, path: Path) -> None:
    faiss.write_index(index, str(path))


def load(path: Path) -> faiss.Index:
    index = faiss.read_index(str(path))
    if isinstance(index, faiss.IndexHNSW):
        index.hnsw.efSearch = EF_SEARCH
    return index


def search(
    index: faiss.Index, query: Vectors, k: int, allowed: npt.NDArray[np.int64] | None = None
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.int64]]:
    """Top ``k`` (scores, ids) for one query; ``allowed`` restricts the ids searched."""
    if index.ntotal == 0 or k <= 0:
        return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
    q = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
    params = None
    if allowed is not None:
        if len(allowed) == 0:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        if isinstance(index, faiss.IndexHNSW) and len(allowed) <= EXACT_SUBSET:
            return _exact_subset(index, q[0], k, allowed)
        selector = faiss.IDSelectorBatch(np.ascontiguousarray(allowed, dtype=np.int64))
        params = (
            faiss.SearchParametersHNSW(sel=selector, efSearch=max(EF_SEARCH, k))  # type: ignore[attr-defined]
            if isinstance(index, faiss.IndexHNSW)
            else faiss.SearchParameters(sel=selector)  # type: ignore[call-arg]
        )
        k = min(k, len(allowed))
    # One query is searched on one thread: with OpenMP's two, exact search at 100k took 67 ms
    # instead of 11 whenever another process (or another asker) held a core, since OpenMP
    # threads wait for each other. The setting is the calling thread's own; it is put back.
    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        scores, ids = index.search(q, min(k, index.ntotal), params=params)
    finally:
        faiss.omp_set_num_threads(threads)
    keep = ids[0] >= 0
    return scores[0][keep], ids[0][keep]


def _exact_subset(
    index: faiss.Index, query: Vectors, k: int, allowed: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.int64]]:
    """Exact top ``k`` among the ``allowed`` rows, from the vectors the HNSW index stores."""
    rows = np.sort(np.asarray(allowed, dtype=np.int64))
    scores = index.reconstruct_batch(rows) @ query
    order = np.argsort(-scores, kind="stable")[:k]
    return scores[order].astype(np.float32), rows[order]
