"""What only the screen knows: help shown, the field being typed in, the
rendering selected in an ``inconsistent`` item, a passing message.

Decisions themselves live in ``ReviewState`` and lessons in ``Teacher``; this
wraps them so every key handler stays a one-liner. The one-line field serves
four purposes (``Field``): edit the replacement, type another preferred
rendering (``e`` on a group), add a variant (``+``), add an exception (``x``).
"""

from __future__ import annotations

import enum
import os
from collections.abc import Callable

from prompt_toolkit.application import Application, get_app
from prompt_toolkit.document import Document
from prompt_toolkit.layout import Window
from prompt_toolkit.widgets import TextArea

from mtfix.errors import MtfixError
from mtfix.glossary.edit import ConflictError
from mtfix.review.state import ReviewState
from mtfix.review.teach import ARROW, Teacher
from mtfix.review.view import HELP


class Outcome(enum.Enum):
    WRITE = "write"  # q: write the accepted changes
    ABORT = "abort"  # Ctrl-C: write nothing


class Field(enum.Enum):
    EDIT = "replace with"  # the replacement of a fix
    PREFER = "preferred"  # another preferred rendering of a group
    VARIANT = "variant => term"  # +: a variant of a term (Tab: next term)
    EXCEPTION = "exception"  # x: a phrase the term never rewrites


def not_written(exc: MtfixError) -> str:
    """A refused lesson, said in one status line."""
    if isinstance(exc, ConflictError) and exc.problems:
        return f"not written: {exc.problems[0].message}"
    return f"not written: {exc.message if hasattr(exc, 'message') else exc}"


def no_color() -> bool:
    return bool(os.environ.get("NO_COLOR"))


