"""Points as reports answer them, in the numbering styles of formats.md, and their status from the
report's own words (verdict sentences first, then the status classifier)."""

from __future__ import annotations

import pytest
from sklearn.model_selection import StratifiedKFold, cross_val_score

from council_qa.ingest import status_model
from council_qa.ingest.clauses import find_labels

REPORT = """Sachstandsbericht

Zu Ziffer I (Sanierung):
Die Arbeiten haben im September begonnen.

Zu Ziffer II (Kosten): Die Mittel sind im Haushalt veranschlagt.

Zu Ziffer III:
Der Förderbescheid liegt noch nicht vor.
"""


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        (REPORT, ["I", "II", "III"]),
        ("zu a) Nahverkehrsplan\nDer Plan ist beschlossen.\nzu b) 1. Stufe 1\nDer Bus fährt.\nzu b) 2. Stufe 2\n"
         "Die Ausschreibung läuft.\n", ["a", "b1", "b2"]),
        ("Zum ersten Spiegelstrich (Zebrastreifen):\nEr ist markiert.\nZum zweiten Spiegelstrich:\nOffen.\n",
         ["bullet-1", "bullet-2"]),
        ("1.1 „Ein Sanierungsfahrplan wird erstellt.“\nErledigt.\n1.2 „Drei Gebäude im Jahr.“\nZwei.\n"
         "2.a „Photovoltaik.“\nLäuft.\n", ["1.1", "1.2", "2a"]),
        ("Zu Beschlusspunkt 1 (Lückenschluss):\nFertig.\nZu Beschlusspunkt 2 (Bügel):\nMontiert.\n", ["1", "2"]),
        ("Zu 1) Planung\nDie Planung läuft.\nZu 2) Querung\nAbgelehnt.\n", ["1", "2"]),
    ],
)  # fmt: skip
def test_report_answers_are_points(text: str, labels: list[str]) -> None:
    assert [label.label for label in find_labels(text)] == labels


def test_a_reports_answers_win_over_its_background_headings() -> None:
    """ "1. Ausgangslage" is a heading of the report, not point 1 of the resolution."""
    text = (
        "Sachverhalt\n\n1. Ausgangslage\nDie Stadt hat 2019 beschlossen.\n\n2. Stand\nSiehe unten.\n\n"
        "Zu Punkt 1:\nDer Radweg ist fertig.\n\nZu Punkt 2:\nDie Bügel sind bestellt.\n"
    )
    found = find_labels(text)
    assert [(label.label, label.answers) for label in found] == [("1", True), ("2", True)]
    assert text[found[0].body :].startswith("Der Radweg")


def test_the_status_classifier_generalises_beyond_its_examples() -> None:
    """Cross-validated on the labelled sentences (seven labels, 736 sentences): 0.77 when
    written; a change of features or data that loses the registers shows here."""
    texts, labels = status_model.load_examples()
    pipeline = status_model.build(texts, labels)
    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    assert cross_val_score(pipeline, texts, labels, cv=folds).mean() >= 0.72


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("Die Beanstandungen wurden inzwischen vollständig beseitigt und die Anlage abgenommen.", "fulfilled"),
        ("Der Antrag der Fraktion wurde ungeändert beschlossen.", None),
        ("Die Verwaltung sieht von der Umsetzung aus Kostengründen ab.", "not_fulfilled"),
    ],
)
def test_sentences_it_never_saw(sentence: str, status: str | None) -> None:
    assert status_model.classifier().read([sentence])[0].status == status


def _points(text: str) -> list[tuple[str, str, str]]:
    from council_qa.ingest.clauses import parse_clauses
    from council_qa.ingest.clean import clean
    from council_qa.types import RawDocument

    found, _, _ = parse_clauses(clean(RawDocument("t.txt", text)), text)
    return [(c.label, c.resolution_text, c.status) for c in found]


def test_a_memo_flattened_onto_one_line_keeps_its_points() -> None:
    """A PDF export that lost every line break runs "2 "…"" on after the previous sentence."""
    head = "Stadt Birkenau Der Bürgermeister Beschlusskontrolle zum Beschluss 0815/2020 " + "Vorbemerkung. " * 120
    text = (
        head + '1 "Die Verwaltung baut zwei Brunnen." Beide Brunnen laufen seit Mai. Der Beschlusspunkt ist erfüllt. '
        '2 "Die Verwaltung prüft einen dritten Standort." Der Beschlusspunkt wird nicht erfüllt. '
        "Nächste Beschlusskontrolle: 30.06.2024 gez. Amtsleitung"
    )
    assert "\n" not in text
    assert _points(text) == [
        ("1", "Die Verwaltung baut zwei Brunnen.", "fulfilled"),
        ("2", "Die Verwaltung prüft einen dritten Standort.", "not_fulfilled"),
    ]


def test_a_quotation_inside_a_quoted_point_does_not_end_it() -> None:
    text = (
        'Beschlusskontrolle\n1. "Ein "Bürgerbudget" von 50.000 EUR wird eingeführt."\nDer Beschlusspunkt ist erfüllt.\n'
        '2. "Ein Beirat wird gebildet."\nDer Beschlusspunkt ist nicht erfüllt.\n'
    )
    assert _points(text)[0] == ("1", 'Ein "Bürgerbudget" von 50.000 EUR wird eingeführt.', "fulfilled")


