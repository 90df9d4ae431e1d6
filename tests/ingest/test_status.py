"""Verdict sentences as offices write them; report sentences that only sound like verdicts."""

from __future__ import annotations

import pytest

from council_qa.ingest.status import verdict_status


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("Der Beschlusspunkt ist erfüllt.", "fulfilled"),
        ("Der Beschlusspunkt ist vollständig umgesetzt.", "fulfilled"),
        ("Die Umsetzung ist abgeschlossen.", "fulfilled"),
        ("Die Umsetzung ist noch nicht abgeschlossen.", "in_progress"),
        ("Der Beschlusspunkt Ist teilweise erfüllt.", "partially_fulfilled"),
        ("Der Beschlusspunkt befindet sich in Bearbeitung.", "in_progress"),
        ("Der Beschlusspunkt hat sich erledigt.", "obsolete"),
        ("Der Beschlusspunkt ist nicht umgesetzt.", "not_fulfilled"),
        # reports, not verdicts: their subject is not the clause
        ("Die Regelungen werden umgesetzt.", None),
        ("Die Sanierung wurde im Februar 2023 abgeschlossen.", None),
    ],
)
def test_verdicts(sentence: str, status: str | None) -> None:
    assert verdict_status(sentence) == status
