"""Row reports survive the index's JSON, and papers written before rows existed still load."""

from __future__ import annotations

from council_qa.index.serialize import document_from_json, document_to_json, info_from_json, info_to_json
from council_qa.ingest.pipeline import parse_raw
from council_qa.types import RawDocument

TABLE = """Beschlusskontrolle Stadt Tannhof                        Vorlage 25/0500/1
| Nr | Beschluss-Nr. | Gegenstand        | Status          | Bemerkung           |
|----|---------------|-------------------|-----------------|---------------------|
| 1  | 24/0007/1     | Skaterpark        | erledigt        | eröffnet im Mai     |
| 2  | 24/0019/3     | Bürgerbus         | in Bearbeitung  | Fahrplan im Entwurf |
"""


def test_rows_round_trip() -> None:
    doc = parse_raw(RawDocument("tannhof.txt", TABLE)).document
    assert len(doc.rows) == 2
    again = document_from_json(document_to_json(doc))
    assert again == doc
    assert info_from_json(info_to_json(doc.info())) == doc.info()


def test_a_paper_and_catalogue_entry_written_before_rows_load_without_them() -> None:
    doc = parse_raw(RawDocument("tannhof.txt", TABLE)).document
    old = document_to_json(doc)
    del old["rows"]
    assert document_from_json(old).rows == ()
    info = info_to_json(doc.info())
    del info["rows"]
    assert info_from_json(info).rows == ()
