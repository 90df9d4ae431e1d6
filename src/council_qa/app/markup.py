"""Document text is data: it must reach the page as text, never as markup.

Streamlit renders answers and labels as Markdown (with its own extensions: ``:red[...]``,
``:material/icon:``, ``$math$``) and the source viewer uses HTML, so text taken from a
document is escaped for whichever of the two it is shown in.
"""

from __future__ import annotations

import html
import string

_MD_SPECIAL = frozenset(string.punctuation)


def escape_markdown(text: str) -> str:
    """Backslash-escape every ASCII punctuation character (CommonMark allows it for all of them).

    Escaping all of them, rather than a hand-picked list, also covers Streamlit's directives
    (``:``, ``[``), math (``$``), tables (``|``) and list markers (``1.``, ``-``).
    """
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in text)


def escape_html(text: str) -> str:
    """HTML-escape including quotes, so text is safe in element content and attribute values."""
    return html.escape(text, quote=True)
