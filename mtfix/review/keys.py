"""Key bindings: one line each. Letter keys are off while the edit field has
focus (they type there), in the overview (they filter it; its keys are in
``overview_screen``) and while the help screen is shown. Number keys choose
a rendering of an ``inconsistent`` item, left/right select one; ``+`` adds a
variant, ``x`` rejects and protects; Tab in the ``+`` field names the next term."""

from __future__ import annotations

from prompt_toolkit.filters import Condition
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys

from mtfix.review import moves
from mtfix.review.overview_screen import bind_overview_keys
from mtfix.review.state import Scope, Status
from mtfix.review.ui import Field, Outcome, ReviewUI


def build_key_bindings(ui: ReviewUI) -> KeyBindings:
    state, kb = ui.state, KeyBindings()
    reviewing = Condition(lambda: not ui.editing and not ui.help and not ui.overview.shown)
    not_editing = Condition(lambda: not ui.editing and not ui.overview.shown)  # the overview's filter types
    help_shown = Condition(lambda: ui.help)
    kb.add("y", filter=reviewing)(lambda e: ui.accept())
    kb.add("n", filter=reviewing)(lambda e: ui.do(state.reject))
    kb.add("s", filter=reviewing)(lambda e: ui.do(state.skip))
    kb.add("a", filter=reviewing)(lambda e: ui.accept_term())
    kb.add("r", filter=reviewing)(lambda e: ui.bulk(Status.REJECTED, Scope.TERM))
    kb.add("Y", filter=reviewing)(lambda e: ui.bulk(Status.ACCEPTED, Scope.VARIANT))
    kb.add("N", filter=reviewing)(lambda e: ui.bulk(Status.REJECTED, Scope.VARIANT))
    kb.add("A", filter=reviewing)(lambda e: ui.bulk(Status.ACCEPTED, Scope.FILE))
    kb.add("R", filter=reviewing)(lambda e: ui.bulk(Status.REJECTED, Scope.FILE))
    kb.add("l", filter=reviewing)(lambda e: ui.open_overview(e.app))
    kb.add("/", filter=reviewing)(lambda e: ui.start_search(e.app))
    kb.add("enter", filter=reviewing)(lambda e: ui.next_hit())
    kb.add("]", filter=reviewing)(lambda e: ui.say(lambda: moves.next_undecided(state, 1)))
    kb.add("[", filter=reviewing)(lambda e: ui.say(lambda: moves.next_undecided(state, -1)))
    kb.add("}", filter=reviewing)(lambda e: ui.say(lambda: moves.next_file(state, 1)))
    kb.add("{", filter=reviewing)(lambda e: ui.say(lambda: moves.next_file(state, -1)))
    bind_overview_keys(kb, ui.overview, lambda text: setattr(ui, "message", text))
    kb.add("e", filter=reviewing)(lambda e: ui.start_edit(e.app))
    kb.add("E", filter=reviewing)(lambda e: ui.start_segment_edit(e.app))
    kb.add("pageup", filter=reviewing)(lambda e: ui.page(-1))
    kb.add("pagedown", filter=reviewing)(lambda e: ui.page(1))
    kb.add(Keys.Any, filter=reviewing)(lambda e: _unbound(ui, e))  # bound keys win: this is any other
    kb.add("u", filter=reviewing)(lambda e: ui.undo())
    kb.add("+", filter=reviewing)(lambda e: ui.start_variant(e.app))
    kb.add("x", filter=reviewing)(lambda e: ui.start_exception(e.app))
    for number in range(1, 10):
        kb.add(str(number), filter=reviewing)(lambda e, n=number: ui.choose(n))
    kb.add("left", filter=reviewing)(lambda e: ui.select(-1))
    kb.add("right", filter=reviewing)(lambda e: ui.select(1))
    kb.add("tab", filter=Condition(lambda: ui.field is Field.VARIANT), eager=True)(lambda e: ui.next_term())
    for key in ("j", "down"):
        kb.add(key, filter=reviewing)(lambda e: ui.do(state.next))
    for key in ("k", "up"):
        kb.add(key, filter=reviewing)(lambda e: ui.do(state.previous))
    for key, rows in (("j", 1), ("down", 1), ("k", -1), ("up", -1)):
        kb.add(key, filter=help_shown)(lambda e, rows=rows: ui.scroll_help(rows))
    kb.add("?", filter=not_editing)(lambda e: ui.toggle_help())
    # eager: Esc acts at once instead of waiting to see whether it starts an Alt- sequence
    kb.add("escape", filter=help_shown, eager=True)(lambda e: ui.close_help())
    kb.add("escape", filter=Condition(lambda: ui.editing), eager=True)(lambda e: ui.cancel_edit(e.app))
    kb.add("q", filter=not_editing & ~help_shown)(lambda e: ui.quit(e.app, Outcome.WRITE))
    kb.add("q", filter=help_shown)(lambda e: ui.close_help())  # as in less and man
    kb.add("c-c")(lambda e: ui.quit(e.app, Outcome.ABORT))
    return kb


# Not presses of a key (terminal replies, mouse reports, pastes), and Esc, which
# cancels whatever is open and may be pressed just in case.
_NOT_KEYS = frozenset({Keys.CPRResponse, Keys.Vt100MouseEvent, Keys.WindowsMouseEvent, Keys.BracketedPaste,
                       Keys.Ignore, Keys.ScrollUp, Keys.ScrollDown, Keys.SIGINT, Keys.Escape})


def _unbound(ui: ReviewUI, event: KeyPressEvent) -> None:
    key = event.key_sequence[0].key
    if key not in _NOT_KEYS:
        ui.unbound(key.value if isinstance(key, Keys) else key)
