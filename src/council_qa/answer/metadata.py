"""Header facts: the memo's date, signatory, session, title and the next review date."""

from __future__ import annotations

from council_qa.answer import templates
from council_qa.answer.citations import cite, quoted
from council_qa.answer.context import Context
from council_qa.index.retriever import ChunkFilter
from council_qa.types import Answer, DocumentInfo

_LEAD = {
    "de": {
        "date": "Die Beschlusskontrolle zu {r} ist auf den {v} datiert.",
        "signed_by": "Unterzeichnet hat {v}.",
        "session": "Die Sitzungsnummer des Beschlusses {r} lautet {v}.",
        "next_review": "Die nächste Beschlusskontrolle zu {r} ist für den {v} vorgesehen.",
        "title": "{r} trägt den Titel „{v}“.",
    },
    "en": {
        "date": "The memo on {r} is dated {v}.",
        "signed_by": "It was signed by {v}.",
        "session": "The session number of resolution {r} is {v}.",
        "next_review": "The next review of {r} is due on {v}.",
        "title": "{r} is titled „{v}“.",
    },
}


def _document(ctx: Context, field: str) -> DocumentInfo | None:
    q = ctx.question
    resolution = q.resolution or ctx.subject_resolution()
    docs = [d for d in ctx.documents() if field in d.fields and (resolution is None or d.resolution == resolution)]
    if len(docs) <= 1 or resolution:
        return docs[0] if docs else None
    rows = ctx.retrieve(ChunkFilter(visibility=ctx.visibility), top_k=5)
    for row, _ in rows:
        doc_id = ctx.snap.chunks[row].document_id
        match = next((d for d in docs if d.document_id == doc_id), None)
        if match:
            return match
    return docs[0]


def compose(ctx: Context) -> Answer | None:
    q = ctx.question
    assert q.meta is not None
    doc = _document(ctx, q.meta)
    if doc is None:
        return None
    field = doc.fields[q.meta]
    citation = cite(ctx.snap, doc, field.passage, None, ctx.ledger)
    if citation is None:
        return None
    value = field.value
    if q.meta in ("date", "next_review"):
        value = templates.long_date(value, q.language)
    text = _LEAD[q.language][q.meta].format(r=doc.resolution or doc.source, v=value)
    return Answer(
        answer=f"{text} {quoted([citation], q.language)}",
        answerable=True,
        language=q.language,
        resolution=doc.resolution,
        citations=(citation,),
    )
