"""The overview on the screen: a filter field (typing filters, like fzf), the
rows of ``overview`` with one selected, its keys, and mouse clicks on rows.

Up/Down select, Enter (or a click) goes to the selected group's first undecided
proposal, ^A / ^R accept / reject every undecided proposal of the group, ^X
revokes a rejection remembered from an earlier run, Esc closes.
"""

from __future__ import annotations

from collections.abc import Callable

from prompt_toolkit.application import Application, get_app
from prompt_toolkit.filters import Condition
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.layout import HSplit, VSplit, Window
from prompt_toolkit.layout.controls import FormattedTextControl
from prompt_toolkit.layout.dimension import Dimension as D
from prompt_toolkit.mouse_events import MouseEvent, MouseEventType
from prompt_toolkit.widgets import TextArea

from mtfix.review import overview
from mtfix.review.moves import bulk_message
from mtfix.review.overview import Row, RowKind
from mtfix.review.state import ReviewState, Scope, Status

PAGE = 10


class OverviewScreen:
    """What the overview knows besides the state: shown or not, the filter, the selected row."""

    def __init__(self, state: ReviewState):
        self.state = state
        self.shown = False
        self.selected = 0
        self.field = TextArea(multiline=False, style="class:editor")
        self.field.buffer.on_text_changed += lambda _: self._first()
        self.back: Callable[[Application], None] | None = None  # gives the focus back to the review

    @property
    def rows(self) -> list[Row]:
        return overview.overview_rows(self.state, self.field.text)

    def row(self) -> Row | None:
        rows = self.rows
        return rows[self.selected] if 0 <= self.selected < len(rows) else None

    def open(self, app: Application) -> None:
        self.shown = True
        self.field.text = ""
        self._first()
        app.layout.focus(self.field)

    def close(self, app: Application) -> None:
        self.shown = False
        if self.back is not None:
            self.back(app)

    def move(self, step: int) -> None:
        """Select the next (previous) selectable row, ``step`` rows on, staying in the list."""
        rows = self.rows
        wanted = max(0, min(self.selected + step, len(rows) - 1))
        ahead = range(wanted, len(rows)) if step > 0 else range(wanted, -1, -1)
        self.selected = next((n for n in ahead if rows[n].selectable), self.selected)

    def _first(self) -> None:
        """The first row the filter names itself (not a term shown for its variant), else the first."""
        rows, needle = self.rows, self.field.text.strip().casefold()
        named = [n for n, row in enumerate(rows) if row.selectable and needle in row.label.casefold()]
        self.selected = named[0] if named else next((n for n, row in enumerate(rows) if row.selectable), 0)

    def go(self, app: Application) -> str:
        """Enter: the review at the selected group's first undecided proposal."""
        row = self.row()
        place = None if row is None else overview.target(self.state, row)
        if place is None:
            return "^X revokes this rejection: it is then reviewed again" if row else "nothing selected"
        self.state.cursor = place
        self.close(app)
        return ""

    def decide(self, status: Status) -> str:
        """^A / ^R: every undecided proposal of the selected group (one step for ``u``)."""
        row = self.row()
        if row is None or row.kind is RowKind.EARLIER:
            return "select a group of proposals (Up/Down) first"
        first = self.state.proposals[row.indices[0]]
        if status is Status.ACCEPTED and first.inconsistent:
            return "a mined group is decided by choosing a rendering: Enter goes there"
        decided = self.state.decide(row.indices, status)
        return bulk_message(self.state, decided, status, Scope.TERM if row.kind is RowKind.TERM else Scope.VARIANT)

    def revoke(self) -> str:
        """^X on a remembered rejection: it is pending again and leaves the session."""
        from mtfix.review.session import revoke

        row = self.row()
        if row is None or row.earlier is None:
            return "^X revokes a rejection remembered from an earlier run (listed last)"
        revoke(self.state, row.earlier)
        return f"revoked: {row.label} is pending again (u undoes)"

    def click(self, n: int, app_message: Callable[[str], None]) -> Callable[[MouseEvent], object]:
        """A row's mouse handler: a click selects it and goes there; the wheel scrolls."""

        def handler(event: MouseEvent) -> object:
            if event.event_type == MouseEventType.MOUSE_UP:
                self.selected = n
                app_message(self.go(get_app()))
                return None
            if event.event_type in (MouseEventType.SCROLL_UP, MouseEventType.SCROLL_DOWN):
                self.move(-1 if event.event_type == MouseEventType.SCROLL_UP else 1)
                return None
            return NotImplemented

        return handler


def build_overview(screen: OverviewScreen, say: Callable[[str], None]) -> HSplit:
    """The filter line above the rows."""
    def rows() -> overview.Fragments:
        width = get_app().output.get_size().columns
        return overview.fragments(screen.state, screen.rows, screen.selected, width,
                                  lambda n: screen.click(n, say))

    label = Window(FormattedTextControl([("class:label", " filter: ")]), dont_extend_width=True)
    return HSplit([
        Window(FormattedTextControl([("class:rule", "── overview: type to filter, Enter goes, "
                                                    "^A/^R accept/reject a group, Esc closes ")]),
               char="─", style="class:rule", height=1),
        VSplit([label, screen.field], height=1),
        Window(FormattedTextControl(rows, show_cursor=False), height=D(min=1, weight=4)),
    ])


def bind_overview_keys(kb: KeyBindings, screen: OverviewScreen, say: Callable[[str], None]) -> None:
    """The overview's keys; letters type into the filter."""
    shown = Condition(lambda: screen.shown)
    for key, step in (("up", -1), ("c-p", -1), ("down", 1), ("c-n", 1), ("pageup", -PAGE), ("pagedown", PAGE)):
        kb.add(key, filter=shown)(lambda e, step=step: screen.move(step))
    kb.add("enter", filter=shown)(lambda e: say(screen.go(e.app)))
    kb.add("c-a", filter=shown)(lambda e: say(screen.decide(Status.ACCEPTED)))
    kb.add("c-r", filter=shown)(lambda e: say(screen.decide(Status.REJECTED)))
    kb.add("c-x", filter=shown, eager=True)(lambda e: say(screen.revoke()))  # eager: not an Emacs prefix here
    kb.add("escape", filter=shown, eager=True)(lambda e: screen.close(e.app))
