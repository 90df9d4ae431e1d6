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
_VERB = re.compile(r"\b(?:ist|sind|wurde|wurden|gilt|gelten|hat sich|befindet sich|bleibt|entfällt|entfallen)\b", re.I)
_RULES: tuple[tuple[Status, re.Pattern[str]], ...] = (
    ("not_fulfilled", re.compile(r"\bnicht\s+(?:erfüllt|umgesetzt|realisiert|erledigt)", re.I)),
    ("partially_fulfilled", re.compile(r"\b(?:teilweise|teils|zum Teil)\s+(?:erfüllt|umgesetzt)", re.I)),
    ("in_progress", re.compile(r"\bin\s+(?:der\s+)?(?:Bearbeitung|Umsetzung|Prüfung)\b|noch nicht abgeschlossen", re.I)),
    ("obsolete", re.compile(r"\b(?:erledigt|abgelöst|entfällt|entfallen|gegenstandslos|hinfällig)\b", re.I)),
    ("fulfilled", re.compile(r"\b(?:erfüllt|umgesetzt|realisiert|abgeschlossen)\b", re.I)),
)  # fmt: skip


def verdict_status(sentence: str) -> Status | None:
    """The status a verdict sentence gives, or None if the sentence is no verdict."""
    if len(sentence) > 240 or not _SUBJECT.search(sentence) or not _VERB.search(sentence):
        return None
    for status, pattern in _RULES:
        if pattern.search(sentence):
            return status
    return None


_NOT_DONE = ("in_progress", "partially_fulfilled", "not_fulfilled")


def classify(report: tuple[Passage, ...]) -> tuple[Status, Passage | None]:
    """The clause's status and the passage it rests on (the last verdict wins; without one,
    the sentence the classifier is surest of, a later one on a tie)."""
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
