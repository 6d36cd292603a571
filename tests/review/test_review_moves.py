"""Bulk scopes, the overview's rows, search and jumps, driven on the state (no terminal)."""

from __future__ import annotations

import pytest
from review_support import TEXT, make_state

from mtfix.review import moves
from mtfix.review.overview import RowKind, fragments, group_rows, overview_rows, tally, target
from mtfix.review.session import revoke
from mtfix.review.state import Scope, Status

# Proposals: 0 cluster area, 1 chain owner, 2 gathering area, 3 chain master (doc0), 4 chain owner,
# 5 cluster area (doc1).
SECOND = "A chain owner in a cluster area.\n"


def _statuses(state) -> str:
    return "".join(s.value[0] for s in state.statuses)


@pytest.mark.parametrize(("scope", "status", "expected", "message"), [
    pytest.param(Scope.VARIANT, Status.ACCEPTED, "appppa", "accepted 2 of 'cluster area' in 2 files", id="variant"),
    pytest.param(Scope.TERM, Status.ACCEPTED, "apappa", "accepted 3 of term agglomeration-zone in 2 files",
                 id="term"),
    pytest.param(Scope.FILE, Status.REJECTED, "rrrrpp", "rejected 4 in doc0.txt", id="file"),
])
def test_bulk_scopes_decide_alike_say_how_many_and_undo_in_one_step(matcher, scope, status, expected,
                                                                    message) -> None:
    state = make_state(matcher, TEXT, SECOND)
    decided = state.decide_all(status, scope)
    assert _statuses(state) == expected
    assert moves.bulk_message(state, decided, status, scope) == message
    assert state.undo() and _statuses(state) == "pppppp" and state.cursor == 0
    assert not state.undo()


def test_bulk_scopes_leave_decided_proposals_alone(matcher) -> None:
    state = make_state(matcher, TEXT, SECOND)
    state.next()
    state.reject()  # chain owner in doc0
    state.cursor = 0
    assert state.decide_all(Status.ACCEPTED, Scope.FILE) == [0, 2, 3]
    assert _statuses(state) == "araapp"
    state.cursor = 4
    assert state.decide_all(Status.ACCEPTED, Scope.VARIANT) == [4], "the rejected chain owner stays rejected"


def test_next_and_previous_undecided_wrap_around(matcher) -> None:
    state = make_state(matcher, TEXT, SECOND)
    state.statuses[1] = state.statuses[2] = Status.ACCEPTED
    assert moves.next_undecided(state) == "" and state.cursor == 3
    assert moves.next_undecided(state, -1) == "" and state.cursor == 0
    assert moves.next_undecided(state, -1) == "wrapped around" and state.cursor == 5
    for i in range(6):
        state.statuses[i] = Status.REJECTED
    assert moves.next_undecided(state) == "no other undecided proposal" and state.cursor == 5


def test_next_file_goes_to_its_first_undecided_proposal(matcher) -> None:
    state = make_state(matcher, TEXT, SECOND)
    state.statuses[4] = Status.ACCEPTED
    assert moves.next_file(state) == "file 2 of 2: doc1.txt" and state.cursor == 5
    assert moves.next_file(state) == "this is the last file with proposals" and state.cursor == 5
    assert moves.next_file(state, -1) == "file 1 of 2: doc0.txt" and state.cursor == 0


def test_search_finds_the_line_of_a_proposal_ignoring_case_and_wraps(matcher) -> None:
    state = make_state(matcher, TEXT, SECOND)
    assert moves.search(state, "THE CHAIN") == "'THE CHAIN': hit 1 of 2 (Enter: next)"
    assert state.cursor == 2, "the third line holds 'the chain master' and the gathering area"
    assert moves.search(state, "the chain").startswith("'the chain': hit 2 of 2") and state.cursor == 3
    assert moves.search(state, "the chain") == "'the chain': hit 1 of 2, wrapped around (Enter: next)"
    assert moves.search(state, "nowhere") == "no proposal's text has 'nowhere'" and state.cursor == 2
    assert moves.search_hits(state, "IN A cluster") == [4, 5]


def test_overview_groups_by_term_and_variant_with_counts(matcher) -> None:
    state = make_state(matcher, TEXT, SECOND)
    state.statuses[0], state.statuses[1] = Status.ACCEPTED, Status.REJECTED
    rows = group_rows(state)
    assert [(r.kind, r.label, r.indices) for r in rows] == [
        (RowKind.TERM, "agglomeration-zone → agglomeration zone", (0, 2, 5)),
        (RowKind.VARIANT, "'cluster area'", (0, 5)),
        (RowKind.VARIANT, "'gathering area'", (2,)),
        (RowKind.TERM, "chain-leader → chain leader", (1, 3, 4)),
        (RowKind.VARIANT, "'chain master'", (3,)),
        (RowKind.VARIANT, "'chain owner'", (1, 4)),
    ]
    assert [tally(state, r) for r in rows[:2]] == ["3: accepted 1 · pending 2", "2: accepted 1 · pending 1"]
    assert tally(state, rows[5]) == "2: rejected 1 · pending 1"
    assert target(state, rows[1]) == 5, "Enter goes to the first undecided one"


@pytest.mark.parametrize(("needle", "labels"), [
    pytest.param("GATHER", ["agglomeration-zone → agglomeration zone", "'gathering area'"], id="a-variant"),
    pytest.param("chain lead", ["chain-leader → chain leader", "'chain master'", "'chain owner'"], id="a-term"),
    pytest.param("zzz", [], id="nothing"),
])
def test_overview_filter_keeps_matching_terms_and_variants(matcher, needle, labels) -> None:
    state = make_state(matcher, TEXT, SECOND)
    assert [r.label for r in overview_rows(state, needle)] == labels


def test_overview_lists_earlier_rejections_and_revoke_brings_one_back(matcher) -> None:
    state = make_state(matcher, TEXT, SECOND)
    saved: list[set[int]] = []
    hidden = state.proposals.pop(2)  # rejected in an earlier run: not shown, remembered
    state.statuses.pop(2)
    state.texts.pop(2)
    state.files[0].earlier.append(hidden)
    state.on_change = saved.append
    rows = overview_rows(state)
    assert [r.kind for r in rows[-2:]] == [RowKind.HEADING, RowKind.EARLIER]
    assert rows[-1].label == "doc0.txt:3:5 'gathering area' (agglomeration-zone)"
    assert "rejected in earlier runs" in "".join(f[1] for f in fragments(state, rows, 0, 80))
    revoke(state, rows[-1].earlier)
    assert state.proposals[2] is hidden and state.statuses[2] is Status.PENDING
    assert state.files[0].earlier == [] and saved == [{0}], "the session is saved without the record"
    assert all(r.kind is not RowKind.EARLIER for r in overview_rows(state))
    assert state.undo()
    assert hidden not in state.proposals and state.files[0].earlier == [hidden]


def test_overview_group_decision_is_one_undo_step(matcher) -> None:
    state = make_state(matcher, TEXT, SECOND)
    state.statuses[4] = Status.ACCEPTED
    owner = next(r for r in group_rows(state) if r.label == "'chain owner'")
    assert state.decide(owner.indices, Status.REJECTED) == [1]
    assert _statuses(state) == "prppap"
    assert state.undo() and _statuses(state) == "ppppap"
