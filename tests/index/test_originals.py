"""The original PDF travels with its document through the index's generations."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from council_qa.index import snapshot
from council_qa.index.originals import find_pdf
from council_qa.index.writer import update
from council_qa.ingest.pipeline import parse_file
from tests.conftest import TEST_MEMOS
from tests.helpers.pdfs import text_pdf


def test_pdf_is_stored_kept_by_later_generations_and_dropped_with_its_document(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "memo.pdf"
    pdf.write_bytes(text_pdf())
    memo = next(TEST_MEMOS.glob("*.txt"))
    root = tmp_path / "index"
    first = update(root, embedder, add=[parse_file(pdf)])
    doc_id = next(iter(snapshot.load(root).documents))
    stored = find_pdf(snapshot.load(root), doc_id)
    assert stored is not None and stored.read_bytes() == pdf.read_bytes()

    second = update(root, embedder, add=[parse_file(memo)])  # another document: a new generation
    assert second.generation != first.generation
    snap = snapshot.load(root)
    kept = find_pdf(snap, doc_id)
    assert kept is not None and kept != stored and kept.read_bytes() == pdf.read_bytes()
    text_id = next(d for d in snap.documents if d != doc_id)
    assert find_pdf(snap, text_id) is None  # a text file has no page image

    update(root, embedder, remove=[doc_id])
    snap = snapshot.load(root)
    assert snap.path is not None and not list((snap.path / snapshot.ORIGINALS).glob("*.pdf"))


def test_a_pdf_changed_or_gone_after_reading_is_indexed_without_its_copy(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    changed, gone = tmp_path / "changed.pdf", tmp_path / "gone.pdf"
    changed.write_bytes(text_pdf())
    gone.write_bytes(text_pdf(["Beschlusskontrolle zur Vorlage V0999/20\nDer Beschlusspunkt ist erfüllt."]))
    parsed = [parse_file(changed), parse_file(gone)]
    changed.write_bytes(text_pdf(["Ein ganz anderes Dokument."]))  # the page images would show other text
    gone.unlink()
    root = tmp_path / "index"
    report = update(root, embedder, add=parsed)
    assert sorted(report.added) == ["changed.pdf", "gone.pdf"]
    snap = snapshot.load(root)
    assert len(snap.documents) == 2
    assert all(find_pdf(snap, doc_id) is None for doc_id in snap.documents)
    assert snap.path is not None and not list((snap.path / snapshot.ORIGINALS).glob("*.pdf"))


def test_ingesting_again_gives_an_index_from_before_kept_pdfs_its_copy(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "memo.pdf"
    pdf.write_bytes(text_pdf())
    root = tmp_path / "index"
    parsed = parse_file(pdf)
    first = update(root, embedder, add=[replace(parsed, raw=replace(parsed.raw, pdf=None))])  # as older versions did
    doc_id = parsed.document.document_id
    assert find_pdf(snapshot.load(root), doc_id) is None

    again = update(root, embedder, add=[parse_file(pdf)])
    assert again.skipped == ["memo.pdf"] and again.generation != first.generation
    stored = find_pdf(snapshot.load(root), doc_id)
    assert stored is not None and stored.read_bytes() == pdf.read_bytes()
    assert update(root, embedder, add=[parse_file(pdf)]).generation == again.generation  # then nothing to do
