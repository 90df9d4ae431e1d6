"""The few styles Streamlit has no option for: the source text, the mark, the board table.

Colours are tints with ``currentColor`` text where possible, so the light and dark themes
both stay readable.
"""

from __future__ import annotations

from typing import Literal

import streamlit as st

from council_qa.types import Status

BadgeColor = Literal["green", "orange", "blue", "red", "gray", "violet"]
# Streamlit badge colour names, reused for the board so chat and board use one palette.
STATUS_COLORS: dict[Status, BadgeColor] = {
    "fulfilled": "green",
    "partially_fulfilled": "orange",
    "in_progress": "blue",
    "not_fulfilled": "red",
    "obsolete": "gray",
    "unknown": "violet",
}

_CSS = """
<style>
.cq-source {
  position: relative;
  white-space: pre-wrap; overflow-wrap: anywhere;
  font-family: "Source Serif Pro", Georgia, serif; font-size: 0.95rem; line-height: 1.55;
  max-height: max(14rem, calc(100vh - 28rem)); overflow-y: auto; padding: 0.9rem 1rem;
  border: 1px solid rgba(128, 128, 128, 0.35); border-radius: 0.5rem;
  background: rgba(128, 128, 128, 0.06);
}
.cq-source mark#cite {
  background: #ffe066; color: #1b1b1b; padding: 0.1em 0.15em; border-radius: 0.2em;
  box-shadow: 0 0 0 2px #f5c400; scroll-margin: 4rem;
}
/* A PDF page: the image scrolls in its box like the text does; marks are translucent strokes. */
.cq-page {
  max-height: max(14rem, calc(100vh - 28rem)); overflow: auto;
  border: 1px solid rgba(128, 128, 128, 0.35); border-radius: 0.5rem; background: #fff;
}
.cq-page-sheet { position: relative; }
.cq-page-sheet img { display: block; width: 100%; height: auto; }
.cq-page mark.cq-box {
  position: absolute; padding: 0; border-radius: 0.2em; scroll-margin: 4rem;
  background: rgba(255, 208, 0, 0.38); mix-blend-mode: multiply; box-shadow: 0 0 0 1px rgba(230, 180, 0, 0.55);
}
/* Less empty space above the content, so chat and source fit one screen without scrolling. */
.stMainBlockContainer { padding-top: 4rem; }
[data-testid="stAppDeployButton"] { display: none; }
/* The column holding the viewer stays in view while the conversation scrolls past it. */
[data-testid="stColumn"]:has(.st-key-source-viewer) { position: sticky; top: 4rem; align-self: flex-start; }
.st-key-source-viewer { scroll-margin-top: 4.5rem; }
.cq-board { width: 100%; border-collapse: collapse; font-size: 0.92rem; }
.cq-board th {
  text-align: left; font-weight: 600; padding: 0.35rem 0.5rem; opacity: 0.75;
  border-bottom: 1px solid rgba(128, 128, 128, 0.4);
}
.cq-board td { vertical-align: top; padding: 0.5rem; border-bottom: 1px solid rgba(128, 128, 128, 0.18); }
.cq-board td.cq-label { font-weight: 600; white-space: nowrap; width: 3.5rem; }
.cq-board td.cq-status { white-space: nowrap; width: 10rem; }
.cq-board td.cq-pages { white-space: nowrap; width: 4rem; opacity: 0.8; }
.cq-board .cq-clause-text { display: block; opacity: 0.7; font-size: 0.85rem; margin-bottom: 0.25rem; }
.cq-badge {
  display: inline-block; padding: 0.1rem 0.55rem; border-radius: 0.5rem;
  font-size: 0.82rem; font-weight: 600; line-height: 1.4;
}
.cq-badge-green  { background: rgba(33, 195, 84, 0.16);  color: #158237; }
.cq-badge-orange { background: rgba(255, 143, 0, 0.16);  color: #b35c00; }
.cq-badge-blue   { background: rgba(28, 131, 225, 0.14); color: #0f5da3; }
.cq-badge-red    { background: rgba(255, 43, 43, 0.13);  color: #bd1a1a; }
.cq-badge-gray   { background: rgba(128, 128, 128, 0.16); color: inherit; }
.cq-badge-violet { background: rgba(128, 61, 245, 0.13); color: #6132b5; }
</style>
"""


def apply() -> None:
    """Inject the styles; style-only HTML goes to Streamlit's event container and takes no space."""
    st.html(_CSS)
