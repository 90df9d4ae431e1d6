"""The cleaner repairs only unmistakable OCR damage and keeps an exact map to the original."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from council_qa.ingest.clean import clean, is_noise
from council_qa.ingest.ocr_repair import repair_line
from council_qa.ingest.textmap import normalise
from council_qa.types import RawDocument


def cleaned(text: str) -> str:
    return clean(RawDocument("t.txt", text)).text


def test_clause_labels_are_repaired_at_line_start_only() -> None:
    assert repair_line("Ic. „Die Oberbürgermeisterin", continues_sentence=False).startswith("1c.")
    assert repair_line("la.„Die Grundsätze", continues_sentence=False).startswith("1a.")
    assert repair_line("l. „Der Stadtrat", continues_sentence=False).startswith("1.")
    # "I." before a capitalised word without a quotation may be a Roman numeral heading.
    assert repair_line("I. Einleitung", continues_sentence=False) == "I. Einleitung"


def test_capital_i_confusions() -> None:
    assert repair_line("NIedrIgschwellige Hilfe", continues_sentence=False) == "Niedrigschwellige Hilfe"
    assert repair_line("Migranten Ist deren Bedarf", continues_sentence=False) == "Migranten ist deren Bedarf"
    assert repair_line("werden Im neuen Konzept", continues_sentence=False) == "werden im neuen Konzept"
    # Right words stay right: a sentence start, an acronym, polite "Ihr".
    assert repair_line("Im Jahr 2020 wurde", continues_sentence=False) == "Im Jahr 2020 wurde"
    assert (
        repair_line("nach dem AsylbIG sowie Ihr Antrag", continues_sentence=False)
        == "nach dem AsylbIG sowie Ihr Antrag"
    )


def test_page_markers_noise_and_broken_words() -> None:
    text = (
        "Die Landeshauptstadt Dresden schreibt eine lange Zeile, lang genug als Fließtext, in Dres\nden.\n\n2-\n\n"
        "QLGgqGU*\nDie Integrations-\nkonzepte sind fertig.\n\n-3-\nEnde.\n"
    )
    result = clean(RawDocument("t.txt", text))
    assert "Dresden." in result.text
    assert "Integrationskonzepte" in result.text
    assert "QLGgqGU" not in result.text and "2-" not in result.text
    assert result.dropped_noise == ("QLGgqGU*",)
    assert result.pages.count == 3
    assert result.page_of(result.text.index("Integrationskonzepte")) == 2
    assert result.page_of(result.text.index("Ende")) == 3


def test_noise_detection_keeps_real_short_lines() -> None:
    for line in ("QLGgqGU*", "~l|I;", "iI;%cQ"):
        assert is_noise(line), line
    for line in ("GZ:", "(OB) INAUSLB", "Dresden.", "25. JAN. 2021", "Hausmitteilung", "2020"):
        assert not is_noise(line), line


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from([*'abcIlä1 .-\n„"QGU*2', "Ic. ", "\n2-\n", " Im ", "-\n", "Dres", "den"]), max_size=120
    ).map("".join),
    st.data(),
)
def test_offset_map_spans_map_back(text: str, data: st.DataObject) -> None:
    """For any cleaned span, the original span it maps to reads the same once normalised,
    up to what the cleaner dropped between them (page markers and noise lines)."""
    result = clean(RawDocument("t.txt", text))
    n = len(result.text)
    assert len(result.mapped.origin) == n
    assert all(0 <= o < len(text) for o in result.mapped.origin)
    assert list(result.mapped.origin) == sorted(result.mapped.origin)
    if n == 0:
        return
    start = data.draw(st.integers(0, n - 1))
    end = data.draw(st.integers(start + 1, n))
    a, b = result.mapped.span(start, end)
    assert 0 <= a < b <= len(text)
    span = normalise(text[a:b])
    piece = normalise(result.text[start:end])
    # Every normalised character of the cleaned span appears, in order, in the original span.
    it = iter(span)
    assert all(ch in it for ch in piece)


def test_an_abbreviation_at_a_line_end_is_no_broken_word() -> None:
    text = "Das Projekt wird von der Neue Wege Wohnen gGmbH\ndurchgeführt und von der LVB\nbegleitet."
    assert cleaned(text) == "Das Projekt wird von der Neue Wege Wohnen gGmbH durchgeführt und von der LVB begleitet."


def test_an_adverb_at_a_line_end_is_no_broken_word() -> None:
    # "damit" + "hinfällig" are two words: the adverb never begins a longer word.
    text = "Der Antrag zur Verlegung der Haltestelle ist damit\nhinfällig geworden, meldet das Amt."
    assert "damit hinfällig" in cleaned(text)


def test_table_rows_stay_on_their_own_lines() -> None:
    text = "Nr | Beschluss | Stand\n1 | 22/0007/1 | erledigt\n2 | 22/0031/2 | offen\nDie Liste ist vollständig."
    assert cleaned(text).split("\n") == text.split("\n")


def test_lettered_points_rules_and_block_headings_keep_their_lines() -> None:
    text = (
        "Der Rat beschließt:\na) Der Steg wird gebaut.\nb) Die Kosten trägt die Stadt.\n"
        "=========================\n>> Vorgang DS 0211/25 – Sitzbänke\nTOP 3 Feuerwehr\n"
    )
    lines = clean(RawDocument("x.txt", text)).text.split("\n")
    assert lines[1:] == [
        "a) Der Steg wird gebaut.",
        "b) Die Kosten trägt die Stadt.",
        "=========================",
        ">> Vorgang DS 0211/25 – Sitzbänke",
        "TOP 3 Feuerwehr",
    ]
