"""The review state machine, driven directly: no terminal, no files."""

from __future__ import annotations

from review_support import TEXT, make_state, matches

from mtfix.review.state import Counts, Status

FIXED = "The agglomeration zone\nhas a chain leader.\nThe agglomeration zone and the chain leader.\n"


def test_proposals_in_reading_order(matcher) -> None:
    state = make_state(matcher, TEXT)
    assert matches(state) == ["cluster area", "chain owner", "gathering area", "chain master"]
    assert [(p.line, p.column) for p in state.proposals] == [(1, 5), (2, 7), (3, 5), (3, 28)]
    assert state.cursor == 0 and not state.done


def test_each_decision_moves_on_and_counts(matcher) -> None:
    state = make_state(matcher, TEXT)
    state.accept()
    assert state.cursor == 1
    state.reject()
    assert state.cursor == 2
    state.skip()
    assert state.cursor == 3
    assert state.counts() == Counts(accepted=1, rejected=1, pending=2)
    assert state.statuses == [Status.ACCEPTED, Status.REJECTED, Status.SKIPPED, Status.PENDING]


def test_skipped_come_back_after_the_pending_ones(matcher) -> None:
    state = make_state(matcher, TEXT)
    state.skip()
    state.accept()
    state.accept()
    state.accept()
    assert state.cursor == 0 and state.status() is Status.SKIPPED and not state.done
    state.reject()
    assert state.done


def test_undo_back_to_the_start(matcher) -> None:
    state = make_state(matcher, TEXT)
    state.accept()
    state.reject()
    state.accept("chain boss")
    state.skip()
    for expected in (3, 2, 1, 0):
        assert state.undo()
        assert state.cursor == expected
    assert state.statuses == [Status.PENDING] * 4
    assert state.replacement(2) == "agglomeration zone"
    assert not state.undo()
    assert state.apply(0) == [TEXT]


def test_undo_after_moving_returns_to_the_undone_proposal(matcher) -> None:
    state = make_state(matcher, TEXT)
    state.next()
    state.next()
    state.reject()
    state.previous()
    state.previous()
    state.undo()
    assert state.cursor == 2 and state.status() is Status.PENDING


def test_accept_term_takes_every_remaining_occurrence_and_undoes_in_one_step(matcher) -> None:
    state = make_state(matcher, TEXT, "A chain owner in a cluster area.\n")
    assert state.remaining_of_term() == 2
    state.accept_term()
    assert [s.value for s in state.statuses] == ["accepted", "pending", "accepted", "pending", "pending", "accepted"]
    assert state.cursor == 1
    assert state.remaining_of_term() == 2
    state.undo()
    assert state.statuses == [Status.PENDING] * 6 and state.cursor == 0


def test_accept_and_reject_term_leave_earlier_decisions_alone(matcher) -> None:
    state = make_state(matcher, TEXT)
    state.next()
    state.next()
    state.reject()  # gathering area
    state.previous()
    state.previous()
    state.previous()
    state.accept_term()  # cluster area; the rejected gathering area stays rejected
    assert state.statuses[0] is Status.ACCEPTED and state.statuses[2] is Status.REJECTED
    state.reject_term()  # at chain owner: both chain-leader proposals
    assert state.statuses[1] is Status.REJECTED and state.statuses[3] is Status.REJECTED
    assert state.done


def test_apply_uses_accepted_and_edited_replacements_only(matcher) -> None:
    state = make_state(matcher, TEXT)
    state.accept()
    state.accept("chain boss")
    state.reject()
    state.accept()
    assert state.apply(0) == ["The agglomeration zone\nhas a chain boss.\nThe gathering area and the chain leader.\n"]


def test_accept_all_applies_like_fix(matcher) -> None:
    state = make_state(matcher, TEXT)
    state.accept_term()
    state.accept_term()
    assert state.done and state.apply(0) == [FIXED]


def test_article_edits_reach_over_the_article(matcher) -> None:
    state = make_state(matcher, "It is a cluster area.\n")
    assert state.replacement() == "an agglomeration zone"
    state.accept()
    assert state.apply(0) == ["It is an agglomeration zone.\n"]


def test_every_change_is_reported_with_its_files(matcher) -> None:
    state = make_state(matcher, TEXT, "A chain owner.\n")
    seen: list[set[int]] = []
    state.on_change = seen.append
    state.accept()
    state.accept_term()
    state.undo()
    assert seen == [{0}, {0, 1}, {0, 1}]


def test_moving_stays_in_range(matcher) -> None:
    state = make_state(matcher, TEXT)
    state.previous()
    assert state.cursor == 0
    for _ in range(10):
        state.next()
    assert state.cursor == 3


def test_no_proposals(matcher) -> None:
    state = make_state(matcher, "Nothing to see.\n")
    assert state.current is None and state.done
    state.accept()
    assert not state.undo()
