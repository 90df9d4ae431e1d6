"""From what the system did to checks per item and figures per configuration.

Every figure is computed by a function of ``metrics``; this module decides which items a
figure counts (its denominator ``n``) and writes down, per item, which check failed and why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from council_qa.eval import metrics
from council_qa.eval.lexicon import german
from council_qa.eval.runner import ConfigRun, ItemRun
from council_qa.eval.testset import TestItem
from council_qa.index.snapshot import Snapshot
from council_qa.types import Chunk, Citation, Visibility

RECALL_KS = (1, 3, 5)
MRR_K = 5
NDCG_K = 10
CHECKS = (
    "answerable",
    "status",
    "resolution",
    "clause",
    "answer_any",
    "answer_all",
    "answer_clauses",
    "citation_support",
    "citation_validity",
)


@dataclass(frozen=True)
class Metric:
    """A figure and the number of items (or citations) it is computed over; ``None`` if n is 0."""

    value: float | None
    n: int

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "n": self.n}


@dataclass(frozen=True)
class CitationScore:
    citation: Citation
    valid: bool
    supports: bool
    verbatim: bool | None  # the quote's words are the span's words; None without the word list


@dataclass
class ItemScore:
    """One item's outcome: the checks that apply to it, the reasons for each failure, its
    citations scored, and its retrieval figures (None when it has no gold evidence)."""

    run: ItemRun
    checks: dict[str, bool] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    citations: list[CitationScore] = field(default_factory=list)
    gold_rows: frozenset[int] = frozenset()
    retrieval: dict[str, float] | None = None
    list_precision: float | None = None  # list items only: share of the clauses named that belong
    list_recall: float | None = None  # list items only: share of the gold clauses named

    @property
    def item(self) -> TestItem:
        return self.run.item

    @property
    def passed(self) -> bool:
        """Item pass: the item was answered without error and every applicable check passed."""
        return self.run.error is None and all(self.checks.values())

    @property
    def first_gold_rank(self) -> int | None:
        return next((i for i, row in enumerate(self.run.retrieved, start=1) if row in self.gold_rows), None)

    def fail(self, check: str, reason: str) -> None:
        self.checks[check] = False
        self.failures.append(f"{check}: {reason}")


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and metrics.fold(a) == metrics.fold(b)


def chunk_resolution(chunk: Chunk, snap: Snapshot) -> str | None:
    doc = snap.documents.get(chunk.document_id)
    return chunk.resolution or (doc.resolution if doc else None)


def gold_rows(item: TestItem, snap: Snapshot, visibility: Visibility = "internal") -> frozenset[int]:
    """Chunk rows holding the item's evidence: a passage whose text contains one of
    ``cite_any`` on one of ``pages`` (any page if none given) — in a document of the item's
    ``resolution`` when it names one, and visible under ``visibility``."""
    if not item.cite_any:
        return frozenset()
    rows = set()
    for row, chunk in enumerate(snap.chunks):
        if visibility == "public" and chunk.visibility != "public":
            continue
        if item.resolution and not _same(chunk_resolution(chunk, snap), item.resolution):
            continue
        if any(metrics.supports(p.text, p.page, item.cite_any, item.pages) for p in chunk.passages):
            rows.add(row)
    return frozenset(rows)


def score_citation(citation: Citation, item: TestItem, snap: Snapshot) -> CitationScore:
    doc = snap.documents.get(citation.document_id)
    original = snap.original_text(citation.document_id) if doc is not None else ""
    valid = doc is not None and metrics.citation_valid(
        original, citation.source_start, citation.source_end, citation.quote
    )
    lexicon = german()
    span = original[citation.source_start : citation.source_end]
    verbatim = None if lexicon is None else valid and metrics.quote_verbatim(span, citation.quote, lexicon)
    resolution = citation.resolution or (doc.resolution if doc else None)
    on_topic = not item.resolution or _same(resolution, item.resolution)
    supports = (
        bool(item.cite_any) and on_topic and metrics.supports(citation.quote, citation.page, item.cite_any, item.pages)
    )
    return CitationScore(citation, valid, supports, verbatim)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _check_answer(score: ItemScore, snap: Snapshot) -> None:
    item, answer = score.item, score.run.answer
    assert answer is not None
    if answer.answerable == item.answerable:
        score.checks["answerable"] = True
    else:
        score.fail(
            "answerable",
            "abstained on an answerable question" if item.answerable else "answered an unanswerable question",
        )
    if item.status is not None:
        score.checks["status"] = answer.status == item.status
        if not score.checks["status"]:
            score.fail("status", f"expected {item.status}, got {answer.status}")
    for name, gold, got in (("resolution", item.resolution, answer.resolution), ("clause", item.clause, answer.clause)):
        if gold is not None:
            score.checks[name] = _same(gold, got)
            if not score.checks[name]:
                score.fail(name, f"expected {gold}, got {got}")
    if item.answer_any:
        score.checks["answer_any"] = metrics.any_string(answer.answer, item.answer_any)
        if not score.checks["answer_any"]:
            score.fail("answer_any", f"the answer contains none of {list(item.answer_any)}")
    if item.answer_all:
        missing = metrics.missing_strings(answer.answer, item.answer_all)
        score.checks["answer_all"] = not missing
        if missing:
            score.fail("answer_all", f"the answer lacks {missing}")
    if item.answer_clauses:
        _check_list(score, snap)


def clause_labels(snap: Snapshot, resolution: str | None) -> set[str]:
    """Every clause label of the papers of ``resolution`` (of every paper without one): the
    numbers in a list answer that can be clauses at all."""
    labels: set[str] = set()
    for info in snap.documents.infos.values():
        if resolution is None or _same(info.resolution, resolution):
            labels.update(metrics.clause_label(label) for label in info.labels)
    return labels


def _check_list(score: ItemScore, snap: Snapshot) -> None:
    """A list answer must name exactly the gold clauses: a clause left out costs recall, a
    clause named that does not belong (a fulfilled one in a "not fulfilled" list) precision."""
    item, answer = score.item, score.run.answer
    assert answer is not None
    gold = {metrics.clause_label(label) for label in item.answer_clauses}
    named = metrics.named_clauses(answer.answer) & (clause_labels(snap, item.resolution) | gold)
    score.list_precision = len(named & gold) / len(named) if named else 0.0
    score.list_recall = len(named & gold) / len(gold)
    missing, extra = sorted(gold - named), sorted(named - gold)
    score.checks["answer_clauses"] = not missing and not extra
    if missing:
        score.fail("answer_clauses", f"the answer does not name clause(s) {missing}")
    if extra:
        score.fail("answer_clauses", f"the answer names clause(s) {extra} that do not belong in the list")


def _check_citations(score: ItemScore, snap: Snapshot) -> None:
    item, answer = score.item, score.run.answer
    assert answer is not None
    score.citations = [score_citation(c, item, snap) for c in answer.citations]
    if item.cite_any and item.answerable:
        score.checks["citation_support"] = any(c.supports for c in score.citations)
        if not score.checks["citation_support"]:
            where = f" on page(s) {list(item.pages)}" if item.pages else ""
            of = f" of {item.resolution}" if item.resolution else ""
            cited = (
                "; ".join(f"p.{c.page} {c.resolution or c.source} “{_short(c.quote, 60)}”" for c in answer.citations)
                or "nothing"
            )
            score.fail(
                "citation_support", f"no citation quotes one of {list(item.cite_any)}{where}{of}; cited: {cited}"
            )
    if score.citations:
        invalid = [c for c in score.citations if not c.valid]
        score.checks["citation_validity"] = not invalid
        if invalid:
            spans = ", ".join(f"{c.citation.source}:{c.citation.source_start}-{c.citation.source_end}" for c in invalid)
            score.fail(
                "citation_validity", f"{len(invalid)} of {len(score.citations)} quotes differ from the text at {spans}"
            )


def _score_retrieval(score: ItemScore) -> None:
    if not score.gold_rows:
        return
    ranking, gold = score.run.retrieved, score.gold_rows
    figures = {f"recall@{k}": metrics.recall_at_k(ranking, gold, k) for k in RECALL_KS}
    figures[f"mrr@{MRR_K}"] = metrics.reciprocal_rank(ranking, gold, MRR_K)
    figures[f"ndcg@{NDCG_K}"] = metrics.ndcg_at_k(ranking, gold, NDCG_K)
    score.retrieval = figures


def score_item(run: ItemRun, snap: Snapshot, visibility: Visibility = "internal") -> ItemScore:
    score = ItemScore(run, gold_rows=gold_rows(run.item, snap, visibility))
    _score_retrieval(score)
    if run.answer is None:
        for check in applicable_checks(run.item):
            score.checks[check] = False
        score.failures.append(f"error: {run.error}")
        return score
    _check_answer(score, snap)
    _check_citations(score, snap)
    return score


def applicable_checks(item: TestItem) -> list[str]:
    """The checks an item's labels call for (citation validity applies to any cited answer)."""
    present = {
        "answerable": True,
        "status": item.status is not None,
        "resolution": item.resolution is not None,
        "clause": item.clause is not None,
        "answer_any": bool(item.answer_any),
        "answer_all": bool(item.answer_all),
        "answer_clauses": bool(item.answer_clauses),
        "citation_support": bool(item.cite_any) and item.answerable,
    }
    return [name for name, applies in present.items() if applies]


