"""The app's flows in Streamlit's AppTest: real model, real index, the real page scripts."""

from __future__ import annotations

import base64
import html
import io
import json
import re
from pathlib import Path

import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from council_qa import cli
from council_qa.app import jobs
from council_qa.app.source import cleaned
from council_qa.index import snapshot
from council_qa.index.originals import find_pdf
from tests.app.conftest import AppFactory
from tests.conftest import TEST_MEMOS
from tests.helpers.pdfs import HYPHENATED_MEMO_PAGES, MEMO_PAGES, text_pdf

CHIP = re.compile(r"^[AV]\d{4}/\d{2} · S\. \d+ · Punkt (?P<clause>\w+)$")


def plain(markdown: str) -> str:
    """Markdown as the app escapes it (``1\\.``), read back as text."""
    return re.sub(r"\\(.)", r"\1", markdown)


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def run_ingest(at: AppTest, timeout: float = 120) -> AppTest:
    """Click "Indexieren", let the background job finish, and rerun as the page's poll would."""
    at.button(key="ingest").click()
    at = ok(at.run())
    job = jobs.RUNNER.get(at.session_state["ingest_job"])
    assert job is not None
    job.join(timeout)
    assert job.progress().finished, "the ingest job did not finish in time"
    return ok(at.run())


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question)
    return ok(at.run())


def chips(at: AppTest, turn: int) -> list[tuple[str, str]]:
    """(key, label) of the citation chips of one answer."""
    return [(b.key, plain(b.label)) for b in at.button if b.key and b.key.startswith(f"cite-{turn}-")]


def answers(at: AppTest) -> list[str]:
    return [plain(" ".join(m.value for m in msg.markdown)) for msg in at.chat_message if msg.name == "assistant"]


def test_ask_answers_with_citation_chips(start_app: AppFactory, app_index: Path) -> None:
    at = ok(start_app(app_index))
    assert at.sidebar.metric[0].value != "0"
    at = ask(at, "Ist Beschlusspunkt 1c erfüllt?")
    assert "Beschlusspunkt 1c" in answers(at)[0]
    labels = [label for _, label in chips(at, 0)]
    assert labels, "an answer about a clause must cite it"
    assert all((m := CHIP.match(label)) and m["clause"] == "1c" for label in labels), labels


def test_follow_up_refers_to_the_earlier_question(start_app: AppFactory, app_index: Path) -> None:
    at = ask(ok(start_app(app_index)), "Ist Beschlusspunkt 1a erfüllt?")
    at = ask(at, "Und Punkt 3?")
    first, second = answers(at)
    assert "Beschlusspunkt 1a" in first
    assert "Beschlusspunkt 3" in second and "1a" not in second
    assert {CHIP.match(label)["clause"] for _, label in chips(at, 1)} == {"3"}  # type: ignore[index]
    assert at.session_state["turns"][1].question == "Und Punkt 3?"
    at.sidebar.button(key="new-chat").click()
    at = ok(at.run())
    assert not at.chat_message and at.title[0].value == "Fragen zu Stadtratsbeschlüssen"


def test_example_question_is_asked_on_click(start_app: AppFactory, app_index: Path) -> None:
    at = ok(start_app(app_index))
    at.button(key="example-chat.example1").click()
    at = ok(at.run())
    assert [m.name for m in at.chat_message] == ["user", "assistant"]
    assert plain(at.chat_message[0].markdown[0].value) == "Ist Beschlusspunkt 1c erfüllt?"
    assert chips(at, 0)


def test_citation_opens_the_source_with_the_passage_marked(start_app: AppFactory, app_index: Path) -> None:
    at = ask(ok(start_app(app_index)), "Ist Beschlusspunkt 1c erfüllt?")
    key, label = chips(at, 0)[-1]
    at.button(key=key).click()
    at = ok(at.run())
    turn, index = (int(x) for x in key.split("-")[1:])
    citation = at.session_state["turns"][turn].answer.citations[index]
    source = next(h.value for h in at.html if 'class="cq-source"' in h.value)
    marked = re.search(r'<mark id="cite">(.*?)</mark>', source, re.S)
    assert marked, source[:500]
    assert html.unescape(marked.group(1)).split()[:3] == citation.quote.split()[:3]
    assert "<script" not in source  # the text element carries no script; the scroll script is separate
    reference = at.code[0].value
    assert reference.startswith("„") and f"S. {citation.page}" in reference and f"({citation.resolution})" in reference
    assert label.split(" · ")[0] == citation.resolution


