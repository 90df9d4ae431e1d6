"""End to end on a real index: run ``eval`` on a hand-written set, then recount some figures
independently (own answers, own slicing of the memo file, own gold chunks) and compare them
with what ``metrics.json`` says."""

from __future__ import annotations

import argparse
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from council_qa import cli
from council_qa.answer.engine import Answerer
from council_qa.eval.command import register
from council_qa.index import snapshot
from council_qa.index.embeddings import load_embedder
from council_qa.ingest.textmap import normalise

MEMO = Path(__file__).resolve().parents[2] / "examples" / "2021-09-14_Beschlusskontrolle_V0877-18_Photovoltaik.txt"
FIRST = "Ist Beschlusspunkt 1 der V0877/18 erfüllt?"
ITEMS: list[dict[str, Any]] = [
    {"id": "s1", "question": FIRST, "answerable": True, "resolution": "V0877/18", "clause": "1",
     "status": "fulfilled", "cite_any": ["63 als geeignet", "Der Beschlusspunkt ist erfüllt"], "pages": [1]},
    # a follow-up, labelled with a status the memo does not report (1a is partially fulfilled)
    {"id": "s2", "question": "Und 1a?", "history": [FIRST], "answerable": True, "resolution": "V0877/18",
     "clause": "1a", "status": "fulfilled", "cite_any": ["12 Anlagen"], "pages": [1]},
    {"id": "u1", "question": "Wie hoch ist die Hundesteuer in Magdeburg?", "answerable": False},
    # labelled unanswerable although the memo reports on clause 3
    {"id": "u2", "question": "Ist Beschlusspunkt 3 der V0877/18 erfüllt?", "answerable": False},
]  # fmt: skip


def fold(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("recount")
    docs = root / "docs"
    docs.mkdir()
    shutil.copy(MEMO, docs / MEMO.name)
    index = root / "index"
    assert cli.main(["ingest", str(docs), "--index", str(index)]) == 0
    testset = root / "set.jsonl"
    testset.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in ITEMS), encoding="utf-8")
    parser = argparse.ArgumentParser(prog="council-qa")
    register(parser.add_subparsers(dest="command", required=True))
    report = root / "report"
    args = parser.parse_args(["eval", str(testset), "--index", str(index), "--report", str(report),
                              "--config", "hybrid", "--config", "bm25"])  # fmt: skip
    assert args.func(args) == 0
    return {"docs": docs, "index": index, "report": report}


@pytest.fixture(scope="module")
def figures(evaluated: dict[str, Path]) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((evaluated["report"] / "metrics.json").read_text(encoding="utf-8"))
    return data


def test_reports_are_written(evaluated: dict[str, Path], figures: dict[str, Any]) -> None:
    assert set(figures["configs"]) == {"hybrid", "bm25"}
    assert figures["items"] == len(ITEMS)
    html = (evaluated["report"] / "report.html").read_text(encoding="utf-8")
    assert "<svg" in html and "s2" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # self-contained
    markdown = (evaluated["report"] / "report.md").read_text(encoding="utf-8")
    assert "| Status accuracy |" in markdown


def test_answer_figures_recounted(evaluated: dict[str, Path], figures: dict[str, Any]) -> None:
    answerer = Answerer(evaluated["index"], load_embedder())
    answers = {i["id"]: answerer.ask(i["question"], i.get("history", [])) for i in ITEMS}
    reported = figures["configs"]["hybrid"]["metrics"]

    with_status = [i for i in ITEMS if "status" in i]
    right = sum(answers[i["id"]].status == i["status"] for i in with_status)
    assert reported["status_accuracy"] == {"value": right / len(with_status), "n": 2}

    unanswerable = [i for i in ITEMS if not i["answerable"]]
    abstained = sum(not answers[i["id"]].answerable for i in unanswerable)
    assert reported["abstention_recall"] == {"value": abstained / len(unanswerable), "n": 2}

    memo_text = (evaluated["docs"] / MEMO.name).read_bytes().decode("utf-8")
    citations = [c for a in answers.values() for c in a.citations]
    assert citations, "the answers cite nothing: nothing to recount"
    valid = sum(normalise(memo_text[c.source_start : c.source_end]) == normalise(c.quote) for c in citations)
    assert reported["citation_validity"] == {"value": valid / len(citations), "n": len(citations)}


def test_retrieval_figures_recounted(evaluated: dict[str, Path], figures: dict[str, Any]) -> None:
    snap = snapshot.load(evaluated["index"])
    for config in ("hybrid", "bm25"):
        records = {r["id"]: r for r in figures["configs"][config]["items"]}
        hits: list[float] = []
        for item in (i for i in ITEMS if "cite_any" in i):
            gold = {
                c.chunk_id
                for c in snap.chunks
                for p in c.passages
                if p.page in item["pages"] and any(fold(s) in fold(p.text) for s in item["cite_any"])
            }
            retrieval = records[item["id"]]["retrieval"]
            assert set(retrieval["gold"]) == gold
            hits.append(1.0 if gold & set(retrieval["top"][:5]) else 0.0)
        reported = figures["configs"][config]["metrics"]["recall@5"]
        assert reported == {"value": sum(hits) / len(hits), "n": len(hits)}
