"""A resolution named by its subject, among the titles of the indexed papers."""

from __future__ import annotations

import pytest

from council_qa.answer.context import subject_of
from council_qa.lexicon import Lexicon
from council_qa.types import DocumentInfo

TITLES = {
    "A0412/16": "Schulsanierungsprogramm 2017 - 2025 der Stadt Chemnitz",
    "A0193/21": "Programm zur Pflanzung von 10.000 Stadtbäumen in Münster",
    "V0318/22": "Lärmaktionsplan der Landeshauptstadt Magdeburg",
    "V0877/18": "Photovoltaik auf städtischen Dächern der Landeshauptstadt Magdeburg",
}
DOCUMENTS = [
    DocumentInfo(f"d{i}", f"{i}.txt", "beschlusskontrolle", resolution, None, title, "public", ())
    for i, (resolution, title) in enumerate(TITLES.items())
]


@pytest.mark.parametrize(
    ("question", "resolution"),
    [
        # a title word that is only part of the question's compound ("Programm") names it less
        ("Wann ist die nächste Beschlusskontrolle zum Schulsanierungsprogramm?", "A0412/16"),
        # English council terms name the German title; the city in two titles names neither
        ("What is the status of clause 1c of the Magdeburg photovoltaics programme?", "V0877/18"),
        ("Wie viele Anlagen gibt es in der Landeshauptstadt Magdeburg?", None),
    ],
)
def test_subject_names_one_resolution(question: str, resolution: str | None) -> None:
    assert subject_of(question, DOCUMENTS, Lexicon.load().glossary) == resolution
