"""Rows of a tabular Beschlusskontrolle: a status per row from its own cell, citable by row."""

from __future__ import annotations

import pytest

from council_qa.ingest.clean import clean
from council_qa.ingest.tables import cell_status, parse_rows
from council_qa.types import RawDocument

TEXT_TABLE = """Gemeinde Lindau am Moor                                  Vorlage 24/0099/1
Beschlusskontrolle - Stand 31.03.2024

| Nr | Beschluss-Nr. | Sitzung    | Gegenstand                  | FF | Erledigungsvermerk      | Ampel |
|----|---------------|------------|-----------------------------|----|-------------------------|-------|
| 1  | 22/0007/1     | 10.02.2022 | Sanierung Feuerwehrhaus     | 37 | erledigt                | grün  |
| 2  | 22/0031/2     | 07.04.2022 | Ausbau der Radwege an der   | 66 | zurückgestellt          | rot   |
|    |               |            | Kreisstraße                 |    | (Förderung fehlt)       |       |
| 3  |
23/0012/1
19.01.2023
Neue Bänke im Kurpark
67
in Bearbeitung
gelb
| 4  | 23/0040/1     | 16.03.2023 | Marktordnung                | 32 | durch Beschluss 23/0101/1 aufgehoben | - |

Bemerkungen:
zu Nr. 1: Das Feuerwehrhaus ist seit Januar 2024 in Betrieb.
zu Nr. 3: Acht von zwölf Bänken stehen.
"""

HTML_ROWS = """Beschlusskontrolle 2. Quartal
lfd. Nr. | Drucksache | Betreff | Status | Bemerkung
1 | 0815/2023 | Spielplatz Lindenweg | teilweise umgesetzt | Geräte fehlen
2 | 0816/2023 | Parkordnung | | -
"""


def _rows(text: str) -> list[tuple[int, str | None, str, str]]:
    return [(r.position, r.number, r.subject, r.status) for r in parse_rows(clean(RawDocument("t.txt", text)).text)]


def test_every_row_gets_its_resolution_and_status() -> None:
    assert _rows(TEXT_TABLE) == [
        (1, "22/0007/1", "Sanierung Feuerwehrhaus", "fulfilled"),
        (2, "22/0031/2", "Ausbau der Radwege an der Kreisstraße", "not_fulfilled"),  # a wrapped cell
        (3, "23/0012/1", "Neue Bänke im Kurpark", "in_progress"),  # a row fallen apart, a cell a line
        (4, "23/0040/1", "Marktordnung", "obsolete"),  # repealed by another resolution
    ]


def test_a_row_is_citable_and_carries_the_note_below_the_table() -> None:
    text = clean(RawDocument("t.txt", TEXT_TABLE)).text
    rows = parse_rows(text)
    assert text[rows[0].start : rows[0].end].startswith("| 1  | 22/0007/1")
    assert rows[0].remark == "Das Feuerwehrhaus ist seit Januar 2024 in Betrieb."
    assert rows[2].remark == "Acht von zwölf Bänken stehen."


def test_html_rows_and_an_empty_status_cell() -> None:
    assert _rows(HTML_ROWS) == [
        (1, "0815/2023", "Spielplatz Lindenweg", "partially_fulfilled"),
        (2, "0816/2023", "Parkordnung", "unknown"),
    ]


@pytest.mark.parametrize(
    ("cell", "light", "status"),
    [
        ("teilweise erledigt (Ziff. 2)", "", "partially_fulfilled"),
        ("für erledigt erklärt", "", "obsolete"),
        ("", "grün", "fulfilled"),
        ("Umsetzung ausgesetzt", "gelb", "not_fulfilled"),  # the cell wins over the light
    ],
)
def test_cell_words(cell: str, light: str, status: str) -> None:
    assert cell_status(cell, light) == status


def test_a_table_without_a_status_column_has_no_rows() -> None:
    assert _rows("Anlagen\n| Nr | Beschluss-Nr. | Gegenstand |\n| 1 | 22/0007/1 | Feuerwehr |\n") == []


def test_a_tabular_beschlusskontrolle_is_its_own_paper_not_one_rows_points() -> None:
    from council_qa.ingest.structure import build_document

    doc = build_document("t.txt", TEXT_TABLE, clean(RawDocument("t.txt", TEXT_TABLE)))
    assert (doc.kind, doc.number, doc.resolution, doc.clauses) == ("beschlusskontrolle", "24/0099/1", "24/0099/1", ())


def test_a_row_of_prose_that_names_the_column_words_is_no_header() -> None:
    # a list of papers whose descriptions mention "Beschlusskontrolle" and "Stand" in passing
    prose = (
        "| Ordner | Inhalt | Dateien |\n"
        "|---|---|---|\n"
        "| a | Beschlusskontrolle als Tabelle, Drucksachen 24/0001/1 und 24/0002/1 | Stand der Umsetzung je Zeile, "
        "Ampel und Bemerkung |\n"
        "| b | Niederschrift 24/0003/1 | Beschluss 24/0004/1 mit Stand vom Mai |\n"
        "| c | Vorlage 24/0005/1 | Sachstand 24/0006/1 zum Spielplatz |\n"
    )
    assert _rows(prose) == []
