"""File readers: turn one council paper (txt, md, pdf, docx, html) into a :class:`RawDocument`.

Every later offset points into ``RawDocument.text``, so readers never rewrite decoded text files
(no line-ending normalisation; only a BOM is removed) and build extracted text in one place.
PDF uses pypdf: a pure-Python wheel, no system library, and it detects (and opens) encrypted files.
Pages without a text layer are OCR'd with the CLIs ``pdftoppm`` (poppler-utils) and
``tesseract -l deu`` (tesseract-ocr, tesseract-ocr-deu), each run under a time limit.

What a file may cost is bounded by a :class:`Budget` (pages to OCR, characters, unpacked size),
each checked before the work it bounds; memory and wall time need a process of their own and
are enforced by ``ingest.isolate``.
"""

from __future__ import annotations

import codecs
import functools
import hashlib
import io
import logging
import os
import re
import shutil
import stat
import subprocess
import unicodedata
import zipfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import docx
import pypdf
from bs4 import BeautifulSoup
from bs4.element import CData, NavigableString, PageElement, Tag
from docx.table import Table
from docx.text.paragraph import Paragraph
from pypdf.errors import DependencyError

from council_qa.ingest import scratch
from council_qa.ingest.budget import DEFAULT_BUDGET, MIB, Budget
from council_qa.ingest.names import source_name
from council_qa.types import OriginalFile, RawDocument

__all__ = ["PAGE_SEPARATOR", "SUPPORTED_TYPES", "ReaderError", "ocr_missing_packages", "read_file"]

log = logging.getLogger(__name__)

SUPPORTED_TYPES = "txt, md, pdf, docx, html/htm"
PAGE_SEPARATOR = "\n\f\n"  # between PDF pages; page_starts say where each page begins
MIN_PAGE_ALNUM = 25  # a PDF page with fewer letters/digits counts as scanned and is OCR'd
OCR_DPI = 300
RENDER_TIMEOUT_S = 60
OCR_TIMEOUT_S = 180
BINARY_CONTROL_RATIO = 0.02  # share of control characters above which a .txt is binary junk
DOCX_MAX_RATIO = 200  # real XML compresses ~5-30:1; far more means a zip bomb
DOCX_MAX_MEMBERS = 10_000
_TEXT_EXTS = {"txt", "md"}
_HTML_EXTS = {"html", "htm"}
_HTML_SNIFF = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!doctype\s+html|<html[\s>])", re.IGNORECASE)
_HTML_DROP = ["script", "style", "noscript", "template", "svg", "iframe", "object", "embed"]
_HTML_BLOCKS = [
    *("address", "article", "aside", "blockquote", "caption", "dd", "details", "dialog", "div"),
    *("dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "header", "hr", "legend"),
    *("h1", "h2", "h3", "h4", "h5", "h6", "li", "main", "nav", "ol", "p", "pre", "section"),
    *("summary", "table", "tbody", "tfoot", "thead", "title", "tr", "ul"),
]
_HTML_BLOCK_SET = frozenset(_HTML_BLOCKS)
_MAX_REASON = 200  # characters of a library's error message quoted in a ReaderError
_WS = re.compile(r"\s+")


class ReaderError(ValueError):
    """A file that cannot be read; the message is one line naming the file and the reason."""


class _RejectError(Exception):
    """Internal: a reason without the path; ``read_file`` turns it into a ReaderError."""


@dataclass
class _Extracted:
    text: str
    page_starts: tuple[int, ...] = ()
    encoding: str = "utf-8"
    notes: list[str] = field(default_factory=list)


def read_file(
    path: Path, *, ocr: bool = True, max_bytes: int = 50 * 1024 * 1024, budget: Budget = DEFAULT_BUDGET
) -> RawDocument:
    """Read ``path`` into a RawDocument, deciding the type by content first, extension second.

    Raises ReaderError with one line ("<path>: <reason>") for anything that cannot be read or
    is over ``budget``, so the ingest command can print it as is and go on with the next file.
    """
    try:
        data = _load(path, max_bytes)
        kind, notes = _detect(path, data)
        if kind == "pdf":
            got = _read_pdf(data, ocr=ocr, budget=budget)
        elif kind == "docx":
            got = _read_docx(data, budget)
        elif kind == "html":
            got = _read_html(data, budget)
        else:
            got = _read_text(data, budget)
        _check_chars(len(got.text), budget)
        if not got.text.strip():
            raise _RejectError("no text found in the file")
    except _RejectError as exc:
        raise ReaderError(f"{_printable(str(path))}: {exc}") from None
    log.debug("read %s as %s: %d chars, %d pages", path, kind, len(got.text), len(got.page_starts))
    return RawDocument(
        source=source_name(path),
        text=got.text,
        page_starts=got.page_starts,
        encoding=got.encoding,
        notes=tuple(notes + got.notes),
        pdf=OriginalFile(path.absolute(), hashlib.sha256(data).hexdigest()) if kind == "pdf" else None,
    )


def _load(path: Path, max_bytes: int) -> bytes:
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            raise _RejectError("is a directory" if stat.S_ISDIR(st.st_mode) else "not a regular file")
        if st.st_size > max_bytes:
            raise _RejectError(f"file too large ({_size(st.st_size)}; limit {_size(max_bytes)})")
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)  # the file may grow after stat()
    except FileNotFoundError:
        raise _RejectError("file not found") from None
    except OSError as exc:
        raise _RejectError(f"cannot read file ({exc.strerror or exc})") from None
    if not data:
        raise _RejectError("empty file (0 bytes)")
    if len(data) > max_bytes:
        raise _RejectError(f"file too large (limit {_size(max_bytes)})")
    return data


