"""Repairs of the OCR confusions that are unmistakable in council papers.

Every repair keeps the length of the text (one character for one), so offsets stay exact,
and each one needs context that a correct word never has: a capital ``I`` between lowercase
letters, a clause label ``Ic.`` at the start of a line before a quotation, ``Im``/``In``/``Ist``
in the middle of a sentence.
"""

from __future__ import annotations

import re

# "Ic. „Die ..." / "la. „..." / "l. „..." / "Ib.„..." at the start of a line: clause labels.
_LABEL_WITH_LETTER = re.compile(r"^[Il|]([a-z])([.)])(?=\s*(?:[„\"“»']|,,)|\s+[A-ZÄÖÜ])")
_LABEL_BARE = re.compile(r"^[Il|]([.)])(?=\s*(?:[„\"“»]|,,))")
_I_INSIDE = re.compile(r"(?<=[a-zäöüß])I(?=[a-zäöüß])")
_I_SECOND = re.compile(r"\b([A-ZÄÖÜ])I(?=[a-zäöüß]{2,})")
_MID_SENTENCE = re.compile(r"(?<=[a-zäöüß,] )(Im|In|Ist)(?= [a-zäöüßA-ZÄÖÜ\d]|$)")
_LINE_START = re.compile(r"^(Im|In|Ist)(?= [a-zäöüß])")


def repair_label(line: str) -> str:
    line = _LABEL_WITH_LETTER.sub(lambda m: "1" + m.group(1) + m.group(2), line)
    return _LABEL_BARE.sub(lambda m: "1" + m.group(1), line)


def repair_line(line: str, *, continues_sentence: bool) -> str:
    """Repair one line; ``continues_sentence`` says the line goes on a sentence mid-way."""
    line = repair_label(line)
    line = _I_INSIDE.sub("i", line)
    line = _I_SECOND.sub(lambda m: m.group(1) + "i", line)
    line = _MID_SENTENCE.sub(lambda m: m.group(1).lower(), line)
    if continues_sentence:
        line = _LINE_START.sub(lambda m: m.group(1).lower(), line)
    return line
