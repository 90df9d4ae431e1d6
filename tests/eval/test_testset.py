"""Reading the test-set JSONL: the contract's fields, clear errors for bad lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from council_qa.eval.testset import TestSetError, load


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "set.jsonl"
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_items_and_infers_categories(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '{"id":"a","question":"Ist 1a erfüllt?","answerable":true,"status":"fulfilled","pages":[1]}\n\n'
        '{"id":"b","question":"Und 2?","history":["Ist 1a erfüllt?"],"answerable":true}\n'
        '{"id":"c","question":"Parkplätze?","answerable":false,"category":"custom"}\n',
    )
    items = load(path)
    assert [i.id for i in items] == ["a", "b", "c"]
    assert [i.category for i in items] == ["status", "followup", "custom"]
    assert items[0].pages == (1,) and items[1].history == ("Ist 1a erfüllt?",)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not JSON"),
        ('{"id":"a","question":"q"}', "'answerable'"),
        ('{"id":"a","question":"q","answerable":true,"status":"done"}', "status 'done'"),
        ('{"id":"a","question":"q","answerable":true,"pages":["1"]}', "'pages'"),
        ('{"id":"a","question":"q","answerable":true,"cite_any":"x"}', "'cite_any'"),
    ],
)
def test_bad_lines_are_named(tmp_path: Path, line: str, message: str) -> None:
    path = write(tmp_path, line + "\n")
    with pytest.raises(TestSetError, match=message) as info:
        load(path)
    assert f"{path}:1" in str(info.value)


def test_duplicate_ids_and_empty_sets_are_rejected(tmp_path: Path) -> None:
    line = '{"id":"a","question":"q","answerable":false}\n'
    with pytest.raises(TestSetError, match="duplicate id"):
        load(write(tmp_path, line + line))
    with pytest.raises(TestSetError, match="no items"):
        load(write(tmp_path, "\n"))
