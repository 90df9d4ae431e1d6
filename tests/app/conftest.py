"""Fixtures for the app tests: one real index built by the real CLI, and the real app on it."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit import config as streamlit_config
from streamlit.testing.v1 import AppTest

from council_qa import cli
from tests.conftest import EXAMPLES, SHARED_CORPUS
from tests.helpers.pdfs import HYPHENATED_MEMO_PAGES, text_pdf

MAIN = Path(cli.__file__).parent / "app" / "main.py"
# As `council-qa app` runs it: without magic, whose ast.parse on every rerun races in CPython
# 3.11 when sessions run in threads ("AST constructor recursion depth mismatch").
streamlit_config.set_option("runner.magicEnabled", False)
RUN_TIMEOUT = 60  # the first run loads the model; later runs take well under a second


@pytest.fixture(scope="session")
def app_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shared sample memo (or, without shared/, the examples), ingested by ``council-qa ingest``."""
    root = tmp_path_factory.mktemp("app") / "index"
    corpus = SHARED_CORPUS if SHARED_CORPUS.exists() else EXAMPLES
    assert cli.main(["ingest", str(corpus), "--index", str(root)]) == 0
    return root


@pytest.fixture
def own_index(app_index: Path, tmp_path: Path) -> Path:
    """A private copy of the index for a test that changes it."""
    root = tmp_path / "index"
    shutil.copytree(app_index, root, ignore=shutil.ignore_patterns("write.lock"))
    return root


@pytest.fixture(scope="session")
def pdf_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A memo as a text PDF (a word hyphenated over a line break), ingested by ``council-qa ingest``."""
    folder = tmp_path_factory.mktemp("pdf")
    pdf = folder / "2021-01-25_Beschlusskontrolle_V0220-14.pdf"
    pdf.write_bytes(text_pdf(HYPHENATED_MEMO_PAGES))
    root = folder / "index"
    assert cli.main(["ingest", str(pdf), "--index", str(root)]) == 0
    return root


AppFactory = Callable[..., AppTest]


@pytest.fixture
def start_app(monkeypatch: pytest.MonkeyPatch) -> Iterator[AppFactory]:
    """Start the real app (``main.py`` with its pages) on an index, as ``council-qa app`` would."""

    def start(index: Path, visibility: str = "internal", auth: Path | None = None) -> AppTest:
        monkeypatch.setenv("COUNCIL_QA_INDEX", str(index))
        monkeypatch.setenv("COUNCIL_QA_VISIBILITY", visibility)
        if auth is None:  # a COUNCIL_QA_AUTH in the developer's shell must not make every test public
            monkeypatch.delenv("COUNCIL_QA_AUTH", raising=False)
        else:
            monkeypatch.setenv("COUNCIL_QA_AUTH", str(auth))
        at = AppTest.from_file(str(MAIN), default_timeout=RUN_TIMEOUT)
        return at.run()

    yield start
