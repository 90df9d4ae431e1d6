"""Readers on real files made in tmp_path: real pypdf, python-docx, bs4, pdftoppm and tesseract."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader, PdfWriter

from council_qa.ingest.readers import (
    PAGE_SEPARATOR,
    ReaderError,
    ocr_missing_packages,
    read_file,
)
from tests.helpers.pdfs import (
    MEMO_PAGES,
    encrypted_pdf,
    image_pdf,
    text_pdf,
    zero_page_pdf,
)

needs_ocr = pytest.mark.skipif(
    bool(ocr_missing_packages()),
    reason=f"OCR tools missing: apt-get install {' '.join(ocr_missing_packages())}",
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def rejected(path: Path, *, ocr: bool = True, max_bytes: int = 50 * 1024 * 1024) -> str:
    """The ReaderError message, checked to be one line that names the file."""
    with pytest.raises(ReaderError) as info:
        read_file(path, ocr=ocr, max_bytes=max_bytes)
    message = str(info.value)
    assert "\n" not in message and path.name.replace("\n", "\\n") in message
    return message


@pytest.fixture
def no_ocr_tools(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """A PATH without pdftoppm/tesseract: the real 'not installed' situation, not a mock."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    ocr_missing_packages.cache_clear()
    yield
    ocr_missing_packages.cache_clear()


# --- PDF --------------------------------------------------------------------------------------


def test_text_pdf_two_pages(tmp_path: Path) -> None:
    doc = read_file(write(tmp_path, "memo.pdf", text_pdf()))
    assert doc.source == "memo.pdf" and doc.notes == ()
    assert len(doc.page_starts) == 2 and doc.page_starts[0] == 0
    page1 = doc.text[: doc.page_starts[1]]
    page2 = doc.text[doc.page_starts[1] :]
    assert page1.endswith(PAGE_SEPARATOR)
    assert "Oberbürgermeister" in page1 and "50.000 €" in page1
    assert page2.startswith("-2-") and "205 Personen" in page2 and "gez. Müller" in page2


@needs_ocr
def test_image_only_pdf_is_ocrd(tmp_path: Path) -> None:
    doc = read_file(write(tmp_path, "scan.pdf", image_pdf()))
    assert "Beschlusspunkt" in doc.text and "Verwaltung" in doc.text and "Haushalt" in doc.text
    assert doc.page_starts == (0,)
    assert any("OCR (tesseract, deu)" in note for note in doc.notes)


@needs_ocr
def test_mixed_pdf_ocrs_only_the_scanned_page(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(text_pdf(MEMO_PAGES[:1]))))
    writer.append(PdfReader(io.BytesIO(image_pdf(MEMO_PAGES[1:]))))
    buf = io.BytesIO()
    writer.write(buf)
    doc = read_file(write(tmp_path, "mixed.pdf", buf.getvalue()))
    assert len(doc.page_starts) == 2
    assert "Oberbürgermeister" in doc.text[: doc.page_starts[1]]
    assert "Krankenkasse" in doc.text[doc.page_starts[1] :]
    assert "text from OCR (tesseract, deu) on page(s) 2" in doc.notes


def test_scanned_pdf_with_ocr_off(tmp_path: Path) -> None:
    message = rejected(write(tmp_path, "scan.pdf", image_pdf()), ocr=False)
    assert "has no text layer and OCR is turned off" in message


@pytest.mark.usefixtures("no_ocr_tools")
def test_scanned_pdf_without_ocr_tools(tmp_path: Path) -> None:
    message = rejected(write(tmp_path, "scan.pdf", image_pdf()))
    assert "has no text layer and OCR is not available: install" in message
    assert "tesseract-ocr and tesseract-ocr-deu" in message


