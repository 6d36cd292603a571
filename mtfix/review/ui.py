"""What only the screen knows: help shown, the edit field, a passing message.

Decisions themselves live in ``ReviewState``; this wraps them so every key
handler stays a one-liner.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Callable

from prompt_toolkit.application import Application, get_app
from prompt_toolkit.document import Document
from prompt_toolkit.layout import Window
from prompt_toolkit.widgets import TextArea

from mtfix.review.state import ReviewState
from mtfix.review.view import HELP


class Outcome(enum.Enum):
    WRITE = "write"  # q: write the accepted changes
    ABORT = "abort"  # Ctrl-C: write nothing


def no_color() -> bool:
    return bool(os.environ.get("NO_COLOR"))


class ReviewUI:
    def __init__(self, state: ReviewState, markers: bool | None = None):
        self.state = state
        self.markers = no_color() if markers is None else markers
        self.help = False
        self.help_top = 0  # first help row shown
        self.editing = False
        self.message = ""
        self.editor = TextArea(multiline=False, accept_handler=self._accept_edit, style="class:editor")
        self.main_window: Window | None = None  # set by the layout: focus returns here after editing

    @property
    def mode(self) -> str:
        """What the keys do now: ``edit``, ``help``, ``check`` (no edit) or ``review``."""
        if self.editing or self.help:
            return "edit" if self.editing else "help"
        current = self.state.current
        return "check" if current is not None and not current.fixable else "review"

    def do(self, action: Callable[[], object]) -> None:
        self.message = ""
        action()

    def undo(self) -> None:
        self.message = "" if self.state.undo() else "nothing to undo"

    def toggle_help(self) -> None:
        self.help, self.help_top = not self.help, 0

    def scroll_help(self, rows: int) -> None:
        self.help_top = max(0, min(self.help_top + rows, HELP.count("\n") - 1))

    def close_help(self) -> None:
        self.help = False

    def start_edit(self, app: Application) -> None:
        current = self.state.current
        if current is None or not current.fixable:
            self.message = "a check changes no text: y notes it, n dismisses it"
            return
        text = self.state.replacement()
        self.editor.buffer.document = Document(text, cursor_position=len(text))
        self.message, self.editing = "", True
        app.layout.focus(self.editor)

    def cancel_edit(self, app: Application) -> None:
        self.editing = False
        if self.main_window is not None:
            app.layout.focus(self.main_window)

    def _accept_edit(self, buffer: object) -> bool:
        self.state.accept(self.editor.text)
        self.cancel_edit(get_app())
        return False

    def quit(self, app: Application, outcome: Outcome) -> None:
        if not app.is_done:
            app.exit(result=outcome)
