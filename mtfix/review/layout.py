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
    "label": "bold",
    "term": "#5fafff bold",
    "decided": "bold",
    "status": "reverse",
    "done": "reverse bold",
    "message": "bold underline",
    "detail": "bold",
    "keys": "#a8a8a8",
    "editor": "underline",
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


def _review_body(ui: ReviewUI) -> HSplit:
    state, markers = ui.state, ui.markers
    ui.main_window = _text(lambda: view.context(state, markers), D(min=1, weight=2), focusable=True,
                           keep=ScrollOffsets(bottom=1))
    return HSplit([
        _rule(lambda: view.titles(state)[0]),
        ui.main_window,
        _rule(lambda: view.titles(state)[1]),
        _text(lambda: view.result(state, markers, ui.editor.text if ui.field is Field.EDIT else None,
                                  ui.selected), D(min=1, weight=2),
              keep=ScrollOffsets(top=1)),
        _rule(lambda: "term"),
        _text(lambda: view.term(state), D(min=0, max=4), fit=True),
    ])


def _edit_line(ui: ReviewUI) -> VSplit:
    def label() -> Fragments:
        return [("class:label", f" {ui.field.value if ui.field else ''}: ")]

    return VSplit([Window(FormattedTextControl(label), dont_extend_width=True), ui.editor], height=1)


def build_layout(ui: ReviewUI) -> Layout:
    help_shown = Condition(lambda: ui.help)
    root = HSplit([
        _text(lambda: view.header(ui.state), D(min=0, max=1)),
        ConditionalContainer(_review_body(ui), filter=~help_shown),
        ConditionalContainer(_text(lambda: view.help_from(ui.help_top)), filter=help_shown),
        ConditionalContainer(_edit_line(ui), filter=Condition(lambda: ui.editing)),
        _text(lambda: view.status(ui.state, ui.message), D(min=1, max=2), fit=True),
        _text(lambda: view.keys(_columns(), ui.mode), D(min=0, max=1)),
    ])
    return Layout(root, focused_element=ui.main_window)