def _detect(path: Path, data: bytes) -> tuple[str, list[str]]:
    """Content wins over the name: a PDF saved as .txt is still a PDF."""
    ext = path.suffix.lower().lstrip(".")
    if b"%PDF-" in data[:1024]:  # the spec tolerates junk before the header
        kind = "pdf"
    elif data.startswith(b"PK\x03\x04") and _is_docx(data):
        kind = "docx"
    elif ext == "pdf":
        raise _RejectError("not a PDF (no %PDF header): corrupt or mislabelled file")
    elif ext == "docx":
        raise _RejectError("not a valid DOCX (not a zip archive with word/document.xml)")
    elif ext in _HTML_EXTS or (ext not in _TEXT_EXTS and _HTML_SNIFF.match(data[:2048])):
        kind = "html"
    elif ext in _TEXT_EXTS:
        kind = "text"
    else:
        named = f".{ext}" if ext else "(no extension)"
        raise _RejectError(f"unsupported file type {named}; supported: {SUPPORTED_TYPES}")
    by_ext = {"pdf": "pdf", "docx": "docx", "txt": "text", "md": "text"}
    expected = "html" if ext in _HTML_EXTS else by_ext.get(ext)
    if expected in (None, kind):
        return kind, []
    return kind, [f"read as {kind} by content; the name ends in .{ext}"]


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "word/document.xml" in zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


# --- plain text -------------------------------------------------------------------------------


def _check_chars(count: int, budget: Budget) -> None:
    """Characters bound everything after reading: cleaning, parsing and, above all, embedding."""
    if count > budget.chars:
        raise _RejectError(f"text over {budget.chars:,} characters ({count:,} read; --max-chars)")


def _read_text(data: bytes, budget: Budget) -> _Extracted:
    """UTF-8 (BOM stripped), else cp1252, else latin-1; the decoded text is kept as is.

    The character budget is checked before the per-character scan for binary junk, which is
    the slow part of a text that long."""
    notes: list[str] = []
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16: FF FE 00 00 starts both
        try:
            return _Extracted(data.decode("utf-32"), encoding="utf-32", notes=["decoded as UTF-32 (BOM)"])
        except UnicodeDecodeError:
            pass
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _Extracted(data.decode("utf-16"), encoding="utf-16", notes=["decoded as UTF-16 (BOM)"])
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise _RejectError("binary content (NUL bytes), not a text file")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
        notes.append("UTF-8 byte-order mark removed")
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        try:
            text, encoding = data.decode("cp1252"), "cp1252"
            notes.append("decoded as cp1252 (not valid UTF-8)")
        except UnicodeDecodeError:
            text, encoding = data.decode("latin-1"), "latin-1"
            notes.append("decoded as latin-1 (neither UTF-8 nor cp1252)")
    _check_chars(len(text), budget)
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v")
    if controls > BINARY_CONTROL_RATIO * len(text):
        raise _RejectError("mostly non-text (binary) content, not a text file")
    return _Extracted(text, encoding=encoding, notes=notes)