def score_run(run: ConfigRun, visibility: Visibility = "internal") -> list[ItemScore]:
    return [score_item(r, run.snapshot, visibility) for r in run.items]


def _check_rate(scores: Sequence[ItemScore], check: str) -> Metric:
    outcomes = [s.checks[check] for s in scores if check in s.checks]
    return Metric(metrics.mean([1.0 if ok else 0.0 for ok in outcomes]), len(outcomes))


def summarise(scores: Sequence[ItemScore], run: ConfigRun) -> dict[str, Metric]:
    """The figures of one configuration, keyed as in ``docs/eval/METRICS.md``."""
    out: dict[str, Metric] = {"items": Metric(float(len(scores)), len(scores))}
    with_gold = [s.retrieval for s in scores if s.retrieval is not None]
    for key in [f"recall@{k}" for k in RECALL_KS] + [f"mrr@{MRR_K}", f"ndcg@{NDCG_K}"]:
        out[key] = Metric(metrics.mean([r[key] for r in with_gold]), len(with_gold))
    no_gold = [s for s in scores if s.item.cite_any and not s.gold_rows]
    out["no_gold_evidence"] = Metric(float(len(no_gold)), len([s for s in scores if s.item.cite_any]))
    out["item_pass"] = Metric(metrics.mean([1.0 if s.passed else 0.0 for s in scores]), len(scores))
    for check in ("status", "resolution", "clause", "answer_any", "answer_all", "answer_clauses"):
        out[f"{check}_accuracy"] = _check_rate(scores, check)
    abstained = [s.run.answer is not None and not s.run.answer.answerable for s in scores]
    unanswerable = [not s.item.answerable for s in scores]
    precision, recall = metrics.precision_recall(abstained, unanswerable)
    out["abstention_precision"] = Metric(precision, sum(abstained))
    out["abstention_recall"] = Metric(recall, sum(unanswerable))
    cites = [c for s in scores for c in s.citations]
    out["citation_support"] = _check_rate(scores, "citation_support")
    out.update(_citation_counts(scores))
    out["citation_validity"] = Metric(metrics.mean([1.0 if c.valid else 0.0 for c in cites]), len(cites))
    judged = [c for c in cites if c.verbatim is not None]
    out["quotes_verbatim"] = Metric(metrics.mean([1.0 if c.verbatim else 0.0 for c in judged]), len(judged))
    lists = [s for s in scores if s.list_precision is not None]
    out["list_precision"] = Metric(metrics.mean([s.list_precision or 0.0 for s in lists]), len(lists))
    out["list_recall"] = Metric(metrics.mean([s.list_recall or 0.0 for s in lists]), len(lists))
    answered = [s for s in scores if s.run.answer is not None and s.run.answer.answerable]
    out["citations_per_answer"] = Metric(metrics.mean([float(len(s.citations)) for s in answered]), len(answered))
    latencies = [s.run.latency_s for s in scores]
    out["latency_p50_s"] = Metric(metrics.percentile(latencies, 50), len(latencies))
    out["latency_p95_s"] = Metric(metrics.percentile(latencies, 95), len(latencies))
    out["errors"] = Metric(float(sum(1 for s in scores if s.run.error)), len(scores))
    out["index_bytes"] = Metric(float(run.index_bytes), 1)
    out["peak_rss_bytes"] = Metric(float(run.peak_rss_bytes), 1)
    return out


