"""Canonical text: gaps folded, case folded, offsets mapped back."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mtfix.engine.canon import (
    _RUN,
    APOSTROPHES,
    HARD_BREAKS,
    HYPHENS,
    LINE_BREAKS,
    SPACES,
    canonicalize,
    count_line_breaks,
    fold_gaps,
    lower_same_length,
)

texts = st.text(alphabet=st.sampled_from(list("ab Zx\n\r\t-\u00a0\u3000\u2019.")), max_size=40)


# The folding as one translation table: the reference that fold_gaps (one str.replace per
# character present, faster on non-ASCII text) must equal.
_TABLE = str.maketrans({**{c: " " for c in SPACES + LINE_BREAKS + HYPHENS},
                        **{c: "\n" for c in HARD_BREAKS}, **{c: "'" for c in APOSTROPHES}})


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aB \n\r\t-\u2010\u2011\u00a0\u3000\u2028\u2019\u2018\u02bc\x0b.")),
               max_size=60))
def test_fold_gaps_is_the_translation_table(text: str) -> None:
    assert fold_gaps(text) == text.translate(_TABLE)


def _reference(text: str) -> str:
    """The canonical text by a plain regex scan of every whitespace run."""
    base = lower_same_length(text).translate(_TABLE)
    pieces, prev = [], 0
    for run in _RUN.finditer(text):
        pieces += [base[prev:run.start()], " " if count_line_breaks(run.group()) <= 1 else "\n"]
        prev = run.end()
    return "".join(pieces + [base[prev:]])


@settings(max_examples=500, deadline=None)
@given(texts)
def test_canonical_text_matches_a_plain_regex_scan(text: str) -> None:
    assert canonicalize(text).text == _reference(text)


@settings(max_examples=500, deadline=None)
@given(texts)
def test_word_characters_map_back_to_themselves(text: str) -> None:
    canon = canonicalize(text)
    for pos, char in enumerate(canon.text):
        if char.isalnum():
            assert text[canon.to_original(pos)].lower() == char


def test_examples() -> None:
    assert canonicalize("Gathering\r\narea  x\n\n y-z").text == "gathering area x\ny z"
    assert canonicalize("bull\u2019s").text == "bull's"
