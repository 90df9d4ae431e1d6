"""Fact questions: the best supporting sentences of the best passages, quoted.

Passages are ranked by the dense similarity of their own stored vectors, the local-IDF
coverage of the question's content words in the passage and in its chunk, the asked answer
type, whether the quoted clause text or the report is asked for, and their chunk's retrieval
rank; a passage is used only if the evidence checks of ``evidence`` pass.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, replace

import numpy as np

from council_qa.answer import evidence
from council_qa.answer.citations import bare, cite_all
from council_qa.answer.context import Context
from council_qa.index.retriever import ChunkFilter
from council_qa.types import Answer, Chunk, Passage

MIN_COVERAGE = 0.5
# A question in other words than the paper's covers fewer of its words; a passage that holds
# a part of them and is close to the question in meaning supports it too. Both set on the dev
# sets, where no unanswerable question's best passage reached them.
MIN_PARTIAL_COVERAGE = 0.25
MIN_DENSE_PARTIAL = 0.84
MIN_DENSE_CROSSLINGUAL = 0.80
LETTERHEAD_CHARS = 400  # the opening of a paper: city, office, addressee
MIN_WORDS = 4  # a passage shorter than this (a letterhead line) answers nothing
_ENDS_SENTENCE = re.compile(r"[.!?:;\"“”']\s*$")
_DECISION = re.compile(r"beschlossen|beschließt|beschluss(?:text)?\b|decided|resolved", re.I)
# A target or an order ("Wie viele sollen ...", "What is the target ...") is what the quoted clause states.
_TARGET = re.compile(r"\bsoll(?:en|te)?\b|\bziel\w*|\bvorgabe|\bshould\b|required|\btarget|\bgoal|\baim\b", re.I)
_PROPER = re.compile(r"(?<!^)(?<![.?!] )\b[A-ZÄÖÜ][a-zäöüß]{3,}")
SECOND_WITHIN = 0.04
NEAR = 2  # a close second within this many passages is quoted too, with what stands between
PASSAGE_WEIGHT = 0.3
CLAUSE_TEXT_SHIFT = 0.15
MAX_ANNOUNCED = 2  # passages quoted after one that ends in a colon ("mit folgenden Ergänzungen:")
CHUNK_WEIGHT = 0.2
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
# A sentence that opens with a pronoun or a pronominal adverb refers to what the one before named.
_ANAPHOR = re.compile(
    r"(?:Letztere[rsnm]?|Erstere[rsnm]?|Diese[rsnm]?|Dies|Dabei|Hierfür|Hierzu|Hierbei|Dafür|Dazu|Damit|"
    r"Davon|Daraus|Darin|Danach|Demnach|Deren|Dessen|Sie|Er)\b"
)


@dataclass(frozen=True)
class Scored:
    score: float
    dense: float
    coverage: float
    chunk: Chunk
    passage: Passage
    index: int


def candidates(ctx: Context, chunk_filter: ChunkFilter) -> list[Scored]:
    """Passages of the top chunks, ranked.

    A question word found in every candidate (the topic: "Grundschule Kappel") says little
    about which passage answers; one found in a single passage ("Unterricht") says much. So
    coverage is weighted by how rare each word is among the candidates (a local IDF), once
    for the passage and once for its chunk: the answer to "Warum verzögert sich die Sanierung
    der Grundschule Kappel?" is a sentence that names none of those words, in the one clause
    that names them all. A sentence that opens with a pronoun ("Letztere wird ...") speaks of
    what its predecessor named, so it is credited with its predecessor's words too.
    """
    q = ctx.question
    # Ranking weighs the words as asked; what counts as covering them, for the evidence check,
    # includes the papers' words of the same meaning.
    words = evidence.content_words(q.text, ctx.lexicon, q.language) + _YEAR.findall(q.text)
    needed = evidence.support_words(q.text, ctx.lexicon, q.language, ctx.related)
    rows = [
        (rank, row)
        for rank, (row, _) in enumerate(ctx.retrieve(chunk_filter, top_k=5))
        # letterhead and greeting: their facts are answered from the parsed header
        if ctx.snap.chunks[row].kind not in ("header", "closing")
    ]
    pool: list[tuple[int, int, int, Passage]] = [
        (rank, row, i, passage)
        for rank, row in rows
        for i, passage in enumerate(ctx.snap.chunks[row].passages)
        if len(passage.text.split()) >= MIN_WORDS
    ]
    found = [_passage_hits(words, ctx.snap.chunks[row].passages, i) for _, row, i, _ in pool]
    # Each chunk is stemmed once, for the ranking words and the support words together.
    both = list(dict.fromkeys(words + needed))
    in_text = {row: evidence.strengths(both, ctx.snap.chunks[row].text) for _, row in rows}
    in_chunk = {row: {w: f for w, f in hits.items() if w in words} for row, hits in in_text.items()}
    passage_weight = _local_idf(words, found)
    chunk_weight = _local_idf(words, list(in_chunk.values()))
    clause_shift = _clause_text_shift(q.text)
    # What the evidence check asks a passage to cover, its chunk and paper count as context for.
    heads = {ctx.snap.chunks[row].document_id for _, row in rows}
    in_head = {d: _letterhead_hits(ctx, d, needed) for d in heads}
    covered = {
        row: evidence.coverage(
            needed, {w for w in needed if w in in_text[row]} | in_head[ctx.snap.chunks[row].document_id]
        )
        for _, row in rows
    }
    out = []
    for (rank, row, i, passage), hits in zip(pool, found, strict=True):
        chunk = ctx.snap.chunks[row]
        vectors = ctx.snap.chunk_passage_vectors(row)
        dense = float(np.dot(vectors[i], ctx.query_vector)) if len(vectors) > i else 0.0
        typed = q.answer_type != "any" and evidence.has_type(passage.text, q.answer_type)
        score = (
            dense
            + PASSAGE_WEIGHT * _share(hits, passage_weight)
            + CHUNK_WEIGHT * _share(in_chunk[row], chunk_weight)
            + 0.02 / (rank + 1)
            + (0.03 if typed else 0.0)
        )
        if _is_resolution_text(ctx, chunk, passage):
            score += clause_shift
        out.append(Scored(score, dense, covered[row], chunk, passage, i))
    return sorted(out, key=lambda s: -s.score)


def _letterhead_hits(ctx: Context, document_id: str, words: list[str]) -> set[str]:
    """Question words the paper's title and letterhead hold: "in Wuppertal" is answered by a
    passage of the Wuppertal report, though the passage itself need not say so."""
    title = ctx.snap.documents.infos[document_id].title
    head = ctx.snap.original_text(document_id)[:LETTERHEAD_CHARS]
    return evidence.matched(words, f"{title or ''}\n{head}")


def _clause_text_shift(question: str) -> float:
    """How the quoted clause text weighs: it says what was asked for (a target, a deadline), the
    report what happened, and a question of either kind is answered from its own half; a
    question about a decision may be answered by either."""
    if _TARGET.search(question):
        return CLAUSE_TEXT_SHIFT
    return 0.0 if _DECISION.search(question) else -CLAUSE_TEXT_SHIFT


def _passage_hits(words: list[str], passages: tuple[Passage, ...], i: int) -> dict[str, float]:
    hits = evidence.strengths(words, passages[i].text)
    if i > 0 and _ANAPHOR.match(passages[i].text):
        for word, strength in evidence.strengths(words, passages[i - 1].text).items():
            hits[word] = max(strength, hits.get(word, 0.0))
    return hits


def _local_idf(words: list[str], found: list[dict[str, float]]) -> dict[str, float]:
    df = Counter(w for f in found for w in f)
    return {w: math.log(1 + (len(found) + 1) / (df[w] + 1)) for w in words}


def _share(hits: dict[str, float], weight: dict[str, float]) -> float:
    return sum(weight[w] * strength for w, strength in hits.items()) / (sum(weight.values()) or 1.0)


def _is_resolution_text(ctx: Context, chunk: Chunk, passage: Passage) -> bool:
    doc = ctx.snap.documents.get(chunk.document_id)
    clause = doc.clause(chunk.clause) if doc and chunk.clause else None
    return clause is not None and passage in clause.text_passages


def foreign(ctx: Context) -> list[str]:
    """Nouns and names of the question that no document contains, in any form or in other
    words of the same meaning.

    Only capitalised words count: German nouns, and in English questions the German names
    that survive translation; verb forms vary too much to tell absence from inflection.
    """
    vocabulary = ctx.vocabulary
    if vocabulary is None:
        return []
    q = ctx.question
    if q.language == "en":
        words = evidence.content_words(q.text, ctx.lexicon, "en", ctx.related)
    else:
        words = evidence.content_words(" ".join(_PROPER.findall(q.text)), ctx.lexicon, "de", ctx.related)
    return evidence.foreign_terms(words, vocabulary)


def supported(ctx: Context, best: Scored) -> bool:
    """Evidence that the passage answers: no question term is foreign to the documents, a
    "how many X" passage's context speaks of X itself, and content-word coverage or, across languages,
    a close dense match (the answer type is checked before ranking)."""
    q = ctx.question
    if q.follows and q.clause is not None and best.chunk.clause == q.clause:
        # "Seit wann?" after an answer about a clause: the conversation chose the subject
        # (checked when it was asked); within that clause an answer of the asked type will do.
        return True
    if foreign(ctx):
        return False
    counted = evidence.counted_noun(ctx.question.text, ctx.lexicon, ctx.question.language, ctx.related)
    if counted and not evidence.counts(counted, best.chunk.text):
        return False
    if best.coverage >= MIN_COVERAGE:
        return True
    if best.coverage >= MIN_PARTIAL_COVERAGE and best.dense >= MIN_DENSE_PARTIAL:
        return True
    return ctx.question.language == "en" and best.dense >= MIN_DENSE_CROSSLINGUAL


def _whole_sentences(chunk: Chunk, indices: list[int]) -> list[Passage]:
    """The chosen passages, readable on their own: the pieces a page break cut from their
    sentence put back, the sentence a pronoun refers to, what a closing colon announces."""
    first, last = min(indices), max(indices)
    units = chunk.passages
    while first > 0 and not _ENDS_SENTENCE.search(units[first - 1].text) and units[first].text[:1].islower():
        first -= 1
    if first > 0 and _ANAPHOR.match(units[first].text):
        first -= 1
    while last + 1 < len(units) and not _ENDS_SENTENCE.search(units[last].text):
        last += 1
    announced = 0
    while last + 1 < len(units) and units[last].text.rstrip().endswith(":") and announced < MAX_ANNOUNCED:
        last, announced = last + 1, announced + 1
    return list(units[first : last + 1])


def rank(ctx: Context) -> list[Scored]:
    """The passages that may answer, best first, within the resolution and clause asked about."""
    q = ctx.question
    clause = q.clause if q.clause and any(d.has_clause(q.clause) for d in ctx.memos(q.resolution)) else None
    return candidates(ctx, ChunkFilter(resolution=q.resolution, clause=clause, visibility=ctx.visibility))


def compose(ctx: Context, ranked: list[Scored]) -> Answer | None:
    """The answer from ``rank(ctx)``'s passages, or None if the best is not supported."""
    q = ctx.question
    # The best passage that holds an answer of the asked type (a date for "wann", ...), in the
    # paper the question leads to: the one its best passage of any type stands in. A sum in
    # another paper is no answer to "Wie viel hat die Bürgersolaranlage gekostet?".
    led_to = ranked[0].chunk.document_id if ranked and q.resolution is None else None
    typed = [
        s for s in ranked if evidence.has_type(s.passage.text, q.answer_type) and led_to in (None, s.chunk.document_id)
    ]
    if typed or q.answer_type not in evidence.SOFT_TYPES:
        ranked = typed
    if not ranked or not supported(ctx, ranked[0]):
        return None
    best = ranked[0]
    chosen = [best]
    for other in ranked[1:3]:
        if (
            other.chunk is best.chunk
            and abs(other.index - best.index) <= NEAR
            and best.score - other.score <= SECOND_WITHIN
        ):
            chosen.append(other)
    chosen.sort(key=lambda s: s.index)
    doc = ctx.snap.documents[best.chunk.document_id]
    sentences = _whole_sentences(best.chunk, [s.index for s in chosen])
    citations = cite_all(ctx.snap, doc, sentences, best.chunk.clause, ctx.ledger)
    if not citations:
        return None
    where = doc.resolution or doc.source
    resolution = doc.resolution
    if best.chunk.kind == "row" and best.chunk.resolution:
        # a table row speaks of the resolution it names, in the table paper
        resolution = best.chunk.resolution
        where += f" zu {resolution}" if q.language == "de" else f" on {resolution}"
        citations = [replace(c, resolution=resolution) for c in citations]
    if best.chunk.clause:
        where += f", Beschlusspunkt {best.chunk.clause}" if q.language == "de" else f", clause {best.chunk.clause}"
    quotes = " ".join(f"„{bare(c.quote)}“" for c in citations)
    page = citations[0].page
    lead = f"Laut {where} (S. {page}): " if q.language == "de" else f"According to {where} (p. {page}): "
    return Answer(
        answer=lead + quotes,
        answerable=True,
        language=q.language,
        resolution=resolution,
        clause=best.chunk.clause,
        citations=tuple(citations),
    )
