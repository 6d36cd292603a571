"""Checks in the review: a bilingual segment whose source has a term that its
target does not render (``missing``) or renders fewer times (``count-mismatch``)
is shown, noted (y) or dismissed (n), and never changes the text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from review_support import make_state, press, review

from mtfix.review import view
from mtfix.review.session import open_files, read_decisions, session_path, write_file
from mtfix.review.state import Counts, ReviewState, Status
from mtfix.review.ui import Outcome, ReviewUI

CTRL_C = "\x03"
MISSING = "The leading company grows."
# line 1 missing, line 2 a fix, line 3 count-mismatch, line 4 the same segment as line 1
TSV = (f"链主企业\t{MISSING}\n"
       "集聚区\tA gathering area.\n"
       "链主和链主\tOne chain leader.\n"
       f"链主企业\t{MISSING}\n")


def _kinds(state: ReviewState) -> list[str]:
    return [p.finding.kind for p in state.proposals]


def _text(fragments: list[tuple[str, str]]) -> str:
    return "".join(text for style, text in fragments if not style.startswith("["))


@pytest.fixture
def tsv(tmp_path: Path) -> Path:
    path = tmp_path / "units.tsv"
    path.write_text(TSV, encoding="utf-8")
    return path


# -- state -----------------------------------------------------------------------

def test_a_missing_term_is_an_item_that_changes_no_text(matcher) -> None:
    state = make_state(matcher, MISSING, sources=("链主企业",))
    assert _kinds(state) == ["missing"] and not state.proposals[0].fixable
    state.accept("ignored")
    assert state.status(0) is Status.ACCEPTED and state.replacement(0) == ""
    assert state.counts() == Counts(accepted=0, rejected=0, pending=0, noted=1, checks=1)
    assert state.apply(0) == [MISSING] and state.accepted_edits(0) == {}
    assert state.undo() and state.counts() == Counts(0, 0, 1, checks=1)


def test_plain_text_has_no_checks(matcher) -> None:
    assert make_state(matcher, MISSING).proposals == []


def test_all_of_term_keeps_fixes_and_checks_apart(matcher) -> None:
    state = make_state(matcher, MISSING, "The chain owner.", MISSING, sources=("链主企业", "链主", "链主企业"))
    assert _kinds(state) == ["missing", "variant", "missing"]
    assert state.remaining_of_term() == 1
    state.accept_term()  # notes both checks, leaves the fix of the same term alone
    assert state.statuses == [Status.ACCEPTED, Status.PENDING, Status.ACCEPTED] and state.cursor == 1
    state.reject_term()
    assert state.counts() == Counts(accepted=0, rejected=1, pending=0, noted=2, checks=2)
    state.undo()
    state.undo()
    assert state.statuses == [Status.PENDING] * 3 and state.cursor == 0


def test_decision_labels() -> None:
    assert [Status.ACCEPTED.label(False), Status.REJECTED.label(False), Status.SKIPPED.label(False)] == [
        "noted", "dismissed", "skipped"]
    assert Status.ACCEPTED.label() == "accepted"


# -- view ------------------------------------------------------------------------

def test_check_shows_source_above_target_and_why(matcher) -> None:
    state = make_state(matcher, MISSING, sources=("该企业是链主企业",))
    context = view.context(state, markers=True)
    assert _text(context) == f"source: 该企业是»链主«企业\n\ntarget: {MISSING}"
    assert [t for s, t in context if s == "class:match"] == ["»", "链主", "«"]
    assert context.index(view.SCROLL_HERE) == context.index(("class:match", "»")) - 1
    assert _text(view.result(state)).startswith(
        "source has 链主; target has neither 'chain leader' nor a known variant\nnothing is changed")
    assert view.titles(state) == ("check: missing", "why")
    term = _text(view.term(state))
    assert "term chain-leader · last check of this term" in term and "source form 链主" in term
    state.accept()
    assert "[noted]" in _text(view.term(state))
    assert "1/1  accepted 0 · rejected 0 · noted 1 · dismissed 0 · pending 0" in _text(view.status(state))


def test_count_mismatch_highlights_every_source_occurrence(matcher) -> None:
    state = make_state(matcher, "One chain leader.", sources=("链主和链主",))
    assert _kinds(state) == ["count-mismatch"]
    assert [t for s, t in view.context(state) if s == "class:match"] == ["链主", "链主"]
    assert "source has 链主 2 times" in _text(view.result(state))


def test_key_line_says_edit_is_off_for_a_check(matcher) -> None:
    ui = ReviewUI(make_state(matcher, MISSING, sources=("链主企业",)))
    assert ui.mode == "check"
    line = _text(view.keys(200, ui.mode))
    assert line.startswith("y noted · n dismiss · s skip · e off") and "e edit" not in line


# -- sessions --------------------------------------------------------------------

def test_dismissed_check_is_remembered_and_noted_one_comes_back(tsv: Path, matcher) -> None:
    state = open_files([str(tsv)], matcher)
    assert [(p.line, p.finding.kind) for p in state.proposals] == [
        (1, "missing"), (2, "variant"), (3, "count-mismatch"), (4, "missing")]
    state.reject()  # dismiss line 1
    state.accept()  # fix line 2
    state.accept()  # note line 3
    state.skip()
    record = read_decisions(str(tsv))[0]
    assert record == {"term": "chain-leader", "variant": "链主", "before": "", "after": "企业", "kind": "missing",
                      "ordinal": 0, "status": "rejected"}
    assert write_file(state, 0) == 1
    assert tsv.read_text(encoding="utf-8") == TSV.replace("A gathering area", "An agglomeration zone")
    again = open_files([str(tsv)], matcher)
    assert [(p.line, p.finding.kind) for p in again.proposals] == [(3, "count-mismatch"), (4, "missing")]


def test_dismissing_the_second_of_identical_segments_hides_that_one(tsv: Path, matcher) -> None:
    state = open_files([str(tsv)], matcher)
    state.cursor = 3
    state.reject()  # line 4, the same segment as line 1; nothing written, as after Ctrl-C
    assert [p.line for p in open_files([str(tsv)], matcher).proposals] == [1, 2, 3]


def test_session_from_before_checks_and_ordinals_still_hides(tmp_path: Path, matcher) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("A chain owner.\n\nA chain owner.\n")
    session = session_path(str(doc))
    session.parent.mkdir()
    session.write_text(json.dumps({"version": 1, "file": "doc.txt", "decisions": [
        {"term": "chain-leader", "variant": "chain owner", "before": "A ", "after": ".", "status": "rejected"}]}))
    assert [p.line for p in open_files([str(doc)], matcher).proposals] == [3]


# -- the application through a pipe -----------------------------------------------

def test_keys_on_a_check(matcher) -> None:
    state = make_state(matcher, MISSING, "The chain owner.", sources=("链主企业", "链主"))
    ui = ReviewUI(state)
    assert press(state, "e" + CTRL_C, ui=ui) is Outcome.ABORT
    assert not ui.editing and ui.message.startswith("a check changes no text")
    assert press(state, "yuny" + "q") is Outcome.WRITE
    assert state.statuses == [Status.REJECTED, Status.ACCEPTED]
    assert state.apply(0) == [MISSING] and state.apply(1) == ["The chain leader."]


def test_review_command_shows_checks_and_writes_only_fixes(tsv: Path, glossary_file: Path, capsys) -> None:
    assert review(["-g", str(glossary_file), str(tsv)], "nyys" + CTRL_C) == 130
    assert tsv.read_text(encoding="utf-8") == TSV
    assert "1 accepted, 0 rejected, 1 noted, 1 dismissed, 1 pending" in capsys.readouterr().err
    # the dismissed check stays hidden, the rest is shown again; noting changes nothing
    assert review(["-g", str(glossary_file), str(tsv)], "yyyq") == 0
    assert tsv.read_text(encoding="utf-8") == TSV.replace("A gathering area", "An agglomeration zone")
    assert "1 accepted, 0 rejected, 2 noted, 0 dismissed, 0 pending; changes written: 1 in" in (
        capsys.readouterr().err)
