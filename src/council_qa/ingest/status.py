"""The status of a clause from its report: a verdict sentence first, else the report's words.

"Die Regelungen werden umgesetzt." reports progress; only a sentence whose subject is the
clause itself ("Der Beschlusspunkt ist somit umgesetzt.") is a verdict, and a verdict is
taken as it stands. Reports in other councils' words ("Die Arbeiten wurden im Mai
abgeschlossen", "Der Magistrat lehnt den Vorschlag ab") are read by ``status_model``'s
classifier; the sentence it is surest of decides. A report that states no status is progress
(``in_progress``); no report at all is ``unknown``.
"""

from __future__ import annotations

import re

from council_qa.ingest import status_model
from council_qa.types import Passage, Status

_SUBJECT = re.compile(
    r"\b(?:Beschlusspunkt|Beschlussteil|Beschluss|Punkt|Ziffer|Auftrag|Prüfauftrag|Antrag|Umsetzung)\b",
    re.IGNORECASE,
)
_VERB = re.compile(
    r"\b(?:ist|sind|wurde|wurden|gilt|gelten|hat sich|befindet sich|bleibt|entfällt|entfallen|sei|seien)\b", re.I
)
# "wird"/"werden" make a verdict only when they deny or retire the point ("Der Beschlusspunkt wird
# nicht erfüllt"); "Der Beschlusspunkt wird umgesetzt" announces work, it reports none done.
_FUTURE = re.compile(r"\b(?:wird|werden)\b", re.I)
_FUTURE_RULES = ("not_fulfilled", "obsolete")
# "erledigt" is obsolete, as the contract's status vocabulary has it (obsolete: "erledigt,
# abgelöst, entfällt"): "hat sich erledigt", "für erledigt erklärt", "ist damit erledigt"; so is a
# point "aufgehoben" or "ersetzt" by another resolution. Papers that mean "done" by it are read
# as the contract says; the conflict is noted in the closing note of issue 16.
_RULES: tuple[tuple[Status, re.Pattern[str]], ...] = (
    ("not_fulfilled", re.compile(r"\bnicht\s+(?:erfüllt|umgesetzt|realisiert|erledigt)|\bnicht\s+begonnen", re.I)),
    ("partially_fulfilled", re.compile(
        r"\b(?:teilweise|teils|zum Teil|weitgehend|überwiegend|größtenteils)\s+(?:erfüllt|umgesetzt|realisiert|erledigt)"
        r"|\bzu\s+(?:rund\s+|etwa\s+|ca\.\s*|knapp\s+|gut\s+)?(?:\d{1,2}(?:,\d+)?\s*(?:Prozent|%)|(?:einem|zwei)\s+Dritteln?"
        r"|(?:einem|drei)\s+Viertel[n]?|der\s+Hälfte|zur\s+Hälfte)\s+(?:erfüllt|umgesetzt|realisiert|erledigt)"
        r"|\bzur\s+Hälfte\s+(?:erfüllt|umgesetzt|realisiert|erledigt)", re.I)),
    ("in_progress", re.compile(r"\bin\s+(?:der\s+)?(?:Bearbeitung|Umsetzung|Prüfung)\b|noch nicht abgeschlossen", re.I)),
    ("obsolete", re.compile(
        r"\berledigt\b|\b(?:entfällt|entfallen|gegenstandslos|hinfällig|obsolet)\b"
        # replaced or repealed: only the point itself ("Punkt 2 aufgehoben"), not a date or a word in it
        r"|\b(?:Beschlusspunkt|Punkt|Ziffer|Auftrag|Beschluss)\b[^:;]{0,60}?\b(?:abgelöst|aufgehoben|ersetzt)\b", re.I)),
    ("fulfilled", re.compile(r"\b(?:erfüllt|umgesetzt|realisiert|abgeschlossen)\b", re.I)),
)  # fmt: skip


def verdict_status(sentence: str) -> Status | None:
    """The status a verdict sentence gives, or None if the sentence is no verdict."""
    if len(sentence) > 240 or not _SUBJECT.search(sentence):
        return None
    if not _VERB.search(sentence) and not _FUTURE.search(sentence):
        return None
    future = _FUTURE.search(sentence) is not None and not _VERB.search(sentence)
    for status, pattern in _RULES:
        if future and status not in _FUTURE_RULES:
            continue
        if pattern.search(sentence):
            return status
    return None


_NOT_DONE = ("in_progress", "partially_fulfilled", "not_fulfilled")
# How a body decided (formats.md: "ungeändert beschlossen", "Abstimmung: Ja: 31, Nein: 4", a
# Beratungsfolge's "zur Kenntnis genommen"): the outcome of the vote, never how far the point was
# carried out, so such a line is neither a verdict nor a report.
_DECISION_OUTCOME = re.compile(
    r"^\s*(?:Abstimmung(?:sergebnis)?\s*:|Beschluss\s*:\s*(?:\w+\s+){0,2}(?:beschlossen|abgelehnt|angenommen|zurückgestellt)"
    r"|Ja\s*:?\s*\d+\s*[,/;]?\s*Nein\b)"
    r"|\b(?:ungeändert|unverändert|geändert|einstimmig|mehrheitlich|einvernehmlich)\s+(?:beschlossen|angenommen|abgelehnt)\b"
    r"|\bzur\s+Kenntnis\s+genommen\b|\bJa\s*:?\s*\d+\s*[,/;]?\s*Nein\s*:?\s*\d+",
    re.IGNORECASE,
)


def is_decision_outcome(sentence: str) -> bool:
    """Is the sentence a vote or a committee's result rather than a report on implementation?"""
    return bool(_DECISION_OUTCOME.search(sentence))


def classify(report: tuple[Passage, ...]) -> tuple[Status, Passage | None]:
    """The clause's status and the passage it rests on (the last verdict wins; without one,
    the sentence the classifier is surest of, a later one on a tie). Votes and committee results
    are left out: a point whose report is only its decision has no reported status."""
    if report and all(is_decision_outcome(p.text) for p in report):
        return "unknown", None
    report = tuple(p for p in report if not is_decision_outcome(p.text))
    for passage in reversed(report):
        status = verdict_status(passage.text)
        if status:
            return status, passage
    readings = status_model.classifier().read([p.text for p in report])
    stated = [(r.confidence, i) for i, r in enumerate(readings) if r.status is not None]
    if not stated:
        return ("in_progress" if report else "unknown"), None
    _, best = max(stated)
    if readings[best].status == "fulfilled":
        still_open = [
            (r.confidence, i)
            for i, r in enumerate(readings)
            if r.likely in _NOT_DONE and r.confidence >= status_model.OPEN_CONFIDENCE
        ]
        if still_open:
            _, best = max(still_open)
            status = readings[best].likely
            assert status is not None
            return status, report[best]
    status = readings[best].status
    assert status is not None
    return status, report[best]


# A later report that only confirms the earlier one ("Zu Ziffer IV: Unverändert; ...") states no
# status of its own: the earlier report's status stands.
_UNCHANGED = re.compile(
    r"^\s*(?:unverändert|keine\s+Änderung(?:en)?|ohne\s+Änderung|wie\s+(?:im\s+)?(?:zuvor|bisher|berichtet))\b", re.I
)


def unchanged(report: tuple[Passage, ...]) -> bool:
    """Does the report on a point only say that nothing changed since the report before?"""
    first = next((p.text for p in report if p.text.strip()), "")
    return bool(_UNCHANGED.match(first))
