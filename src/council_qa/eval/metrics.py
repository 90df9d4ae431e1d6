"""The metric functions: pure, small, each defined with its reference.

Ranking metrics take a ranking (best first) and the set of relevant items with binary
relevance. Text checks follow the contract's comparison rule: case, white space and
punctuation are ignored (``fold``). ``docs/eval/METRICS.md`` lists how each is reported.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Hashable, Iterable, Sequence

from council_qa.eval.lexicon import Lexicon
from council_qa.ingest.textmap import normalise

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


# --- comparison --------------------------------------------------------------------------------


def fold(text: str) -> str:
    """The contract's comparison form: case folded, white space and punctuation removed."""
    return _NON_WORD.sub("", text.casefold())


def contains(text: str, needle: str) -> bool:
    """Whether ``needle`` occurs in ``text`` under the contract's comparison rule."""
    key = fold(needle)
    return bool(key) and key in fold(text)


# --- retrieval ---------------------------------------------------------------------------------


def recall_at_k(ranking: Sequence[Hashable], relevant: Collection[Hashable], k: int) -> float:
    """Recall@k as success at k: 1.0 if any relevant item is among the first ``k``, else 0.0.

    The "top-k retrieval accuracy" of Karpukhin et al. (2020), *Dense Passage Retrieval for
    Open-Domain Question Answering*, EMNLP, §5.1, which QA retrieval papers report as Recall@k.
    Relevant items here are alternatives (``cite_any`` holds strings *one of* which must be
    cited), so finding one of them is finding the evidence; averaged over items it is the
    share of questions whose evidence is retrieved in the top ``k``.
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k}")
    return 1.0 if any(item in relevant for item in ranking[:k]) else 0.0


def reciprocal_rank(ranking: Sequence[Hashable], relevant: Collection[Hashable], k: int) -> float:
    """1/rank of the first relevant item within the first ``k`` (ranks from 1), else 0.0.

    Averaged over items this is MRR@k, the mean reciprocal rank of Voorhees (1999), *The
    TREC-8 Question Answering Track Report*, TREC-8, cut off at rank ``k``.
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k}")
    for rank, item in enumerate(ranking[:k], start=1):
        if item in relevant:
            return 1.0 / rank
    return 0.0


def dcg(gains: Iterable[float]) -> float:
    """Discounted cumulative gain, sum of gain_i / log2(i + 1) over ranks i from 1."""
    return sum(g / math.log2(i + 1) for i, g in enumerate(gains, start=1))


