"""Question words looked up among the papers' nouns by meaning, with the index's own model."""

from __future__ import annotations

import pytest

from council_qa.answer.meaning import Meaning
from council_qa.index import words
from council_qa.index.embeddings import Embedder
from council_qa.index.lexical import tokens
from council_qa.index.vocabulary import Vocabulary

PAPER = (
    "Die Oberbürgermeisterin soll für Asylsuchende die Ausgabe von Versichertenkarten gewährleisten. "
    "Die Stadt betreibt Photovoltaikanlagen auf Dächern und stellt Anlagen an Haltestellen auf. "
    "Die Sanierung der Grundschule begann im Juli."
)


@pytest.fixture(scope="module")
def nouns(embedder: Embedder) -> words.WordVectors:
    return words.build([PAPER], embedder)


def test_words_in_other_words_find_the_papers_nouns(embedder: Embedder, nouns: words.WordVectors) -> None:
    related = Meaning(embedder).related(["Flüchtlinge", "refugees"], nouns, Vocabulary(tokens(PAPER)))
    assert "asylsuch" in related[tokens("Flüchtlinge")[0]]
    assert "asylsuch" in related[tokens("refugees")[0]]


def test_a_subject_the_papers_lack_finds_nothing(embedder: Embedder, nouns: words.WordVectors) -> None:
    assert Meaning(embedder).related(["Opernhaus", "Hundesteuer"], nouns, Vocabulary(tokens(PAPER))) == {}


def test_a_word_spelled_like_a_noun_is_left_to_the_spelling_rules(embedder: Embedder, nouns: words.WordVectors) -> None:
    # "Windkraftanlagen" is close to "Anlagen" and "Photovoltaikanlagen" by its letters, not its meaning
    related = Meaning(embedder).related(["Windkraftanlagen"], nouns, Vocabulary(tokens(PAPER)))
    assert not {"anlag", "photovoltaikanlag"} & set(related.get(tokens("Windkraftanlagen")[0], ()))


def test_only_nouns_of_the_allowed_papers_count(embedder: Embedder, nouns: words.WordVectors) -> None:
    public = Vocabulary(tokens("Die Stadt betreibt Photovoltaikanlagen auf Dächern."))
    assert Meaning(embedder).related(["Flüchtlinge"], nouns, public) == {}


def test_similarity_is_validated(embedder: Embedder) -> None:
    with pytest.raises(ValueError, match=r"similar must be in \(0, 1\]"):
        Meaning(embedder, similar=1.5)
