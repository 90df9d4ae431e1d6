"""The papers' nouns and their vectors: which words count, and that a generation reuses vectors."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from council_qa.index import snapshot, words
from council_qa.index.embeddings import Embedder, Vectors
from council_qa.index.writer import update
from council_qa.ingest.pipeline import parse_file


class Counting:
    """The real embedder, counting the texts it embeds as queries."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.queries: list[str] = []

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    @property
    def dim(self) -> int:
        return self.inner.dim

    def embed_queries(self, texts: list[str]) -> Vectors:
        self.queries.extend(texts)
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts: list[str]) -> Vectors:
        return self.inner.embed_passages(texts)


def test_nouns_are_capitalised_inside_a_sentence_and_never_lower_case() -> None:
    text = (
        "Dabei wurden die Asylsuchenden beraten. Die Stadt meldet 205 Personen an. "
        "Hierfür ist das Bauamt zuständig, und das Bauamt berichtet. Neue Stellen sind neu geschaffen."
    )
    found = words.nouns([text])
    assert {"Asylsuchenden", "Stadt", "Personen", "Bauamt", "Stellen"} <= set(found)
    # sentence openers ("Dabei", "Hierfür"), stop words ("Die") and words also written small ("Neue")
    assert not {"Dabei", "Hierfür", "Die", "Neue"} & set(found)


def test_nearest_ranks_by_cosine(embedder: Embedder) -> None:
    built = words.build(["Die Stadt hat Asylsuchende und Photovoltaikanlagen und Haltestellen."], embedder)
    near = built.nearest(embedder.embed_queries(["Flüchtlinge"]), 2)[0]
    assert near[0][0] == "Asylsuchende"
    assert near[0][1] >= near[1][1]


def test_a_later_generation_embeds_only_new_nouns(tmp_path: Path, embedder: Embedder) -> None:
    papers = tmp_path / "papers"
    papers.mkdir()
    (papers / "a.txt").write_text("Beschluss V0001/20\n\n1. Die Verwaltung prüft die Radwege am Ring.\n")
    counting = Counting(embedder)
    root = tmp_path / "index"
    update(root, counting, add=[parse_file(papers / "a.txt")])
    first = snapshot.load(root).word_vectors
    assert "Radwege" in first.words
    assert len(first.vectors) == len(first.words)

    (papers / "b.txt").write_text("Beschluss V0002/20\n\n1. Die Verwaltung prüft die Radwege und die Spielplätze.\n")
    counting.queries.clear()
    update(root, counting, add=[parse_file(papers / "b.txt")])
    second = snapshot.load(root).word_vectors
    assert "Spielplätze" in second.words
    assert "Spielplätze" in counting.queries
    assert "Radwege" not in counting.queries  # reused from the generation before
    same = second.words.index("Radwege")
    np.testing.assert_allclose(second.vectors[same], first.vectors[first.words.index("Radwege")])


def test_an_index_without_word_vectors_loads_with_none(tmp_path: Path) -> None:
    assert words.load(tmp_path, 384) is None
