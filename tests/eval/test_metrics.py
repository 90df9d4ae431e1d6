"""The metric functions against values worked out by hand on small cases."""

from __future__ import annotations

import math

import pytest

from council_qa.eval import metrics

RANKING = ["x", "r1", "y", "r2", "z"]
RELEVANT = {"r1", "r2"}


def test_recall_at_k_is_success_at_k() -> None:
    assert metrics.recall_at_k(RANKING, RELEVANT, 1) == 0.0
    assert metrics.recall_at_k(RANKING, RELEVANT, 2) == 1.0  # r1 at rank 2
    assert metrics.recall_at_k(RANKING, RELEVANT, 5) == 1.0
    assert metrics.recall_at_k(["a", "b"], RELEVANT, 10) == 0.0
    assert metrics.recall_at_k([], RELEVANT, 3) == 0.0


def test_reciprocal_rank_and_its_mean() -> None:
    assert metrics.reciprocal_rank(RANKING, RELEVANT, 5) == 0.5
    assert metrics.reciprocal_rank(["a", "b", "r2"], RELEVANT, 5) == pytest.approx(1 / 3)
    assert metrics.reciprocal_rank(["a", "b", "r2"], RELEVANT, 2) == 0.0  # beyond the cut-off
    # MRR over three items with first hits at ranks 1, none, 3: (1 + 0 + 1/3) / 3 = 0.4444
    rrs = [
        metrics.reciprocal_rank(["r1"], RELEVANT, 5),
        metrics.reciprocal_rank(["a"], RELEVANT, 5),
        metrics.reciprocal_rank(["a", "b", "r1"], RELEVANT, 5),
    ]
    assert metrics.mean(rrs) == pytest.approx(0.4444444444)


def test_ndcg_by_hand() -> None:
    # gains 0,1,0,1,0: DCG = 1/log2(3) + 1/log2(5) = 0.63093 + 0.43068 = 1.06161
    # ideal 1,1:      IDCG = 1/log2(2) + 1/log2(3) = 1 + 0.63093 = 1.63093  → 0.65092
    assert metrics.ndcg_at_k(RANKING, RELEVANT, 10) == pytest.approx(0.6509209298)
    assert metrics.ndcg_at_k(["r2", "r1"], RELEVANT, 10) == pytest.approx(1.0)
    assert metrics.ndcg_at_k(["a", "b"], RELEVANT, 10) == 0.0
    # k cuts both the ranking and the ideal: one relevant in the top 1 of three relevant = 1.0
    assert metrics.ndcg_at_k(["r1", "x"], {"r1", "r2", "r3"}, 1) == pytest.approx(1.0)
    # a repeated item gains once: DCG = 1, IDCG = 1 + 1/log2(3)
    assert metrics.ndcg_at_k(["r1", "r1"], RELEVANT, 10) == pytest.approx(1 / (1 + 1 / math.log2(3)))
    with pytest.raises(ValueError):
        metrics.ndcg_at_k(RANKING, set(), 10)
    with pytest.raises(ValueError):
        metrics.recall_at_k(RANKING, RELEVANT, 0)


def test_precision_recall_for_abstention() -> None:
    # predicted abstain: T T F F; truly unanswerable: T F T F → TP 1, FP 1, FN 1
    assert metrics.precision_recall([True, True, False, False], [True, False, True, False]) == (0.5, 0.5)
    assert metrics.precision_recall([False, False], [True, False]) == (None, 0.0)
    assert metrics.precision_recall([True], [False]) == (0.0, None)


def test_percentile_interpolates_linearly() -> None:
    values = [4.0, 1.0, 3.0, 2.0]
    assert metrics.percentile(values, 50) == pytest.approx(2.5)
    assert metrics.percentile(values, 95) == pytest.approx(3.85)  # position 2.85 between 3 and 4
    assert metrics.percentile(values, 0) == 1.0
    assert metrics.percentile([7.0], 95) == 7.0
    assert metrics.percentile([], 50) is None


def test_contract_comparison_ignores_case_space_punctuation() -> None:
    assert metrics.contains("… bei AOK-Plus, DAK …", "aok plus")
    assert metrics.contains("veröffentlicht 10 / 2020", "10/2020")
    assert not metrics.contains("veröffentlicht 11/2020", "10/2020")
    assert not metrics.contains("anything", " ,. ")  # nothing left to look for
    assert metrics.missing_strings("AOK Plus und DAK", ["AOK", "DAK", "KKH"]) == ["KKH"]
    assert metrics.any_string("seit 1. April 2020", ["Mai 2020", "April 2020"])


def test_named_clauses() -> None:
    assert metrics.missing_clauses("Still open (V0220/14): 1c (in progress), 3 (in progress).", ["1c", "3"]) == []
    assert metrics.missing_clauses("Offen: 1c.", ["1c", "3"]) == ["3"]
    assert metrics.missing_clauses("Erfüllt: 1, 1a–1c, 2", ["1b", "2"]) == []
    assert metrics.missing_clauses("Punkt 1 e ist umgesetzt", ["1e"]) == []
    # page references and dates are not clauses; "1c" does not name clause "1"
    assert metrics.missing_clauses("„Der Beschlusspunkt ist erfüllt.“ (S. 2)", ["2"]) == ["2"]
    assert metrics.missing_clauses("seit 1. April 2020", ["1"]) == ["1"]
    assert metrics.missing_clauses("1c ist offen", ["1"]) == ["1"]


def test_citation_validity_slices_the_original() -> None:
    original = "Kopf\n\nDie Anlage ging im Juni 2021\nans Netz; 148 Bürger.\nEnde"
    start = original.index("Die Anlage")
    end = original.index("Ende") - 1
    assert metrics.citation_valid(original, start, end, "Die Anlage ging im Juni 2021 ans Netz; 148 Bürger.")
    assert not metrics.citation_valid(original, start, end, "Die Anlage ging im Juni 2021 ans Netz.")
    assert not metrics.citation_valid(original, start + 4, end, "Die Anlage ging im Juni 2021 ans Netz; 148 Bürger.")
    assert not metrics.citation_valid(original, end, start, "x")
    assert not metrics.citation_valid(original, 0, len(original) + 1, original)


def test_support_needs_string_and_page() -> None:
    assert metrics.supports("Aktuell sind 205 Personen angemeldet.", 2, ["205 Personen"], [2, 3])
    assert not metrics.supports("Aktuell sind 205 Personen angemeldet.", 1, ["205 Personen"], [2, 3])
    assert not metrics.supports("Aktuell sind 200 Personen angemeldet.", 2, ["205 Personen"], [2])
    assert metrics.supports("205 Personen", 9, ["205 Personen"], [])  # no pages given: any page
