"""The indexed documents on disk, opened lazily.

``documents.jsonl`` holds every document whole, a line each; ``catalogue.jsonl`` holds, per
document, its ``DocumentInfo`` and where its line lies. Opening an index reads only the
catalogue: at 12,000 papers, building every document's ~40 passages took 2-3 s of each cold
start, while a question opens the clauses of a few papers. A document is built from its line
when it is asked for, and the last ``CACHED`` built are kept.
"""

from __future__ import annotations

import json
import mmap
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from types import TracebackType

from council_qa.index.serialize import document_from_json, document_to_json, info_from_json, info_to_json
from council_qa.types import Document, DocumentInfo

DOCUMENTS = "documents.jsonl"
CATALOGUE = "catalogue.jsonl"
CACHED = 4096


class ShelfError(RuntimeError):
    """The documents file does not match its catalogue (a damaged or half-copied index)."""


class Shelf(Mapping[str, Document]):
    """document_id → Document, built on first access; ``infos`` lists them without building."""

    def __init__(self, infos: dict[str, DocumentInfo], spans: dict[str, tuple[int, int]], data: bytes | mmap.mmap):
        self.infos = infos
        self._spans = spans
        self._data = data
        self._build = lru_cache(maxsize=CACHED)(self._parse)

    @classmethod
    def empty(cls) -> Shelf:
        return cls({}, {}, b"")

    @classmethod
    def open(cls, folder: Path) -> Shelf:
        """Reads the catalogue and maps the documents file; raises ``ShelfError`` when the two
        disagree, ``json.JSONDecodeError`` when the catalogue is not JSON."""
        infos: dict[str, DocumentInfo] = {}
        spans: dict[str, tuple[int, int]] = {}
        with open(folder / CATALOGUE, encoding="utf-8") as fh:
            for line in fh:
                entry = json.loads(line)
                info = info_from_json(entry["info"])
                infos[info.document_id] = info
                spans[info.document_id] = (entry["offset"], entry["length"])
        size = (folder / DOCUMENTS).stat().st_size
        end = max((a + n for a, n in spans.values()), default=0)
        if end != size:
            raise ShelfError(f"{folder / DOCUMENTS}: {size} bytes, its catalogue says {end}")
        if not size:
            return cls(infos, spans, b"")
        with open(folder / DOCUMENTS, "rb") as fh:
            return cls(infos, spans, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ))

    def _parse(self, document_id: str) -> Document:
        offset, length = self._spans[document_id]
        return document_from_json(json.loads(self._data[offset : offset + length]))

    def __getitem__(self, document_id: str) -> Document:
        if document_id not in self._spans:
            raise KeyError(document_id)
        return self._build(document_id)

    def __iter__(self) -> Iterator[str]:
        return iter(self.infos)

    def __len__(self) -> int:
        return len(self.infos)


class ShelfWriter:
    """Writes both files of a shelf, a document at a time (the large benchmark streams 100,000s)."""

    def __init__(self, folder: Path) -> None:
        self._documents = open(folder / DOCUMENTS, "wb")  # noqa: SIM115 - closed in close()
        self._catalogue = open(folder / CATALOGUE, "w", encoding="utf-8")  # noqa: SIM115
        self._offset = 0

    def add(self, doc: Document) -> None:
        line = json.dumps(document_to_json(doc), ensure_ascii=False).encode("utf-8") + b"\n"
        self._documents.write(line)
        entry = {"offset": self._offset, "length": len(line), "info": info_to_json(doc.info())}
        self._catalogue.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self._offset += len(line)

    def close(self) -> None:
        self._documents.close()
        self._catalogue.close()

    def __enter__(self) -> ShelfWriter:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
