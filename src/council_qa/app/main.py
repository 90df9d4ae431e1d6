"""Entry point of ``council-qa app`` (``streamlit run``): page set-up, navigation, sidebar.

Streamlit runs this script on every interaction; it only wires the pages together. Each page
is its own script under ``views/`` so that a page's code is read, and tested, on its own.
"""

from __future__ import annotations

import streamlit as st

from council_qa.app import resources, sidebar, signin, state, style, upload_gate
from council_qa.app.i18n import t

# Page file under views/ (Streamlit resolves it relative to this script), title key, icon, and
# URL path, which stays the same in both languages so links keep working.
_PAGES = (
    ("chat.py", "nav.chat", ":material/forum:", "chat"),
    ("board.py", "nav.board", ":material/fact_check:", "status"),
    ("library.py", "nav.library", ":material/folder_open:", "dokumente"),
)
_LIBRARY = "dokumente"


def main() -> None:
    # An emoji favicon is drawn locally; a Material one (the default for pages with a Material icon)
    # would be fetched from fonts.gstatic.com, and a council's intranet may be offline.
    st.set_page_config(page_title="council-qa", page_icon="🏛️", layout="wide")
    st.set_option("client.toolbarMode", "viewer")  # staff need no Deploy/rerun/clear-cache buttons
    lang = state.language()
    page = st.navigation(
        [
            st.Page(f"views/{file}", title=t(title, lang), icon=icon, url_path=url, default=url == "chat")
            for file, title, icon, url in _PAGES
        ]
    )
    signin.check()  # a session whose account was removed is public again before anything is drawn
    # Only a staff session with the library's uploader on screen may send files (upload_gate.py);
    # decided here, once per run, so a sign-out or a page change closes the door at once.
    upload_gate.permit_this_session(page.url_path == _LIBRARY and resources.visibility() == "internal")
    resources.warm_up()  # model and index load while the first page is drawn
    style.apply()
    sidebar.render()
    page.run()


# Streamlit runs this file as "__main__". A parser child process (ingest/isolate.py, started by a
# library upload) re-runs its parent's main module as "__mp_main__" before it parses: there it
# must not draw a page or start loading the model.
if __name__ == "__main__":
    main()
