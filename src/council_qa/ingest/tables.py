"""Rows of a tabular Beschlusskontrolle: one resolution a row, with its status, citable by row.

A quarterly Beschlusskontrolle (formats.md) lists each resolution in a row: number, session,
subject, office in charge, "Erledigungsvermerk" (the status in the office's words), deadline, a
traffic light and a remark, often with notes below the table ("zu Nr. 3: ..."). The status is the
row's own cell, read with the council vocabulary below; the traffic light only where the cell says
nothing. Text exports break such tables (a wrapped cell continues on the next row with the first
cells empty, a row falls apart into one cell a line): both are joined back here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from council_qa.ingest import papernumbers
from council_qa.types import Status

_NUMBER_COLUMN = re.compile(r"Beschluss|Drucksache|Vorlage|Drs\.|DS\b", re.I)
# "Vermerk": the short heading of formats.md's "Erledigungsvermerk" column.
_STATUS_COLUMN = re.compile(r"Erledigung|Status|Sachstand|\bStand\b|Umsetzung|Vermerk", re.I)
# A table may list a resolution once per point ("0087/2025 | 1.2 | ..."): the point's own column.
_CLAUSE_COLUMN = re.compile(r"^(?:Punkt|Pkt\.?|Ziffer|Ziff\.?|Beschlusspunkt|Teilbeschluss)$", re.I)
_LABEL = re.compile(r"^\(?([0-9]{1,2}(?:\.[0-9]{1,2})*|[IVX]{1,5}|[a-z])[.)]?$")
_SUBJECT_COLUMN = re.compile(r"Gegenstand|Betreff|Thema|Titel|Inhalt", re.I)
_LIGHT_COLUMN = re.compile(r"Ampel", re.I)
_REMARK_COLUMN = re.compile(r"Bemerkung|Hinweis|Anmerkung", re.I)
MAX_LABEL_CHARS = 40
MAX_LABEL_WORDS = 4
_SEPARATOR = re.compile(r"^[\s|:\-–]+$")
_SENTENCE_DONE = re.compile(r"[.!?]\s*$")
_NOTE = re.compile(r"^\s*zu\s+(?:lfd\.\s*)?Nr\.?\s*(\d{1,3})\s*:\s*", re.I)

# The words offices put in a status cell, most specific first (a cell "durch Beschluss ...
# aufgehoben" is obsolete although "Beschluss" sounds like a decision, "teilweise erledigt" is
# partial although it says "erledigt").
CELL_WORDS: tuple[tuple[Status, str], ...] = (
    ("obsolete", r"aufgehoben|entfällt|entfallen|gegenstandslos|für\s+erledigt\s+erklärt|obsolet|hinfällig|ersetzt"),
    ("partially_fulfilled", r"teilweise|teils|zum\s+Teil"),
    ("not_fulfilled", r"ausgesetzt|zurückgestellt|nicht\s+(?:umgesetzt|erfüllt|begonnen)|abgelehnt|offen|gestoppt"),
    ("in_progress", r"in\s+Bearbeitung|in\s+Umsetzung|in\s+Planung|in\s+Prüfung|laufend|läuft|begonnen|in\s+Arbeit"),
    ("fulfilled", r"erledigt|umgesetzt|abgeschlossen|erfüllt|realisiert|fertiggestellt"),
)
_CELL_RULES = tuple((status, re.compile(rf"\b(?:{words})", re.I)) for status, words in CELL_WORDS)
LIGHTS: dict[str, Status] = {"grün": "fulfilled", "gelb": "in_progress", "rot": "not_fulfilled"}


Span = tuple[int, int]


@dataclass(frozen=True)
class Row:
    """One resolution's row: where it stands and the text that says so."""

    position: int  # the row's running number as printed, else its place in the table
    number: str | None  # the resolution's paper number
    clause: str | None  # the point of the resolution the row is on, where the table has a point column
    subject: str
    status_text: str  # the status cell as printed
    status: Status
    remark: str  # the remark cell and the note below the table ("zu Nr. 3: ...")
    start: int  # offsets of the row in the text it was read from
    end: int
    # Where the cells stand in that text, a piece per line of a wrapped cell: a citation quotes
    # the status cell and the remark, not the whole row with its pipes.
    subject_spans: tuple[Span, ...] = ()
    status_spans: tuple[Span, ...] = ()
    remark_spans: tuple[Span, ...] = ()  # the remark cell's pieces, then the note's span


