"""``council-qa bench``: passes its arguments on to ``council_qa_bench`` where that is installed.

The contract names the command, but the benchmark lives in ``benchmarks/`` as a package of its
own, so a server that only answers questions neither ships nor installs it.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

INSTALL = "run `make bench`, or `pip install -e benchmarks` in this environment"


def register(subparsers: Any) -> None:
    # No '-' in prefix_chars: every option after "bench" belongs to the benchmark's own parser.
    p = subparsers.add_parser(
        "bench", help="benchmark against a LlamaIndex baseline (needs benchmarks/)", add_help=False, prefix_chars="+"
    )
    p.add_argument("bench_args", nargs=argparse.REMAINDER)
    p.set_defaults(func=run_command)


def run_command(args: argparse.Namespace) -> int:
    try:
        from council_qa_bench.cli import main
    except ModuleNotFoundError as exc:
        if exc.name not in ("council_qa_bench", "council_qa_bench.cli"):
            raise
        print(f"council-qa bench: the benchmark package is not installed; {INSTALL}.", file=sys.stderr)
        return 2
    return int(main(list(args.bench_args)))
