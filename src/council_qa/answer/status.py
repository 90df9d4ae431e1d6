"""Status questions: the clause's status from the memo's structure, with its own verdict quoted.

Never a neighbour's verdict: a clause with a progress report and no verdict is reported as
"not reported as fulfilled", quoting the report.
"""

from __future__ import annotations

from council_qa.answer import templates
from council_qa.answer.citations import cite_all, quoted
from council_qa.answer.context import Context
from council_qa.index.retriever import ChunkFilter
from council_qa.types import Answer, Citation, Clause, Document, Passage


def evidence(clause: Clause) -> list[Passage]:
    """The passages that show a clause's status: its verdict, or its progress report."""
    if clause.verdict is not None:
        return [clause.verdict]
    report = list(clause.report_passages)
    if len(report) <= 3:
        return report
    return [report[0], *report[-2:]]


def support(clause: Clause) -> list[Passage]:
    """What a staff member checks a status against: the clause's own text, the report, the
    verdict (long texts shortened to their beginning and end)."""
    report = [p for p in clause.report_passages if p != clause.verdict]
    return [*_ends(list(clause.text_passages)), *_ends(report), *evidence(clause)]


def _ends(passages: list[Passage], keep: int = 2) -> list[Passage]:
    return passages if len(passages) <= 2 * keep else [*passages[:keep], *passages[-keep:]]


def _candidates(ctx: Context, label: str) -> list[tuple[Document, Clause]]:
    """The newest memo's clause for each resolution that has the label."""
    seen: set[str | None] = set()
    out = []
    for info in ctx.memos(ctx.question.resolution):
        if not info.has_clause(label) or info.resolution in seen:
            continue
        doc = ctx.snap.documents[info.document_id]  # built only for a paper with the clause
        clause = doc.clause(label)
        if clause:
            seen.add(doc.resolution)
            out.append((doc, clause))
    return out


def _rank(ctx: Context, found: list[tuple[Document, Clause]]) -> list[tuple[Document, Clause]]:
    if len(found) < 2:
        return found
    subject = ctx.subject_resolution()
    if subject:
        chosen = [f for f in found if f[0].resolution == subject]
        if chosen:
            return chosen
    rows = ctx.retrieve(ChunkFilter(clause=found[0][1].label, visibility=ctx.visibility), top_k=len(found) * 3)
    order = [ctx.snap.chunks[r].document_id for r, _ in rows]
    return sorted(found, key=lambda f: order.index(f[0].document_id) if f[0].document_id in order else len(order))


def compose(ctx: Context, label: str) -> Answer | None:
    """None when no memo has the clause (the caller says what the documents do cover)."""
    found = _rank(ctx, _candidates(ctx, label))
    if not found:
        return None
    lang = ctx.question.language
    parts: list[str] = []
    citations: list[Citation] = []
    for doc, clause in found:
        cited = cite_all(ctx.snap, doc, support(clause), clause.label, ctx.ledger)
        shown = [c for c in cited if any(c.quote == p.text for p in evidence(clause))] or cited
        sentence = templates.status_sentence(
            clause.label, doc.resolution, clause.status, clause.verdict is not None, lang
        )
        parts.append(f"{sentence} {quoted(shown, lang)}".strip())
        citations.extend(cited)
    doc, clause = found[0]
    return Answer(
        answer="\n\n".join(parts),
        answerable=True,
        language=lang,
        resolution=doc.resolution,
        clause=clause.label,
        status=clause.status,
        citations=tuple(citations),
    )
