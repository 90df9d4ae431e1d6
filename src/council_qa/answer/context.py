"""What every answer strategy needs: the question, the visible documents, and retrieval."""

from __future__ import annotations

import re
from dataclasses import dataclass

from council_qa.answer import glossary
from council_qa.answer.question import Question
from council_qa.index.embeddings import Embedder, Vectors
from council_qa.index.lexical import tokens
from council_qa.index.retriever import ChunkFilter, HybridRetriever, Mode
from council_qa.index.snapshot import Snapshot
from council_qa.types import Document, Visibility


@dataclass(frozen=True)
class Context:
    question: Question
    snap: Snapshot
    embedder: Embedder
    visibility: Visibility
    mode: Mode
    query_vector: Vectors

    @property
    def lang(self) -> str:
        return self.question.language

    def documents(self) -> list[Document]:
        """Visible documents, newest first (a later memo supersedes an earlier one)."""
        docs = [d for d in self.snap.documents.values() if self.visibility == "internal" or d.visibility == "public"]
        return sorted(docs, key=lambda d: (d.date or "", d.source), reverse=True)

    def resolutions(self) -> list[str]:
        return sorted({d.resolution for d in self.documents() if d.resolution})

    def memos(self, resolution: str | None = None) -> list[Document]:
        """Papers with clauses, memos (which report statuses) before the resolutions themselves."""
        docs = [d for d in self.documents() if d.clauses and (resolution is None or d.resolution == resolution)]
        return sorted(docs, key=lambda d: d.kind != "beschlusskontrolle")

    def retrieve(self, chunk_filter: ChunkFilter, top_k: int = 6) -> list[tuple[int, float]]:
        retriever = HybridRetriever(self.snap, self.embedder, top_k=top_k, mode=self.mode, chunk_filter=chunk_filter)
        return retriever.search(self.keyword_query, query_vector=self.query_vector)

    @property
    def keyword_query(self) -> str:
        """The question for BM25: English questions carry their council terms in German too."""
        q = self.question
        if q.language != "en":
            return q.text
        return " ".join([q.text, *glossary.german_terms(q.text)])

    def subject_resolution(self) -> str | None:
        """A resolution the question names by subject ("Radverkehrskonzept") rather than number."""
        words = {t for t in tokens(self.question.text) if len(t) >= 6}
        best: tuple[int, str] | None = None
        for doc in self.documents():
            if not doc.resolution or not doc.title:
                continue
            title = set(tokens(doc.title))
            hits = sum(1 for w in words if any(w in t or t in w for t in title if len(t) >= 6))
            if hits and (best is None or hits > best[0]):
                best = (hits, doc.resolution)
        return best[1] if best else None


def sort_labels(labels: list[str]) -> list[str]:
    def key(label: str) -> tuple[int, str]:
        m = re.match(r"(\d+)(.*)", label)
        return (int(m.group(1)), m.group(2)) if m else (999, label)

    return sorted(set(labels), key=key)
