"""Header facts of a council paper, each with the passage that states it.

The fields follow what a clerk looks for on the first page (resolution number, session,
date, title) and on the last (signatory, date of the next review).
"""

from __future__ import annotations

import re

from council_qa.ingest import dates
from council_qa.ingest.clean import CleanText
from council_qa.ingest.passages import gaps, make_passage
from council_qa.types import Field

# "V0220/14", "A0412/16"; OCR reads the zero after the letter as "O" ("VO311/19").
RESOLUTION_ID = re.compile(r"\b([A-Z]{1,3}?)(\s?)((?:O|\d)\d{2,4})\s?/\s?(\d{2})\b")
_SESSION = re.compile(r"\b([A-Z]{1,4}/\d{3}/\d{4})\b")
_NEXT_REVIEW = re.compile(
    r"n[äa]chste\s+(?:Beschluss)?kontrolle|Wiedervorlage|n[äa]chster\s+(?:Sachstands)?bericht|"
    r"n[äa]chste\s+Berichterstattung\s*:",
    re.IGNORECASE,
)
_GREETING = re.compile(r"Grü(?:ß|ss)en|Hochachtungsvoll", re.IGNORECASE)
_NAME = re.compile(
    r"^(?:(?:Dr|Prof)\.\s+)*[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?"
    r"(?:\s+(?:von\s+|van\s+|de\s+)?[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?){1,2}$"
)
_NOT_A_NAME = re.compile(
    r"bürgermeister|beigeordnet|stadtrat|landeshauptstadt|stadt|grüß|amt|verwaltung|"
    r"fraktion|dezernat|geschäftsbereich|leiter|referent",
    re.IGNORECASE,
)
_SALUTATION = re.compile(r"^Sehr geehrte", re.MULTILINE)
_REFERENCE = re.compile(r"\b(?:Bezug|Betreff|Betr\.|Bezugnehmend)\b", re.IGNORECASE)
_DATED = re.compile(r"(?:vom|from)\s+\d", re.IGNORECASE)


def _line_at(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, (len(text) if end == -1 else end)


def _field(clean: CleanText, original: str, value: str, start: int, end: int, context: int = 90) -> Field:
    """A field whose passage is the match with a little of its line around it, never across
    a page marker or noise line the cleaner dropped (the quote must read as its span)."""
    line_start, line_end = _line_at(clean.text, start)
    a = max(line_start, start - context)
    b = min(line_end, end + context)
    if a > line_start:
        a = clean.text.find(" ", a, start) + 1 or start
    if b < line_end:
        space = clean.text.rfind(" ", end, b)
        b = space if space > 0 else end
    a, b = _around(clean, original, a, b, start, end)
    return Field(value, make_passage(clean, a, b))


def _around(clean: CleanText, original: str, a: int, b: int, start: int, end: int) -> tuple[int, int]:
    """``[a, b)`` narrowed to the gap-free run that holds ``[start, end)``."""
    for cut in gaps(clean, original, a, b):
        if cut <= start:
            a = cut
        elif cut >= end:
            return a, cut
    return a, b


def resolution_id(match: re.Match[str]) -> str:
    """The number as the council writes it ("V0220/14", "DS 0456/19"), OCR's "O" made zero."""
    space = " " if match.group(2) else ""
    return f"{match.group(1)}{space}{match.group(3).replace('O', '0')}/{match.group(4)}"


def parse_header(clean: CleanText, original: str, header_end: int, closing_start: int | None) -> dict[str, Field]:
    """Fields found in ``text[:header_end]`` (first page) and from ``closing_start`` on."""
    text = clean.text
    fields: dict[str, Field] = {}
    rid = RESOLUTION_ID.search(text, 0, header_end)
    if rid:
        fields["resolution"] = _field(clean, original, resolution_id(rid), rid.start(), rid.end())
        _line_start, line_end = _line_at(text, rid.start())
        title_start = rid.end()
        paren = re.match(r"\s*\([^)]*\)", text[title_start:line_end])
        if paren:
            title_start += paren.end()
        title = text[title_start:line_end].strip().strip(":-–").strip()
        before = text[_line_start : rid.start()]
        reference = _REFERENCE.search(before)
        if reference or _DATED.match(title):
            # "Bezug: Ratsbeschluss DS 0418/19 vom 16. Dezember 2019": a report names the
            # resolution it refers to under its own title, before it on the line or above.
            if reference and before[: reference.start()].strip():
                title, title_start = before[: reference.start()].strip(), _line_start
            else:
                prev_end = text.rfind("\n", 0, _line_start)
                prev_start = text.rfind("\n", 0, max(prev_end, 0)) + 1
                if prev_end > 0:
                    title, title_start = text[prev_start:prev_end].strip(), prev_start
                else:
                    title = ""
        if not title:
            nxt_start, nxt_end = line_end + 1, text.find("\n", line_end + 1)
            nxt_end = len(text) if nxt_end == -1 else nxt_end
            candidate = text[nxt_start:nxt_end].strip()
            if candidate and not _SALUTATION.match(candidate) and nxt_start < header_end:
                title, title_start, line_end = candidate, nxt_start, nxt_end
        if title:
            offset = text.index(title, title_start)
            _, cut = _around(clean, original, offset, offset + len(title), offset, offset + 1)
            fields["title"] = Field(title, make_passage(clean, offset, cut))
    session = _SESSION.search(text, 0, header_end)
    if session:
        fields["session"] = _field(clean, original, session.group(1), session.start(), session.end())
    salutation = _SALUTATION.search(text, 0, header_end)
    date_area = salutation.start() if salutation else header_end
    found = dates.find_all(text, 0, date_area)
    if found:
        m, iso = found[0]
        fields["date"] = _field(clean, original, iso, m.start(), m.end())
    tail = closing_start if closing_start is not None else max(0, len(text) - 600)
    review = _NEXT_REVIEW.search(text, tail) or _NEXT_REVIEW.search(text)
    if review:
        after = dates.find_all(text, review.end(), min(len(text), review.end() + 60))
        if after:
            m, iso = after[0]
            fields["next_review"] = _field(clean, original, iso, review.start(), m.end())
    signer = _signatory(clean, tail)
    if signer:
        fields["signed_by"] = signer
    return fields


def _signatory(clean: CleanText, tail: int) -> Field | None:
    text = clean.text
    greeting = _GREETING.search(text, tail)
    start = greeting.end() if greeting else tail
    offset = start
    for line in text[start:].split("\n"):
        name = line.strip()
        if _NAME.match(name) and not _NOT_A_NAME.search(name):
            at = text.index(name, offset)
            return Field(name, make_passage(clean, at, at + len(name)))
        offset += len(line) + 1
    return None
