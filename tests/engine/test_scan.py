"""The scan is leftmost-longest by construction, with either engine.

The rule: among the candidate matches that stand on word boundaries (and pass
their term's guards), take the one starting leftmost, and among those the
longest; continue after it. ``reference`` applies it by brute force.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtfix.engine import compile_glossary, find_variants, fix_text
from mtfix.model import Glossary, Term

pytestmark = pytest.mark.usefixtures("each_engine")


def _glossary(*terms: tuple[str, Sequence[str]]) -> Glossary:
    return Glossary(tuple(Term(preferred, tuple(variants), id=f"t{i}")
                          for i, (preferred, variants) in enumerate(terms)))


END_OF_TEXT = _glossary(("agglomeration zone", ["gathering area zone"]), ("cluster", ["area"]))


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("we met in the gathering area", "we met in the gathering cluster", id="end-of-text"),
    pytest.param("we met in the gathering area.", "we met in the gathering cluster.", id="end-of-sentence"),
    pytest.param("the gathering area\n\nnext", "the gathering cluster\n\nnext", id="end-of-paragraph"),
    pytest.param("the gathering area zone", "the agglomeration zone", id="longer-key-completed"),
    pytest.param("the Gathering\nArea", "the Gathering\nCluster", id="line-break-inside-longer-key"),
])
def test_key_inside_an_unfinished_longer_key(text: str, expected: str) -> None:
    assert fix_text(text, compile_glossary(END_OF_TEXT))[0] == expected


@pytest.mark.parametrize("text", [
    pytest.param("we met in the gathering", id="end-of-text-inside-longer-key"),
    pytest.param("we met in the gathering arena", id="key-prefix-of-word"),
    pytest.param("gathering", id="only-the-start-of-longer-key"),
    pytest.param("the gathering-areal", id="joined-word"),
])
def test_no_op_twins(text: str) -> None:
    assert fix_text(text, compile_glossary(END_OF_TEXT))[0] == text


def test_key_hidden_after_failed_longer_key() -> None:
    # pyahocorasick's iter_long loses "c" here: it is part-way into "b c ab" when "ab c b" fails.
    glossary = _glossary(("x", ["ab c b"]), ("y", ["b c ab"]), ("z", ["c"]))
    assert fix_text("b ab c", compile_glossary(glossary))[0] == "b ab z"


def test_shorter_key_when_longest_fails_its_boundary() -> None:
    glossary = _glossary(("x", ["ab c"]), ("y", ["ab"]))
    assert fix_text("ab cd ab c", compile_glossary(glossary))[0] == "y cd x"


# Brute force: a tiny alphabet, preferred forms that never occur in a text (so nothing settles).
WORDS = ["ab", "b", "c", "ba"]
SEPARATORS = [" ", " ", " ", "\n", "-", ", ", ". ", ""]


def _boundary(text: str, pos: int) -> bool:
    return pos <= 0 or pos >= len(text) or not (text[pos - 1].isalnum() and text[pos].isalnum())


def reference(text: str, variants: Sequence[Sequence[str]]) -> list[tuple[int, int, str]]:
    """The rule applied to every start and stop, longest first."""
    keys: dict[str, int] = {}
    for term, phrases in enumerate(variants):
        for phrase in phrases:
            keys.setdefault(phrase, term)
    low = text.lower().replace("\n", " ").replace("-", " ")
    found, pos = [], 0
    while pos < len(low):
        stop = next((stop for stop in range(len(low), pos, -1)
                     if _boundary(low, pos) and _boundary(low, stop) and low[pos:stop] in keys), None)
        if stop is None:
            pos += 1
            continue
        found.append((pos, stop, f"t{keys[low[pos:stop]]}"))
        pos = stop
    return found


phrases = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join)
glossaries = st.lists(st.lists(phrases, min_size=1, max_size=3), min_size=1, max_size=4)


@st.composite
def cases(draw: st.DrawFn, cased: bool) -> tuple[list[list[str]], str]:
    variants = draw(glossaries)
    parts = draw(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=12))
    text = "".join(word + sep for word, sep in parts)
    if draw(st.booleans()):  # end inside a longer key: a variant less its last words
        words = draw(st.sampled_from([v for vs in variants for v in vs])).split()
        text += " ".join(words[:draw(st.integers(1, len(words)))])
    if cased:
        text = "".join(draw(st.sampled_from([c, c.upper()])) for c in text)
    return variants, text


def _compiled(variants: Sequence[Sequence[str]]):
    return compile_glossary(_glossary(*((f"p{i}", vs) for i, vs in enumerate(variants))))


@settings(max_examples=300, deadline=None)
@given(cases(cased=True))
def test_find_is_leftmost_longest(case: tuple[list[list[str]], str]) -> None:
    variants, text = case
    found = find_variants(text, _compiled(variants))
    assert [(f.start, f.end, f.term) for f in found] == reference(text, variants)


@settings(max_examples=200, deadline=None)
@given(cases(cased=False))
def test_fix_replaces_the_leftmost_longest(case: tuple[list[list[str]], str]) -> None:
    variants, text = case
    text = text.replace("\n", " ").replace("-", " ")
    expected, pos = [], 0
    for start, stop, term in reference(text, variants):
        expected += [text[pos:start], "p" + term[1:]]
        pos = stop
    assert fix_text(text, _compiled(variants))[0] == "".join(expected) + text[pos:]


def test_lone_surrogate_falls_back_to_the_portable_engine() -> None:
    glossary = _glossary(("cluster", ["area"]))
    assert fix_text("an area \ud800 area", compile_glossary(glossary))[0] == "a cluster \ud800 cluster"
