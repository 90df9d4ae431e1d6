"""Whole papers through ingest in each format: real PDF pages, OCR'd scans, long concepts."""

from __future__ import annotations

from pathlib import Path

import pytest

from council_qa.answer.engine import Answerer
from council_qa.index.writer import update
from council_qa.ingest.pipeline import parse_file
from council_qa.ingest.readers import ocr_missing_packages
from council_qa.ingest.textmap import normalise
from tests.helpers.pdfs import image_pdf, text_pdf

MEMO_PAGES = (
    "Stadt Musterhausen\nDer Oberbürgermeister\n\n14. MÄRZ 2022\n\n"
    "Beschlusskontrolle zu V0311/19 (Sitzungsnummer: SR/031/2019)\nSanierung der Stadtbibliothek\n\n"
    "Sehr geehrte Damen und Herren,\nfolgender Stand kann gegeben werden:\n\n"
    "1. „Die Stadtbibliothek ist bis 2021 barrierefrei umzubauen.“\n"
    "Der Umbau wurde im Oktober 2021 abgeschlossen. Die Kosten betrugen 1,2 Mio. EUR.\n"
    "Der Beschlusspunkt ist erfüllt.",
    "2. „Die Öffnungszeiten sind auf den Samstag auszuweiten.“\n"
    "Die Verhandlungen mit dem Personalrat dauern an.\n\n"
    "3. „Ein Lesecafé ist einzurichten.“\n"
    "Der Beschlusspunkt ist nicht erfüllt.\n\n"
    "nächste Beschlusskontrolle: 30. September 2022\n\nMit freundlichen Grüßen\n\nKlaus Becker",
)

CONCEPT_PAGES = (
    "Integriertes Sozialkonzept der Stadt Musterhausen 2022 - 2026\n\n1 Einleitung\n"
    "Das Konzept beschreibt die Ziele der sozialen Arbeit der Stadt für die kommenden fünf Jahre.\n"
    "Es wurde mit den Trägern der freien Wohlfahrtspflege erarbeitet.",
    "2 Ausgangslage\nIn der Stadt leben 48.000 Menschen, davon 9.100 über 75 Jahre.\n"
    "2.1 Bevölkerung\nDie Zahl der Hochbetagten steigt bis 2030 um ein Viertel.",
    "3 Handlungsfelder\nDie Stadt setzt Schwerpunkte in Pflege, Beratung und Teilhabe.\n"
    "Maßnahme | Träger | Beginn\nPflegelotsen | Diakonie | 2023\nSeniorentreff Nord | Stadt | 2024",
    "4 Soziale Beratung und Betreuung\nDie Beratungsstellen werden im Stadtteilzentrum Nord gebündelt.\n"
    "Ehrenamtliche Lotsen begleiten ältere Menschen mit Migrationshintergrund im Pflegesystem.",
    "5 Umsetzung\nDer Stadtrat erhält jährlich einen Bericht über den Stand der Umsetzung.",
)


def test_text_pdf_memo_keeps_real_pages(tmp_path: Path) -> None:
    path = tmp_path / "memo.pdf"
    path.write_bytes(text_pdf(MEMO_PAGES))
    parsed = parse_file(path)
    doc = parsed.document
    assert (doc.kind, doc.resolution, doc.date, doc.pages) == ("beschlusskontrolle", "V0311/19", "2022-03-14", 2)
    assert [(c.label, c.status, c.pages) for c in doc.clauses] == [
        ("1", "fulfilled", (1,)),
        ("2", "in_progress", (2,)),
        ("3", "not_fulfilled", (2,)),
    ]
    assert (doc.next_review, doc.signed_by) == ("2022-09-30", "Klaus Becker")
    for chunk in parsed.chunks:
        for p in chunk.passages:
            assert normalise(parsed.raw.text[p.source_start : p.source_end]) == normalise(p.text)


@pytest.mark.skipif(bool(ocr_missing_packages()), reason="OCR packages missing: " + " ".join(ocr_missing_packages()))
def test_scanned_memo_is_read_through_ocr(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(image_pdf(MEMO_PAGES[:1]))
    parsed = parse_file(path)
    assert any("OCR" in note for note in parsed.raw.notes)
    assert parsed.document.resolution == "V0311/19"
    assert parsed.document.clauses and parsed.document.clauses[0].status == "fulfilled"


def test_concept_sections_pages_and_tables(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "sozialkonzept.pdf"
    path.write_bytes(text_pdf(CONCEPT_PAGES))
    parsed = parse_file(path)
    assert parsed.document.kind == "concept" and parsed.document.pages == 5
    assert not parsed.document.clauses
    sections = {c.section for c in parsed.chunks}
    assert "4 Soziale Beratung und Betreuung" in sections
    assert "2 Ausgangslage > 2.1 Bevölkerung" in sections
    table = next(c for c in parsed.chunks if "Pflegelotsen" in c.text)
    assert "Maßnahme | Träger | Beginn" in table.text and table.pages == (3,)

    root = tmp_path / "index"
    update(root, embedder, add=[parsed])
    answer = Answerer(root, embedder).ask("Wo werden die Beratungsstellen gebündelt?")
    assert answer.answerable
    assert answer.citations[0].page == 4
    assert "Stadtteilzentrum Nord" in answer.answer
