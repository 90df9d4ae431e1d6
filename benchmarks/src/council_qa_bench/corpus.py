"""A seeded synthetic German council corpus with planted gold passages.

Two kinds of document, both as a clerk's text file would look:

* Beschlusskontrolle memos: letterhead, resolution number and session, a salutation, the
  numbered clauses (the resolution's words in quotes, a report, a verdict), page markers,
  the date of the next review and a signature;
* concept papers: numbered sections ("2.1 Handlungsfeld ...") of factual prose.

Sentences come from templates whose slots are filled from topic vocabularies (``vocab``),
so neighbouring documents share words the way real ones do. Planted facts name a place
that no other document names; their questions paraphrase them (synonyms, other verbs,
some in English), and a chunk answers a question when it holds the question's ``marker``.
Every document is built from its own seeded generator, so the gold documents (and their
chunks) are the same at every corpus size.

Chunk counts are planned, not measured: header, clauses and closing of a memo and each
section of a concept paper are kept under the chunker's window, so each is one chunk.
"""

from __future__ import annotations

import json
import logging
import random
import textwrap
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

from council_qa.types import RawDocument, Status

from council_qa_bench import vocab
from council_qa_bench.vocab import Topic

log = logging.getLogger(__name__)

QuestionKind = Literal["fact", "fact_en", "status"]
MAX_SECTION_CHARS = 1000  # below the chunker's 1200-character window, prefix included
FACTS_PER_GOLD_DOC = 3
MEMO_SHARE = 0.7
INTERNAL_SHARE = 0.1


@dataclass(frozen=True)
class BenchQuestion:
    qid: str
    text: str
    kind: QuestionKind
    marker: str  # a chunk whose text holds this string answers the question
    expected: str  # a fact's value, or the clause's status


@dataclass(frozen=True)
class Fact:
    sentence: str
    questions_de: tuple[str, ...]
    question_en: str
    value: str


@dataclass
class _Clause:
    label: str
    resolution_text: str
    report: list[str]
    status: Status


@dataclass
class _Memo:
    resolution: str
    clauses: list[_Clause] = field(default_factory=list)


@dataclass(frozen=True)
class Corpus:
    documents: list[RawDocument]
    questions: list[BenchQuestion]
    planned_chunks: int

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / "corpus.jsonl", "w", encoding="utf-8") as fh:
            for d in self.documents:
                fh.write(json.dumps({"source": d.source, "text": d.text}, ensure_ascii=False) + "\n")
        save_questions(self.questions, folder / "questions.jsonl")
        (folder / "corpus.json").write_text(
            json.dumps({"documents": len(self.documents), "planned_chunks": self.planned_chunks}), encoding="utf-8"
        )


