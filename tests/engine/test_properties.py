"""Properties of fixing: idempotence, nothing outside an edit changes, nothing left to find."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mtfix.engine import find_variants, fix_text

WORDS = ["chain", "owner", "owners", "leader", "master", "gathering", "area", "areas", "cluster",
         "agglomeration", "zone", "urban", "municipal", "management", "starting", "of", "a", "an",
         "A", "An", "the", "computing", "big", "bay", "Greater", "Bay", "region", "Github", "GitHub",
         "集聚区", "链主", "start-up", "sixty", "minute", "session", "hour-long", "x"]
SEPARATORS = [" ", " ", " ", "  ", "\n", "\n\n", "\r\n", "-", "\t", "\u00a0", ", ", ". ", "'s ", "' ", ""]


def _cased(word: str, how: int) -> str:
    return [word, word.upper(), word.capitalize(), word.lower()][how]


texts = st.lists(st.tuples(st.sampled_from(WORDS), st.integers(0, 3), st.sampled_from(SEPARATORS)),
                 max_size=30).map(lambda parts: "".join(_cased(w, c) + s for w, c, s in parts))


@settings(max_examples=400, deadline=None)
@given(texts)
def test_fix_is_idempotent(matcher, text: str) -> None:
    once = fix_text(text, matcher)[0]
    assert fix_text(once, matcher)[0] == once


@settings(max_examples=400, deadline=None)
@given(texts)
def test_fixed_text_has_no_findings(matcher, text: str) -> None:
    assert find_variants(fix_text(text, matcher)[0], matcher) == []


@settings(max_examples=400, deadline=None)
@given(texts)
def test_nothing_outside_edits_changes(matcher, text: str) -> None:
    fixed, findings = fix_text(text, matcher)
    pos = out = 0
    for f in findings:
        edit = f.edit
        assert edit.start <= f.start < f.end <= edit.end
        assert text[edit.start:f.start].lower() in ("", "a ", "an ", "a\n", "an\n") or \
            text[edit.start:f.start].rstrip().lower() in ("a", "an")
        assert fixed[out:out + edit.start - pos] == text[pos:edit.start]
        out += edit.start - pos + len(edit.replacement)
        pos = edit.end
        assert fixed[out - len(edit.replacement):out] == edit.replacement
    assert fixed[out:] == text[pos:]


@settings(max_examples=200, deadline=None)
@given(texts)
def test_line_breaks_survive(matcher, text: str) -> None:
    fixed = fix_text(text, matcher)[0]
    assert fixed.count("\n\n") == text.count("\n\n")


@settings(max_examples=400, deadline=None)
@given(texts)
def test_single_scan_equals_word_by_word_walk(matcher, text: str) -> None:
    """The automaton scan with recovery finds exactly what a walk over every word start finds."""
    from mtfix.engine.candidates import Scan

    scan = Scan(text, matcher)
    walked = [f for f, _ in scan.recover(0, len(scan.ctext))]
    assert list(Scan(text, matcher).run()) == walked
