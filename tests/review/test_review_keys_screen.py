"""Keys of the screen, through a pipe: ``E`` edits the segment (in the field or in
``$EDITOR``), an empty replacement asks again, ``q`` closes the help, an unbound
key lists the keys, PageDown scrolls the context, the term pane shows a long note."""

from __future__ import annotations

import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.layout.controls import UIContent
from prompt_toolkit.output import DummyOutput
from review_support import TEXT, make_state

from mtfix import compile_glossary
from mtfix.glossary.load import parse_glossary
from mtfix.review.app import build_app
from mtfix.review.state import ReviewState, Status
from mtfix.review.ui import Outcome, ReviewUI

ESC, CTRL_C, BACKSPACE, PAGE_DOWN = "\x1b", "\x03", "\x7f", "\x1b[6~"


def _press(state: ReviewState, *chunks: str) -> tuple[ReviewUI, Outcome]:
    ui = ReviewUI(state)
    with create_pipe_input() as pipe:
        for chunk in chunks:
            pipe.send_text(chunk)
        return ui, build_app(state, pipe, DummyOutput(), ui).run()


def _statuses(state: ReviewState) -> str:
    return "".join(s.value[0] for s in state.statuses)


def test_q_on_the_help_screen_closes_it(matcher) -> None:
    state = make_state(matcher, TEXT)
    ui, outcome = _press(state, "?", "q", "y", CTRL_C)
    assert outcome is Outcome.ABORT and not ui.help and _statuses(state) == "appp"


def test_an_unbound_key_lists_the_keys(matcher) -> None:
    state = make_state(matcher, TEXT)
    ui, _ = _press(state, "z", CTRL_C)
    assert ui.message.startswith("z does nothing here; keys: y n s e u + x E ")
    assert _statuses(state) == "pppp"


def test_an_empty_replacement_is_refused_until_enter_again(matcher) -> None:
    state = make_state(matcher, TEXT)
    ui, _ = _press(state, "e" + BACKSPACE * 30 + "\r", CTRL_C)
    assert _statuses(state) == "pppp" and ui.editing and "Enter again" in ui.message
    state = make_state(matcher, TEXT)
    _press(state, "e" + BACKSPACE * 30 + "\r\r", CTRL_C)
    assert _statuses(state) == "appp" and state.apply(0)[0].startswith("The \n")


def test_E_edits_the_line_as_one_decision_and_u_undoes_it(matcher) -> None:
    state = make_state(matcher, "The cluster area grows.\nA chain owner.\n")
    ui, _ = _press(state, "E", CTRL_C)
    assert ui.editor.text == "The agglomeration zone grows."  # the line as it will be written
    state = make_state(matcher, "The cluster area grows.\nA chain owner.\n")
    _press(state, "E" + BACKSPACE * 6 + "is new.\r", "q")
    assert _statuses(state) == "ap"
    assert state.apply(0) == ["The agglomeration zone is new.\nA chain owner.\n"]
    _press(state, "ku", CTRL_C)
    assert _statuses(state) == "pp" and state.apply(0) == ["The cluster area grows.\nA chain owner.\n"]


def test_E_takes_over_the_other_proposals_it_retypes(matcher) -> None:
    state = make_state(matcher, "The cluster area has a chain owner.")
    _press(state, "E" + BACKSPACE * 12 + "boss.\r", "q")
    assert _statuses(state) == "ar"  # one decision: the chain owner's words are in the typed text
    assert state.apply(0) == ["The agglomeration zone has a boss."]
    assert len(state.history) == 1


def _editor(tmp_path: Path, body: str) -> str:
    script = tmp_path / "editor.py"
    script.write_text("import sys\npath = sys.argv[1]\ntext = open(path, encoding='utf-8').read()\n" + body)
    return f"{sys.executable} {script}"


@pytest.mark.parametrize(("body", "expected", "said"), [
    pytest.param("open(path, 'w', encoding='utf-8').write(text.replace('grows', 'thrives'))\n",
                 "The agglomeration zone thrives.\n", "segment edited", id="edited"),
    pytest.param("sys.exit(1)\n", "The cluster area grows.\n", "editor exited with 1", id="non-zero-exit"),
    pytest.param("pass\n", "The cluster area grows.\n", "segment unchanged", id="unchanged"),
])
def test_E_opens_the_editor_when_one_is_set(matcher, tmp_path, monkeypatch, body: str, expected: str,
                                            said: str) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", _editor(tmp_path, body))
    state = make_state(matcher, "The cluster area grows.\n")
    ui = ReviewUI(state)
    with create_pipe_input() as pipe:
        pipe.send_text("E")
        quit_after_the_editor = threading.Thread(target=_quit_when_said, args=(ui, pipe))
        quit_after_the_editor.start()
        build_app(state, pipe, DummyOutput(), ui).run()
        quit_after_the_editor.join()
    assert state.apply(0) == [expected] and ui.message.startswith(said)


def _quit_when_said(ui: ReviewUI, pipe: PipeInput) -> None:
    deadline = time.monotonic() + 20
    while not ui.message and time.monotonic() < deadline:
        time.sleep(0.02)
    pipe.send_text(CTRL_C)


def test_page_down_scrolls_the_context(matcher) -> None:
    text = "".join(f"line {n}\n" for n in range(200)) + "The cluster area.\n"
    state = make_state(matcher, text)
    ui, _ = _press(state, PAGE_DOWN, PAGE_DOWN, "\x1b[5~", CTRL_C)  # DummyOutput: 40 rows
    assert ui.context_top is not None and ui.main_window is not None
    follows = make_state(matcher, text)
    other, _ = _press(follows, CTRL_C)
    assert other.main_window is not None
    assert ui.main_window.vertical_scroll < other.main_window.vertical_scroll  # up from the match at the end


def test_the_term_pane_shows_a_long_note_whole() -> None:
    note = " ".join(f"word{n}" for n in range(80))  # about 7 rows of 80 columns
    glossary = parse_glossary(textwrap.dedent(f'''\
        [[term]]
        id = "agglomeration-zone"
        preferred = "agglomeration zone"
        variants = ["cluster area"]
        note = "{note}"
        '''), "long.toml")
    state = make_state(compile_glossary(glossary), "The cluster area.\n")
    with create_pipe_input() as pipe:
        pipe.send_text(CTRL_C)
        app = build_app(state, pipe, DummyOutput())
        app.run()
    panes = [w.render_info for w in app.layout.find_all_windows()
             if w.render_info is not None and "word79" in _lines(w.render_info.ui_content)]
    assert len(panes) == 1
    assert panes[0].window_height >= panes[0].ui_content.line_count  # every row of the note is on screen


def _lines(content: UIContent) -> str:
    return "\n".join("".join(t for _, t, *_ in content.get_line(n)) for n in range(content.line_count))


def test_E_without_a_change_decides_nothing(matcher) -> None:
    state = make_state(matcher, TEXT)
    ui, _ = _press(state, "E\r", CTRL_C)
    assert state.statuses[0] is Status.PENDING and not state.history
    assert ui.message == "segment unchanged: nothing decided" and not ui.editing
