"""The status of a clause from the memo's own verdict sentence, never from a stray verb.

"Die Regelungen werden umgesetzt." reports progress; only a sentence whose subject is the
clause itself ("Der Beschlusspunkt ist somit umgesetzt.") is a verdict. A report without a
verdict is progress (``in_progress``); no report at all is ``unknown``.
"""

from __future__ import annotations

import re

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


def classify(report: tuple[Passage, ...]) -> tuple[Status, Passage | None]:
    """The clause's status and the verdict passage it rests on (the last verdict wins)."""
    for passage in reversed(report):
        status = verdict_status(passage.text)
        if status:
            return status, passage
    return ("in_progress" if report else "unknown"), None
