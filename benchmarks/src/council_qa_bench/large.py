"""The index for the largest sizes (1M chunks), built as a stream into the product's format.

``writer.update`` keeps every document's chunk and passage vectors in memory and then
concatenates them: at 1M chunks (~7M passages) that is ~2 × 11 GB of float32, more than
this machine has. This builder writes the same generation layout (``snapshot`` file names,
``store.commit_generation``, ``dense.build``, ``Lexical.build``) while streaming passage
vectors to disk, so the query path can be measured at that size. Parsing runs in a process
pool; ingest throughput is not measured here (the smaller sizes measure the real writer).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from pathlib import Path
from typing import Any

import numpy as np

from council_qa_bench.corpus import iter_documents, load_questions
from council_qa_bench.measure import disk_bytes, peak_rss_mb
from council_qa_bench.vectors import bench_embedder, pool_sizes

log = logging.getLogger(__name__)
BATCH = 50_000


def ingest(args: dict[str, Any]) -> dict[str, Any]:
    from council_qa.index import columns, dense, snapshot
    from council_qa.index.lexical import Lexical
    from council_qa.index.shelf import ShelfWriter
    from council_qa.index.store import commit_generation, new_generation_dir, save_vectors, write_lock
    from council_qa.ingest.pipeline import parse_raw

    corpus = Path(args["corpus"])
    root = Path(args["index"])
    markers = [q.marker for q in load_questions(corpus / "questions.jsonl")]
    _, planted = bench_embedder("planted", Path(args["workdir"]), markers, int(args["seed"]), pool_sizes(args))
    assert planted is not None
    dim = planted.dim
    timings: dict[str, float] = {}
    with write_lock(root):
        tmp = new_generation_dir(root)
        (tmp / snapshot.ORIGINALS).mkdir()
        raw_path = tmp / "passages.f32"
        chunk_texts: list[str] = []
        pending: list[str] = []
        n_passages = 0
        documents: dict[str, dict[str, str]] = {}
        t = time.perf_counter()
        ctx = multiprocessing.get_context("spawn")
        chunk_table = columns.ColumnWriter(tmp / snapshot.CHUNKS)
        with (
            ctx.Pool(processes=os.cpu_count() or 1) as pool,
            ShelfWriter(tmp) as shelf,
            open(raw_path, "wb") as raw,
        ):
            for i, parsed in enumerate(pool.imap(parse_raw, iter_documents(corpus / "corpus.jsonl"), chunksize=16)):
                doc = parsed.document
                shelf.add(doc)
                for c in parsed.chunks:
                    chunk_table.add(c)
                    chunk_texts.append(c.text)
                    pending.extend(p.text for p in c.passages)
                (tmp / snapshot.ORIGINALS / f"{doc.document_id}.txt").write_text(parsed.raw.text, encoding="utf-8")
                documents[doc.document_id] = {"source": doc.source, "content_hash": doc.content_hash}
                if len(pending) >= BATCH:
                    raw.write(planted.embed_passages(pending).tobytes())
                    n_passages += len(pending)
                    pending = []
                if i % 10_000 == 0:
                    log.info("large ingest: %d documents, %d chunks", i, len(chunk_texts))
            if pending:
                raw.write(planted.embed_passages(pending).tobytes())
                n_passages += len(pending)
        chunk_table.close()
        timings["parse_and_write_s"] = time.perf_counter() - t
        t = time.perf_counter()
        chunk_vectors = np.concatenate(
            [planted.embed_passages(chunk_texts[i : i + BATCH]) for i in range(0, len(chunk_texts), BATCH)]
        )
        save_vectors(tmp / snapshot.CHUNK_VECTORS, chunk_vectors)
        source = np.memmap(raw_path, dtype=np.float32, mode="r", shape=(n_passages, dim))
        target = np.lib.format.open_memmap(
            tmp / snapshot.PASSAGE_VECTORS, mode="w+", dtype=np.float32, shape=(n_passages, dim)
        )
        for a in range(0, n_passages, BATCH * 4):
            target[a : a + BATCH * 4] = source[a : a + BATCH * 4]
        target.flush()
        del source, target
        raw_path.unlink()
        timings["vectors_s"] = time.perf_counter() - t
        t = time.perf_counter()
        dense.save(dense.build(chunk_vectors, dim), tmp / snapshot.DENSE)
        timings["dense_build_s"] = time.perf_counter() - t
        del chunk_vectors
        t = time.perf_counter()
        Lexical.build(chunk_texts).save(tmp / snapshot.BM25)
        timings["bm25_build_s"] = time.perf_counter() - t
        t = time.perf_counter()
        commit_generation(root, tmp, {"model_id": planted.model_id, "dim": dim, "documents": documents}, None)
        timings["commit_s"] = time.perf_counter() - t
    planted.save()
    build = timings["vectors_s"] + timings["dense_build_s"] + timings["bm25_build_s"] + timings["commit_s"]
    return {
        "documents": len(documents),
        "chunks": len(chunk_texts),
        "passages": n_passages,
        **{k: round(v, 1) for k, v in timings.items()},
        "index_build_s": round(build, 1),
        "index_bytes": disk_bytes(root),
        "peak_rss_mb": peak_rss_mb(),
    }
