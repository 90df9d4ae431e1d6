from __future__ import annotations

import pytest

from council_qa.ingest.sentences import split


@pytest.mark.parametrize(
    "text",
    [
        "Die nächste Beschlusskontrolle ist am 30. Juni 2021 vorgesehen.",
        "Die Anmeldung erfolgt seit 1. April 2020 bei drei Kassen.",
        "Siehe Nr. 3 der Anlage.",
        "Der o. g. Punkt ist ggf. zu prüfen.",
        "Die Stellen bzw. Ämter sind beteiligt.",
        "Auf S. 69 steht es.",
        "Es stehen 5 Mio. EUR bereit.",
        "Letztere wird im 1. Quartal 2021 veröffentlicht.",
        "Datum: 25.01.2021 laut Stempel.",
        "Die Stelle ist mit Frau Dipl.-Ing. Ulrike Sommer besetzt.",
        "Es berichtet Herr Dr.-Ing. Peters.",
    ],
)
def test_no_false_boundaries(text: str) -> None:
    assert split(text) == [text]


def test_real_boundaries() -> None:
    assert split("Es begann 2020. Die Umsetzung läuft. Fertig!") == [
        "Es begann 2020.",
        "Die Umsetzung läuft.",
        "Fertig!",
    ]
    assert split('Der Beschlusspunkt ist erfüllt."\nDer nächste Punkt.') == [
        'Der Beschlusspunkt ist erfüllt."',
        "Der nächste Punkt.",
    ]
