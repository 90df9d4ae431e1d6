"""German dates as councils write them: "30. Juni 2021", "25. JAN. 2021", "14.09.2021"."""

from __future__ import annotations

import re
from datetime import date

MONTH_NAMES = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)  # fmt: skip
MONTHS = {
    "jan": 1, "januar": 1, "jän": 1, "feb": 2, "februar": 2, "mär": 3, "märz": 3, "mrz": 3,
    "maerz": 3, "apr": 4, "april": 4, "mai": 5, "jun": 6, "juni": 6, "jul": 7, "juli": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "okt": 10, "oktober": 10,
    "nov": 11, "november": 11, "dez": 12, "dezember": 12,
}  # fmt: skip
# Words that follow "3." when it is a day or an ordinal, not a numbered item.
MONTH_WORDS = (
    "(?:" + "|".join(MONTH_NAMES) + "|Jan|Feb|Mär|Apr|Jun|Jul|Aug|Sept?|Okt|Nov|Dez|Quartal|Halbjahr|Jahrhundert)"
)
DATE = re.compile(
    r"\b(?P<d>\d{1,2})\.\s*(?:(?P<name>[A-Za-zÄÖÜäöü]{3,9})\.?\s+|(?P<m>\d{1,2})\.\s*)"
    r"(?P<y>(?:19|20)\d{2})\b"
)


def parse(match: re.Match[str]) -> str | None:
    """The ISO date of a ``DATE`` match, or None where it names no real day."""
    month = MONTHS.get(match.group("name").lower()) if match.group("name") else int(match.group("m"))
    if month is None:
        return None
    try:
        return date(int(match.group("y")), month, int(match.group("d"))).isoformat()
    except ValueError:
        return None


def find_all(text: str, start: int = 0, end: int | None = None) -> list[tuple[re.Match[str], str]]:
    end = len(text) if end is None else end
    found = []
    for m in DATE.finditer(text, start, end):
        iso = parse(m)
        if iso:
            found.append((m, iso))
    return found
