"""Find the numbered clauses a memo quotes, and split each into resolution text and report."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from council_qa.ingest import status as status_rules
from council_qa.ingest.clean import CleanText
from council_qa.ingest.dates import MONTH_WORDS
from council_qa.ingest.passages import passages
from council_qa.types import Clause

# A point's label at the start of a line, as memos quote them ("1c. „...“", "Beschlusspunkt 2:")
# and as reports answer them ("Zu Ziffer 1 (Qualitätsstandard):", "Zu Punkt 1:", "Zu 1)",
# "zu b) 1.", "Zu Ziffer II:", "1.1 „...“", "2.a"); a Roman numeral or a letter alone only after
# "Zu"/"Ziffer", where it cannot be a heading or an enumeration of something else.
_ANSWERS = r"(?:Zu|zu|Zum|zum)\s+"
_NAMED = r"(?:(?:Beschlusspunkt|Beschlusstext|Punkt|Ziffer|Nr\.)\s+)"
_LABEL_BODY = (
    rf"(?:(?P<zu>{_ANSWERS})?{_NAMED}?"
    rf"(?P<n>\d{{1,2}})(?:\.(?P<sub>\d{{1,2}})(?!\d))?\.?\s?(?P<l>[a-z])?(?!\w)"
    rf"|(?P<zu2>{_ANSWERS})(?:{_NAMED}(?P<roman>[IVX]{{1,4}})|(?P<letter>[a-h])\)(?:\s*(?P<lsub>\d)\.)?))"
    # after the label: a topic in brackets, then ".", ")", ":" or a dash ("Punkt 2 - Eichengrund")
    r"[ \t]*(?:\([^)\n]{0,80}\))?[ \t]*(?:[.):]|[-–](?=[ \t]))?\s*"
    rf"(?=[„\"“»']|,,|(?!{MONTH_WORDS}\b)[A-ZÄÖÜ])"
)
# minutes list the answers as bullets: "- Zu Ziffer I: Bislang seien ..."
_NAMED_AT = re.compile(r"[ \t]*" + _NAMED)
_LABEL = re.compile(r"^[ \t]*(?:[-–•·▪][ \t]+(?=[Zz]u\s))?" + _LABEL_BODY, re.MULTILINE)
# A point lettered on its own, "a) Am Bahnhof ..." (formats.md: "a) … d) with 1. … 2. nested
# inside"): a resolution's points only where a decision introduces them or as sub-points of a
# numbered point; elsewhere it is any enumeration.
_BARE_LETTER = re.compile(r"^[ \t]*(?P<letter>[a-h])\)[ \t]+(?=[„\"“»']|,,|[A-ZÄÖÜ])", re.MULTILINE)
# Roman points with no "Ziffer" before them, on lines of their own or run together in one
# paragraph (formats.md: "Roman I. … VI. run together in one paragraph").
_BARE_ROMAN = re.compile(r"(?:^[ \t]*|(?<=[.;] ))(?P<roman>[IVX]{1,4})\.[ \t]+(?=[„\"“»']|,,|[A-ZÄÖÜ])", re.MULTILINE)
# A PDF flattened onto one line (formats.md, text damage) runs its points on after the previous
# sentence: there a label may follow a sentence's end and a space.
_INLINE_LABEL = re.compile(r"(?<=[.:;!?\"“”»)] )" + _LABEL_BODY)
_FLAT_LINE = 1500
# German ordinals' stems, first to ninth; an ending follows ("ersten", "zweite", "dritter").
ORDINALS = ("erst", "zweit", "dritt", "viert", "fünft", "sechst", "siebt", "acht", "neunt")
_INDENT = re.compile(
    rf"^[ \t]*{_ANSWERS}(?P<ord>{'|'.join(ORDINALS)})e[nrs]?\s+(?:Spiegelstrich|Aufzählungspunkt)\b[^\n:]*:?\s*",
    re.MULTILINE | re.IGNORECASE,
)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
_OPEN = '„»“"'
_CLOSERS = re.compile(r"''|[\"“”«]|„|,,")
CLOSING = re.compile(
    r"^(?:n[äa]chste\s+(?:Beschluss)?kontrolle|n[äa]chste[rn]?\s+(?:Sachstands)?bericht(?:erstattung)?\s*:|Wiedervorlage|"
    r"Mit freundlichen|\S*\s*Grü(?:ß|ss)en\b|Hochachtungsvoll|gez\.|i\.\s?A\.\s|Im Auftrag\b)",
    re.MULTILINE | re.IGNORECASE,
)


# A proposal's points end where its explanation begins, on a heading line of its own
# (formats.md: "Beschlussvorschlag" with numbered points, then "Sachverhalt" / "Begründung" /
# "Finanzielle Auswirkungen"); that text is the paper's running text, not the last point's.
EXPLANATION = re.compile(
    # ALLRIS prints its fold-away control after a section title: "Sachverhalt Reduzieren"
    r"^(?:#{1,6}\s*)?(?:Sachverhalt|Begründung|Finanzielle\s+Auswirkungen)[ \t]*:?"
    r"[ \t]*(?:Reduzieren|Erweitern)?[ \t]*$",
    re.MULTILINE | re.IGNORECASE,
)
_INLINE_CLOSING = re.compile(r"(?<=[.:;!?] )" + CLOSING.pattern.removeprefix("^"), re.IGNORECASE)


@dataclass(frozen=True)
class LabelAt:
    label: str
    start: int  # cleaned offset of the line
    body: int  # cleaned offset after the label
    answers: bool = False  # "Zu 1:": a report's answer, not the quoted point
    nests: bool = False  # "a)" alone or "1." alone: may be a sub-point of the point before it
    bare: bool = False  # a letter or Roman numeral alone, which any enumeration may print


def _label(m: re.Match[str]) -> str:
    """The label in one form: "01" → "1", "2.a" → "2a", "1.1", "II", "b1" (b) 1.), "a"."""
    if m.group("roman"):
        return m.group("roman")
    if m.group("letter"):
        return m.group("letter") + (m.group("lsub") or "")
    number = str(int(m.group("n")))
    if m.group("sub"):
        return f"{number}.{int(m.group('sub'))}"
    return number + (m.group("l") or "")


def _order(label: str) -> tuple[str, int, int]:
    """(scheme, point, sub-point): the position of a label in its numbering."""
    if label.startswith("bullet-"):
        return "bullet", int(label[7:]), 0
    if label in _ROMAN:
        return "roman", _ROMAN[label], 0
    if m := re.fullmatch(r"([a-h])(\d?)", label):
        return "letter", ord(m[1]) - ord("a") + 1, int(m[2] or 0)
    m = re.fullmatch(r"(\d+)(?:\.(\d+)|([a-z]))?", label)
    assert m is not None, label
    sub = int(m[2]) if m[2] else (ord(m[3]) - ord("a") + 1 if m[3] else 0)
    return "number", int(m[1]), sub


def _follows(prev: str | None, label: str) -> bool:
    """Is ``label`` a plausible next point after ``prev`` (1 → 1a → 1b → 2, 1.1 → 1.2 → 2.1,
    I → II, a → b1 → b2, in one numbering scheme)?"""
    scheme, num, sub = _order(label)
    if prev is None:
        return num <= 2
    pscheme, pnum, psub = _order(prev)
    if scheme != pscheme:
        return False
    if num == pnum:
        return sub == psub + 1
    return num == pnum + 1 and sub in (0, 1)


def is_flat(text: str) -> bool:
    """Has the text lost its line breaks: a line longer than any paragraph a paper prints?"""
    return max((len(line) for line in text.split("\n")), default=0) >= _FLAT_LINE


def find_labels(text: str) -> list[LabelAt]:
    pattern = _INLINE_LABEL if is_flat(text) else _LABEL
    matches = list(_LABEL.finditer(text))
    if pattern is _INLINE_LABEL:
        matches = sorted([*matches, *_INLINE_LABEL.finditer(text)], key=lambda m: m.start())
    candidates = [
        LabelAt(_label(m), m.start(), m.end(), bool(m.group("zu") or m.group("zu2")), _plain(m)) for m in matches
    ]
    candidates += [
        LabelAt(m.group("letter"), m.start(), m.end(), nests=True, bare=True) for m in _BARE_LETTER.finditer(text)
    ]
    candidates += [
        LabelAt(m.group("roman"), m.start(), m.end(), bare=True)
        for m in _BARE_ROMAN.finditer(text)
        if m.group("roman") in _ROMAN
    ]
    candidates += [
        LabelAt(f"bullet-{ORDINALS.index(m.group('ord').lower()) + 1}", m.start(), m.end(), True)
        for m in _INDENT.finditer(text)
    ]
    candidates.sort(key=lambda c: c.start)
    quoted = [c for c in candidates if _opens_quote(text, c.body)]
    answers = [c for c in candidates if c.answers]
    if len(quoted) >= 2:
        candidates = quoted  # the memo quotes its clauses: an unquoted "2. ..." is a list item
    elif len(answers) >= 2:
        candidates = answers  # a report answers the points one by one: "Zu 1:", "Zu 2:"
    found: list[LabelAt] = []
    for c in candidates:
        if found and EXPLANATION.search(text, found[0].body, c.start):
            break  # the points end where the explanation begins: its lists continue none of them
        if label := _placed(found[-1].label if found else None, c, text):
            found.append(replace(c, label=label))
    return found or bullet_points(text)


def _plain(m: re.Match[str]) -> bool:
    """A bare "1." or "2)": no sub-point, no letter, not named, not an answer."""
    return not any(m.group(g) for g in ("zu", "zu2", "sub", "l")) and not _NAMED_AT.match(m.group(0))


def _placed(prev: str | None, c: LabelAt, text: str) -> str | None:
    """The label ``c`` takes after ``prev``, or None if it is no next point: as printed, or as a
    sub-point of ``prev``'s point (a bare "a)" under "1." is 1a, a bare "1." under "a)" is a1).
    A bare letter or Roman numeral starts a list of points, and a first sub-point its list, only
    after a line ending in ":" or "," ("Die Stadtverordnetenversammlung beschließt:")."""
    if c.bare and prev is None:
        return c.label if _introduced(text, c.start) else None
    if _follows(prev, c.label):
        return c.label
    if not c.nests or prev is None:
        return None
    scheme, num, _ = _order(prev)
    if c.label.isalpha() and c.label.islower() and scheme == "number":
        nested = f"{num}{c.label}"
    elif c.label.isdigit() and scheme == "letter":
        nested = f"{chr(ord('a') + num - 1)}{c.label}"
    else:
        return None
    if not _follows(prev, nested):
        return None
    # the first sub-point follows a line that announces it ("1. Die Verwaltung prüft:")
    return nested if _order(nested)[2] > 1 or _introduced(text, c.start) else None


# A bullet at the start of a line (formats.md: "-", "·", "•", "o", "Ø" instead of numbers).
_BULLET = re.compile(r"^[ \t]*[-–•·▪*Øo][ \t]+(?=\S)", re.MULTILINE)
# An answer by topic: "Ø **Busbahnhof:** Die Sanierung ..." (the topic, then the report).
_TOPIC = re.compile(r"\**[^\n:*]{2,60}?:\**[ \t]*(?=\S)")


def bullet_points(text: str) -> list[LabelAt]:
    """Points given as bullets instead of numbers, addressed as "bullet-1" ... (the first
    Spiegelstrich ...): the first run of two or more bullet lines that a line ending in ":" or ","
    introduces ("Der Gemeinderat beauftragt die Verwaltung,"), so that a list of attachments or
    of facts under a heading is no list of points. A bullet that opens with its topic and a
    colon is a report's answer to that point."""
    lines = list(_BULLET.finditer(text))
    run: list[re.Match[str]] = []
    for m in lines:
        if run and _next_line(text, run[-1].start()) != m.start():
            if len(run) >= 2:
                break
            run = []
        if not run and not _introduced(text, m.start()):
            continue
        run.append(m)
    if len(run) < 2:
        return []
    out = []
    for i, m in enumerate(run, 1):
        topic = _TOPIC.match(text, m.end())
        body = topic.end() if topic and topic.end() <= text.find("\n", m.end()) % (len(text) + 1) else m.end()
        out.append(LabelAt(f"bullet-{i}", m.start(), body, answers=topic is not None))
    return out


