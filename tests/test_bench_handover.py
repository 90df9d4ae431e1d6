"""``council-qa bench`` belongs to the benchmark package (``benchmarks/``), which the product does
not ship: without it, the command says in one line how to install it instead of failing."""

from __future__ import annotations

import subprocess
import sys

# A child whose import system has the benchmark package hidden (None in sys.modules makes
# every import of it fail, as when it is not installed), running the real CLI.
HIDDEN = (
    "import sys; sys.modules['council_qa_bench'] = None; "
    "from council_qa.cli import main; sys.exit(main(['bench', '--chunks', '1000']))"
)


def test_bench_without_the_benchmark_package_says_how_to_install_it() -> None:
    proc = subprocess.run([sys.executable, "-c", HIDDEN], capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith("council-qa bench: the benchmark package is not installed")
    assert "`make bench`" in line and "`pip install -e benchmarks`" in line


def test_the_product_does_not_import_the_benchmark() -> None:
    code = (
        "import sys; from council_qa.cli import build_parser; build_parser(); "
        "print(sorted(m for m in sys.modules if m.startswith('council_qa_bench')))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert proc.stdout.strip() == "[]"