@dataclass
class _Cell:
    text: str
    spans: list[Span]


@dataclass
class _Columns:
    count: int
    number: int
    status: int
    subject: int | None
    light: int | None
    remark: int | None
    clause: int | None = None
    # further status-like columns ("Sachstand" beside "Vermerk"): the verdict is read from the
    # one whose cells state one most often (``_verdict_column``), the others are remarks
    statuses: tuple[int, ...] = ()


def cell_status(cell: str, light: str = "") -> Status:
    """The status a cell states, else the traffic light's, else unknown."""
    for status, pattern in _CELL_RULES:
        if pattern.search(cell):
            return status
    return LIGHTS.get(light.strip().lower(), "unknown")


def _cells(line: str, at: int = 0) -> list[_Cell]:
    """The cells of a pipe-separated line, each with its span (the line starts at ``at``)."""
    out: list[_Cell] = []
    start = 0
    for piece in line.split("|"):
        text = piece.strip()
        lead = len(piece) - len(piece.lstrip())
        a = at + start + lead
        out.append(_Cell(text, [(a, a + len(text))] if text else []))
        start += len(piece) + 1
    if line.lstrip().startswith("|"):
        out = out[1:]
    if line.rstrip().endswith("|"):
        out = out[:-1]
    return out


def _texts(line: str) -> list[str]:
    return [c.text for c in _cells(line)]


def _first(cells: list[str], pattern: re.Pattern[str]) -> int | None:
    return next((i for i, c in enumerate(cells) if pattern.search(c)), None)


def _columns(line: str) -> _Columns | None:
    if line.count("|") < 2:
        return None
    # A header cell is a label ("Beschluss-Nr.", "Erledigungsvermerk"), not a sentence: a data
    # row whose text mentions "Beschlusskontrolle" and "Stand" is no header.
    cells = [c if len(c) <= MAX_LABEL_CHARS and len(c.split()) <= MAX_LABEL_WORDS else "" for c in _texts(line)]
    number = _first(cells, _NUMBER_COLUMN)
    statuses = tuple(i for i, c in enumerate(cells) if c and _STATUS_COLUMN.search(c) and i != number)
    if number is None or not statuses:
        return None
    subject = _first(cells, _SUBJECT_COLUMN)
    clause = _first(cells, _CLAUSE_COLUMN)
    return _Columns(
        len(cells),
        number,
        statuses[0],
        subject,
        _first(cells, _LIGHT_COLUMN),
        _first(cells, _REMARK_COLUMN),
        clause,
        statuses,
    )


def _verdict_column(table: list[tuple[list[_Cell], int, int]], cols: _Columns) -> _Columns:
    """Of several status-like columns ("Sachstand" with what was done, "Vermerk" with the
    verdict), the one whose cells state a status most often; a narrative column left over is
    read as the remark where the table has none."""
    if len(cols.statuses) < 2:
        return cols
    stated = [sum(cell_status(cells[i].text) != "unknown" for cells, _, _ in table) for i in cols.statuses]
    best = cols.statuses[max(range(len(stated)), key=lambda k: (stated[k], -k))]
    rest = [i for i in cols.statuses if i != best]
    remark = cols.remark if cols.remark is not None else rest[0]
    return replace(cols, status=best, remark=remark)


def _label(cell: str) -> str | None:
    m = _LABEL.match(cell.strip())
    return m.group(1) if m else None


def _lines(text: str) -> list[tuple[int, str]]:
    out, at = [], 0
    for line in text.split("\n"):
        out.append((at, line))
        at += len(line) + 1
    return out


