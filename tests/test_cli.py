"""The command line end to end, as scripts and evaluators drive it (shared/contract.md)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from council_qa import cli
from tests.conftest import EXAMPLES

MEMO = sorted(EXAMPLES.glob("*.txt"))[0]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "council_qa.cli", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cli") / "index"
    result = run("ingest", str(MEMO), "--index", str(root))
    assert result.returncode == 0, result.stderr
    return root


def test_ask_json_cites_a_real_span(index: Path) -> None:
    docs = json.loads(run("documents", "--index", str(index), "--json").stdout)
    doc = docs[0]
    assert set(doc) >= {
        "document_id",
        "source",
        "kind",
        "resolution",
        "session",
        "date",
        "title",
        "signed_by",
        "next_review",
        "pages",
        "clauses",
    }
    clause = next(c for c in doc["clauses"] if c["status"] == "fulfilled")
    result = run(
        "ask", "--index", str(index), "--json", f"Ist Beschlusspunkt {clause['label']} der {doc['resolution']} erfüllt?"
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert set(answer) == {"answer", "answerable", "language", "resolution", "clause", "status", "citations"}
    assert (answer["status"], answer["clause"], answer["language"]) == ("fulfilled", clause["label"], "de")
    original = MEMO.read_text(encoding="utf-8")
    for c in answer["citations"]:
        span = original[c["source_start"] : c["source_end"]]
        assert " ".join(span.split())[:20].lower().replace("-", "")[:10] in " ".join(
            c["quote"].split()
        ).lower().replace("-", "")
        assert c["source"] == MEMO.name and c["page"] >= 1


def test_jsonl_and_history(index: Path) -> None:
    docs = json.loads(run("documents", "--index", str(index), "--json").stdout)
    labels = [c["label"] for c in docs[0]["clauses"]]
    requests = [
        {"question": f"Ist Beschlusspunkt {labels[0]} erfüllt?"},
        {"question": f"Und Punkt {labels[1]}?", "history": [f"Ist Beschlusspunkt {labels[0]} erfüllt?"]},
        {"question": ""},
    ]
    result = run("ask", "--index", str(index), "--jsonl", "-", stdin="\n".join(json.dumps(r) for r in requests) + "\n")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 3
    assert lines[1]["clause"] == labels[1] and lines[1]["resolution"] == docs[0]["resolution"]
    assert "error" in lines[2]


def test_reingest_is_idempotent_and_bad_input_leaves_index_intact(index: Path, tmp_path: Path) -> None:
    before = run("documents", "--index", str(index), "--json").stdout
    again = run("ingest", str(MEMO), "--index", str(index))
    assert again.returncode == 0 and "1 unchanged" in again.stdout
    empty = tmp_path / "leer.txt"
    empty.write_text("")
    junk = tmp_path / "kaputt.pdf"
    junk.write_bytes(b"%PDF-1.4 garbage")
    bad = run("ingest", str(empty), str(junk), str(tmp_path / "fehlt.txt"), "--index", str(index))
    assert bad.returncode == 1
    rejected = [line for line in bad.stderr.splitlines() if "rejected" in line]
    assert len(rejected) == 3
    assert run("documents", "--index", str(index), "--json").stdout == before


def test_changed_file_is_replaced_and_removed(tmp_path: Path) -> None:
    root = tmp_path / "idx"
    copy = tmp_path / MEMO.name
    shutil.copy(MEMO, copy)
    assert run("ingest", str(copy), "--index", str(root)).returncode == 0
    copy.write_text(
        MEMO.read_text(encoding="utf-8").replace(
            "Der Beschlusspunkt ist erfüllt.", "Der Beschlusspunkt ist nicht erfüllt.", 1
        ),
        encoding="utf-8",
    )
    result = run("ingest", str(copy), "--index", str(root))
    assert "1 replaced" in result.stdout
    docs = json.loads(run("documents", "--index", str(root), "--json").stdout)
    assert len(docs) == 1 and "not_fulfilled" in {c["status"] for c in docs[0]["clauses"]}
    assert run("remove", docs[0]["document_id"], "--index", str(root)).returncode == 0
    assert json.loads(run("documents", "--index", str(root), "--json").stdout) == []
    assert run("remove", "nope", "--index", str(root)).returncode == 1


def test_empty_question_is_one_clear_line(index: Path) -> None:
    result = run("ask", "--index", str(index), "  ")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "empty" in result.stderr


def test_the_app_mode_comes_from_the_flag_else_the_environment() -> None:
    assert cli.app_visibility(None, {}) == "internal"
    assert cli.app_visibility(None, {"COUNCIL_QA_VISIBILITY": " Public "}) == "public"
    assert cli.app_visibility("internal", {"COUNCIL_QA_VISIBILITY": "public"}) == "internal"
    # a typo must not serve confidential papers as if no mode had been set
    assert cli.app_visibility(None, {"COUNCIL_QA_VISIBILITY": "publik"}) is None
