"""Aligning a cited passage to a page's own text, and boxes into line rectangles (pure parts)."""

from __future__ import annotations

from council_qa.app.pagemarks import Box, align, keys, line_rects, page_share, span_boxes

PAGE = (
    "-2-\r\nBeschlusspunkt 1c: Die Gesundheits\x02versorgung wird verbessert.\r\n"
    "Bericht: Aktuell sind bei jeder Krankenkasse 205 Personen angemeldet.\r\n"
    "Der Beschlusspunkt ist in Bearbeitung.\r\n"
)


def test_keys_drop_space_hyphens_and_controls_and_fold_case_and_ligatures() -> None:
    text, where = keys("Gesund-\nheits\x02ﬁx  A")
    assert text == "gesundheitsfixa"
    assert where[:6] == (0, 1, 2, 3, 4, 5) and where[6] == 8  # "h" after "-\n"
    assert where[11] == where[12] == 14  # both letters of the ligature point at it


def test_hyphenated_line_break_and_other_white_space_align() -> None:
    passage = "Die Gesundheits-\nversorgung  wird\nverbessert."
    span = align(passage, PAGE)
    assert span is not None
    assert PAGE[span[0] : span[1]] == "Die Gesundheits\x02versorgung wird verbessert."


def test_repeated_sentence_is_taken_nearest_to_where_the_citation_stands() -> None:
    page = "Punkt 1a\nDer Beschlusspunkt ist erfüllt.\nPunkt 1b\nDer Beschlusspunkt ist erfüllt.\n"
    first = align("Der Beschlusspunkt ist erfüllt.", page, near=0.1)
    second = align("Der Beschlusspunkt ist erfüllt.", page, near=0.9)
    assert first == (9, 40) and second is not None and second[0] == page.rindex("Der")


def test_small_extraction_differences_still_align_but_another_text_does_not() -> None:
    ocr_like = "Bericht: AktueII sind bei jeder Krankenkasse 2O5 Personen angemeldet."
    span = align(ocr_like, PAGE)
    assert span is not None and PAGE[span[0] : span[1]].startswith("Bericht") and PAGE[span[1] - 1] == "."
    assert align("Die Mittel sind im Haushalt veranschlagt.", PAGE) is None
    assert align("", PAGE) is None and align("Text", "") is None


def test_page_share_counts_only_comparable_characters() -> None:
    assert page_share("ab  \n\ncd", 6) == 0.5
    assert page_share("", 0) == 0.0


def test_characters_merge_into_one_rectangle_per_line() -> None:
    line1 = [Box(10 + 5 * i, 100, 14 + 5 * i, 112) for i in range(4)]
    hyphen = Box(31, 105, 33, 106)  # short, but inside the line
    line2 = [Box(10 + 5 * i, 115, 14 + 5 * i, 127) for i in range(3)]
    assert line_rects([*line1, hyphen, *line2]) == [Box(10, 100, 33, 112), Box(10, 115, 24, 127)]


def test_a_far_jump_right_or_a_step_back_left_starts_a_new_rectangle() -> None:
    a, b = Box(10, 0, 20, 10), Box(200, 0, 210, 10)  # another column on the same height
    c = Box(0, 0, 5, 10)  # back at the left: the next line of a table cell
    assert line_rects([a, b, c]) == [a, b, c]
    assert line_rects([]) == []


def test_span_boxes_skip_characters_without_a_box() -> None:
    box = Box(0, 0, 1, 1)
    assert span_boxes([box, None, box, box], (1, 3)) == [box]