# --- PDF --------------------------------------------------------------------------------------


def _read_pdf(data: bytes, *, ocr: bool, budget: Budget) -> _Extracted:
    """Text layer per page via pypdf; pages with (almost) none are OCR'd when possible.

    A text layer over the character budget stops the extraction at the page that crosses it."""
    reader, notes = _open_pdf(data)
    texts: list[str] = []
    total = 0
    for number, page in enumerate(reader.pages, start=1):
        try:
            text = page.extract_text() or ""
        except Exception as exc:
            notes.append(f"page {number}: text extraction failed ({_one_line(exc)})")
            text = ""
        texts.append(text.replace("\x00", "").strip())
        total += len(texts[-1]) + len(PAGE_SEPARATOR)
        _check_chars(total - len(PAGE_SEPARATOR), budget)
    notes += _fill_scanned_pages(data, texts, ocr=ocr, budget=budget)
    starts: list[int] = []
    offset = 0
    for text in texts:
        starts.append(offset)
        offset += len(text) + len(PAGE_SEPARATOR)
    return _Extracted(PAGE_SEPARATOR.join(texts), tuple(starts), "utf-8", notes)


def _open_pdf(data: bytes) -> tuple[pypdf.PdfReader, list[str]]:
    """Open and check a PDF: reject truncated, corrupt, password-protected and empty files."""
    if b"%%EOF" not in data[-2048:]:
        raise _RejectError("truncated or corrupt PDF (no %%EOF end marker)")
    notes: list[str] = []
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except DependencyError:
                raise _RejectError("encrypted PDF (AES): install the 'cryptography' package") from None
            if not opened:
                raise _RejectError("encrypted PDF (a password is needed to open it)")
            notes.append("encrypted PDF opened with the empty user password")
        n_pages = len(reader.pages)
    except _RejectError:
        raise
    except Exception as exc:
        raise _RejectError(f"corrupt PDF ({_one_line(exc)})") from None
    if n_pages == 0:
        raise _RejectError("PDF has zero pages")
    return reader, notes


def _fill_scanned_pages(data: bytes, texts: list[str], *, ocr: bool, budget: Budget) -> list[str]:
    """OCR pages with (almost) no text layer in place; reject a wholly scanned PDF without OCR.

    A PDF with more scanned pages than the budget allows is rejected before the first page is
    OCR'd (~3 s a page): OCR'ing some of them would index a paper with holes in it."""
    scanned = [i for i, t in enumerate(texts) if _alnum(t) < MIN_PAGE_ALNUM]
    if not scanned:
        return []
    missing = ocr_missing_packages()
    if ocr and not missing:
        if len(scanned) > budget.ocr_pages:
            raise _RejectError(f"{len(scanned)} scanned pages to OCR (limit {budget.ocr_pages} pages, --max-ocr-pages)")
        return _ocr_pages(data, scanned, texts)
    if len(scanned) == len(texts) and sum(map(_alnum, texts)) < MIN_PAGE_ALNUM:
        why = f"OCR is not available: install {_and(missing)}" if ocr else "OCR is turned off"
        raise _RejectError(f"scanned PDF has no text layer and {why}")
    why = f"OCR not available (install {_and(missing)})" if ocr else "OCR is turned off"
    return [f"little or no text layer on page(s) {_pages(scanned)}; {why}"]


