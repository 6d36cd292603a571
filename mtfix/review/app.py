"""The review application: layout, keys and style put together around a state."""

from __future__ import annotations

from prompt_toolkit.application import Application
from prompt_toolkit.input import Input
from prompt_toolkit.output import Output

from mtfix.review.keys import build_key_bindings
from mtfix.review.layout import build_layout, build_style
from mtfix.review.state import ReviewState
from mtfix.review.ui import Outcome, ReviewUI

# A lone Esc (cancel the edit) is told from an escape sequence after this many seconds.
ESCAPE_TIMEOUT = 0.1


def build_app(state: ReviewState, input: Input | None = None, output: Output | None = None,
              ui: ReviewUI | None = None) -> Application[Outcome]:
    """The full-screen review of ``state``; ``run()`` returns how it was left."""
    ui = ui or ReviewUI(state)
    app: Application[Outcome] = Application(layout=build_layout(ui), key_bindings=build_key_bindings(ui),
                                            style=build_style(), full_screen=True, input=input, output=output)
    app.ttimeoutlen = ESCAPE_TIMEOUT
    return app


def run_app(state: ReviewState, input: Input | None = None, output: Output | None = None) -> Outcome:
    """Run the review until ``q`` or Ctrl-C; a closed input counts as Ctrl-C."""
    outcome = build_app(state, input, output).run()
    return outcome if isinstance(outcome, Outcome) else Outcome.ABORT
