"""``E``: edit the whole segment (or line) of the current fix, in the review's
field or, when ``$VISUAL`` or ``$EDITOR`` is set, in that editor on a
temporary file (as codemod and fastmod do).

What is typed becomes one decision (``reading.segment_edit``,
``ReviewState.decide_segment``): undone by ``u``, written by ``q``. An editor
that exits non-zero, cannot be started, or leaves the text as it was changes
nothing.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
import tempfile

from mtfix.review.reading import segment_edit, written_span
from mtfix.review.state import ReviewState

UNCHANGED = "segment unchanged: nothing decided"


def editor_command() -> list[str] | None:
    """``$VISUAL``, else ``$EDITOR``, split as a shell would; None when neither is set."""
    command = os.environ.get("VISUAL", "").strip() or os.environ.get("EDITOR", "").strip()
    try:
        return shlex.split(command) or None
    except ValueError:  # an unbalanced quote: used as one program name
        return [command]


def shown_segment(state: ReviewState) -> str | None:
    """The current fix's segment (or line) as it will be written; None for a check or a group."""
    current = state.current
    if current is None or not current.fixable:
        return None
    return written_span(state, state.cursor)[2]


def decide_segment(state: ReviewState, typed: str) -> str:
    """Make the segment read ``typed``; what the status line says."""
    shown = shown_segment(state)
    if shown is None or typed == shown:
        return UNCHANGED
    change = segment_edit(state, state.cursor, typed)
    state.decide_segment(change.proposal, change.edit.replacement, change.covered)
    taken = len(change.covered)
    return "segment edited" + (f" ({taken} other proposal{'s' if taken > 1 else ''} in it decided with it)"
                               if taken else "")


def run_editor(command: list[str], text: str) -> tuple[str | None, str]:
    """Open ``command`` on a temporary file holding ``text``: the edited text (its final
    newline dropped), or None and why."""
    fd, path = tempfile.mkstemp(prefix="mtfix-segment-", suffix=".txt")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text + "\n")
        try:
            code = subprocess.run([*command, path], check=False).returncode
        except OSError as exc:
            return None, f"editor {command[0]!r} not started: {exc.strerror or exc}"
        if code != 0:
            return None, f"editor exited with {code}: nothing decided"
        with open(path, encoding="utf-8", newline="") as edited:
            result = edited.read()
    except (OSError, UnicodeDecodeError) as exc:
        return None, f"segment not edited: {exc}"
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
    return result.removesuffix("\n").removesuffix("\r"), ""