def _citation_counts(scores: Sequence[ItemScore]) -> dict[str, Metric]:
    """What the answerer proposed to cite, what its span check dropped, what it showed, and
    the answers that lost every citation to that check: the check runs before anything is
    shown, so only these counts make a broken span visible."""
    answers = [s.run.answer for s in scores if s.run.answer is not None]
    proposed = sum(a.citations_proposed for a in answers)
    dropped = sum(a.citations_dropped for a in answers)
    lost = [a for a in answers if a.citations_dropped and not a.citations]
    return {
        "citations_proposed": Metric(float(proposed), len(answers)),
        "citations_dropped": Metric(float(dropped), proposed),
        "citations_shown": Metric(float(sum(len(a.citations) for a in answers)), len(answers)),
        "answers_lost_all_citations": Metric(float(len(lost)), len(answers)),
    }


def per_category(scores: Sequence[ItemScore]) -> dict[str, Metric]:
    """Item pass rate per category (the item's ``category``, or one inferred from its labels)."""
    cats: dict[str, list[bool]] = {}
    for s in scores:
        cats.setdefault(s.item.category, []).append(s.passed)
    return {c: Metric(metrics.mean([1.0 if p else 0.0 for p in ok]), len(ok)) for c, ok in sorted(cats.items())}


def item_json(score: ItemScore, snap: Snapshot) -> dict[str, Any]:
    """One item's record in ``metrics.json``: labels, answer, checks, citations, retrieval."""
    run, item = score.run, score.item
    answer = run.answer
    return {
        "id": item.id,
        "category": item.category,
        "question": item.question,
        "history": list(item.history),
        "gold": gold_labels(item),
        "passed": score.passed,
        "failures": score.failures,
        "checks": score.checks,
        "error": run.error,
        "latency_s": round(run.latency_s, 4),
        "list": None
        if score.list_precision is None
        else {"precision": score.list_precision, "recall": score.list_recall},
        "citations_dropped": 0 if answer is None else answer.citations_dropped,
        "answer": None
        if answer is None
        else {
            "answer": answer.answer,
            "answerable": answer.answerable,
            "resolution": answer.resolution,
            "clause": answer.clause,
            "status": answer.status,
        },
        "citations": [
            {
                "source": c.citation.source,
                "page": c.citation.page,
                "clause": c.citation.clause,
                "quote": c.citation.quote,
                "source_start": c.citation.source_start,
                "source_end": c.citation.source_end,
                "valid": c.valid,
                "verbatim": c.verbatim,
                "supports": c.supports,
            }
            for c in score.citations
        ],
        "retrieval": {
            "query": run.retrieval_query,
            "top": [snap.chunks[r].chunk_id for r in run.retrieved],
            "gold": sorted(snap.chunks[r].chunk_id for r in score.gold_rows),
            "first_gold_rank": score.first_gold_rank,
            "figures": score.retrieval,
        },
    }


def gold_labels(item: TestItem) -> dict[str, Any]:
    """The item's labels as a plain mapping (for reports)."""
    labels: Mapping[str, Any] = {
        "answerable": item.answerable,
        "resolution": item.resolution,
        "clause": item.clause,
        "status": item.status,
        "answer_any": list(item.answer_any),
        "answer_all": list(item.answer_all),
        "answer_clauses": list(item.answer_clauses),
        "cite_any": list(item.cite_any),
        "pages": list(item.pages),
    }
    return {k: v for k, v in labels.items() if v not in (None, [])}


@dataclass(frozen=True)
class ConfigResult:
    """A configuration's run, scored: per-item scores, summary figures, pass rate per category."""

    name: str
    run: ConfigRun
    scores: list[ItemScore]
    summary: dict[str, Metric]
    categories: dict[str, Metric]


def evaluate(run: ConfigRun, visibility: Visibility = "internal") -> ConfigResult:
    scores = score_run(run, visibility)
    return ConfigResult(run.name, run, scores, summarise(scores, run), per_category(scores))
