"""Status answers from the rows of tabular Beschlusskontrollen.

A row is a status report on the resolution its number cell names: its status cell says where
the resolution stands, its remark (and the note below the table) why. The newest table with a
row on the resolution stands; an earlier table that said otherwise is named as its history, as
for clause-by-clause reports (``status``). Where the resolution's own paper is indexed and a
point of it is asked about, that paper gives the point's text and the row the status.
"""

from __future__ import annotations

from dataclasses import replace

from council_qa.answer import templates
from council_qa.answer.citations import cite_all, quoted
from council_qa.answer.context import Context
from council_qa.answer.question import Language
from council_qa.types import REPORTING_KINDS, Answer, Citation, Clause, Document, Passage, RowReport


def reports(ctx: Context, resolution: str, label: str | None = None) -> list[tuple[Document, RowReport]]:
    """The rows on ``resolution`` (its point ``label``, where a table lists points), newest table
    first (each table opened only when it has one)."""
    out = []
    for info in ctx.tables(resolution):
        doc = ctx.snap.documents[info.document_id]
        row = doc.row(resolution, label)
        if row is not None:
            out.append((doc, row))
    return out


def stands(ctx: Context, resolution: str, label: str | None) -> bool:
    """Does a table row give this resolution's status? Not where a clause-by-clause report on the
    asked point is newer than the newest table (that report is more specific and more recent)."""
    tables = ctx.tables(resolution)
    if not tables:
        return False
    newest = tables[0].date or ""
    memos = [d for d in ctx.memos(resolution) if d.kind in REPORTING_KINDS and (label is None or d.has_clause(label))]
    return not any((d.date or "") > newest for d in memos)


def evidence(row: RowReport) -> list[Passage]:
    """What shows a row's status: the status cell, then the remark and the note."""
    return [*row.status_passages, *row.remark_passages]


def compose(ctx: Context, resolution: str, label: str | None = None) -> Answer | None:
    """The status the newest row on ``resolution`` gives, cited; with the asked point's text
    from the resolution's own paper where it is indexed. None without a row."""
    found = reports(ctx, resolution, label)
    if not found:
        return None
    lang = ctx.question.language
    doc, row = found[0]
    if label is None and doc.point_rows(resolution):
        return _points(ctx, doc, resolution)
    said, cited = _said(ctx, doc, row)
    parts = [said]
    history = _history(found, lang)
    if history:
        parts.append(history)
    citations = list(cited)
    clause = _clause(ctx, resolution, label) if label else None
    if clause is not None:
        owner, point = clause
        text = cite_all(ctx.snap, owner, list(point.text_passages), point.label, ctx.ledger)
        if text:
            lead = f"{templates.clause_text_lead(point.label, resolution, lang)} {quoted(text, lang)}"
            parts.insert(0, lead)
            citations.extend(text)
    return Answer(
        answer=" ".join(p for p in parts if p).strip(),
        answerable=True,
        language=lang,
        resolution=resolution,
        clause=clause[1].label if clause else row.clause,
        status=row.status,
        citations=tuple(citations),
    )


def _points(ctx: Context, doc: Document, resolution: str) -> Answer:
    """A resolution the newest table lists point by point, asked as a whole: each point's row."""
    lang = ctx.question.language
    parts, citations = [], []
    for row in doc.point_rows(resolution):
        said, cited = _said(ctx, doc, row)
        parts.append(said)
        citations.extend(cited)
    return Answer(
        answer=" ".join(parts),
        answerable=True,
        language=lang,
        resolution=resolution,
        citations=tuple(citations),
    )


def _said(ctx: Context, doc: Document, row: RowReport) -> tuple[str, list[Citation]]:
    """What one row says, quoted: its status (of the resolution or of its point) and the cells
    that show it, cited as the row's resolution's evidence from the table paper (its source)."""
    lang = ctx.question.language
    passages = evidence(row) or list(row.subject_passages)
    cited = [replace(c, resolution=row.resolution) for c in cite_all(ctx.snap, doc, passages, None, ctx.ledger)]
    sentence = templates.row_status_sentence(
        row.resolution, row.subject, row.status, _name(doc, lang), lang, row.clause
    )
    return f"{sentence} {quoted(cited, lang)}".strip(), cited


def _clause(ctx: Context, resolution: str, label: str) -> tuple[Document, Clause] | None:
    """The asked point in the resolution's own paper (which holds its text), if indexed."""
    for info in ctx.memos(resolution):
        if info.has_clause(label):
            doc = ctx.snap.documents[info.document_id]
            point = doc.clause(label)
            if point is not None and point.text_passages:
                return doc, point
    return None


def _history(found: list[tuple[Document, RowReport]], lang: Language) -> str:
    """Where several tables list the resolution: the newest stands; the earlier one is named with
    what it said (the latest that said otherwise, else the one just before)."""
    if len(found) < 2:
        return ""
    doc, row = found[0]
    earlier = next(((d, r) for d, r in found[1:] if r.status != row.status), found[1])
    return templates.report_history(_name(doc, lang), _name(earlier[0], lang), earlier[1].status, None, lang)


def _name(doc: Document, lang: Language) -> str:
    return templates.paper_name(doc.number, doc.source, doc.date, lang)
