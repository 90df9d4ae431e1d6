"""How citations are grouped and named: the short chip label and the full reference to copy.

An answer often cites several sentences of one clause on one page (its wording, then the
report); they make one chip, because a row of identical chips would tell the reader nothing.
Labels name the resolution before the file, because council staff think in resolution
numbers ("V0220/14"), and only fall back to the file name when a document has none.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

from council_qa.app.i18n import Lang, t
from council_qa.types import Citation

_MAX_SOURCE = 32
_QUOTE_MARKS = "„“”\"'‚‘’«»"


def groups(citations: Sequence[Citation]) -> list[list[int]]:
    """Indices of citations that share document, page and clause, in order of first mention."""
    by_place: dict[tuple[str, int, str | None], list[int]] = {}
    for i, c in enumerate(citations):
        by_place.setdefault((c.document_id, c.page, c.clause), []).append(i)
    return list(by_place.values())


def group_of(citations: Sequence[Citation], first: int) -> list[Citation]:
    """The citations grouped with the one at index ``first``."""
    for indices in groups(citations):
        if first in indices:
            return [citations[i] for i in indices]
    return []


def short_source(source: str) -> str:
    """The file name without extension, shortened for a chip."""
    stem = PurePath(source).stem or source
    return stem if len(stem) <= _MAX_SOURCE else stem[: _MAX_SOURCE - 1] + "…"


def chip_label(citation: Citation, lang: Lang) -> str:
    """``V0220/14 · S. 2 · Punkt 1c``."""
    parts = [citation.resolution or short_source(citation.source), t("cite.page", lang, page=citation.page)]
    if citation.clause:
        parts.append(t("cite.clause", lang, clause=citation.clause))
    return " · ".join(parts)


def reference(citations: Sequence[Citation], lang: Lang) -> str:
    """``„quote […] quote“ — file, S. 2, Beschlusspunkt 1c (V0220/14)``: ready to paste into a letter."""
    first = citations[0]
    quote = " […] ".join(" ".join(c.quote.split()).strip(_QUOTE_MARKS) for c in citations)
    opened, closed = ("„", "“") if lang == "de" else ("“", "”")
    parts = [first.source, t("cite.page", lang, page=first.page)]
    if first.clause:
        parts.append(t("cite.ref_clause", lang, clause=first.clause))
    tail = f" ({first.resolution})" if first.resolution else ""
    return f"{opened}{quote}{closed} — {', '.join(parts)}{tail}"
