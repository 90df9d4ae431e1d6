"""Memos parse the way a clerk reads them: the sample and our own damaged test memos."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from council_qa.ingest.pipeline import parse_file, parse_raw
from council_qa.types import RawDocument
from tests.conftest import SAMPLE_MEMO_NAME, SHARED_CORPUS, TEST_MEMOS

EXPECTED = sorted(TEST_MEMOS.glob("*.expected.json"))


@pytest.mark.parametrize("expected_path", EXPECTED, ids=lambda p: p.name.split("_")[2])
def test_own_memos_parse_as_expected(expected_path: Path) -> None:
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    doc = parse_file(expected_path.with_name(expected_path.name.replace(".expected.json", ".txt"))).document
    got = {
        "kind": doc.kind,
        "resolution": doc.resolution,
        "session": doc.session,
        "date": doc.date,
        "title": doc.title,
        "signed_by": doc.signed_by,
        "next_review": doc.next_review,
        "pages": doc.pages,
        "confidential": doc.visibility == "internal",
        "clauses": [{"label": c.label, "status": c.status, "pages": list(c.pages)} for c in doc.clauses],
    }
    assert got == {k: expected[k] for k in got}


@pytest.mark.skipif(not (SHARED_CORPUS / SAMPLE_MEMO_NAME).exists(), reason="shared sample corpus not present")
def test_sample_memo() -> None:
    path = SHARED_CORPUS / SAMPLE_MEMO_NAME
    parsed = parse_file(path)
    doc = parsed.document
    assert (doc.kind, doc.resolution, doc.session, doc.date) == (
        "beschlusskontrolle",
        "V0220/14",
        "SR/011/2015",
        "2021-01-25",
    )
    assert (doc.signed_by, doc.next_review, doc.pages, doc.visibility) == ("Dirk Hilbert", "2021-06-30", 3, "public")
    statuses = {c.label: (c.status, c.pages) for c in doc.clauses}
    assert statuses == {
        "1": ("fulfilled", (1,)),
        "1a": ("fulfilled", (1,)),
        "1b": ("fulfilled", (2,)),
        "1c": ("in_progress", (2,)),
        "1d": ("fulfilled", (2,)),
        "1e": ("fulfilled", (2,)),
        "2": ("fulfilled", (2,)),
        "3": ("in_progress", (2, 3)),
        "4": ("fulfilled", (3,)),
    }
    c1c = doc.clause("1c")
    assert c1c is not None and c1c.verdict is None
    assert c1c.resolution_text.startswith("Die Oberbürgermeisterin soll sich")
    assert "205 Personen" in c1c.report
    # Header facts are retrievable: some chunk holds the next review date.
    assert any("30. Juni 2021" in chunk.text for chunk in parsed.chunks)


def test_every_passage_span_reads_as_its_text() -> None:
    from council_qa.ingest.textmap import normalise

    for path in [*TEST_MEMOS.glob("*.txt"), *SHARED_CORPUS.glob("*.txt")]:
        parsed = parse_file(path)
        original = parsed.raw.text
        for chunk in parsed.chunks:
            for p in chunk.passages:
                assert normalise(original[p.source_start : p.source_end]) == normalise(p.text), (path.name, p)


def test_a_footer_after_the_last_clause_is_no_part_of_it() -> None:
    text = (
        "Beschlusskontrolle zu V0101/20 (Sitzungsnummer: SR/001/2020)\nTestbeschluss\n\n"
        "1. „Die Verwaltung wird beauftragt, einen Bericht vorzulegen.“\n"
        "Der Bericht liegt vor.\nDer Beschlusspunkt ist erfüllt.\n\n"
        "2. „Die Ergebnisse sind zu veröffentlichen.“\nDie Veröffentlichung ist für Mai 2021 geplant.\n\n"
        "Nächste Berichterstattung: 30.06.2021\n"
        "gez. Müller, Bürgermeisterin\n"
    )
    doc = parse_raw(RawDocument("2021-01-25_Beschlusskontrolle_V0101-20_Test.txt", text)).document
    last = doc.clause("2")
    assert last is not None and last.report == "Die Veröffentlichung ist für Mai 2021 geplant."
    assert doc.next_review == "2021-06-30"


def test_a_report_keeps_its_own_title_above_the_resolution_it_refers_to() -> None:
    text = (
        "Stadt Musterstadt\nDer Oberbürgermeister\n\nWuppertal, 01.06.2023\n\n"
        "Sachstandsbericht zur Umsetzung des Bäderkonzepts 2030\n"
        "Bezug: Ratsbeschluss DS 0418/19 vom 16. Dezember 2019\n\n"
        "1. Ausgangslage\n\nMit dem Beschluss DS 0418/19 hat der Rat das Bäderkonzept beschlossen.\n"
    )
    doc = parse_raw(RawDocument("2023-06-01_Sachstandsbericht_DS-0418-19_Baeder.txt", text)).document
    assert (doc.resolution, doc.title) == ("DS 0418/19", "Sachstandsbericht zur Umsetzung des Bäderkonzepts 2030")


def test_a_proposals_last_point_ends_where_its_explanation_begins() -> None:
    from council_qa.ingest.pipeline import parse_raw
    from council_qa.types import RawDocument

    proposal = (
        "Gemeinde Lerchental\nBeschlussvorlage Nr. 0210/2025\n\nBeschlussvorschlag:\n\n"
        "1. Der Bauhof wird am Gewerbering neu gebaut.\n"
        "2. Auf dem Dach wird eine Photovoltaikanlage errichtet.\n\n"
        "Sachverhalt:\n\nDer alte Bauhof an der Mühlgasse ist baufällig.\n\n"
        "Finanzielle Auswirkungen:\n\nDer Neubau kostet rund 2,4 Mio. EUR.\n\n"
        "gez. Wehrmann\nBürgermeister\n"
    )
    parsed = parse_raw(RawDocument("lerchental_0210.txt", proposal))
    last = parsed.document.clauses[-1]
    assert last.label == "2" and "baufällig" not in last.report and "Mio" not in last.resolution_text + last.report
    text = [c for c in parsed.chunks if c.kind == "text"]
    assert any("2,4 Mio. EUR" in c.text for c in text)  # the explanation is running text facts come from