def _ocr_pages(data: bytes, pages: Sequence[int], texts: list[str]) -> list[str]:
    """OCR ``pages`` (0-based) in parallel, one tesseract thread each; keep the better text."""
    notes: list[str] = []
    used: list[int] = []
    with scratch.folder("ocr") as tmp:
        pdf = tmp / "in.pdf"  # a fixed name: no odd file names reach the command line
        pdf.write_bytes(data)
        workers = max(1, min(len(pages), os.cpu_count() or 1))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(lambda i: _ocr_page(pdf, i + 1), pages))
    for i, (text, error) in zip(pages, results, strict=True):
        if error:
            notes.append(f"page {i + 1}: OCR failed ({error})")
            log.warning("OCR failed on page %d: %s", i + 1, error)
        elif _alnum(text) > _alnum(texts[i]):
            texts[i] = text
            used.append(i)
    if used:
        notes.append(f"text from OCR (tesseract, deu) on page(s) {_pages(used)}")
    return notes


def _ocr_page(pdf: Path, number: int) -> tuple[str, str]:
    """Render one page with pdftoppm and read it with tesseract; returns (text, error)."""
    image = pdf.with_name(f"page-{number}.pgm")
    # raw greyscale PGM: 10x faster to write than PNG (1.6 s a page at 300 dpi); tesseract reads it
    render = ["pdftoppm", "-r", str(OCR_DPI), "-gray", "-singlefile", "-f", str(number)]
    try:
        _run([*render, "-l", str(number), str(pdf), str(image.with_suffix(""))], RENDER_TIMEOUT_S)
        text = _run(["tesseract", str(image), "stdout", "-l", "deu"], OCR_TIMEOUT_S)
    except subprocess.TimeoutExpired as exc:
        return "", f"{exc.cmd[0]} took longer than {exc.timeout:.0f} s"
    except subprocess.CalledProcessError as exc:
        why = _one_line(exc.stderr or "no error output")
        return "", f"{exc.cmd[0]} exited {exc.returncode}: {why}"
    except OSError as exc:
        return "", f"{exc.filename or 'OCR'}: {exc.strerror or exc}"
    finally:
        image.unlink(missing_ok=True)  # ~9 MB a page: do not let a long scan fill /tmp
    return text.replace("\f", "").strip(), ""


def _run(cmd: list[str], timeout: float) -> str:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # pages run in parallel; threads would fight
    done = subprocess.run(
        cmd,
        capture_output=True,
        timeout=timeout,
        env=env,
        check=True,
        encoding="utf-8",
        errors="replace",
    )
    return done.stdout


@functools.lru_cache(maxsize=1)
def ocr_missing_packages() -> tuple[str, ...]:
    """The apt packages OCR still needs on this machine; () when OCR is ready."""
    missing = [] if shutil.which("pdftoppm") else ["poppler-utils"]
    if not shutil.which("tesseract"):
        return (*missing, "tesseract-ocr", "tesseract-ocr-deu")
    try:
        done = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
        langs = (done.stdout + done.stderr).split()  # older versions print to stderr
    except (OSError, subprocess.TimeoutExpired):
        langs = []
    return (*missing, "tesseract-ocr-deu") if "deu" not in langs else tuple(missing)


# --- DOCX -------------------------------------------------------------------------------------


def _read_docx(data: bytes, budget: Budget) -> _Extracted:
    """Paragraphs and table rows (cells joined by " | ") in document order."""
    _check_zip(data, budget.unpacked_mb * MIB)
    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Paragraph):
                lines.append(block.text)
            elif isinstance(block, Table):
                lines.extend(_table_rows(block))
    except Exception as exc:
        raise _RejectError(f"not a valid DOCX ({_one_line(exc)})") from None
    return _Extracted("\n".join(lines))


def _table_rows(table: Table) -> list[str]:
    rows = []
    for row in table.rows:
        seen: set[int] = set()
        cells = []
        for cell in row.cells:  # a merged cell appears once per grid column it spans
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                cells.append(_WS.sub(" ", cell.text).strip())
        rows.append(" | ".join(cells))
    return rows


