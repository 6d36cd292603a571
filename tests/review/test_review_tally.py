"""The state's counters, kept up to date decision by decision, always equal a recount."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st
from review_support import TEXT, make_state

from mtfix.model import KIND_INCONSISTENT, KIND_MISSING
from mtfix.review.state import Counts, ReviewState, Status

ACTIONS = ("accept", "reject", "skip", "accept_term", "reject_term", "undo", "next", "previous", "jump")


def _mixed_state(matcher) -> ReviewState:
    """Fixes of two terms, checks of one of them and a mined group, several of each."""
    state = make_state(matcher, TEXT * 3)
    ps = state.proposals
    ps[4] = replace(ps[4], finding=replace(ps[4].finding, kind=KIND_MISSING))
    ps[6] = replace(ps[6], finding=replace(ps[6].finding, kind=KIND_MISSING))
    ps[9] = replace(ps[9], finding=replace(ps[9].finding, kind=KIND_INCONSISTENT))
    state.proposals = ps
    return state


def _recounted(state: ReviewState) -> Counts:
    """The counts as the status line had them before the tally: counted from scratch."""
    sorts = ["fix" if p.fixable else "group" if p.finding.kind == KIND_INCONSISTENT else "check"
             for p in state.proposals]
    tally = Counter(zip(sorts, list(state.statuses), strict=True))
    decided = {s: tally[s, Status.ACCEPTED] + tally[s, Status.REJECTED] for s in ("fix", "check", "group")}
    return Counts(tally["fix", Status.ACCEPTED], tally["fix", Status.REJECTED], len(sorts) - sum(decided.values()),
                  noted=tally["check", Status.ACCEPTED],
                  dismissed=tally["check", Status.REJECTED] + tally["group", Status.REJECTED],
                  checks=sorts.count("check"), chosen=tally["group", Status.ACCEPTED], groups=sorts.count("group"))


def _remaining(state: ReviewState, i: int) -> int:
    like = state.proposals[i]
    if like.finding.kind == KIND_INCONSISTENT:
        return 0
    return sum(1 for j, p in enumerate(state.proposals) if j != i and p.term == like.term
               and p.fixable == like.fixable and not state.statuses[j].decided)


def _agrees(state: ReviewState) -> None:
    assert state.counts() == _recounted(state)
    assert state.done == all(s.decided for s in state.statuses)
    assert [state.remaining_of_term(i) for i in range(len(state.proposals))] == \
        [_remaining(state, i) for i in range(len(state.proposals))]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(ACTIONS), st.integers(0, 11)), max_size=40))
def test_counts_stay_equal_to_a_recount_through_decisions_and_undo(matcher, actions) -> None:
    state = _mixed_state(matcher)
    _agrees(state)
    for action, where in actions:
        if action == "jump":
            state.cursor = where
        else:
            getattr(state, action)()
        _agrees(state)


def test_next_undecided_wraps_and_prefers_pending_to_skipped(matcher) -> None:
    state = make_state(matcher, TEXT * 2)
    state.skip()  # 0 skipped, on to 1
    for i in (1, 2, 3, 4, 5, 6):
        state.cursor = i
        state.accept()
    assert state.cursor == 7
    state.cursor = 7
    state.reject()  # only the skipped one is left: back to it
    assert state.cursor == 0 and state.status() is Status.SKIPPED
    state.statuses[4] = Status.PENDING  # set from outside (same term as 0): the counts follow
    assert state.counts().pending == 2 and state.remaining_of_term(0) == 1
    state.reject()
    assert state.cursor == 4


def test_a_new_list_of_statuses_is_recounted(matcher) -> None:
    state = make_state(matcher, TEXT)
    state.statuses = [Status.ACCEPTED] * 4
    assert state.done and state.counts() == Counts(accepted=4, rejected=0, pending=0)
    state.statuses.pop()
    state.statuses.append(Status.PENDING)
    assert not state.done and state.counts().pending == 1
