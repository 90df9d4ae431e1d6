"""The answerer: understands the question, picks the strategy, abstains without evidence.

Structured questions (status, lists, header facts) are answered from what ingest parsed;
everything else extractively from retrieved passages. Every answer's citations are verified
against the original text; nothing unverifiable is shown.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import replace
from pathlib import Path

from council_qa.answer import facts, followup, listing, metadata, rows, status, templates
from council_qa.answer.citations import bare, cite_all, quoted
from council_qa.answer.context import Context, looked_up, sort_labels, subject_of
from council_qa.answer.meaning import Meaning
from council_qa.answer.question import Question, asks_status, language
from council_qa.answer.validation import MAX_QUESTION_CHARS, QuestionError, validate
from council_qa.index import snapshot as snapshots
from council_qa.index.embeddings import Embedder, load_embedder
from council_qa.index.retriever import Mode
from council_qa.index.store import check_model, manifest_stamp, read_manifest
from council_qa.lexicon import Lexicon
from council_qa.types import Answer, Citation, Visibility

log = logging.getLogger(__name__)
__all__ = ["MAX_QUESTION_CHARS", "Answerer", "QuestionError", "validate"]


COVERED_NAMED = 5  # resolutions named when saying what the documents cover
TOPIC_CANDIDATES = 3  # passages looked at for the clause a status question names by its topic
# "dieser Beschlusspunkt", "this clause": a clause named only by the conversation's last answer.
_THIS_CLAUSE = re.compile(
    r"\b(?:dies(?:er|en|em|es)|jene[rnms]?|this|that|the same)\s+(?:Beschlusspunkt|Punkt|Ziffer|clause|item|point)\b",
    re.IGNORECASE,
)


class Answerer:
    """Answers questions over one index; picks up a newer index generation on its own."""

    def __init__(
        self,
        index_dir: Path,
        embedder: Embedder | None = None,
        visibility: Visibility = "internal",
        mode: Mode = "hybrid",
        lexicon: Lexicon | None = None,
    ) -> None:
        self._root = index_dir
        self._lexicon = lexicon or Lexicon.load()  # read and checked at start, not per question
        self._embedder = embedder
        self._visibility: Visibility = visibility
        self._mode: Mode = mode
        self._snap: snapshots.Snapshot | None = None
        self._meaning: Meaning | None = None  # question words' vectors, kept across questions
        self._stamp: tuple[int, int, int] | None = None  # the manifest file self._snap was checked against
        self._reload = threading.Lock()  # one reload at a time, however many sessions ask

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = load_embedder()
        return self._embedder

    @property
    def meaning(self) -> Meaning:
        if self._meaning is None:
            self._meaning = Meaning(self.embedder)
        return self._meaning

    def snapshot(self) -> snapshots.Snapshot:
        """The current generation; sessions in threads share it and reload it once, together.

        The manifest is parsed only when its file changed (one ``stat`` per question); the
        stamp is taken before the read, so a commit in between shows as a change next time.
        """
        stamp = manifest_stamp(self._root)
        snap = self._snap
        if snap is not None and stamp == self._stamp:
            return snap
        with self._reload:
            if self._snap is None or stamp != self._stamp:
                manifest = read_manifest(self._root)
                if self._snap is None or (manifest and manifest.generation != self._snap.generation):
                    if manifest is not None:
                        check_model(manifest, self.embedder.model_id, self._root)
                    self._snap = snapshots.load(self._root)
                self._stamp = stamp
            return self._snap

    def ask(self, question: str, history: list[str] | None = None) -> Answer:
        text = validate(question)
        turns = [h for h in (history or []) if h and h.strip()]
        if turns and _THIS_CLAUSE.search(text):
            text = self._name_the_clause(text, turns)
        q = followup.resolve(text, turns)
        snap = self.snapshot()
        if snap.is_empty:
            return Answer(templates.EMPTY_INDEX[q.language], False, q.language)
        earlier = self.ask(turns[-1], turns[:-1]) if q.follows and turns else None
        if earlier is not None:
            q = _bound_to(q, earlier)
        if q.is_fragment and q.resolution is None and turns:
            q = self._subject_from(q, turns, snap)
        if q.resolution:
            # The indexed resolution the number names, typed however loosely ("Vorlage 317/24",
            # "DS0456/19"), a report's own number leading to the resolution it reports on.
            q = replace(q, resolution=snap.resolve(q.resolution) or q.resolution)
        vector = self.meaning.embed_question(q.text, looked_up(q, self._lexicon))
        ctx = Context(q, snap, self.embedder, self._visibility, self._mode, vector, self._lexicon, self.meaning)
        answer = self._dispatch(ctx)
        if earlier is not None:
            answer = _with_status_of(answer, earlier)
        return replace(answer, citations_proposed=ctx.ledger.proposed, citations_dropped=ctx.ledger.dropped)

    def _name_the_clause(self, text: str, turns: list[str]) -> str:
        """ "Wie weit ist dieser Beschlusspunkt umgesetzt?" after "Wer führt das Modellprojekt
        durch?": the clause is the one the last answer was about, so that turn is answered again
        (it may have named the clause only through its subject) and the clause named in its place."""
        earlier = self.ask(turns[-1], turns[:-1])
        if earlier.clause is None:
            return text
        english = earlier.language == "en" or language(text) == "en"
        label = f"clause {earlier.clause}" if english else f"Beschlusspunkt {earlier.clause}"
        if earlier.resolution:
            label += f" of {earlier.resolution}" if english else f" der {earlier.resolution}"
        return _THIS_CLAUSE.sub(label, text, count=1)

    def _subject_from(self, q: Question, turns: list[str], snap: snapshots.Snapshot) -> Question:
        """A follow-up ("Und Punkt 3?") to a turn that named its resolution by subject
        ("... des Radverkehrsentwicklungsplans") stays with that resolution."""
        documents = snap.newest_first(self._visibility)
        glossary = self._lexicon.glossary
        subject = next((r for r in (subject_of(t, documents, glossary) for t in reversed(turns)) if r), None)
        if subject is None or q.clause is None:
            return q
        return replace(q, resolution=subject, text=followup.standalone(q.clause, subject, q.language))

    def _dispatch(self, ctx: Context) -> Answer:
        q = ctx.question
        if q.resolution and q.resolution not in ctx.resolutions():
            return self._unknown_resolution(ctx)
        answer: Answer | None
        if q.resolution and self._row_answers(ctx):
            answer = rows.compose(ctx, q.resolution, q.clause)
            if answer is not None:
                return answer
        if q.intent == "status" and q.clause:
            answer = status.compose(ctx, q.clause)
            if answer is None:
                return self._unknown_clause(ctx, q)
            return answer
        if q.intent == "list":
            return listing.compose(ctx)
        if q.intent == "metadata":
            # A header fact the memo does not state is not guessed from other sentences (a
            # "nächster Bericht" is no "nächste Beschlusskontrolle").
            answer = metadata.compose(ctx)
        else:
            memos = ctx.memos(q.resolution)
            if q.clause and memos and not any(d.has_clause(q.clause) for d in memos):
                return self._unknown_clause(ctx, q)
            ranked = facts.rank(ctx)
            answer = self._row_by_topic(ctx, ranked) if q.answer_type == "any" else None
            if answer is None and q.answer_type == "any" and asks_status(q.text):
                answer = self._status_by_topic(ctx, ranked)
            answer = answer or facts.compose(ctx, ranked)
        return answer or self._not_found(ctx)

    def _row_answers(self, ctx: Context) -> bool:
        """Is the named resolution's status asked, and does a table row give it? A question of
        no particular type ("Was ist mit 22/0051/1?") asks for it too where the rows are all
        the papers say of the resolution; a point its own paper lacks is no row's to answer."""
        q = ctx.question
        if q.resolution is None or q.intent not in ("status", "fact") or not rows.stands(ctx, q.resolution, q.clause):
            return False
        memos = ctx.memos(q.resolution)
        if q.clause and memos and not any(d.has_clause(q.clause) for d in memos):
            return False
        if q.intent == "status":
            return True
        return q.answer_type == "any" and (asks_status(q.text) or not ctx.has_papers(q.resolution))

    def _row_by_topic(self, ctx: Context, ranked: list[facts.Scored]) -> Answer | None:
        """ "Ist die Turnhalle saniert?": where the best supported passage of no particular type
        is a table row, the question is about the resolution the row reports on, and the row
        answers it with its status (the way ``_status_by_topic`` answers from a clause)."""
        q = ctx.question
        best = next((s for s in ranked[:TOPIC_CANDIDATES] if s.chunk.clause or s.chunk.kind == "row"), None)
        if best is None or best.chunk.kind != "row" or best.chunk.resolution is None:
            return None
        if not (asks_status(q.text) or best is ranked[0]) or not facts.supported(ctx, best):
            return None
        if not rows.stands(ctx, best.chunk.resolution, best.chunk.clause):
            return None
        asked = replace(ctx, question=replace(q, resolution=best.chunk.resolution))
        return rows.compose(asked, best.chunk.resolution, best.chunk.clause)

    def _status_by_topic(self, ctx: Context, ranked: list[facts.Scored]) -> Answer | None:
        """ "Wie steht es um die Elternhaltestellen?": the status of the clause the best
        supported passage belongs to, as if its label had been asked."""
        q = ctx.question
        best = next((s for s in ranked[:TOPIC_CANDIDATES] if s.chunk.clause), None)
        if best is None or best.chunk.clause is None or not facts.supported(ctx, best):
            return None
        doc = ctx.snap.documents[best.chunk.document_id]
        asked = replace(q, resolution=doc.resolution, clause=best.chunk.clause, intent="status")
        answer = status.compose(replace(ctx, question=asked), best.chunk.clause)
        if answer is None:
            return None
        # The passage the question was matched by shows which part of the clause was asked
        # about ("mehrsprachige Pflegeberatung" of a clause with three parts).
        matched = [
            c
            for c in cite_all(ctx.snap, doc, [best.passage], best.chunk.clause, ctx.ledger)
            if bare(c.quote) not in answer.answer
        ]
        if not matched:
            return answer
        known = {_span(c) for c in answer.citations}
        return replace(
            answer,
            answer=f"{answer.answer} {quoted(matched, q.language)}",
            citations=(*answer.citations, *(c for c in matched if _span(c) not in known)),
        )

    def _covered(self, ctx: Context, resolution: str | None) -> str:
        lang = ctx.question.language
        parts = []
        seen: set[str | None] = set()
        for doc in ctx.memos(resolution):
            if doc.resolution in seen:
                continue
            seen.add(doc.resolution)
            labels = templates.label_ranges(sort_labels(list(doc.labels)))
            parts.append(
                f"{doc.resolution} hat die Beschlusspunkte {labels}"
                if lang == "de"
                else f"{doc.resolution} has clauses {labels}"
            )
        return "; ".join(parts)

    def _unknown_clause(self, ctx: Context, q: Question) -> Answer:
        where = (
            f" der {q.resolution}"
            if q.resolution and q.language == "de"
            else (f" of {q.resolution}" if q.resolution else "")
        )
        covered = self._covered(ctx, q.resolution)
        if q.language == "de":
            text = f"Die Dokumente enthalten keinen Beschlusspunkt {q.clause}{where}." + (
                f" {covered}." if covered else ""
            )
        else:
            text = f"The documents contain no clause {q.clause}{where}." + (f" {covered}." if covered else "")
        return Answer(text, False, q.language, resolution=q.resolution, clause=None)

    def _unknown_resolution(self, ctx: Context) -> Answer:
        q = ctx.question
        known = ", ".join(ctx.resolutions()) or "—"
        if q.language == "de":
            text = f"Zu {q.resolution} liegen keine Dokumente vor. Indexiert sind: {known}."
        else:
            text = f"No documents on {q.resolution} are indexed. Indexed resolutions: {known}."
        return Answer(text, False, q.language)

    def _not_found(self, ctx: Context) -> Answer:
        q = ctx.question
        named = ctx.snap.named(ctx.visibility)[:COVERED_NAMED]
        covered = ", ".join(f"{d.resolution} ({d.title})" if d.title else str(d.resolution) for d in named)
        lead = templates.NOT_FOUND[q.language]
        if covered:
            more = len(ctx.resolutions()) - len(named)
            lead += (" Die Dokumente behandeln: " if q.language == "de" else " The documents cover: ") + covered
            if more > 0:
                lead += f" und {more} weitere" if q.language == "de" else f" and {more} more"
            lead += "."
        return Answer(lead, False, q.language)


