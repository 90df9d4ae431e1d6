"""Self-check of a test set against the papers it asks about (standard library only).

    python3 eval/validate.py eval/heldout2/heldout2.jsonl [PAPERS_DIR ...]

Papers are looked up by resolution id in their file names ("DS 0456/19" in
"…_DS-0456-19_….txt"), in the set's own `memos/` folder, `examples/` and the shared corpus
beside the project, or in the folders given. Checks: every line parses; ids are unique;
the contract's required fields; known categories; the status vocabulary; clause labels exist in the paper (OCR
labels `la.`/`Ib.`/`Ic.` read as 1a/1b/1c); every `cite_any` string stands on one of `pages`;
one `answer_any` string and every `answer_all` string stand in the paper. Matching ignores
case, white space, line breaks, hyphenation and punctuation, as the contract's comparison does.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_PAPERS = (HERE.parent / "examples", HERE.parent.parent / "shared" / "corpus")
STATUSES = {"fulfilled", "partially_fulfilled", "in_progress", "not_fulfilled", "obsolete", "unknown"}
CATEGORIES = {"status", "fact", "metadata", "list", "followup", "unanswerable"}
MARKER = re.compile(r"^\s*-?\s*(\d{1,2})\s*-\s*$")  # "- 2 -", "-3-", "2-"
LABEL = re.compile(r"^\s*([0-9lI])([a-h]?)\s*\.\s*[„\"]")  # "1.", "1a.", "la.", "Ic.„"


def norm(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


class Paper:
    def __init__(self, path: Path) -> None:
        text = path.read_text(encoding="utf-8")
        self.whole = norm(text)
        self.pages: dict[int, str] = {}
        self.labels: set[str] = set()
        page, lines = 1, list[str]()
        for line in text.splitlines():
            if marker := MARKER.match(line):
                self.pages[page], page, lines = norm("\n".join(lines)), int(marker.group(1)), []
                continue
            lines.append(line)
            if label := LABEL.match(line):
                self.labels.add({"l": "1", "I": "1"}.get(label.group(1), label.group(1)) + label.group(2))
        self.pages[page] = norm("\n".join(lines))


def find_paper(resolution: str, folders: list[Path]) -> Path | None:
    key = re.sub(r"[\s/]", "-", resolution)
    return next((p for folder in folders if folder.is_dir() for p in sorted(folder.glob(f"*_{key}_*"))), None)


def check(item: dict, papers: dict[str, Paper | None]) -> list[str]:  # type: ignore[type-arg]
    errors = [f"missing {k}" for k in ("id", "question", "answerable") if k not in item]
    if "category" in item and item["category"] not in CATEGORIES:
        errors.append(f"unknown category {item.get('category')!r}")
    history = item.get("history", [])
    if not (isinstance(history, list) and all(isinstance(h, str) for h in history)):
        errors.append("history must be a list of strings")
    if item.get("category") == "followup" and not history:
        errors.append("followup without history")
    if not item.get("answerable"):
        return errors
    paper = papers.get(item.get("resolution", ""))
    if paper is None:
        return [*errors, f"no paper found for resolution {item.get('resolution')!r}"]
    if not item.get("cite_any") or not item.get("pages"):
        errors.append("an answerable item needs cite_any and pages")
    for cite in item.get("cite_any", []):
        if not any(norm(cite) in paper.pages.get(p, "") for p in item.get("pages", [])):
            errors.append(f"cite {cite!r} not on pages {item.get('pages')}")
    if item.get("category") == "status" or item.get("status") is not None:
        if item.get("status") not in STATUSES:
            errors.append(f"bad status {item.get('status')!r}")
        if not item.get("clause"):
            errors.append("a status item needs its clause")
    for label in [item["clause"]] if item.get("clause") else []:
        if label not in paper.labels:
            errors.append(f"clause {label} not in the paper ({sorted(paper.labels)})")
    errors += [f"answer_clause {c} not in the paper" for c in item.get("answer_clauses", []) if c not in paper.labels]
    if item.get("answer_any") and not any(norm(a) in paper.whole for a in item["answer_any"]):
        errors.append(f"no answer_any string in the paper: {item['answer_any']}")
    errors += [f"answer_all {a!r} not in the paper" for a in item.get("answer_all", []) if norm(a) not in paper.whole]
    return errors


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    testset = Path(argv[0])
    folders = [Path(a) for a in argv[1:]] or [testset.parent / "memos", *DEFAULT_PAPERS]
    items = [json.loads(line) for line in testset.read_text(encoding="utf-8").splitlines() if line.strip()]
    wanted = {i["resolution"] for i in items if i.get("answerable") and i.get("resolution")}
    found = {r: find_paper(r, folders) for r in sorted(wanted)}
    papers = {r: Paper(p) if p else None for r, p in found.items()}
    ids = Counter(i.get("id") for i in items)
    errors = [f"{i}: duplicate id" for i, n in ids.items() if n > 1]
    errors += [f"{item.get('id')}: {e}" for item in items for e in check(item, papers)]
    print(f"{testset}: {len(items)} items", dict(Counter(i.get("category") for i in items)))
    for resolution, path in found.items():
        print(f"  {resolution}: {path.name if path else 'NOT FOUND'}")
    for error in errors:
        print("ERROR", error)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
