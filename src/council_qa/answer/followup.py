"""Follow-ups ("Und Punkt 3?", "And 1b?") read against the conversation so far.

The resolution and the intent carry over from the last turn that named them; the follow-up
is rewritten into a standalone question before retrieval, so it can be logged and reused.
"""

from __future__ import annotations

from dataclasses import replace

from council_qa.answer import question as q
from council_qa.answer.question import Question


def resolve(text: str, history: list[str]) -> Question:
    current = q.parse(text)
    resolution: str | None = None
    last: Question | None = None
    for turn in history:
        earlier = q.parse(turn)
        if earlier.resolution:
            resolution = earlier.resolution
        last = earlier
    if last is None:
        return current
    if current.is_fragment and current.clause and last.intent in ("status", "list", "fact") and not current.resolution:
        return replace(
            current,
            resolution=resolution,
            intent="status",
            text=standalone(current.clause, resolution, current.language),
        )
    if current.resolution is None and resolution is not None:
        return replace(current, resolution=resolution)
    return current


def standalone(clause: str, resolution: str | None, language: q.Language) -> str:
    if language == "en":
        return f"Is clause {clause}{f' of {resolution}' if resolution else ''} fulfilled?"
    return f"Ist Beschlusspunkt {clause}{f' der {resolution}' if resolution else ''} erfüllt?"