def test_the_source_reads_cleaned_with_the_ocr_original_one_toggle_away(start_app: AppFactory, app_index: Path) -> None:
    at = ask(ok(start_app(app_index)), "Ist Beschlusspunkt 1c erfüllt?")
    key = chips(at, 0)[-1][0]
    at.button(key=key).click()
    at = ok(at.run())
    turn, index = (int(x) for x in key.split("-")[1:])
    citation = at.session_state["turns"][turn].answer.citations[index]  # the first of the chip's marks
    original = snapshot.load(app_index).original_text(citation.document_id)

    def shown() -> tuple[str, str]:
        source = next(h.value for h in at.html if 'class="cq-source"' in h.value)
        marked = re.search(r'<mark id="cite">(.*?)</mark>', source, re.S)
        assert marked, source[:300]
        return html.unescape(re.sub(r"<[^>]+>", "", source)), html.unescape(marked.group(1))

    text, mark = shown()  # the cleaned text: it stands in the cleaned document, the mark reads as the quote
    assert text in cleaned(citation.source, original).text
    assert mark.split()[:3] == citation.quote.split()[:3]
    at.toggle(key="viewer-original").set_value(True)
    at = ok(at.run())
    text, mark = shown()  # the file as it is: the mark is exactly the cited span
    assert text in original
    assert mark.startswith(original[citation.source_start : citation.source_end])


def test_empty_question_gets_a_plain_warning(start_app: AppFactory, app_index: Path) -> None:
    at = ask(ok(start_app(app_index)), "   ")
    assert [w.value for w in at.warning] == ["Bitte geben Sie eine Frage ein."]
    assert not at.chat_message


def test_status_board_filters_open_clauses_and_exports_csv(start_app: AppFactory, app_index: Path) -> None:
    at = ok(start_app(app_index))
    at = ok(at.switch_page("views/board.py").run())

    def statuses() -> list[str]:
        return [s for h in at.html for s in re.findall(r'data-status="(\w+)"', h.value)]

    every = statuses()
    assert "fulfilled" in every and len(set(every)) > 1
    csv = at.download_button[0].proto.url  # the export exists; its bytes are checked in the logic tests
    assert csv
    at.toggle(key="board-open-only").set_value(True)
    at = ok(at.run())
    open_ones = statuses()
    assert open_ones and len(open_ones) < len(every)
    assert not {"fulfilled", "obsolete"} & set(open_ones)


def test_upload_a_memo_then_remove_it(start_app: AppFactory, own_index: Path) -> None:
    memo = TEST_MEMOS / "2020-11-05_Beschlusskontrolle_V0533-20_Kitaplaetze.txt"
    at = ok(start_app(own_index)).switch_page("views/library.py")
    at = ok(at.run())
    before = len(at.dataframe[0].value)
    at.file_uploader[0].set_value((f"../../etc/{memo.name}", memo.read_bytes(), "text/plain"))
    at = ok(at.run())
    at = run_ingest(at)
    assert [plain(s.value) for s in at.success] == [f"{memo.name}: aufgenommen"]
    assert len(at.dataframe[0].value) == before + 1
    assert at.sidebar.metric[0].value == str(before + 1)
    assert not list(own_index.parent.rglob("etc"))  # the path in the name went nowhere

    doc_id = next(i for i, d in library_docs(at).items() if d == memo.name)
    at.selectbox(key="remove-choice").select(doc_id)
    at = ok(at.run())
    at.button(key="remove").click()
    at = ok(at.run())
    assert any("wirklich" in w.value for w in at.warning)
    at.button(key="remove-yes").click()
    at = ok(at.run())
    assert len(at.dataframe[0].value) == before