def _span(citation: Citation) -> tuple[str, int, int]:
    return citation.document_id, citation.source_start, citation.source_end


def _bound_to(q: Question, earlier: Answer) -> Question:
    """A follow-up stays with the paper and the clause the last answer was about: after "Ist
    Beschlusspunkt 1c erfüllt?" (answered for V0220/14), "Und Punkt 3?" means V0220/14's
    clause 3, whichever other papers have a clause 3; "Mit welchen Kassen?" asks within 1c."""
    if earlier.resolution is None or not earlier.answerable:
        return q
    if q.clause is not None:
        if q.resolution is not None:
            return q
        return replace(
            q, resolution=earlier.resolution, text=followup.standalone(q.clause, earlier.resolution, q.language)
        )
    return replace(q, resolution=q.resolution or earlier.resolution, clause=earlier.clause)


def _with_status_of(answer: Answer, earlier: Answer) -> Answer:
    """ "Und warum nicht?" after a status answer: the reason, with the status it explains."""
    if answer.status is not None or earlier.status is None or earlier.clause is None or answer.clause != earlier.clause:
        return answer
    lead = templates.status_sentence(earlier.clause, earlier.resolution, earlier.status, True, answer.language)
    return replace(answer, answer=f"{lead} {answer.answer}", status=earlier.status)
