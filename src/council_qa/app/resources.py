"""The expensive, shared things: the embedding model and one Answerer per index, loaded once.

Loading the model takes seconds and its memory is shared by every browser session, so both
live in ``st.cache_resource``. The first visit starts loading them in a background thread
while the page is drawn, so the page appears at once and the model is usually ready before
the first question is typed. Pages that only list documents (sidebar, board, library) read
the index's document list, which needs no model at all.

The Answerer notices a new index generation by itself (it reads the manifest on each
question), so uploads made in one session are seen by all without a reload.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from council_qa.app import state
from council_qa.app.i18n import t
from council_qa.app.state import language
from council_qa.auth import accounts as auth
from council_qa.index.embeddings import Embedder, load_embedder
from council_qa.index.shelf import Shelf
from council_qa.index.store import generation_dir, read_manifest
from council_qa.types import Document, Visibility

if TYPE_CHECKING:  # the engine pulls in llama-index (seconds); the warm-up thread imports it
    from council_qa.answer.engine import Answerer

log = logging.getLogger("council_qa.app")
DEFAULT_INDEX = "var/index"
_warm_up_lock = threading.Lock()
_warming: set[tuple[str, Visibility]] = set()


def index_dir() -> Path:
    """Where the index lives: ``COUNCIL_QA_INDEX`` (set by ``council-qa app``) or the CLI default."""
    return Path(os.environ.get("COUNCIL_QA_INDEX") or DEFAULT_INDEX).resolve()


def auth_file() -> Path | None:
    """The staff accounts file (``COUNCIL_QA_AUTH``, set by ``council-qa app --auth``), if sign-in is on."""
    return auth.auth_path()


@st.cache_resource(show_spinner=False, max_entries=4)
def _accounts(path: str, stamp: tuple[int, int, int]) -> dict[str, auth.Account]:
    return auth.load(Path(path))


def accounts() -> dict[str, auth.Account]:
    """The accounts in the file as it is now: ``council-qa users`` changes apply without a restart.

    Parsed once per version of the file (its inode, mtime and size; the command replaces the
    file atomically). Raises ``AccountsError`` if the file is gone or invalid.
    """
    path = auth_file()
    if path is None:
        return {}
    try:
        info = path.stat()
    except OSError as exc:
        raise auth.AccountsError(f"{path}: {exc.strerror or exc}") from exc
    return _accounts(str(path), (info.st_ino, info.st_mtime_ns, info.st_size))


def staff() -> auth.Account | None:
    """This session's signed-in account, while the file still holds it with the same password.

    Removing an account or setting a new password thus ends every session signed in with it at
    its next click; an unreadable file ends them all (fail closed: public).
    """
    signed_in = state.staff()
    if signed_in is None or auth_file() is None:
        return None
    try:
        current = accounts().get(signed_in.username)
    except auth.AccountsError:
        return None
    return signed_in if current is not None and current.password_hash == signed_in.password_hash else None


def visibility() -> Visibility:
    """What this browser session may see; decided on every rerun, before any page reads the index.

    With an accounts file each session is public until staff sign in; without one, the whole
    app has one mode, ``COUNCIL_QA_VISIBILITY`` (``public`` serves only public documents and
    makes the library read-only). Retrieval (``answerer()``), the document list
    (``catalogue()``) and the library's write access all follow this value.
    """
    if auth_file() is not None:
        return "internal" if staff() is not None else "public"
    return "public" if os.environ.get("COUNCIL_QA_VISIBILITY", "").strip().lower() == "public" else "internal"


@st.cache_resource(show_spinner=False)
def _embedder() -> Embedder:
    embedder = load_embedder()
    embedder.embed_queries(["warm-up"])  # the first call pays for graph set-up; pay it while loading
    return embedder


@st.cache_resource(show_spinner=False)
def _answerer(root: str, vis: Visibility) -> Answerer:
    from council_qa.answer.engine import Answerer

    answerer = Answerer(Path(root), _embedder(), visibility=vis)
    answerer.snapshot()  # read the index now, not on the first question
    return answerer


def warm_up() -> None:
    """Start loading model and index in the background, once per index and process."""
    key = (str(index_dir()), visibility())
    with _warm_up_lock:
        if key in _warming:
            return
        _warming.add(key)

    def load() -> None:
        try:
            _answerer(*key)
        except Exception as exc:  # the foreground call raises it again and shows it
            log.info("warming up the answerer failed: %s", exc)

    threading.Thread(target=load, name="council-qa-warm-up", daemon=True).start()


def answerer() -> Answerer:
    """The Answerer for the index and this session's visibility, waited for under a spinner if still loading.

    One is shared per visibility by all sessions of the process; the visibility is fixed in it,
    so a public session's question is filtered in retrieval and in every evidence check.
    """
    with st.spinner(t("loading", language())):
        return _answerer(str(index_dir()), visibility())


def embedder() -> Embedder:
    """The model alone, for writing to the index (uploads, removals)."""
    with st.spinner(t("loading", language())):
        return _embedder()


@dataclass(frozen=True)
class Catalogue:
    """What is indexed, read without the model: the generation and its documents."""

    generation: str | None
    documents: tuple[Document, ...]

    def get(self, document_id: str) -> Document | None:
        return next((d for d in self.documents if d.document_id == document_id), None)


@st.cache_data(show_spinner=False, max_entries=16)
def _read_documents(root: str, generation: str) -> tuple[Document, ...]:
    return tuple(Shelf.open(generation_dir(Path(root), generation)).values())


def catalogue() -> Catalogue:
    """The documents this app may show (all, or only public ones), oldest first.

    Cached per generation: the manifest is read on every call, so a new generation written by
    an upload or by ``council-qa ingest`` shows at once. Raises ``IndexError_`` for an index of
    another format version.
    """
    root = index_dir()
    manifest = read_manifest(root)
    if manifest is None:
        return Catalogue(None, ())
    docs = _read_documents(str(root), manifest.generation)
    if visibility() == "public":
        docs = tuple(d for d in docs if d.visibility == "public")
    return Catalogue(manifest.generation, tuple(sorted(docs, key=lambda d: (d.date or "", d.source))))
