"""Files that are small on disk and ask for a great deal of work, as found in issue 14.

Each is built at test time (or by ``python -m tests.reliability.hostile OUT_DIR`` for the
measurements in docs/hostile-files.md), streamed to disk so that building a file the size of
the ones found costs no more memory than reading it would.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.helpers.pdfs import assemble

MIB = 1024 * 1024
_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"'
    b' Target="word/document.xml"/></Relationships>'
)
_DOC_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
)
_DOC_TAIL = b"</w:body></w:document>"
_WORDS = [
    *("Beschluss", "Verwaltung", "Bericht", "Haushalt", "Mittel", "Ausschuss", "Stadt", "Konzept"),
    *("erfüllt", "beauftragt", "vorgelegt", "Sanierung", "Schule", "Radweg", "Kita", "Personal"),
]


def blank_scan_pdf(pages: int) -> bytes:
    """A PDF of ``pages`` blank scanned A4 pages (no text layer), ~290 bytes a page: every page
    draws the same one-bit white image, as a scanner's "skip blank pages" left off does."""
    white = zlib.compress(b"\xff" * (1654 // 8 + 1) * 2339, 9)  # 1654 x 2339 px at 200 dpi, 1 bit
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, once the page ids are known
        b"<< /Type /XObject /Subtype /Image /Width 1654 /Height 2339 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 1 /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (len(white), white),
    ]
    content = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
    objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    kids = []
    for _ in range(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /XObject << /Im0 3 0 R >> >> /Contents 4 0 R >>"
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), pages)
    return assemble(objects)


def write_big_docx(path: Path, unpacked_mib: int, *, variety: int = 4096, seed: int = 14) -> Path:
    """A valid DOCX whose document.xml unpacks to ``unpacked_mib`` MiB of short paragraphs of
    German words, each drawn from ``variety`` different ones: 4096 compress ~7:1, 32 ~40:1,
    inside the zip-bomb ratio limit (200:1) either way. python-docx turns every paragraph into
    a tree of lxml elements, so memory grows with the unpacked size, not the file's."""
    rng = random.Random(seed)
    texts = [" ".join(rng.choices(_WORDS, k=6)).encode() for _ in range(variety)]
    pool = [b"<w:p><w:r><w:t>%s</w:t></w:r></w:p>" % text for text in texts]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        with zf.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(_DOC_HEAD)
            written = 0
            while written < unpacked_mib * MIB:
                block = b"".join(rng.choices(pool, k=4096))
                part.write(block)
                written += len(block)
            part.write(_DOC_TAIL)
    return path


def write_big_text(path: Path, size: int, *, seed: int = 14) -> Path:
    """``size`` bytes of German-looking UTF-8 prose in lines, as a long report would be."""
    rng = random.Random(seed)
    lines = [" ".join(rng.choices(_WORDS, k=12)).encode() + b".\n" for _ in range(2048)]
    block = b"".join(lines)
    with path.open("wb") as fh:
        for _ in range(size // len(block)):
            fh.write(block)
        fh.write(block[: size % len(block)])
    return path


def processes_mentioning(text: str) -> list[str]:
    """Command lines of running processes (this one aside) that contain ``text``, such as a
    scratch path that pdftoppm and tesseract are given."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if text in cmdline:
            found.append(cmdline)
    return found


def wait_for(condition: Callable[[], object], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout:g} s")
        time.sleep(0.05)


@dataclass(frozen=True)
class Run:
    exit_code: int
    seconds: float
    peak_mib: float  # resident memory summed over the whole process tree, at its highest
    last_line: str  # of stderr


def measure(command: list[str]) -> Run:
    """Run ``command`` in a session of its own and sample, every 20 ms, the resident memory of
    every process in that session: the CLI, the forkserver, the parse child, pdftoppm and
    tesseract (``/usr/bin/time`` sees only the largest single process it waited for)."""
    start = time.monotonic()
    proc = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, sum(_rss_kib(pid) for pid in _session(proc.pid)))
        time.sleep(0.02)
    seconds = time.monotonic() - start
    stderr = proc.communicate()[1].decode(errors="replace").strip().splitlines()
    return Run(proc.returncode, seconds, peak / 1024, stderr[-1] if stderr else "")


def _session(sid: int) -> list[int]:
    members = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and int((entry / "stat").read_text().rsplit(")", 1)[1].split()[3]) == sid:
                members.append(int(entry.name))
        except (OSError, IndexError, ValueError):
            continue
    return members


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


RUNS: list[tuple[str, str, tuple[str, ...]]] = [  # (file, what it is, extra options)
    ("blank-2000.pdf", "(a) 2,000 blank scanned pages", ()),
    ("text-50mib.txt", "(b) 50 MiB text", ()),
    ("docx-1100mib.docx", "(c) DOCX, 1.07 GiB unpacked at 40:1", ()),
    ("docx-250mib.docx", "(c') DOCX, 250 MiB unpacked at 12:1 (passed every old check)", ()),
    ("docx-250mib.docx", "(c') the same with `--max-unpacked-mb 1024`", ("--max-unpacked-mb", "1024")),
    ("text-18.7mb.txt", "(d) 18.7 MB text", ()),
]


def build(out: Path) -> None:
    """The files of the hostile-file table in docs/hostile-files.md."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "blank-2000.pdf").write_bytes(blank_scan_pdf(2000))
    write_big_text(out / "text-50mib.txt", 50 * MIB)
    write_big_docx(out / "docx-1100mib.docx", 1100, variety=32)
    write_big_docx(out / "docx-250mib.docx", 250)
    write_big_text(out / "text-18.7mb.txt", 18_700_000)


def main(out: Path) -> None:
    """Build the files in ``out`` and print the table: each file alone into a fresh index."""
    build(out)
    print("| file | size | exit | wall time | peak RSS, whole tree | message |\n|---|---:|---:|---:|---:|---|")
    for number, (name, what, options) in enumerate(RUNS):
        path = out / name
        index = out / f"index-{number}"
        run = measure([sys.executable, "-m", "council_qa.cli", "ingest", str(path), "--index", str(index), *options])
        size = f"{path.stat().st_size / 1e6:.1f} MB"
        message = run.last_line.replace(str(path), path.name)
        print(f"| {what} | {size} | {run.exit_code} | {run.seconds:.1f} s | {run.peak_mib:.0f} MiB | {message} |")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
