"""sentence-transformers for a model directory on disk (what a council's IT copies over).

The model is loaded by path with the hub switched off, so a missing file fails here, loudly,
instead of a silent download attempt. e5-family models get their "query: "/"passage: "
prefixes, which they were trained with.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from council_qa.index.embeddings import Vectors


class SentenceTransformerEmbedder:
    def __init__(self, path: Path) -> None:
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        from sentence_transformers import SentenceTransformer

        self._path = path.resolve()
        self._model = SentenceTransformer(str(self._path), device="cpu", local_files_only=True)
        self._e5 = "e5" in self._path.name.lower()

    @property
    def model_id(self) -> str:
        return f"sentence-transformers:{self._path.name}"

    @property
    def dim(self) -> int:
        return int(self._model.get_embedding_dimension() or 0)

    def embed_queries(self, texts: list[str]) -> Vectors:
        return self._encode([f"query: {t}" for t in texts] if self._e5 else texts)

    def embed_passages(self, texts: list[str]) -> Vectors:
        return self._encode([f"passage: {t}" for t in texts] if self._e5 else texts)

    def _encode(self, texts: list[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = self._model.encode(texts, normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(vecs, dtype=np.float32)
