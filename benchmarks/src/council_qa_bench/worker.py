"""One benchmark step in a fresh process: ``python -m council_qa_bench.worker TASK ARGS_JSON [RESULT]``.

A fresh process per step keeps peak memory per size and per system, and keeps one step's
imports and caches out of another's timings. The result is written as JSON to ``RESULT``,
or printed as one line when no path is given (the cold-start steps, timed by the parent).
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import sys
from collections.abc import Callable
from typing import Any

TASKS = {
    "cqa-ingest": "council_qa_bench.cqa:ingest",
    "cqa-serve": "council_qa_bench.cqa:serve",
    "baseline-ingest": "council_qa_bench.baseline:ingest",
    "baseline-serve": "council_qa_bench.baseline:serve",
    "baseline-cold": "council_qa_bench.baseline:cold",
    "large-ingest": "council_qa_bench.large:ingest",
    "embed-throughput": "council_qa_bench.throughput:run",
}


def task(name: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    module, func = TASKS[name].split(":")
    fn: Callable[[dict[str, Any]], dict[str, Any]] = getattr(importlib.import_module(module), func)
    return fn


def main(argv: list[str]) -> int:
    level = logging.INFO if os.environ.get("COUNCIL_QA_BENCH_VERBOSE") else logging.WARNING
    logging.basicConfig(level=level, format=f"%(asctime)s %(levelname)s [{argv[0]}] %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:
        handler.setLevel(level)  # libraries that set their own loggers to DEBUG (bm25s) stay quiet
    name, raw = argv[0], argv[1]
    load_before = os.getloadavg()[0]
    args = json.loads(raw)
    result = task(name)(args)
    if "run_id" in args:  # the report shows only figures stamped with its own run's id
        result["run_id"] = args["run_id"]
    result.setdefault("loadavg_1min", [round(load_before, 2), round(os.getloadavg()[0], 2)])
    line = json.dumps(result, ensure_ascii=False)
    if len(argv) > 2:
        with open(argv[2], "w", encoding="utf-8") as fh:
            fh.write(line)
    else:
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
