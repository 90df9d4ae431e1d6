"""Verdict sentences as offices write them; report sentences that only sound like verdicts."""

from __future__ import annotations

import pytest

from council_qa.ingest.status import verdict_status


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("Der Beschlusspunkt ist erfüllt.", "fulfilled"),
        ("Der Beschlusspunkt ist vollständig umgesetzt.", "fulfilled"),
        ("Die Umsetzung ist abgeschlossen.", "fulfilled"),
        ("Die Umsetzung ist noch nicht abgeschlossen.", "in_progress"),
        ("Der Beschlusspunkt Ist teilweise erfüllt.", "partially_fulfilled"),
        ("Der Beschlusspunkt befindet sich in Bearbeitung.", "in_progress"),
        ("Der Beschlusspunkt hat sich erledigt.", "obsolete"),
        ("Der Punkt hat sich mit dem Umzug des Vereins in die Halle erledigt.", "obsolete"),
        ("Der Beschlusspunkt ist nicht umgesetzt.", "not_fulfilled"),
        # "erledigt" alone is done; retired by another decision it is obsolete
        # the contract's vocabulary: "erledigt" is obsolete
        ("Der Prüfauftrag ist erledigt.", "obsolete"),
        ("Der Beschlusspunkt gilt damit als erledigt.", "obsolete"),
        ("Der Punkt wird durch den Beschluss 17/2020 für erledigt erklärt.", "obsolete"),
        ("Mit der Neufassung hat der Rat Punkt 4 aufgehoben.", None),  # no verdict verb
        ("Ziffer 3 ist durch den Beschluss vom Mai ersetzt worden.", "obsolete"),
        ("Der Auftrag sei damit entfallen.", "obsolete"),  # indirect speech in minutes
        # a share of the point done is partial, not done
        ("Der Beschlusspunkt ist zu etwa 60 Prozent umgesetzt.", "partially_fulfilled"),
        ("Der Auftrag ist zu zwei Dritteln erfüllt.", "partially_fulfilled"),
        ("Der Beschlusspunkt ist weitgehend umgesetzt.", "partially_fulfilled"),
        # not started, and a point that will not be carried out
        ("Mit der Umsetzung wurde noch nicht begonnen.", "not_fulfilled"),
        ("Der Prüfauftrag wird nicht umgesetzt.", "not_fulfilled"),
        # a future or a word inside the point is no verdict
        ("Der Beschlusspunkt wird im Herbst umgesetzt.", None),
        ("Zu Punkt 1: Das Datum im Antrag wurde durch ein anderes ersetzt.", None),
        # reports, not verdicts: their subject is not the clause
        ("Die Regelungen werden umgesetzt.", None),
        ("Die Sanierung wurde im Februar 2023 abgeschlossen.", None),
    ],
)
def test_verdicts(sentence: str, status: str | None) -> None:
    assert verdict_status(sentence) == status


def test_a_decision_outcome_is_never_an_implementation_status() -> None:
    """A vote or "ungeändert beschlossen" says how the body decided, not what was carried out."""
    from council_qa.ingest.clauses import parse_clauses
    from council_qa.ingest.clean import clean
    from council_qa.types import RawDocument

    text = (
        "Beschlusskontrolle\n\n"
        '1. "Die Verwaltung richtet einen Bürgerbus ein."\nBeschluss: ungeändert beschlossen\n'
        "Abstimmung: Ja: 21, Nein: 4, Enthaltungen: 1\n\n"
        '2. "Die Verwaltung prüft einen Nachtbus."\nDer Antrag wurde einstimmig angenommen.\n'
        "Die Prüfung läuft derzeit, Ergebnisse werden im Herbst erwartet.\n"
    )
    clauses, _, _ = parse_clauses(clean(RawDocument("t.txt", text)), text)
    assert [c.status for c in clauses] == ["unknown", "in_progress"]
    assert clauses[1].verdict is None or "angenommen" not in clauses[1].verdict.text
