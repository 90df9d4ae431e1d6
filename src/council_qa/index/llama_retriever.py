"""council-qa's hybrid retrieval behind LlamaIndex's retriever interface (``BaseRetriever``).

Kept apart from ``retriever`` so that answering, which needs only rows and scores, does not
import LlamaIndex (1.2–1.7 s of every cold start on two cores).
"""

from __future__ import annotations

from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from council_qa.index.retriever import HybridRetriever, chunk_metadata


class LlamaHybridRetriever(BaseRetriever):
    """Nodes (chunk text, row and metadata) for the rows ``HybridRetriever.search`` finds."""

    def __init__(self, retriever: HybridRetriever) -> None:
        super().__init__()
        self._inner = retriever

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        out = []
        for row, score in self._inner.search(query_bundle.query_str):
            c = self._inner.snap.chunks[row]
            node = TextNode(id_=c.chunk_id, text=c.text, metadata={"row": row, **chunk_metadata(c)})
            out.append(NodeWithScore(node=node, score=score))
        return out
