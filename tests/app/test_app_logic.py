"""The app's plain logic: names for uploads, escaping, excerpts, board rows and CSV, citations."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from council_qa.app import board_data, citing, uploads
from council_qa.app.markup import escape_markdown
from council_qa.app.source import Pages, cleaned, excerpt, highlighted_html, merge_spans
from council_qa.index import snapshot
from council_qa.types import Citation, Clause, Document, Passage


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\x\\Bericht 2021.PDF", "Bericht 2021.pdf"),
        ("..", "upload"),
        (".hidden.md", "hidden.md"),
        ("a\x00b\nc<script>.html", "abc_script_.html"),
        ("Beschlusskontrolle_V0220-14_Übersicht.docx", "Beschlusskontrolle_V0220-14_Übersicht.docx"),
        ("x" * 300 + ".txt", "x" * 116 + ".txt"),
    ],
)
def test_safe_name_keeps_uploads_inside_their_folder(given: str, expected: str) -> None:
    assert uploads.safe_name(given) == expected


def test_check_rejects_types_and_sizes_before_writing() -> None:
    assert uploads.check(uploads.Upload("a.txt", b"x")) is None
    assert "not supported" in str(uploads.check(uploads.Upload("a.exe", b"x")))
    big = uploads.Upload("a.pdf", b"%" * (uploads.MAX_UPLOAD_BYTES + 1))
    assert "limit is 20 MB" in str(uploads.check(big))


def test_document_text_cannot_become_markup() -> None:
    text = 'Vorher <img src=x onerror=alert(1)> "mitte" <script>alert(2)</script> danach'
    start = text.index('"mitte"')
    part = excerpt(text, Pages((0,), (1,)), [(start, start + 7)], 1)
    out = highlighted_html(text, part)
    assert "<img" not in out and "<script" not in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out
    assert '<mark id="cite">&quot;mitte&quot;</mark>' in out
    assert escape_markdown(":red[x] $a$ [l](javascript:x) 1. *b*") == (
        "\\:red\\[x\\] \\$a\\$ \\[l\\]\\(javascript\\:x\\) 1\\. \\*b\\*"
    )


def test_excerpt_is_the_cited_page_and_spans_merge_across_whitespace() -> None:
    text = "Seite eins.\n\n-2-\nErster Satz. Zweiter Satz.\n\n-3-\nDritte Seite."
    pages = cleaned("memo.txt", text).original_pages
    assert pages.numbers == (1, 2, 3)
    first = text.index("Erster")
    second = text.index("Zweiter")
    spans = [(second, second + 13), (first, first + 12)]
    assert merge_spans(text, spans) == ((first, second + 13),)
    part = excerpt(text, pages, spans, page=2)
    assert text[part.start : part.end] == "Erster Satz. Zweiter Satz."
    assert (part.first_page, part.last_page) == (2, 2)
    assert excerpt(text, pages, [(10_000, 20_000)], page=9).marks == ((len(text), len(text)),)


def _clause(label: str, status: str, verdict: str | None) -> Clause:
    passage = Passage(verdict, 0, 1, 1) if verdict else None
    return Clause(label, f"Text {label}", "", status, (1,), 0, 1, verdict=passage)  # type: ignore[arg-type]


def _memo(resolution: str, date: str, clauses: tuple[Clause, ...]) -> Document:
    return Document(
        f"id-{date}", f"{date}.txt", "beschlusskontrolle", resolution, None, date, "T", None, None, 1, clauses
    )


def test_board_shows_the_newest_memo_and_filters_open_clauses() -> None:
    old = _memo("V1/20", "2020-01-01", (_clause("1", "in_progress", "läuft"),))
    new = _memo("V1/20", "2021-01-01", (_clause("1", "fulfilled", "erfüllt"), _clause("2", "not_fulfilled", None)))
    (item,) = board_data.resolutions([old, new])
    assert item.memo is new and item.older_dates == ("2020-01-01",)
    assert [r.clause.label for r in board_data.resolutions([old, new], open_only=True)[0].rows] == ["2"]
    assert board_data.resolutions([_memo("V2/20", "2020-01-01", (_clause("1", "obsolete", "x"),))], True) == []


def test_csv_is_for_german_spreadsheets_and_runs_no_formulas(app_index: Path) -> None:
    formula = _memo("V1/20", "2021-01-01", (_clause("1", "fulfilled", "=HYPERLINK(1)"),))
    items = board_data.resolutions([*snapshot.load(app_index).documents.values(), formula])
    data = board_data.to_csv(items, "de")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Beschluss", "Titel"]
    assert len(rows) == 1 + sum(len(i.rows) for i in items)
    assert ["V1/20", "T", "2021-01-01", "", "1", "erfüllt", "'=HYPERLINK(1)", "1", "Text 1", "2021-01-01.txt"] in rows


def test_citations_of_one_place_make_one_chip_and_one_reference() -> None:
    def cite(quote: str, page: int, start: int) -> Citation:
        return Citation("m.txt", "d", "V0220/14", page, "1c", quote, start, start + len(quote))

    cites = [cite("„Wortlaut.“", 2, 0), cite("Bericht.", 2, 20), cite("Andere Seite.", 3, 90)]
    assert citing.groups(cites) == [[0, 1], [2]]
    assert citing.chip_label(cites[0], "de") == "V0220/14 · S. 2 · Punkt 1c"
    assert citing.chip_label(cites[0], "en") == "V0220/14 · p. 2 · clause 1c"
    assert citing.reference(citing.group_of(cites, 0), "de") == (
        "„Wortlaut. […] Bericht.“ — m.txt, S. 2, Beschlusspunkt 1c (V0220/14)"
    )


def test_the_cleaned_view_marks_the_same_passage_as_the_original() -> None:
    text = "Seite eins.\n\n-2-\nIc. „Erster Satz.“ Zwei-\nter Satz folgt.\n\n-3-\nDritte Seite."
    view = cleaned("memo.txt", text)
    assert view.text == "Seite eins.\n1c. „Erster Satz.“ Zweiter Satz folgt.\nDritte Seite."
    start, end = text.index("Zwei-"), text.index("folgt.") + len("folgt.")
    [(a, b)] = view.spans([(start, end)])
    assert view.text[a:b] == "Zweiter Satz folgt."
    part = excerpt(view.text, view.pages, [(a, b)], page=2)
    assert view.text[part.start : part.end] == "1c. „Erster Satz.“ Zweiter Satz folgt."
    assert (part.first_page, part.last_page) == (2, 2)
