"""Chunk vectors pooled from passage vectors: each text embedded once, and the pooled vector
still stands for its own chunk (real model)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from council_qa.index.embeddings import Embedder, Vectors
from council_qa.index.pooling import embed_chunks, label
from council_qa.ingest.pipeline import parse_file

MEMO = """Stadt Talwiesen
Beschlusskontrolle
Drucksache 0815/24 vom 12.03.2024
Betreff: Schulwege und Grünflächen

Beschlusspunkt 1: Die Verwaltung richtet vor der Grundschule Am Mühlbach eine Tempo-30-Zone ein.
Stand: Die Beschilderung wurde im Mai aufgestellt. Die Geschwindigkeit wird seitdem monatlich gemessen.

Beschlusspunkt 2: Auf der Brachfläche an der Uferstraße wird eine Streuobstwiese mit 40 Bäumen angelegt.
Stand: Die Bäume sind gepflanzt. Ein Pflegevertrag mit dem örtlichen Obstbauverein ist geschlossen.

Beschlusspunkt 3: Das Hallenbad erhält eine neue Lüftungsanlage mit Wärmerückgewinnung.
Stand: Die Ausschreibung läuft. Die Kosten werden auf 310.000 EUR geschätzt.

gez. Brandauer
Bürgermeisterin
"""


class Counting:
    """The real embedder, recording every text it embeds as a passage."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.texts: list[str] = []

    def __call__(self, texts: list[str]) -> Vectors:
        self.texts.extend(texts)
        return self.inner.embed_passages(texts)


def _chunks(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "talwiesen_beschlusskontrolle.txt"
    path.write_text(MEMO, encoding="utf-8")
    return parse_file(path).chunks


def test_each_distinct_text_is_embedded_once_and_passages_keep_chunk_order(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    chunks = _chunks(tmp_path)
    counting = Counting(embedder)
    pooled, passages = embed_chunks(chunks, counting, embedder.dim)
    assert len(counting.texts) == len(set(counting.texts))
    assert {p.text for c in chunks for p in c.passages} <= set(counting.texts)
    assert {label(c) for c in chunks if label(c)} <= set(counting.texts)
    assert pooled.shape == (len(chunks), embedder.dim)
    assert passages.shape == (sum(len(c.passages) for c in chunks), embedder.dim)
    direct = embedder.embed_passages([p.text for c in chunks for p in c.passages])
    assert np.allclose(passages, direct, atol=1e-5)
    assert np.allclose(np.linalg.norm(pooled, axis=1), 1.0, atol=1e-5)


def test_a_clause_chunk_carries_its_label() -> None:
    from council_qa.types import Chunk, Passage

    passage = Passage(text="Die Bäume sind gepflanzt.", source_start=0, source_end=25, page=1)
    chunk = Chunk(
        chunk_id="c",
        document_id="d",
        source="s",
        kind="clause",
        text="0815/24 Beschlusspunkt 2: Die Bäume sind gepflanzt.",
        passages=(passage,),
        resolution="0815/24",
        clause="2",
    )
    assert label(chunk) == "0815/24 Beschlusspunkt 2:"


def test_a_pooled_vector_is_nearest_to_its_own_chunk(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    """Pooling must not blur chunks into each other: against the chunks embedded whole, each
    pooled vector is most similar to its own chunk."""
    chunks = [c for c in _chunks(tmp_path) if c.clause]
    assert len(chunks) == 3
    pooled, _ = embed_chunks(chunks, embedder.embed_passages, embedder.dim)
    whole = embedder.embed_passages([c.text for c in chunks])
    sims = pooled @ whole.T
    assert list(np.argmax(sims, axis=1)) == [0, 1, 2]
    assert float(np.min(np.diag(sims))) > 0.9
