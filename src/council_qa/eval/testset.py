"""The test-set JSONL of the contract: one labelled question a line."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from council_qa.types import STATUSES, Status


class TestSetError(ValueError):
    """The test set cannot be read (missing file, bad JSON, a field of the wrong type)."""

    __test__ = False  # not a pytest test class, despite the name


@dataclass(frozen=True)
class TestItem:
    """One labelled question; optional labels are ``None`` (or empty) when the item has none."""

    __test__ = False  # not a pytest test class, despite the name

    id: str
    question: str
    answerable: bool
    history: tuple[str, ...] = ()
    lang: str | None = None
    resolution: str | None = None
    clause: str | None = None
    status: Status | None = None
    answer_any: tuple[str, ...] = ()
    answer_all: tuple[str, ...] = ()
    answer_clauses: tuple[str, ...] = ()
    cite_any: tuple[str, ...] = ()
    pages: tuple[int, ...] = ()
    category: str = "other"


def infer_category(data: dict[str, Any]) -> str:
    """The item's ``category`` (or ``type``) if labelled, else one guessed from its labels."""
    for key in ("category", "type"):
        if isinstance(data.get(key), str) and data[key]:
            return str(data[key])
    if data.get("answerable") is False:
        return "unanswerable"
    if data.get("history"):
        return "followup"
    if data.get("answer_clauses"):
        return "list"
    if data.get("status"):
        return "status"
    return "fact"


def _strings(data: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key)
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TestSetError(f"{where}: {key!r} must be a list of strings")
    return tuple(value)


def _optional_str(data: dict[str, Any], key: str, where: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise TestSetError(f"{where}: {key!r} must be a string")
    return value


def parse_item(data: Any, where: str) -> TestItem:
    """One test-set object, checked field by field; ``where`` names it in error messages."""
    if not isinstance(data, dict):
        raise TestSetError(f"{where}: expected a JSON object")
    for key in ("id", "question"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise TestSetError(f"{where}: {key!r} must be a non-empty string")
    if not isinstance(data.get("answerable"), bool):
        raise TestSetError(f"{where}: 'answerable' must be true or false")
    status = data.get("status")
    if status is not None and status not in STATUSES:
        raise TestSetError(f"{where}: status {status!r} is not one of {', '.join(STATUSES)}")
    pages = data.get("pages") or []
    if not isinstance(pages, list) or not all(isinstance(p, int) and not isinstance(p, bool) for p in pages):
        raise TestSetError(f"{where}: 'pages' must be a list of integers")
    return TestItem(
        id=data["id"],
        question=data["question"],
        answerable=data["answerable"],
        history=_strings(data, "history", where),
        lang=_optional_str(data, "lang", where),
        resolution=_optional_str(data, "resolution", where),
        clause=_optional_str(data, "clause", where),
        status=status,
        answer_any=_strings(data, "answer_any", where),
        answer_all=_strings(data, "answer_all", where),
        answer_clauses=_strings(data, "answer_clauses", where),
        cite_any=_strings(data, "cite_any", where),
        pages=tuple(pages),
        category=infer_category(data),
    )


def load(path: Path) -> list[TestItem]:
    """All items of a JSONL test set; blank lines are skipped, ids must be unique."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise TestSetError(f"test set {path}: {exc}") from exc
    items: list[TestItem] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise TestSetError(f"{where}: not JSON ({exc.msg})") from exc
        item = parse_item(data, where)
        if item.id in seen:
            raise TestSetError(f"{where}: duplicate id {item.id!r}")
        seen.add(item.id)
        items.append(item)
    if not items:
        raise TestSetError(f"test set {path} holds no items")
    return items
