"""The review screen, top to bottom: header, the proposal in its context,
the result as a word diff, the term, the edit field, status and key help.
The help screen replaces the middle part while it is shown."""

from __future__ import annotations

from collections.abc import Callable

from prompt_toolkit.application import get_app
from prompt_toolkit.filters import Condition
from prompt_toolkit.layout import ConditionalContainer, HSplit, Layout, ScrollOffsets, VSplit, Window
from prompt_toolkit.layout.controls import FormattedTextControl
from prompt_toolkit.layout.dimension import Dimension as D
from prompt_toolkit.styles import Style

from mtfix.review import view
from mtfix.review.legend import clickable
from mtfix.review.overview_screen import build_overview
from mtfix.review.ui import Field, ReviewUI

Fragments = view.Fragments

_STYLE = {
    "header": "reverse bold",
    "rule": "#808080",
    "dim": "#808080",
    "source": "#87afd7 italic",
    "match": "bg:#ffd75f #000000 bold underline",
    "delete": "#ff5f5f strike",
    "insert": "#5fd75f bold underline",
    "settled": "#5fd75f",  # a change already accepted, shown in the context as it will read
    "label": "bold",
    "term": "#5fafff bold",
    "decided": "bold",
    "status": "reverse",
    "done": "reverse bold",
    "message": "bold underline",
    "detail": "bold",
    "keys": "#a8a8a8",
    "editor": "underline",
    "selected": "reverse bold",
}


def build_style() -> Style:
    return Style.from_dict(_STYLE)


def _columns() -> int:
    return get_app().output.get_size().columns


def _text(get: Callable[[], Fragments], height: D | int | None = None, focusable: bool = False,
          keep: ScrollOffsets | None = None, fit: bool = False) -> Window:
    """A window whose text wraps between words; ``keep`` rows stay visible around the point
    it scrolls to; a ``fit`` window is never taller than its text."""
    return Window(FormattedTextControl(lambda: view.wrap(get(), _columns()), focusable=focusable,
                                       show_cursor=False),
                  height=height, wrap_lines=True, scroll_offsets=keep, dont_extend_height=fit)


def _rule(title: Callable[[], str]) -> Window:
    return Window(FormattedTextControl(lambda: [("class:rule", f"── {title()} ")]), char="─", style="class:rule",
                  height=D(min=0, max=1))


def _context(ui: ReviewUI) -> Window:
    """The proposal in its paragraph: it follows the match, or after PageUp/PageDown
    shows the rows from ``ui.context_top`` on."""
    def fragments() -> Fragments:
        rows, top = view.wrap(view.context(ui.state, ui.markers), _columns()), ui.context_top
        return rows if top is None else view.at_row(rows, top)

    def scroll(window: Window) -> int:
        top = ui.context_top
        return window.vertical_scroll if top is None else top

    return Window(FormattedTextControl(fragments, focusable=True, show_cursor=False), height=D(min=1, weight=2),
                  wrap_lines=True, scroll_offsets=ScrollOffsets(bottom=1), get_vertical_scroll=scroll)


def _review_body(ui: ReviewUI) -> HSplit:
    state, markers = ui.state, ui.markers
    ui.main_window = _context(ui)
    return HSplit([
        _rule(lambda: view.titles(state)[0]),
        ui.main_window,
        _rule(lambda: view.titles(state)[1]),
        _text(lambda: view.result(state, markers, ui.editor.text if ui.field is Field.EDIT else None,
                                  ui.selected), D(min=1, weight=2),
              keep=ScrollOffsets(top=1)),
        _rule(lambda: "term"),
        _text(lambda: view.term(state), D(min=0, weight=1), fit=True),  # a long note: all of it
    ])


def _edit_line(ui: ReviewUI) -> VSplit:
    def label() -> Fragments:
        return [("class:label", f" {ui.field.value if ui.field else ''}: ")]

    return VSplit([Window(FormattedTextControl(label), dont_extend_width=True), ui.editor], height=1)


def build_layout(ui: ReviewUI) -> Layout:
    help_shown = Condition(lambda: ui.help)
    overview_shown = Condition(lambda: ui.overview.shown)
    root = HSplit([
        _text(lambda: view.header(ui.state), D(min=0, max=1)),
        ConditionalContainer(_review_body(ui), filter=~help_shown & ~overview_shown),
        ConditionalContainer(build_overview(ui.overview, lambda text: setattr(ui, "message", text)),
                             filter=overview_shown & ~help_shown),
        ConditionalContainer(_text(lambda: view.help_from(ui.help_top)), filter=help_shown),
        ConditionalContainer(_edit_line(ui), filter=Condition(lambda: ui.editing)),
        _text(lambda: view.status(ui.state, ui.message), D(min=1, max=2), fit=True),
        Window(FormattedTextControl(lambda: clickable(view.keys(_columns(), ui.mode))), height=D(min=0, max=1)),
    ])
    return Layout(root, focused_element=ui.main_window)
