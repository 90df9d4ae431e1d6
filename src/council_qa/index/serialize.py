"""Documents to JSON and back, for the index on disk (chunks are stored column-wise: ``columns``)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from council_qa.types import Clause, Document, DocumentInfo, Field, Passage, Reference, RowReport


def _passage(d: dict[str, Any] | None) -> Passage | None:
    return Passage(**d) if d else None


def _passages(items: list[dict[str, Any]]) -> tuple[Passage, ...]:
    return tuple(Passage(**p) for p in items)


def _fields(d: dict[str, Any]) -> dict[str, Field]:
    return {k: Field(f["value"], Passage(**f["passage"])) for k, f in d.items()}


def document_to_json(doc: Document) -> dict[str, Any]:
    return asdict(doc)


def document_from_json(d: dict[str, Any]) -> Document:
    clauses = tuple(
        Clause(
            **{k: v for k, v in c.items() if k not in ("pages", "verdict", "report_passages", "text_passages")},
            pages=tuple(c["pages"]),
            verdict=_passage(c["verdict"]),
            report_passages=_passages(c["report_passages"]),
            text_passages=_passages(c["text_passages"]),
        )
        for c in d["clauses"]
    )
    rest = {k: v for k, v in d.items() if k not in ("clauses", "fields", "refers_to", "rows")}
    refers_to = tuple(Reference(**r) for r in d.get("refers_to", ()))
    # "rows" (a tabular Beschlusskontrolle's reports) came later: an index written before has none
    rows = tuple(_row(r) for r in d.get("rows", ()))
    return Document(**rest, clauses=clauses, fields=_fields(d["fields"]), refers_to=refers_to, rows=rows)


def _row(d: dict[str, Any]) -> RowReport:
    cells = ("pages", "subject_passages", "status_passages", "remark_passages")
    return RowReport(
        **{k: v for k, v in d.items() if k not in cells},
        pages=tuple(d["pages"]),
        subject_passages=_passages(d["subject_passages"]),
        status_passages=_passages(d["status_passages"]),
        remark_passages=_passages(d["remark_passages"]),
    )


def info_to_json(info: DocumentInfo) -> dict[str, Any]:
    return asdict(info)


def info_from_json(d: dict[str, Any]) -> DocumentInfo:
    rest = {k: v for k, v in d.items() if k not in ("labels", "fields", "rows")}
    rows = tuple(d.get("rows", ()))  # absent in an index written before rows were reports
    return DocumentInfo(**rest, labels=tuple(d["labels"]), fields=_fields(d["fields"]), rows=rows)
