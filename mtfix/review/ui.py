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

from prompt_toolkit.application import Application, get_app, run_in_terminal
from prompt_toolkit.document import Document
from prompt_toolkit.layout import Window
from prompt_toolkit.widgets import TextArea

from mtfix.errors import MtfixError
from mtfix.glossary.edit import ConflictError
from mtfix.review import moves
from mtfix.review.overview_screen import OverviewScreen
from mtfix.review.segment_edit import decide_segment, editor_command, run_editor, shown_segment
from mtfix.review.state import ReviewState, Scope, Status
from mtfix.review.teach import ARROW, Teacher
from mtfix.review.view import HELP, KEYS


class Outcome(enum.Enum):
    WRITE = "write"  # q: write the accepted changes
    ABORT = "abort"  # Ctrl-C: write nothing


class Field(enum.Enum):
    EDIT = "replace with"  # the replacement of a fix
    PREFER = "preferred"  # another preferred rendering of a group
    VARIANT = "variant => term"  # +: a variant of a term (Tab: next term)
    EXCEPTION = "exception"  # x: a phrase the term never rewrites
    SEARCH = "search"  # /: text to look for in the proposals' lines
    SEGMENT = "segment"  # E: the whole segment (or line) of a fix


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
        self.overview = OverviewScreen(state)  # l
        self.overview.back = self.cancel_edit
        self.query = ""  # the last search (/), repeated by Enter
        self.empty_ok = False  # an empty replacement was refused once: Enter again confirms it
        self.scrolled: tuple[int, int] | None = None  # (cursor, top row) after PageUp/PageDown in the context

    @property
    def editing(self) -> bool:
        return self.field is not None

    @property
    def mode(self) -> str:
        """What the keys do now: ``edit`` (or ``variant``, ``exception``, ``prefer``: a field is
        open), ``help``, ``check`` (no edit), ``group`` (an inconsistent item) or ``review``."""
        if self.field is not None:
            return {Field.EDIT: "edit", Field.PREFER: "prefer", Field.VARIANT: "variant",
                    Field.EXCEPTION: "exception", Field.SEARCH: "search", Field.SEGMENT: "segment"}[self.field]
        if self.overview.shown:
            return "overview"
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
        self.message = ""  # a failed session save says so while the undo runs
        try:
            if not self.state.undo():
                self.message = "nothing to undo"
        except (MtfixError, OSError) as exc:
            self.message = f"not undone: {exc}"

    def accept(self) -> None:
        """``y``; on a group it says how to choose."""
        if self._group_only("y"):
            return
        self.do(self.state.accept)

    def accept_term(self) -> None:
        self.bulk(Status.ACCEPTED, Scope.TERM)

    def bulk(self, status: Status, scope: Scope) -> None:
        """a/r (term), Y/N (variant), A/R (file): decide the current proposal and the undecided
        ones alike in one step, and say how many."""
        keys = {Scope.TERM: "a", Scope.VARIANT: "Y", Scope.FILE: "A"}
        if status is Status.ACCEPTED and self._group_only(keys[scope]):
            return
        self.message, self.chosen_row = "", None
        said = moves.bulk_message(self.state, self.state.decide_all(status, scope), status, scope)
        self.message = f"{said} · {self.message}" if self.message else said  # a save error stays

    def say(self, move: Callable[[], str]) -> None:
        """A move that decides nothing (search, ], }): its message in the status line."""
        self.chosen_row = None
        self.message = move()

    def start_search(self, app: Application) -> None:
        self._open(app, Field.SEARCH, "")

    def next_hit(self) -> None:
        """Enter: the next proposal holding the last search."""
        if not self.query:
            self.message = "/ searches the proposals' text; Enter then goes to the next hit"
            return
        self.say(lambda: moves.search(self.state, self.query))

    def open_overview(self, app: Application) -> None:
        self.message, self.chosen_row = "", None
        self.overview.open(app)

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

    def start_segment_edit(self, app: Application) -> None:
        """``E``: the fix's whole segment (or line), as it will be written, in the field or
        in ``$VISUAL``/``$EDITOR`` when one is set."""
        shown = shown_segment(self.state)
        if shown is None:
            self.message = "E edits the text around a fix; this is not one"
            return
        command = editor_command()
        if command is None:
            self._open(app, Field.SEGMENT, shown)
            return
        app.create_background_task(self._edit_outside(command, shown))

    async def _edit_outside(self, command: list[str], shown: str) -> None:
        edited, problem = await run_in_terminal(lambda: run_editor(command, shown))
        self.message = ""
        if edited is not None and not edited.strip():
            problem = "the editor left the segment empty: nothing decided"
        said = problem or decide_segment(self.state, edited or "")
        self.message = f"{said} · {self.message}" if self.message else said  # a save error stays
        get_app().invalidate()

    @property
    def context_top(self) -> int | None:
        """The context pane's first row after PageUp/PageDown (None: it follows the match)."""
        if self.scrolled is None or self.scrolled[0] != self.state.cursor:
            return None
        return self.scrolled[1]

    def page(self, step: int) -> None:
        """PageDown (1) or PageUp (-1) in the context pane."""
        window = self.main_window
        info = window.render_info if window is not None else None
        if window is None or info is None:
            return
        last = max(0, info.content_height - info.window_height)
        top = window.vertical_scroll + step * max(1, info.window_height - 1)
        self.scrolled = (self.state.cursor, max(0, min(top, last)))

    def unbound(self, key: str) -> None:
        """A key that does nothing here: the status line lists those that do."""
        names = " ".join(k for k, _ in KEYS[self.mode])
        self.message = f"{key} does nothing here; keys: {names} (? explains them)"

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
        self.message, self.field, self.empty_ok = "", field, False
        app.layout.focus(self.editor)

    def cancel_edit(self, app: Application) -> None:
        self.field = None
        if self.main_window is not None:
            app.layout.focus(self.main_window)

    def submit(self, text: str) -> bool:
        """Enter in the field: what it was opened for; False (the field stays open) if refused."""
        field = self.field
        if field in (Field.EDIT, Field.SEGMENT) and not text.strip() and not self.empty_ok:
            self.empty_ok = True
            self.message = "empty: the words would be deleted; Enter again to confirm, Esc to cancel"
            return False
        if field is Field.EDIT:
            self.message = ""
            self.state.accept(text)
            return True
        if field is Field.SEGMENT:
            self.message = decide_segment(self.state, text)
            return True
        if field is Field.PREFER:
            return self.learn(lambda teacher: teacher.choose(text))
        if field is Field.VARIANT:
            return self.learn(lambda teacher: teacher.add_variant(text))
        if field is Field.EXCEPTION:
            return self.learn(lambda teacher: teacher.protect(text))
        if field is Field.SEARCH:
            self.query = text or self.query  # an empty search repeats the last one
            self.next_hit()
        return True

    def _accept_edit(self, buffer: object) -> bool:
        if self.submit(self.editor.text):
            self.cancel_edit(get_app())
        return True  # keep the text: a refused lesson stays open for correction

    def quit(self, app: Application, outcome: Outcome) -> None:
        if not app.is_done:
            app.exit(result=outcome)
