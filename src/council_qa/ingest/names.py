"""File names and other untrusted strings made safe to store and to show.

A file name is whatever bytes the file system holds: old Samba shares serve cp850 or cp1252
names (``\\xff`` is not UTF-8), and any name may hold a newline or a terminal escape sequence.
Such a name must neither stop an ingest (JSON and Streamlit need valid Unicode) nor reach a
terminal raw. It is kept as the file system gives it, with each byte that is not UTF-8
written as ``\\xNN`` and each control character as its escape (``\\n``, ``\\x1b``), so the same
file always gets the same name and a reader can see exactly what was there.
"""

from __future__ import annotations

import os
from pathlib import Path


def printable(text: str) -> str:
    """``text`` with control characters and undecodable bytes (lone surrogates from
    ``surrogateescape``) written as escapes; everything printable stays as it is."""
    out = []
    for char in text:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as os.fsdecode keeps it
            out.append(f"\\x{code - 0xDC00:02x}")
        elif char.isprintable():
            out.append(char)
        else:
            out.append(repr(char)[1:-1])
    return "".join(out)


def source_name(path: Path) -> str:
    """The name a file is indexed and cited under (see the module's docstring)."""
    return printable(os.fsdecode(path.name))


def printable_lines(text: str) -> str:
    """``printable`` line by line: an answer's own line breaks stay, nothing else gets through."""
    return "\n".join(printable(line) for line in text.split("\n"))
