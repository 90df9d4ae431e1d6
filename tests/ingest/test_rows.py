"""A tabular Beschlusskontrolle's rows as reports: cells citable in the original text, notes
below the table with their row, one chunk per row filed under the row's resolution."""

from __future__ import annotations

from council_qa.ingest.pipeline import parse_raw
from council_qa.ingest.textmap import normalise
from council_qa.types import RawDocument

# Invented; the spacing, a wrapped cell and a note over two lines are what text exports do.
TABLE = """Markt Eichenried                                       Vorlage 25/0042/1
Beschlusskontrolle - Stand 30.06.2025

| Nr | Beschluss-Nr. | Gegenstand                     | Erledigungsvermerk  | Ampel |
|----|---------------|--------------------------------|---------------------|-------|
| 1  | 24/0101/1     | Radweg zum Badesee             | in Bearbeitung      | gelb  |
| 2  | 24/0150/2     | Glasfaser für die              | zurückgestellt      | rot   |
|    |               | Grundschule                    | (Förderung fehlt)   |       |
| 3  | 25/0003/1     | Neue Ortstafeln                | erledigt            | grün  |

Bemerkungen:
zu Nr. 1: Der erste Abschnitt ist gebaut; der zweite folgt im
Frühjahr 2026.
zu Nr. 3: Alle acht Ortstafeln stehen.
Eichenried, 04.07.2025
"""


def _parsed():  # type: ignore[no-untyped-def]
    return parse_raw(RawDocument("eichenried.txt", TABLE))


def test_every_row_reports_on_its_own_resolution_with_cells_cited_in_the_original() -> None:
    doc = _parsed().document
    assert [(r.resolution, r.position, r.status) for r in doc.rows] == [
        ("24/0101/1", 1, "in_progress"),
        ("24/0150/2", 2, "not_fulfilled"),
        ("25/0003/1", 3, "fulfilled"),
    ]
    for row in doc.rows:
        assert TABLE[row.source_start : row.source_end].lstrip("| ").startswith(str(row.position))
        for p in (*row.subject_passages, *row.status_passages, *row.remark_passages):
            assert normalise(TABLE[p.source_start : p.source_end]) == normalise(p.text)
    wrapped = doc.rows[1]
    assert [p.text for p in wrapped.status_passages] == ["zurückgestellt", "(Förderung fehlt)"]
    assert wrapped.subject == "Glasfaser für die Grundschule"


def test_a_note_below_the_table_belongs_to_the_row_it_names() -> None:
    rows = _parsed().document.rows
    assert " ".join(p.text for p in rows[0].remark_passages).startswith("Der erste Abschnitt ist gebaut")
    assert "Frühjahr 2026" in " ".join(p.text for p in rows[0].remark_passages)
    assert [p.text for p in rows[2].remark_passages] == ["Alle acht Ortstafeln stehen."]
    assert rows[1].remark_passages == ()


def test_the_table_paper_keeps_its_own_number_and_lists_its_rows_resolutions() -> None:
    doc = _parsed().document
    assert (doc.kind, doc.number, doc.resolution, doc.clauses) == ("beschlusskontrolle", "25/0042/1", "25/0042/1", ())
    assert doc.info().rows == ("24/0101/1", "24/0150/2", "25/0003/1")
    assert doc.contract_json()["rows"][2]["status"] == "fulfilled"


def test_a_chunk_per_row_under_the_rows_resolution_with_its_note() -> None:
    chunks = _parsed().chunks
    rows = [c for c in chunks if c.kind == "row"]
    assert [c.resolution for c in rows] == ["24/0101/1", "24/0150/2", "25/0003/1"]
    assert "Frühjahr 2026" in rows[0].text
    others = " ".join(c.text for c in chunks if c.kind != "row")
    assert "Ortstafeln stehen" not in others and "24/0101/1" not in others
    assert "Eichenried, 04.07.2025" in others  # the closing lines stay text
    starts = [c.source_start for c in chunks]
    assert starts == sorted(starts)


def test_a_paper_with_a_single_numbered_row_has_no_row_reports() -> None:
    one = "Anlage\n| Nr | Beschluss-Nr. | Status |\n| 1 | 24/0101/1 | erledigt |\n"
    assert parse_raw(RawDocument("one.txt", one)).document.rows == ()


# Invented: a table that lists one resolution point by point, a narrative "Sachstand" column
# beside the verdict column "Vermerk".
BY_POINT = """Gemeinde Lerchental                                    Vorlage 0019/2026
Übersicht über den Stand der Beschlüsse

| Vorlage   | Punkt | Gegenstand              | Sachstand                                    | Vermerk        |
|-----------|-------|-------------------------|----------------------------------------------|----------------|
| 0210/2025 | 1     | Neubau Bauhof           | Rohbau abgeschlossen, Innenausbau bis Mai    | in Bearbeitung |
| 0210/2025 | 2     | Photovoltaik Bauhofdach | Anlage seit 12.02.2026 am Netz               | umgesetzt      |
| 0210/2025 | 3     | Verkauf alter Bauhof    | Käufer zog zurück; neue Ausschreibung folgt  | nicht erfüllt  |
| 0233/2025 | a)    | Winterdienstplan        | vom Rat am 20.11.2025 beschlossen             | umgesetzt      |
"""


def test_a_table_by_point_gives_each_point_its_row_and_reads_the_verdict_column() -> None:
    parsed = parse_raw(RawDocument("lerchental.txt", BY_POINT))
    doc = parsed.document
    assert [(r.resolution, r.clause, r.status) for r in doc.rows] == [
        ("0210/2025", "1", "in_progress"),  # not "abgeschlossen" of the narrative column
        ("0210/2025", "2", "fulfilled"),
        ("0210/2025", "3", "not_fulfilled"),
        ("0233/2025", "a", "fulfilled"),
    ]
    row = doc.row("0210/2025", "3")
    assert row is not None and row.status_text == "nicht erfüllt"
    assert any("neue Ausschreibung folgt" in p.text for p in row.remark_passages)  # the narrative is the reason
    assert doc.row("0210/2025", "9") is None
    assert {(c.resolution, c.clause) for c in parsed.chunks if c.kind == "row"} >= {
        ("0210/2025", "2"),
        ("0233/2025", "a"),
    }