def library_docs(at: AppTest) -> dict[str, str]:
    """document id → file name, read from the library table."""
    frame = at.dataframe[0].value
    return dict(zip(frame["ID"], frame["Datei"], strict=True))


def test_rejected_upload_says_why_and_leaves_the_index_alone(start_app: AppFactory, own_index: Path) -> None:
    at = ok(start_app(own_index)).switch_page("views/library.py")
    at = ok(at.run())
    manifest = (own_index / "MANIFEST.json").read_text()
    at.file_uploader[0].set_value([("leer.txt", b"", "text/plain"), ("kaputt.pdf", b"MZ\x90\x00", "application/pdf")])
    at = ok(at.run())
    at = run_ingest(at)
    errors = [plain(e.value) for e in at.error]
    assert errors[0] == "leer.txt: abgelehnt – empty file (0 bytes)"
    assert errors[1].startswith("kaputt.pdf: abgelehnt – not a PDF")
    assert (own_index / "MANIFEST.json").read_text() == manifest


def test_english_interface(start_app: AppFactory, app_index: Path) -> None:
    at = ok(start_app(app_index))
    at.sidebar.segmented_control[0].set_value("en")
    at = ok(at.run())
    assert at.title[0].value == "Questions about council resolutions"
    at = ask(at, "Is clause 1c fulfilled?")
    assert all(re.match(r"^\S+ · p\. \d+ · clause 1c$", label) for _, label in chips(at, 0))


def test_public_view_cannot_change_the_library(start_app: AppFactory, app_index: Path) -> None:
    at = ok(start_app(app_index, visibility="public")).switch_page("views/library.py")
    at = ok(at.run())
    assert not at.file_uploader and not at.selectbox
    assert "öffentlichen Ansicht" in at.info[-1].value


def test_index_of_another_model_is_one_clear_line_where_it_matters(start_app: AppFactory, own_index: Path) -> None:
    manifest = own_index / "MANIFEST.json"
    data = json.loads(manifest.read_text())
    manifest.write_text(json.dumps({**data, "model_id": "some-other-model"}))
    at = ask(ok(start_app(own_index)), "Ist Beschlusspunkt 1c erfüllt?")
    assert "some-other-model" in at.error[0].value and "re-ingest" in at.error[0].value
    at = ok(at.switch_page("views/board.py").run())  # the board needs no model and still works
    assert any("data-status" in h.value for h in at.html)
    at = ok(at.switch_page("views/library.py").run())
    memo = TEST_MEMOS / "2020-11-05_Beschlusskontrolle_V0533-20_Kitaplaetze.txt"
    at.file_uploader[0].set_value((memo.name, memo.read_bytes(), "text/plain"))
    at = ok(at.run())
    at = run_ingest(at)
    assert plain(at.error[0].value).startswith(f"{memo.name}: nicht aufgenommen – index ")
    assert "re-ingest" in plain(at.error[0].value)
    assert json.loads(manifest.read_text())["generation"] == data["generation"]


def test_pdf_citation_shows_the_page_image_with_the_passage_marked(start_app: AppFactory, pdf_index: Path) -> None:
    at = ask(ok(start_app(pdf_index)), "Ist Beschlusspunkt 1c erfüllt?")
    key, _ = chips(at, 0)[0]
    at.button(key=key).click()
    at = ok(at.run())
    page = next(h.value for h in at.html if 'class="cq-page"' in h.value)
    image = re.search(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)" width="(\d+)" height="(\d+)"', page)
    assert image, page[:300]
    with Image.open(io.BytesIO(base64.b64decode(image.group(1)))) as png:
        assert png.size == (int(image.group(2)), int(image.group(3))) and png.width > 1000
    assert len(re.findall(r'<mark id="cite" class="cq-box" style="left:[\d.]+%;top:[\d.]+%', page)) == 1
    assert not any('class="cq-source"' in h.value for h in at.html)  # marked on the page: no text excerpt
    assert "S. 2" in at.code[0].value  # the reference to copy is still there
    assert 'class="cq-page-sheet" style="width:100%"' in page

    at.toggle(key="viewer-zoom").set_value(True)
    at = ok(at.run())
    page = next(h.value for h in at.html if 'class="cq-page"' in h.value)
    assert 'class="cq-page-sheet" style="width:200%"' in page and '<mark id="cite"' in page

    at.toggle(key="viewer-whole").set_value(True)  # the whole document is shown as text, as before
    at = ok(at.run())
    assert not any('class="cq-page"' in h.value for h in at.html) and "viewer-zoom" not in [x.key for x in at.toggle]
    assert any('<mark id="cite">' in h.value for h in at.html if 'class="cq-source"' in h.value)