def test_truncated_pdf(tmp_path: Path) -> None:
    data = text_pdf()
    assert "truncated" in rejected(write(tmp_path, "cut.pdf", data[: len(data) // 2]))


def test_corrupt_pdf_with_header_and_end_marker(tmp_path: Path) -> None:
    data = b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n"
    rejected(write(tmp_path, "broken.pdf", data))


def test_encrypted_pdf_needs_password(tmp_path: Path) -> None:
    assert "encrypted PDF" in rejected(write(tmp_path, "secret.pdf", encrypted_pdf("geheim")))


def test_encrypted_pdf_with_empty_user_password_opens(tmp_path: Path) -> None:
    doc = read_file(write(tmp_path, "locked.pdf", encrypted_pdf("")))
    assert "Beschlusspunkt 1c" in doc.text and len(doc.page_starts) == 2
    assert "encrypted PDF opened with the empty user password" in doc.notes


def test_zero_page_pdf(tmp_path: Path) -> None:
    assert "zero pages" in rejected(write(tmp_path, "none.pdf", zero_page_pdf()))


def test_garbage_with_pdf_extension(tmp_path: Path) -> None:
    assert "not a PDF" in rejected(write(tmp_path, "junk.pdf", bytes(range(256)) * 4))


def test_pdf_content_wins_over_txt_name(tmp_path: Path) -> None:
    doc = read_file(write(tmp_path, "really-a-pdf.txt", text_pdf()))
    assert len(doc.page_starts) == 2 and "read as pdf by content; the name ends in .txt" in doc.notes


# --- text -------------------------------------------------------------------------------------


def test_utf8_text_kept_byte_for_byte(tmp_path: Path) -> None:
    text = "Beschlusskontrolle\r\n-1-\r\nDie Maßnahme ist erfüllt.\n"
    doc = read_file(write(tmp_path, "memo.md", text.encode("utf-8")))
    assert doc.text == text and doc.encoding == "utf-8" and doc.page_starts == () and doc.notes == ()


def test_cp1252_text(tmp_path: Path) -> None:
    text = "Bürgermeisterin \u2013 50.000 € für Maßnahmen\r\n"
    doc = read_file(write(tmp_path, "alt.txt", text.encode("cp1252")))
    assert doc.text == text and doc.encoding == "cp1252"
    assert "decoded as cp1252 (not valid UTF-8)" in doc.notes


def test_latin1_fallback(tmp_path: Path) -> None:
    data = "Straße ".encode("latin-1") * 100 + b"\x81"  # 0x81 is undefined in cp1252
    doc = read_file(write(tmp_path, "alt.txt", data))
    assert doc.encoding == "latin-1" and doc.text.startswith("Straße")


def test_utf8_bom_removed(tmp_path: Path) -> None:
    doc = read_file(write(tmp_path, "bom.txt", b"\xef\xbb\xbfGr\xc3\xbc\xc3\x9fe\n"))
    assert doc.text == "Grüße\n" and "UTF-8 byte-order mark removed" in doc.notes


def test_empty_file(tmp_path: Path) -> None:
    assert "empty file" in rejected(write(tmp_path, "empty.txt", b""))


def test_whitespace_only_file(tmp_path: Path) -> None:
    assert "no text found" in rejected(write(tmp_path, "blank.txt", b" \n\n\t\n"))


def test_nul_bytes_in_txt(tmp_path: Path) -> None:
    assert "NUL bytes" in rejected(write(tmp_path, "bin.txt", b"abc\x00\x01\x02def"))


def test_control_junk_in_txt(tmp_path: Path) -> None:
    assert "non-text" in rejected(write(tmp_path, "bin.txt", bytes(range(1, 32)) * 20))


def test_file_over_max_bytes(tmp_path: Path) -> None:
    message = rejected(write(tmp_path, "big.txt", b"x" * 101), max_bytes=100)
    assert "file too large" in message and "limit 100 bytes" in message


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert "file not found" in rejected(tmp_path / "nope.txt")
    (tmp_path / "dir.txt").mkdir()
    assert "is a directory" in rejected(tmp_path / "dir.txt")


@pytest.mark.parametrize("name", ["memo.doc", "sheet.xlsx", "README"])
def test_unsupported_type(tmp_path: Path, name: str) -> None:
    message = rejected(write(tmp_path, name, b"some content"))
    assert "unsupported file type" in message and "supported: txt, md, pdf, docx, html/htm" in message


@pytest.mark.parametrize("name", ["Beschluss Kontrolle Ä ö ü ß.txt", "quote \"x\" 'y'.txt", "-dash; $(x) `y`.pdf"])
def test_odd_file_names(tmp_path: Path, name: str) -> None:
    data = text_pdf() if name.endswith(".pdf") else "Müller\n".encode()
    assert read_file(write(tmp_path, name, data)).source == name
    assert "empty file" in rejected(write(tmp_path, "leer " + name, b""))


def test_newline_in_file_name_keeps_message_on_one_line(tmp_path: Path) -> None:
    rejected(write(tmp_path, "two\nlines.txt", b""))


# --- DOCX -------------------------------------------------------------------------------------


def test_docx_paragraphs_and_table_in_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Beschlusskontrolle V0220/14")
    table = document.add_table(rows=3, cols=3)
    for row, cells in zip(
        table.rows,
        [("Punkt", "Bericht", "Stand"), ("1a", "Konzept\nvorgelegt", "erfüllt"), ("1b", "", "")],
        strict=True,
    ):
        for cell, value in zip(row.cells, cells, strict=True):
            cell.text = value
    table.cell(2, 1).merge(table.cell(2, 2)).text = "in Bearbeitung"
    document.add_paragraph("gez. Müller")
    buf = io.BytesIO()
    document.save(buf)
    doc = read_file(write(tmp_path, "memo.docx", buf.getvalue()))
    assert doc.text.split("\n") == [
        "Beschlusskontrolle V0220/14",
        "Punkt | Bericht | Stand",
        "1a | Konzept vorgelegt | erfüllt",
        "1b | in Bearbeitung",
        "gez. Müller",
    ]
    assert doc.page_starts == ()


def test_docx_zip_bomb(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"<w:document>" + b" " * (20 * 1024 * 1024))
    assert "zip bomb" in rejected(write(tmp_path, "bomb.docx", buf.getvalue()))


def test_docx_that_is_not_a_zip(tmp_path: Path) -> None:
    assert "not a valid DOCX" in rejected(write(tmp_path, "fake.docx", b"Hallo Welt"))


def test_zip_without_document_xml(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
    assert "not a valid DOCX" in rejected(write(tmp_path, "empty.docx", buf.getvalue()))


# --- HTML -------------------------------------------------------------------------------------


def test_html_visible_text_in_blocks(tmp_path: Path) -> None:
    html = """<!DOCTYPE html><html><head><title>Beschlusskontrolle</title>
    <style>p { color: red }</style><script>var geheim = "nicht zeigen";</script></head>
    <body><!-- Kommentar --><h1>Vorlage   V0220/14</h1>
    <p>Die Verwaltung wird
       <b>beauftragt</b>, ein Konzept vorzulegen.<br>Stand: erf&uuml;llt</p>
    <table><tr><th>Punkt</th><th>Stand</th></tr><tr><td>1a</td><td>erfüllt</td></tr></table>
    <noscript>JS aus</noscript><ul><li>eins</li><li>zwei</li></ul></body></html>"""
    doc = read_file(write(tmp_path, "seite.htm", html.encode("utf-8")))
    assert doc.text.split("\n") == [
        "Beschlusskontrolle",
        "Vorlage V0220/14",
        "Die Verwaltung wird beauftragt, ein Konzept vorzulegen.",
        "Stand: erfüllt",
        "Punkt | Stand",
        "1a | erfüllt",
        "eins",
        "zwei",
    ]


def test_html_sniffed_without_extension_and_charset_honoured(tmp_path: Path) -> None:
    html = '<html><head><meta charset="windows-1252"></head><body><p>Grüße</p></body></html>'
    doc = read_file(write(tmp_path, "seite", html.encode("cp1252")))
    assert doc.text == "Grüße" and doc.encoding == "windows-1252"
