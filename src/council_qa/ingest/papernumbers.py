"""Paper numbers: how councils print them, which one is a paper's own, and how users type them.

Every council numbers its papers its own way (``../shared/formats.md`` lists the shapes seen:
``V0220/14``, ``0317/2024``, ``2023/BV/4012``, ``DS/0874/V``, ``AF-0231/2012``, ``OF 517/7``,
``§ 2093``, ``2016/0401-1`` ...). What they share is what is recognised here: one to four groups
of digits, letters or a Roman numeral, joined by ``/`` or ``-``, with at least one group of
digits, optionally after a short prefix. A paper prints its *own* number on a labelled header
line ("Beschlussvorlage - 0317/2024", "Drucksache Nr.: DS/0874/V"); every other number in it
is a reference to another paper.

Users type numbers loosely ("Vorlage 317/24", "0317-2024", "DS0874/V"), so numbers are compared
by ``key``: upper case, separators dropped, leading zeros dropped, a year of two digits equal to
the same year of four.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from council_qa.types import Reference, ReferenceRole

# A group: digits, a Roman numeral (electoral term), or letters (a type code such as BV, AN).
_GROUP = r"(?:\d{1,5}|[IVX]{1,5}|[A-Z]{1,4})"
# Either a prefix and digits ("V0220", "DS 0456", "AF-0231", "§ 2093", "OF 517") or digits,
# then more groups after "/" or "-".
_NUMBER = re.compile(
    r"(?<![\w/.-])"
    r"(?P<number>"
    r"(?:(?:[A-Z]{1,4}|§|V/P)(?:[ ]?|[-/.][ ]?))?"
    r"\d{1,5}"
    rf"(?:[ ]?/[ ]?{_GROUP}|-{_GROUP}){{0,3}}"
    r")"
    r"(?![\w/-])"
)
# Words that stand before a paper's own number in its header (a memo on a resolution is known
# by the resolution's number, as in the sample memo).
_OWN_LABEL = re.compile(
    r"\b(?:Beschlussvorlage|Vorlage|Drucksache|Drs\.|Ds\.|Mitteilungsvorlage|Informationsvorlage|"
    r"Berichtsvorlage|Sachstandsbericht|Zwischenbericht|Bericht|Anfrage|Antrag|Beschlusskontrolle(?:\s+zu)?|"
    r"Beschluss|Mitteilung|Stellungnahme|Nummer|Vorlagen?-?Nr\.?|Drucksachen?-?Nr\.?|Ds\.?-?Nr\.?|Nr\.)",
    re.IGNORECASE,
)
_DECISION_LABEL = re.compile(r"Beschluss(?:-|\s)?(?:Nr\.?|Nummer)\s*:?\s*$", re.IGNORECASE)
# Cues that the number after them is another paper's: a reference, an attachment's parent, a session.
_REFERENCE_CUE = re.compile(
    r"\b(?:Bezug|Betreff|Betr\.|Bezugnehmend|Vorgang|Beschlu(?:ss|ß)\s+vom|mit\s+Beschlu(?:ss|ß)|gemäß|siehe|"
    r"zur\s+(?:Vorlage|Beschlussvorlage|Drucksache)|Anlage\s+\d*\s*zu|Sitzungsnummer|Sitzungs-?Nr|Sitzung|"
    r"Rufnummer|Telefon|Tel\.|Fax)",
    re.IGNORECASE,
)
# A paper that gathers many decisions (minutes, an agenda) has no one number of its own, and
# an extract of minutes is known by its decision number.
_SESSION_PAPER = re.compile(r"\b(?:Niederschrift|Protokoll|Einladung|Tagesordnung)\b", re.IGNORECASE)
_EXTRACT = re.compile(r"\bAuszug\b", re.IGNORECASE)
# Prefixes that number other things than papers: agenda items, departments, rooms, phones.
_NOT_PAPER_PREFIX = re.compile(r"^(?:TOP|FD|Tel|Fax|Zi|Raum|Az|PLZ)(?![a-z])", re.IGNORECASE)
_SESSION_LABEL = re.compile(r"(?:Sitzungsnummer|Sitzungs-?Nr\.?|Niederschrift\s+Nr\.?)\s*:?\s*$", re.IGNORECASE)
# "Der Rat beschließt zur Vorlage V1187/19": a decision is known by the number of what it decides.
_DECIDES_ON = re.compile(r"beschlie(?:ß|ss)t\s+(?:zur|zu\s+der|die)\s+(?:Vorlage|Drucksache)\s*$", re.IGNORECASE)
_LETTER_SPACED = re.compile(r"(?<=\b\w) (?=\w\b)")
_CONTEXT = 60  # characters before a number in which its label or a reference cue stands
_YEAR_LIKE = re.compile(r"^(?:19|20)\d{2}$")
_MONEY_OR_UNIT = re.compile(
    r"^\s*(?:€|EUR|Euro|%|Prozent|km|m\b|qm|m²|Plätze|Personen|Stück|Minuten|Stunden|Uhr|Seiten|Tage|Wochen|Monate|Jahre)",
    re.IGNORECASE,
)
_HEAD = 1500  # the header block of a paper: where its own number stands


@dataclass(frozen=True)
class Found:
    """A paper number as printed, and where."""

    number: str
    start: int
    end: int


def _plausible(number: str, following: str) -> bool:
    """Not a year, a count, an amount or a bare small number: a paper number has a separator
    or a prefix (a bare "2024" or "87 Plätze" is no paper)."""
    compact = number.replace(" ", "")
    if not re.search(r"[/-]", compact) and not re.match(r"^(?:[A-Z]{1,4}|§|V/P)", compact):
        return False
    if _YEAR_LIKE.match(compact) or _MONEY_OR_UNIT.match(following) or _NOT_PAPER_PREFIX.match(compact):
        return False
    return not _year_range(compact)


def _year_range(compact: str) -> bool:
    """ "2023/24", "2023-2026": a span of years, not a paper."""
    m = re.fullmatch(r"((?:19|20)\d{2})[/-]((?:19|20)?\d{2})", compact)
    return m is not None and int(m[2][-2:]) >= int(m[1][-2:])


def find_all(text: str, start: int = 0, end: int | None = None) -> list[Found]:
    """Every plausible paper number in ``text[start:end]``, in order."""
    stop = len(text) if end is None else end
    out = []
    for m in _NUMBER.finditer(text, start, stop):
        number = m.group("number").strip(" -/")
        if _DATE_BEFORE.search(text, max(0, m.start() - 3), m.start()) or _is_date(text, m.start(), m.end()):
            continue
        if _plausible(number, text[m.end() : m.end() + 12]):
            out.append(Found(_OCR_ZERO.sub(r"\g<1>0", number), m.start(), m.start() + len(number)))
    return out


# OCR reads the zero after a letter prefix as "O" ("VO311/19" for V0311/19); a prefix that
# really ends in O is followed by a separator ("VO/0611/23").
_OCR_ZERO = re.compile(r"^([A-Z]{1,3}?)O(?=\d{2,4}[/-])")
_DATE_BEFORE = re.compile(r"\d\.\s?$")


def _is_date(text: str, start: int, end: int) -> bool:
    """ "14.03.2019" and "03/2019" (a month) are dates, not papers."""
    return bool(re.match(r"\d{1,2}\.\d{1,2}\.", text[start:end])) or bool(
        re.fullmatch(r"(?:0?[1-9]|1[0-2])/(?:19|20)\d{2}", text[start:end])
    )


def own_number(text: str, head: int = _HEAD) -> Found | None:
    """The paper's own number, from its header block: the first number after one of the
    header labels with no reference cue before it; ``None`` when the paper prints none there,
    or is minutes or an agenda (many decisions, each with its own number)."""
    head_text = text[: min(head, len(text))]
    heading = _LETTER_SPACED.sub("", head_text[:400])  # "N i e d e r s c h r i f t"
    candidates = find_all(text, 0, len(head_text))
    decisions = [f for f in find_all(text) if _DECISION_LABEL.search(text[max(0, f.start - 20) : f.start])]
    if _EXTRACT.search(heading) and len(decisions) == 1:
        return decisions[0]
    if _SESSION_PAPER.search(heading):
        return next((f for f in candidates if _SESSION_LABEL.search(text[max(0, f.start - 30) : f.start])), None)
    for found in candidates:
        line_start = text.rfind("\n", 0, found.start) + 1
        before = text[max(line_start, found.start - _CONTEXT) : found.start]
        if _DECIDES_ON.search(before):
            return found
        labels = list(_OWN_LABEL.finditer(before))
        label = labels[-1] if labels else None
        if _REFERENCE_CUE.search(before):
            continue
        if label is not None or not text[line_start : found.start].strip():
            return found
    return None


# What a paper says of a paper it names, from the words before the number in its sentence;
# council vocabulary of the kinds of paper in formats.md ("reports on", "amends", "supersedes").
_ROLES: tuple[tuple[ReferenceRole, re.Pattern[str]], ...] = (
    ("supersedes", re.compile(
        r"\b(?:ersetzt|aufgehoben|aufzuheben|für\s+erledigt\s+erklärt|tritt\s+an\s+die\s+Stelle)", re.I
    )),
    ("amends", re.compile(r"\b(?:Änderung|Ergänzung|ändert|ergänzt|geändert|in\s+der\s+Fassung)", re.I)),
    ("reports_on", re.compile(
        r"\b(?:Beschlusskontrolle|Sachstand|Bericht|berichtet|Umsetzung|Bezug|Vorgang|Mit\s+Beschlu(?:ss|ß)|"
        r"beauftragt|Erledigungsvermerk|Stellungnahme\s+zu|Antwort\s+auf|zur\s+Anfrage|Beschlu(?:ss|ß)\s+der|"
        r"(?:Rat|Bürgerschaft|Stadtverordnetenversammlung|Kreistag|BVV|Gemeinderat|Stadtrat|Ausschuss)\s+hat)",
        re.I,
    )),
)  # fmt: skip
# A sentence ends at a full stop or a blank line; a colon does not end one ("Bezug: Vorlage ...").
_SENTENCE_START = re.compile(
    r"(?<!Nr)(?<!Drs)(?<!Ds)(?<!Abs)(?<!vgl)(?<!ca)(?<!Ziff)(?<!Bez)(?<!Az)(?<!Beschl)(?<!\s[a-zäöü])(?<!Stv)[.!?]\s+(?=[A-ZÄÖÜ])"
    r"|\n\s*\n"
)
# A row of a table in a paper that reports on resolutions (a tabular Beschlusskontrolle).
_TABLE_ROW = re.compile(r"^\s*\|")
_REPORTING_PAPER = re.compile(r"Beschlusskontrolle|Erledigungsvermerk|Sachstand", re.I)
_PHONE = re.compile(r"(?:Rufnummer|Telefon|Tel\.|Fax)[^\n]{0,20}$", re.I)
_ROLE_CONTEXT = 100


def references(text: str, own: str | None) -> tuple[Reference, ...]:
    """Every other paper the text names, once each, with the role its sentence gives it
    ("cites" where it gives none)."""
    seen: dict[tuple[str, ...], Reference] = {}
    reporting = bool(_REPORTING_PAPER.search(text[:_HEAD]))
    for found in find_all(text):
        k = key(found.number)
        window = text[max(0, found.start - _ROLE_CONTEXT) : found.start]
        if (own is not None and matches(found.number, own)) or k in seen or _PHONE.search(window):
            continue
        if _SESSION_LABEL.search(text[max(0, found.start - 30) : found.start]):
            continue  # a session's number, not a paper's
        starts = list(_SENTENCE_START.finditer(window))
        sentence = window[starts[-1].end() :] if starts else window
        line = text[text.rfind("\n", 0, found.start) + 1 : found.start]
        role: ReferenceRole = next((r for r, pattern in _ROLES if pattern.search(sentence)), "cites")
        if role == "cites" and reporting and _TABLE_ROW.match(line):
            role = "reports_on"
        seen[k] = Reference(found.number, role)
    return tuple(seen.values())


def reported_on(text: str, refs: tuple[Reference, ...], head: int = _HEAD) -> str | None:
    """The earlier resolution a report is about: the first paper it says it reports on, in its header
    (a paper number before a minutes paragraph "§ 2093")."""
    head_refs = {key(f.number) for f in find_all(text, 0, min(head, len(text)))}
    named = [r.number for r in refs if r.role == "reports_on" and key(r.number) in head_refs]
    # "§ 2093 - M 87": a paragraph of the minutes that took the decision, beside the paper it
    # decided; the paper is what the resolution is known and asked by, and a paragraph alone
    # ("Vorgang: ... § 1874") is the history of a proposal, not a resolution it reports on.
    return next((n for n in named if not n.startswith("§")), None)


def key(number: str) -> tuple[str, ...]:
    """The comparison form: groups of letters and of digits, upper case, leading zeros dropped,
    the prefix label words a user may add ("Vorlage", "Drs.") removed."""
    text = re.sub(r"(?i)^\s*(?:vorlage|drucksache|drs\.?|ds\.?|nr\.?|beschlussvorlage)\s*", "", number)
    groups = re.findall(r"\d+|[A-Za-z]+|§", text.upper())
    return tuple(g.lstrip("0") or "0" if g.isdigit() else g for g in groups)


def _same_group(asked: str, indexed: str) -> bool:
    if asked == indexed:
        return True
    if asked.isdigit() and indexed.isdigit() and len(indexed) == 4 and indexed.startswith("20"):
        return len(asked) == 2 and indexed[2:] == asked.zfill(2)  # "24" for "2024"
    return False


def matches(asked: str, indexed: str) -> bool:
    """Does a number a user typed name the indexed paper number? Every group the user gave
    must match in order; a user may leave out a prefix the paper prints ("0874/V" for
    "DS/0874/V"), but not a digit group."""
    a, b = key(asked), key(indexed)
    if not a or not b:
        return False
    if len(a) == len(b):
        return all(_same_group(x, y) for x, y in zip(a, b, strict=True))
    if len(a) < len(b) and not b[0].isdigit() and len(a) == len(b) - 1:
        return all(_same_group(x, y) for x, y in zip(a, b[1:], strict=True))
    # "0588/21" for "0588/21-BV": a type code or electoral term after the digits may be left out
    if len(a) < len(b) and all(not g.isdigit() for g in b[len(a) :]):
        return all(_same_group(x, y) for x, y in zip(a, b, strict=False))
    return False


def main_group(number: str) -> str:
    """The longest group of digits ("733" of "Drs. 0733/2020"): what a user who types only
    part of a number ("die Drucksache 733") surely typed."""
    digits = [g for g in key(number) if g.isdigit()]
    return max(digits, key=len) if digits else ""


class Directory:
    """Indexed paper numbers → the resolution their papers belong to, looked up as users type them."""

    def __init__(self, names: list[tuple[str, str]]) -> None:
        """``names``: (a number a paper carries, the resolution it files under)."""
        self._by_group: dict[str, list[tuple[str, str]]] = {}
        for name, target in names:
            self._by_group.setdefault(main_group(name), []).append((name, target))

    def resolve(self, asked: str) -> str | None:
        """The one resolution ``asked`` names; None if it names none, or several (a loose
        number two papers fit is not guessed)."""
        candidates = self._by_group.get(main_group(asked), [])
        exact = {t for n, t in candidates if key(n) == key(asked)}
        if len(exact) == 1:
            return exact.pop()
        loose = {t for n, t in candidates if matches(asked, n)}
        if not loose and len(key(asked)) == 1:  # "Drucksache 733": only the main number
            loose = {t for _, t in candidates}
        return loose.pop() if len(loose) == 1 else None
