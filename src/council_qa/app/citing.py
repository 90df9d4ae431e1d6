"""How a citation is named: the short chip label and the full reference a user copies.

Both name the resolution before the file, because council staff think in resolution numbers
("V0220/14"), and only fall back to the file name when a document has none.
"""

from __future__ import annotations

from pathlib import PurePath

from council_qa.app.i18n import Lang, t
from council_qa.types import Citation

_MAX_SOURCE = 32


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


def reference(citation: Citation, lang: Lang) -> str:
    """``„quote“ — file, S. 2, Beschlusspunkt 1c (V0220/14)``: ready to paste into a letter."""
    quote = " ".join(citation.quote.split())
    opened, closed = ("„", "“") if lang == "de" else ("“", "”")
    parts = [citation.source, t("cite.page", lang, page=citation.page)]
    if citation.clause:
        parts.append(t("cite.ref_clause", lang, clause=citation.clause))
    tail = f" ({citation.resolution})" if citation.resolution else ""
    return f"{opened}{quote}{closed} — {', '.join(parts)}{tail}"
