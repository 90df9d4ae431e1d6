"""sentence-transformers for a model directory on disk (what a council's IT copies over).

The model is loaded by path with the hub switched off, so a missing file fails here, loudly,
instead of a silent download attempt. e5-family models get their "query: "/"passage: "
prefixes, which they were trained with.

``backend="onnx-int8"`` runs the same model by ONNX Runtime on an int8 export made once into a
cache folder (``embed_onnx``): 1.7-2.4x the texts per second of torch on two cores, at a cosine of
~0.99 to the float vectors. Its ``model_id`` differs, so an index built with one is refused by
the other.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from council_qa.index.embeddings import Vectors, check_backend

if TYPE_CHECKING:
    from council_qa.index.embed_onnx import OnnxInt8Encoder


class SentenceTransformerEmbedder:
    def __init__(self, path: Path, backend: str = "torch", cache: Path | None = None) -> None:
        self.backend = check_backend(backend)
        if backend == "onnx-int8":
            from council_qa.index.embed_onnx import require_runtime

            require_runtime()
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        from sentence_transformers import SentenceTransformer

        self._path = path.resolve()
        self._model = SentenceTransformer(str(self._path), device="cpu", local_files_only=True)
        self._e5 = "e5" in self._path.name.lower()
        self.onnx: OnnxInt8Encoder | None = None
        if backend == "onnx-int8":
            from council_qa.index.embed_onnx import OnnxInt8Encoder, cached_export

            self.onnx = OnnxInt8Encoder(self._model, cached_export(self._model, self._path, cache))

    @property
    def model_id(self) -> str:
        suffix = "" if self.onnx is None else f"+{self.backend}"
        return f"sentence-transformers:{self._path.name}{suffix}"

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
        if self.onnx is not None:
            return self.onnx.encode(texts, self.dim)
        vecs = self._model.encode(texts, normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(vecs, dtype=np.float32)
