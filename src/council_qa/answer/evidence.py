"""Does a passage really answer the question? Evidence, not a similarity score, decides.

A passage supports a question when it covers the question's content words (by stem, by
shared prefix for German compounds) and holds an answer of the asked type (a number, a date,
a name). Dense similarity ranks; it never vouches on its own.
"""

from __future__ import annotations

import re

from council_qa.answer.meaning import Related
from council_qa.answer.question import AnswerType
from council_qa.index.lexical import tokens
from council_qa.index.vocabulary import Vocabulary
from council_qa.lexicon import Lexicon

_DATE = re.compile(
    r"\b(?:19|20)\d{2}\b|\b\d{1,2}/\d{4}\b|\b(?:Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|Quartal)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d")
_DATE_LIKE = re.compile(
    r"\b\d{1,2}\.\s*(?:\d{1,2}\.\s*)?(?:[A-ZÄÖÜ][a-zäöü]+\s+)?(?:19|20)\d{2}\b|\b\d{1,2}/(?:19|20)\d{2}\b"
    r"|\b(?:19|20)\d{2}(?:/(?:19|20)?\d{2})?\b|\b\d{1,2}\.\s*(?:Quartal|Halbjahr)\b"
)
# Organisations and people: a legal form, "X & Y", a title, an acronym, or two capitalised
# words inside a sentence ("Ingenieurbüro Hanke", "BürgerEnergie Magdeburg").
_NAME = re.compile(
    r"\b(?:GmbH|AG|eG|KG|mbH)\b|\be\.\s?V\.|&|\b(?:Herr|Frau|Dr\.|Prof\.)\s|\b[A-ZÄÖÜ]{2,}\b"
    r"|(?<=[a-zäöüß,] )[A-ZÄÖÜ][\w-]+\s+[A-ZÄÖÜ][\w-]+"
    r"|\bAmt(?:es)?\s+für\b|\b\w+amt(?:es)?\b|\bAbteilung\b|\w+büro\b|\bStelle\b"
)
_MONTH = r"(?:Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|Jahr|Schuljahr)"
_PLACE = re.compile(
    rf"\b(?:in|an|auf|bei)\s+(?:der|dem|den)\s+(?!{_MONTH})[A-ZÄÖÜ]|\b(?:im|am)\s+(?!{_MONTH}\b)[A-ZÄÖÜ]"
    r"|\w+(?:straße|strasse|platz|allee|ring|gasse|quartier|halle|zentrum|viertel)\b|\bStadtteil\b|\bStandort\b"
)
# A person: a form of address or an academic or professional title before the name.
_PERSON = re.compile(r"\b(?:Frau|Herrn?|Dr\.|Prof\.|Dipl\.-\w+\.)\s+[A-ZÄÖÜ]")
_MONEY = re.compile(r"\b(?:EUR|Euro|Mio|Mrd|Millionen|Milliarden|Tsd)\b|€", re.IGNORECASE)
_PERCENT = re.compile(r"\bProzent\b|%|\bv\.\s?H\.", re.IGNORECASE)
_REASON = re.compile(
    r"\b(?:weil|da|wegen|aufgrund|infolge|denn|dadurch|daher|deshalb|bedingt|erforder\w*|führt\w*|"
    r"verzöger\w*|because|due to)\b",
    re.IGNORECASE,
)
# Required where some passage has one, else waived (their patterns miss some ways of saying
# them); a person is always required: "Wer ist ...?" is not answered by a passage naming nobody.
SOFT_TYPES = frozenset({"place", "reason", "percent"})
PREFIX = 5
PART = 0.5  # a text that holds only part of a question's compound holds it half
MIN_PART = 5  # the shortest part of a compound that counts as a word of its own
MIN_STEM_TAIL = 4  # the shortest last part, when it ends a word of the papers
MIN_MODIFIER = 9  # the shortest first part of a compound that is specific on its own
_LINKS = ("s", "n", "en", "es")  # German linking elements: "Vorlage-n-nummer", "Amt-s-leiter"
_CAPITALISED = re.compile(r"(?<!^)(?<![.?!] )\b[A-ZÄÖÜ][\w-]{2,}")


