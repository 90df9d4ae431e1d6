"""What every answer strategy needs: the question, the visible documents, and retrieval."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from council_qa.answer import evidence
from council_qa.answer.citations import Ledger
from council_qa.answer.meaning import Meaning, Related, words_of
from council_qa.answer.question import Question
from council_qa.index.embeddings import Embedder, Vectors
from council_qa.index.lexical import last_stem, tokens
from council_qa.index.retriever import ChunkFilter, HybridRetriever, Mode
from council_qa.index.snapshot import Snapshot
from council_qa.index.vocabulary import Vocabulary
from council_qa.lexicon import Glossary, Lexicon
from council_qa.types import DocumentInfo, Visibility

SHARED_PREFIX = 8
PART_OF_COMPOUND = 0.5


@dataclass(frozen=True)
class Context:
    question: Question
    snap: Snapshot
    embedder: Embedder
    visibility: Visibility
    mode: Mode
    query_vector: Vectors
    lexicon: Lexicon
    meaning: Meaning | None = None  # None: question words count only as spelled
    ledger: Ledger = field(default_factory=Ledger)  # what this question's answer cited and dropped

    @property
    def lang(self) -> str:
        return self.question.language

    # The snapshot keeps these per generation; they are handed on, not copied (120,000 papers at 1M chunks).
    def documents(self) -> Sequence[DocumentInfo]:
        """Visible documents, newest first (a later memo supersedes an earlier one)."""
        return self.snap.newest_first(self.visibility)

    def resolutions(self) -> Sequence[str]:
        return self.snap.resolutions(self.visibility)

    def memos(self, resolution: str | None = None) -> Sequence[DocumentInfo]:
        """Papers with clauses, memos (which report statuses) before the resolutions themselves."""
        return self.snap.memos(self.visibility, resolution)

    def tables(self, resolution: str) -> Sequence[DocumentInfo]:
        """Tabular Beschlusskontrollen with a row on ``resolution``, newest first."""
        return self.snap.tables(self.visibility, resolution)

    def has_papers(self, resolution: str) -> bool:
        """Has ``resolution`` visible papers of its own, or is it known only from table rows?"""
        return self.snap.has_papers(self.visibility, resolution)

    def retrieve(self, chunk_filter: ChunkFilter, top_k: int = 6) -> list[tuple[int, float]]:
        retriever = HybridRetriever(self.snap, self.embedder, top_k=top_k, mode=self.mode, chunk_filter=chunk_filter)
        return retriever.search(self.keyword_query, query_vector=self.query_vector)

    @property
    def vocabulary(self) -> Vocabulary | None:
        """The stems of the papers the question may be answered from. In public mode only public
        papers count: whether a word stands in a confidential memo must not show in an answer."""
        if self.snap.lexical is None:
            return None
        return self.snap.lexical.vocabulary if self.visibility == "internal" else self.snap.public_vocabulary

    @cached_property
    def related(self) -> Related:
        """The question's content words with the papers' nouns that mean the same (for English
        words: their German nouns): a passage that says "Asylsuchende" covers "Flüchtlinge"."""
        vocabulary = self.vocabulary
        if self.meaning is None or vocabulary is None:
            return {}
        asked = looked_up(self.question, self.lexicon)
        return self.meaning.related(asked, self.snap.word_vectors, vocabulary)

    @property
    def keyword_query(self) -> str:
        """The question for BM25: English questions carry their council terms in German too."""
        q = self.question
        if q.language != "en":
            return q.text
        return " ".join([q.text, *self.lexicon.glossary.german_terms(q.text)])

    def subject_resolution(self) -> str | None:
        """A resolution the question names by subject ("Radverkehrskonzept") rather than number."""
        return subject_of(self.question.text, self.documents(), self.lexicon.glossary)


def looked_up(q: Question, lexicon: Lexicon) -> list[str]:
    """The question's words to look up among the papers' nouns (English: those the glossary
    does not translate)."""
    text = lexicon.glossary.untranslated(q.text) if q.language == "en" else q.text
    return [w for w in dict.fromkeys(words_of(text, q.language)) if not evidence.is_generic(last_stem(w), lexicon)]


def subject_of(text: str, documents: Iterable[DocumentInfo], glossary: Glossary) -> str | None:
    """The resolution a text names by subject, among ``documents``.

    English council terms count in German ("noise action plan": "Lärmaktionsplan"). A word
    names a title when one holds the other or they share a long beginning (German compounds:
    "Radverkehrskonzept" ~ "Radverkehrsentwicklungsplan"); a title word that is only a part of
    the question's compound ("Programm" in "Schulsanierungsprogramm") names it half as well. A
    word goes to the one resolution whose title it names best; a word that fits several equally
    well ("Landeshauptstadt") names none of them.
    """
    words = {t for t in tokens(" ".join([text, *glossary.german_terms(text)])) if len(t) >= 6}
    best: dict[str, dict[str, float]] = {w: {} for w in words}
    for doc in documents:
        if doc.resolution and doc.title:
            title = [t for t in tokens(doc.title) if len(t) >= 6]
            for w in words:
                strength = max((_names(w, t) for t in title), default=0.0)
                if strength > best[w].get(doc.resolution, 0.0):
                    best[w][doc.resolution] = strength
    scores: dict[str, float] = {}
    for by_resolution in best.values():
        ranked = sorted(by_resolution.items(), key=lambda kv: -kv[1])
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            scores[ranked[0][0]] = scores.get(ranked[0][0], 0.0) + ranked[0][1]
    top = max(scores.items(), key=lambda kv: kv[1], default=None)
    return top[0] if top else None


def _names(word: str, title_word: str) -> float:
    if word in title_word:
        return 1.0
    common = 0
    for a, b in zip(word, title_word, strict=False):
        if a != b:
            break
        common += 1
    if common >= SHARED_PREFIX:
        return 1.0
    return PART_OF_COMPOUND if title_word in word else 0.0


def sort_labels(labels: list[str]) -> list[str]:
    def key(label: str) -> tuple[int, str]:
        m = re.match(r"(\d+)(.*)", label)
        return (int(m.group(1)), m.group(2)) if m else (999, label)

    return sorted(set(labels), key=key)
