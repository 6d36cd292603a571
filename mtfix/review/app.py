"""The review application: layout, keys and style put together around a state."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

from prompt_toolkit.application import Application, get_app_session
from prompt_toolkit.input import Input
from prompt_toolkit.output import Output

from mtfix.errors import MtfixError
from mtfix.review.keys import build_key_bindings
from mtfix.review.layout import build_layout, build_style
from mtfix.review.state import ReviewState
from mtfix.review.teach import Teacher
from mtfix.review.ui import Outcome, ReviewUI

# A lone Esc (cancel the edit) is told from an escape sequence after this many seconds.
ESCAPE_TIMEOUT = 0.1


def build_app(state: ReviewState, input: Input | None = None, output: Output | None = None,
              ui: ReviewUI | None = None, teacher: Teacher | None = None) -> Application[Outcome]:
    """The full-screen review of ``state``; ``run()`` returns how it was left. With a
    ``teacher`` the review can write the project glossary (groups, ``+``, ``x``)."""
    ui = ui or ReviewUI(state, teacher=teacher)
    _show_save_errors(state, ui)
    app: Application[Outcome] = Application(layout=build_layout(ui), key_bindings=build_key_bindings(ui),
                                            style=build_style(), full_screen=True, input=input, output=output,
                                            mouse_support=True)
    app.ttimeoutlen = ESCAPE_TIMEOUT
    return app


class _ShowingSaveErrors:
    """A state's ``on_change`` (saving its session) that says a failure on the screen
    (a read-only ``.mtfix``, one replaced by a file) instead of raising it out of the key
    handler, where prompt_toolkit would print it and wait for Enter: the review goes on,
    the decisions stay in memory and are saved again at the next decision, and ``q``
    still writes the accepted changes."""

    def __init__(self, save: Callable[[set[int]], None], ui: ReviewUI):
        self.save, self.ui = save, ui

    def __call__(self, files: set[int]) -> None:
        try:
            self.save(files)
        except (MtfixError, OSError) as exc:
            self.ui.message = f"not saved: {exc}; tried again at the next decision, q still writes the changes"


def _show_save_errors(state: ReviewState, ui: ReviewUI) -> None:
    save = state.on_change
    if isinstance(save, _ShowingSaveErrors):
        save.ui = ui
    elif save is not None:
        state.on_change = _ShowingSaveErrors(save, ui)


def has_terminal() -> bool:
    """Whether the review can talk to a person: standard input and output are a
    terminal, or the prompt_toolkit session was given its own (tests, an embedding)."""
    session = get_app_session()
    if getattr(session, "_input", None) is not None and getattr(session, "_output", None) is not None:
        return True
    return _is_terminal(sys.stdin) and _is_terminal(sys.stdout)


def _is_terminal(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (ValueError, OSError):  # closed
        return False


def run_app(state: ReviewState, input: Input | None = None, output: Output | None = None,
            teacher: Teacher | None = None) -> Outcome:
    """Run the review until ``q`` or Ctrl-C; a closed input counts as Ctrl-C."""
    outcome = build_app(state, input, output, ReviewUI(state, teacher=teacher)).run()
    return outcome if isinstance(outcome, Outcome) else Outcome.ABORT
