"""``mtfix review --log FILE``: a record of every decision, for a reviser.

One JSON line per proposal a decision touched, appended (and flushed) as the
decision is taken: ``time`` (UTC), ``file``, ``unit`` (the unit id of a
bilingual format, else null), ``line``, ``column``, ``term``, ``variant``,
``before`` (the text matched), ``after`` (the text it becomes: the
replacement when accepted, else the text as it is), ``proposed`` (the
replacement proposed) and ``decision`` (accepted, rejected, skipped, noted,
dismissed, chosen; ``pending`` when a decision is taken back). An undo is
logged as records with ``"decision": "undo"`` and ``status``, what the
proposal is again. The file is appended to, never rewritten, so several
sessions can share one log.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from typing import IO

from mtfix.errors import OutputError
from mtfix.review.autosave import Change
from mtfix.review.proposals import Proposal
from mtfix.review.state import ReviewState, Status


class DecisionLog:
    """The ``log`` of a ``SessionSaver``: opened at once, so a bad path stops the review
    before it starts."""

    def __init__(self, path: str):
        self.path = path
        try:
            self.out: IO[str] = open(path, "a", encoding="utf-8")  # noqa: SIM115 (closed by close())
        except OSError as exc:
            raise OutputError(f"cannot write the decision log: {exc.strerror or exc}", path) from None

    def __call__(self, state: ReviewState, changes: list[Change], undone: bool) -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        lines = "".join(json.dumps(entry(state, p, status, text, undone, now), ensure_ascii=False) + "\n"
                        for p, status, text in changes)
        try:
            self.out.write(lines)
            self.out.flush()
            os.fsync(self.out.fileno())
        except OSError as exc:
            raise OutputError(f"cannot write the decision log: {exc.strerror or exc}", self.path) from None

    def close(self) -> None:
        self.out.close()


def entry(state: ReviewState, p: Proposal, status: Status, text: str | None, undone: bool,
          time: str) -> dict[str, object]:
    """The log record of proposal ``p`` now ``status`` (with the edited ``text``)."""
    segment = state.files[p.file].segments[p.segment]
    f = p.finding
    proposed = f.edit.replacement if p.fixable else None
    after = (proposed if text is None else text) if p.fixable and status is Status.ACCEPTED else f.match
    decision = status.label(p.fixable, f.kind)
    record: dict[str, object] = {
        "time": time, "file": state.files[p.file].path, "unit": _unit(segment.ref, segment.source),
        "line": p.line, "column": p.column, "term": p.term, "variant": f.variant,
        "before": f.match, "after": after, "proposed": proposed,
        "decision": "undo" if undone else decision}
    if undone:
        record["status"] = decision
    return record


def _unit(ref: str, source: str | None) -> str | None:
    """The unit id of a bilingual file's segment (XLIFF ``unit 3``: ``3``; TMX ``tu 5``); None elsewhere."""
    if source is None or not ref or ref.startswith("line "):
        return None
    return ref
