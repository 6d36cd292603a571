"""The fixed text is scanned again only where the first scan shows it may hold something:
skipping it never changes the findings (glossaries whose forms overlap every way)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtfix.engine import compile_glossary
from mtfix.engine.matching import _settled
from mtfix.engine.overlaps import guarded_variants, protected_edges, settling_edges, unsettled_variants
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


@settings(max_examples=400, deadline=None)
@given(st.lists(terms, min_size=1, max_size=4), st.lists(texts, min_size=1, max_size=3))
def test_checks_skipped_by_the_text_beside_a_match_change_nothing(drawn, samples) -> None:
    # The compile-time filters (``Edges``) against every check run for every candidate.
    matcher = compile_glossary(_glossary(drawn))
    everything = replace(matcher, guarded=None, unsettled=None, protect_edges=None, settle_edges=None)
    for text in samples:
        assert _settled(text, matcher, None, ()) == _settled(text, everything, None, (), always=True)


def test_the_text_beside_a_match_decides_whether_protected_text_is_looked_for() -> None:
    edges = protected_edges(["cluster area", "area"], ["big cluster", "area zone", "area"])
    text = "a big cluster area, the cluster area zone, an area"
    assert edges.may_meet(text, 0, 6, 18)  # "big " before it: "big cluster"
    assert edges.may_meet(text, 0, 24, 36)
    assert not edges.may_meet("the cluster area is here", 0, 4, 16)
    assert edges.may_meet(text, 1, 48, 52)  # "area" is a protected phrase itself


def test_the_text_beside_a_replacement_decides_whether_it_is_followed() -> None:
    # "b c" (replacing key 0) makes "a b" with an "a " before it; "x y" never makes anything.
    edges = settling_edges(["c d", "a b"], [["b c"], ["x y"]])
    assert edges.may_meet("a c d", 0, 2, 5) and not edges.may_meet("z c d", 0, 2, 5)
    assert not edges.may_meet("a a b", 1, 2, 5)
    assert settling_edges(["c++"], [["d"]]).always == frozenset({0})  # its neighbours' boundaries move
    assert settling_edges(["strasse"], [["straße"]]).always == frozenset({0})  # "STRASSE" is another key


def test_a_protected_phrase_apart_needs_no_guard() -> None:
    assert guarded_variants(["chain owner", "gathering area"], ["chain leader", "area zone"]) == frozenset({1})
    assert guarded_variants(["big bay area"], ["greater bay area", "bay"]) == frozenset()  # "bay" strictly inside


def test_a_replacement_that_can_make_a_variant_is_followed() -> None:
    # "b c" next to "a" can make "a b", a variant: followed; "x y" makes nothing.
    assert unsettled_variants(["c d", "a b"], [["b c"], ["x y"]]) == frozenset({0})
    assert unsettled_variants(["c++"], [["d"]]) == frozenset({0})  # its neighbours' boundaries move
