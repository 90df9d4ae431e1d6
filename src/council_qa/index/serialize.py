"""Documents to JSON and back, for the index on disk (chunks are stored column-wise: ``columns``)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from council_qa.types import Clause, Document, DocumentInfo, Field, Passage, Reference


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
    rest = {k: v for k, v in d.items() if k not in ("clauses", "fields", "refers_to")}
    refers_to = tuple(Reference(**r) for r in d.get("refers_to", ()))
    return Document(**rest, clauses=clauses, fields=_fields(d["fields"]), refers_to=refers_to)


def info_to_json(info: DocumentInfo) -> dict[str, Any]:
    return asdict(info)


def info_from_json(d: dict[str, Any]) -> DocumentInfo:
    rest = {k: v for k, v in d.items() if k not in ("labels", "fields")}
    return DocumentInfo(**rest, labels=tuple(d["labels"]), fields=_fields(d["fields"]))
