"""The keyword side of retrieval: BM25 (bm25s) over German-stemmed tokens.

Exact words matter in council papers (resolution numbers, clause labels, names of schemes),
which dense vectors blur; Snowball's German stemmer folds "Krankenkassen" and "Krankenkasse".
"""

from __future__ import annotations

import logging
import re
from functools import cached_property, lru_cache
from pathlib import Path

import bm25s
import numpy as np
import numpy.typing as npt
import Stemmer
from bm25s.stopwords import STOPWORDS_EN, STOPWORDS_GERMAN

from council_qa.index.vocabulary import Vocabulary

# bm25s sets its own logger to DEBUG, which reaches any root handler ("Building index from
# tokens" on every ingest); its warnings still come through.
logging.getLogger("bm25s").setLevel(logging.WARNING)

_TOKEN = re.compile(r"\w\w+|\d")
STOP_WORDS = frozenset(STOPWORDS_GERMAN) | frozenset(STOPWORDS_EN)


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("german")


def tokens(text: str) -> list[str]:
    words = [w for w in _TOKEN.findall(text.lower()) if w not in STOP_WORDS]
    return list(_stemmer().stemWords(words))


def last_stem(word: str) -> str:
    """The stem a word is looked up by: its last one ("Welcome-Center" has two), "" for a stop word."""
    stems = tokens(word)
    return stems[-1] if stems else ""


class Lexical:
    """A BM25 index over chunk texts, in chunk order."""

    def __init__(self, model: bm25s.BM25) -> None:
        self._model = model

    @classmethod
    def build(cls, texts: list[str]) -> Lexical:
        model = bm25s.BM25()
        corpus = [tokens(t) or ["_"] for t in texts]
        if corpus:
            model.index(corpus, show_progress=False)
        return cls(model)

    @classmethod
    def load(cls, path: Path) -> Lexical:
        return cls(bm25s.BM25.load(str(path), mmap=True, show_progress=False))

    def save(self, path: Path) -> None:
        self._model.save(str(path), show_progress=False)

    def scores(self, query: str, size: int) -> npt.NDArray[np.float32]:
        """BM25 score of every chunk for ``query`` (zeros where no word matches)."""
        q = [t for t in tokens(query) if t in self._vocab]
        if not q or size == 0:
            return np.zeros(size, dtype=np.float32)
        return np.asarray(self._model.get_scores(q), dtype=np.float32)

    @cached_property
    def vocabulary(self) -> Vocabulary:
        """Every indexed stem, for the look-ups of the foreign-term check."""
        return Vocabulary(self._vocab)

    def stems_in(self, rows: npt.NDArray[np.bool_]) -> list[str]:
        """The stems that stand in at least one of the chunks ``rows`` marks, read off the index's
        term-by-chunk matrix: stemming the texts again took seconds at 100,000 chunks, on the first
        question of a public session."""
        scores = self._model.scores
        indptr = np.asarray(scores["indptr"])
        held = np.concatenate([[0], np.cumsum(rows[np.asarray(scores["indices"])], dtype=np.int64)])
        present = held[indptr[1:]] > held[indptr[:-1]]
        return [stem for stem, i in self._vocab.items() if i < len(present) and present[i]]

    @property
    def _vocab(self) -> dict[str, int]:
        return self._model.vocab_dict  # type: ignore[no-any-return]
