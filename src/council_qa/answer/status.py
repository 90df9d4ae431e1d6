"""Status questions: the clause's status from the memo's structure, with its own verdict quoted.

Never a neighbour's verdict: a clause with a progress report and no verdict is reported as
"not reported as fulfilled", quoting the report.
"""

from __future__ import annotations

from typing import NamedTuple

from council_qa.answer import templates
from council_qa.answer.citations import cite_all, quoted
from council_qa.answer.context import Context
from council_qa.answer.question import Language
from council_qa.index.retriever import ChunkFilter
from council_qa.ingest import status as status_rules
from council_qa.types import REPORTING_KINDS, Answer, Citation, Clause, Document, Passage


def evidence(clause: Clause) -> list[Passage]:
    """The passages that show a clause's status: its verdict, or its progress report."""
    if clause.verdict is not None:
        return [clause.verdict]
    report = [p for p in clause.report_passages if not status_rules.is_decision_outcome(p.text)]
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


class Found(NamedTuple):
    """The report a status is read from, and the other reports on the same point."""

    document: Document
    clause: Clause
    older: list[tuple[Document, Clause]]
    newer: list[tuple[Document, Clause]]  # later reports that only said "unverändert"


def _candidates(ctx: Context, label: str) -> list[Found]:
    """For each resolution that has the label: the newest report's clause (a report that only
    says "unverändert" leaves the one before it standing), and the older reports on it."""
    groups: dict[str | None, list[tuple[Document, Clause]]] = {}
    for info in ctx.memos(ctx.question.resolution):
        if not info.has_clause(label):
            continue
        group = groups.setdefault(info.resolution, [])
        if group and (info.kind not in REPORTING_KINDS or group[0][0].kind not in REPORTING_KINDS):
            continue  # the resolution's own paper only where no report has the clause
        doc = ctx.snap.documents[info.document_id]  # built only for a paper with the clause
        clause = doc.clause(label)
        if clause:
            group.append((doc, clause))
    out = []
    for group in groups.values():
        if not group:
            continue
        standing = next((i for i, (_, c) in enumerate(group) if not status_rules.unchanged(c.report_passages)), 0)
        doc, clause = group[standing]
        out.append(Found(doc, clause, group[standing + 1 :], group[:standing]))
    return out


def _history(found: Found, lang: Language) -> str:
    """Which report the status comes from, where more than one reported on the point, a newer one
    that only confirmed it, and the earlier report that said otherwise (the newest stands; the
    others are its history)."""
    doc, clause = found.document, found.clause
    if not (found.older or found.newer) or doc.kind not in REPORTING_KINDS:
        return ""
    confirmed = found.newer[0][0] if found.newer else None
    differing = next(((d, c) for d, c in found.older if d.kind in REPORTING_KINDS and c.status != clause.status), None)
    return templates.report_history(
        _name(doc, lang),
        _name(differing[0], lang) if differing else None,
        differing[1].status if differing else None,
        _name(confirmed, lang) if confirmed else None,
        lang,
    )


def _name(doc: Document, lang: Language) -> str:
    return templates.paper_name(doc.number, doc.source, doc.date, lang)


def _rank(ctx: Context, found: list[Found]) -> list[Found]:
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
    for item in found:
        doc, clause = item.document, item.clause
        cited = cite_all(ctx.snap, doc, support(clause), clause.label, ctx.ledger)
        shown = [c for c in cited if any(c.quote == p.text for p in evidence(clause))] or cited
        sentence = templates.status_sentence(
            clause.label, doc.resolution, clause.status, clause.verdict is not None, lang
        )
        history = _history(item, lang)
        parts.append(" ".join(x for x in (sentence, quoted(shown, lang), history) if x).strip())
        citations.extend(cited)
    doc, clause = found[0].document, found[0].clause
    return Answer(
        answer="\n\n".join(parts),
        answerable=True,
        language=lang,
        resolution=doc.resolution,
        clause=clause.label,
        status=clause.status,
        citations=tuple(citations),
    )
