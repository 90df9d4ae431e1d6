"""The language data files: loaded and checked, and a malformed line named with its place."""

from __future__ import annotations

import pytest

from council_qa import lexicon
from council_qa.lexicon import Glossary, Lexicon, LexiconError


def test_the_shipped_lists_load() -> None:
    loaded = Lexicon.load()
    assert loaded.glossary.german_terms("Has the city council decided?")[0] == "stadtrat ratsversammlung"
    assert "wann" in loaded.question_words


def test_a_glossary_finds_the_longest_term_first() -> None:
    glossary = Glossary({"council": "rat", "city council": "stadtrat"})
    assert glossary.german_terms("Did the city council meet?") == ["stadtrat"]
    assert "council" not in glossary.untranslated("Did the city council meet?")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("council stadtrat", r"council_terms_en_de\.tsv:7: expected 'english term<TAB>german words'"),
        ("Council\tstadtrat", r"council_terms_en_de\.tsv:7: terms are written in lower case"),
    ],
)
def test_a_malformed_term_is_named_with_its_line(line: str, message: str) -> None:
    with pytest.raises(LexiconError, match=message):
        lexicon._terms([(7, line)])


def test_a_term_listed_twice_is_rejected() -> None:
    with pytest.raises(LexiconError, match="listed twice"):
        lexicon._terms([(1, "council\trat"), (2, "council\tstadtrat")])


def test_question_words_are_single_lower_case_words() -> None:
    with pytest.raises(LexiconError, match=r"question_words\.txt:3: one lower-case word per line"):
        lexicon._question_words([(3, "wie viele")])
