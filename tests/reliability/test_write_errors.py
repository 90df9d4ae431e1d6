"""A disk that fills up, or an index folder that cannot be written, during an ingest.

The tests run as root, which ignores permission bits, so a read-only folder proves nothing.
Two failures root cannot wave through stand in: ``RLIMIT_FSIZE`` (set in the child before
it starts) makes the kernel refuse to grow a file past the limit with ``EFBIG``, exactly as
``ENOSPC`` refuses when the disk is full, at a chosen point of the write; and a lock file
that is a folder, which no one can open for writing. Either way the old index must stay
intact and the command must say what happened in one line and exit non-zero.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
from pathlib import Path

import pytest

from council_qa.answer.engine import Answerer
from council_qa.index.embeddings import Embedder
from council_qa.index.store import LOCK
from council_qa.index.writer import update
from council_qa.ingest.pipeline import parse_file
from tests.conftest import EXAMPLES
from tests.reliability.support import (
    child_env,
    cli_command,
    document_ids,
    generation_names,
    one_line,
    run_cli,
)

BASE = EXAMPLES / "2021-09-14_Beschlusskontrolle_V0877-18_Photovoltaik.txt"
NEW = EXAMPLES / "2022-03-12_Beschlusskontrolle_V1234-19_Radverkehrsentwicklungsplan.txt"
PREFIX = "council-qa: ingest failed, the index is unchanged: "


@pytest.fixture(scope="module")
def base_index(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Path:
    root = tmp_path_factory.mktemp("base") / "index"
    update(root, embedder, add=[parse_file(BASE)])
    return root


@pytest.fixture
def index(base_index: Path, tmp_path: Path) -> Path:
    """A fresh copy of the one-memo index for each test (embedding it once is enough)."""
    return Path(shutil.copytree(base_index, tmp_path / "index"))


def ingest_with_file_limit(root: Path, limit: int) -> subprocess.CompletedProcess[str]:
    """``council-qa ingest NEW`` in a child that may write no file larger than ``limit``.

    CPython ignores SIGXFSZ, so the write fails with EFBIG instead of killing the child.
    """

    def limit_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        cli_command("ingest", str(NEW), "--index", str(root)),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=child_env(),
        preexec_fn=limit_files,
    )


def assert_intact(root: Path, before_ids: frozenset[str], before_generations: list[str], embedder: Embedder) -> None:
    assert document_ids(root) == before_ids
    assert generation_names(root) == before_generations, "the failed write left files behind"
    answer = Answerer(root, embedder).ask("Ist Beschlusspunkt 1 der V0877/18 erfüllt?")
    assert answer.answerable and answer.citations


@pytest.mark.parametrize(
    ("limit", "fails_at"),
    [(8 * 1024, "the first file of the generation"), (64 * 1024, "the passage vectors, after smaller files")],
)
def test_disk_full_during_write_leaves_index_and_says_so(
    index: Path, embedder: Embedder, limit: int, fails_at: str
) -> None:
    before_ids, before_generations = document_ids(index), generation_names(index)
    result = ingest_with_file_limit(index, limit)
    assert result.returncode == 1, f"{fails_at}: {result.stdout}{result.stderr}"
    line = one_line(result.stderr)
    assert line.startswith(PREFIX + "cannot write the new index generation in "), line
    assert "File too large: the disk is full or a file size limit applies" in line, line
    assert_intact(index, before_ids, before_generations, embedder)

    # Once there is room again, the same ingest goes through.
    again = run_cli("ingest", str(NEW), "--index", str(index))
    assert again.returncode == 0, again.stderr
    assert len(document_ids(index)) == len(before_ids) + 1


def test_unwritable_lock_file_is_one_line(index: Path, embedder: Embedder) -> None:
    before_ids, before_generations = document_ids(index), generation_names(index)
    (index / LOCK).unlink()
    (index / LOCK).mkdir()
    result = run_cli("ingest", str(NEW), "--index", str(index))
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert line.startswith(PREFIX) and "Is a directory" in line and LOCK in line, line
    assert_intact(index, before_ids, before_generations, embedder)
