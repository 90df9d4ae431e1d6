"""Child process for the reader fuzz test: ``read_file`` on each path, one JSON line each.

Run as ``python -m tests.reliability.read_worker SECONDS MEMORY_MB [--ocr] PATH...``. A
watchdog (faulthandler, which needs no GIL) ends the process if one file takes longer than
SECONDS, and an address-space limit turns a decompression bomb into a MemoryError instead of
the OOM killer; the parent sees either as a file that took the process down.
"""

from __future__ import annotations

import faulthandler
import json
import resource
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    seconds, memory_mb, *rest = argv
    ocr = "--ocr" in rest
    paths = [Path(p) for p in rest if p != "--ocr"]
    limit = int(memory_mb) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from council_qa.ingest.readers import ReaderError, read_file

    for path in paths:
        print(json.dumps({"file": path.name, "event": "start"}), flush=True)
        faulthandler.dump_traceback_later(float(seconds), exit=True)
        start = time.perf_counter()
        row: dict[str, object] = {"file": path.name, "event": "done"}
        try:
            doc = read_file(path, ocr=ocr)
            row.update(result="read", chars=len(doc.text), pages=len(doc.page_starts), notes=list(doc.notes))
            row["text_head"] = doc.text[:200]
        except ReaderError as exc:
            row.update(result="rejected", message=str(exc))
        except BaseException as exc:  # the finding: anything else would take ingest down
            row.update(result="crash", message=f"{type(exc).__name__}: {exc}"[:500])
        finally:
            faulthandler.cancel_dump_traceback_later()
        row["seconds"] = round(time.perf_counter() - start, 3)
        print(json.dumps(row, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
