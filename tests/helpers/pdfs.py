"""PDF fixtures made at test time, so tests need no binary files and no PDF-writing package.

``text_pdf`` is a tiny hand-rolled writer (Helvetica, WinAnsiEncoding: German umlauts work);
``image_pdf`` renders text with Pillow and a DejaVu font into an image-only (scanned-like) PDF.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader, PdfWriter

MEMO_PAGES: tuple[str, ...] = (
    (
        "Stadt Musterstadt - Der Oberbürgermeister\n"
        "Beschlusskontrolle zur Vorlage V0220/14\n"
        "Integrationskonzept der Stadt\n"
        "\n"
        "Beschlusspunkt 1a: Die Verwaltung wird beauftragt, ein Konzept vorzulegen.\n"
        "Bericht: Das Konzept wurde im Ausschuss vorgestellt.\n"
        "Der Beschlusspunkt ist erfüllt.\n"
        "\n"
        "Beschlusspunkt 1b: Für die Sprachkurse werden 50.000 € bereitgestellt.\n"
        "Bericht: Die Mittel sind im Haushalt veranschlagt."
    ),
    (
        "-2-\n"
        "Beschlusspunkt 1c: Die Gesundheitsversorgung wird verbessert.\n"
        "Bericht: Aktuell sind bei jeder Krankenkasse 205 Personen angemeldet.\n"
        "Der Beschlusspunkt ist in Bearbeitung.\n"
        "\n"
        "Nächste Berichterstattung: 30.06.2021\n"
        "gez. Müller, Bürgermeisterin"
    ),
)

# The same memo with a word hyphenated across a line break inside a report sentence, as
# typesetting does: pypdf and pdfium extract that break differently.
HYPHENATED_MEMO_PAGES: tuple[str, ...] = (
    MEMO_PAGES[0],
    MEMO_PAGES[1].replace("jeder Krankenkasse 205", "jeder Kranken-\nkasse 205"),
)

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def assemble(objects: list[bytes], *, version: bytes = b"1.4", root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """A PDF from object bodies (object i+1 is ``objects[i]``) with a correct xref table."""
    out = bytearray(b"%%PDF-%s\n%%\xe2\xe3\xcf\xd3\n" % version)
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        trailer_extra,
        xref,
    )
    return bytes(out)


def _pdf_string(line: str) -> bytes:
    raw = line.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def text_pdf(pages: Sequence[str] = MEMO_PAGES, *, font_size: int = 11) -> bytes:
    """A valid PDF with a text layer: one A4 page per string, one text line per line."""
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, filled in once the page ids are known
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    page_ids = []
    for page in pages:
        ops = [b"BT", b"/F1 %d Tf" % font_size, b"%d TL" % (font_size + 4), b"72 770 Td"]
        ops += [_pdf_string(line) + b" Tj T*" for line in page.split("\n")]
        content = b"\n".join([*ops, b"ET"])
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (len(objects))
        )
        page_ids.append(len(objects))
    kids = b" ".join(b"%d 0 R" % i for i in page_ids)
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))

    return assemble(objects)


def image_pdf(pages: Sequence[str] = MEMO_PAGES[:1], *, dpi: int = 200) -> bytes:
    """An image-only PDF (no text layer), like a scanned memo: needs OCR to be read."""
    width, height = int(8.27 * dpi), int(11.69 * dpi)
    font = ImageFont.truetype(str(DEJAVU), size=int(12 * dpi / 72))
    images = []
    for page in pages:
        image = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(image)
        y = dpi
        for line in page.split("\n"):
            draw.text((dpi, y), line, font=font, fill=0)
            y += int(font.size * 1.5)
        images.append(image)
    buf = io.BytesIO()
    images[0].save(buf, "PDF", resolution=float(dpi), save_all=True, append_images=images[1:])
    return buf.getvalue()


def encrypted_pdf(user_password: str, pages: Sequence[str] = MEMO_PAGES) -> bytes:
    """``text_pdf`` encrypted with RC4 (pure Python in pypdf, no crypto library needed)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf(pages))))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def zero_page_pdf() -> bytes:
    """A well-formed PDF whose page tree is empty."""
    buf = io.BytesIO()
    PdfWriter().write(buf)
    return buf.getvalue()