def test_uploaded_pdf_keeps_its_original_for_the_page_view(start_app: AppFactory, own_index: Path) -> None:
    pdf = text_pdf(HYPHENATED_MEMO_PAGES)
    at = ok(start_app(own_index)).switch_page("views/library.py")
    at = ok(at.run())
    at.file_uploader[0].set_value(("V0220-14.pdf", pdf, "application/pdf"))
    at = ok(at.run())
    at = run_ingest(at)
    assert [plain(s.value) for s in at.success] == ["V0220-14.pdf: aufgenommen"]
    snap = snapshot.load(own_index)
    doc_id = next(i for i, d in snap.documents.items() if d.source == "V0220-14.pdf")
    stored = find_pdf(snap, doc_id)
    assert stored is not None and stored.read_bytes() == pdf


def _pdf_index_with_stored_copy(folder: Path, pages: tuple[str, ...], stored: bytes) -> Path:
    """A PDF memo ingested by the CLI whose kept copy is then replaced: the page image no longer
    matches the text (or cannot be rendered), the cases the viewer must survive."""
    folder.mkdir()
    pdf = folder / "V0220-14.pdf"
    pdf.write_bytes(text_pdf(pages))
    root = folder / "index"
    assert cli.main(["ingest", str(pdf), "--index", str(root)]) == 0
    snap = snapshot.load(root)
    copy = find_pdf(snap, next(iter(snap.documents)))
    assert copy is not None
    copy.write_bytes(stored)
    return root


def test_a_page_without_the_passage_shows_the_image_unmarked_and_the_text(
    start_app: AppFactory, tmp_path: Path
) -> None:
    other = text_pdf(["Ein anderes Blatt.", "Auch hier steht etwas ganz anderes."])
    pages = (MEMO_PAGES[0], MEMO_PAGES[1] + "\nAnlage: Liste der Kassen")  # a text of its own: not cached
    at = ask(ok(start_app(_pdf_index_with_stored_copy(tmp_path / "a", pages, other))), "Ist Beschlusspunkt 1c erfüllt?")
    at.button(key=chips(at, 0)[0][0]).click()
    at = ok(at.run())
    page = next(h.value for h in at.html if 'class="cq-page"' in h.value)
    assert "<img" in page and "<mark" not in page
    assert any("nicht markieren" in c.value for c in at.caption)
    assert any('<mark id="cite">' in h.value for h in at.html if 'class="cq-source"' in h.value)


def test_a_page_that_cannot_be_rendered_shows_the_text(start_app: AppFactory, tmp_path: Path) -> None:
    pages = (MEMO_PAGES[0], MEMO_PAGES[1] + "\nAnlage: Protokoll")
    at = ask(
        ok(start_app(_pdf_index_with_stored_copy(tmp_path / "b", pages, b"%PDF-1.4 kaputt"))),
        "Ist Beschlusspunkt 1c erfüllt?",
    )
    at.button(key=chips(at, 0)[0][0]).click()
    at = ok(at.run())
    assert not any('class="cq-page"' in h.value for h in at.html)
    assert any('<mark id="cite">' in h.value for h in at.html if 'class="cq-source"' in h.value)


def test_pages_run_without_parsing_their_source(
    start_app: AppFactory, app_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Streamlit's "magic" would ast.parse each page on each rerun, and CPython 3.11 fails such
    parses at random when sessions run at once (regression: "AST constructor recursion depth
    mismatch" in the suite). The app runs without it, so no rerun parses a page."""
    import ast

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a page was parsed")

    at = ok(start_app(app_index).run())
    monkeypatch.setattr(ast, "parse", refuse)
    ask(at, "Ist Beschlusspunkt 1b erfüllt?")
