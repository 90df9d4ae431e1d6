"""What every answer strategy needs: the question, the visible documents, and retrieval."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from council_qa.answer import glossary
from council_qa.answer.question import Question
from council_qa.index.embeddings import Embedder, Vectors
from council_qa.index.lexical import tokens
from council_qa.index.retriever import ChunkFilter, HybridRetriever, Mode
from council_qa.index.snapshot import Snapshot
from council_qa.types import Document, Visibility

SHARED_PREFIX = 8


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
        return list(self.snap.newest_first(self.visibility))

    def resolutions(self) -> list[str]:
        return list(self.snap.resolutions(self.visibility))

    def memos(self, resolution: str | None = None) -> list[Document]:
        """Papers with clauses, memos (which report statuses) before the resolutions themselves."""
        return list(self.snap.memos(self.visibility, resolution))

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
        return subject_of(self.question.text, self.documents())


def subject_of(text: str, documents: Iterable[Document]) -> str | None:
    """The resolution a text names by subject, among ``documents``.

    English council terms count in German ("noise action plan": "Lärmaktionsplan"). A word
    names a title when one holds the other or they share a long beginning (German
    compounds: "Radverkehrskonzept" ~ "Radverkehrsentwicklungsplan"); a word that fits
    several resolutions' titles ("Landeshauptstadt") names none of them.
    """
    words = {t for t in tokens(" ".join([text, *glossary.german_terms(text)])) if len(t) >= 6}
    matches: dict[str, set[str]] = {}
    for doc in documents:
        if doc.resolution and doc.title:
            title = [t for t in tokens(doc.title) if len(t) >= 6]
            found = {w for w in words if any(_names(w, t) for t in title)}
            matches.setdefault(doc.resolution, set()).update(found)
    shared = {w for w in words if sum(w in found for found in matches.values()) > 1}
    scores = {r: len(found - shared) for r, found in matches.items()}
    best = max(scores.items(), key=lambda kv: kv[1], default=None)
    return best[0] if best and best[1] > 0 else None


def _names(word: str, title_word: str) -> bool:
    if word in title_word or title_word in word:
        return True
    common = 0
    for a, b in zip(word, title_word, strict=False):
        if a != b:
            break
        common += 1
    return common >= SHARED_PREFIX


def sort_labels(labels: list[str]) -> list[str]:
    def key(label: str) -> tuple[int, str]:
        m = re.match(r"(\d+)(.*)", label)
        return (int(m.group(1)), m.group(2)) if m else (999, label)

    return sorted(set(labels), key=key)