def _check_zip(data: bytes, max_unpacked: int) -> None:
    """Refuse zip bombs by the sizes the archive declares, before anything is unpacked.

    Python's zipfile stops at the declared size, so the declared sizes bound the real ones.
    python-docx unpacks every part and parses its XML into a tree of ~10 times its size, so
    the unpacked total is a budget of its own: a 27.6 MB file within the ratio limit reached
    3 GB of memory.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _RejectError(f"not a valid DOCX (broken zip: {_one_line(exc)})") from None
    if len(infos) > DOCX_MAX_MEMBERS:
        raise _RejectError(f"DOCX has {len(infos)} parts (limit {DOCX_MAX_MEMBERS}): refused as a zip bomb")
    total = sum(i.file_size for i in infos)
    if total > max_unpacked:
        raise _RejectError(f"DOCX would unpack to {_size(total)} (limit {_size(max_unpacked)}, --max-unpacked-mb)")
    for info in infos:
        ratio = info.file_size // max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and ratio > DOCX_MAX_RATIO:
            raise _RejectError(
                f"DOCX part {info.filename} expands {ratio}:1 (limit {DOCX_MAX_RATIO}:1): refused as a zip bomb"
            )


# --- HTML -------------------------------------------------------------------------------------


def _read_html(data: bytes, budget: Budget) -> _Extracted:
    """Visible text; block elements on their own lines, table cells joined by " | " like DOCX.

    The markup is bounded like a DOCX's unpacked parts: lxml's tree of it is many times larger."""
    if len(data) > budget.unpacked_mb * MIB:
        raise _RejectError(
            f"HTML markup is {_size(len(data))} (limit {_size(budget.unpacked_mb * MIB)}, --max-unpacked-mb)"
        )
    soup = BeautifulSoup(data, "lxml")
    encoding = soup.original_encoding or "utf-8"
    lines = (line.strip() for line in _html_text(soup).split("\n"))
    notes = [] if encoding.lower() in ("utf-8", "ascii") else [f"decoded as {encoding}"]
    return _Extracted("\n".join(line for line in lines if line), encoding=encoding, notes=notes)


def _html_text(soup: BeautifulSoup) -> str:
    """The text, with a line break around each block, ``<br>`` as a break and " | " between
    table cells, built in one pass with an explicit stack: no tree edits (bs4 scans a parent's
    children on each insert, quadratic in a page of many paragraphs) and no recursion."""
    parts: list[str] = []
    stack: list[str | tuple[PageElement, bool]] = [(soup, False)]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        node, in_pre = item
        if isinstance(node, NavigableString):
            # only plain strings and CDATA: comments and doctypes stay invisible, as in get_text()
            if type(node) is NavigableString:
                parts.append(str(node) if in_pre else _WS.sub(" ", node))
            elif type(node) is CData:
                parts.append(str(node))
            continue
        if not isinstance(node, Tag) or node.name in _HTML_DROP:
            continue
        if node.name == "br":
            parts.append("\n")
            continue
        if node.name in _HTML_BLOCK_SET:
            parts.append("\n")
            stack.append("\n")
        inner = in_pre or node.name == "pre"
        children: list[str | tuple[PageElement, bool]] = []
        cells = 0
        for child in node.contents:
            if isinstance(child, Tag) and child.name in ("td", "th"):
                if cells:
                    children.append(" | ")
                cells += 1
            children.append((child, inner))
        stack.extend(reversed(children))
    return "".join(parts)


# --- small helpers ----------------------------------------------------------------------------


def _alnum(text: str) -> int:
    return sum(1 for c in text if c.isalnum())


def _one_line(exc: object) -> str:
    text = " ".join(str(exc).split())
    return (text[:_MAX_REASON] + "...") if len(text) > _MAX_REASON else text or type(exc).__name__


def _printable(text: str) -> str:
    """Keep a message on one line whatever the file name holds."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _size(n: int) -> str:
    for unit, scale in (("MiB", 1024**2), ("KiB", 1024)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _pages(indexes: Sequence[int]) -> str:
    return ", ".join(str(i + 1) for i in indexes)
