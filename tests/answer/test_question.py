from __future__ import annotations

import pytest

from council_qa.answer.followup import resolve
from council_qa.answer.question import asks_status, clause_ref, is_yes_no, language, parse, resolution_ref


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Ist Beschlusspunkt 1c erfüllt?", "1c"),
        ("Ist Beschlusspunkt 1 c erfüllt?", "1c"),
        ("Punkt 1.c erfüllt?", "1c"),
        ("Ist Ziffer 1d umgesetzt?", "1d"),
        ("Is clause 1b fulfilled?", "1b"),
        ("Und Punkt 3?", "3"),
        ("And 2b?", "2b"),
        ("Was wurde im 1. Quartal 2021 veröffentlicht?", None),
        ("Wie viele Personen sind seit 2020 angemeldet?", None),
    ],
)
def test_clause_references(text: str, label: str | None) -> None:
    assert clause_ref(text) == label


def test_resolution_references() -> None:
    assert resolution_ref("Status of clause 2b of V1234/19?") == "V1234/19"
    assert resolution_ref("Was steht in A0412-16?") == "A0412-16"  # as typed; the answerer looks it up loosely
    assert resolution_ref("Wie ist der Stand zu Punkt 1 der Vorlage 317/24?") == "317/24"
    assert resolution_ref("Ist Punkt 3 erfüllt?") is None


def test_language() -> None:
    assert language("Ist der Beschlusspunkt 1a erfüllt?") == "de"
    assert language("Which clauses of V0220/14 are still open?") == "en"
    assert language("Und Punkt 3?") == "de"
    assert language("And 1b?") == "en"


def test_intents() -> None:
    assert parse("Ist Beschlusspunkt 1c erfüllt?").intent == "status"
    assert parse("Welche Beschlusspunkte sind noch nicht erfüllt?").intent == "list"
    assert parse("Which clauses of V0220/14 are still open?").list_filter == "open"
    assert parse("Wann ist die nächste Beschlusskontrolle?").meta == "next_review"
    assert parse("Wer hat unterschrieben?").meta == "signed_by"
    fact = parse("Seit wann werden Versichertenkarten ausgegeben?")
    assert (fact.intent, fact.answer_type) == ("fact", "date")


def test_follow_up_keeps_resolution_and_intent() -> None:
    q = resolve("Und Punkt 3?", ["Ist Beschlusspunkt 1a der V0220/14 erfüllt?"])
    assert (q.intent, q.resolution, q.clause) == ("status", "V0220/14", "3")
    assert q.text == "Ist Beschlusspunkt 3 der V0220/14 erfüllt?"
    q = resolve("And clause 4?", ["Has clause 3 of V0220/14 been fulfilled?"])
    assert (q.language, q.intent, q.resolution, q.clause) == ("en", "status", "V0220/14", "4")


def test_a_bare_label_follows_a_clause_conversation() -> None:
    history = ["Ist Beschlusspunkt 1a der V0220/14 erfüllt?"]
    assert resolve("Und 3?", history).text == "Ist Beschlusspunkt 3 der V0220/14 erfüllt?"
    assert resolve("Was ist mit der 2 b?", history).clause == "2b"
    # ... and keeps following it, turn after turn
    q = resolve("What about 4?", [*history, "Und 3?"])
    assert (q.intent, q.resolution, q.clause) == ("status", "V0220/14", "4")
    # a bare number is no clause where the conversation is not about clauses
    assert resolve("Und 3?", ["Wie viele Anlehnbügel wurden aufgestellt?"]).clause is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("How much did the mobile flood protection elements cost?", "money"),
        ("Wie viel wurde 2021 für Radwege ausgegeben?", "money"),
        ("Wie hoch sind die Gesamtkosten der Sanierung?", "money"),
        ("Was kostet das Sozialticket?", "money"),
        ("Which programme funds the stands, and at what rate?", "percent"),
        ("Wie hoch ist der Anteil des Radverkehrs?", "percent"),
        ("Wie hoch war der Radverkehrsanteil 2020?", "percent"),
        ("Wie viele Schulen sind angeschlossen?", "number"),
        ("Wer ist die Radverkehrsbeauftragte?", "person"),
        ("Who is the cycling commissioner?", "person"),
        ("Wer ist zuständig für die Karten?", "name"),
        ("Wer wurde mit der Studie beauftragt?", "name"),
    ],
)
def test_answer_types(text: str, kind: str) -> None:
    assert parse(text).answer_type == kind


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Ist Ziffer 1.2 der V1187/19 erfüllt?", "1.2"),
        ("Was wurde aus Ziffer IV des Beschlusses?", "IV"),
        ("Ist Buchstabe c) der Vorlage umgesetzt?", "c"),
        ("Fährt der Bus nach a) 2. der Vorlage 0588/21-BV?", "a2"),
        ("Ist der dritte Spiegelstrich der DS/0391/VIII erledigt?", "bullet-3"),
        ("Wie steht es um Punkt 03 der DS 0719/21?", "3"),
        ("Ist Punkt 1 der Vorlage 0317/2024 umgesetzt?", "1"),  # the number's digits are no clause
    ],
)
def test_points_in_the_numbering_styles_of_real_papers(text: str, label: str) -> None:
    assert clause_ref(text) == label


