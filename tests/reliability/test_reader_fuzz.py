"""Hostile files into the readers: each one is read or rejected with one line, in bounded time
and memory, and none takes the process down.

Councils receive files from everywhere: scanner software, mail gateways that truncate
attachments, twenty-year-old Word templates, web exports. ``council-qa ingest`` reads a whole
folder in one process, so one file that hangs or crashes it would stop the whole batch.

What ``tests/ingest/test_readers.py`` already covers (a half-truncated PDF, a password-locked
one, zero pages, a high-ratio DOCX bomb, NUL bytes in a .txt) is not repeated; this adds
seeded truncations and byte flips, broken structure (cycles, recursion, lying counts and
lengths, compression bombs), hostile XML (entity bombs, external entities, deep nesting),
and text in mixed and wrong encodings. Each file is read in a child process under a
watchdog and a memory limit (``read_worker``), so a hang or a crash is a finding, not a
stuck suite.
"""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest

from tests.helpers.pdfs import assemble, text_pdf
from tests.reliability.support import ROOT, write_artifact

SEED = 4242
PER_FILE_SECONDS = 30.0  # generous: a loaded 2-core machine; a real hang is minutes or forever
MEMORY_MB = 2048
PASSWD_MARKER = "root:x:0:0"


# --- builders ---------------------------------------------------------------------------------


def pdf(objects: list[bytes], *, root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """A PDF from object bodies (object i+1 is ``objects[i]``) with a correct xref table."""
    return assemble(objects, version=b"1.7", root=root, trailer_extra=trailer_extra)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(data), extra, data)


def deflated_spaces(size: int) -> bytes:
    """``size`` spaces, deflated (about 1000:1) without holding them all in memory."""
    packer = zlib.compressobj(9)
    block = b" " * (1 << 20)
    parts = [packer.compress(b"BT ET ")]
    parts += [packer.compress(block) for _ in range(size // len(block))]
    return b"".join([*parts, packer.flush()])


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def one_page(content: bytes, resources: bytes = b"<< /Font << /F1 3 0 R >> >>", extra: tuple[bytes, ...] = ()) -> bytes:
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            FONT,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources %s /Contents 5 0 R >>" % resources,
            content,
            *extra,
        ]
    )


def pdf_corpus(rng: random.Random) -> dict[str, bytes]:
    good = text_pdf()
    files: dict[str, bytes] = {}
    for i in range(6):
        cut = rng.randrange(16, len(good) - 16)
        files[f"cut-{i}.pdf"] = good[:cut]
        files[f"cut-eof-{i}.pdf"] = good[:cut] + b"\n%%EOF\n"  # passes the end-marker check
    for i in range(10):
        data = bytearray(good)
        for _ in range(rng.randint(1, 24)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        files[f"flipped-{i}.pdf"] = bytes(data)
    for i in range(3):
        noise = bytes(rng.randrange(256) for _ in range(4000))
        files[f"garbage-content-{i}.pdf"] = one_page(stream(noise))
    files["bad-operators.pdf"] = one_page(stream(b"BT /F1 12 Tf (" + b"\\" * 5000 + b") Tj ET q q q Q Q Q Q Q " * 50))
    files["unclosed-BT.pdf"] = one_page(stream(b"BT /F1 12 Tf 72 700 Td " + b"(Beschlusspunkt) Tj " * 20000))
    files["huge-TJ-array.pdf"] = one_page(stream(b"BT /F1 12 Tf [" + b"(a) -250 " * 200_000 + b"] TJ ET"))
    files["self-drawing-xobject.pdf"] = one_page(
        stream(b"/X1 Do"),
        resources=b"<< /Font << /F1 3 0 R >> /XObject << /X1 6 0 R >> >>",
        extra=(stream(b"BT /F1 9 Tf (x) Tj ET /X1 Do", b"/Type /XObject /Subtype /Form /BBox [0 0 9 9] "
                      b"/Resources << /Font << /F1 3 0 R >> /XObject << /X1 6 0 R >> >> "),),
    )  # fmt: skip
    files["page-tree-cycle.pdf"] = pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
        ]
    )
    files["lying-count.pdf"] = pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 999999999 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>",
        ]
    )
    files["flate-bomb.pdf"] = one_page(stream(deflated_spaces(400_000_000), b"/Filter /FlateDecode "))
    files["lying-length.pdf"] = one_page(b"<< /Length 99999999 >>\nstream\nBT (x) Tj ET\nendstream")
    files["deep-array.pdf"] = one_page(stream(b"BT ET"), resources=b"[" * 100_000 + b"]" * 100_000)
    files["bogus-encryption.pdf"] = pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [] /Count 0 >>",
            b"<< /Filter /Standard /V 99 /R 99 /O (x) /U (y) /P -1 >>",
        ],
        trailer_extra=b"/Encrypt 3 0 R /ID [<00> <00>] ",
    )
    files["startxref-garbage.pdf"] = good.replace(b"startxref\n", b"startxref\n999999999999")
    files["no-root.pdf"] = pdf([b"<< /Type /Pages /Kids [] /Count 0 >>"], root=7)
    return files


