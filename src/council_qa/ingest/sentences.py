"""Sentence boundaries that know German administrative prose.

A period ends no sentence in "30. Juni 2021", "1. Quartal", "Nr. 3", "o. g.", "ggf.", "bzw.",
"S. 69" or "Mio. EUR". General splitters (LlamaIndex's default among them) cut "30. Juni
2021" after "30.", which loses the date of the next review from every chunk.
"""

from __future__ import annotations

import re

from council_qa.ingest import dates

ABBREVIATIONS = frozenset(
    [
        "abs",
        "abschn",
        "anh",
        "anl",
        "art",
        "bd",
        "bspw",
        "bzgl",
        "bzw",
        "ca",
        "d.h",
        "dgl",
        "dr",
        "evtl",
        "f",
        "ff",
        "frau",
        "gem",
        "ggf",
        "ggfs",
        "hr",
        "hrn",
        "i.a",
        "i.d.r",
        "i.s.d",
        "i.v.m",
        "inkl",
        "insb",
        "jh",
        "jhd",
        "lfd",
        "max",
        "mind",
        "mio",
        "mrd",
        "nr",
        "nrn",
        "o.a",
        "o.g",
        "od",
        "prof",
        "s",
        "sog",
        "str",
        "tel",
        "u.a",
        "u.ä",
        "u.u",
        "usw",
        "v.a",
        "vgl",
        "z.b",
        "z.t",
        "zzgl",
        "zz",
        "zt",
        "tsd",
        "bzgl",
        "abt",
        "ziff",
        "jan",
        "feb",
        "mär",
        "märz",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "okt",
        "nov",
        "dez",
    ]
)
# Words after "30." that make it a day or an ordinal: the months, and "1. Quartal".
MONTHS = frozenset(dates.MONTHS) | {"quartal", "halbjahr", "jahrhundert"}
# A run of stops is tried once, from its first character, and never backtracked into:
# "......5" costs one pass, not one pass per dot.
_CANDIDATE = re.compile(r"(?<![.!?])[.!?]++[\"“”'»)]*+(?=\s)|\n")
_TOKEN_BEFORE = re.compile(r"(\S+)$")
_WORD_AFTER = re.compile(r"\s+[\"„“»(]?(\S+)")


def _is_boundary(text: str, dot: int, after: int) -> bool:
    """Does the punctuation at ``text[dot]`` end a sentence? ``after`` is just past it."""
    if text[dot] in "!?":
        return True
    before = _TOKEN_BEFORE.search(text, max(0, dot - 200), dot)  # a window: no rescans from 0
    token = before.group(1).lower() if before else ""
    token = token.lstrip('("„“»')
    nxt = _WORD_AFTER.match(text, after)
    following = nxt.group(1) if nxt else ""
    if not following:
        return True
    if token.rstrip(".") in ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
        return False
    if re.fullmatch(r"[a-zäöü](\.[a-zäöü])+", token):  # z.B, u.a, o.g without spaces
        return False
    if re.fullmatch(r"[a-zäöü]+\.-[a-zäöü]+", token):  # titles: "Dipl.-Ing.", "Dr.-Ing.", "Dipl.-Kffr."
        return False
    if token.isdigit() and len(token) <= 2:
        # "30. Juni", "1. Quartal", "3. Mai": an ordinal, not an end.
        return following[:1].isupper() and following.rstrip(".,").lower() not in MONTHS
    if re.fullmatch(r"\d{1,2}\.\d{1,2}", token):  # "25.01." before a year
        return False
    return following[:1].isupper() or following[:1].isdigit() or following[:1] in '„"“»('


def split_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans ``[s, e)`` of ``text[start:end]``, trimmed of surrounding white space."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    cursor = start
    for m in _CANDIDATE.finditer(text, start, end):
        if m.group() == "\n":
            cut = m.start()
        elif _is_boundary(text, m.start(), m.end()):
            cut = m.end()
        else:
            continue
        _add(text, cursor, cut, spans)
        cursor = cut
    _add(text, cursor, end, spans)
    return spans


def _add(text: str, a: int, b: int, spans: list[tuple[int, int]]) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a:
        spans.append((a, b))


def split(text: str) -> list[str]:
    return [text[a:b] for a, b in split_spans(text)]
