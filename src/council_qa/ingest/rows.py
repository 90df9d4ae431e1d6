"""A tabular Beschlusskontrolle's rows as status reports, with citable passages.

``tables`` reads the rows from the cleaned text; here each row with a paper number becomes a
``RowReport`` whose cells are passages with spans in the original text, so the answerer can
quote the status cell and the remark as it quotes a memo's verdict.
"""

from __future__ import annotations

from council_qa.ingest import tables
from council_qa.ingest.clean import CleanText
from council_qa.ingest.passages import make_passage, passages
from council_qa.types import Passage, RowReport

MIN_ROWS = 2  # a paper with fewer numbered rows is no tabular Beschlusskontrolle


def row_reports(clean: CleanText, original: str) -> tuple[RowReport, ...]:
    """The rows of the paper's table that name a resolution; none below ``MIN_ROWS``."""
    rows = [r for r in tables.parse_rows(clean.text) if r.number]
    if len(rows) < MIN_ROWS:
        return ()
    return tuple(_report(clean, original, r) for r in rows if r.number)


def _report(clean: CleanText, original: str, row: tables.Row) -> RowReport:
    assert row.number is not None
    start, end = clean.mapped.span(row.start, row.end)
    remark: list[Passage] = []
    for a, b in row.remark_spans:
        # a note below the table may run over several sentences and lines: quoted by sentence
        remark.extend(passages(clean, original, a, b) if b - a > 0 else ())
    return RowReport(
        resolution=row.number,
        clause=row.clause,
        position=row.position,
        subject=row.subject,
        status=row.status,
        status_text=row.status_text,
        source_start=start,
        source_end=end,
        pages=tuple(sorted({clean.page_of(row.start), *(p.page for p in remark)})),
        subject_passages=_cells(clean, row.subject_spans),
        status_passages=_cells(clean, row.status_spans),
        remark_passages=tuple(remark),
    )


def _cells(clean: CleanText, spans: tuple[tables.Span, ...]) -> tuple[Passage, ...]:
    return tuple(make_passage(clean, a, b) for a, b in spans if b > a)