def _next_line(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end == -1 else end + 1


def _introduced(text: str, start: int) -> bool:
    before = text[: max(start - 1, 0)].rstrip()
    return before.endswith((":", ","))


def _opens_quote(text: str, at: int) -> bool:
    return text[at : at + 1] in _OPEN or text.startswith(",,", at)


def _opens_inner(text: str, at: int) -> bool:
    """A straight quote after a space and before a word opens a quotation inside the quoted point
    ('einer "Open Library" mit'); one closing it follows a word."""
    return at > 0 and text[at - 1] in " \t\n(" and text[at + 1 : at + 2].isalnum()


def _quote_end(text: str, start: int, end: int) -> int | None:
    """End of the quotation opening at ``start``, nested quotes counted, or None if unclosed."""
    depth = 0
    for m in _CLOSERS.finditer(text, start, end):
        token = m.group()
        if token in ("„", ",,") or (token == '"' and (m.start() == start or _opens_inner(text, m.start()))):
            depth += 1
        else:
            depth -= 1
            if depth <= 0:
                return m.end()
    return None


def parse_clauses(clean: CleanText, original: str) -> tuple[list[Clause], int | None, int | None]:
    """The clauses, and the cleaned offsets where the first begins and the closing begins."""
    text = clean.text
    labels = find_labels(text)
    if not labels:
        return [], None, None
    closing = _closing(text, labels[-1].body)
    explained = EXPLANATION.search(text, labels[-1].body)
    stop = min(m.start() for m in (closing, explained) if m) if closing or explained else len(text)
    return _clauses(clean, original, labels, stop), labels[0].start, (closing.start() if closing else None)


def parse_region(clean: CleanText, original: str, start: int, end: int) -> list[Clause]:
    """The clauses of one part of a paper (an agenda item of minutes, one resolution's block of
    a Beschlusskontrolle), numbered within it; the last ends at the part's end or its closing."""
    text = clean.text[start:end]
    labels = [replace(c, start=c.start + start, body=c.body + start) for c in find_labels(text)]
    if not labels:
        return []
    closing = _closing(clean.text[:end], labels[-1].body)
    return _clauses(clean, original, labels, closing.start() if closing else end)


def _clauses(clean: CleanText, original: str, labels: list[LabelAt], stop: int) -> list[Clause]:
    text = clean.text
    clauses = []
    for here, nxt in zip(labels, [*labels[1:], None], strict=False):
        end = nxt.start if nxt else stop
        body = here.body
        quote_end = _quote_end(text, body, end) if _opens_quote(text, body) else None
        if here.answers and quote_end is None:
            quote_end = body  # an answer is all report: the point's own text is not repeated
        elif quote_end is None:
            line_end = text.find("\n", body, end)
            quote_end = end if line_end == -1 else line_end
        quoted = passages(clean, original, body, quote_end)
        report = passages(clean, original, quote_end, end)
        status, verdict = status_rules.classify(report)
        region = passages(clean, original, here.start, end)
        clauses.append(
            Clause(
                label=here.label,
                resolution_text=" ".join(p.text for p in quoted).strip(_OPEN + "'”«, "),
                report=" ".join(p.text for p in report),
                status=status,
                pages=tuple(sorted({p.page for p in region})) or (clean.page_of(here.start),),
                source_start=region[0].source_start if region else clean.mapped.span(here.start, end)[0],
                source_end=region[-1].source_end if region else clean.mapped.span(here.start, end)[1],
                verdict=verdict,
                report_passages=report,
                text_passages=quoted,
            )
        )
    return clauses


def _closing(text: str, start: int) -> re.Match[str] | None:
    """The closing lines at or after ``start``: on a line of their own, or, in a text flattened
    onto one line, after a sentence's end."""
    return CLOSING.search(text, start) or (_INLINE_CLOSING.search(text, start) if is_flat(text) else None)


def explained_until(text: str, start: int) -> int:
    """Where a proposal's explanation after its points (``EXPLANATION``) ends: at the closing
    lines (next review, greeting, signature) or the end; ``start`` where the points are followed
    by the closing lines directly."""
    closing = _closing(text, start)
    end = closing.start() if closing else len(text)
    explained = EXPLANATION.search(text, start, end)
    return end if explained else start
