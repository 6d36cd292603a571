"""``fix_quickly`` (a fix that builds only its examples' findings) gives what ``fix_text`` gives,
or declines (None) and leaves the text to it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtfix.engine import compile_glossary, fix_quickly, fix_text
from mtfix.model import Glossary, Term

WORDS = ["ab", "b", "c", "a", "an", "hour"]
SEPARATORS = [" ", " ", "\n", "-", ", ", "", ". "]

pytestmark = pytest.mark.usefixtures("each_engine")

phrases = st.lists(st.sampled_from(WORDS[:3] + ["hour"]), min_size=1, max_size=3).map(" ".join)
terms = st.tuples(phrases, st.lists(phrases, min_size=1, max_size=2), st.lists(phrases, max_size=1), st.booleans())
texts = st.lists(st.tuples(st.sampled_from(WORDS + ["AB", "B", "A"]), st.sampled_from(SEPARATORS)),
                 max_size=16).map(lambda parts: "".join(w + s for w, s in parts))


def _glossary(drawn: list[tuple[str, list[str], list[str], bool]]) -> Glossary:
    return Glossary(tuple(Term(preferred, tuple(v for v in variants if v != preferred) or ("c c c c",),
                               id=f"t{i}", exceptions=tuple(exceptions), auto=auto)
                          for i, (preferred, variants, exceptions, auto) in enumerate(drawn)))


@settings(max_examples=300, deadline=None)
@given(st.lists(terms, min_size=1, max_size=4), st.lists(texts, min_size=1, max_size=3), st.integers(0, 3))
def test_a_quick_fix_is_the_fix(drawn, samples, examples) -> None:
    matcher = compile_glossary(_glossary(drawn))
    for text in samples:
        quick = fix_quickly(text, matcher, examples)
        if quick is None:
            continue
        fixed, found = fix_text(text, matcher)
        assert quick == (fixed, found[:examples], len(found))


def test_it_declines_where_a_term_is_fixed_only_with_evidence() -> None:
    glossary = Glossary((Term("chain leader", ("chain owner",), auto=False),))
    assert fix_quickly("the chain owner", compile_glossary(glossary), 1) is None


def test_it_declines_where_the_fixed_text_holds_more() -> None:
    # "b" -> "c" makes "a c", a variant of another term: a second scan is needed.
    glossary = Glossary((Term("c", ("b",)), Term("d", ("a c",))))
    matcher = compile_glossary(glossary)
    assert fix_quickly("a b", matcher, 0) is None
    assert fix_text("a b", matcher)[0] == "d"
    assert fix_quickly("x b", matcher, 0) == ("x c", [], 1)
