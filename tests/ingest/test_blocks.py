"""Papers with a block per resolution: each block's points are reports on its own resolution,
so a question naming any of them finds them; a paper on one resolution keeps its clauses."""

from __future__ import annotations

from council_qa.ingest.blocks import find_blocks
from council_qa.ingest.pipeline import parse_raw
from council_qa.ingest.textmap import normalise
from council_qa.types import RawDocument

# Invented minutes in the shape formats.md gives ("Niederschrift": many agenda items, each with
# its own decision number and points), with an agenda list, a report item and two decisions.
MINUTES = """Gemeinde Tannhofen
Niederschrift über die 7. Sitzung des Gemeinderates am 04.03.2026

Tagesordnung
TOP 1 Eröffnung
TOP 2 Bericht zur Dorfkernsanierung
TOP 3 Feuerwehrgerätehaus
TOP 4 Friedhofsgebühren

TOP 1 Eröffnung
Der Bürgermeister eröffnet die Sitzung.

TOP 2 Bericht zur Dorfkernsanierung (GR-041/2025)
Der Bauamtsleiter berichtet zum Beschluss GR-041/2025:
Zu Punkt 1: Der Dorfplatz ist gepflastert. Punkt 1 ist erfüllt.
Zu Punkt 2: Mit der Sanierung des Brunnens wurde noch nicht begonnen.
Der Gemeinderat nimmt den Bericht zur Kenntnis.

TOP 3 Feuerwehrgerätehaus
Beschluss Nr. GR-012/2026
Beschluss:
1. Das Feuerwehrgerätehaus erhält ein neues Rolltor.
2. Die Kosten von 38.000 EUR werden überplanmäßig bereitgestellt.
Abstimmung: Ja 13, Nein 0, Enthaltung 0

TOP 4 Friedhofsgebühren
Beschluss Nr. GR-013/2026
Beschluss:
1. Die Friedhofsgebührensatzung wird in der vorgelegten Fassung beschlossen.
Abstimmung: Ja 11, Nein 2, Enthaltung 0

Ende der Sitzung: 20:15 Uhr
gez. Lorenz Weidinger, Bürgermeister
"""

# Invented: a Beschlusskontrolle with a block per resolution and rule lines between them.
BLOCK_MEMO = """Stadt Auenbruck                                   Drucksache DS 0071/26
Beschlusskontrolle 1. Quartal 2026
=============================================
>> Vorgang DS 0211/25 – Neue Sitzbänke im Kurpark
   Ratsbeschluss vom 14.05.2025
   Umsetzungsstand: Alle 20 Bänke sind aufgestellt.
   Bewertung: erfüllt
=============================================
>> Vorgang DS 0156/24 – Hallenbad
   Ratsbeschluss vom 02.02.2024
   Umsetzungsstand: Der Beschluss wurde durch DS 0198/25 für erledigt erklärt.
   Stand: gegenstandslos
=============================================
Auenbruck, 05.04.2026
"""


def test_minutes_file_each_decision_under_its_own_number() -> None:
    parsed = parse_raw(RawDocument("tannhofen.txt", MINUTES))
    doc = parsed.document
    assert doc.clauses == () and doc.resolution is None
    got = [(r.resolution, r.clause, r.status) for r in doc.rows]
    assert got == [
        ("GR-041/2025", "1", "fulfilled"),
        ("GR-041/2025", "2", "not_fulfilled"),
        ("GR-012/2026", "1", "unknown"),
        ("GR-012/2026", "2", "unknown"),  # the vote and the session's end are no report
        ("GR-013/2026", "1", "unknown"),
    ]
    costs = doc.row("GR-012/2026", "2")
    assert costs is not None and costs.subject.startswith("Die Kosten von 38.000 EUR")
    filed = {(c.resolution, c.clause) for c in parsed.chunks if c.kind == "row"}
    assert ("GR-012/2026", "2") in filed and ("GR-041/2025", "1") in filed


def test_a_blocks_citations_stand_in_the_original() -> None:
    doc = parse_raw(RawDocument("tannhofen.txt", MINUTES)).document
    for row in doc.rows:
        for p in (*row.subject_passages, *row.status_passages, *row.remark_passages):
            assert normalise(MINUTES[p.source_start : p.source_end]) == normalise(p.text)


def test_a_memo_with_a_block_per_resolution_reports_on_each() -> None:
    doc = parse_raw(RawDocument("auenbruck.txt", BLOCK_MEMO)).document
    assert doc.number == "DS 0071/26" and doc.kind == "beschlusskontrolle"
    assert [(r.resolution, r.status) for r in doc.rows] == [("DS 0211/25", "fulfilled"), ("DS 0156/24", "obsolete")]


def test_a_paper_on_one_resolution_keeps_its_clauses() -> None:
    """One agenda item with its decision is a resolution, not a paper of blocks."""
    text = MINUTES.split("TOP 4 Friedhofsgebühren\nBeschluss")[0].split("TOP 3 Feuerwehrgerätehaus\n", 2)[2]
    single = "Auszug aus der Niederschrift\nTOP 3 Feuerwehrgerätehaus\n" + text
    doc = parse_raw(RawDocument("auszug.txt", single)).document
    assert doc.rows == () and [c.label for c in doc.clauses] == ["1", "2"]


def test_agenda_lines_without_a_number_are_no_blocks() -> None:
    assert [b.number for b in find_blocks(MINUTES)] == ["GR-041/2025", "GR-012/2026", "GR-013/2026"]
