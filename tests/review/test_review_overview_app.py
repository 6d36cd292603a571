"""The moves and the overview driven by real key sequences (and mouse clicks) through a pipe."""

from __future__ import annotations

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from review_support import TEXT, make_state

from mtfix.cli import main
from mtfix.review import view
from mtfix.review.app import build_app
from mtfix.review.state import ReviewState, Status
from mtfix.review.ui import ReviewUI

CTRL_C, CTRL_A, CTRL_R, CTRL_X = "\x03", "\x01", "\x12", "\x18"
DOWN = "\x1b[B"
SECOND = "A chain owner in a cluster area.\n"  # proposals 4 (chain owner) and 5 (cluster area)
ROWS = 40  # DummyOutput's screen: 40 rows of 80 columns


def _run(state: ReviewState, keys: str, opened: bool = False) -> ReviewUI:
    """Press ``keys`` (then Ctrl-C); ``opened``: the overview is open from the first screen on."""
    ui = ReviewUI(state)
    with create_pipe_input() as pipe:
        app = build_app(state, pipe, DummyOutput(), ui)
        if opened:
            ui.overview.open(app)
        pipe.send_text(keys + CTRL_C)
        app.run()
    return ui


def _statuses(state: ReviewState) -> str:
    return "".join(s.value[0] for s in state.statuses)


def _click(x: int, y: int) -> str:
    """An SGR mouse click (press and release) on the 0-based cell ``x``, ``y``."""
    return f"\x1b[<0;{x + 1};{y + 1}M\x1b[<0;{x + 1};{y + 1}m"


@pytest.mark.parametrize(("keys", "expected", "message"), [
    pytest.param("Y", "appppa", "accepted 2 of 'cluster area' in 2 files", id="Y-variant"),
    pytest.param("jN", "prpprp", "rejected 2 of 'chain owner' in 2 files", id="N-variant"),
    pytest.param("a", "apappa", "accepted 3 of term agglomeration-zone in 2 files", id="a-term"),
    pytest.param("A", "aaaapp", "accepted 4 in doc0.txt", id="A-file"),
    pytest.param("jjjjR", "pppprr", "rejected 2 in doc1.txt", id="R-file"),
    pytest.param("Yu", "pppppp", "", id="undo-in-one-step"),
])
def test_bulk_keys_say_how_many_they_decided(matcher, keys: str, expected: str, message: str) -> None:
    state = make_state(matcher, TEXT, SECOND)
    ui = _run(state, keys)
    assert _statuses(state) == expected
    assert ui.message == message


def test_overview_filter_then_enter_jumps_to_the_proposal(matcher) -> None:
    state = make_state(matcher, TEXT, SECOND)
    ui = _run(state, "lgather\r")
    assert not ui.overview.shown and state.cursor == 2 and _statuses(state) == "pppppp"
    ui = _run(state, "lqy?")
    assert ui.overview.shown and ui.overview.field.text == "qy?", "letters type into the filter"
    assert _statuses(state) == "pppppp" and ui.mode == "overview"


def test_overview_accepts_and_rejects_a_group(matcher) -> None:
    state = make_state(matcher, TEXT, SECOND)
    ui = _run(state, "l" + DOWN + CTRL_A)  # the row below agglomeration-zone: 'cluster area'
    assert _statuses(state) == "appppa" and ui.message == "accepted 2 of 'cluster area' in 2 files"
    ui = _run(state, "lchain" + CTRL_R)  # the term chain-leader, whole
    assert _statuses(state) == "arprra"
    assert ui.message == "rejected 3 of term chain-leader in 2 files"
    _run(state, "u")
    assert _statuses(state) == "appppa", "u undoes the group in one step"


def test_overview_revokes_a_remembered_rejection(matcher) -> None:
    state = make_state(matcher, TEXT, SECOND)
    hidden = state.proposals.pop(2)
    state.statuses.pop(2)
    state.texts.pop(2)
    state.files[0].earlier.append(hidden)
    ui = _run(state, "lgathering" + CTRL_X)
    assert ui.message == "revoked: doc0.txt:3:5 'gathering area' (agglomeration-zone) is pending again (u undoes)"
    assert state.proposals[2] is hidden and state.statuses[2] is Status.PENDING
    assert state.files[0].earlier == []


def test_search_then_enter_for_the_next_hit(matcher) -> None:
    state = make_state(matcher, TEXT, SECOND)
    ui = _run(state, "/the chain\r")
    assert state.cursor == 2 and ui.message.startswith("'the chain': hit 1 of 2")
    _run(state, "/the chain\r\r")
    assert state.cursor == 2, "from 2: the next hit is 3, then wrapped to 2"
    ui = _run(state, "\r")
    assert ui.message.startswith("/ searches"), "Enter with no search says what it does"


def test_next_undecided_and_next_file(matcher) -> None:
    state = make_state(matcher, TEXT, SECOND)
    state.statuses[1] = state.statuses[4] = Status.ACCEPTED
    _run(state, "]")
    assert state.cursor == 2
    _run(state, "[[")
    assert state.cursor == 5, "back over 0, wrapping"
    state.cursor = 0
    ui = _run(state, "}")
    assert state.cursor == 5 and ui.message == "file 2 of 2: doc1.txt"
    _run(state, "{")
    assert state.cursor == 0


def test_a_click_on_an_overview_row_goes_there(matcher) -> None:
    state = make_state(matcher, TEXT, SECOND)
    # Rows: header, overview rule, filter line, then agglomeration-zone, 'cluster area', 'gathering area'.
    ui = _run(state, _click(4, 5), opened=True)
    assert not ui.overview.shown and state.cursor == 2


def test_a_click_on_the_key_legend_presses_the_key(matcher) -> None:
    state = make_state(matcher, TEXT, SECOND)
    legend = "".join(text for _, text in view.keys(80, "review"))
    _run(state, _click(legend.index("n reject"), ROWS - 1))
    assert _statuses(state) == "rppppp"


def test_help_lists_every_move() -> None:
    keys = {line.split()[0] for line in view.HELP.splitlines() if line.startswith("  ") and line.split()}
    assert {"Y", "N", "A", "R", "]", "}", "/", "l"} <= keys
    assert "^X revokes" in view.HELP


def test_a_revoked_rejection_is_gone_from_the_session_for_the_next_run(tmp_path, glossary_file) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text(TEXT, encoding="utf-8")
    args = ["review", "-g", str(glossary_file), str(doc)]

    def review(keys: str) -> int:
        with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
            pipe.send_text(keys)
            return main(args)

    assert review("n" + CTRL_C) == 130  # the cluster area rejected, remembered
    assert review("lcluster" + CTRL_X + CTRL_C) == 130  # listed with the earlier rejections, revoked
    assert review("yq") == 0, "the cluster area is the first proposal again"
    assert doc.read_text().startswith("The agglomeration zone\nhas a chain owner.")
