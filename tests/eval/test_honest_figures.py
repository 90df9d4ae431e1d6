"""The eval's figures can fail: dropped citations are counted, list answers are scored by
precision and recall, quotes are checked word for word.

Before: the answerer dropped every citation whose span did not hold its quote and eval then
re-checked what was left, so "citation validity" could not come out below 100 % (spans shifted
by 3 characters left it at 100 % while item pass fell); a "not yet fulfilled" list naming every
clause passed. These tests break a real index or write a wrong answer and expect the figure
to show it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from council_qa.answer.engine import Answerer
from council_qa.eval import metrics, runner, scoring
from council_qa.eval.lexicon import NGERMAN, Lexicon, german
from council_qa.eval.testset import TestItem, parse_item
from council_qa.index import snapshot
from council_qa.index.embeddings import Embedder
from council_qa.index.store import generation_dir, read_manifest
from council_qa.types import Answer

V0877 = "V0877/18"


@pytest.fixture
def broken_index(sample_index: Path, tmp_path: Path) -> Path:
    """The sample index with every original text shifted by three characters, as a damaged
    copy or a reader bug would leave it: every span now points three characters early."""
    root = tmp_path / "index"
    shutil.copytree(sample_index, root, ignore=shutil.ignore_patterns("write.lock"))
    manifest = read_manifest(root)
    assert manifest is not None
    for original in (generation_dir(root, manifest.generation) / snapshot.ORIGINALS).glob("*.txt"):
        original.write_text("xx\n" + original.read_text(encoding="utf-8"), encoding="utf-8")
    return root


def _item(**labels: object) -> TestItem:
    return parse_item({"id": "t", "answerable": True, **labels}, "test item")


def test_a_shifted_span_is_counted_as_dropped(broken_index: Path, sample_index: Path, embedder: Embedder) -> None:
    question = f"Ist Beschlusspunkt 1 der {V0877} erfüllt?"
    good = Answerer(sample_index, embedder).ask(question)
    assert good.citations and good.citations_dropped == 0 and good.citations_proposed >= len(good.citations)
    broken = Answerer(broken_index, embedder).ask(question)
    assert not broken.citations, "a span that does not hold its quote must never be shown"
    assert broken.citations_dropped == broken.citations_proposed > 0

    items = [_item(question=question, resolution=V0877, clause="1", status="fulfilled", cite_any=["erfüllt"])]
    result = scoring.evaluate(runner.run_config(broken_index, items, embedder, "hybrid"))
    assert result.summary["citations_dropped"].value == broken.citations_dropped
    assert result.summary["answers_lost_all_citations"].value == 1
    assert result.summary["citations_shown"].value == 0
    assert result.summary["citation_support"].value == 0.0
    assert not result.scores[0].passed


def _list_score(sample_index: Path, embedder: Embedder, text: str, gold: list[str]) -> scoring.ItemScore:
    item = _item(question=f"Welche Beschlusspunkte der {V0877} sind nicht erfüllt?", resolution=V0877,
                 answer_clauses=gold)  # fmt: skip
    answer = Answer(text, True, "de", resolution=V0877)
    run = runner.ItemRun(item, answer, None, 0.0, item.question, ())
    snap = Answerer(sample_index, embedder).snapshot()
    return scoring.score_item(run, snap)


def test_a_list_naming_a_clause_that_does_not_belong_fails(sample_index: Path, embedder: Embedder) -> None:
    exact = _list_score(sample_index, embedder, "Nicht erfüllt (V0877/18): 1a, 1b, 3.", ["1a", "1b", "3"])
    assert exact.passed and (exact.list_precision, exact.list_recall) == (1.0, 1.0)
    everything = _list_score(
        sample_index, embedder, "Nicht erfüllt (V0877/18): 1, 1a, 1b, 1c, 2, 3.", ["1a", "1b", "3"]
    )
    assert not everything.passed and everything.list_recall == 1.0
    assert everything.list_precision == pytest.approx(3 / 6)
    assert "do not belong" in " ".join(everything.failures)
    short = _list_score(sample_index, embedder, "Nicht erfüllt (V0877/18): 1a.", ["1a", "1b", "3"])
    assert not short.passed and short.list_precision == 1.0 and short.list_recall == pytest.approx(1 / 3)
    # numbers that are no clause of the paper (amounts, years) are not counted against it
    amounts = _list_score(sample_index, embedder, "Nicht erfüllt (V0877/18): 1a, 1b, 3 (seit 2019, 148 Anlagen).",
                          ["1a", "1b", "3"])  # fmt: skip
    assert amounts.passed


LEXICON = Lexicon.from_words(["im", "neuen", "Betrieb", "betrieb", "genommen", "Anlage", "werden", "wer", "den"])


@pytest.mark.parametrize(
    ("span", "quote", "verbatim"),
    [
        ("Die Anlage wurde in Betrieb\ngenommen.", "Die Anlage wurde in Betrieb genommen.", True),
        ("Die Anlage wurde in Betrieb\ngenommen.", "Die Anlage wurde in Betriebgenommen.", False),  # glued
        ("Die Anlage wurde in Betrieb genommen.", "Die Anlage wurde in Betriebgenommen.", False),  # not at a break
        ("im\nneuen Jahr", "imneuen Jahr", False),
        ("der Zusam\nmenhang", "der Zusammenhang", True),  # a fragment: one word broken without hyphen
        ("die Photo-\nvoltaik", "die Photovoltaik", True),  # hyphenated at the line end
        ("die Solar\nanlage", "die Solaranlage", True),  # a noun after the break is a compound's tail
        ("die wer\nden", "die werden", True),  # the joined form is a word
        ("Die Anlage", "Die Anla ge", False),  # split
        ("Die Anlage läuft.", "Die Anlage läuft", True),  # punctuation folded
        ("Die Anlage läuft.", "Die Anlage", False),  # a quote is the whole span
        ("Dle Anlage", "Die Anlage", True),  # OCR confusion folded as by the span check
    ],
)
def test_quote_word_for_word(span: str, quote: str, verbatim: bool) -> None:
    assert metrics.quote_verbatim(span, quote, LEXICON) is verbatim


@pytest.mark.skipif(not NGERMAN.exists(), reason="Debian's wngerman is not installed")
def test_the_general_word_list_tells_glued_words_from_broken_ones() -> None:
    lexicon = german()
    assert lexicon is not None
    assert lexicon.glued(["betrieb", "genommen"]) and lexicon.glued(["derzelt", "entsprechend"])
    assert not lexicon.glued(["zusam", "menhang"]) and not lexicon.glued(["photovoltalk", "anlage"])