def ndcg_at_k(ranking: Sequence[Hashable], relevant: Collection[Hashable], k: int) -> float:
    """nDCG@k with binary gains: DCG of the first ``k`` over the DCG of an ideal ranking.

    Järvelin & Kekäläinen (2002), *Cumulated Gain-Based Evaluation of IR Techniques*, ACM
    TOIS 20(4), with the log2(i + 1) discount used by trec_eval. The ideal ranking puts
    ``min(len(relevant), k)`` relevant items first. Undefined (ValueError) without relevant items.
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k}")
    if not relevant:
        raise ValueError("nDCG is undefined when nothing is relevant")
    seen: set[Hashable] = set()
    gains = []
    for item in ranking[:k]:
        gains.append(1.0 if item in relevant and item not in seen else 0.0)
        seen.add(item)
    ideal = dcg([1.0] * min(len(relevant), k))
    return dcg(gains) / ideal


# --- answers -----------------------------------------------------------------------------------


def missing_strings(text: str, required: Iterable[str]) -> list[str]:
    """The required strings that ``text`` does not contain (contract comparison)."""
    return [s for s in required if not contains(text, s)]


def any_string(text: str, options: Sequence[str]) -> bool:
    """Whether ``text`` contains at least one of ``options`` (contract comparison)."""
    return any(contains(text, s) for s in options)


_PAGE_REF = re.compile(r"\b(?:S|Seite|Seiten|p|pp|page|pages)\.?\s*\d+(?:\s*[-–,]\s*\d+)*", re.IGNORECASE)
_DATE = re.compile(r"\b\d{1,2}\.\s*(?:\d{1,2}\.\s*\d{2,4}|[A-Za-zÄÖÜäöü]{3,}\.?\s+\d{4})")
_RANGE = re.compile(r"\b(\d+)\s*([a-z])\s*[-–]\s*(\d+)\s*([a-z])\b", re.IGNORECASE)
_LABEL = re.compile(r"\b(\d+)(?:\s?([a-z]))?\b", re.IGNORECASE)


def clause_label(label: str) -> str:
    """A clause label in one form: "1 c", "1c)", "1C" → "1c"."""
    return fold(label)


def named_clauses(text: str) -> set[str]:
    """The clause labels a text names: "1c", "Punkt 1 e", ranges such as "1a–1c" (1a, 1b, 1c).

    Page references ("S. 2") and dates ("1. April 2020") are set aside first so their
    numbers are not read as clauses. Any other free-standing number counts as a label.
    """
    text = _DATE.sub(" ", _PAGE_REF.sub(" ", text))
    labels: set[str] = set()
    for m in _RANGE.finditer(text):
        if m.group(1) == m.group(3) and m.group(2).lower() <= m.group(4).lower():
            first, last = ord(m.group(2).lower()), ord(m.group(4).lower())
            labels.update(f"{m.group(1)}{chr(c)}" for c in range(first, last + 1))
    for m in _LABEL.finditer(text):
        labels.add(m.group(1) + (m.group(2) or "").lower())
    return labels


def missing_clauses(text: str, required: Iterable[str]) -> list[str]:
    """The required clause labels that ``text`` does not name (see ``named_clauses``)."""
    named = named_clauses(text)
    return [label for label in required if clause_label(label) not in named]


# --- citations ---------------------------------------------------------------------------------


def citation_valid(original: str, source_start: int, source_end: int, quote: str) -> bool:
    """Mechanical validity: the cited span of the original text *is* the quote.

    ``normalise(original[source_start:source_end]) == normalise(quote)`` with
    ``council_qa.ingest.textmap.normalise`` (case, white space, punctuation and the OCR
    confusions the cleaner repairs folded). A span outside the text or an empty quote fails.
    This is the exact-match attribution check of quote-grounded QA (cf. Menick et al. (2022),
    *Teaching language models to support answers with verified quotes*, GopherCite).
    """
    if not 0 <= source_start < source_end <= len(original):
        return False
    quote_key = normalise(quote)
    return bool(quote_key) and normalise(original[source_start:source_end]) == quote_key


_LINE_HYPHEN = re.compile(r"(?<=\w)-[ \t]*\r?\n[ \t]*(?=[a-zäöüß])")
_TOKEN = re.compile(r"(\s*)(\w+)")


def _tokens(text: str) -> list[tuple[str, bool]]:
    """(word in comparison form, whether a line break stands before it); a word hyphenated at
    a line end ("Photo-\nvoltaik") is one word, as the cleaner joins it."""
    return [(normalise(m[2]), "\n" in m[1]) for m in _TOKEN.finditer(_LINE_HYPHEN.sub("", text))]


def quote_verbatim(span: str, quote: str, lexicon: Lexicon) -> bool:
    """Word for word: the quote's words are the span's words, in order.

    ``citation_valid`` folds white space away, so "in Betriebgenommen" passes it against
    "in Betrieb genommen"; staff read the quote in „…“ as the paper's own words, so a word
    glued to its neighbour (or split) is an error here. Pieces of the span may make one
    quoted word only across a line break (a word broken at a line end, often without its
    hyphen after OCR: "Zusam" + "menhang"), and only where ``lexicon`` does not call the join
    two words glued ("im" + "neuen"). Case, punctuation and the OCR confusions of
    ``normalise`` are folded as there.
    """
    have, want = _tokens(span), [w for w, _ in _tokens(quote)]
    if not want:
        return False
    i = 0
    for word in want:
        if i >= len(have):
            return False
        joined, j = have[i][0], i + 1
        while joined != word and j < len(have) and have[j][1] and word.startswith(joined + have[j][0]):
            joined, j = joined + have[j][0], j + 1
        if joined != word or (j > i + 1 and lexicon.glued([w for w, _ in have[i:j]])):
            return False
        i = j
    return i == len(have)


def supports(quote: str, page: int, cite_any: Sequence[str], pages: Collection[int]) -> bool:
    """Whether one citation holds the gold evidence: its quote contains one of ``cite_any``
    (contract comparison) and its page is one of ``pages`` (any page if ``pages`` is empty)."""
    return (not pages or page in pages) and any_string(quote, cite_any)


# --- aggregation -------------------------------------------------------------------------------


def ratio(numerator: float, denominator: float) -> float | None:
    """``numerator / denominator``, or None when there is nothing to divide by."""
    return numerator / denominator if denominator else None


def mean(values: Sequence[float]) -> float | None:
    """The arithmetic mean, or None for no values."""
    return ratio(sum(values), len(values))


def precision_recall(predicted: Sequence[bool], actual: Sequence[bool]) -> tuple[float | None, float | None]:
    """Precision and recall of a binary classifier for the positive class (True).

    precision = TP / (TP + FP), recall = TP / (TP + FN) (van Rijsbergen (1979), *Information
    Retrieval*, ch. 7); None where the denominator is zero.
    """
    if len(predicted) != len(actual):
        raise ValueError("predicted and actual differ in length")
    tp = sum(1 for p, a in zip(predicted, actual, strict=True) if p and a)
    return ratio(tp, sum(predicted)), ratio(tp, sum(actual))


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile (0–100) by linear interpolation between order statistics.

    Hyndman & Fan (1996), *Sample Quantiles in Statistical Packages*, The American
    Statistician 50(4), definition 7 (the default of numpy and R). None for no values.
    """
    if not 0 <= q <= 100:
        raise ValueError(f"percentile {q} outside 0..100")
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
