"""``python -m council_qa_bench ARGS``: the benchmark without the product's CLI."""

from __future__ import annotations

import sys

from council_qa_bench.cli import main

if __name__ == "__main__":
    sys.exit(main())
