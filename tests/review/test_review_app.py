"""The application driven by real key sequences through a pipe.

``build_app`` tests assert on the state; ``main(["review", ...])`` tests run
the whole command inside an app session and check exit codes and files.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from review_support import TEXT, make_state, press, review

from mtfix.cli import main
from mtfix.review import view
from mtfix.review.app import build_app
from mtfix.review.session import read_decisions
from mtfix.review.state import ReviewState, Status
from mtfix.review.ui import Outcome, ReviewUI

ESC = "\x1b"
CTRL_C = "\x03"
DOWN, UP = "\x1b[B", "\x1b[A"


def _statuses(state: ReviewState) -> str:
    return "".join(s.value[0] for s in state.statuses)


@pytest.mark.parametrize(("keys", "expected", "cursor"), [
    pytest.param("ynsq", "arsp", 3, id="accept-reject-skip"),
    pytest.param("yyuq", "appp", 1, id="undo-returns"),
    pytest.param("yynuuuuq", "pppp", 0, id="undo-to-start"),
    pytest.param("aq", "apap", 1, id="accept-all-of-term"),
    pytest.param("jrq", "prpr", 2, id="reject-all-of-term"),
    pytest.param("jjkyq", "papp", 2, id="move-then-decide"),
    pytest.param(DOWN + DOWN + UP + "nq", "prpp", 2, id="arrows"),
])
def test_keys_decide(matcher, keys: str, expected: str, cursor: int) -> None:
    state = make_state(matcher, TEXT)
    assert press(state, keys) is Outcome.WRITE
    assert _statuses(state) == expected
    assert state.cursor == cursor


def test_ctrl_c_aborts(matcher) -> None:
    state = make_state(matcher, TEXT)
    assert press(state, "yn" + CTRL_C) is Outcome.ABORT
    assert _statuses(state) == "arpp"


def test_edit_field_replaces_this_occurrence(matcher) -> None:
    state = make_state(matcher, TEXT)
    assert press(state, "e\x7f\x7f\x7f\x7fzones yes\rq") is Outcome.WRITE  # letters type, not decide
    assert _statuses(state) == "appp" and state.cursor == 1
    assert state.replacement(0) == "agglomeration zones yes"
    assert state.apply(0)[0].startswith("The agglomeration zones yes\n")


def test_edit_field_starts_with_the_cursor_at_the_end(matcher) -> None:
    state = make_state(matcher, TEXT)
    ui = ReviewUI(state)
    press(state, "e!", CTRL_C, ui=ui)
    assert ui.editing and ui.editor.text == "agglomeration zone!"


def test_key_help_line_follows_the_edit_field_and_the_help_screen(matcher) -> None:
    state = make_state(matcher, TEXT)
    ui = ReviewUI(state)
    assert ui.mode == "review"
    press(state, "e", CTRL_C, ui=ui)
    assert ui.mode == "edit"
    ui = ReviewUI(state)
    press(state, "?", CTRL_C, ui=ui)
    assert ui.mode == "help"


def test_escape_alone_cancels_the_edit_at_once(matcher) -> None:
    state = make_state(matcher, TEXT)
    ui = ReviewUI(state)
    editing_after_escape: list[bool] = []

    def look_then_continue() -> None:  # no key follows the Esc until after this look (2 s: a loaded CI)
        editing_after_escape.append(ui.editing)
        pipe.send_text("nq")

    with create_pipe_input() as pipe:
        app = build_app(state, pipe, DummyOutput(), ui)
        pipe.send_text("exyz" + ESC)
        app.pre_run_callables.append(lambda: app.loop.call_later(2.0, look_then_continue))  # type: ignore[union-attr]
        assert app.run() is Outcome.WRITE
    assert editing_after_escape == [False]
    assert _statuses(state) == "rppp" and state.replacement(0) == "agglomeration zone"


def test_help_screen_toggles_and_blocks_decisions(matcher) -> None:
    state = make_state(matcher, TEXT)
    ui = ReviewUI(state)
    press(state, "?yn", CTRL_C, ui=ui)
    assert ui.help and _statuses(state) == "pppp"
    ui = ReviewUI(state)
    press(state, "??y", CTRL_C, ui=ui)
    assert not ui.help and _statuses(state) == "appp"


def test_help_screen_scrolls_for_small_terminals(matcher) -> None:
    state = make_state(matcher, TEXT)
    ui = ReviewUI(state)
    press(state, "?jj" + DOWN + "k", CTRL_C, ui=ui)
    assert ui.help_top == 2 and _statuses(state) == "pppp" and state.cursor == 0
    assert view.help_from(2)[0][1].startswith("  y          accept")
    press(state, "??", CTRL_C, ui=ui)
    assert ui.help_top == 0


def test_undo_with_nothing_to_undo_says_so(matcher) -> None:
    state = make_state(matcher, TEXT)
    ui = ReviewUI(state)
    press(state, "u", CTRL_C, ui=ui)
    assert ui.message == "nothing to undo"


# -- the whole command -------------------------------------------------------

@pytest.fixture
def doc(tmp_path: Path) -> Path:
    path = tmp_path / "doc.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_q_writes_accepted_changes_and_exits_0(doc, glossary_file, capsys) -> None:
    assert review(["-g", str(glossary_file), str(doc)], "ynyq") == 0
    assert doc.read_text() == ("The agglomeration zone\nhas a chain owner.\n"
                               "The agglomeration zone and the chain master.\n")
    assert "2 accepted, 1 rejected, 1 pending; changes written: 2 in" in capsys.readouterr().err


def test_ctrl_c_writes_nothing_exits_130_and_remembers_rejections(doc, glossary_file, capsys) -> None:
    assert review(["-g", str(glossary_file), str(doc)], "yn" + CTRL_C) == 130
    assert doc.read_text() == TEXT
    assert "quit without writing" in capsys.readouterr().err
    assert [r["status"] for r in read_decisions(str(doc))] == ["accepted", "rejected"]
    assert review(["-g", str(glossary_file), str(doc)], "aaq") == 0  # the rejected one is not shown
    assert doc.read_text() == ("The agglomeration zone\nhas a chain owner.\n"
                               "The agglomeration zone and the chain leader.\n")


def test_resume_counts_restart_with_what_is_left(doc, glossary_file, monkeypatch) -> None:
    assert review(["-g", str(glossary_file), str(doc)], "yyyq") == 0
    seen: list[ReviewState] = []
    import mtfix.review.app as app_module

    real = app_module.build_app
    monkeypatch.setattr(app_module, "build_app", lambda state, *a: seen.append(state) or real(state, *a))
    assert review(["-g", str(glossary_file), str(doc)], "yq") == 0
    assert len(seen[0].proposals) == 1 and seen[0].statuses == [Status.ACCEPTED]
    assert doc.read_text() == TEXT.replace("cluster area", "agglomeration zone").replace(
        "chain owner", "chain leader").replace("gathering area", "agglomeration zone").replace(
        "chain master", "chain leader")


def test_skipped_and_rejected_on_the_next_run(doc, glossary_file) -> None:
    assert review(["-g", str(glossary_file), str(doc)], "nsq") == 0
    assert review(["-g", str(glossary_file), str(doc)], "aaq") == 0  # skipped one comes back
    assert doc.read_text() == ("The cluster area\nhas a chain leader.\n"
                               "The agglomeration zone and the chain leader.\n")


def test_file_changed_on_disk_is_refused(doc, glossary_file, capsys, monkeypatch) -> None:
    import mtfix.review.session as session

    real = session.write_file

    def someone_else_writes(state, file):  # between the review starting and q
        doc.write_text("Edited elsewhere: cluster area.\n")
        return real(state, file)

    monkeypatch.setattr("mtfix.review.command.write_file", someone_else_writes)
    assert review(["-g", str(glossary_file), str(doc)], "yq") == 2
    assert doc.read_text() == "Edited elsewhere: cluster area.\n"
    assert "changed on disk since the review started; not overwritten" in capsys.readouterr().err


@pytest.mark.parametrize("content", ["", "No known wrong renderings here.\n"], ids=["empty", "clean"])
def test_nothing_to_review(tmp_path, glossary_file, capsys, content: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_text(content)
    assert main(["review", "-g", str(glossary_file), str(path)]) == 0
    assert "nothing to review" in capsys.readouterr().err


def test_missing_file_is_an_error(tmp_path, glossary_file, capsys) -> None:
    assert main(["review", "-g", str(glossary_file), str(tmp_path / "nope.txt")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_several_files_reviewed_in_one_go(tmp_path, glossary_file) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("A chain owner.\n")
    second.write_text("A cluster area.\n")
    assert review(["-g", str(glossary_file), str(first), str(second)], "yyq") == 0
    assert first.read_text() == "A chain leader.\n"
    assert second.read_text() == "An agglomeration zone.\n"


@pytest.mark.parametrize(("text", "first", "code", "after_first"), [
    pytest.param("A chain owner.\n\nA chain owner.\n", "yn" + CTRL_C, 130, "A chain owner.\n\nA chain owner.\n",
                 id="accept-reject-ctrl-c"),
    pytest.param("A chain owner.\n\nA chain owner.\n\nA chain owner.\n", "ysnq", 0,
                 "A chain leader.\n\nA chain owner.\n\nA chain owner.\n", id="accept-skip-reject-q"),
])
def test_identical_lines_resume_with_the_rejected_one_hidden(tmp_path, glossary_file, text: str, first: str,
                                                             code: int, after_first: str) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text(text)
    assert review(["-g", str(glossary_file), str(doc)], first) == code
    assert doc.read_text() == after_first
    assert review(["-g", str(glossary_file), str(doc)], "aq") == 0  # accepts what is shown
    lines = doc.read_text().split("\n\n")
    assert lines[-1] == "A chain owner.\n" and all(line.startswith("A chain leader.") for line in lines[:-1])