def docx_bytes(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def with_part(base: bytes, name: str, data: bytes | None, extra: dict[str, bytes] | None = None) -> bytes:
    """``base`` with part ``name`` replaced by ``data`` (or removed if None) and ``extra`` added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == name:
                if data is not None:
                    dst.writestr(name, data)
            else:
                dst.writestr(info, src.read(info))
        for extra_name, extra_data in (extra or {}).items():
            dst.writestr(extra_name, extra_data)
    return out.getvalue()


def document_xml(body: bytes, prolog: bytes = b"") -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + prolog + b"<w:document xmlns:w="
        b'"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' + body + b"</w:body></w:document>"
    )


def paragraph(text: bytes) -> bytes:
    return b"<w:p><w:r><w:t>" + text + b"</w:t></w:r></w:p>"


def docx_corpus(rng: random.Random) -> dict[str, bytes]:
    base = docx_bytes(["Beschlusskontrolle zu V0220/14", "1. Der Beschlusspunkt ist erfüllt."])
    doc = "word/document.xml"
    refs = b"&l%d;" * 10
    laughs = b"".join(b'<!ENTITY l%d "%s">' % (i, refs % ((i - 1,) * 10)) for i in range(1, 10))
    words = " ".join(rng.choice(["Rat", "Beschluss", "Stadt", "2021"]) for _ in range(600_000))
    files = {
        "many-parts.docx": with_part(base, "x", None, {f"bomb/part{i}.xml": b"<a/>" for i in range(10_001)}),
        "billion-laughs.docx": with_part(
            base, doc, document_xml(paragraph(b"&l9;"), b'<!DOCTYPE d [<!ENTITY l0 "ha">' + laughs + b"]>")
        ),
        "external-entity.docx": with_part(
            base, doc, document_xml(paragraph(b"&xxe;"), b'<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')
        ),
        "nul-in-xml.docx": with_part(base, doc, document_xml(paragraph(b"Beschluss\x00punkt"))),
        "deep-nesting.docx": with_part(base, doc, document_xml(b"<w:p>" * 50_000 + b"</w:p>" * 50_000)),
        "garbage-document-xml.docx": with_part(base, doc, bytes(rng.randrange(256) for _ in range(5000))),
        "no-content-types.docx": with_part(base, "[Content_Types].xml", None),
        "rels-escape.docx": with_part(
            base,
            "word/_rels/document.xml.rels",
            b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'styles" Target="../../../../etc/passwd"/></Relationships>',
        ),
        "one-huge-paragraph.docx": with_part(base, doc, document_xml(paragraph(words.encode()))),
        "cut-in-half.docx": base[: len(base) // 2],
    }
    lying = bytearray(with_part(base, doc, document_xml(paragraph(b"Beschluss " * 20_000))))
    name = doc.encode()
    local = lying.find(name) - 30
    central = lying.find(b"PK\x01\x02", local)
    while lying[central + 46 : central + 46 + len(name)] != name:
        central = lying.find(b"PK\x01\x02", central + 4)
    # Declare 100 bytes, in the local header and in the central directory, for a 200 kB part.
    lying[local + 22 : local + 26] = (100).to_bytes(4, "little")
    lying[central + 24 : central + 28] = (100).to_bytes(4, "little")
    files["lying-size.docx"] = bytes(lying)
    return files


def text_corpus() -> dict[str, bytes]:
    memo = (ROOT / "examples" / "2021-09-14_Beschlusskontrolle_V0877-18_Photovoltaik.txt").read_text(encoding="utf-8")
    half = len(memo) // 2
    return {
        # one line just under the character budget (1,000,000) is read; five times as long is not
        "huge-line.txt": ("Der Beschlusspunkt ist erfüllt und " * 28_000).encode(),
        "huge-line-over-budget.txt": ("Der Beschlusspunkt ist erfüllt und " * 150_000).encode(),
        "utf16-no-bom.txt": memo.encode("utf-16-le"),
        "utf16-bom-odd-length.txt": memo.encode("utf-16") + b"\x00",
        "utf32-bom.txt": memo.encode("utf-32"),
        "utf8-then-cp1252.md": memo[:half].encode("utf-8") + memo[half:].encode("cp1252"),
        "invalid-utf8-sequences.txt": b"Stra\xc3\x9fe \xed\xa0\x80 \xc0\xaf \xf8\x88\x80\x80\x80 Ende\n" * 50,
        "only-bom.txt": b"\xef\xbb\xbf",
        "controls-below-threshold.txt": (memo + "\x07" * (len(memo) // 60)).encode(),
        "ctrl-z-and-del.txt": (memo.replace(" ", "\x1a", 20) + "\x7f\x7f").encode(),
        "nul-html.html": b"<html><body><p>Beschluss\x00punkt</p>" + b"\x00" * 100 + b"</body></html>",
        "deep-divs.html": b"<html><body>" + b"<div>" * 1000 + b"Text" + b"</div>" * 1000 + b"</body></html>",
        "huge-attribute.htm": b'<html><body><p title="' + b"x" * 10_000_000 + b'">Beschluss</p></body></html>',
        "bogus-charset.html": b'<html><head><meta charset="x-no-such-charset"></head><body><p>Gr\xc3\xbc\xc3\x9fe</p>',
        "utf7-charset.html": b'<html><head><meta charset="utf-7"></head><body><p>+ADw-script+AD4-x</p></body></html>',
        "unclosed-comment.html": b"<html><body><!-- " + memo.encode() + b"</body></html>",
        "many-paragraphs.html": b"<html><body>" + b"<p>Beschluss</p>" * 2000 + b"</body></html>",
        "pdf-named-htm.htm": text_pdf(),
    }


# --- harness ----------------------------------------------------------------------------------


def read_all(paths: list[Path], ocr: bool = False, seconds: float = PER_FILE_SECONDS) -> dict[str, dict[str, Any]]:
    """Run ``read_worker`` over ``paths``; a file that ends the worker is recorded and the
    worker restarted on the rest."""
    results: dict[str, dict[str, Any]] = {}
    todo = list(paths)
    while todo:
        command = [sys.executable, "-m", "tests.reliability.read_worker", str(seconds), str(MEMORY_MB)]
        command += [*(["--ocr"] if ocr else []), *map(str, todo)]
        done = subprocess.run(
            command, capture_output=True, text=True, cwd=ROOT, timeout=seconds * len(todo) + 60, check=False
        )
        current = None
        for line in done.stdout.splitlines():
            row = json.loads(line)
            if row["event"] == "start":
                current = row["file"]
            else:
                results[row["file"]] = row
                current = None
        if current is None:
            assert done.returncode == 0, done.stderr[-3000:]
            break
        hung = "Timeout (" in done.stderr
        results[current] = {
            "result": "hang" if hung else "died",
            "message": f"exit {done.returncode}: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ''}",
        }
        todo = todo[[p.name for p in todo].index(current) + 1 :]
    return results


def write_files(folder: Path, files: dict[str, bytes]) -> list[Path]:
    folder.mkdir()
    paths = []
    for name, data in files.items():
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    return paths


CORPORA: dict[str, Callable[[random.Random], dict[str, bytes]]] = {
    "pdf": pdf_corpus,
    "docx": docx_corpus,
    "text": lambda _rng: text_corpus(),
}


def test_hostile_files_are_read_or_rejected_never_fatal(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    files: dict[str, bytes] = {}
    for build in CORPORA.values():
        files.update(build(rng))
    paths = write_files(tmp_path / "in", files)
    start = time.perf_counter()
    results = read_all(paths)
    elapsed = time.perf_counter() - start
    write_artifact("reader-fuzz.json", {"seconds": round(elapsed, 1), "results": results})

    fatal = {name: r for name, r in results.items() if r["result"] not in ("read", "rejected")}
    assert not fatal, f"files that hung or crashed the reader: {json.dumps(fatal, indent=1, ensure_ascii=False)}"
    assert set(results) == set(files)
    for name, r in results.items():
        if r["result"] == "rejected":
            assert "\n" not in r["message"] and r["message"].startswith(str(tmp_path / "in" / name)), r
        else:
            assert PASSWD_MARKER not in r.get("text_head", ""), f"{name} leaked a local file into the text"
    by_kind = {kind: sum(1 for n in results if n.endswith(kind)) for kind in (".pdf", ".docx", ".txt", ".htm", ".html")}
    print(f"\nreader fuzz: {len(results)} files {by_kind} in {elapsed:.1f} s; "
          f"{sum(r['result'] == 'read' for r in results.values())} read, "
          f"{sum(r['result'] == 'rejected' for r in results.values())} rejected")  # fmt: skip
    # Specific expectations where the right answer is clear.
    assert results["many-parts.docx"]["result"] == "rejected" and "zip bomb" in results["many-parts.docx"]["message"]
    assert results["utf16-no-bom.txt"]["result"] == "rejected"
    assert results["only-bom.txt"]["result"] == "rejected"
    assert results["huge-line.txt"]["result"] == "read"
    assert results["huge-line-over-budget.txt"]["message"].endswith("(5,250,000 read; --max-chars)")
    assert results["pdf-named-htm.htm"]["result"] == "read" and results["pdf-named-htm.htm"]["pages"] == 2


def test_garbage_pdf_pages_go_through_ocr_without_hanging(tmp_path: Path) -> None:
    """The default ingest runs OCR on pages without a text layer: garbage content must not
    make pdftoppm or tesseract hang or crash the reader."""
    from council_qa.ingest.readers import ocr_missing_packages

    if ocr_missing_packages():
        pytest.skip(f"OCR tools missing: {' '.join(ocr_missing_packages())}")
    rng = random.Random(SEED + 1)
    files = {
        "garbage-content-ocr.pdf": one_page(stream(bytes(rng.randrange(256) for _ in range(4000)))),
        "broken-image-ocr.pdf": one_page(
            stream(b"q 500 0 0 700 0 0 cm /Im1 Do Q"),
            resources=b"<< /XObject << /Im1 6 0 R >> >>",
            extra=(
                stream(
                    bytes(rng.randrange(256) for _ in range(3000)),
                    b"/Type /XObject /Subtype /Image /Width 2000 /Height 2000 /ColorSpace /DeviceGray "
                    b"/BitsPerComponent 8 /Filter /DCTDecode ",
                ),
            ),
        ),
    }
    results = read_all(write_files(tmp_path / "in", files), ocr=True)
    assert all(r["result"] in ("read", "rejected") for r in results.values()), results


@pytest.mark.parametrize(
    "name",
    ["20 000 paragraphs.html", "20 000 nested divs.html"],
)
def test_many_html_blocks_read_in_linear_time(tmp_path: Path, name: str) -> None:
    n = 20_000
    data = {
        "20 000 paragraphs.html": b"<html><body>" + b"<p>Beschluss</p>" * n + b"</body></html>",
        "20 000 nested divs.html": b"<html><body>" + b"<div>" * n + b"Text" + b"</div>" * n + b"</body></html>",
    }[name]
    results = read_all(write_files(tmp_path / "in", {name: data}), seconds=2.0)
    assert results[name]["result"] == "read", results


def test_utf32_text_is_decoded(tmp_path: Path) -> None:
    from council_qa.ingest.readers import read_file

    memo = (ROOT / "examples" / "2021-09-14_Beschlusskontrolle_V0877-18_Photovoltaik.txt").read_text(encoding="utf-8")
    path = tmp_path / "utf32.txt"
    path.write_bytes(memo.encode("utf-32"))
    assert read_file(path).text == memo