def _read_table(lines: list[tuple[int, str]], cols: _Columns) -> tuple[list[tuple[list[_Cell], int, int]], int]:
    """The rows after the header as (cells, start, end), and the index of the first line after them."""
    rows: list[tuple[list[_Cell], int, int]] = []
    i = 0
    while i < len(lines):
        start, line = lines[i]
        if _SEPARATOR.match(line) and "|" in line:
            i += 1
            continue
        if line.count("|") < 2:
            break
        cells = _cells(line, start)
        end = start + len(line)
        i += 1
        # a row fallen apart into one cell a line: the missing cells follow, one a line
        while len(cells) < cols.count and i < len(lines) and "|" not in lines[i][1] and lines[i][1].strip():
            at, text = lines[i]
            lead = len(text) - len(text.lstrip())
            cells.append(_Cell(text.strip(), [(at + lead, at + lead + len(text.strip()))]))
            end = at + len(text)
            i += 1
        cells += [_Cell("", []) for _ in range(cols.count - len(cells))]
        if rows and not cells[0].text and not cells[cols.number].text:
            # a wrapped cell continues on the next line, the first cells empty
            previous, first, _ = rows[-1]
            pairs = zip(previous, cells, strict=False)
            joined = [_Cell(f"{a.text} {b.text}".strip(), a.spans + b.spans) for a, b in pairs]
            rows[-1] = (joined, first, end)
            continue
        rows.append((cells, start, end))
    return rows, i


def parse_rows(text: str) -> list[Row]:
    """The rows of the first table with a paper-number column and a status column."""
    lines = _lines(text)
    for h, (_, line) in enumerate(lines):
        cols = _columns(line)
        if cols is None:
            continue
        table, after = _read_table(lines[h + 1 :], cols)
        cols = _verdict_column(table, cols)
        notes = _notes(lines[h + 1 + after :])
        out = []
        for place, (cells, start, end) in enumerate(table, 1):
            found = papernumbers.find_all(cells[cols.number].text)
            position = int(cells[0].text) if cells[0].text.isdigit() else place
            light = cells[cols.light].text if cols.light is not None else ""
            remark_cell = _cell(cells, cols.remark)
            note_text, note_span = notes.get(position, ("", None))
            remark = " ".join(x for x in (remark_cell.text, note_text) if x)
            subject = _cell(cells, cols.subject)
            out.append(
                Row(
                    position=position,
                    number=found[0].number if found else None,
                    clause=_label(cells[cols.clause].text) if cols.clause is not None else None,
                    subject=subject.text,
                    status_text=cells[cols.status].text,
                    status=cell_status(cells[cols.status].text, light),
                    remark=remark,
                    start=start,
                    end=end,
                    subject_spans=tuple(subject.spans),
                    status_spans=tuple(cells[cols.status].spans),
                    remark_spans=(*remark_cell.spans, *([note_span] if note_span else [])),
                )
            )
        return out
    return []


def _cell(cells: list[_Cell], index: int | None) -> _Cell:
    return cells[index] if index is not None and cells[index].text not in ("-", "–") else _Cell("", [])


def _notes(lines: list[tuple[int, str]]) -> dict[int, tuple[str, Span]]:
    """The notes below a table by row, with their spans: "zu Nr. 3: Seit dem 01.09. sind alle
    Leistungen online."."""
    notes: dict[int, tuple[str, Span]] = {}
    current: int | None = None
    for at, line in lines:
        m = _NOTE.match(line)
        if m:
            current = int(m.group(1))
            body = line[m.end() :].strip()
            first = at + m.end() + (len(line[m.end() :]) - len(line[m.end() :].lstrip()))
            notes[current] = (body, (first, first + len(body)))
        elif current is not None and _continues(notes[current][0], line):
            body, (first, _) = notes[current]
            notes[current] = (f"{body} {line.strip()}", (first, at + len(line.rstrip())))
        else:
            current = None
    return notes


def _continues(note: str, line: str) -> bool:
    """Does ``line`` carry on the note above it? Only where the note's sentence is not done or the
    line goes on in lower case: the place and date under the notes ("Eichenried, 04.07.2025")
    or a heading ("Anlagen:") are the paper's closing, not part of the last note."""
    text = line.strip()
    if not text or text.endswith(":"):
        return False
    return not _SENTENCE_DONE.search(note) or text[0].islower()
