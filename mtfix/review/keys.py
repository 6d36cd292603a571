"""Key bindings: one line each. Letter keys are off while the edit field has
focus (they type there) and while the help screen is shown. Number keys choose
a rendering of an ``inconsistent`` item, left/right select one; ``+`` adds a
variant, ``x`` rejects and protects; Tab in the ``+`` field names the next term."""

from __future__ import annotations

from prompt_toolkit.filters import Condition
from prompt_toolkit.key_binding import KeyBindings

from mtfix.review.ui import Field, Outcome, ReviewUI


def build_key_bindings(ui: ReviewUI) -> KeyBindings:
    state, kb = ui.state, KeyBindings()
    reviewing = Condition(lambda: not ui.editing and not ui.help)
    not_editing = Condition(lambda: not ui.editing)
    help_shown = Condition(lambda: ui.help)
    kb.add("y", filter=reviewing)(lambda e: ui.accept())
    kb.add("n", filter=reviewing)(lambda e: ui.do(state.reject))
    kb.add("s", filter=reviewing)(lambda e: ui.do(state.skip))
    kb.add("a", filter=reviewing)(lambda e: ui.accept_term())
    kb.add("r", filter=reviewing)(lambda e: ui.do(state.reject_term))
    kb.add("e", filter=reviewing)(lambda e: ui.start_edit(e.app))
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
    kb.add("q", filter=not_editing)(lambda e: ui.quit(e.app, Outcome.WRITE))
    kb.add("c-c")(lambda e: ui.quit(e.app, Outcome.ABORT))
    return kb