def content_words(question: str, lexicon: Lexicon, language: str = "de", related: Related | None = None) -> list[str]:
    """The question's content words as stems, each with the alternatives that count for it
    joined by "|": the papers' nouns of the same meaning (``related``, from ``meaning``), and in
    an English question the German council terms of the glossary. Names stay; an English word
    that neither the glossary nor the papers' nouns know is left out."""
    related = related or {}
    generic = lexicon.question_words
    if language != "en":
        return [_with(t, related) for t in tokens(question) if t not in generic and not t.isdigit()]
    words = ["|".join(tokens(terms)) for terms in lexicon.glossary.german_terms(question)]
    rest = lexicon.glossary.untranslated(question)
    names = {t for t in tokens(" ".join(_CAPITALISED.findall(rest))) if t not in generic}
    known = [t for t in dict.fromkeys(tokens(rest)) if t in names or (t in related and t not in generic)]
    return [w for w in words if w] + [_with(t, related) for t in known]


def _with(stem: str, related: Related) -> str:
    return "|".join([stem, *related.get(stem, ())])


def is_generic(stem: str, lexicon: Lexicon) -> bool:
    """A question word that says what kind of question it is, not what it is about."""
    return stem in lexicon.question_words or stem.isdigit()


# The noun an interrogative asks for ("auf welchem Gebäude", "unter welcher Vorlagennummer",
# "which programme") names the kind of the answer, and the passage that answers names an
# instance of it ("die Sporthalle Neustädter Feld", "V0586/20"), seldom the kind itself.
_ASKED_KIND = re.compile(
    r"\b(?i:welche[rsmn]?)\s+(?:[a-zäöüß]+\s+)?([A-ZÄÖÜ][\w-]+)"
    r"|\b(?i:which)\s+(\w+)"
    r"|\b(?i:what)\s+(?!(?:is|are|was|were|did|does|do|has|have|had|will|would|can|could|should|happened|became)\b)(\w+)"
)


def asked_kind(question: str) -> str | None:
    """The noun naming the kind of thing asked for, if an interrogative names one."""
    m = _ASKED_KIND.search(question)
    return next((g for g in m.groups() if g), None) if m else None


def support_words(question: str, lexicon: Lexicon, language: str = "de", related: Related | None = None) -> list[str]:
    """The content words a passage must cover to answer: all but the asked kind's noun."""
    kind = asked_kind(question)
    rest = re.sub(rf"\b{re.escape(kind)}\b", " ", question) if kind else question
    return content_words(rest, lexicon, language, related)


def _strength(word: str, vocab: set[str]) -> float:
    """How fully a text holds a question word: 1 for the word itself, an inflection or a compound
    that contains it ("Kosten" in "Gesamtkosten"); ``PART`` when the text holds only a part of the
    question's compound ("Studie" for "Machbarkeitsstudie"); 0 when it holds neither."""
    if "|" in word:
        return max(_strength(alternative, vocab) for alternative in word.split("|"))
    if word in vocab:
        return 1.0
    if len(word) >= 4 and any(v.endswith(word) for v in vocab):
        return 1.0  # the head of a compound: "Kosten" in "Gesamtkosten"
    if len(word) < PREFIX:
        return 0.0
    if any(v.startswith(word[:PREFIX]) or (len(v) >= PREFIX and word in v) for v in vocab):
        return 1.0
    if len(word) > 6 and any(v in word and len(v) >= 5 for v in vocab):
        return PART
    return 0.0


def strengths(question_words: list[str], text: str) -> dict[str, float]:
    """The question words a text holds in some form (stem, inflection, compound part), each with
    how fully it holds it."""
    vocab = set(tokens(text))
    found = {w: _strength(w, vocab) for w in question_words}
    return {w: f for w, f in found.items() if f > 0}


def matched(question_words: list[str], text: str) -> set[str]:
    """The question words a text holds in some form (stem, inflection, compound part)."""
    return set(strengths(question_words, text))


def coverage(question_words: list[str], found: set[str]) -> float:
    """The share of the question words among those ``found`` (in a passage, its clause, ...)."""
    return sum(w in found for w in question_words) / len(question_words) if question_words else 0.0


def foreign_terms(question_words: list[str], vocabulary: Vocabulary) -> list[str]:
    """Substantive question words that no indexed document contains in any form.

    A question about "Opernhaus" or "Hundesteuer" over papers that never mention either is
    not answered by them, however similar the nearest passage looks. ``vocabulary`` holds the
    papers' BM25 stems; a word counts as present if a stem holds all but its last four letters
    (German inflection and compounds), at least five, or the papers hold its compound parts.
    """
    return [w for w in question_words if not any(_in_corpus(a, vocabulary) for a in w.split("|"))]


