"""The fast re-casing (issue 13) renders exactly what the character-by-character one did.

``tests/engine/reference_render.py`` is the implementation before the fast paths,
kept as the specification; the properties compare the engine with it on random
matched strings and preferred forms.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtfix.engine.canon import HYPHENS, LINE_BREAKS, SPACES, split_words
from mtfix.engine.casing import Case, detect_case, has_own_capitals
from mtfix.engine.rewrite import _words_and_gaps, render_replacement
from tests.engine import reference_render as reference

# --- random matched strings and preferred forms ---
LETTERS = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
           "éÉßÿµªºüÜ"  # Latin-1: a small letter without a capital in Latin-1, ones without any
           "ǅǆǄΣσςİıДд𝐀Ⅰⅰ\u0301" "集区")  # titlecase, final sigma, dotted I, a capital with no small form, marks, CJK
OTHERS = "0123456789'\u2019.,("
GAP_CHARS = SPACES + LINE_BREAKS + HYPHENS
WORDS = ["zone", "of", "the", "and", "a", "an", "per", "chain", "owner's", "café", "1st", "x", "iPhone", "ǅungla"]


def _cased(word: str, how: int) -> str:
    return [word, word.upper(), word.capitalize(), word.lower(), word.title()][how]


_word = st.one_of(
    st.tuples(st.sampled_from(WORDS), st.integers(0, 4)).map(lambda wc: _cased(*wc)),
    st.text(st.sampled_from(LETTERS + OTHERS), min_size=1, max_size=8),
)
_gap = st.one_of(st.just(" "), st.text(st.sampled_from(GAP_CHARS), min_size=1, max_size=3))


def _joined(parts: list[tuple[str, str]]) -> str:
    return "".join(w + g for w, g in parts[:-1]) + parts[-1][0]


phrases = st.lists(st.tuples(_word, _gap), min_size=1, max_size=4).map(_joined)
texts = st.one_of(phrases, st.text(st.sampled_from(LETTERS + OTHERS + GAP_CHARS), max_size=12))


@settings(max_examples=600, deadline=None)
@given(texts, phrases, st.booleans())
def test_render_replacement_equals_the_reference(matched: str, preferred: str, strict: bool) -> None:
    assert render_replacement(matched, preferred, strict) == reference.render_replacement(matched, preferred, strict)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_word, st.text(st.sampled_from(LETTERS + OTHERS + GAP_CHARS), max_size=6)),
                max_size=4))
def test_detect_case_equals_the_reference(words: list[str]) -> None:
    assert detect_case(words) is reference.detect_case(words)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_one_split_gives_split_words(text: str) -> None:
    words, gaps = _words_and_gaps(text)
    assert (words, list(gaps)) == split_words(text) == reference.split_words(text)


def test_the_ascii_gap_characters_are_the_ones_words_and_gaps_knows() -> None:
    assert sorted(c for c in SPACES + LINE_BREAKS + HYPHENS if c.isascii()) == sorted(" \t\n\r-")


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(LETTERS + OTHERS + GAP_CHARS), max_size=12))
def test_has_own_capitals(text: str) -> None:
    assert has_own_capitals(text) == any(c.isupper() for c in text)


def test_latin1_is_regular() -> None:
    """What ``case_index``'s Latin-1 path relies on, checked for every Latin-1 character."""
    for c in map(chr, range(256)):
        if c.isupper():
            assert c.isalpha() and not c.islower() and c.lower() != c and c.title() == c, c
        elif c.islower():
            assert c.isalpha() and c.lower() == c, c
        else:
            assert not c.isalpha() and c.lower() == c.upper() == c and not c.istitle(), c


GOLDEN = [
    pytest.param("Industrial Cooperation Zone", "industrial collaboration zone", False,
                 "Industrial Collaboration Zone", Case.TITLE, id="title"),
    pytest.param("Zone of Cooperation", "area of collaboration", False,
                 "Area of Collaboration", Case.TITLE, id="title-small-word"),
    pytest.param("Of Zone", "of area", False, "Of Area", Case.TITLE, id="title-small-word-first"),
    pytest.param("INDUSTRIAL PARK", "industrial estate", False, "INDUSTRIAL ESTATE", Case.UPPER, id="upper"),
    pytest.param("'INDUSTRIAL PARK", "industrial estate", False, "INDUSTRIAL ESTATE", Case.UPPER,
                 id="upper-after-apostrophe"),
    pytest.param("A", "an area", False, "An area", Case.SENTENCE, id="one-capital-letter"),
    pytest.param("Chain owner", "chain leader", False, "Chain leader", Case.SENTENCE, id="sentence"),
    pytest.param("Chain\nOwner", "chain leader", False, "Chain\nLeader", Case.TITLE, id="line-break"),
    pytest.param("chain-owner", "chain leader", False, "chain-leader", Case.LOWER, id="hyphen-kept"),
    pytest.param("Owner's Zone", "owner area", False, "Owner Area", Case.TITLE, id="possessive"),
    pytest.param("O'Brien Zone", "owner area", False, "owner area", Case.MIXED, id="inner-capital"),
    pytest.param("1st Zone", "first area", False, "first area", Case.MIXED, id="digit-first"),
    pytest.param("Café Zone", "café area", False, "Café Area", Case.TITLE, id="latin-1"),
    pytest.param("ǅungla Zone", "jungle area", False, "jungle area", Case.MIXED, id="titlecase-letter"),
    pytest.param("ΖΩΝΗ ΣΥΝΕΡΓΑΣΙΑΣ", "ζώνη συνεργασίας", False, "ΖΏΝΗ ΣΥΝΕΡΓΑΣΊΑΣ", Case.UPPER, id="greek-upper"),
    pytest.param("Greater Bay", "Greater Bay Area", False, "Greater Bay Area", Case.TITLE, id="own-capitals"),
    pytest.param("GREATER BAY", "Greater Bay Area", False, "GREATER BAY AREA", Case.UPPER,
                 id="own-capitals-upper"),
    pytest.param("HIGH TECH ZONE", "high-tech zone", True, "HIGH-TECH ZONE", Case.UPPER, id="strict-upper"),
    pytest.param("High tech\nzone", "high-tech zone", True, "High-tech\nzone", Case.SENTENCE,
                 id="strict-line-break"),
]


@pytest.mark.parametrize(("matched", "preferred", "strict", "replacement", "case"), GOLDEN)
def test_golden(matched: str, preferred: str, strict: bool, replacement: str, case: Case) -> None:
    assert render_replacement(matched, preferred, strict) == (replacement, case)
    assert reference.render_replacement(matched, preferred, strict) == (replacement, case)


def test_a_cached_rendering_is_the_same() -> None:
    """Two matched strings with the same case and gaps share one rendering of the preferred form."""
    assert render_replacement("Zone Of Owners", "owners' zone") == ("Owners' Zone", Case.TITLE)
    assert render_replacement("Area Of Owners", "owners' zone") == ("Owners' Zone", Case.TITLE)
    assert render_replacement("Area Of\nOwners", "owners' zone") == ("Owners'\nZone", Case.TITLE)
