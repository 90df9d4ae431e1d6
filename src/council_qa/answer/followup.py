"""Follow-ups ("Und Punkt 3?", "And 1b?") read against the conversation so far.

The resolution and the intent carry over from the last turn that named them; the follow-up
is rewritten into a standalone question before retrieval, so it can be logged and reused.
"""

from __future__ import annotations

import re
from dataclasses import replace

from council_qa.answer import question as q
from council_qa.answer.question import Question

# "Und 3?", "And 2b?", "What about 4?", "Was ist mit der 3?": a bare label that means a clause
# only because the conversation is about clauses.
_BARE_LABEL = re.compile(
    r"^\s*(?:und|and)?[\s,]*(?:what about|how about|was ist mit|wie steht es mit|wie sieht es mit)?\s*"
    r"(?:der|die|dem|the)?\s*(\d{1,2}\s?\.?\s?[a-h]?)\s*(?:aus)?\s*\??\s*$",
    re.IGNORECASE,
)


# A short question that opens with "und"/"and" or stands on a pronoun continues the last one
# ("es" of "gibt es" refers to nothing).
_LEANS_ON_BEFORE = re.compile(
    r"^\s*(?:und|and|also|what about|was ist mit)\b"
    r"|(?<!gibt )(?<!gab )\b(?:es|sie|er|ihn|ihm|dies|dafür|dazu|davon|it|they|them|this|that)\b(?! gibt)"
    r"|\bdas\b(?!\s+[A-ZÄÖÜ])",  # "das" before no noun: "Bis wann muss das fertig sein?"
    re.IGNORECASE,
)
SHORT = 10  # words: a longer question says what it is about
BARE = 4  # words: a question this short names no subject of its own ("Mit welchen Kassen?")


def _bare(text: str) -> bool:
    return len(text.split()) <= BARE


def resolve(text: str, history: list[str]) -> Question:
    current = q.parse(text)
    bare = _BARE_LABEL.match(text)
    if bare and current.clause is None and history and (q.parse(history[-1]).clause or _BARE_LABEL.match(history[-1])):
        label = re.sub(r"[\s.]", "", bare.group(1)).lower()
        current = replace(current, clause=label, is_fragment=True)
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
            follows=True,
        )
    short = len(text.split()) <= SHORT
    if current.intent == "fact" and current.clause is None and short and (_LEANS_ON_BEFORE.search(text) or _bare(text)):
        # "Und seit wann ist es wieder offen?": what "es" is, the last question said.
        current = replace(current, text=f"{text} ({history[-1]})", follows=True)
    if current.resolution is None and resolution is not None:
        return replace(current, resolution=resolution)
    return current


def standalone(clause: str, resolution: str | None, language: q.Language) -> str:
    if language == "en":
        return f"Is clause {clause}{f' of {resolution}' if resolution else ''} fulfilled?"
    return f"Ist Beschlusspunkt {clause}{f' der {resolution}' if resolution else ''} erfüllt?"
