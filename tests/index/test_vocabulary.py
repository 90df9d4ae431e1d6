"""The vocabulary's look-ups agree with the plain scans they replace, on arbitrary stems."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from council_qa.index.vocabulary import Vocabulary

stems = st.lists(st.text(alphabet="abcdeäß", min_size=1, max_size=8), max_size=30)
parts = st.text(alphabet="abcdeäß", min_size=1, max_size=5)


@given(stems, parts)
def test_look_ups_agree_with_scans(words: list[str], part: str) -> None:
    vocabulary = Vocabulary(words)
    assert vocabulary.starts_a_word(part) == any(w.startswith(part) for w in words)
    assert vocabulary.ends_a_word(part) == any(w.endswith(part) for w in words)
    assert vocabulary.in_a_word(part) == any(part in w for w in words)
    for word in [*words[:3], part]:
        assert vocabulary.in_another_word(part, word) == any(part in w and w != word for w in words)
    assert (part in vocabulary) == (part in words)
