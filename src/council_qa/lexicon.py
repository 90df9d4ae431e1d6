"""Language knowledge as data: the word lists the answerer reads, loaded and checked once.

The lists live in ``council_qa/data`` as text files, each stating its source; this module reads
them, rejects a malformed line with its file and line number, and hands the result to whoever
needs it (the answerer passes it on; nothing imports a list). A council extends a file, not
the code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from typing import Self

from council_qa.index.lexical import tokens

TERMS = "council_terms_en_de.tsv"
QUESTION_WORDS = "question_words.txt"


class LexiconError(ValueError):
    pass


class Glossary:
    """English council terms with their German equivalents, found in a question by phrase."""

    def __init__(self, terms: dict[str, str]) -> None:
        self.terms = terms
        phrases = sorted(terms, key=len, reverse=True)
        self._pattern = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b", re.IGNORECASE)

    def german_terms(self, question: str) -> list[str]:
        """The German equivalents of the council terms an English question uses, one string each
        (alternatives separated by spaces), in the order they occur."""
        if not self.terms:
            return []
        return [self.terms[m.group().lower()] for m in self._pattern.finditer(question)]

    def untranslated(self, question: str) -> str:
        """The question with its glossary terms taken out (names and unknown words remain)."""
        return self._pattern.sub(" ", question) if self.terms else question


@dataclass(frozen=True)
class Lexicon:
    glossary: Glossary
    question_words: frozenset[str]  # stems

    @classmethod
    def load(cls) -> Self:
        """The lists shipped with the package, checked."""
        return cls(Glossary(_terms(_lines(TERMS))), frozenset(_question_words(_lines(QUESTION_WORDS))))


def _lines(name: str) -> list[tuple[int, str]]:
    text = resources.files("council_qa.data").joinpath(name).read_text(encoding="utf-8")
    return [
        (n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip() and not line.startswith("#")
    ]


def _terms(lines: list[tuple[int, str]]) -> dict[str, str]:
    terms: dict[str, str] = {}
    for n, line in lines:
        english, tab, german = line.partition("\t")
        if not tab or not english.strip() or not german.strip():
            raise LexiconError(f"{TERMS}:{n}: expected 'english term<TAB>german words', got {line!r}")
        if english != english.lower() or german != german.lower():
            raise LexiconError(f"{TERMS}:{n}: terms are written in lower case, got {line!r}")
        if english in terms:
            raise LexiconError(f"{TERMS}:{n}: {english!r} is listed twice")
        terms[english] = german
    return terms


def _question_words(lines: list[tuple[int, str]]) -> list[str]:
    stems = []
    for n, word in lines:
        if " " in word or word != word.lower():
            raise LexiconError(f"{QUESTION_WORDS}:{n}: one lower-case word per line, got {word!r}")
        stems.extend(tokens(word) or [word])
    return stems
