"""Several reports on one resolution: the newest stands, the answer names it and the earlier
report that said otherwise; a report that only says "Unverändert" leaves the earlier status."""

from __future__ import annotations

import pytest

from council_qa.answer.engine import Answerer

RESOLUTION = """Stadt Birkenau                                             Beschlussvorlage 0815/2021
Der Bürgermeister                                          Datum: 01.03.2021

Betreff: Trinkbrunnen in der Innenstadt

Beschlussvorschlag:
Der Rat beschließt:
1. Die Verwaltung stellt am Marktplatz einen Trinkbrunnen auf.
2. Die Verwaltung stellt im Stadtpark zwei Trinkbrunnen auf.
3. Die Stadtwerke übernehmen die Wartung aller Trinkbrunnen.
"""
FIRST = """Stadt Birkenau                                             Mitteilungsvorlage 0390/2022
Der Bürgermeister                                          Datum: 10.05.2022

Betreff: Trinkbrunnen in der Innenstadt - Sachstand
Bezug: Beschluss 0815/2021

Zu Punkt 1:
Der Trinkbrunnen am Marktplatz läuft seit April. Der Beschlusspunkt ist erfüllt.

Zu Punkt 2:
Die Ausschreibung für den Stadtpark läuft derzeit. Der Beschlusspunkt ist in Bearbeitung.

Zu Punkt 3:
Der Wartungsvertrag mit den Stadtwerken ist unterschrieben. Der Beschlusspunkt ist erfüllt.
"""
SECOND = """Stadt Birkenau                                             Mitteilungsvorlage 0611/2023
Der Bürgermeister                                          Datum: 20.06.2023

Betreff: Trinkbrunnen in der Innenstadt - zweiter Sachstand
Bezug: Beschluss 0815/2021

Zu Punkt 1:
Unverändert; der Brunnen am Marktplatz ist in Betrieb.

Zu Punkt 2:
Beide Brunnen im Stadtpark sind seit Mai in Betrieb. Der Beschlusspunkt ist erfüllt.

Zu Punkt 3:
Unverändert.
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, embedder) -> Answerer:  # type: ignore[no-untyped-def]
    from council_qa.index.writer import update
    from council_qa.ingest.pipeline import parse_file

    papers = tmp_path_factory.mktemp("papers")
    for name, text in (("beschluss.txt", RESOLUTION), ("bericht-1.txt", FIRST), ("bericht-2.txt", SECOND)):
        (papers / name).write_text(text, encoding="utf-8")
    root = tmp_path_factory.mktemp("index")
    update(root, embedder, add=[parse_file(p) for p in sorted(papers.iterdir())])
    return Answerer(root, embedder)


def test_the_newest_report_stands_and_the_earlier_one_is_named(answerer: Answerer) -> None:
    answer = answerer.ask("Ist Punkt 2 der 0815/2021 erfüllt?")
    assert (answer.resolution, answer.clause, answer.status) == ("0815/2021", "2", "fulfilled")
    assert "0611/2023 vom 20.06.2023" in answer.answer
    assert "der frühere Bericht 0390/2022 vom 10.05.2022 meldete: in Bearbeitung" in answer.answer


def test_unchanged_in_the_newest_report_leaves_the_earlier_status(answerer: Answerer) -> None:
    answer = answerer.ask("Ist Punkt 3 der 0815/2021 erfüllt?")
    assert answer.status == "fulfilled"
    assert any("Wartungsvertrag" in c.quote for c in answer.citations)
    assert "0390/2022 vom 10.05.2022" in answer.answer and "0611/2023 vom 20.06.2023 als unverändert" in answer.answer
