"""Questions in other words than the paper's: synonyms, English, yes/no about a clause's subject.

The memo is written for this test; the questions avoid its words on purpose ("Flüchtlinge" for
"Asylsuchende", "Fahrradständer" in English), as councillors ask without the paper at hand.
"""

from __future__ import annotations

import pytest

from council_qa.answer.engine import Answerer
from council_qa.index.embeddings import Embedder
from council_qa.index.writer import update
from council_qa.ingest.pipeline import parse_file

MEMO = """Stadt Lindenau
Der Oberbürgermeister

Information an den Stadtrat

Datum: 12.10.2023

Beschlusskontrolle zu V0456/21 (Sitzungsnummer: SR/019/2021)
Versorgung und Unterbringung von Asylsuchenden in der Stadt Lindenau

zum o. g. Beschluss des Stadtrates vom 4. März 2021 wird wie folgt berichtet:

1. „Die Einwohnerinnen und Einwohner sind frühzeitig bei Standortentscheidungen zu Wohnheimen
für Asylsuchende einzubeziehen.''
Vor jeder Standortentscheidung fand eine Einwohnerversammlung im betroffenen Stadtteil statt.
Der Beschlusspunkt ist erfüllt.

2. „Für Asylsuchende ist mit einer Krankenkasse die Ausgabe von Versichertenkarten zu vereinbaren.''
Die Versichertenkarten werden seit dem 1. Juli 2022 ausgegeben. Derzeit sind 312 Personen bei der
Krankenkasse angemeldet.
Der Beschlusspunkt ist erfüllt.

3. „Die Verwaltung legt dem Stadtrat jährlich einen Bericht zur Belegung der Wohnheime vor.''
Ein Bericht wurde bislang nicht vorgelegt, da die Belegungsdaten noch nicht vollständig erfasst sind.
Der Beschlusspunkt ist nicht erfüllt.
"""


LIBRARY = """Stadt Lindenau
Der Oberbürgermeister

Information an den Stadtrat

Datum: 03.11.2023

Beschlusskontrolle zu V0777/22 (Sitzungsnummer: SR/031/2022)
Sanierung der Stadtbibliothek Lindenau

Sehr geehrte Stadträtinnen und Stadträte,

zum o. g. Beschluss des Stadtrates vom 9. Juni 2022 wird wie folgt berichtet:

1. „Die Stadtbibliothek ist bis Ende 2024 energetisch zu sanieren.''
Für die Sanierung wurden bislang 2,4 Mio. EUR ausgegeben; die Arbeiten am Dach sind abgeschlossen.
Der Beschlusspunkt ist teilweise erfüllt.
"""


@pytest.fixture(scope="module")
def answerer(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Answerer:
    folder = tmp_path_factory.mktemp("papers")
    paper = folder / "2023-10-12_Beschlusskontrolle_V0456-21.txt"
    paper.write_text(MEMO, encoding="utf-8")
    library = folder / "2023-11-03_Beschlusskontrolle_V0777-22.txt"
    library.write_text(LIBRARY, encoding="utf-8")
    root = tmp_path_factory.mktemp("index")
    update(root, embedder, add=[parse_file(paper), parse_file(library)])
    return Answerer(root, embedder)


def test_a_synonym_the_paper_does_not_spell_is_answered(answerer: Answerer) -> None:
    answer = answerer.ask("Wie viele Flüchtlinge sind bei der Krankenkasse angemeldet?")
    assert answer.answerable
    assert "312" in answer.answer
    assert answer.clause == "2"


def test_a_yes_no_question_about_a_subject_gets_the_clause_status(answerer: Answerer) -> None:
    answer = answerer.ask("Werden die Anwohner bei Standortentscheidungen für neue Wohnheime beteiligt?")
    assert (answer.clause, answer.status) == ("1", "fulfilled")
    assert answer.citations


def test_a_yes_no_question_quotes_the_passage_it_was_matched_by(answerer: Answerer) -> None:
    answer = answerer.ask("Gibt es inzwischen jedes Jahr einen Bericht über die Belegung der Wohnheime?")
    assert (answer.clause, answer.status) == ("3", "not_fulfilled")
    assert "Belegung" in answer.answer


def test_a_subject_no_paper_treats_is_not_answered(answerer: Answerer) -> None:
    assert not answerer.ask("Wie hoch ist die Hundesteuer in Lindenau?").answerable


def test_a_follow_up_stays_with_the_last_answers_paper_and_clause(answerer: Answerer) -> None:
    history = ["Bekommen Geflüchtete inzwischen Versichertenkarten?"]
    answer = answerer.ask("Seit wann?", history)
    assert answer.clause == "2"
    assert "1. Juli 2022" in answer.answer


def test_why_not_after_a_status_gives_the_reason_with_the_status(answerer: Answerer) -> None:
    history = ["Legt die Verwaltung jährlich einen Bericht zur Belegung der Wohnheime vor?"]
    answer = answerer.ask("Und warum nicht?", history)
    assert (answer.clause, answer.status) == ("3", "not_fulfilled")
    assert "Belegungsdaten" in answer.answer


def test_who_is_asks_for_a_person_the_paper_must_name(answerer: Answerer) -> None:
    # the memo speaks of the health cards but names no person: a passage without one is no answer
    assert not answerer.ask("Wer ist die Leiterin der Wohnheime in Lindenau?").answerable


def test_a_word_no_paper_holds_vetoes_the_answer(answerer: Answerer) -> None:
    assert not answerer.ask("How much does the Deutschlandticket cost in Lindenau?").answerable


def test_a_question_with_no_word_to_look_up_is_answered(answerer: Answerer) -> None:
    # every word of it is a glossary term or a question word: nothing is looked up by meaning
    answer = answerer.ask("Which council committee decided the budget?")
    assert answer.answer
