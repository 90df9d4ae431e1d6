"""The expensive, shared things: the embedding model and one Answerer per index, loaded once.

Loading the model takes seconds and its memory is shared by every browser session, so both
live in ``st.cache_resource``. The Answerer notices a new index generation by itself (it reads
the manifest on each question), so uploads made in one session are seen by all without a reload.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from council_qa.answer.engine import Answerer
from council_qa.app.i18n import t
from council_qa.app.state import language
from council_qa.index.embeddings import Embedder, load_embedder
from council_qa.types import Visibility

DEFAULT_INDEX = "var/index"


def index_dir() -> Path:
    """Where the index lives: ``COUNCIL_QA_INDEX`` (set by ``council-qa app``) or the CLI default."""
    return Path(os.environ.get("COUNCIL_QA_INDEX") or DEFAULT_INDEX).resolve()


def visibility() -> Visibility:
    """``COUNCIL_QA_VISIBILITY=public`` serves only public documents and makes the library read-only."""
    return "public" if os.environ.get("COUNCIL_QA_VISIBILITY", "").strip().lower() == "public" else "internal"


@st.cache_resource(show_spinner=False)
def _embedder() -> Embedder:
    embedder = load_embedder()
    embedder.embed_queries(["warm-up"])  # the first call pays for graph set-up; pay it while loading
    return embedder


@st.cache_resource(show_spinner=False)
def _answerer(root: str, vis: Visibility) -> Answerer:
    answerer = Answerer(Path(root), _embedder(), visibility=vis)
    answerer.snapshot()  # read the index now, not on the first question
    return answerer


def answerer() -> Answerer:
    """The process-wide Answerer for the configured index, loaded under a spinner the first time."""
    with st.spinner(t("loading", language())):
        return _answerer(str(index_dir()), visibility())