class ReviewUI:
    def __init__(self, state: ReviewState, markers: bool | None = None, teacher: Teacher | None = None):
        self.state = state
        self.teacher = teacher
        self.markers = no_color() if markers is None else markers
        self.help = False
        self.help_top = 0  # first help row shown
        self.field: Field | None = None
        self.chosen_row: int | None = None  # the rendering selected in a group (None: the one shown)
        self.message = ""
        self.editor = TextArea(multiline=False, accept_handler=self._accept_edit, style="class:editor")
        self.main_window: Window | None = None  # set by the layout: focus returns here after editing

    @property
    def editing(self) -> bool:
        return self.field is not None

    @property
    def mode(self) -> str:
        """What the keys do now: ``edit`` (or ``variant``, ``exception``, ``prefer``: a field is
        open), ``help``, ``check`` (no edit), ``group`` (an inconsistent item) or ``review``."""
        if self.field is not None:
            return {Field.EDIT: "edit", Field.PREFER: "prefer", Field.VARIANT: "variant",
                    Field.EXCEPTION: "exception"}[self.field]
        if self.help:
            return "help"
        current = self.state.current
        if current is not None and current.inconsistent:
            return "group"
        return "check" if current is not None and not current.fixable else "review"

    @property
    def selected(self) -> int:
        """The selected rendering of the current group (0 when it has fewer)."""
        current = self.state.current
        if current is None or not current.inconsistent:
            return 0
        texts = [r.text for r in current.group.renderings]
        if self.chosen_row is None:
            return texts.index(current.finding.variant) if current.finding.variant in texts else 0
        return min(self.chosen_row, len(texts) - 1)

    def do(self, action: Callable[[], object]) -> None:
        self.message, self.chosen_row = "", None
        action()

    def undo(self) -> None:
        try:
            self.message = "" if self.state.undo() else "nothing to undo"
        except (MtfixError, OSError) as exc:
            self.message = f"not undone: {exc}"

    def accept(self) -> None:
        """``y``; on a group it says how to choose."""
        if self._group_only("y"):
            return
        self.do(self.state.accept)

    def accept_term(self) -> None:
        if self._group_only("a"):
            return
        self.do(self.state.accept_term)

    def _group_only(self, key: str) -> bool:
        current = self.state.current
        if current is None or not current.inconsistent:
            return False
        self.message = f"{key} is off here: 1-9 choose the preferred rendering, e types another, n dismisses"
        return True

    def select(self, step: int) -> None:
        current = self.state.current
        if current is not None and current.inconsistent:
            self.chosen_row = (self.selected + step) % len(current.group.renderings)

    def choose(self, number: int) -> None:
        """A number key: choose that rendering of the current group as preferred."""
        current = self.state.current
        if current is None or not current.inconsistent:
            self.message = "number keys choose a rendering of an inconsistent item"
            return
        if number > len(current.group.renderings):
            self.message = f"this item has {len(current.group.renderings)} renderings"
            return
        self.learn(lambda teacher: teacher.choose(current.group.renderings[number - 1].text))

    def learn(self, lesson: Callable[[Teacher], str]) -> bool:
        """Run a lesson; a refusal (lint, I/O) is said in the status line and nothing is written."""
        if self.teacher is None:
            self.message = "this review cannot write a glossary"
            return False
        try:
            self.message = lesson(self.teacher)
        except MtfixError as exc:
            self.message = not_written(exc)
            return False
        self.chosen_row = None
        return True

    def toggle_help(self) -> None:
        self.help, self.help_top = not self.help, 0

    def scroll_help(self, rows: int) -> None:
        self.help_top = max(0, min(self.help_top + rows, HELP.count("\n") - 1))

    def close_help(self) -> None:
        self.help = False

    def start_edit(self, app: Application) -> None:
        current = self.state.current
        if current is not None and current.inconsistent:
            self._open(app, Field.PREFER, current.group.renderings[self.selected].text)
            return
        if current is None or not current.fixable:
            self.message = "a check changes no text: y notes it, n dismisses it"
            return
        self._open(app, Field.EDIT, self.state.replacement())

    def start_variant(self, app: Application) -> None:
        """``+``: the words around the match (a group: the selected rendering) => the term."""
        current = self.state.current
        if current is None or self.teacher is None:
            self.message = "nothing to add a variant to" if current is None else "this review cannot write a glossary"
            return
        rendering = current.group.renderings[self.selected].text if current.inconsistent else None
        text = self.teacher.variant_field(rendering)
        self._open(app, Field.VARIANT, text, text.find(ARROW) if ARROW in text else len(text))

    def start_exception(self, app: Application) -> None:
        """``x``: reject the fix and protect the phrase around it."""
        current = self.state.current
        if current is None or not current.fixable or self.teacher is None:
            self.message = ("x rejects a fix and protects its phrase; this is not a fix" if self.teacher
                            else "this review cannot write a glossary")
            return
        self._open(app, Field.EXCEPTION, self.teacher.exception_field())

    def next_term(self) -> None:
        """Tab in the ``+`` field: the term part becomes the next term id."""
        if self.field is not Field.VARIANT or self.teacher is None:
            return
        variant, _, target = self.editor.text.partition(ARROW.strip())
        ids = self.teacher.term_ids()
        if not ids:
            return
        target = target.strip()
        following = ids[(ids.index(target) + 1) % len(ids)] if target in ids else ids[0]
        text = f"{variant.strip()}{ARROW}{following}"
        self.editor.buffer.document = Document(text, cursor_position=len(text))

    def _open(self, app: Application, field: Field, text: str, cursor: int | None = None) -> None:
        self.editor.buffer.document = Document(text, cursor_position=len(text) if cursor is None else cursor)
        self.message, self.field = "", field
        app.layout.focus(self.editor)

    def cancel_edit(self, app: Application) -> None:
        self.field = None
        if self.main_window is not None:
            app.layout.focus(self.main_window)

    def submit(self, text: str) -> bool:
        """Enter in the field: what it was opened for; False (the field stays open) if refused."""
        field = self.field
        if field is Field.EDIT:
            self.state.accept(text)
            return True
        if field is Field.PREFER:
            return self.learn(lambda teacher: teacher.choose(text))
        if field is Field.VARIANT:
            return self.learn(lambda teacher: teacher.add_variant(text))
        if field is Field.EXCEPTION:
            return self.learn(lambda teacher: teacher.protect(text))
        return True

    def _accept_edit(self, buffer: object) -> bool:
        if self.submit(self.editor.text):
            self.cancel_edit(get_app())
        return True  # keep the text: a refused lesson stays open for correction

    def quit(self, app: Application, outcome: Outcome) -> None:
        if not app.is_done:
            app.exit(result=outcome)
