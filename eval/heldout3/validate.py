#!/usr/bin/env python3
"""Self-check of eval/heldout3/heldout3.jsonl against its three papers (two memos, one report) (standard library only).

Checks: every line parses; ids unique; required fields; status vocabulary; clause labels exist
in the memo (OCR labels `la.`/`Ib.`/`Ic.` read as 1a/1b/1c); every cite_any string occurs on one
of `pages`; at least one answer_any string occurs in the memo. Matching ignores case, whitespace,
line breaks and punctuation, as the contract's comparison does.
Run: python3 eval/heldout3/validate.py
"""
import json, pathlib, re, sys

HERE = pathlib.Path(__file__).resolve().parent
MEMOS = {
    "V0318/22": "2024-03-11_Beschlusskontrolle_V0318-22_Laermaktionsplan.txt",
    "A0251/21": "2023-10-05_Beschlusskontrolle_A0251-21_Schulwegsicherheit.txt",
    "DS 0418/19": "2023-06-01_Sachstandsbericht_DS-0418-19_Baederkonzept.txt",
}
STATUSES = {"fulfilled", "partially_fulfilled", "in_progress", "not_fulfilled", "obsolete", "unknown"}
CATEGORIES = {"status", "fact", "metadata", "list", "followup", "unanswerable"}
MARKER = re.compile(r"^\s*-?\s*(\d{1,2})\s*-\s*$")           # "- 2 -", "-3-", "2-"
LABEL = re.compile(r"^\s*([0-9lI])([a-e]?)\s*\.\s*„")         # "1.", "1a.", "la.", "Ic.„"


def norm(s):
    return "".join(ch for ch in s.lower() if ch.isalnum())


def load(name):
    text = (HERE / "memos" / name).read_text(encoding="utf-8")
    pages, cur, buf = {}, 1, []
    for line in text.splitlines():
        m = MARKER.match(line)
        if m:
            pages[cur], cur, buf = norm("\n".join(buf)), int(m.group(1)), []
        else:
            buf.append(line)
    pages[cur] = norm("\n".join(buf))
    labels = {{"l": "1", "I": "1"}.get(m.group(1), m.group(1)) + m.group(2)
              for m in map(LABEL.match, text.splitlines()) if m}
    return norm(text), pages, labels


def main(path=HERE / "heldout3.jsonl"):
    docs = {res: load(name) for res, name in MEMOS.items()}
    errors, seen = [], set()
    lines = path.read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines, 1):
        try:
            it = json.loads(line)
        except ValueError as e:
            errors.append(f"line {n}: {e}")
            continue
        iid = it.get("id", f"line {n}")
        err = lambda msg: errors.append(f"{iid}: {msg}")
        if iid in seen:
            err("duplicate id")
        seen.add(iid)
        for key in ("id", "question", "answerable", "category", "lang"):
            if key not in it:
                err(f"missing {key}")
        if it.get("category") not in CATEGORIES:
            err(f"bad category {it.get('category')}")
        if it.get("category") == "followup" and not it.get("history"):
            err("followup without history")
        if not it.get("answerable"):
            continue
        if it.get("resolution") not in docs:
            err(f"unknown resolution {it.get('resolution')}")
            continue
        whole, pages, labels = docs[it["resolution"]]
        if "status" in it and it["status"] not in STATUSES:
            err(f"bad status {it['status']}")
        clauses = ([it["clause"]] if it.get("clause") else []) + it.get("answer_clauses", [])
        for c in clauses:
            if c not in labels:
                err(f"clause {c} not in memo {sorted(labels)}")
        if not it.get("cite_any") or not it.get("pages"):
            err("answerable item needs cite_any and pages")
        for c in it.get("cite_any", []):
            if not any(norm(c) in pages.get(p, "") for p in it.get("pages", [])):
                err(f"cite {c!r} not on pages {it.get('pages')}")
        if it.get("answer_any") and not any(norm(a) in whole for a in it["answer_any"]):
            err(f"no answer_any string in memo: {it['answer_any']}")
    # strict pass: only case and whitespace/line breaks ignored (punctuation kept)
    raw = {res: (HERE / "memos" / name).read_text(encoding="utf-8") for res, name in MEMOS.items()}
    ws = lambda t: re.sub(r"\s+", "", t.lower())
    for line in lines:
        it = json.loads(line)
        if not it.get("answerable") or it.get("resolution") not in raw:
            continue
        text = ws(raw[it["resolution"]])
        for c in it.get("cite_any", []):
            if ws(c) not in text:
                print(f"WARN {it['id']}: cite {c!r} not verbatim (punctuation kept)")
        if it.get("answer_any") and not any(ws(a) in text for a in it["answer_any"]):
            print(f"WARN {it['id']}: no answer_any string verbatim (punctuation kept)")
    from collections import Counter
    print(dict(Counter(json.loads(l).get("category") for l in lines)),
          dict(Counter(json.loads(l).get("lang") for l in lines)))
    for res, (_, pages, labels) in docs.items():
        print(f"{res}: pages {sorted(pages)}, clauses {sorted(labels)}")
    print(f"{len(lines)} items")
    for e in errors:
        print("ERROR", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(*map(pathlib.Path, sys.argv[1:])))
