#!/usr/bin/env python3
"""Self-check for eval/heldout/heldout.jsonl against the memos it is about.

Checks: every line parses; required fields per category; cite_any strings (<= 6 words)
occur in the named memo on one of `pages`; at least one answer_any string and every
answer_all string occurs in the memo; clause labels exist. Matching ignores case,
whitespace, line breaks, hyphenation and punctuation (as the contract's comparison does).
Uses only the standard library; run: python3 eval/heldout/validate.py
"""
import json, re, sys, collections, pathlib

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
MEMOS = {
    "V2345/21": HERE / "memos/2022-10-12_Beschlusskontrolle_V2345-21_Hochwasserschutz.txt",
    "DS 0456/19": HERE / "memos/2023-03-07_Beschlusskontrolle_DS-0456-19_Digitalisierung-Schulen.txt",
    "A0087/20": HERE / "memos/2022-07-07_Beschlusskontrolle_A0087-20_Sozialticket.txt",
    "V0220/14": pathlib.Path("/work/shared/corpus/2021-01-25_Beschlusskontrolle_V0220-14_Integrationskonzept.txt"),
}
STATUSES = {"fulfilled", "partially_fulfilled", "in_progress", "not_fulfilled", "obsolete", "unknown"}
MARKER = re.compile(r"^\s*-?\s*(\d{1,2})\s*-\s*$")
LABEL = re.compile(r"^\s*([0-9lI])([a-e]?)\s*\.\s*[„\"]")

def norm(s):
    return "".join(ch for ch in s.lower() if ch.isalnum())

def pages_of(text):
    pages, cur, buf = {}, 1, []
    for line in text.splitlines():
        m = MARKER.match(line)
        if m:
            pages[cur] = "\n".join(buf); cur, buf = int(m.group(1)), []
        else:
            buf.append(line)
    pages[cur] = "\n".join(buf)
    return pages

def labels_of(text):
    out = set()
    for line in text.splitlines():
        m = LABEL.match(line)
        if m:
            d = {"l": "1", "I": "1"}.get(m.group(1), m.group(1))
            out.add(d + m.group(2))
    return out

def main(path=HERE / "heldout.jsonl"):
    docs = {}
    for res, p in MEMOS.items():
        t = p.read_text(encoding="utf-8")
        docs[res] = (t, {k: norm(v) for k, v in pages_of(t).items()}, norm(t), labels_of(t))
    errors, cats, langs, per_res = [], collections.Counter(), collections.Counter(), collections.Counter()
    ids = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            it = json.loads(line)
        except Exception as e:
            errors.append(f"line {n}: does not parse: {e}"); continue
        iid = it.get("id"); E = lambda m: errors.append(f"{iid}: {m}")
        if iid in ids: E("duplicate id")
        ids.add(iid)
        for k in ("id", "question", "answerable", "category", "lang"):
            if k not in it: E(f"missing {k}")
        cats[it.get("category")] += 1; langs[it.get("lang")] += 1
        if "history" in it and not (isinstance(it["history"], list) and all(isinstance(h, str) for h in it["history"])):
            E("history must be a list of strings")
        if it.get("category") == "followup" and not it.get("history"): E("followup without history")
        if not it["answerable"]:
            continue
        res = it.get("resolution")
        if res not in docs: E(f"unknown resolution {res}"); continue
        per_res[res] += 1
        text, pages, whole, labels = docs[res]
        if not it.get("cite_any") or not it.get("pages"): E("answerable item needs cite_any and pages")
        for c in it.get("cite_any", []):
            if len(c.split()) > 6: E(f"cite longer than 6 words: {c!r}")
            if not any(norm(c) in pages.get(p, "") for p in it["pages"]):
                E(f"cite {c!r} not on pages {it['pages']}")
        if it.get("status") is not None or it.get("category") == "status":
            if it.get("status") not in STATUSES: E(f"bad status {it.get('status')}")
            if not it.get("clause"): E("status item needs clause")
        if it.get("clause") and it["clause"] not in labels: E(f"clause {it['clause']} not in memo {sorted(labels)}")
        for c in it.get("answer_clauses", []):
            if c not in labels: E(f"answer_clause {c} not in memo")
        if it.get("answer_any") and not any(norm(a) in whole for a in it["answer_any"]):
            E(f"no answer_any string verbatim in memo: {it['answer_any']}")
        for a in it.get("answer_all", []):
            if norm(a) not in whole: E(f"answer_all {a!r} not in memo")
    print("items:", sum(cats.values()))
    print("categories:", dict(cats))
    print("languages:", dict(langs))
    print("answerable per resolution:", dict(per_res))
    for res, (_, pages, _, labels) in docs.items():
        print(f"{res}: pages {sorted(pages)}; clause labels {sorted(labels)}")
    for e in errors: print("ERROR", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0

if __name__ == "__main__":
    sys.exit(main(*(pathlib.Path(a) for a in sys.argv[1:])))
