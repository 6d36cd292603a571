"""One-pass folding (a Latin-1 table) equals lower-casing then folding gaps character by character."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mtfix.engine.canon import canonicalize, fold_gaps, folded, lower_same_length

# Latin-1, every gap and apostrophe folded beyond it, a hard break, a capital that lowers to two, CJK.
CHARS = [chr(c) for c in range(256)] + list("\u2019\u2018\u02bc\u2000\u202f\u3000\u2010\u2011\u2028\u2029"
                                            "\u0130\u4e00\u00a0")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(CHARS), max_size=40), st.booleans())
def test_folded_equals_lower_then_fold(text: str, lower: bool) -> None:
    assert folded(text, lower) == fold_gaps(lower_same_length(text) if lower else text)


def test_hard_break_beyond_latin1_stays_a_break() -> None:
    assert folded("a\u2029B\u00a0C\u2019s") == "a\nb c's"
    assert canonicalize("x \u2028 y").text == "x \n y"
