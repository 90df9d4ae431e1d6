"""The papers' nouns with their vectors from the index's own model: evidence by meaning.

A councillor asks about "Flüchtlinge" where the memo says "Asylsuchende", about a
"Gesundheitskarte" where it says "Versichertenkarten". Spelling cannot bridge that; the
multilingual model that embeds the passages can, also from English ("refugees"). Each noun of
the papers is embedded once per index generation, as a query, so that a question's words
(embedded the same way) are compared like with like; a later generation reuses the vectors of
the nouns it already had and embeds only new ones.

Only capitalised words count: German nouns and names carry a question's subject, and verb
forms vary too much to be worth a vector each.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import numpy.typing as npt

from council_qa.index.embeddings import Embedder, Vectors
from council_qa.index.lexical import STOP_WORDS, last_stem
from council_qa.index.store import load_vectors, save_vectors

WORDS = "words.json"
WORD_VECTORS = "word_vectors.npy"
MIN_LETTERS = 4
_NOUN = re.compile(rf"(?<!\w)[A-ZÄÖÜ][a-zäöüß]{{{MIN_LETTERS - 1},}}(?!\w)")
_LOWER = re.compile(rf"(?<!\w)[a-zäöüß]{{{MIN_LETTERS},}}(?!\w)")


def nouns(texts: Iterable[str]) -> list[str]:
    """The distinct nouns of ``texts``, sorted (one vector each): words capitalised inside a
    sentence that are no stop word and never stand in lower case."""
    capitalised: set[str] = set()
    lower: set[str] = set()
    for text in texts:
        capitalised.update(m.group() for m in _NOUN.finditer(text) if _inside_sentence(text, m.start()))
        lower.update(_LOWER.findall(text))
    return sorted(w for w in capitalised if w.lower() not in lower and w.lower() not in STOP_WORDS)


def _inside_sentence(text: str, at: int) -> bool:
    """Capitalised after a word or a comma: a noun. At a sentence's start ("Dabei", "Hierfür")
    capitals say nothing, and a noun of the papers stands inside some sentence too."""
    before = text[:at].rstrip()[-1:]
    return bool(before) and (before.isalnum() or before in ',;(„"-')


@dataclass(frozen=True)
class WordVectors:
    words: tuple[str, ...]
    vectors: Vectors  # one L2-normalised row per word

    def __len__(self) -> int:
        return len(self.words)

    @cached_property
    def stems(self) -> tuple[str, ...]:
        """Each noun's stem, as the papers' vocabulary holds it."""
        return tuple(last_stem(w) for w in self.words)

    def nearest(
        self, queries: Vectors, k: int, allowed: npt.NDArray[np.bool_] | None = None
    ) -> list[list[tuple[str, float]]]:
        """For each query row, the ``k`` most similar words with their cosine similarity, among
        the ``allowed`` rows only (a public answer must not be shaped by a confidential noun)."""
        if not len(self.words) or not len(queries):
            return [[] for _ in range(len(queries))]
        sims = np.asarray(queries, dtype=np.float32) @ self.vectors.T
        if allowed is not None:
            sims[:, ~allowed] = -np.inf
        k = min(k, int(allowed.sum()) if allowed is not None else len(self.words))
        if k == 0:
            return [[] for _ in range(len(queries))]
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        out = []
        for row, cols in zip(sims, top, strict=True):
            ranked = sorted(cols, key=lambda c: -row[c])
            out.append([(self.words[c], float(row[c])) for c in ranked])
        return out


def empty(dim: int) -> WordVectors:
    return WordVectors((), np.zeros((0, dim), np.float32))


def build(texts: Iterable[str], embedder: Embedder, previous: WordVectors | None = None) -> WordVectors:
    """The nouns of ``texts`` with vectors, reusing ``previous``'s rows for the nouns it holds."""
    words = nouns(texts)
    known = {w: i for i, w in enumerate(previous.words)} if previous is not None else {}
    new = [w for w in words if w not in known]
    fresh = embedder.embed_queries(new) if new else np.zeros((0, embedder.dim), np.float32)
    at_new = {w: i for i, w in enumerate(new)}
    old = previous.vectors if previous is not None else fresh[:0]
    vectors = np.zeros((len(words), embedder.dim), np.float32)
    for i, word in enumerate(words):
        vectors[i] = fresh[at_new[word]] if word in at_new else old[known[word]]
    return WordVectors(tuple(words), vectors)


def save(folder: Path, words: WordVectors) -> None:
    (folder / WORDS).write_text(json.dumps(list(words.words), ensure_ascii=False), encoding="utf-8")
    save_vectors(folder / WORD_VECTORS, words.vectors)


def load(folder: Path, dim: int) -> WordVectors | None:
    """The generation's word vectors; None for an index written before they existed."""
    if not (folder / WORDS).exists():
        return None
    listed = json.loads((folder / WORDS).read_text(encoding="utf-8"))
    vectors = np.ascontiguousarray(load_vectors(folder / WORD_VECTORS, dim), dtype=np.float32)
    if len(listed) != len(vectors):
        return None
    return WordVectors(tuple(listed), vectors)
