"""Papers that speak of several resolutions, one block each, as reports on each.

Minutes hold many agenda items, each with its own decision number and points (formats.md:
"Niederschrift / Beschlussprotokoll"); a Beschlusskontrolle may list its resolutions one block
after another instead of in a table. Filed under one number, every other resolution's points
were lost to the questions that name it. Here each block's points (or, where it has none, its
verdict) become ``RowReport``s on the block's resolution, as a table's rows do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from council_qa.ingest import papernumbers, tables
from council_qa.ingest import status as status_rules
from council_qa.ingest.clauses import parse_region
from council_qa.ingest.clean import CleanText
from council_qa.ingest.passages import make_passage, passages
from council_qa.types import Clause, Passage, RowReport, Status

# A block's first line: an agenda item ("TOP 5", "Tagesordnungspunkt 3"), a decision number
# ("Beschluss Nr.: RBV-2208/14", formats.md) or a memo's "Vorgang", after markup (">>", "##", "**").
_START = re.compile(
    r"^[ \t>#*]*(?:TOP\b|Tagesordnungspunkt\b|Vorgang\b|Beschluss[- ]?(?:Nr\b|Nummer\b)|Beschlussnummer\b)",
    re.MULTILINE | re.IGNORECASE,
)
_VOTE = re.compile(r"^[ \t*]*Abstimmung(?:sergebnis)?\b[^\n]*", re.MULTILINE | re.IGNORECASE)
# "Label: value" on a line of its own with a short value: a status cell written as a field
_FIELD = re.compile(r"^[ \t]*[A-ZÄÖÜ][\w-]{2,30}[ \t]*:[ \t]*(?P<value>[^\n]{2,40})$", re.MULTILINE)
MIN_RESOLUTIONS = 2  # a paper on one resolution keeps its clauses


@dataclass(frozen=True)
class Block:
    number: str
    start: int  # cleaned offsets: the block's first line, the line after it, the next block
    body: int
    end: int


def find_blocks(text: str) -> list[Block]:
    """The blocks that name a paper number before their first point; the others (an agenda
    list's lines, an item without a number) are no resolution's."""
    starts = [m.start() for m in _START.finditer(text)]
    out = []
    for start, next_start in zip(starts, [*starts[1:], len(text)], strict=False):
        line_end = text.find("\n", start, next_start)
        body = next_start if line_end == -1 else line_end + 1
        # a decision ends with its vote; what follows the last item's vote is the session's end
        vote = _VOTE.search(text, body, next_start)
        end = next_start if vote is None else vote.end()
        found = papernumbers.find_all(text, start, end)
        if found:
            out.append(Block(found[0].number, start, body, end))
    return out


def block_reports(clean: CleanText, original: str) -> tuple[RowReport, ...]:
    """Each block's points as reports on its resolution; none unless the paper speaks of at
    least ``MIN_RESOLUTIONS`` resolutions so."""
    reports: list[RowReport] = []
    for block in find_blocks(clean.text):
        clauses = parse_region(clean, original, block.body, block.end)
        if clauses:
            reports.extend(_from_clause(block.number, len(reports) + 1, c) for c in clauses)
        elif verdict := _verdict(clean, original, block):
            reports.append(verdict)
    if len({r.resolution for r in reports}) < MIN_RESOLUTIONS:
        return ()
    return tuple(reports)


def _from_clause(number: str, position: int, clause: Clause) -> RowReport:
    verdict = (clause.verdict,) if clause.verdict else ()
    return RowReport(
        resolution=number,
        clause=clause.label,
        position=position,
        subject=clause.resolution_text,
        status=clause.status,
        status_text=clause.verdict.text if clause.verdict else "",
        source_start=clause.source_start,
        source_end=clause.source_end,
        pages=clause.pages,
        subject_passages=clause.text_passages,
        status_passages=verdict,
        remark_passages=tuple(p for p in clause.report_passages if p not in verdict),
    )


def _verdict(clean: CleanText, original: str, block: Block) -> RowReport | None:
    """A block with no points that states a status: in fields as a table would in its status
    cell ("Stand: erledigt"), or in verdict sentences. Superseded wins (done by replacement,
    formats.md); done beside not done is partial; else the last one stated."""
    body = passages(clean, original, block.body, block.end)
    stated: list[tuple[Status, Passage]] = [
        (tables.cell_status(m["value"]), make_passage(clean, m.start(), m.end()))
        for m in _FIELD.finditer(clean.text, block.body, block.end)
    ]
    stated += [(s, p) for p in body if (s := status_rules.verdict_status(p.text))]
    stated = sorted(((s, p) for s, p in stated if s != "unknown"), key=lambda sp: sp[1].source_start)
    if not stated:
        return None
    said = {s for s, _ in stated}
    status, verdict = next(((s, p) for s, p in stated if s == "obsolete"), stated[-1])
    if status != "obsolete" and "fulfilled" in said and said & {"not_fulfilled", "in_progress"}:
        status = "partially_fulfilled"
    start, end = clean.mapped.span(block.start, block.end)
    return RowReport(
        resolution=block.number,
        position=0,
        subject=clean.text[block.start : block.body].strip(" \t\n>#*"),
        status=status,
        status_text=verdict.text,
        source_start=start,
        source_end=end,
        pages=tuple(sorted({p.page for p in body})),
        status_passages=(verdict,),
        remark_passages=tuple(p for p in body if not verdict.source_start <= p.source_start < verdict.source_end),
    )
