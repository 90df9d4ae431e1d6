"""Evidence checks as pure functions: answer types, coverage, terms foreign to the corpus."""

from __future__ import annotations

import pytest

from council_qa.answer import evidence
from council_qa.index.lexical import tokens
from council_qa.index.vocabulary import Vocabulary
from council_qa.lexicon import Lexicon

LEXICON = Lexicon.load()
CORPUS = Vocabulary(tokens("Das Landesprogramm Klima-Invest fördert Photovoltaikanlagen auf Dachflächen der Schulen."))


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("Die Sanierung begann im Juli 2019.", "number", False),
        ("Die Kosten steigen auf 9,8 Mio. EUR.", "number", True),
        ("Aktuell sind 205 Personen angemeldet.", "number", True),
        ("Die Anmeldung erfolgt seit 1. April 2020.", "date", True),
        ("Die Anmeldung erfolgt laufend.", "date", False),
        ("Den Auftrag erhielt das Ingenieurbüro Hanke & Partner.", "name", True),
        ("Am Hauptbahnhof ist ein Parkhaus zu prüfen.", "name", False),
        ("Der Unterricht findet in der Max-Müller-Straße statt.", "place", True),
        ("Die Sanierung begann im Juli 2019.", "place", False),
        ("Die Studie verzögert sich, da Flächen fehlen.", "reason", True),
        ("Die Elemente wurden zum Preis von 386.000 EUR beschafft.", "money", True),
        ("Es wurden 1.200 laufende Meter beschafft.", "money", False),
        ("Die Maßnahme wird zu 75 Prozent gefördert.", "percent", True),
        ("Der Anteil lag bei 18,7 %.", "percent", True),
        ("Die Stelle ist mit Frau Dipl.-Ing. Ulrike Sommer besetzt.", "person", True),
        ("Den Auftrag erhielt das Ingenieurbüro Hanke & Partner.", "person", False),
    ],
)
def test_answer_types(text: str, kind: evidence.AnswerType, expected: bool) -> None:
    assert evidence.has_type(text, kind) is expected


def test_foreign_terms_are_nouns_no_document_holds() -> None:
    words = evidence.content_words("Wie hoch ist die Hundesteuer für Photovoltaikanlagen?", LEXICON)
    assert evidence.foreign_terms(words, CORPUS) == ["hundesteu"]
    # The head of a compound is no foreign word: "Programm" stands in "Landesprogramm".
    assert evidence.foreign_terms(evidence.content_words("Welches Programm?", LEXICON), CORPUS) == []


def test_english_questions_carry_german_council_terms() -> None:
    words = evidence.content_words("Which health insurers take part in the scheme in Dresden?", LEXICON, "en")
    assert "krankenkass" in words
    assert "dresd" in words
    passage = "Die Anmeldung zu den drei beteiligten Krankenkassen erfolgt seit 2020 in Dresden."
    assert evidence.coverage(words, evidence.matched(words, passage)) == 1.0


def test_compound_heads_match() -> None:
    words = evidence.content_words("Was kostet es?", LEXICON)
    assert evidence.coverage(words, evidence.matched(words, "Die Gesamtkosten steigen.")) == 1.0


def test_how_many_counts_the_thing_itself() -> None:
    noun = evidence.counted_noun("Wie viele neue Straßenbahnen hat die LVB bestellt?", LEXICON)
    assert noun == "strassenbahn"
    assert not evidence.counts(noun, "An 37 Straßenbahnhaltestellen stehen 640 Bügel.")
    assert evidence.counts(noun, "Die LVB bestellte 12 Straßenbahnen.")
    fahrrad = evidence.counted_noun("Wie viele Fahrradanlehnbügel stehen dort?", LEXICON)
    assert fahrrad is not None and evidence.counts(fahrrad, "Es wurden 640 Anlehnbügel aufgestellt.")
    assert evidence.counted_noun("How many roofs are suitable?", LEXICON, "en") is not None


def test_compounds_with_a_linking_element_are_not_foreign() -> None:
    vocabulary = Vocabulary(tokens("Die Informationsvorlage nennt die Sitzungsnummer."))
    # "Vorlage-n-nummer": both parts stand in the papers, the stemmed tail "numm" ends a word.
    assert evidence.foreign_terms(tokens("Vorlagennummer"), vocabulary) == []
    assert evidence.foreign_terms(tokens("Hundesteuer"), vocabulary) == ["hundesteu"]


@pytest.mark.parametrize(
    ("question", "kind", "needed"),
    [
        ("Auf welchem Gebäude wurde die Bürgersolaranlage errichtet?", "Gebäude", ["burgersolaranlag", "erricht"]),
        ("Unter welcher städtischen Vorlagennummer wurde berichtet?", "Vorlagennummer", ["stadtisch", "bericht"]),
        ("Seit wann werden Versichertenkarten ausgegeben?", None, ["versichertenkart", "ausgegeb"]),
    ],
)
def test_the_asked_kind_need_not_stand_in_the_answer(question: str, kind: str | None, needed: list[str]) -> None:
    assert evidence.asked_kind(question) == kind
    assert evidence.support_words(question, LEXICON) == needed


def test_english_asked_kind_skips_auxiliaries() -> None:
    assert evidence.asked_kind("Which programme funds the stands?") == "programme"
    assert evidence.asked_kind("What was decided about the card?") is None


def test_part_of_a_compound_counts_half() -> None:
    words = evidence.content_words("Wer hat die Machbarkeitsstudie erstellt?", LEXICON)
    assert evidence.strengths(words, "Die Machbarkeitsstudie wurde vergeben.")["machbarkeitsstudi"] == 1.0
    assert evidence.strengths(words, "Die Studie ist nicht fertig.")["machbarkeitsstudi"] == evidence.PART


def test_a_compound_with_a_specific_first_part_of_the_papers_is_not_foreign() -> None:
    vocabulary = Vocabulary(tokens("Es gilt eine Höchstgeschwindigkeit von 30 km/h; Lärmschutzwände sind gebaut."))
    assert evidence.foreign_terms(tokens("Geschwindigkeitsbegrenzung Lärmschutzbeauftragter"), vocabulary) == []
    assert evidence.foreign_terms(tokens("Opernhaus"), vocabulary) == ["opernhaus"]
