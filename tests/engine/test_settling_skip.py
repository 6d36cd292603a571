"""The fixed text is scanned again only where the first scan shows it may hold something:
skipping it never changes the findings (glossaries whose forms overlap every way)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtfix.engine import compile_glossary
from mtfix.engine.matching import _settled
from mtfix.engine.overlaps import guarded_variants, unsettled_variants
from mtfix.model import Glossary, Term

WORDS = ["ab", "b", "c", "a", "an"]
SEPARATORS = [" ", " ", "\n", "-", ", ", ""]


pytestmark = pytest.mark.usefixtures("each_engine")


phrases = st.lists(st.sampled_from(WORDS[:3]), min_size=1, max_size=3).map(" ".join)
terms = st.tuples(phrases, st.lists(phrases, min_size=1, max_size=2), st.lists(phrases, max_size=1))
texts = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=14).map(
    lambda parts: "".join(w + s for w, s in parts))


def _glossary(drawn: list[tuple[str, list[str], list[str]]]) -> Glossary:
    return Glossary(tuple(Term(preferred, tuple(v for v in variants if v != preferred) or ("c c c c",),
                               id=f"t{i}", exceptions=tuple(exceptions))
                          for i, (preferred, variants, exceptions) in enumerate(drawn)))


@settings(max_examples=400, deadline=None)
@given(st.lists(terms, min_size=1, max_size=4), st.lists(texts, min_size=1, max_size=3))
def test_skipping_the_second_scan_changes_nothing(drawn, samples) -> None:
    matcher = compile_glossary(_glossary(drawn))
    for text in samples:
        assert _settled(text, matcher, None, ()) == _settled(text, matcher, None, (), always=True)


def test_a_protected_phrase_apart_needs_no_guard() -> None:
    assert guarded_variants(["chain owner", "gathering area"], ["chain leader", "area zone"]) == frozenset({1})
    assert guarded_variants(["big bay area"], ["greater bay area", "bay"]) == frozenset()  # "bay" strictly inside


def test_a_replacement_that_can_make_a_variant_is_followed() -> None:
    # "b c" next to "a" can make "a b", a variant: followed; "x y" makes nothing.
    assert unsettled_variants(["c d", "a b"], [["b c"], ["x y"]]) == frozenset({0})
    assert unsettled_variants(["c++"], [["d"]]) == frozenset({0})  # its neighbours' boundaries move
