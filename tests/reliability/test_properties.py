"""Property tests of the cleaner, the structure parser and the offset map on arbitrary text.

Council papers arrive as OCR output, Word exports and copy-pasted e-mails: unicode of every
kind, NUL bytes, lines of a hundred thousand characters, CR, LF and CRLF in one file. Ingest
must never crash on any of it, and every passage it keeps must be quotable: its span in
the original text, normalised, reads exactly as the passage does, or the citation check
would drop it at answer time.

Three generators: any unicode text; memo-like text assembled from the fragments the parser
keys on (labels, verdicts, page markers, noise, quotes) with mixed line ends; and the real
test memos, mutated (insertions, deletions, CR/LF rewrites, NULs, duplications).

Defects these tests found are pinned by regression tests below: a title of odd white space
crashed the parse, header passages spanned dropped lines, runs of stops split in quadratic time.

Runs are derandomised for a stable suite; ``COUNCIL_QA_FUZZ_EXAMPLES=2000`` explores with
fresh random inputs and more of them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from council_qa.ingest.clean import clean
from council_qa.ingest.pipeline import Parsed, parse_raw
from council_qa.ingest.textmap import normalise
from council_qa.types import Passage, RawDocument
from tests.conftest import EXAMPLES, TEST_MEMOS

EXPLORE = int(os.environ.get("COUNCIL_QA_FUZZ_EXAMPLES", "0"))
MEMOS = [p.read_text(encoding="utf-8") for p in sorted([*TEST_MEMOS.glob("*.txt"), *EXAMPLES.glob("*.txt")])]
FRAGMENTS = [
    *("1.", "1a. „", "2b)", "Ic. ", "l. „Die ", "Zu 3:", "Beschlusspunkt 4: ", "10. ", '"', "“", "„", ",,"),
    *("Der Beschlusspunkt ist erfüllt.", "ist nicht erfüllt", "Der Auftrag ist umgesetzt.", "teilweise"),
    *("-2-", "2-", "- 3 -", "\f", "QLGgqGU*", "~l|I;", "☒ vertraulich", "[x] nichtöffentlich", "VERTRAULICH"),
    *("Beschlusskontrolle zu V0533/20 (Sitzungsnummer: SR/017/2020)", "VO311/19", "A0412/16", "Datum: 08.12.2020"),
    *("nächste Beschlusskontrolle: 31. Mai 2021", "Mit freundlichen Grüßen", "Heike Lorenz", "gez. Müller"),
    *("Sehr geehrte Damen und Herren,", "Integrations-", "konzept", "30. Juni 2021", "ca. 5 Mio. EUR", "z.B."),
    *("\x00", "ß", "İ", "ﬁ", "Ⅻ", "\u2028", "\x85", "\u0301", "𝔘", "\u200b", "\ufeff", "\t", " ", "😀", "…"),
]
LINE_ENDS = ["\n", "\r\n", "\r", "\n\n", "\r\r\n", "", " "]


def examples(default: int) -> int:
    return EXPLORE or default


def fuzz_settings(default: int):  # type: ignore[no-untyped-def]
    return settings(
        max_examples=examples(default),
        deadline=None,
        derandomize=not EXPLORE,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    )


any_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=4000)
memo_like = st.lists(st.tuples(st.sampled_from(FRAGMENTS), st.sampled_from(LINE_ENDS)), max_size=120).map(
    lambda parts: "".join(a + b for a, b in parts)
)


@st.composite
def mutated_memo(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(MEMOS))
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["insert", "delete", "crlf", "cr", "nul", "duplicate", "upper", "join"]))
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 400)))
        if op == "insert":
            text = text[:i] + draw(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40))) + text[i:]
        elif op == "delete":
            text = text[:i] + text[j:]
        elif op == "crlf":
            text = text[:i] + text[i:j].replace("\n", "\r\n") + text[j:]
        elif op == "cr":
            text = text[:i] + text[i:j].replace("\n", "\r") + text[j:]
        elif op == "nul":
            text = text[:i] + "\x00" + text[i:]
        elif op == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        elif op == "upper":
            text = text[:i] + text[i:j].upper() + text[j:]
        else:
            text = text[:i] + text[i:j].replace("\n", " ") + text[j:]
    return text


any_input = st.one_of(any_text, memo_like, mutated_memo())


def parse(text: str) -> Parsed:
    return parse_raw(RawDocument("memo.txt", text))


def quotable(parsed: Parsed) -> Iterator[tuple[str, Passage]]:
    """Every passage a citation can be built from."""
    for chunk in parsed.chunks:
        for p in chunk.passages:
            yield f"chunk {chunk.kind}", p
    for clause in parsed.document.clauses:
        for p in (*clause.text_passages, *clause.report_passages, *([clause.verdict] if clause.verdict else [])):
            yield f"clause {clause.label}", p
    for name, f in parsed.document.fields.items():
        yield f"field {name}", f.passage


def assert_quotable(text: str, where: str, p: Passage, pages: int) -> None:
    assert 0 <= p.source_start < p.source_end <= len(text), (where, p)
    assert normalise(text[p.source_start : p.source_end]) == normalise(p.text), (where, p)
    assert 1 <= p.page <= max(pages, 1), (where, p.page, pages)


@fuzz_settings(300)
@given(any_input, st.data())
def test_offset_map_is_total_monotone_and_in_bounds(text: str, data: st.DataObject) -> None:
    result = clean(RawDocument("memo.txt", text))
    origin = list(result.mapped.origin)
    assert len(origin) == len(result.text)
    assert all(0 <= o < len(text) for o in origin)
    assert origin == sorted(origin), "chunking bisects the map: it must never run backwards"
    assert result.pages.count >= 1
    # Nothing is invented: the cleaned text, normalised, is a subsequence of the original.
    rest = iter(normalise(text))
    assert all(ch in rest for ch in normalise(result.text))
    if result.text:
        start = data.draw(st.integers(0, len(result.text) - 1))
        end = data.draw(st.integers(start + 1, len(result.text)))
        a, b = result.mapped.span(start, end)
        assert 0 <= a < b <= len(text)
        assert 1 <= result.page_of(start) <= result.pages.count


@fuzz_settings(300)
@given(any_input)
def test_parse_never_crashes_and_every_passage_is_quotable(text: str) -> None:
    parsed = parse(text)
    doc = parsed.document
    for where, p in quotable(parsed):
        assert_quotable(text, where, p, doc.pages)
    for clause in doc.clauses:
        assert 0 <= clause.source_start <= clause.source_end <= len(text)
        assert clause.pages and all(1 <= page <= max(doc.pages, 1) for page in clause.pages)
    assert len({c.chunk_id for c in parsed.chunks}) == len(parsed.chunks)


@pytest.mark.parametrize("text", ["V0533/20\xa0", "V0533/20\x0b", "Vorlage V0533/20 (SR/1/2020)\u2028"])
def test_title_of_odd_white_space_does_not_crash(text: str) -> None:
    """Regression: a title of NBSP/VT/U+2028 left after stripping made an empty span and raised."""
    parse_raw(RawDocument("memo.txt", text))


@pytest.mark.parametrize("text", ["V0533/20\n-2-\nText", "Vorlage V0533/20 zum Thema\nQLGgqGU*\nund weiter"])
def test_header_field_passages_stop_at_dropped_lines(text: str) -> None:
    parsed = parse_raw(RawDocument("memo.txt", text))
    for f in parsed.document.fields.values():
        assert_quotable(text, "field", f.passage, parsed.document.pages)


# --- size ------------------------------------------------------------------------------------

_PARSE_CHILD = """
import faulthandler, sys, time
from council_qa.ingest.pipeline import parse_raw
from council_qa.types import RawDocument
text = sys.stdin.read()
faulthandler.dump_traceback_later(float(sys.argv[1]), exit=True)  # the budget, start-up excluded
start = time.perf_counter()
parsed = parse_raw(RawDocument("big.txt", text))
print(len(parsed.chunks), time.perf_counter() - start)
"""


def parse_within(text: str, seconds: float) -> int:
    """Parse ``text`` in a child process that must finish parsing within ``seconds``: a
    parser that goes quadratic shows as a failure instead of stalling the suite."""
    done = subprocess.run(
        [sys.executable, "-c", _PARSE_CHILD, str(seconds)],
        input=text,
        capture_output=True,
        text=True,
        timeout=seconds + 60.0,  # interpreter start-up on a busy machine
        check=False,
        encoding="utf-8",
        errors="surrogatepass",
    )
    if "Timeout (" in done.stderr:
        pytest.fail(f"parsing {len(text)} characters took longer than {seconds} s")
    assert done.returncode == 0, done.stderr[-2000:]
    return int(done.stdout.split()[0])


def concept_paper(sections: int) -> str:
    body = (EXAMPLES / "2023-05-03_Beschlusskontrolle_A0412-16_Schulsanierung.txt").read_text(encoding="utf-8")
    return "Konzept Schulnetzplanung\n" + "\n".join(f"{i}. Abschnitt {i}\n{body}" for i in range(1, sections))


QUICK = {
    "one 1 MB line of words": lambda: "Der Beschlusspunkt ist erfüllt und " * 30_000,
    "1 MB without a space": lambda: "x" * 1_000_000,
    "NUL between every character": lambda: "\x00".join(MEMOS[0]),
    # Both took 11 s and more while the splitter rescanned the text from 0 at every full stop.
    "a 200 kB concept paper (about 60 pages)": lambda: concept_paper(50),
    "a CR-only memo x 100 (300 kB on one 'line')": lambda: MEMOS[0].replace("\n", "\r") * 100,
}
STOP_RUNS = {
    "a 50 000-dot leader run straight into a page number": lambda: "Inhalt " + "." * 50_000 + "5\n",
    "a run of 20 000 question marks": lambda: "Wirklich" + "?" * 20_000 + "x\n",
}


@pytest.mark.parametrize("name", list(QUICK))
def test_huge_and_odd_inputs_parse_quickly(name: str) -> None:
    assert parse_within(QUICK[name](), 5.0) >= 1


@pytest.mark.parametrize("name", list(STOP_RUNS))
def test_runs_of_stops_split_in_linear_time(name: str) -> None:
    parse_within(STOP_RUNS[name](), 1.5)
