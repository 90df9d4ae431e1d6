"""Scratch folders (issue 14): named after their owner, gone on every way out of the block, and
swept by the next run when the owner was killed. Real folders, real (ended) processes."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from council_qa.ingest import scratch


def dead_pid() -> int:
    """The pid of a process that has ended and been reaped."""
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(child.stdout)


def test_folder_is_private_named_after_its_owner_and_removed(tmp_path: Path) -> None:
    with scratch.folder("ocr", tmp_path) as path:
        (path / "page-1.pgm").write_bytes(b"P5 1 1 255 \xff")
        assert path.parent == tmp_path
        assert path.name.startswith(f"council-qa-ocr-{os.getpid()}-")
        assert stat.S_IMODE(path.stat().st_mode) == 0o700
    assert not path.exists()


def test_folder_is_removed_when_the_block_fails(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), scratch.folder("upload", tmp_path) as path:
        (path / "memo.txt").write_text("x")
        raise RuntimeError("upload failed")
    assert list(tmp_path.iterdir()) == []


def test_kind_is_letters_only(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="lower-case letters"), scratch.folder("ocr-1", tmp_path):
        pass


def test_sweep_removes_folders_of_ended_processes_only(tmp_path: Path) -> None:
    stale = tmp_path / f"council-qa-ocr-{dead_pid()}-abc_1234"
    stale.mkdir()
    (stale / "in.pdf").write_bytes(b"%PDF-")
    live = tmp_path / f"council-qa-parse-{os.getpid()}-xyz98765"
    live.mkdir()
    other = tmp_path / "council-qa-upload-q1w2e3r4"  # an old name without a pid: not ours to judge
    other.mkdir()
    planted = tmp_path / f"council-qa-ocr-{dead_pid()}-link0000"
    planted.symlink_to(live)

    assert scratch.sweep(tmp_path) == [stale]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, other.name, planted.name])
    assert live.exists()


def test_sweep_of_a_missing_folder_removes_nothing(tmp_path: Path) -> None:
    assert scratch.sweep(tmp_path / "gone") == []
