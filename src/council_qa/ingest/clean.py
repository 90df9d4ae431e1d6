"""Turn OCR output into readable text without losing the way back to the original.

A scanned memo arrives with page markers between lines, stray garbage lines, words broken
across lines with no hyphen and OCR confusions (``Ic.`` for clause ``1c.``, ``Im`` for ``im``).
Each repair here is conservative: it acts only where the damage is unmistakable, so a word
that is right is never changed. Every cleaned character keeps its original offset.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from council_qa.ingest import ocr_repair
from council_qa.ingest.dates import MONTH_WORDS
from council_qa.ingest.pages import PageMap, from_markers, from_page_starts, marker_number
from council_qa.ingest.textmap import MappedText, MappedTextBuilder
from council_qa.types import RawDocument

_LINE = re.compile(r"[^\n]*\n?")
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]{4,}")
_BLOCK_START = re.compile(
    rf"^(?:[-–•·▪*]\s|\d{{1,2}}\s?[a-z]?[.):]\s*(?!{MONTH_WORDS}\b)\S|[a-h]\)\s|[„\"“»]|,,|(?:Zu|Beschlusspunkt|Punkt|Ziffer)\s+\d|Zu\s+(?:[a-h]\)|(?:Ziffer|Punkt|Nr\.?|Frage)\s)"
    r"|Sehr geehrte|Mit freundlichen|n[äa]chste\s+(?:Beschluss)?kontrolle|Wiedervorlage"
    # a rule line, a quoted or marked-up heading (">> Vorgang", "## TOP 4"), an agenda item or
    # a decision number: each starts a block of its own (see ``blocks``)
    r"|[=_*~-]{5,}\s*$|>>|#{1,6}\s|(?:TOP|Tagesordnungspunkt|Vorgang|Beschluss[- ]?Nr)\b)",
    re.IGNORECASE,
)
_RULE = re.compile(r"^[=_*~-]{5,}\s*$")
_SENTENCE_END = re.compile(r"[.!?:;\"“”'»]$")
_STOPWORDS = frozenset(
    [
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einer",
        "eines",
        "einem",
        "einen",
        "und",
        "oder",
        "aber",
        "sowie",
        "mit",
        "von",
        "vom",
        "zu",
        "zum",
        "zur",
        "im",
        "in",
        "ins",
        "an",
        "am",
        "auf",
        "aus",
        "bei",
        "bis",
        "für",
        "nach",
        "über",
        "unter",
        "um",
        "vor",
        "durch",
        "gegen",
        "ohne",
        "als",
        "wie",
        "ist",
        "sind",
        "war",
        "wird",
        "werden",
        "wurde",
        "wurden",
        "hat",
        "haben",
        "sein",
        "nicht",
        "auch",
        "noch",
        "nur",
        "so",
        "sich",
        "es",
        "er",
        "sie",
        "wir",
        "ihr",
        "sowie",
        "bzw",
        "dass",
        "daß",
        "ob",
        "wenn",
        # adverbs that end a line before the word they qualify ("ist damit" + "gegenstandslos") and
        # never begin a longer word
        "damit",
        "somit",
        "daher",
        "inzwischen",
        "jedoch",
        "ebenfalls",
        "zudem",
        "hierzu",
        "bereits",
    ]
)


@dataclass(frozen=True)
class Line:
    start: int
    end: int  # exclusive, without the line break
    text: str


@dataclass(frozen=True)
class CleanText:
    mapped: MappedText
    pages: PageMap
    dropped_noise: tuple[str, ...]

    @property
    def text(self) -> str:
        return self.mapped.text

    def page_of(self, clean_offset: int) -> int:
        if not self.mapped.text:
            return 1
        index = min(max(clean_offset, 0), len(self.mapped.text) - 1)
        return self.pages.page_at(self.mapped.origin[index])


def split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    for m in _LINE.finditer(text):
        if m.start() == m.end():
            break
        raw = m.group().rstrip("\n").rstrip("\r")
        lines.append(Line(m.start(), m.start() + len(raw), raw))
    return lines


def is_noise(line: str) -> bool:
    """A short stray line of OCR garbage such as ``QLGgqGU*`` (never a word or a number)."""
    s = line.strip()
    if not s or " " in s or len(s) > 24:
        return False
    letters = sum(ch.isalpha() for ch in s)
    if letters == 0:
        return not any(ch.isdigit() for ch in s)
    odd = sum(not (ch.isalnum() or ch in ".,:;()/§-–'\"„“") for ch in s)
    case_flips = sum(1 for a, b in itertools.pairwise(s) if a.isalpha() and b.isalpha() and a.islower() and b.isupper())
    return (odd > 0 and case_flips > 0) or case_flips >= 2 or odd >= 2


def _is_row(line: str) -> bool:
    """A table row ("1 | 19/0477/1 | erledigt |"): its own line, never run on into the next."""
    return line.count("|") >= 2


def _join(prev: str, nxt: str, vocabulary: Counter[str], short: bool) -> str:
    """How two consecutive lines meet: "" (a broken word), "-" kept, " " or a line break."""
    if not prev or _BLOCK_START.match(nxt) or _RULE.match(prev) or _is_row(prev) or _is_row(nxt):
        return "\n"
    head = re.search(r"([A-Za-zÄÖÜäöüß]+)(-?)$", prev)
    tail = re.match(r"[a-zäöüß]+", nxt)
    if head and tail and head.group(2):
        # "Integrations-" + "konzept" loses its hyphen; "Beteiligungs-" + "und" keeps it.
        return "-" if tail.group() in _STOPWORDS else ""
    if _SENTENCE_END.search(prev) and (nxt[:1].isupper() or nxt[:1].isdigit()):
        return "\n"
    if head and tail:
        return _word_joint(head.group(1), tail.group(), vocabulary)
    return "\n" if short else " "


def _word_joint(fragment: str, rest: str, vocabulary: Counter[str]) -> str:
    """ "Dres" + "den": one word broken by the typesetter, or two words ("zu" + "legen")?"""
    if (fragment + rest).lower() in vocabulary:
        return ""
    if any(ch.isupper() for ch in fragment[1:]):
        return " "  # "gGmbH", "LVB": an abbreviation or a name is a whole word, never a word's first half
    if len(fragment) >= 4 and len(rest) >= 4 and vocabulary[fragment.lower()] >= 2 and vocabulary[rest] >= 2:
        # Both halves stand as words elsewhere in the paper too ("Betrieb" + "genommen"); the
        # count of two leaves out the fragments at this very line break.
        return " "
    if rest in _STOPWORDS:
        return " "
    if fragment.lower() in _STOPWORDS and not fragment[:1].isupper():
        return " "
    return ""


def clean(raw: RawDocument) -> CleanText:
    text = raw.text
    lines = split_lines(text)
    markers: list[tuple[int, int]] = []
    content: list[Line] = []
    noise: list[str] = []
    page_no = 1
    for line in lines:
        if "\f" in line.text:
            page_no += 1
            markers.append((line.start + line.text.index("\f") + 1, page_no))
        number = marker_number(line.text)
        if number is not None and number == page_no + 1:
            page_no = number
            markers.append((line.end, number))
            continue
        if not line.text.strip(" \t\f"):
            continue
        if is_noise(line.text):
            noise.append(line.text.strip())
            continue
        content.append(line)
    pages = from_page_starts(raw.page_starts) if raw.page_starts else from_markers(markers)

    vocabulary = Counter(w.lower() for w in _WORD.findall(text))
    lengths = [len(ln.text.strip()) for ln in content]
    wide = statistics.quantiles(lengths, n=10)[-1] if len(lengths) >= 10 else max(lengths or [0])
    out = MappedTextBuilder(len(text))
    prev_text = ""
    for line in content:
        lead = len(line.text) - len(line.text.lstrip(" \t\f"))
        body = line.text.strip(" \t\f")
        start = line.start + lead
        body = ocr_repair.repair_label(body)
        if prev_text:
            short = len(prev_text) < 0.6 * wide
            joint = _join(prev_text, body, vocabulary, short)
            if joint == "":
                if prev_text.endswith("-"):
                    out.drop_last()
            elif joint == "-":
                out.put(" ", start - 1)
            else:
                out.put(joint, start - 1)
            continues = joint != "\n"
        else:
            continues = False
        repaired = ocr_repair.repair_line(body, continues_sentence=continues)
        out.put_each(repaired, start)
        prev_text = body
    return CleanText(out.build(), pages, tuple(noise))
