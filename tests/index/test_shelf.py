"""The documents of an index: listed from the catalogue, each built from its line only when opened."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from council_qa.index import snapshot
from council_qa.index.shelf import CATALOGUE, DOCUMENTS, Shelf, ShelfError, ShelfWriter
from council_qa.index.store import IndexError_, generation_dir, read_manifest
from council_qa.ingest.pipeline import parse_file
from council_qa.types import Document
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    return [parse_file(p).document for p in sorted(EXAMPLES.glob("*.txt"))]


def _write(folder: Path, documents: list[Document]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with ShelfWriter(folder) as shelf:
        for doc in documents:
            shelf.add(doc)
    return folder


def test_documents_come_back_whole_and_listed_without_their_clauses(tmp_path: Path, documents: list[Document]) -> None:
    assert sum(len(d.clauses) for d in documents) > 5
    shelf = Shelf.open(_write(tmp_path, documents))
    assert list(shelf) == [d.document_id for d in documents]
    assert list(shelf.infos.values()) == [d.info() for d in documents]
    for doc in documents:
        assert shelf[doc.document_id] == doc
        assert shelf.infos[doc.document_id].labels == tuple(c.label for c in doc.clauses)
    assert "no-such-id" not in shelf
    with pytest.raises(KeyError):
        shelf["no-such-id"]


def test_a_document_is_read_only_when_opened(tmp_path: Path, documents: list[Document]) -> None:
    """A damaged line (same length, so the catalogue still fits) harms only its own document,
    and only when that document is opened: nothing else was read at opening time."""
    folder = _write(tmp_path, documents)
    data = bytearray((folder / DOCUMENTS).read_bytes())
    first = data.index(b"\n")
    data[0:first] = b"{" + b" " * (first - 1)
    (folder / DOCUMENTS).write_bytes(bytes(data))
    shelf = Shelf.open(folder)
    assert len(shelf) == len(documents)
    assert shelf[documents[1].document_id] == documents[1]
    with pytest.raises(ValueError):
        shelf[documents[0].document_id]


def test_an_empty_shelf_opens(tmp_path: Path) -> None:
    shelf = Shelf.open(_write(tmp_path, []))
    assert len(shelf) == 0
    assert shelf.infos == {}


def test_a_documents_file_that_does_not_fit_its_catalogue_is_refused(tmp_path: Path, documents: list[Document]) -> None:
    folder = _write(tmp_path, documents)
    with open(folder / DOCUMENTS, "r+b") as fh:
        fh.truncate((folder / DOCUMENTS).stat().st_size - 10)
    with pytest.raises(ShelfError, match="catalogue says"):
        Shelf.open(folder)


def test_a_truncated_index_says_re_ingest(sample_index: Path, tmp_path: Path) -> None:
    broken = Path(shutil.copytree(sample_index, tmp_path / "broken"))
    manifest = read_manifest(broken)
    assert manifest is not None
    folder = generation_dir(broken, manifest.generation)
    (folder / DOCUMENTS).write_bytes((folder / DOCUMENTS).read_bytes()[:-100])
    with pytest.raises(IndexError_, match="re-ingest"):
        snapshot.load(broken)
    (folder / CATALOGUE).unlink()
    with pytest.raises(IndexError_, match="re-ingest"):
        snapshot.load(broken)
