"""Fact questions: the best supporting sentences of the best passages, quoted.

Passages are ranked by the dense similarity of their own stored vectors, their coverage of
the question's content words, and their chunk's retrieval rank; a passage is used only if
the evidence checks of ``evidence`` pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from council_qa.answer import evidence
from council_qa.answer.citations import bare, cite_all
from council_qa.answer.context import Context
from council_qa.index.retriever import ChunkFilter
from council_qa.types import Answer, Chunk, Passage

MIN_COVERAGE = 0.5
MIN_DENSE_CROSSLINGUAL = 0.80
MIN_WORDS = 4  # a passage shorter than this (a letterhead line) answers nothing
_PROPER = re.compile(r"(?<!^)(?<![.?!] )\b[A-ZÄÖÜ][a-zäöüß]{3,}")
SECOND_WITHIN = 0.04


@dataclass(frozen=True)
class Scored:
    score: float
    dense: float
    coverage: float
    chunk: Chunk
    passage: Passage
    index: int


def candidates(ctx: Context, chunk_filter: ChunkFilter) -> list[Scored]:
    words = evidence.content_words(ctx.question.text)
    kind = ctx.question.answer_type
    out = []
    for rank, (row, _) in enumerate(ctx.retrieve(chunk_filter, top_k=5)):
        chunk = ctx.snap.chunks[row]
        vectors = ctx.snap.chunk_passage_vectors(row)
        chunk_cov = evidence.coverage(words, chunk.text)
        for i, passage in enumerate(chunk.passages):
            if len(passage.text.split()) < MIN_WORDS:
                continue
            dense = float(np.dot(vectors[i], ctx.query_vector)) if len(vectors) > i else 0.0
            cov = evidence.coverage(words, passage.text)
            typed = evidence.has_type(passage.text, kind)
            score = dense + 0.3 * cov + 0.1 * chunk_cov + 0.02 / (rank + 1) + (0.03 if typed and kind != "any" else 0.0)
            if chunk.kind == "header":
                score -= 0.05  # the letterhead names the subject but answers no fact
            out.append(Scored(score, dense, max(cov, chunk_cov), chunk, passage, i))
    return sorted(out, key=lambda s: -s.score)


def foreign(ctx: Context) -> list[str]:
    """Question terms no document contains: in English questions only the names (German
    proper nouns survive translation), in German ones every substantive word."""
    if ctx.snap.lexical is None:
        return []
    text = ctx.question.text
    if ctx.question.language == "en":
        text = " ".join(_PROPER.findall(text))
    return evidence.foreign_terms(evidence.content_words(text), ctx.snap.lexical.sorted_vocabulary)


def supported(ctx: Context, best: Scored) -> bool:
    """Evidence that the passage answers: no question term is foreign to the documents, and
    content-word coverage or, across languages, a close dense match (the answer type is
    checked before ranking)."""
    if foreign(ctx):
        return False
    if best.coverage >= MIN_COVERAGE:
        return True
    return ctx.question.language == "en" and best.dense >= MIN_DENSE_CROSSLINGUAL


def compose(ctx: Context) -> Answer | None:
    q = ctx.question
    clause = q.clause if q.clause and any(d.clause(q.clause) for d in ctx.memos(q.resolution)) else None
    ranked = candidates(ctx, ChunkFilter(resolution=q.resolution, clause=clause, visibility=ctx.visibility))
    # The best passage that holds an answer of the asked type (a date for "wann", ...).
    ranked = [s for s in ranked if evidence.has_type(s.passage.text, q.answer_type)]
    if not ranked or not supported(ctx, ranked[0]):
        return None
    best = ranked[0]
    chosen = [best]
    for other in ranked[1:3]:
        if (
            other.chunk is best.chunk
            and abs(other.index - best.index) == 1
            and best.score - other.score <= SECOND_WITHIN
        ):
            chosen.append(other)
    chosen.sort(key=lambda s: s.index)
    doc = ctx.snap.documents[best.chunk.document_id]
    citations = cite_all(ctx.snap, doc, [s.passage for s in chosen], best.chunk.clause)
    if not citations:
        return None
    where = doc.resolution or doc.source
    if best.chunk.clause:
        where += f", Beschlusspunkt {best.chunk.clause}" if q.language == "de" else f", clause {best.chunk.clause}"
    quotes = " ".join(f"„{bare(c.quote)}“" for c in citations)
    page = citations[0].page
    lead = f"Laut {where} (S. {page}): " if q.language == "de" else f"According to {where} (p. {page}): "
    return Answer(
        answer=lead + quotes,
        answerable=True,
        language=q.language,
        resolution=doc.resolution,
        clause=best.chunk.clause,
        citations=tuple(citations),
    )
