"""Any ``Embedder`` as a LlamaIndex ``BaseEmbedding``.

Passed explicitly wherever LlamaIndex takes an embedding model, never through the global
``Settings`` (an unset ``Settings.embed_model`` falls back to a hosted model).
"""

from __future__ import annotations

from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from council_qa.index.embeddings import Embedder


class CouncilEmbedding(BaseEmbedding):
    _embedder: Embedder = PrivateAttr()

    def __init__(self, embedder: Embedder, **data: Any) -> None:
        super().__init__(model_name=embedder.model_id, embed_batch_size=32, **data)
        self._embedder = embedder

    def _get_query_embedding(self, query: str) -> list[float]:
        return [float(x) for x in self._embedder.embed_queries([query])[0]]

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return [float(x) for x in self._embedder.embed_passages([text])[0]]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._embedder.embed_passages(texts).tolist()  # type: ignore[no-any-return]
