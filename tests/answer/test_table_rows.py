"""Rows of tabular Beschlusskontrollen as status reports on the resolutions they name.

Invented papers: two quarterly tables of a made-up town (the later one drops a resolution that
was done and adds notes below the table) and the proposal behind one of the rows.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from council_qa.answer.engine import Answerer
from council_qa.answer.verify import holds
from council_qa.types import Answer

Q1 = """Gemeinde Haselbrunn                                   Drucksache 24/0140/1
Hauptamt                                              Haselbrunn, 08.04.2024

Beschlusskontrolle - Stand 31.03.2024 (1. Quartal 2024)

| Nr | Beschluss-Nr. | Sitzung | Gegenstand | Amt | Erledigungsvermerk | Ampel | Bemerkung |
|---|---|---|---|---|---|---|---|
| 1 | 22/0410/1 | 03.11.2022 | Sanierung der Stadtbibliothek | 65 | in Bearbeitung | gelb | Innenausbau läuft |
| 2 | 23/0075/2 | 16.02.2023 | Trinkbrunnen am Marktplatz | 66 | offen | rot | - |
| 3 | 23/0203/1 | 22.06.2023 | Mehrsprachige Beschilderung im Rathaus | 10 | teilweise erledigt | gelb | EG fertig |
| 4 | 24/0011/1 | 18.01.2024 | Neue Sitzbänke im Kurpark | 67 | erledigt | grün | zwölf Bänke aufgestellt |
"""
Q3 = """Gemeinde Haselbrunn                                   Drucksache 24/0388/1
Hauptamt                                              Haselbrunn, 07.10.2024

Beschlusskontrolle - Stand 30.09.2024 (3. Quartal 2024)

| Nr | Beschluss-Nr. | Sitzung    | Gegenstand                             | Amt | Erledigungsvermerk   | Ampel |
|----|---------------|------------|----------------------------------------|-----|----------------------|-------|
| 1  | 22/0410/1     | 03.11.2022 | Sanierung der Stadtbibliothek          | 65  | erledigt             | grün  |
| 2  | 23/0075/2     | 16.02.2023 | Trinkbrunnen am Marktplatz             | 66  | Umsetzung ausgesetzt | rot   |
| 3  | 23/0203/1     | 22.06.2023 | Mehrsprachige Beschilderung im Rathaus | 10  | erledigt             | grün  |

Bemerkungen:
zu Nr. 1: Die Bibliothek ist seit dem 02.09.2024 wieder für alle Leser geöffnet.
zu Nr. 3: Seit August sind auch die Obergeschosse dreisprachig beschildert.
"""
PROPOSAL = """Gemeinde Haselbrunn                                   Drucksache 23/0203/1
Der Bürgermeister                                     Haselbrunn, 30.05.2023

Beschlussvorlage

Betreff: Mehrsprachige Beschilderung im Rathaus

Beschlussvorschlag:
1. Der Gemeinderat beauftragt die Verwaltung, alle Wegweiser im Rathaus in Deutsch, Englisch
   und Türkisch auszuführen.
2. Die Kosten von 12.000 EUR werden aus dem Budget des Hauptamts gedeckt.
"""
PAPERS = {"haselbrunn_bk_q1.txt": Q1, "haselbrunn_bk_q3.txt": Q3, "haselbrunn_0203.txt": PROPOSAL}


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, embedder) -> Answerer:  # type: ignore[no-untyped-def]
    from council_qa.index.writer import update
    from council_qa.ingest.pipeline import parse_file

    papers = tmp_path_factory.mktemp("papers")
    for name, text in PAPERS.items():
        (papers / name).write_text(text, encoding="utf-8")
    root = tmp_path_factory.mktemp("index")
    update(root, embedder, add=[parse_file(p) for p in sorted(papers.iterdir())])
    return Answerer(root, embedder)


def _spans_hold(answer: Answer) -> None:
    """Every citation quotes exactly the span it names in the paper as written."""
    for c in answer.citations:
        assert holds(PAPERS[Path(c.source).name], c), c


def test_a_resolution_named_only_in_a_row_is_known_and_gets_the_rows_status(answerer: Answerer) -> None:
    answer = answerer.ask("Wie ist der Stand beim Beschluss 22/0410/1?")
    assert (answer.answerable, answer.resolution, answer.status) == (True, "22/0410/1", "fulfilled")
    sources = {c.source for c in answer.citations}
    assert sources == {"haselbrunn_bk_q3.txt"}
    quotes = [c.quote for c in answer.citations]
    assert "erledigt" in quotes  # the status cell, not the whole row
    assert any("seit dem 02.09.2024" in q for q in quotes)  # the note "zu Nr. 1" belongs to row 1
    assert all("|" not in q for q in quotes)
    assert {c.resolution for c in answer.citations} == {"22/0410/1"}
    _spans_hold(answer)


def test_the_newer_table_stands_and_the_earlier_is_named(answerer: Answerer) -> None:
    answer = answerer.ask("Wie ist der Stand beim Beschluss 22/0410/1?")
    assert "24/0388/1 vom 07.10.2024" in answer.answer
    assert "der frühere Bericht 24/0140/1 vom 08.04.2024 meldete: in Bearbeitung" in answer.answer


def test_a_row_only_the_earlier_table_has_still_answers(answerer: Answerer) -> None:
    # the later table no longer lists what was done; a question of no particular type about a
    # resolution the rows alone speak of asks for its status
    answer = answerer.ask("Was ist mit dem Beschluss 24/0011/1?")
    assert (answer.answerable, answer.resolution, answer.status) == (True, "24/0011/1", "fulfilled")
    assert {c.source for c in answer.citations} == {"haselbrunn_bk_q1.txt"}
    assert any("zwölf Bänke aufgestellt" in c.quote for c in answer.citations)
    _spans_hold(answer)


def test_a_status_question_by_topic_finds_the_row(answerer: Answerer) -> None:
    answer = answerer.ask("Ist die Sanierung der Stadtbibliothek abgeschlossen?")
    assert (answer.answerable, answer.resolution, answer.status) == (True, "22/0410/1", "fulfilled")
    assert "24/0388/1" in answer.answer
    _spans_hold(answer)


def test_the_proposal_gives_the_point_and_the_row_the_status(answerer: Answerer) -> None:
    answer = answerer.ask("Ist Punkt 1 der 23/0203/1 erfüllt?")
    assert (answer.resolution, answer.clause, answer.status) == ("23/0203/1", "1", "fulfilled")
    sources = {c.source for c in answer.citations}
    assert sources == {"haselbrunn_0203.txt", "haselbrunn_bk_q3.txt"}
    assert any("Wegweiser" in c.quote for c in answer.citations)
    assert any("Obergeschosse" in c.quote for c in answer.citations)
    _spans_hold(answer)


def test_a_point_the_proposal_lacks_is_not_answered_from_the_row(answerer: Answerer) -> None:
    answer = answerer.ask("Ist Punkt 4 der 23/0203/1 erfüllt?")
    assert not answer.answerable


def test_a_number_no_paper_or_row_names_still_abstains(answerer: Answerer) -> None:
    answer = answerer.ask("Wie ist der Stand beim Beschluss 25/0999/1?")
    assert not answer.answerable


def test_a_fact_about_a_resolution_with_its_own_paper_comes_from_that_paper(answerer: Answerer) -> None:
    answer = answerer.ask("Wie viel kostet die Beschilderung nach der Drucksache 23/0203/1?")
    assert answer.status is None
    assert any("12.000 EUR" in c.quote for c in answer.citations)
