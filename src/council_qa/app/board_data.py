"""The status board's rows: per resolution, its clauses as the latest report states them.

A resolution is often reported on several times; the board shows the newest memo (it
supersedes the older ones) and only mentions the earlier dates. Kept free of Streamlit so the
rows, the filter and the CSV can be checked on their own.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from council_qa.app.i18n import Lang, status_word, t
from council_qa.types import Clause, Document, Status

OPEN_STATUSES: frozenset[Status] = frozenset({"partially_fulfilled", "in_progress", "not_fulfilled", "unknown"})
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Row:
    clause: Clause
    verdict: str
    verdict_page: int | None


@dataclass(frozen=True)
class Resolution:
    """One resolution as the board shows it: its latest memo and that memo's clauses."""

    resolution: str
    memo: Document
    older_dates: tuple[str, ...]
    rows: tuple[Row, ...]


def verdict(clause: Clause) -> tuple[str, int | None]:
    """The sentence that states the clause's status, or the report's last sentence if none does."""
    if clause.verdict is not None:
        return clause.verdict.text, clause.verdict.page
    if clause.report_passages:
        last = clause.report_passages[-1]
        return last.text, last.page
    return "", None


def resolutions(documents: Iterable[Document], open_only: bool = False) -> list[Resolution]:
    """Resolutions with clauses, newest memo each, sorted by resolution number."""
    by_resolution: dict[str, list[Document]] = {}
    for doc in documents:
        if doc.clauses:
            by_resolution.setdefault(doc.resolution or doc.source, []).append(doc)
    out = []
    for name in sorted(by_resolution):
        memos = sorted(by_resolution[name], key=lambda d: (d.date or "", d.source), reverse=True)
        latest = memos[0]
        rows = tuple(Row(c, *verdict(c)) for c in latest.clauses if not open_only or c.status in OPEN_STATUSES)
        if rows or not open_only:
            out.append(Resolution(name, latest, tuple(d.date or "—" for d in memos[1:]), rows))
    return out


def status_counts(items: Iterable[Resolution]) -> dict[Status, int]:
    counts: dict[Status, int] = {}
    for item in items:
        for row in item.rows:
            counts[row.clause.status] = counts.get(row.clause.status, 0) + 1
    return counts


def _cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (text such as "- Punkt" or "=1+1")."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(items: Iterable[Resolution], lang: Lang) -> bytes:
    """The board as CSV for German spreadsheets: ``;``-separated, UTF-8 with BOM.

    German Excel splits columns on ``;`` and needs the BOM to read umlauts correctly.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            t(key, lang)
            for key in (
                "col.resolution", "col.title", "col.date", "col.next_review", "col.clause", "col.status",
                "col.verdict", "col.pages", "col.clause_text", "col.source",
            )
        ]
    )  # fmt: skip
    for item in items:
        memo = item.memo
        for row in item.rows:
            c = row.clause
            writer.writerow(
                _cell(v)
                for v in (
                    item.resolution, memo.title, memo.date, memo.next_review, c.label, status_word(c.status, lang),
                    row.verdict, ",".join(str(p) for p in c.pages), " ".join(c.resolution_text.split()), memo.source,
                )
            )  # fmt: skip
    return buffer.getvalue().encode("utf-8-sig")
