"""What a question asks, as small pure functions: language, references, intent, answer type.

Each piece is testable on its own and none of them looks at the documents; matching the
references against what is indexed is the answerer's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from council_qa.ingest import papernumbers
from council_qa.ingest.clauses import ORDINALS
from council_qa.ingest.header import RESOLUTION_ID, resolution_id

Language = Literal["de", "en"]
Intent = Literal["status", "list", "metadata", "fact"]
Meta = Literal["date", "signed_by", "session", "next_review", "title"]
AnswerType = Literal["money", "percent", "number", "date", "person", "name", "place", "reason", "any"]

_DE = re.compile(
    r"\b(?:ist|sind|der|die|das|und|wird|wurde|wann|wie|welche[rsnm]?|was|wer|seit|gibt|es|"
    r"punkt|beschlusspunkt|ziffer|erfüllt|umgesetzt|noch|nicht|zu|zur|zum|mit|für|von|im|ein|eine)\b"
    r"|[äöüß]",
    re.IGNORECASE,
)
_EN = re.compile(
    r"\b(?:is|are|the|which|what|when|who|how|clause|has|have|been|of|and|does|did|do|"
    r"fulfilled|implemented|still|open|about|there|any|many|much|since|point|item|was|were|"
    r"signed|date|next|review)\b",
    re.IGNORECASE,
)
# Points as the numbering styles of formats.md name them, in the labels ``ingest.clauses`` gives:
# "Ziffer 1.1" → 1.1, "Ziffer II" → II, "Buchstabe a)" → a, "b) 1." → b1, "ersten Spiegelstrich" → bullet-1.
_OTHER_CLAUSE = re.compile(
    r"\b(?:Beschlusspunkte?s?|Punkte?s?|Ziffer|Nummer|Nr\.|clauses?|items?|points?)\s*"
    r"(?:(?P<n>\d{1,2})\.(?P<sub>\d{1,2})\b|(?P<roman>[IVX]{1,4})\b(?![.-]?\d))"
    r"|\b(?:Buchstaben?|Buchst\.|letter)\s*(?P<letter>[a-h])\)?(?:\s*(?P<lsub>\d)\.)?"
    r"|(?<!\w)(?P<letter2>[a-h])\)\s*(?P<lsub2>\d)\."
    rf"|\b(?P<ord>{'|'.join(ORDINALS)})e[nrs]?\s+(?:Spiegelstrich|Aufzählungspunkt)",
    re.IGNORECASE,
)
_CLAUSE = re.compile(
    r"(?:\b(?:Beschlusspunkte?s?|Punkte?s?|Ziffer|Nummer|Nr\.|clauses?|items?|points?|paragraph)"
    r"\s*(?P<n1>\d{1,2})(?:\s*\.?\s*(?P<l1>[a-h])\b)?)"
    r"|(?:\b(?P<n2>\d{1,2})\s?\.?\s?(?P<l2>[a-h])\b)",
    re.IGNORECASE,
)
_STATUS_WORDS = re.compile(
    r"erfüllt|umgesetzt|erledigt|status|stand|sachstand|abgeschlossen|fulfil+ed|implemented|"
    r"wie steht es|wie weit|how far|"
    r"done|complete|completed|carried out|met\b|bearbeitung|progress",
    re.IGNORECASE,
)
# "Has the board required by clause 3 been set up?", "What became of clause 3?": asked of a
# clause, a yes/no question or "what became of" asks for its status.
_YES_NO = re.compile(
    r"^\s*(?:ist|sind|wurde|wurden|hat|haben|has|have|is|are|was|were|did|does)\b"
    r"|\bwhat became of\b|\bwhat happened\b|\bwas ist aus\b|\bwas wurde aus\b",
    re.IGNORECASE,
)
_LIST = re.compile(
    r"\b(?:welche|which|what|list|alle|all)\b[^?]*\b(?:beschlusspunkte|punkte|ziffern|clauses|items|points)\b"
    r"|\b(?:beschlusspunkte|clauses)\b[^?]*\b(?:offen|open|noch nicht|not yet|outstanding|ausstehend|unerledigt)\b",
    re.IGNORECASE,
)
_OPEN = re.compile(r"offen|open|noch nicht|not yet|outstanding|ausstehend|unerledigt|pending|remain", re.I)
_NOT_FULFILLED = re.compile(r"nicht (?:erfüllt|umgesetzt)|not (?:been )?(?:fulfil+ed|implemented)|unfulfil+ed", re.I)
_FULFILLED = re.compile(r"erfüllt|umgesetzt|fulfil+ed|implemented|done|completed", re.I)
_META: tuple[tuple[Meta, re.Pattern[str]], ...] = (
    # "den nächsten Sachstand", "wann wird wieder berichtet": the next report on the resolution,
    # not a report a clause orders ("der nächste Radverkehrsbericht" is one word, not "Bericht").
    ("next_review", re.compile(r"nächste\w*\s+(?:beschluss)?kontrolle|nächste\w*\s+(?:sachstand\w*|zwischenbericht|bericht|information)\b(?!\s+(?:über|zur?|zum)\s+(?!(?:(?:diese[mnr]?|de[mnr]|die)\s+)?(?:beschluss|vorlage|antrag|drucksache)))|wann\s+(?:wird|gibt\s+es)\s+(?:wieder|erneut|das nächste mal)\s+(?:berichtet|informiert|einen?\s+\w*bericht|einen?\s+sachstand)|(?:das\s+)?nächste\s+mal\b[^?]*\b(?:bericht\w*|informier\w*|sachstand\w*)|next\s+(?:\w+\s+)?(?:review|check|control|report|update)|wiedervorlage", re.I)),
    ("signed_by", re.compile(r"unterschrieben|unterzeichnet|signiert|gezeichnet|\bzeichnet\b|unterschrift|signature|signed|signator|wer hat .*(?:verfasst|geschrieben)|von wem (?:stammt|kommt|ist)|who (?:wrote|issued|sent)|absender", re.I)),
    ("session", re.compile(r"sitzungsnummer|session(?:\s+number)?|sitzung", re.I)),
    ("date", re.compile(r"von wann stammt|(?:von|an) welchem (?:tag|datum) (?:ist|stammt|wurde) (?:das|die|der|dieses|diese|dieser)\b|von wann ist (?:das|die|der|dieses|diese|dieser) (?:\w+ )?(?:schreiben|memo|bericht|beschlusskontrolle|information|mitteilung|sachstand\w*|papier|dokument)|wann (?:wurde|ist) (?:das|die|der) (?:schreiben|bericht|information|mitteilung|sachstandsbericht) (?:\w+ )?(?:verfasst|erstellt|geschrieben|datiert|verschickt)|when was (?:the|this) (?:memo|report|letter|update) (?:written|issued|sent|dated)|(?:welches|what|which)\s+datum|datum\s+(?:trägt|hat)|date\s+of|dated|\bdate\b|wann\s+(?:wurde|ist)\s+(?:die|diese)\s+beschlusskontrolle", re.I)),
    # "Worum geht es in der Vorlage 0412/2021?": what a paper is about is what its title says
    ("title", re.compile(r"\btitel\b|\btitle\b|\bbetreff\b|wie (?:heißt|lautet) (?:der|die|das) (?:beschluss|vorlage|antrag|drucksache)|worum geht es (?:in|bei) (?:der|dem|den) (?:\w+vorlage|vorlage|drucksache|antrag|anfrage|mitteilung|beschluss)|what is (?:the )?(?:resolution|proposal|motion|paper) \S+ about", re.I)),
)  # fmt: skip
_TYPE: tuple[tuple[AnswerType, re.Pattern[str]], ...] = (
    ("money", re.compile(r"\b(?:wie\s*viel|wie\s+hoch|how\s+much)\b[^?]*?(?:\w*(?:kosten|kostet|mittel|budget|geld|betrag|summe)\w*|\b(?:ausgegeben|verausgabt|investiert|gezahlt|euro|cost\w*|spent|paid|invested|money|funding)\b)|\bwas\s+kostet\b|\bwas\s+(?:wird|würde|soll|sollen|werden)\b[^?]*\bkosten\b|\bwhat (?:did|does|do|will) [^?]* (?:cost|pay|spend)\b|\bwhat (?:is|was|were|are) the (?:total )?costs?\b", re.I)),
    ("percent", re.compile(r"\b(?:wie\s*viel|welche[nmr]?)\s+(?:prozent|anteil|quote|satz)\b|\bwie\s+hoch\s+(?:ist|war|sind|waren|lag|liegt)\s+(?:der|die)\s+\w*(?:anteil|quote)\b|\bzu welchem (?:anteil|satz|prozentsatz)\b|\b(?:what|which)\s+(?:rate|share|percentage|proportion)\b", re.I)),
    ("number", re.compile(r"\bwie\s*viele|\bwie\s*viel\b|\bwie\s+hoch|\bwieviel|\bhow\s+(?:many|much)|\banzahl\b|\bnumber of\b", re.I)),
    ("date", re.compile(r"\bwann\b|\bseit wann|\bbis wann|\bwhen\b|\bsince when|\bwhat year|\bwelchem jahr|\bab wann", re.I)),
    ("reason", re.compile(r"^\s*(?:(?:und|and|but|aber)\s+)?(?:warum|weshalb|wieso|why)\b|\baus welchem grund\b|\bfor what reason\b", re.I)),
    ("place", re.compile(r"^\s*(?:wo|where)\b|\b(?:auf|in|an) welche[mr]? (?:gebäude|ort|stadtteil|standort|straße)\b|\bin which (?:district|building|street|place)\b|\bon which building\b", re.I)),
    ("person", re.compile(r"^\s*(?:wer|who)\s+(?:ist|war|is|was)\b(?!\s+(?:zuständig|verantwortlich|responsible|in charge))", re.I)),
    ("name", re.compile(r"^\s*(?:wer|who)\b|\bwelche[rsm]?\s+(?:\w+\s+)?(?:krankenkassen?|träger|firma|firmen|unternehmen|organisation|verein|verband|büro|institution|dienstleister|anbieter|betreiber|partner)\b|\b(?:which|what)\s+(?:\w+\s+)?(?:insurers?|compan(?:y|ies)|firms?|organi[sz]ations?|offices?|authorit(?:y|ies)|contractors?|providers?|operators?|bod(?:y|ies)|institutions?|associations?|partners?|agenc(?:y|ies))\b", re.I)),
)  # fmt: skip


@dataclass(frozen=True)
class Question:
    text: str
    language: Language
    resolution: str | None
    clause: str | None
    intent: Intent
    meta: Meta | None = None
    list_filter: Literal["open", "not_fulfilled", "fulfilled", "all"] | None = None
    answer_type: AnswerType = "any"
    is_fragment: bool = False
    follows: bool = False  # continues the last turn: its paper and clause are meant ("Und Punkt 3?", "Warum?")

    def with_context(self, resolution: str | None, intent: Intent | None) -> Question:
        return replace(self, resolution=self.resolution or resolution, intent=intent or self.intent)


def language(text: str) -> Language:
    de, en = len(_DE.findall(text)), len(_EN.findall(text))
    return "en" if en > de else "de"


def resolution_ref(text: str) -> str | None:
    """The paper number the question names, as typed (the answerer looks it up loosely)."""
    found = papernumbers.find_all(text)
    if found:
        return found[0].number
    m = RESOLUTION_ID.search(re.sub(r"(?<=\d)-(?=\d{2}\b)", "/", text))
    return resolution_id(m) if m else None


def _without_numbers(text: str) -> str:
    """The question with the paper numbers it names blanked out: "Punkt 1 der 0317/2024" names clause 1."""
    for found in reversed(papernumbers.find_all(text)):
        text = text[: found.start] + " " + text[found.end :]
    return text


def clause_ref(text: str) -> str | None:
    cleaned = RESOLUTION_ID.sub(" ", _without_numbers(text))
    cleaned = re.sub(
        r"\b\d{1,2}\.\s*(?:Quartal|Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)\b",
        " ",
        cleaned,
    )
    if other := _OTHER_CLAUSE.search(cleaned):
        return _other_label(other)
    for m in _CLAUSE.finditer(cleaned):
        number = m.group("n1") or m.group("n2")
        letter = m.group("l1") or m.group("l2") or ""
        if m.group("n2") and not letter:
            continue
        return f"{int(number)}{letter.lower()}"
    return None


def _other_label(m: re.Match[str]) -> str:
    if m.group("n"):
        return f"{int(m.group('n'))}.{int(m.group('sub'))}"
    if m.group("roman"):
        return m.group("roman").upper()
    if m.group("ord"):
        return f"bullet-{ORDINALS.index(m.group('ord').lower()) + 1}"
    letter = (m.group("letter") or m.group("letter2")).lower()
    return letter + (m.group("lsub") or m.group("lsub2") or "")


def _list_filter(text: str) -> Literal["open", "not_fulfilled", "fulfilled", "all"]:
    if _NOT_FULFILLED.search(text):
        return "not_fulfilled"
    if _OPEN.search(text):
        return "open"
    if _FULFILLED.search(text):
        return "fulfilled"
    return "all"


def asks_status(text: str) -> bool:
    """Does the question ask how far something is done ("Wie steht es um ...", "status"), or
    ask yes or no about it ("Gibt es inzwischen ...?", "Did the city ... yet?")? Of a
    resolution's subject, a yes/no question asks whether what was decided has been done;
    whether it was decided ("Wurde ... beschlossen?") is asked of the decision, not of its
    implementation."""
    return bool(_STATUS_WORDS.search(text)) or (is_yes_no(text) and not asks_decision(text))


# The decision itself: how the council voted, whether it passed, changed or rejected a paper.
_DECISION_ASKED = re.compile(
    r"\b(?:beschlossen|abgelehnt|angenommen|abgestimmt|verabschiedet|zugestimmt|vertagt|"
    r"beschließt|stimmte\w*|decided|adopted|approved|rejected|passed|voted|vote)\b",
    re.IGNORECASE,
)


def asks_decision(text: str) -> bool:
    """Does the question ask about the council's decision (passed, rejected, the vote)? Only
    its last part asks: "Der Rat hat X angenommen – wird Y jetzt gebaut?" asks about Y."""
    return bool(_DECISION_ASKED.search(_ASKING_PART.split(text)[-1]))


_ASKING_PART = re.compile(r"\s[–—-]\s|;|:\s")


# Interrogatives: a question that opens with one (after at most a preposition or a particle:
# "Bis wann", "Und warum", "Mit welchen Kosten") asks for a fact, not yes or no.
_INTERROGATIVE = re.compile(
    r"^(?:wer|wen|wem|wessen|was|wann|wo|wor?\w+|wie\w*|welche[rsnm]?|warum|weshalb|wieso|weswegen|"
    r"who|whom|whose|what|when|where|which|why|how)$",
    re.IGNORECASE,
)
_OPENING_WORDS = 3


def is_yes_no(text: str) -> bool:
    """A question answered by yes or no: no interrogative among its first words, and a
    question mark or an opening verb form ("Ist", "Has") to show it is a question."""
    words = re.findall(r"[^\W\d_]+", text)[:_OPENING_WORDS]
    if not words or any(_INTERROGATIVE.match(w) for w in words):
        return False
    return text.rstrip().endswith("?") or bool(_YES_NO.search(text))


def answer_type(text: str) -> AnswerType:
    return next((kind for kind, pattern in _TYPE if pattern.search(text)), "any")


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def parse(text: str) -> Question:
    lang = language(text)
    resolution = resolution_ref(text)
    clause = clause_ref(text)
    meta = next((name for name, pattern in _META if pattern.search(text)), None)
    kind = answer_type(text)
    fragment = clause is not None and len(_words(text)) <= 6 and not _STATUS_WORDS.search(text)
    if _LIST.search(text) and clause is None:
        return Question(text, lang, resolution, None, "list", list_filter=_list_filter(text))
    if meta and clause is None:
        return Question(text, lang, resolution, None, "metadata", meta=meta)
    if (
        clause is not None
        and not asks_decision(text)
        and (_STATUS_WORDS.search(text) or fragment or _YES_NO.search(text))
    ):
        return Question(text, lang, resolution, clause, "status", answer_type=kind, is_fragment=fragment)
    return Question(text, lang, resolution, clause, "fact", answer_type=kind)
