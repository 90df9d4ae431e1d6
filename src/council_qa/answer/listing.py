"""List questions ("Welche Beschlusspunkte sind noch nicht erfüllt?"): every matching clause,
each with its status and the passage that shows it; nothing fulfilled in a list of open ones."""

from __future__ import annotations

from council_qa.answer import templates
from council_qa.answer.citations import cite_all
from council_qa.answer.context import Context
from council_qa.answer.status import support
from council_qa.types import STATUSES, Answer, Citation, Clause

_KEEP: dict[str, frozenset[str]] = {
    "open": frozenset({"in_progress", "partially_fulfilled", "not_fulfilled", "unknown"}),
    "not_fulfilled": frozenset(STATUSES) - {"fulfilled"},
    "fulfilled": frozenset({"fulfilled"}),
    "all": frozenset(STATUSES),
}
_HEAD = {
    "de": {"open": "Noch offen", "not_fulfilled": "Nicht erfüllt", "fulfilled": "Erfüllt", "all": "Beschlusspunkte"},
    "en": {"open": "Still open", "not_fulfilled": "Not fulfilled", "fulfilled": "Fulfilled", "all": "Clauses"},
}


def compose(ctx: Context) -> Answer:
    q = ctx.question
    lang = q.language
    wanted = q.list_filter or "all"
    resolution = q.resolution or ctx.subject_resolution()
    memos = ctx.memos(resolution)
    seen: set[str | None] = set()
    lines: list[str] = []
    citations: list[Citation] = []
    for info in memos:
        if info.resolution in seen:
            continue
        seen.add(info.resolution)
        doc = ctx.snap.documents[info.document_id]
        chosen: list[Clause] = [c for c in doc.clauses if c.status in _KEEP[wanted]]
        if not chosen:
            none = "keine" if lang == "de" else "none"
            lines.append(f"{_HEAD[lang][wanted]} ({doc.resolution}): {none}.")
            continue
        items = []
        for clause in chosen:
            cited = cite_all(ctx.snap, doc, support(clause), clause.label, ctx.ledger)
            citations.extend(cited)
            items.append(f"{clause.label} ({templates.STATUS_WORDS[lang][clause.status]})")
        lines.append(f"{_HEAD[lang][wanted]} ({doc.resolution}): " + ", ".join(items) + ".")
    if not lines:
        return Answer(templates.NOT_FOUND[lang], False, lang)
    return Answer(
        answer="\n".join(lines),
        answerable=True,
        language=lang,
        resolution=resolution if resolution else (memos[0].resolution if len(seen) == 1 else None),
        citations=tuple(citations),
    )
