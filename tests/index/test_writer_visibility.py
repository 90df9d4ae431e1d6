"""Visibility is part of a paper's version: changing it on an unchanged file takes effect.

Before: the document id is the content hash, so ``ingest memo --visibility internal`` on a
memo already indexed as public printed "1 unchanged" and public answers kept quoting it.
Everything here runs the real writer, index and answerer on a real memo.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from council_qa.answer.engine import Answerer
from council_qa.index import snapshot
from council_qa.index.embeddings import Embedder
from council_qa.index.writer import update
from council_qa.ingest.pipeline import parse_file
from tests.conftest import EXAMPLES

MEMO = sorted(EXAMPLES.glob("*.txt"))[0]


def _public_view(root: Path, embedder: Embedder) -> tuple[set[str], str, int]:
    """What a public reader gets: documents listed, an answer about the memo, its citations."""
    answerer = Answerer(root, embedder, visibility="public")
    doc = parse_file(MEMO).document
    answer = answerer.ask(f"Ist Beschlusspunkt {doc.clauses[0].label} der {doc.resolution} erfüllt?")
    listed = {d.source for d in snapshot.load(root).documents.values() if d.visibility == "public"}
    return listed, answer.status or "", len(answer.citations)


def test_visibility_flag_on_an_unchanged_file_writes_a_new_generation(tmp_path: Path, embedder: Embedder) -> None:
    root = tmp_path / "index"
    first = update(root, embedder, add=[parse_file(MEMO)])
    listed, status, cited = _public_view(root, embedder)
    assert listed == {MEMO.name} and status and cited

    hidden = update(root, embedder, add=[parse_file(MEMO, visibility="internal")])
    assert hidden.visibility_changed == [MEMO.name] and not hidden.skipped
    assert hidden.generation != first.generation
    listed, status, cited = _public_view(root, embedder)
    assert listed == set() and cited == 0 and status in ("", "unknown")
    internal = Answerer(root, embedder, visibility="internal").ask("Welche Beschlusspunkte sind erfüllt?")
    assert internal.citations, "the internal chat must still answer from the memo"

    again = update(root, embedder, add=[parse_file(MEMO)])  # no flag: the detected mark does not undo it
    assert again.skipped == [MEMO.name] and again.generation == hidden.generation
    assert _public_view(root, embedder)[0] == set()

    shown = update(root, embedder, add=[parse_file(MEMO, visibility="public")])
    assert shown.visibility_changed == [MEMO.name]
    listed, status, cited = _public_view(root, embedder)
    assert listed == {MEMO.name} and status and cited


def test_visibility_by_document_id_and_chunks_follow(tmp_path: Path, embedder: Embedder) -> None:
    root = tmp_path / "index"
    update(root, embedder, add=[parse_file(MEMO)])
    doc_id = next(iter(snapshot.load(root).documents))
    report = update(root, embedder, visibility={doc_id: "internal"})
    assert report.visibility_changed == [MEMO.name]
    snap = snapshot.load(root)
    assert snap.documents[doc_id].visibility == "internal"
    assert {snap.chunks[i].visibility for i in range(len(snap.chunks))} == {"internal"}
    unchanged = update(root, embedder, visibility={doc_id: "internal"})
    assert not unchanged.visibility_changed and unchanged.generation == report.generation


def test_a_new_version_of_an_internal_paper_stays_internal(tmp_path: Path, embedder: Embedder) -> None:
    root = tmp_path / "index"
    copy = tmp_path / MEMO.name
    shutil.copy(MEMO, copy)
    update(root, embedder, add=[parse_file(copy, visibility="internal")])
    copy.write_text(MEMO.read_text(encoding="utf-8") + "\nNachtrag.\n", encoding="utf-8")
    report = update(root, embedder, add=[parse_file(copy)])
    assert report.replaced == [MEMO.name]
    assert {d.visibility for d in snapshot.load(root).documents.values()} == {"internal"}
    report = update(root, embedder, add=[parse_file(copy, visibility="public")])
    assert {d.visibility for d in snapshot.load(root).documents.values()} == {"public"}


@pytest.mark.parametrize("value", ["public", "internal"])
def test_manifest_records_the_visibility(tmp_path: Path, embedder: Embedder, value: str) -> None:
    from council_qa.index.store import read_manifest

    root = tmp_path / "index"
    update(root, embedder, add=[parse_file(MEMO, visibility=value)])  # type: ignore[arg-type]
    manifest = read_manifest(root)
    assert manifest is not None
    assert [d["visibility"] for d in manifest.documents.values()] == [value]
