"""The fixed text is scanned again in slices around the spans that may hold something:
the same findings as a scan of the whole text in the same windows, whatever folds
(long whitespace runs), placeholders cut by a slice or spans close together."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtfix.engine import compile_glossary
from mtfix.engine.candidates import Scan
from mtfix.engine.matching import _rescanned, _windows
from mtfix.model import Glossary, Term

MATCHER = compile_glossary(Glossary((
    Term("chain leader", ("chain owner", "owner"), id="leader"),
    Term("an area", ("zone",), id="area"),
    Term("cluster", ("gathering area zone", "cluster zone"), id="cluster"),
)))
PIECES = ["owner", "chain", "a", "zone", "gathering area", "area", '<b title="', '">', "http://x.org/owner",
          " " * 120, "\n\n", "-", "word"]


def _whole(fixed: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, int, int, str]]:
    scan = Scan(fixed, MATCHER, settling=False)
    margin = MATCHER.longest + MATCHER.reach + 1
    found = [f for lo, hi in _windows(scan.canon, spans, margin) for f in scan.run(lo, hi)]
    return [(f.start, f.end, f.edit.start, f.edit.end, f.edit.replacement) for f in found]


def _sliced(fixed: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, int, int, str]]:
    return [(f.start, f.end, f.edit.start, f.edit.end, f.edit.replacement)
            for f in _rescanned(fixed, spans, MATCHER, None)]


@pytest.mark.parametrize(("fixed", "spans"), [
    pytest.param("owner " + " " * 400 + "owner " + "x " * 300 + "owner", [(0, 5), (712, 717)], id="folded-gap"),
    pytest.param('<b title="' + "y " * 200 + 'owner"> owner', [(410, 415), (418, 423)], id="placeholder-cut"),
    pytest.param("a " * 300 + "owner" + " z" * 300, [(600, 605)], id="article"),
])
def test_slices_find_what_the_whole_text_finds(fixed: str, spans: list[tuple[int, int]]) -> None:
    assert _sliced(fixed, spans) == _whole(fixed, spans)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60), st.data())
def test_slices_agree_with_the_whole_text(parts: list[str], data: st.DataObject) -> None:
    fixed = " ".join(parts)
    starts = sorted(data.draw(st.sets(st.integers(0, max(0, len(fixed) - 1)), max_size=6)))
    spans = [(a, min(len(fixed), a + 3)) for a in starts]
    spans = [s for i, s in enumerate(spans) if not i or s[0] >= spans[i - 1][1]]
    assert _sliced(fixed, spans) == _whole(fixed, spans)


def test_slices_and_the_whole_text_when_spans_are_dense() -> None:
    fixed = "owner chain zone " * 40
    spans = [(i, i + 5) for i in range(0, len(fixed), 17)]
    assert _sliced(fixed, spans) == _whole(fixed, spans) != []