def save_questions(questions: list[BenchQuestion], path: Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for q in questions:
            fh.write(json.dumps(asdict(q), ensure_ascii=False) + "\n")


def load_questions(path: Path) -> list[BenchQuestion]:
    with open(path, encoding="utf-8") as fh:
        return [BenchQuestion(**json.loads(line)) for line in fh if line.strip()]


def iter_documents(path: Path) -> Iterator[RawDocument]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                yield RawDocument(source=d["source"], text=d["text"])


# --- small helpers -----------------------------------------------------------------------


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _num(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _money(rng: random.Random, low: int = 3, high: int = 250) -> tuple[float, str]:
    value = rng.randint(low, high) / 10
    return value, f"{value:.1f}".replace(".", ",")


def _date(rng: random.Random, year: int, numeric: bool | None = None) -> str:
    day, month = rng.randint(1, 28), rng.randint(1, 12)
    if numeric if numeric is not None else rng.random() < 0.3:
        return f"{day:02d}.{month:02d}.{year}"
    return f"{day}. {vocab.MONTHS[month - 1]} {year}"


def _person(rng: random.Random) -> tuple[str, str, str]:
    """(first, last, title) with title 'Frau' or 'Herr' from the first name."""
    first = rng.choice(vocab.FIRST_NAMES)
    female = vocab.FIRST_NAMES.index(first) < 12
    return first, rng.choice(vocab.LAST_NAMES), "Frau" if female else "Herr"


def _firm(rng: random.Random) -> str:
    return rng.choice(vocab.FIRM_FORMS).format(last=rng.choice(vocab.LAST_NAMES))


def _wrap(paragraph: str, width: int = 92) -> str:
    return textwrap.fill(paragraph, width=width, break_on_hyphens=False, break_long_words=False)


# --- facts: the sentences questions are asked about ---------------------------------------


def make_fact(rng: random.Random, topic: Topic, place: str, year: int) -> Fact:
    kind = rng.choice(("count", "cost", "opened", "firm", "delay", "lead", "hints"))
    fac = rng.choice(topic.facilities)
    name, syn = fac.name, fac.synonym
    if kind == "count":
        item = rng.choice(topic.items)
        n = _num(rng.randint(12, 1900))
        where = rng.choice((f"Im Ortsteil {place}", f"Am Standort {place}", f"In {place}"))
        sentence = f"{where} wurden bis zum {_date(rng, year)} insgesamt {n} {item.plural} {item.participle}."
        qs: tuple[str, ...] = (
            f"Wie viele {item.synonym} wurden in {place} {item.participle}?",
            f"Wie viele {item.synonym} gibt es inzwischen in {place}?",
            f"Wie groß ist die Zahl der {item.synonym}, die bisher in {place} {item.participle} wurden?",
        )
        return Fact(sentence, qs, f"How many {item.en} have been {item.en_participle} in {place}?", n)
    if kind == "cost":
        total, total_s = _money(rng, 10, 250)
        _, part_s = _money(rng, 3, max(4, int(total * 10) - 1))
        funder = rng.choice(vocab.FUNDERS)
        sentence = (
            f"Die Kosten für {name.acc()} in {place} beliefen sich auf {total_s} Mio. EUR, "
            f"davon {part_s} Mio. EUR aus Fördermitteln des {funder}."
        )
        qs = (
            f"Wie hoch waren die Kosten für {syn.acc()} in {place}?",
            f"Was hat {syn.nom()} in {place} gekostet?",
            f"Wie viel Geld wurde für {syn.acc()} in {place} ausgegeben?",
        )
        return Fact(sentence, qs, f"How much did the {fac.en} in {place} cost?", f"{total_s} Mio. EUR")
    if kind == "opened":
        when = _date(rng, year)
        sentence = f"{_cap(name.nom())} in {place} wurde am {when} in Betrieb genommen."
        qs = (f"Wann wurde {syn.nom()} in {place} eröffnet?", f"Seit wann ist {syn.nom()} in {place} in Betrieb?")
        return Fact(sentence, qs, f"When did the {fac.en} in {place} open?", when)
    if kind == "firm":
        firm = _firm(rng)
        sentence = f"Mit der Planung {name.gen()} in {place} wurde das Büro {firm} beauftragt."
        qs = (
            f"Welches Büro plant {syn.acc()} in {place}?",
            f"Wer wurde mit der Planung {syn.gen()} in {place} beauftragt?",
        )
        return Fact(sentence, qs, f"Which firm was commissioned to plan the {fac.en} in {place}?", firm)
    if kind == "delay":
        reason = rng.choice(vocab.REASONS)
        sentence = (
            f"Der Bau {name.gen()} in {place} verzögert sich wegen {reason}; der Baubeginn ist nun "
            f"für das {rng.randint(1, 4)}. Quartal {year + 1} vorgesehen."
        )
        qs = (
            f"Warum verzögert sich der Bau {syn.gen()} in {place}?",
            f"Wann soll der Bau {syn.gen()} in {place} beginnen?",
        )
        return Fact(sentence, qs, f"Why is the construction of the {fac.en} in {place} delayed?", reason)
    if kind == "lead":
        first, last, title = _person(rng)
        title = "Frau" if title == "Frau" else "Herrn"
        sentence = (
            f"{_cap(name.nom())} in {place} wird seit dem {_date(rng, year)} von {title} {first} {last} geleitet."
        )
        qs = (f"Wer leitet {syn.acc()} in {place}?", f"Wer ist für {syn.acc()} in {place} verantwortlich?")
        return Fact(sentence, qs, f"Who has been running the {fac.en} in {place}?", f"{first} {last}")
    n = _num(rng.randint(15, 900))
    sentence = f"In der Bürgerbeteiligung zu {name.dat()} in {place} gingen {n} Hinweise ein."
    qs = (
        f"Wie viele Hinweise gab es in der Bürgerbeteiligung zu {syn.dat()} in {place}?",
        f"Wie viele Anregungen kamen von den Bürgern zu {syn.dat()} in {place}?",
    )
    return Fact(sentence, qs, f"How many comments did residents submit on the {fac.en} in {place}?", n)


def _report_sentence(rng: random.Random, topic: Topic, places: list[str], year: int) -> str:
    item = rng.choice(topic.items)
    fac = rng.choice(topic.facilities)
    choice = rng.randrange(13)
    if choice < 3:
        return make_fact(rng, topic, rng.choice(places), year).sentence
    if choice == 3:
        _, a = _money(rng)
        return f"Für die Jahre {year - 1} und {year} wurden hierfür {a} Mio. EUR verausgabt."
    if choice == 4:
        share = rng.choice((50, 60, 65, 75, 80, 90))
        return f"Die Maßnahme wird zu {share} Prozent aus Mitteln des {rng.choice(vocab.FUNDERS)} gefördert."
    if choice == 5:
        return f"Die Ausschreibung der Leistungen erfolgt im {rng.choice(vocab.MONTHS)} {year}."
    if choice == 6:
        return (
            f"In Abstimmung mit {rng.choice(topic.partners)} wurden die Standorte für weitere "
            f"{rng.randint(5, 400)} {item.plural} festgelegt."
        )
    if choice == 7:
        return f"Das Ergebnis wurde am {_date(rng, year)} im Fachausschuss {rng.choice(vocab.COMMITTEES)} vorgestellt."
    if choice == 8:
        return (
            f"Eine Machbarkeitsstudie wurde im {rng.choice(vocab.MONTHS)} {year - 1} an das Büro {_firm(rng)} vergeben."
        )
    if choice == 9:
        return (
            f"Der Bericht für das Jahr {year - 1} wird derzeit erarbeitet und soll im "
            f"{rng.choice(vocab.MONTHS)} {year} vorgelegt werden."
        )
    if choice == 10:
        return f"Die Verwaltung prüft derzeit, ob {fac.name.nom()} in {rng.choice(places)} erweitert werden kann."
    if choice == 11:
        first, last, title = _person(rng)
        title = "Frau" if title == "Frau" else "Herrn"
        return f"Die zuständige Stelle ist seit dem {_date(rng, year - 1)} mit {title} {first} {last} besetzt."
    return (
        f"Bisher wurden {rng.randint(5, 900)} {item.plural} {item.participle}; weitere sollen bis Ende "
        f"{year + 1} folgen."
    )


_BODY_DATIVE = {
    "Ratsversammlung": "der Ratsversammlung",
    "Stadtrat": "dem Stadtrat",
    "Stadtverordnetenversammlung": "der Stadtverordnetenversammlung",
}


def _resolution_text(rng: random.Random, topic: Topic, places: list[str], body: str, year: int) -> str:
    item = rng.choice(topic.items)
    fac = rng.choice(topic.facilities)
    choice = rng.randrange(7)
    if choice == 0:
        head = rng.choice(("Der Oberbürgermeister", "Die Oberbürgermeisterin", "Die Verwaltung"))
        n = rng.randint(20, 2000)
        return f"{head} wird beauftragt, bis zum Jahr {year + 3} mindestens {n} {item.plural} {item.infinitive}."
    if choice == 1:
        when, where = _date(rng, year + 1), rng.choice(places)
        return f"Die Verwaltung erstellt bis zum {when} ein Konzept für {fac.name.acc()} in {where}."
    if choice == 2:
        return f"{_cap(_BODY_DATIVE[body])} ist jährlich ein Bericht über den Stand der Umsetzung vorzulegen."
    if choice == 3:
        return f"Für die Finanzierung der Maßnahmen sind Fördermittel des {rng.choice(vocab.FUNDERS)} zu beantragen."
    if choice == 4:
        return (
            f"Es ist zu prüfen, ob {fac.name.nom()} in {rng.choice(places)} errichtet werden kann. "
            f"Das Ergebnis ist {_BODY_DATIVE[body]} bis zum {_date(rng, year + 1)} vorzulegen."
        )
    if choice == 5:
        return (
            f"{_cap(fac.name.nom())} in {rng.choice(places)} ist bis {year + 2} zu sanieren und barrierefrei umzubauen."
        )
    partner, goal = rng.choice(topic.partners), rng.choice(topic.goals)
    return f"Gemeinsam mit {partner} ist ein Programm zur Erhöhung des Anteils {goal} aufzulegen."


_VERDICTS: dict[Status, tuple[str, ...]] = {
    "fulfilled": (
        "Der Beschlusspunkt ist erfüllt.",
        "Der Beschlusspunkt ist somit umgesetzt.",
        "Der Beschlusspunkt ist damit erfüllt.",
    ),
    "partially_fulfilled": ("Der Beschlusspunkt ist teilweise erfüllt.",),
    "in_progress": ("Der Beschlusspunkt befindet sich in Bearbeitung.",),
    "not_fulfilled": ("Der Beschlusspunkt ist nicht erfüllt.",),
    "obsolete": ("Der Beschlusspunkt hat sich erledigt.",),
}
_STATUS_WEIGHTS: tuple[tuple[Status, float], ...] = (
    ("fulfilled", 0.45), ("partially_fulfilled", 0.15), ("in_progress", 0.25),
    ("not_fulfilled", 0.1), ("obsolete", 0.05),
)  # fmt: skip


def _labels(rng: random.Random, count: int) -> list[str]:
    labels: list[str] = []
    number = 1
    while len(labels) < count:
        labels.append(str(number))
        if rng.random() < 0.2 and len(labels) < count - 1:
            labels.extend(f"{number}{letter}" for letter in "ab"[: rng.randint(1, 2)])
        number += 1
    return labels[:count]


def _resolution_id(serial: int) -> tuple[str, int]:
    """A distinct resolution number per serial, and its year."""
    prefix = ("V", "A", "DS")[serial % 3]
    k = serial // 3
    year = 2010 + (k // 9000) % 15
    return f"{prefix}{1000 + (k * 7919) % 9000}/{year % 100:02d}", year


# --- documents ----------------------------------------------------------------------------


def _fit(rng: random.Random, fixed: list[str], extra: Iterator[str], budget: int, at_least: int = 1) -> list[str]:
    """``fixed`` sentences plus as many ``extra`` as fit in ``budget`` characters."""
    out = list(fixed)
    size = sum(len(s) + 1 for s in out)
    for sentence in extra:
        if size + len(sentence) + 1 > budget and len(out) >= at_least:
            break
        out.insert(rng.randint(0, len(out)), sentence)
        size += len(sentence) + 1
    return out


def memo(rng: random.Random, serial: int, places: list[str], facts: list[Fact]) -> tuple[RawDocument, _Memo, int]:
    """A Beschlusskontrolle memo; ``facts`` go into distinct clauses' reports."""
    topic = rng.choice(vocab.TOPICS)
    city = rng.choice(vocab.CITIES)
    resolution, res_year = _resolution_id(serial)
    year = res_year + rng.randint(1, 3)
    body = rng.choice(vocab.BODIES)
    first, last, _ = _person(rng)
    n_clauses = max(rng.randint(4, 8), len(facts))
    labels = _labels(rng, n_clauses)
    fact_at = dict(zip(rng.sample(range(n_clauses), len(facts)), facts, strict=True))
    record = _Memo(resolution)
    parts: list[str] = []
    internal = rng.random() < INTERNAL_SHARE
    title = rng.choice(topic.titles).format(city=city, y1=res_year, y2=res_year + 10)
    head = [
        f"Stadt {city}",
        rng.choice(vocab.HEADER_ROLES),
        topic.department,
        "",
        *(["☒ vertraulich", ""] if internal else []),
        rng.choice(vocab.DOC_TYPES),
        "",
        rng.choice(vocab.ADDRESSEES),
        f"der Stadt {city}",
        "",
        f"Unser Zeichen: {rng.randint(10, 99)}/{rng.choice('ABCDEFGHK')}{rng.randint(1, 9)}-{year}",
        "Datum:",
        "",
        _date(rng, year).upper() if rng.random() < 0.5 else _date(rng, year, numeric=True),
        "",
        f"Beschlusskontrolle zu {resolution} (Sitzungsnummer: SR/{rng.randint(1, 120):03d}/{res_year})",
        title,
        "",
        "Sehr geehrte Damen und Herren,",
        "",
        _wrap(
            f"zu dem oben genannten Beschluss der {body} vom {_date(rng, res_year, numeric=False)} kann folgender "
            "Sachstand mitgeteilt werden:"
        ),
        "",
    ]
    parts.append("\n".join(head))
    page = 1
    for i, label in enumerate(labels):
        res_text = _resolution_text(rng, topic, places, body, year)
        status: Status = rng.choices([s for s, _ in _STATUS_WEIGHTS], [w for _, w in _STATUS_WEIGHTS])[0]
        fixed = [fact_at[i].sentence] if i in fact_at else []
        budget = rng.randint(300, MAX_SECTION_CHARS - 200) - len(res_text)
        extra = (_report_sentence(rng, topic, places, year) for _ in range(6))
        report = _fit(rng, fixed, extra, budget, at_least=2)
        report.append(rng.choice(_VERDICTS[status]))
        record.clauses.append(_Clause(label, res_text, report, status))
        parts.append(_wrap(f"{label}. „{res_text}“") + "\n" + _wrap(" ".join(report[:-1])) + "\n" + report[-1] + "\n")
        if i % 3 == 2 and i < len(labels) - 1:
            page += 1
            parts.append(f"- {page} -\n")
    signer_role = rng.choice(vocab.ROLES)
    parts.append(
        f"nächste Beschlusskontrolle: {_date(rng, year + 1)}\n\n"
        f"Mit freundlichen Grüßen\n\n{first} {last}\n{signer_role}\n"
    )
    text = "\n".join(parts)
    slug = topic.key.capitalize()
    day = f"{year}-{serial % 12 + 1:02d}-{serial % 28 + 1:02d}"
    source = f"{day}_Beschlusskontrolle_{resolution.replace('/', '-')}_{slug}.txt"
    return RawDocument(source=source, text=text), record, len(labels) + 2


def concept(rng: random.Random, serial: int, places: list[str], facts: list[Fact]) -> tuple[RawDocument, int]:
    """A concept paper with numbered sections; ``facts`` go into distinct sections."""
    topic = rng.choice(vocab.TOPICS)
    city = rng.choice(vocab.CITIES)
    year = 2012 + serial % 12
    title = rng.choice(topic.concept_titles).format(city=city, y1=year, y2=year + 10)
    fields = rng.sample(topic.fields, k=rng.randint(2, len(topic.fields)))
    headings = ["1. Ausgangslage", "2. Ziele", *(f"2.{i + 1} Handlungsfeld {f}" for i, f in enumerate(fields)),
                "3. Maßnahmen", "4. Finanzierung", "5. Umsetzung und Zeitplan"]  # fmt: skip
    if len(headings) < len(facts):
        headings.extend(f"{6 + i}. Ergänzende Maßnahmen {i + 1}" for i in range(len(facts) - len(headings)))
    fact_at = dict(zip(rng.sample(range(len(headings)), len(facts)), facts, strict=True))
    parts = [
        f"Stadt {city}\n{topic.department}\n{topic.office}\n\n{title}\n"
        f"Konzept der Verwaltung, Stand: {_date(rng, year)}\n"
    ]
    for i, heading in enumerate(headings):
        fixed = [fact_at[i].sentence] if i in fact_at else []
        extra = (_concept_sentence(rng, topic, city, places, year) for _ in range(7))
        sentences = _fit(
            rng, fixed, extra, rng.randint(400, MAX_SECTION_CHARS - 100) - len(heading) * 2 - 10, at_least=2
        )
        parts.append(f"{heading}\n{_wrap(' '.join(sentences))}\n")
        if i in (2, 5) and i < len(headings) - 1:
            parts.append(f"- {2 if i == 2 else 3} -\n")
    source = f"{year}-{serial % 12 + 1:02d}-01_Konzept_{topic.key}_{serial:06d}.txt"
    return RawDocument(source=source, text="\n".join(parts)), len(headings) + 1


def _concept_sentence(rng: random.Random, topic: Topic, city: str, places: list[str], year: int) -> str:
    choice = rng.randrange(9)
    if choice < 3:
        return make_fact(rng, topic, rng.choice(places), year).sentence
    if choice == 3:
        people = _num(rng.randint(40, 600) * 1000)
        return f"Im Jahr {year - 1} lebten in {city} rund {people} Einwohnerinnen und Einwohner."
    if choice == 4:
        p = rng.randint(5, 40)
        return (
            f"Der Anteil {rng.choice(topic.goals)} lag zuletzt bei {p} Prozent und soll bis "
            f"{year + 8} auf {p + rng.randint(5, 30)} Prozent steigen."
        )
    if choice == 5:
        _, m = _money(rng, 10, 900)
        return (
            f"Das Handlungsfeld umfasst {rng.randint(3, 25)} Einzelmaßnahmen mit einem Gesamtvolumen von {m} Mio. EUR."
        )
    if choice == 6:
        return f"Die Umsetzung erfolgt gemeinsam mit {rng.choice(topic.partners)} und wird jährlich ausgewertet."
    if choice == 7:
        fac = rng.choice(topic.facilities)
        return f"Für {fac.name.acc()} in {rng.choice(places)} wird bis {year + 2} ein Standortgutachten erstellt."
    return f"Eine Evaluation der Maßnahmen ist für das Jahr {year + 4} vorgesehen."


# --- the corpus ---------------------------------------------------------------------------


def _places(seed: int, gold: int) -> tuple[list[str], list[str]]:
    names = [h + t for h in vocab.PLACE_HEADS for t in vocab.PLACE_TAILS]
    random.Random(f"{seed}:places").shuffle(names)
    if gold > len(names) // 2:
        raise ValueError(f"at most {len(names) // 2} planted facts (questions) are supported, not {gold}")
    return names[:gold], names[gold:]


def question_mix(n: int) -> tuple[int, int, int]:
    """(German fact, English fact, status) question counts for ``n`` questions."""
    fact = round(n * 0.7)
    english = fact // 7
    return fact - english, english, n - fact


def generate(chunks: int, questions: int = 200, seed: int = 7) -> Corpus:
    """About ``chunks`` chunks (at least the gold documents) and ``questions`` planted questions."""
    docs = list(iter_generate(chunks, questions, seed))
    return Corpus([d for d, _ in docs], _questions_from(docs), sum(c for _, (c, _) in docs))


_GoldInfo = tuple[int, list[BenchQuestion]]


def iter_generate(chunks: int, questions: int = 200, seed: int = 7) -> Iterator[tuple[RawDocument, _GoldInfo]]:
    """Documents with (planned chunks, questions about them), gold ones spread among the filler."""
    de_facts, en_facts, n_status = question_mix(questions)
    n_facts = de_facts + en_facts
    gold_places, filler_places = _places(seed, n_facts)
    gold: list[tuple[RawDocument, _GoldInfo]] = []
    memos: list[_Memo] = []
    fact_i = 0
    serial = 0
    while fact_i < n_facts or sum(len(m.clauses) for m in memos) < n_status:
        rng = random.Random(f"{seed}:gold:{serial}")
        take = min(FACTS_PER_GOLD_DOC, n_facts - fact_i)
        year = 2015 + serial % 9
        facts = [make_fact(rng, rng.choice(vocab.TOPICS), gold_places[fact_i + k], year) for k in range(take)]
        qs = []
        for k, f in enumerate(facts):
            i = fact_i + k
            if i < de_facts:
                qs.append(BenchQuestion(f"q{i:04d}", rng.choice(f.questions_de), "fact", gold_places[i], f.value))
            else:
                qs.append(BenchQuestion(f"q{i:04d}", f.question_en, "fact_en", gold_places[i], f.value))
        fact_i += take
        if rng.random() < MEMO_SHARE or (fact_i >= n_facts and n_status):
            doc, record, planned = memo(rng, serial, filler_places, facts)
            memos.append(record)
        else:
            doc, planned = concept(rng, serial, filler_places, facts)
        gold.append((doc, (planned, qs)))
        serial += 1
    status_qs = _status_questions(random.Random(f"{seed}:status"), memos, n_status, n_facts)
    if gold and status_qs:  # collected with the first gold document; their memos are among the gold
        doc, (planned, qs) = gold[0]
        gold[0] = (doc, (planned, qs + status_qs))
    planned_gold = sum(p for _, (p, _) in gold)
    filler_target = max(0, chunks - planned_gold)
    every = max(1, filler_target // max(1, len(gold)) // 8) if filler_target else 1
    emitted = 0
    g = 0
    j = 0
    while emitted < filler_target:
        if g < len(gold) and j % every == 0:
            yield gold[g]
            g += 1
        rng = random.Random(f"{seed}:filler:{j}")
        s = serial + j
        if rng.random() < MEMO_SHARE:
            doc, _, planned = memo(rng, s, filler_places, [])
        else:
            doc, planned = concept(rng, s, filler_places, [])
        emitted += planned
        j += 1
        yield doc, (planned, [])
    yield from gold[g:]


def _status_questions(rng: random.Random, memos: list[_Memo], count: int, start: int) -> list[BenchQuestion]:
    slots = [(m, c) for m in memos for c in m.clauses]
    out = []
    for k, (m, c) in enumerate(rng.sample(slots, count)):
        res, label = m.resolution, c.label
        text = rng.choice(
            (
                f"Ist Beschlusspunkt {label} der {res} erfüllt?",
                f"Wie ist der Stand bei Punkt {label} der {res}?",
                f"Wurde Ziffer {label} der {res} umgesetzt?",
                f"Welchen Sachstand hat Beschlusspunkt {label} der {res}?",
                f"Has clause {label} of {res} been fulfilled?",
            )
        )
        out.append(BenchQuestion(f"q{start + k:04d}", text, "status", f"{res} Beschlusspunkt {label}: ", c.status))
    return out


def _questions_from(docs: list[tuple[RawDocument, _GoldInfo]]) -> list[BenchQuestion]:
    out = [q for _, (_, qs) in docs for q in qs]
    return sorted(out, key=lambda q: q.qid)


def write(folder: Path, chunks: int, questions: int, seed: int) -> dict[str, int]:
    """Stream the corpus to ``folder`` (corpus.jsonl, questions.jsonl); returns its counts."""
    folder.mkdir(parents=True, exist_ok=True)
    docs = planned = 0
    found: list[BenchQuestion] = []
    with open(folder / "corpus.jsonl", "w", encoding="utf-8") as fh:
        for doc, (n, qs) in iter_generate(chunks, questions, seed):
            fh.write(json.dumps({"source": doc.source, "text": doc.text}, ensure_ascii=False) + "\n")
            docs += 1
            planned += n
            found.extend(qs)
    save_questions(sorted(found, key=lambda q: q.qid), folder / "questions.jsonl")
    counts = {"documents": docs, "planned_chunks": planned, "questions": len(found)}
    (folder / "corpus.json").write_text(json.dumps(counts), encoding="utf-8")
    log.info("corpus %s: %d documents, ~%d chunks, %d questions", folder, docs, planned, len(found))
    return counts
