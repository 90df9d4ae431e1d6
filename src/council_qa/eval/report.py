"""The outputs of an evaluation: the terminal table, ``metrics.json``, ``report.md`` and a
self-contained ``report.html`` (inline CSS and SVG, no external resources)."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any, Literal

from council_qa.eval import charts
from council_qa.eval.scoring import ConfigResult, ItemScore, Metric, gold_labels, item_json

Format = Literal["count", "share", "score", "seconds", "bytes"]
# (key in the summary, label, format); a None key starts a section.
ROWS: tuple[tuple[str | None, str, Format], ...] = (
    (None, "Retrieval (top 10, no filters)", "count"),
    ("recall@1", "Recall@1", "share"),
    ("recall@3", "Recall@3", "share"),
    ("recall@5", "Recall@5", "share"),
    ("mrr@5", "MRR@5", "score"),
    ("ndcg@10", "nDCG@10", "score"),
    ("no_gold_evidence", "cite_any items without gold chunk", "count"),
    (None, "Answers", "count"),
    ("item_pass", "Item pass", "share"),
    ("status_accuracy", "Status accuracy", "share"),
    ("resolution_accuracy", "Resolution accuracy", "share"),
    ("clause_accuracy", "Clause accuracy", "share"),
    ("answer_any_accuracy", "answer_any", "share"),
    ("answer_all_accuracy", "answer_all", "share"),
    ("answer_clauses_accuracy", "answer_clauses", "share"),
    ("abstention_precision", "Abstention precision", "share"),
    ("abstention_recall", "Abstention recall", "share"),
    ("list_precision", "List precision (clauses named that belong)", "score"),
    ("list_recall", "List recall (gold clauses named)", "score"),
    (None, "Citations", "count"),
    ("citation_support", "Citation support (quotes the gold evidence)", "share"),
    ("citations_proposed", "Citations proposed", "count"),
    ("citations_dropped", "dropped by the span check", "count"),
    ("citations_shown", "Citations shown", "count"),
    ("answers_lost_all_citations", "Answers that lost every citation", "count"),
    ("quotes_verbatim", "Quotes word for word", "share"),
    ("citation_validity", "Citation validity (shown, re-checked)", "share"),
    ("citations_per_answer", "Citations per answer", "score"),
    (None, "Cost", "count"),
    ("latency_p50_s", "Latency p50", "seconds"),
    ("latency_p95_s", "Latency p95", "seconds"),
    ("index_bytes", "Index size", "bytes"),
    ("peak_rss_bytes", "Peak RSS", "bytes"),
    ("errors", "Errors", "count"),
)


def format_metric(metric: Metric | None, kind: Format) -> str:
    if metric is None or metric.value is None:
        return "–" if metric is None else f"– (n={metric.n})"
    v = metric.value
    if kind == "share":
        return f"{v:.1%} ({round(v * metric.n)}/{metric.n})"
    if kind == "score":
        return f"{v:.3f} (n={metric.n})"
    if kind == "seconds":
        return f"{v * 1000:.0f} ms"
    if kind == "bytes":
        return f"{v / 2**20:.1f} MiB"
    return f"{v:.0f}"


def _table_rows(results: Sequence[ConfigResult]) -> list[tuple[str, list[str], bool]]:
    """(label, one cell per config, is a section heading)."""
    rows = [("items", [format_metric(r.summary["items"], "count") for r in results], False)]
    for key, label, kind in ROWS:
        if key is None:
            rows.append((label, ["" for _ in results], True))
        else:
            rows.append((label, [format_metric(r.summary.get(key), kind) for r in results], False))
    return rows


def text_table(results: Sequence[ConfigResult]) -> str:
    """The metrics of every configuration side by side, for the terminal."""
    rows = _table_rows(results)
    header = ["metric", *(r.name for r in results)]
    widths = [max(len(header[0]), *(len(label) + (0 if head else 2) for label, _, head in rows))]
    for i, r in enumerate(results):
        widths.append(max(len(r.name), *(len(cells[i]) for _, cells, _ in rows)))
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for label, cells, head in rows:
        if head:
            lines.append(f"{label}:")
            continue
        first = ("  " + label).ljust(widths[0])
        lines.append("  ".join([first, *(c.rjust(w) for c, w in zip(cells, widths[1:], strict=True))]).rstrip())
    return "\n".join(lines)


def _md_cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def markdown_table(results: Sequence[ConfigResult]) -> str:
    lines = ["| metric | " + " | ".join(r.name for r in results) + " |", "|---|" + "---:|" * len(results)]
    for label, cells, head in _table_rows(results):
        if head:
            lines.append(f"| **{label}** |" + " |" * len(results))
        else:
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _categories(results: Sequence[ConfigResult]) -> list[str]:
    return sorted({c for r in results for c in r.categories})


def category_markdown(results: Sequence[ConfigResult]) -> str:
    lines = ["| category | " + " | ".join(r.name for r in results) + " |", "|---|" + "---:|" * len(results)]
    for cat in _categories(results):
        lines.append(f"| {cat} | " + " | ".join(format_metric(r.categories.get(cat), "share") for r in results) + " |")
    return "\n".join(lines)


def _answer_line(score: ItemScore) -> str:
    answer = score.run.answer
    if answer is None:
        return f"error: {score.run.error}"
    return answer.answer


def write_markdown(path: Path, title: str, setup: str, results: Sequence[ConfigResult]) -> None:
    parts = [
        f"# {title}",
        "",
        setup,
        "",
        "Definitions of every figure: [METRICS.md](../METRICS.md). Shares show (passed/n); "
        "n counts the items a figure applies to (citations for citation validity).",
        "",
        "## Metrics",
        "",
        markdown_table(results),
        "",
        "## Item pass by category",
        "",
        category_markdown(results),
    ]
    for r in results:
        failing = [s for s in r.scores if not s.passed]
        parts += ["", f"## Failing items — {r.name} ({len(failing)} of {len(r.scores)})", ""]
        if not failing:
            parts.append("None.")
        for s in failing:
            history = f" (after: {' / '.join(s.item.history)})" if s.item.history else ""
            parts.append(f"- **{s.item.id}** [{s.item.category}] {_md_cell(s.item.question)}{history}")
            parts.append(f"  - answer: {_md_cell(_answer_line(s))[:300]}")
            for failure in s.failures:
                parts.append(f"  - {_md_cell(failure)}")
        missed = [s for s in r.scores if s.retrieval is not None and s.retrieval["recall@5"] == 0.0]
        no_gold = [s.item.id for s in r.scores if s.item.cite_any and not s.gold_rows]
        parts += [
            "",
            f"Retrieval misses (no gold chunk in the top 5): {', '.join(s.item.id for s in missed) or 'none'}.",
        ]
        if no_gold:
            parts.append(f"Items whose cite_any matches no passage on their pages: {', '.join(no_gold)}.")
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")


def machine() -> dict[str, Any]:
    """CPUs and load when the run ended: latencies mean little without them."""
    try:
        load = round(os.getloadavg()[0], 2)
    except OSError:  # not available on this platform
        load = None
    return {"cpus": os.cpu_count(), "load_avg_1m": load}


def papers(results: Sequence[ConfigResult]) -> list[str]:
    """The papers the set was scored over: a figure means little without them."""
    return sorted(d.source for d in results[0].run.snapshot.documents.infos.values()) if results else []


def metrics_json(
    results: Sequence[ConfigResult], testset: Path, index_dir: Path | str, visibility: str
) -> dict[str, Any]:
    return {
        "testset": str(testset),
        "index": str(index_dir),
        "papers": papers(results),
        "visibility": visibility,
        "machine": machine(),
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "items": len(results[0].scores) if results else 0,
        "configs": {
            r.name: {
                "metrics": {k: m.to_json() for k, m in r.summary.items()},
                "per_category": {k: m.to_json() for k, m in r.categories.items()},
                "setup_s": round(r.run.setup_s, 3),
                "items": [item_json(s, r.run.snapshot) for s in r.scores],
            }
            for r in results
        },
    }


_CSS = """
body{font-family:system-ui,sans-serif;margin:2rem;max-width:1400px;color:#1a202c}
table{border-collapse:collapse;margin:1rem 0;font-size:13px}
th,td{border:1px solid #cbd5e0;padding:4px 8px;vertical-align:top;text-align:left}
th{background:#edf2f7} td.num{text-align:right;white-space:nowrap}
tr.section td{background:#f7fafc;font-weight:bold}
tr.fail td.verdict{color:#c53030;font-weight:bold} tr.pass td.verdict{color:#2f855a}
.bad{color:#c53030} .ok{color:#2f855a} .muted{color:#718096;font-size:12px}
q{font-style:italic} ul{margin:0;padding-left:1.1rem}
body.only-failing tr.pass{display:none}
"""
_SCRIPT = (
    "document.getElementById('only-failing').addEventListener('change',"
    "e=>document.body.classList.toggle('only-failing',e.target.checked));"
)


def _html_metrics(results: Sequence[ConfigResult]) -> str:
    head = "".join(f"<th>{escape(r.name)}</th>" for r in results)
    body = []
    for label, cells, is_head in _table_rows(results):
        if is_head:
            body.append(f'<tr class="section"><td colspan="{len(results) + 1}">{escape(label)}</td></tr>')
        else:
            body.append(
                f"<tr><td>{escape(label)}</td>" + "".join(f'<td class="num">{escape(c)}</td>' for c in cells) + "</tr>"
            )
    return f"<table><tr><th>metric</th>{head}</tr>{''.join(body)}</table>"


def _html_citations(score: ItemScore) -> str:
    if not score.citations:
        return '<span class="muted">none</span>'
    items = []
    for c in score.citations:
        cit = c.citation
        valid = '<span class="ok">valid</span>' if c.valid else '<span class="bad">INVALID</span>'
        support = ' · <span class="ok">supports</span>' if c.supports else ""
        where = f"{cit.resolution or cit.source} p.{cit.page}" + (f" cl.{cit.clause}" if cit.clause else "")
        items.append(
            f'<li><q>{escape(cit.quote)}</q> <span class="muted">{escape(where)} '
            f"[{cit.source_start}:{cit.source_end}]</span> {valid}{support}</li>"
        )
    return f"<ul>{''.join(items)}</ul>"


def _html_items(result: ConfigResult) -> str:
    rows = []
    for s in result.scores:
        item, answer = s.item, s.run.answer
        history = "".join(f'<div class="muted">earlier: {escape(h)}</div>' for h in item.history)
        labels = escape(json.dumps(gold_labels(item), ensure_ascii=False))
        if answer is None:
            answer_html = f'<span class="bad">{escape(str(s.run.error))}</span>'
        else:
            facts = (
                f"answerable={answer.answerable} resolution={answer.resolution} "
                f"clause={answer.clause} status={answer.status}"
            )
            answer_html = f'{escape(answer.answer)}<div class="muted">{escape(facts)}</div>'
        rank = s.first_gold_rank
        retrieval = (
            "–" if not s.gold_rows else (f"gold at {rank}" if rank else '<span class="bad">no gold in top 10</span>')
        )
        failed = "<ul>" + "".join(f"<li>{escape(f)}</li>" for f in s.failures) + "</ul>" if s.failures else ""
        verdict = "pass" if s.passed else "FAIL"
        rows.append(
            f'<tr class="{verdict.lower()}"><td>{escape(item.id)}<div class="muted">{escape(item.category)}</div></td>'
            f'<td>{escape(item.question)}{history}<div class="muted">{labels}</div></td>'
            f"<td>{answer_html}</td><td>{_html_citations(s)}</td>"
            f'<td class="verdict">{verdict}{failed}</td><td class="num">{retrieval}</td>'
            f'<td class="num">{s.run.latency_s * 1000:.0f} ms</td></tr>'
        )
    head = (
        "<tr><th>id</th><th>question (gold labels)</th><th>answer</th><th>citations</th>"
        "<th>verdict / what failed</th><th>retrieval</th><th>latency</th></tr>"
    )
    return f"<table>{head}{''.join(rows)}</table>"


def write_html(path: Path, title: str, setup: str, results: Sequence[ConfigResult]) -> None:
    cats = _categories(results)
    series = {r.name: {c: (m.value, m.n) for c, m in r.categories.items()} for r in results}
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title><style>{_CSS}</style></head><body>',
        f"<h1>{escape(title)}</h1><p>{escape(setup)}</p>",
        '<p class="muted">Figures are defined in docs/eval/METRICS.md. Shares show (passed/n).</p>',
        "<h2>Metrics</h2>",
        _html_metrics(results),
        "<h2>Item pass by category</h2>",
        charts.grouped_bars(cats, series, "Item pass rate by category"),
        "<h2>Latency</h2>",
    ]
    for i, r in enumerate(results):
        parts.append(charts.histogram([s.run.latency_s * 1000 for s in r.scores], f"{r.name}: latency per question", i))
    parts.append('<h2>Per question</h2><label><input type="checkbox" id="only-failing"> only failing items</label>')
    for r in results:
        failing = sum(1 for s in r.scores if not s.passed)
        parts.append(f"<h3>{escape(r.name)} — {failing} of {len(r.scores)} failing</h3>")
        parts.append(_html_items(r))
    parts.append(f"<script>{_SCRIPT}</script></body></html>")
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")


def write_all(
    out_dir: Path, results: Sequence[ConfigResult], testset: Path, index_dir: Path | str, visibility: str
) -> None:
    """Write ``metrics.json``, ``report.md`` and ``report.html`` into ``out_dir`` (created)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    data = metrics_json(results, testset, index_dir, visibility)
    (out_dir / "metrics.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    title = f"council-qa evaluation: {testset.name}"
    setup = (
        f"{data['items']} items from {testset.name}; index {index_dir} of {len(data['papers'])} papers "
        f"({', '.join(data['papers'])}); visibility {visibility}; "
        f"configs {', '.join(r.name for r in results)}; run {data['generated_at']} on "
        f"{data['machine']['cpus']} CPUs, load average {data['machine']['load_avg_1m']}."
    )
    write_markdown(out_dir / "report.md", title, setup, results)
    write_html(out_dir / "report.html", title, setup, results)