@pytest.mark.parametrize(
    ("text", "yes_no"),
    [
        ("Gibt es inzwischen mehrsprachige Beratung?", True),
        ("Weiß die Stadt schon, welche Dächer sich eignen?", True),  # an interrogative later on
        ("Did the city publish the plan yet?", True),
        ("Ist Beschlusspunkt 2 umgesetzt", True),  # an opening verb form, no question mark
        ("Mit welchen Kosten rechnet die Stadt?", False),
        ("Und warum dauert das so lange?", False),
        ("Bis wann soll das fertig sein?", False),
        ("How many stands were put up?", False),
        ("Radwege am Ring.", False),
    ],
)
def test_yes_no_questions(text: str, yes_no: bool) -> None:
    assert is_yes_no(text) is yes_no
    if yes_no:  # of a resolution's subject, yes or no asks whether it has been done
        assert asks_status(text)


@pytest.mark.parametrize(
    ("text", "meta"),
    [
        ("Wann wird wieder berichtet?", "next_review"),
        ("Bis wann kommt der nächste Zwischenbericht zu dem Beschluss?", "next_review"),
        ("Wann gibt es den nächsten Sachstand zur Vorlage?", "next_review"),
        ("Wer hat das gezeichnet?", "signed_by"),
        ("Von wem stammt die Mitteilung?", "signed_by"),
        ("Von wann ist die Mitteilung zum Radverkehr?", "date"),
        ("Welche Unterschrift trägt die Mitteilung?", "signed_by"),
        ("An welchem Tag wurde das Schreiben verschickt?", "date"),
        ("Wann wird die Stadt das nächste Mal über den Beschluss berichten?", "next_review"),
        # a report a clause orders is a fact of that clause, not the memo's next review
        ("Wann erscheint der nächste Lärmbericht?", None),
        ("Wann wird der nächste Bericht über die Baumpflanzungen vorgelegt?", None),
    ],
)
def test_header_facts_in_other_words(text: str, meta: str | None) -> None:
    assert parse(text).meta == meta


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Was soll die neue Brücke kosten?", "money"),
        ("Wie viel Strom erzeugt die Anlage?", "number"),
    ],
)
def test_answer_types_in_other_words(text: str, kind: str) -> None:
    assert parse(text).answer_type == kind


@pytest.mark.parametrize(
    "text",
    [
        "Worum geht es in der Drucksache 0815/2023?",
        "Wie lautet der Betreff der Vorlage 12/2020?",
        "What is motion 0815/2023 about?",
    ],
)
def test_what_a_paper_is_about_is_its_title(text: str) -> None:
    assert parse(text).meta == "title"


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Wurde der Antrag zur Tempo-30-Zone angenommen?", False),  # the decision, not its implementation
        ("Hat der Ausschuss den Spielplatz abgelehnt?", False),
        ("Der Rat hat die Vorlage beschlossen – ist die Brücke damit schon saniert?", True),
        ("Ist der Beschluss zur Brücke umgesetzt?", True),
    ],
)
def test_a_decision_is_not_asked_as_a_status(text: str, status: bool) -> None:
    assert asks_status(text) is status
