"""Public mode never shows what is not public.

A council runs one index for staff and the public chat; memos marked "☒ vertraulich" or
"nichtöffentlich" must never reach the public: no quote, no citation, no listing, no mention
of the resolution, its title or its content in the sentences that say what the documents
cover. The same questions asked internally must be answered, or the test would pass on an
index where the confidential memos simply failed to parse.

The two confidential test memos are V0533/20 (Kita places in Zwickau) and V2011/18 (bus
stops in Görlitz). "Secrets" are words from them that no public document contains: seeing
one in a public answer is a leak, whatever sentence carries it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from council_qa.answer.engine import Answerer
from council_qa.index import snapshot
from council_qa.index.embeddings import Embedder
from council_qa.types import Answer
from tests.reliability.support import documents_json, run_cli

CONFIDENTIAL = {"V0533/20", "V2011/18"}
CANDIDATE_SECRETS = [
    *("Sonnenkäfer", "Planitz", "Zwickau", "Kindertagespflege", "Elternbeitr", "Ausbildungsoffensive", "Lorenz"),
    *("Demianiplatz", "Königshufen", "Weinhübel", "Görlitz", "Hochborde", "Fahrgastunterst", "Lindner", "628"),
]


@dataclass(frozen=True)
class Ask:
    question: str
    history: tuple[str, ...] = ()
    # Must the internal chat answer it from a confidential memo? Required for answers built from
    # the parsed structure (status, lists, header facts); fact questions depend on retrieval
    # tuning, which other tests own, so here they are only checked for leaks.
    internal_answers: bool = False


ASKS = [
    Ask("Ist Beschlusspunkt 3 der V0533/20 erfüllt?", internal_answers=True),
    Ask("Und Punkt 2?", ("Ist Beschlusspunkt 1 der V0533/20 erfüllt?",), internal_answers=True),
    Ask("Wann ist die nächste Beschlusskontrolle zu V0533/20?", internal_answers=True),
    Ask("Wer hat die Beschlusskontrolle zu V2011/18 unterschrieben?", internal_answers=True),
    Ask("Welchen Titel hat die Vorlage V2011/18?", internal_answers=True),
    Ask("Is clause 2 of V2011/18 fulfilled?", internal_answers=True),
    Ask("Welche Beschlusspunkte der V2011/18 sind erfüllt?", internal_answers=True),
    Ask("Wie viele Plätze hat die Kita Sonnenkäfer?"),
    Ask("Wie viele zusätzliche Kita-Plätze wurden in Zwickau geschaffen?"),
    Ask("Wann beginnt die praxisintegrierte Ausbildung zur Erzieherin?"),
    Ask("Warum verschiebt sich die Fertigstellung am Demianiplatz?"),
    Ask("Wie viele Bushaltestellen wurden 2019 umgebaut?"),
    Ask("Wie ist der Stand beim barrierefreien Ausbau der Haltestellen in Görlitz?"),
    Ask("Welche Beschlusspunkte sind noch offen?"),  # a list over every visible memo
    Ask("Ist Beschlusspunkt 9 erfüllt?"),  # "X has clauses ..." for every visible memo
    Ask("Wie hoch ist die Hundesteuer?"),  # "the documents cover: ..."
]


@pytest.fixture(scope="module")
def secrets(full_index: Path) -> dict[str, str]:
    """Secret word -> the confidential document it comes from, checked against the index."""
    snap = snapshot.load(full_index)
    public = " ".join(snap.original_text(d) for d, doc in snap.documents.items() if doc.visibility == "public")
    confidential = {d: doc for d, doc in snap.documents.items() if doc.visibility != "public"}
    assert {doc.resolution for doc in confidential.values()} == CONFIDENTIAL, "confidential memos not detected"
    found: dict[str, str] = {}
    for word in CANDIDATE_SECRETS:
        owners = [d for d in confidential if word in snap.original_text(d)]
        if owners and word not in public:
            found[word] = owners[0]
    for doc in confidential.values():
        assert doc.title
        found[doc.title[:40]] = doc.document_id
    assert len(found) >= 12
    return found


def leaks(answer: Answer | dict, ask: Ask, secrets: dict[str, str], confidential_ids: set[str]) -> list[str]:  # type: ignore[type-arg]
    """Everything in a public answer that comes from a non-public document."""
    data = answer.contract_json() if isinstance(answer, Answer) else answer
    text = data["answer"]
    found = [f"citation of {c['document_id']}" for c in data["citations"] if c["document_id"] in confidential_ids]
    found += [f"secret {word!r}" for word in secrets if word in text]
    asked = " ".join([ask.question, *ask.history])
    found += [f"names {r}" for r in CONFIDENTIAL if r in text and r not in asked]  # echoing the question is fine
    if data["resolution"] in CONFIDENTIAL and data["answerable"]:
        found.append(f"answers about {data['resolution']}")
    return found


def test_public_answers_never_use_confidential_memos(
    full_index: Path, embedder: Embedder, secrets: dict[str, str]
) -> None:
    confidential_ids = set(secrets.values())
    public = Answerer(full_index, embedder, visibility="public")
    internal = Answerer(full_index, embedder, visibility="internal")
    problems = []
    for ask in ASKS:
        answer = public.ask(ask.question, list(ask.history))
        if found := leaks(answer, ask, secrets, confidential_ids):
            problems.append(f"{ask.question!r}: {found}\n    {answer.answer[:300]}")
        inside = internal.ask(ask.question, list(ask.history))
        if ask.internal_answers:
            cited = {c.document_id for c in inside.citations}
            assert inside.answerable and cited & confidential_ids, f"internal did not answer {ask.question!r}"
    assert not problems, "public answers leak:\n" + "\n".join(problems)


def test_public_cli_lists_and_answers_nothing_confidential(full_index: Path, secrets: dict[str, str]) -> None:
    confidential_ids = set(secrets.values())
    listed = {d["document_id"] for d in documents_json(full_index, visibility="public")}
    assert listed and not listed & confidential_ids
    assert confidential_ids <= {d["document_id"] for d in documents_json(full_index)}

    for visibility in ("public", "internal"):
        asks = ASKS if visibility == "public" else [a for a in ASKS if a.internal_answers]
        requests = "".join(json.dumps({"question": a.question, "history": list(a.history)}) + "\n" for a in asks)
        result = run_cli("ask", "--index", str(full_index), "--visibility", visibility, "--jsonl", "-", stdin=requests)
        assert result.returncode == 0, result.stderr
        answers = [json.loads(line) for line in result.stdout.splitlines()]
        assert len(answers) == len(asks)
        for ask, answer in zip(asks, answers, strict=True):
            found = leaks(answer, ask, secrets, confidential_ids)
            if visibility == "public":
                assert not found, f"{ask.question!r}: {found}"
            else:
                assert answer["answerable"] and found, f"internal CLI did not answer {ask.question!r}"

    one = run_cli("ask", "--index", str(full_index), "--visibility", "public", "--json", ASKS[2].question)
    assert one.returncode == 0 and not leaks(json.loads(one.stdout), ASKS[2], secrets, confidential_ids)


# A question about a public subject, placed where only a confidential memo goes, and its
# twin placed nowhere: a public answer must not tell them apart.
PROBES = [
    ("Wie viele Bäume wurden in Planitz gepflanzt?", "Wie viele Bäume wurden in Xylophonhausen gepflanzt?"),
    ("Wann wurde der Radweg am Demianiplatz fertiggestellt?", "Wann wurde der Radweg am Xylophonplatz fertiggestellt?"),
    ("Wann wurde die Notunterkunft in Planitz eröffnet?", "Wann wurde die Notunterkunft in Xylophonhausen eröffnet?"),
]


def test_public_answers_do_not_depend_on_confidential_words(full_index: Path, embedder: Embedder) -> None:
    snap = snapshot.load(full_index)
    public_text = " ".join(snap.original_text(d) for d, doc in snap.documents.items() if doc.visibility == "public")
    public = Answerer(full_index, embedder, visibility="public")
    differ = []
    for confidential_place, nowhere in PROBES:
        assert not any(w in public_text for w in ("Planitz", "Demianiplatz", "Xylophon"))
        a, b = public.ask(confidential_place), public.ask(nowhere)
        if a.answerable != b.answerable:
            differ.append(f"{confidential_place!r} answerable={a.answerable}, {nowhere!r} answerable={b.answerable}")
    assert not differ, "public answers depend on confidential words:\n" + "\n".join(differ)


def test_public_vocabulary_is_the_stems_of_the_public_chunks(full_index: Path) -> None:
    """What the foreign-term check may know in public mode, read off the BM25 matrix; the
    reference is stemming every public chunk's text again."""
    from council_qa.index.lexical import tokens

    snap = snapshot.load(full_index)
    public = snap.chunks.rows_matching("visibility", ["public"])
    assert 0 < public.sum() < len(snap.chunks)
    expected = {t for row in public.nonzero()[0] for t in tokens(snap.chunks.texts[int(row)])}
    assert set(snap.public_vocabulary.sorted) == expected
    assert snap.lexical is not None and len(snap.public_vocabulary) < len(snap.lexical.vocabulary)
