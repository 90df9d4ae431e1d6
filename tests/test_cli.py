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


def test_visibility_change_on_an_unchanged_file_reaches_public_answers(tmp_path: Path) -> None:
    root = str(tmp_path / "idx")
    assert run("ingest", str(MEMO), "--index", root).returncode == 0
    question = "Welche Beschlusspunkte sind erfüllt?"
    public = json.loads(run("ask", "--index", root, "--visibility", "public", "--json", question).stdout)
    assert public["citations"]
    hidden = run("ingest", str(MEMO), "--visibility", "internal", "--index", root)
    assert hidden.returncode == 0 and "1 visibility changed" in hidden.stdout, hidden.stdout
    public = json.loads(run("ask", "--index", root, "--visibility", "public", "--json", question).stdout)
    assert not public["citations"]
    assert json.loads(run("documents", "--index", root, "--visibility", "public", "--json").stdout) == []


def test_file_names_of_any_bytes_are_ingested_and_shown_escaped(tmp_path: Path) -> None:
    """A name that is not UTF-8 (an old Samba share's ``\\xff``) ended the whole ingest in a
    traceback; names with a newline or a terminal escape sequence were printed raw."""
    folder = tmp_path / "papers"
    folder.mkdir()
    text = MEMO.read_text(encoding="utf-8")
    odd = folder.as_posix().encode() + b"/Beschluss_\xff_alt.txt"
    with open(odd, "wb") as fh:
        fh.write(text.replace("Beschlusspunkt", "Beschluss-Punkt", 1).encode("utf-8"))
    (folder / "zeile\nzwei\x1b[31m.txt").write_text(text + "\nNachtrag.\n", encoding="utf-8")
    shutil.copy(MEMO, folder / MEMO.name)
    root = str(tmp_path / "idx")
    result = run("ingest", str(folder), "--index", root)
    assert result.returncode == 0, result.stderr
    assert "3 new" in result.stdout
    listing = run("documents", "--index", root)
    assert "Beschluss_\\xff_alt.txt" in listing.stdout and "zeile\\nzwei\\x1b[31m.txt" in listing.stdout
    assert "\x1b" not in listing.stdout and len(listing.stdout.strip().splitlines()) == 3
    sources = {d["source"] for d in json.loads(run("documents", "--index", root, "--json").stdout)}
    assert sources == {MEMO.name, "Beschluss_\\xff_alt.txt", "zeile\\nzwei\\x1b[31m.txt"}
    asked = run("ask", "--index", root, "Welche Beschlusspunkte sind erfüllt?")
    assert asked.returncode == 0 and "\x1b" not in asked.stdout


def test_jsonl_requests_of_the_wrong_shape_get_one_line_each_and_the_rest_are_answered(index: Path) -> None:
    lines = [
        json.dumps({"question": 5}),
        json.dumps({"question": "Welche Beschlusspunkte sind erfüllt?", "history": "Ist Punkt 1 erfüllt?"}),
        "kein json",
        json.dumps(["question"]),
        json.dumps({"question": "Welche Beschlusspunkte sind erfüllt?", "history": None}),
    ]
    result = run("ask", "--index", str(index), "--jsonl", "-", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(answers) == 5
    assert [("error" in a) for a in answers] == [True, True, True, True, False]
    assert "string" in answers[0]["error"] and "list of strings" in answers[1]["error"]
    assert answers[4]["citations"]
    errors = [line for line in result.stderr.splitlines() if line.startswith("council-qa: request line")]
    assert [e.split(":")[1].strip() for e in errors] == [f"request line {n}" for n in (1, 2, 3, 4)]
    assert "Traceback" not in result.stderr


def test_pooled_chunk_vectors_answer_and_an_unknown_choice_names_the_allowed_ones(index: Path, tmp_path: Path) -> None:
    before = run("documents", "--index", str(index), "--json").stdout
    wrong = run("ingest", str(MEMO), "--index", str(index), "--chunk-vectors", "mean")
    assert wrong.returncode == 2 and "'whole'" in wrong.stderr and "'pooled'" in wrong.stderr, wrong.stderr
    assert run("documents", "--index", str(index), "--json").stdout == before
    pooled = tmp_path / "pooled"
    assert run("ingest", str(MEMO), "--index", str(pooled), "--chunk-vectors", "pooled").returncode == 0
    question = "Wie ist der Stand bei Beschlusspunkt 1?"
    whole_answer = json.loads(run("ask", "--index", str(index), "--json", question).stdout)
    pooled_answer = json.loads(run("ask", "--index", str(pooled), "--json", question).stdout)
    assert pooled_answer["answerable"] and pooled_answer["citations"]
    assert (pooled_answer["resolution"], pooled_answer["clause"], pooled_answer["status"]) == (
        whole_answer["resolution"],
        whole_answer["clause"],
        whole_answer["status"],
    )
