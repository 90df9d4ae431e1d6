"""Find the numbered clauses a memo quotes, and split each into resolution text and report."""

from __future__ import annotations

import re
from dataclasses import dataclass

from council_qa.ingest import status as status_rules
from council_qa.ingest.clean import CleanText
from council_qa.ingest.dates import MONTH_WORDS
from council_qa.ingest.passages import passages
from council_qa.types import Clause

_LABEL = re.compile(
    r"^(?:(?:Zu|Beschlusspunkt|Punkt|Ziffer)\s+)?(?P<n>\d{1,2})\s?(?P<l>[a-z])?\s*[.):]\s*"
    rf"(?=[„\"“»']|,,|(?!{MONTH_WORDS}\b)[A-ZÄÖÜ])",
    re.MULTILINE,
)
_OPEN = '„»“"'
_CLOSERS = re.compile(r"''|[\"“”«]|„|,,")
CLOSING = re.compile(
    r"^(?:n[äa]chste\s+(?:Beschluss)?kontrolle|n[äa]chste[rn]?\s+(?:Sachstands)?bericht(?:erstattung)?\s*:|Wiedervorlage|"
    r"Mit freundlichen|\S*\s*Grü(?:ß|ss)en\b|Hochachtungsvoll|gez\.|i\.\s?A\.\s|Im Auftrag\b)",
    re.MULTILINE | re.IGNORECASE,
)


@dataclass(frozen=True)
class LabelAt:
    label: str
    start: int  # cleaned offset of the line
    body: int  # cleaned offset after the label


def _follows(prev: str | None, label: str) -> bool:
    """Is ``label`` a plausible next clause after ``prev`` (1 → 1a → 1b → 2 → 2a ...)?"""
    num, letter = int(re.match(r"\d+", label).group()), label.lstrip("0123456789")  # type: ignore[union-attr]
    if prev is None:
        return num <= 2
    pnum, pletter = int(re.match(r"\d+", prev).group()), prev.lstrip("0123456789")  # type: ignore[union-attr]
    if num == pnum:
        return bool(letter) and ((not pletter and letter == "a") or (bool(pletter) and ord(letter) == ord(pletter) + 1))
    return num == pnum + 1 and letter in ("", "a")


def find_labels(text: str) -> list[LabelAt]:
    candidates = [LabelAt(m.group("n") + (m.group("l") or ""), m.start(), m.end()) for m in _LABEL.finditer(text)]
    quoted = [c for c in candidates if _opens_quote(text, c.body)]
    if len(quoted) >= 2:
        candidates = quoted  # the memo quotes its clauses: an unquoted "2. ..." is a list item
    found: list[LabelAt] = []
    for c in candidates:
        if _follows(found[-1].label if found else None, c.label):
            found.append(c)
    return found


def _opens_quote(text: str, at: int) -> bool:
    return text[at : at + 1] in _OPEN or text.startswith(",,", at)


def _quote_end(text: str, start: int, end: int) -> int | None:
    """End of the quotation opening at ``start``, nested quotes counted, or None if unclosed."""
    depth = 0
    for m in _CLOSERS.finditer(text, start, end):
        token = m.group()
        if token in ("„", ",,") or (token == '"' and m.start() == start):
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
    closing = CLOSING.search(text, labels[-1].body)
    stop = closing.start() if closing else len(text)
    clauses = []
    for here, nxt in zip(labels, [*labels[1:], None], strict=False):
        end = nxt.start if nxt else stop
        body = here.body
        quote_end = _quote_end(text, body, end) if _opens_quote(text, body) else None
        if quote_end is None:
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
    return clauses, labels[0].start, (closing.start() if closing else None)