def test_answers_by_letter_after_a_finished_paragraph_are_points() -> None:
    """ "zu b)" opens a new answer even where the line before ends a sentence in lower case."""
    text = (
        "Sachstandsbericht\n\nzu a) Fahrplan\nDer Fahrplan gilt seit März.\nDer Beschlusspunkt ist erfüllt.\n\n"
        "zu b) Haltestellen\nDie Haltestellen sind gebaut. Umgesetzt.\n\nzu c) Tarif\nDer Tarif wird geprüft.\n"
    )
    assert [(label, status) for label, _, status in _points(text)] == [
        ("a", "fulfilled"),
        ("b", "fulfilled"),
        ("c", "in_progress"),
    ]


def test_a_point_named_with_a_dash_and_its_topic_is_a_point() -> None:
    text = (
        "Mitteilungsvorlage\n\nPunkt 1 - Skaterpark\nDer Skaterpark ist eröffnet. Punkt 1 ist damit umgesetzt.\n\n"
        "Punkt 2 - Beleuchtung\nDie Leuchten sind bestellt, die Montage folgt im Herbst.\n"
    )
    assert [(label, topic) for label, topic, _ in _points(text)] == [("1", "Skaterpark"), ("2", "Beleuchtung")]
    assert _points(text)[0][2] == "fulfilled"


def test_bullets_introduced_as_orders_are_points_and_attachments_are_not() -> None:
    text = (
        "Antrag\n\nDer Ortsrat beauftragt die Verwaltung,\n"
        "• am Dorfteich zwei Bänke aufzustellen,\n• den Fußweg am Friedhof zu beleuchten,\n"
        "• bis Ende 2025 zu berichten.\n\nAnlagen\n- Lageplan\n- Kostenschätzung\n"
    )
    assert [(label, words.split()[0]) for label, words, _ in _points(text)] == [
        ("bullet-1", "am"),
        ("bullet-2", "den"),
        ("bullet-3", "bis"),
    ]


def test_bullets_that_answer_by_topic_carry_the_report() -> None:
    text = (
        "Sachstandsbericht\n\nDie Verwaltung berichtet wie folgt:\n"
        "Ø Bänke am Dorfteich: Beide Bänke stehen seit Juni. Erledigt.\n"
        "Ø Beleuchtung: Die Leuchten sind bisher nicht montiert, der Auftrag ist nicht erfüllt.\n"
    )
    assert [(label, status) for label, _, status in _points(text)] == [
        ("bullet-1", "fulfilled"),
        ("bullet-2", "not_fulfilled"),
    ]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # "Zwischenbericht" inside point 3 of a resolution does not make it a report
        ("Beschlussvorlage 0815/2021\nDer Rat beschließt:\n1. Ein Radweg wird gebaut.\n2. Er wird beleuchtet.\n"
         "3. Dem Rat ist bis Mai ein Zwischenbericht vorzulegen.\n", "resolution"),
        # nor a Beratungsfolge row or an attachment label that names a later report
        ("Drucksache 0815/2021\nAnlagen:\nSchlussbericht (erledigt 10.04.24) PDF-Dokument\n"
         "| 12.05.2022 | Ausschuss | mit Zwischenbericht zur Kenntnis genommen |\n"
         "Die Bezirksverordnetenversammlung möge beschließen:\n1. Ein Radweg wird gebaut.\n2. Er wird beleuchtet.\n",
         "resolution"),
        ("Zwischenbericht zur Drucksache 0815/2021\nZu 1:\nDer Radweg ist fertig.\nZu 2:\nDie Leuchten fehlen.\n",
         "status_report"),
    ],
)  # fmt: skip
def test_a_report_names_itself_before_its_points(text: str, kind: str) -> None:
    from council_qa.ingest.clean import clean
    from council_qa.ingest.structure import build_document
    from council_qa.types import RawDocument

    assert build_document("t.txt", text, clean(RawDocument("t.txt", text))).kind == kind


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        # letters alone, introduced by the decision (formats.md: "a) … d)")
        ("Der Kreistag beschließt:\na) Die Buslinie 12 fährt ab Mai im Halbstundentakt.\n"
         "b) Die Haltestelle Am Forst wird barrierefrei.\nc) Die Kosten trägt der Kreis.\n", ["a", "b", "c"]),
        # "1." … "2." nested inside letters, a first sub-point announced by its point
        ("Der Rat beschließt:\na) Die Verwaltung beantragt Fördermittel:\n1. Beim Land.\n2. Beim Bund.\n"
         "b) Der Eigenanteil wird im Haushalt veranschlagt.\n", ["a", "a1", "a2", "b"]),
        # letters nested inside numbers
        ("Der Rat beschließt:\n1. Die Stadt baut:\na) Einen Steg.\nb) Eine Rampe.\n2. Die Kosten trägt die Stadt.\n",
         ["1", "1a", "1b", "2"]),
        # Roman points run together in one paragraph
        ("Beschluss:\nI. Die Musikschule erhält einen Neubau. II. Der Altbau wird verkauft. III. Der Erlös "
         "fließt in den Neubau.\nAbstimmung: einstimmig\n", ["I", "II", "III"]),
        # answers as bullets in minutes
        ("Der Dezernent berichtete:\n- Zu Ziffer I: Der Steg sei fertig.\n- Zu Ziffer II: Die Rampe fehle noch.\n",
         ["I", "II"]),
    ],
)  # fmt: skip
def test_bare_letters_roman_numerals_and_nesting(text: str, labels: list[str]) -> None:
    assert [label.label for label in find_labels(text)] == labels


@pytest.mark.parametrize(
    "text",
    [
        "Ausgangslage\na) Die Zahl der Pendler steigt.\nb) Die Bügel sind voll.\n",  # a list of facts
        "Vermerk von Dr. I. Berger. Der Antrag liegt vor. II. Kammer entscheidet.\n",  # initials, no points
    ],
)
def test_an_enumeration_no_decision_introduces_is_no_list_of_points(text: str) -> None:
    assert find_labels(text) == []
