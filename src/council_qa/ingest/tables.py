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
from dataclasses import dataclass

from council_qa.ingest import papernumbers
from council_qa.types import Status

_NUMBER_COLUMN = re.compile(r"Beschluss|Drucksache|Vorlage|Drs\.|DS\b", re.I)
_STATUS_COLUMN = re.compile(r"Erledigung|Status|Sachstand|\bStand\b|Umsetzung", re.I)
_SUBJECT_COLUMN = re.compile(r"Gegenstand|Betreff|Thema|Titel|Inhalt", re.I)
_LIGHT_COLUMN = re.compile(r"Ampel", re.I)
_REMARK_COLUMN = re.compile(r"Bemerkung|Hinweis|Anmerkung", re.I)
_SEPARATOR = re.compile(r"^[\s|:\-–]+$")
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


@dataclass(frozen=True)
class Row:
    """One resolution's row: where it stands and the text that says so."""

    position: int  # the row's running number as printed, else its place in the table
    number: str | None  # the resolution's paper number
    subject: str
    status_text: str  # the status cell as printed
    status: Status
    remark: str  # the remark cell and the note below the table ("zu Nr. 3: ...")
    start: int  # offsets of the row in the text it was read from
    end: int


@dataclass
class _Columns:
    count: int
    number: int
    status: int
    subject: int | None
    light: int | None
    remark: int | None


def cell_status(cell: str, light: str = "") -> Status:
    """The status a cell states, else the traffic light's, else unknown."""
    for status, pattern in _CELL_RULES:
        if pattern.search(cell):
            return status
    return LIGHTS.get(light.strip().lower(), "unknown")


def _cells(line: str) -> list[str]:
    cells = [c.strip() for c in line.split("|")]
    if line.lstrip().startswith("|"):
        cells = cells[1:]
    if line.rstrip().endswith("|"):
        cells = cells[:-1]
    return cells


def _first(cells: list[str], pattern: re.Pattern[str]) -> int | None:
    return next((i for i, c in enumerate(cells) if pattern.search(c)), None)


def _columns(line: str) -> _Columns | None:
    if line.count("|") < 2:
        return None
    cells = _cells(line)
    number, status = _first(cells, _NUMBER_COLUMN), _first(cells, _STATUS_COLUMN)
    if number is None or status is None or number == status:
        return None
    subject = _first(cells, _SUBJECT_COLUMN)
    return _Columns(len(cells), number, status, subject, _first(cells, _LIGHT_COLUMN), _first(cells, _REMARK_COLUMN))


def _lines(text: str) -> list[tuple[int, str]]:
    out, at = [], 0
    for line in text.split("\n"):
        out.append((at, line))
        at += len(line) + 1
    return out


def _read_table(lines: list[tuple[int, str]], cols: _Columns) -> tuple[list[tuple[list[str], int, int]], int]:
    """The rows after the header as (cells, start, end), and the index of the first line after them."""
    rows: list[tuple[list[str], int, int]] = []
    i = 0
    while i < len(lines):
        start, line = lines[i]
        if _SEPARATOR.match(line) and "|" in line:
            i += 1
            continue
        if line.count("|") < 2:
            break
        cells = _cells(line)
        end = start + len(line)
        i += 1
        # a row fallen apart into one cell a line: the missing cells follow, one a line
        while len(cells) < cols.count and i < len(lines) and "|" not in lines[i][1] and lines[i][1].strip():
            cells.append(lines[i][1].strip())
            end = lines[i][0] + len(lines[i][1])
            i += 1
        cells += [""] * (cols.count - len(cells))
        if rows and not cells[0] and not cells[cols.number]:
            # a wrapped cell continues on the next line, the first cells empty
            previous, first, _ = rows[-1]
            rows[-1] = ([f"{a} {b}".strip() for a, b in zip(previous, cells, strict=False)], first, end)
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
        notes = _notes(lines[h + 1 + after :])
        out = []
        for place, (cells, start, end) in enumerate(table, 1):
            found = papernumbers.find_all(cells[cols.number])
            position = int(cells[0]) if cells[0].isdigit() else place
            light = cells[cols.light] if cols.light is not None else ""
            remark = " ".join(x for x in (_cell(cells, cols.remark), notes.get(position, "")) if x)
            out.append(
                Row(
                    position=position,
                    number=found[0].number if found else None,
                    subject=_cell(cells, cols.subject),
                    status_text=cells[cols.status],
                    status=cell_status(cells[cols.status], light),
                    remark=remark,
                    start=start,
                    end=end,
                )
            )
        return out
    return []


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index] if index is not None and cells[index] not in ("-", "–") else ""


def _notes(lines: list[tuple[int, str]]) -> dict[int, str]:
    """The notes below a table by row: "zu Nr. 3: Seit dem 01.09. sind alle Leistungen online."."""
    notes: dict[int, str] = {}
    current: int | None = None
    for _, line in lines:
        m = _NOTE.match(line)
        if m:
            current = int(m.group(1))
            notes[current] = line[m.end() :].strip()
        elif current is not None and line.strip() and not line.rstrip().endswith(":"):
            notes[current] = f"{notes[current]} {line.strip()}"
        else:
            current = None
    return notes
