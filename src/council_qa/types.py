"""The value types that cross stage boundaries (ingest → index → answer → app/eval).

They are frozen so a stage can hand them on without defensive copies, and they serialise
to the JSON shapes of the project's contract (``shared/contract.md``) in one place.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

Status = Literal["fulfilled", "partially_fulfilled", "in_progress", "not_fulfilled", "obsolete", "unknown"]
STATUSES: tuple[Status, ...] = (
    "fulfilled",
    "partially_fulfilled",
    "in_progress",
    "not_fulfilled",
    "obsolete",
    "unknown",
)
Kind = Literal["beschlusskontrolle", "status_report", "resolution", "concept", "other"]
REPORTING_KINDS: tuple[Kind, ...] = ("beschlusskontrolle", "status_report")  # papers that report statuses
Visibility = Literal["public", "internal"]


@dataclass(frozen=True)
class OriginalFile:
    """A file as it was when read: where it is and the SHA-256 of the bytes that were read.

    The index keeps a copy of each PDF for the app's page images. It copies from ``path`` when
    it writes, because holding every PDF of a large ingest in memory would cost gigabytes for
    scans, and the hash proves the copy is of the bytes the text was extracted from.
    """

    path: Path
    sha256: str


@dataclass(frozen=True)
class RawDocument:
    """A file as read, before any cleaning: the text every offset in the project points into.

    ``page_starts`` holds the offset at which each real page begins (PDF pages); it is empty
    for formats without pages, whose pages are found from markers in the text.
    """

    source: str
    text: str
    page_starts: tuple[int, ...] = ()
    encoding: str = "utf-8"
    notes: tuple[str, ...] = ()
    pdf: OriginalFile | None = None  # the file, if a PDF: the app shows its pages


@dataclass(frozen=True)
class Passage:
    """A quotable unit (about a sentence) with its span in the original text."""

    text: str
    source_start: int
    source_end: int
    page: int


@dataclass(frozen=True)
class Field:
    """A header fact (date, signatory, ...) with the passage that states it."""

    value: str
    passage: Passage


@dataclass(frozen=True)
class Clause:
    """One numbered point of a resolution as a Beschlusskontrolle memo reports on it."""

    label: str
    resolution_text: str
    report: str
    status: Status
    pages: tuple[int, ...]
    source_start: int
    source_end: int
    verdict: Passage | None = None
    report_passages: tuple[Passage, ...] = ()
    text_passages: tuple[Passage, ...] = ()

    def contract_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "resolution_text": self.resolution_text,
            "report": self.report,
            "status": self.status,
            "pages": list(self.pages),
            "source_start": self.source_start,
            "source_end": self.source_end,
        }


@dataclass(frozen=True)
class RowReport:
    """One row of a tabular Beschlusskontrolle: a status report on the resolution its number
    cell names (not on the table paper's own number).

    A quarterly table reports on dozens of resolutions at once, one row each; read as one paper
    it would answer every question with the table's number and whole rows of pipes. As reports
    of their own, a row makes its resolution known to the index and answers its status with the
    status cell and the remark (the cell and the note below the table, "zu Nr. 3: ...").
    Offsets are into the original text, like every citable span.
    """

    resolution: str
    position: int  # the row's running number as printed
    subject: str
    status: Status
    status_text: str  # the status cell as printed ("teilweise erledigt (Ziff. 2 und 3)")
    source_start: int  # the row in the original text
    source_end: int
    pages: tuple[int, ...] = ()
    subject_passages: tuple[Passage, ...] = ()
    status_passages: tuple[Passage, ...] = ()
    remark_passages: tuple[Passage, ...] = ()
    clause: str | None = None  # the point the row is on, where the table lists a resolution by point

    def contract_json(self) -> dict[str, Any]:
        return {
            "resolution": self.resolution,
            "clause": self.clause,
            "position": self.position,
            "subject": self.subject,
            "status": self.status,
            "status_text": self.status_text,
            "pages": list(self.pages),
            "source_start": self.source_start,
            "source_end": self.source_end,
        }


ReferenceRole = Literal["reports_on", "amends", "supersedes", "cites"]


@dataclass(frozen=True)
class Reference:
    """Another paper this one names, and what it says of it where it says so."""

    number: str
    role: ReferenceRole


@dataclass(frozen=True)
class Document:
    """A parsed paper: its metadata, clauses and header facts.

    ``number`` is the paper's own number as printed in its header; ``resolution`` is the
    resolution its points belong to: the earlier one for a report on it ("Beschlusskontrolle
    zu A0251/21" under its own "Vorlage Nr.: 2023/0877"), else its own number.
    """

    document_id: str
    source: str
    kind: Kind
    resolution: str | None
    session: str | None
    date: str | None
    title: str | None
    signed_by: str | None
    next_review: str | None
    pages: int
    clauses: tuple[Clause, ...] = ()
    fields: dict[str, Field] = field(default_factory=dict)
    visibility: Visibility = "public"
    content_hash: str = ""
    number: str | None = None
    refers_to: tuple[Reference, ...] = ()
    rows: tuple[RowReport, ...] = ()  # a tabular Beschlusskontrolle's reports, one a resolution

    def clause(self, label: str) -> Clause | None:
        return next((c for c in self.clauses if c.label == label), None)

    def row(self, resolution: str, clause: str | None = None) -> RowReport | None:
        """The row on ``resolution`` (on its point ``clause`` where the table lists points; a
        row on the whole resolution answers for any point)."""
        mine = [r for r in self.rows if r.resolution == resolution]
        return next((r for r in mine if r.clause == clause), None) or next((r for r in mine if r.clause is None), None)

    def point_rows(self, resolution: str) -> tuple[RowReport, ...]:
        """The rows on single points of ``resolution``, in table order."""
        return tuple(r for r in self.rows if r.resolution == resolution and r.clause is not None)

    def info(self) -> DocumentInfo:
        return DocumentInfo(
            document_id=self.document_id,
            source=self.source,
            kind=self.kind,
            resolution=self.resolution,
            date=self.date,
            title=self.title,
            visibility=self.visibility,
            labels=tuple(c.label for c in self.clauses),
            fields=self.fields,
            number=self.number,
            rows=tuple(dict.fromkeys(r.resolution for r in self.rows)),
        )

    def contract_json(self) -> dict[str, Any]:
        return {
            "document_id": self.document_id,
            "source": self.source,
            "kind": self.kind,
            "resolution": self.resolution,
            "session": self.session,
            "date": self.date,
            "title": self.title,
            "signed_by": self.signed_by,
            "next_review": self.next_review,
            "pages": self.pages,
            "visibility": self.visibility,
            "number": self.number,
            "refers_to": [{"number": r.number, "role": r.role} for r in self.refers_to],
            "clauses": [c.contract_json() for c in self.clauses],
            "rows": [r.contract_json() for r in self.rows],
        }


@dataclass(frozen=True)
class DocumentInfo:
    """A document without its clauses' texts: what listings, subjects and header facts need.

    An index of 12,000 papers holds ~500,000 passages; building them all took most of a cold
    start, and a question reads the clauses of a handful of papers. So the index lists papers
    by these and builds a whole ``Document`` only when one is opened.
    """

    document_id: str
    source: str
    kind: Kind
    resolution: str | None
    date: str | None
    title: str | None
    visibility: Visibility
    labels: tuple[str, ...]  # the clause labels, in document order
    fields: dict[str, Field] = field(default_factory=dict)
    number: str | None = None  # the paper's own number (see Document)
    rows: tuple[str, ...] = ()  # the resolutions its table rows report on (see RowReport)

    def has_clause(self, label: str) -> bool:
        return label in self.labels


ChunkKind = Literal["clause", "header", "closing", "text", "row"]  # "row": a table row (RowReport)


@dataclass(frozen=True)
class Chunk:
    """A retrieval unit: a clause, the memo header, or a window of sentences of a long text."""

    chunk_id: str
    document_id: str
    source: str
    kind: ChunkKind
    text: str
    passages: tuple[Passage, ...]
    resolution: str | None = None
    clause: str | None = None
    section: str | None = None
    visibility: Visibility = "public"

    @property
    def pages(self) -> tuple[int, ...]:
        return tuple(sorted({p.page for p in self.passages}))

    @property
    def source_start(self) -> int:
        return self.passages[0].source_start

    @property
    def source_end(self) -> int:
        return self.passages[-1].source_end


@dataclass(frozen=True)
class Citation:
    source: str
    document_id: str
    resolution: str | None
    page: int
    clause: str | None
    quote: str
    source_start: int
    source_end: int

    def contract_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Answer:
    answer: str
    answerable: bool
    language: Literal["de", "en"]
    resolution: str | None = None
    clause: str | None = None
    status: Status | None = None
    citations: tuple[Citation, ...] = ()
    # Citations the answer proposed and the span check dropped (not in the contract's JSON):
    # ``eval`` counts them, since a dropped citation never shows.
    citations_proposed: int = 0
    citations_dropped: int = 0

    def contract_json(self) -> dict[str, Any]:
        return {
            "answer": self.answer,
            "answerable": self.answerable,
            "language": self.language,
            "resolution": self.resolution,
            "clause": self.clause,
            "status": self.status,
            "citations": [c.contract_json() for c in self.citations],
        }