def _in_corpus(word: str, vocabulary: Vocabulary) -> bool:
    if len(word) < 6 or word.isdigit():
        return True  # too short to tell absence from a different form
    prefix = word[: max(PREFIX, len(word) - 4)]
    # its beginning, or the last part of a compound ("Landesprogramm" holds "programm")
    if vocabulary.starts_a_word(prefix) or vocabulary.in_a_word(prefix):
        return True
    return _split_in_corpus(word, vocabulary) or _modifier_in_corpus(word, vocabulary)


def _split_in_corpus(word: str, vocabulary: Vocabulary) -> bool:
    """A compound whose two parts the papers hold ("Förderantrag": "Förder…", "Antrag";
    "Vorlagennummer": "Vorlage", "…nummer" of "Sitzungsnummer")."""
    for cut in range(MIN_PART, len(word) - MIN_STEM_TAIL + 1):
        head, tail = word[:cut], word[cut:]
        heads = {head} | {head[: -len(link)] for link in _LINKS if head.endswith(link)}
        # The first part may itself end a compound of the papers ("Vorlage" in
        # "Informationsvorlage"), or be stemmed shorter there ("erzieh" for "erzieher").
        if not any(
            vocabulary.starts_a_word(h) or vocabulary.ends_a_word(h) or _has_shorter_stem(h, vocabulary)
            for h in heads
            if len(h) >= MIN_PART
        ):
            continue
        # A stemmed tail is short ("nummer" -> "numm"): that short, it must end a word of the papers.
        if vocabulary.ends_a_word(tail) or (len(tail) >= MIN_PART and vocabulary.starts_a_word(tail)):
            return True
    return False


def _modifier_in_corpus(word: str, vocabulary: Vocabulary) -> bool:
    """A compound whose specific first part the papers hold, in a word of their own
    ("Geschwindigkeitsbegrenzung": "Geschwindigkeit…" in "Höchstgeschwindigkeit"). The first
    part is what makes a compound specific; a head ("…steuer", "…haus") alone says little."""
    # Any longer first part holds the shortest one, so the shortest decides.
    return len(word) - MIN_STEM_TAIL >= MIN_MODIFIER and vocabulary.in_another_word(word[:MIN_MODIFIER], word)


def _has_shorter_stem(part: str, vocabulary: Vocabulary) -> bool:
    """A shorter stem of the same word: "erzieh" (of "Erzieherin") for "erzieher"."""
    return any(part[:-k] in vocabulary for k in range(1, 4) if len(part) - k >= MIN_PART)


_HOW_MANY = re.compile(
    r"\b(?i:wie\s*viele|wieviele|how\s+many)\s+((?:[\w-]+\s+){0,3}?)([A-ZÄÖÜ][\w-]*|[a-z]+s)\b(?=\W|$)"
)


def counted_noun(question: str, lexicon: Lexicon, language: str = "de", related: Related | None = None) -> str | None:
    """What a "wie viele X" / "how many X" question counts, as stems ("|"-joined alternatives,
    the papers' nouns of the same meaning among them)."""
    m = _HOW_MANY.search(question)
    if not m:
        return None
    noun = m.group(2)
    stems = tokens(noun.replace("-", ""))
    meant = list((related or {}).get(stems[-1], ())) if stems else []
    if language == "en":
        terms = lexicon.glossary.german_terms(noun)
        return "|".join([*tokens(terms[0]), *meant]) if terms else None
    return "|".join([stems[-1], *meant]) if stems else None


def counts(noun: str, text: str) -> bool:
    """Does the text speak of the counted thing itself, not of a compound that only starts with
    it ("Straßenbahnen" are not "Straßenbahnhaltestellen")? Its stem, a compound ending in it,
    or the head it ends in ("Fahrradanlehnbügel" are "Anlehnbügel")."""
    vocab = set(tokens(text)) | set(tokens(text.replace("-", "")))
    return any(
        v == n or (len(n) >= 4 and v.endswith(n)) or (len(v) >= 6 and n.endswith(v))
        for n in noun.split("|")
        for v in vocab
    )


def has_type(text: str, kind: AnswerType) -> bool:
    if kind == "money":
        return bool(_MONEY.search(text))
    if kind == "percent":
        return bool(_PERCENT.search(text))
    if kind == "number":
        # A quantity, not a year or a date ("2019", "1. April 2020", "10/2020").
        return bool(_NUMBER.search(_DATE_LIKE.sub(" ", text)))
    if kind == "date":
        return bool(_DATE.search(text))
    if kind == "person":
        return bool(_PERSON.search(text))
    if kind == "name":
        return bool(_NAME.search(text))
    if kind == "place":
        return bool(_PLACE.search(text))
    if kind == "reason":
        return bool(_REASON.search(text))
    return True
