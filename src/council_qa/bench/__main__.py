"""``python -m council_qa.bench ...``: the bench subcommand without the main CLI."""

from __future__ import annotations

import argparse
import logging
import sys

from council_qa.bench.command import register


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="council-qa")
    parser.add_argument("-v", "--verbose", action="store_true", help="log diagnostics to stderr")
    sub = parser.add_subparsers(dest="command", required=True)
    register(sub)
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
