"""Small measuring helpers: the machine, peak memory, latency percentiles, sizes on disk."""

from __future__ import annotations

import os
import platform
import resource
import statistics
from pathlib import Path
from typing import Any

import numpy as np


def machine() -> dict[str, Any]:
    """Cores, CPU model and memory, read from /proc where it exists."""
    model = platform.processor() or platform.machine()
    flags: list[str] = []
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name") and model in (platform.processor(), platform.machine()):
                    model = line.split(":", 1)[1].strip()
                elif line.startswith("flags") and not flags:
                    flags = line.split(":", 1)[1].split()
    except OSError:
        pass
    mem_gb = 0.0
    try:
        with open("/proc/meminfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("MemTotal:"):
                    mem_gb = int(line.split()[1]) / 1024 / 1024
                    break
    except OSError:
        pass
    simd = [f for f in ("avx512f", "avx2", "avx", "fma", "sse4_2") if f in flags]
    return {
        "cpu_model": model,
        "cores": os.cpu_count() or 1,
        "memory_gb": round(mem_gb, 1),
        "simd": simd,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def describe(m: dict[str, Any]) -> str:
    simd = "/".join(m.get("simd") or []) or "no AVX"
    return f"{m['cores']} cores, {m['cpu_model']} ({simd}), {m['memory_gb']} GB RAM, Python {m['python']}"


def peak_rss_mb() -> float:
    """This process's peak resident set size (Linux reports kilobytes)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def latency(seconds: list[float]) -> dict[str, float]:
    """p50/p95/p99/mean in milliseconds."""
    if not seconds:
        return {"p50_ms": 0.0, "p95_ms": 0.0, "p99_ms": 0.0, "mean_ms": 0.0, "n": 0}
    ms = np.asarray(seconds) * 1000
    return {
        "p50_ms": round(float(np.percentile(ms, 50)), 2),
        "p95_ms": round(float(np.percentile(ms, 95)), 2),
        "p99_ms": round(float(np.percentile(ms, 99)), 2),
        "mean_ms": round(float(statistics.fmean(ms.tolist())), 2),
        "n": len(seconds),
    }


def disk_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
