"""The source viewer beside the chat: the cited page, the passage marked and scrolled to.

The document text goes into a JavaScript-free ``st.html`` (escaped here, sanitised again by
Streamlit); the only script is a fixed one of ours in a separate element. It scrolls the text
box to the mark, because a long page would otherwise hide the passage below the fold, and
brings the viewer itself into view only if it is off screen, so the reader keeps their place.

A PDF is shown as its page image (``pdf_page``) with the passage marked where its text lies on
the page; the text excerpt below it stands in wherever the passage cannot be placed there.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import streamlit as st

from council_qa.app import resources, state
from council_qa.app.citing import reference
from council_qa.app.i18n import Lang, t
from council_qa.app.markup import escape_markdown
from council_qa.app.pdf_page import PageScan, page_of, passage_marks, scan_page
from council_qa.app.source import MARK_ID, Cleaned, cleaned, excerpt, highlighted_html, page_html
from council_qa.index.originals import find_pdf
from council_qa.index.store import IndexError_
from council_qa.types import Citation, Document

log = logging.getLogger("council_qa.app")
ZOOM = 2.0  # a fitted A4 page shows 11 pt text ~6 px high in the viewer column; twice that reads

_SCROLL = """<script>
/* %(nonce)s */
(() => {
  let tries = 0;
  const go = () => {
    const mark = document.querySelector(".cq-source mark#%(mark)s, .cq-page mark#%(mark)s");
    if (!mark) { if (++tries < 60) setTimeout(go, 50); return; }
    const box = mark.closest(".cq-source, .cq-page");
    const below = mark.getBoundingClientRect().top - box.getBoundingClientRect().top;  // marks of text and page alike
    box.scrollTop = Math.max(0, box.scrollTop + below - 32);
    const right = mark.getBoundingClientRect().left - box.getBoundingClientRect().left;  // a zoomed page
    box.scrollLeft = Math.max(0, box.scrollLeft + right - 32);
    const viewer = box.closest(".st-key-source-viewer") || box;
    const show = () => {
      const r = viewer.getBoundingClientRect();
      if (r.top < 56 || r.top > window.innerHeight - 120) viewer.scrollIntoView({block: "start"});
    };
    show();
    setTimeout(show, 400);  // again after Streamlit's chat has scrolled itself to the bottom
    setTimeout(show, 1000);
  };
  go();
})();
</script>"""


@st.cache_data(max_entries=64, show_spinner=False)
def _cleaned(document_id: str, content_hash: str, source: str, _text: str) -> Cleaned:
    """The cleaned text and both texts' pages per document version: cleaning again as ingest
    did reads the whole text, so once is enough."""
    return cleaned(source, _text)


def render(citations: Sequence[Citation], lang: Lang) -> None:
    """One chip's citations: they share document and page, so one excerpt shows them all."""
    citation = citations[0]
    with st.container(key="source-viewer"):
        head, close = st.columns([5, 1], vertical_alignment="center")
        close.button(
            "", key="viewer-close", icon=":material/close:", type="tertiary", help=t("viewer.close", lang),
            on_click=state.close_citation,
        )  # fmt: skip
        try:
            snap = resources.answerer().snapshot()
            doc = snap.documents.get(citation.document_id)
            text = snap.original_text(citation.document_id) if doc else None
            pdf = find_pdf(snap, citation.document_id) if doc else None
        except (IndexError_, OSError):  # the index changed under the answer (removed, re-ingested)
            doc, text, pdf = None, None, None
        if doc is None or text is None:
            head.markdown(f"**{t('viewer.title', lang)}**")
            st.info(t("viewer.gone", lang))
            return
        head.markdown(f":material/description: **{escape_markdown(doc.source)}**")
        caption = st.empty()  # filled once the excerpt (and so its pages) is known
        with st.container(horizontal=True, vertical_alignment="center", horizontal_alignment="distribute"):
            whole = st.toggle(t("viewer.whole", lang), key="viewer-whole")
            original = st.toggle(
                t("viewer.original", lang), key="viewer-original", help=t("viewer.original_help", lang)
            )
            zoom = pdf is not None and not whole and st.toggle(t("viewer.zoom", lang), key="viewer-zoom")
            with st.popover(t("viewer.copy", lang), icon=":material/content_copy:"):
                st.caption(t("viewer.copy_hint", lang))
                st.code(reference(citations, lang), language=None, wrap_lines=True)
        spans = [(c.source_start, c.source_end) for c in citations]
        view = _cleaned(doc.document_id, doc.content_hash, doc.source, text)
        if original:
            shown, part = text, excerpt(text, view.original_pages, spans, citation.page, whole)
        else:
            shown, part = view.text, excerpt(view.text, view.pages, view.spans(spans), citation.page, whole)
        if whole or part.first_page == part.last_page:
            where = t("viewer.page_of", lang, page=citation.page, pages=doc.pages)
        else:
            where = t("cite.page", lang, page=f"{part.first_page}–{part.last_page}")
        caption.caption(" · ".join(escape_markdown(x) for x in (doc.resolution, doc.title, where) if x))
        if pdf is None or whole or not _page_view(doc, pdf, text, spans, zoom, lang):
            st.html(highlighted_html(shown, part))
        nonce = f"{citation.document_id}:{part.marks}:{whole}:{zoom}:{original}"
        st.html(_SCROLL % {"nonce": nonce.replace("*/", ""), "mark": MARK_ID}, unsafe_allow_javascript=True)


@st.cache_data(max_entries=32, show_spinner=False)
def _scan(document_id: str, content_hash: str, page: int, _pdf: str) -> PageScan:
    """A rendered page per document version and page. The file's path is left out of the key:
    it names the generation, which every ingest renews while the page stays the same."""
    return scan_page(Path(_pdf), page)


def _page_view(doc: Document, pdf: Path, text: str, spans: list[tuple[int, int]], zoom: bool, lang: Lang) -> bool:
    """Show the cited PDF page with the passage marked; False if the text excerpt must follow.

    The page fits the column, which shows where the passage stands on it; ``zoom`` doubles it
    to reading size (the box then scrolls sideways too, and the script brings the mark in view).

    A page that cannot be rendered (a damaged file slipped through) is logged and left to the
    text excerpt: the viewer never fails on a picture.
    """
    page = page_of(text, spans[0][0])
    try:
        with st.spinner(t("viewer.loading_page", lang)):
            scan = _scan(doc.document_id, doc.content_hash, page.index, str(pdf))
    except Exception:
        log.exception("rendering page %d of %s failed", page.index + 1, doc.source)
        return False
    rects = passage_marks(scan, text, page, spans)
    alt = t("viewer.page_image", lang, page=page.index + 1, source=doc.source)
    st.html(page_html(scan.png, scan.width, scan.height, rects or (), alt, ZOOM if zoom else 1.0))
    if rects is None:
        st.caption(t("viewer.no_marks", lang))
        return False
    if scan.ocr:
        st.caption(t("viewer.ocr_marks", lang))
    return True
