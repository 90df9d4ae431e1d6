"""From cleaned text to a Document: kind, header facts, clauses, visibility."""

from __future__ import annotations

import hashlib
import re

from council_qa.ingest import clauses as clause_parser
from council_qa.ingest import papernumbers
from council_qa.ingest.blocks import block_reports
from council_qa.ingest.clean import CleanText
from council_qa.ingest.header import parse_header
from council_qa.ingest.rows import row_reports
from council_qa.types import Document, Kind, Visibility

_TICKED = re.compile(
    r"(?:☒|■|⊠|☑|✗|✘|\[\s*[xX]\s*\]|\(\s*[xX]\s*\))\s*(?:vertraulich|nicht\s*öffentlich|nichtöffentlich)",
    re.IGNORECASE,
)
_NONPUBLIC_HEAD = re.compile(r"^\s*(?:VERTRAULICH|NICHTÖFFENTLICH|NICHT ÖFFENTLICH)\s*$", re.MULTILINE)
# A paper that reports on an earlier resolution (formats.md: Sachstandsbericht, Berichtsvorlage,
# Zwischenbericht, Mitteilung, Informationsvorlage): its numbered answers are that resolution's points.
_REPORT = re.compile(
    r"Sachstand|Zwischenbericht|Schlussbericht|Berichtsvorlage|Mitteilungsvorlage|Informationsvorlage|"
    r"Mitteilung\s+der\s+Verwaltung|Bericht\s+des\s+Magistrats|Geschäftliche\s+Mitteilung|S\s?A\s?C\s?H\s?S\s?T\s?A\s?N\s?D",
    re.IGNORECASE,
)
_NOT_OWN_LINE = re.compile(r"\||\b(?:PDF|DOCX?|XLSX?|ODT)\b|Dokument\s*$")
_FILE_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")


def document_id(text: str) -> str:
    """Content-hash id: the same text is the same document, whatever the file is called."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def detect_visibility(original: str) -> Visibility:
    head = original[:3000]
    return "internal" if _TICKED.search(head) or _NONPUBLIC_HEAD.search(head) else "public"


def detect_kind(text: str, has_clauses: bool, pages: int, first_clause: int | None = None) -> Kind:
    """What sort of paper this is, from its first page: a memo on a resolution, the resolution
    itself, a long concept or report (whose numbered headings are no clauses), or other.

    A report names itself before its points; "ein Zwischenbericht ist vorzulegen" inside a
    resolution's point 3 does not make the resolution a report."""
    head = text[:3000]
    if has_clauses and re.search(r"Beschlusskontrolle", head, re.IGNORECASE):
        return "beschlusskontrolle"
    # The Beratungsfolge table's results ("mit Zwischenbericht zur Kenntnis genommen") and the
    # attachment labels ("Schlussbericht (erledigt 10.04.24) PDF-Dokument") are the paper's
    # history, not what kind of paper it is.
    own_head = head[: min(1500, first_clause if first_clause is not None else 1500)]
    own_head = "\n".join(line for line in own_head.splitlines() if not _NOT_OWN_LINE.search(line))
    if has_clauses and _REPORT.search(own_head):
        return "status_report"
    # "Der Gemeinderat beauftragt die Verwaltung, ..." and a motion's "möge beschließen" decide as
    # much as "beschließt", and so does an agenda item's result (formats.md: "Beschluss:" with
    # the decided points, "Abstimmung: Ja: 31, ...")
    decides = re.search(
        r"beschlie(?:ß|ss)t|Beschlussvorschlag|Beschlusstext|beschlossene\s+Fassung|\bbeauftragt\b"
        r"|möge\s+beschlie(?:ß|ss)en|^[ \t*]*Beschluss[ \t*]*:|^[ \t*]*Abstimmung(?:sergebnis)?[ \t*]*:",
        head,
        re.MULTILINE,
    )
    if not decides and re.search(r"Konzept|Konzeption|Entwicklungsplan|Bericht|Leitlinie", head[:600]):
        return "concept"
    if has_clauses and decides:
        return "resolution"
    return "concept" if pages >= 5 else "other"


def build_document(source: str, original: str, clean: CleanText, visibility: Visibility | None = None) -> Document:
    clauses, first_clause, closing = clause_parser.parse_clauses(clean, original)
    header_end = first_clause if first_clause is not None else min(len(clean.text), 2500)
    fields = parse_header(clean, original, header_end, closing)
    kind = detect_kind(clean.text, bool(clauses), clean.pages.count, first_clause)
    if kind in ("concept", "other"):
        # Numbered headings of a report are not clauses of a resolution.
        clauses = []
        fields = {k: v for k, v in fields.items() if k not in ("signed_by", "next_review")}
    date = fields["date"].value if "date" in fields else None
    if date is None and (m := _FILE_DATE.match(source)):
        date = m.group(1)
    value = {k: f.value for k, f in fields.items()}
    own = papernumbers.own_number(clean.text)
    number = own.number if own else None
    refers_to = papernumbers.references(clean.text, number)
    # The resolution a paper's points belong to: the one a report reports on, else its own.
    resolution = papernumbers.reported_on(clean.text, refers_to) or number or value.get("resolution")
    rows = row_reports(clean, original)
    if rows:
        # A tabular Beschlusskontrolle reports on one resolution a row: none of them is the
        # paper's, and the notes below the table ("zu Nr. 3") are rows, not points of one.
        kind, clauses, resolution = "beschlusskontrolle", [], number or resolution
    elif rows := block_reports(clean, original):
        # Minutes, or a memo with a block per resolution: the points are each block's own, and
        # the paper is none of theirs (the first number it reports on is no more its own).
        kind, clauses, resolution = "beschlusskontrolle", [], number
    return Document(
        document_id=document_id(original),
        source=source,
        kind=kind,
        resolution=resolution,
        session=value.get("session"),
        date=date,
        title=value.get("title"),
        signed_by=value.get("signed_by"),
        next_review=value.get("next_review"),
        pages=clean.pages.count,
        clauses=tuple(clauses),
        fields=fields,
        visibility=visibility or detect_visibility(original),
        content_hash=hashlib.sha256(original.encode("utf-8")).hexdigest(),
        number=number,
        refers_to=refers_to,
        rows=rows,
    )
