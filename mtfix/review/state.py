"""The review's state and decisions, with no prompt_toolkit and no I/O.

Every decision moves to the next undecided proposal and is one step of the
undo history (accepting every remaining occurrence of a term is one step).
``on_change`` is called with the indices of the files a change touched, so
the session layer can save after every decision.

A check (a proposal that is not ``fixable``) is decided like a fix but
changes no text: accepting it notes it, rejecting it dismisses it.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from mtfix.engine import apply_edits
from mtfix.model import Edit
from mtfix.review.proposals import Proposal, ReviewFile


class Status(enum.Enum):
    PENDING = "pending"
    SKIPPED = "skipped"
    ACCEPTED = "accepted"
    REJECTED = "rejected"

    @property
    def decided(self) -> bool:
        return self in (Status.ACCEPTED, Status.REJECTED)

    def label(self, fixable: bool = True) -> str:
        """What the decision is called: a check is ``noted`` or ``dismissed``."""
        if fixable or not self.decided:
            return self.value
        return "noted" if self is Status.ACCEPTED else "dismissed"


@dataclass(frozen=True)
class Counts:
    accepted: int
    rejected: int
    pending: int  # pending and skipped: not decided yet
    noted: int = 0  # checks accepted
    dismissed: int = 0  # checks rejected
    checks: int = 0  # checks in all, decided or not

    def labelled(self) -> list[tuple[str, int]]:
        """The counts by name, the checks' only in a review that has some."""
        shown = [("accepted", self.accepted), ("rejected", self.rejected)]
        if self.checks:
            shown += [("noted", self.noted), ("dismissed", self.dismissed)]
        return [*shown, ("pending", self.pending)]


@dataclass(frozen=True)
class _Step:
    """One undoable decision: what the touched proposals were before it."""

    cursor: int
    before: tuple[tuple[int, Status, str | None], ...]


class ReviewState:
    def __init__(self, files: Sequence[ReviewFile], proposals: Sequence[Proposal],
                 on_change: Callable[[set[int]], None] | None = None):
        self.files = list(files)
        self.proposals = list(proposals)
        self.statuses = [Status.PENDING] * len(self.proposals)
        self.texts: list[str | None] = [None] * len(self.proposals)  # edited replacements
        self.cursor = 0
        self.history: list[_Step] = []
        self.on_change = on_change

    # -- reading -----------------------------------------------------------
    @property
    def current(self) -> Proposal | None:
        return self.proposals[self.cursor] if self.proposals else None

    @property
    def done(self) -> bool:
        return all(s.decided for s in self.statuses)

    def status(self, index: int | None = None) -> Status:
        return self.statuses[self.cursor if index is None else index]

    def replacement(self, index: int | None = None) -> str:
        """The text that replaces the proposal's edit span if accepted."""
        i = self.cursor if index is None else index
        text = self.texts[i]
        return self.proposals[i].finding.edit.replacement if text is None else text

    def counts(self) -> Counts:
        tally = Counter(zip((p.fixable for p in self.proposals), self.statuses, strict=True))
        accepted, rejected = tally[True, Status.ACCEPTED], tally[True, Status.REJECTED]
        noted, dismissed = tally[False, Status.ACCEPTED], tally[False, Status.REJECTED]
        pending = len(self.statuses) - accepted - rejected - noted - dismissed
        return Counts(accepted, rejected, pending, noted, dismissed,
                      checks=sum(1 for p in self.proposals if not p.fixable))

    def remaining_of_term(self, index: int | None = None) -> int:
        """Undecided occurrences of the proposal's term (fixes or checks, as it is) besides this one."""
        i = self.cursor if index is None else index
        return sum(1 for j in self._undecided_like(i) if j != i)

    # -- deciding ----------------------------------------------------------
    def accept(self, text: str | None = None) -> None:
        """Accept the current proposal, with ``text`` instead of the proposed replacement if given
        (a check has no replacement: ``text`` is ignored)."""
        self._decide([self.cursor], Status.ACCEPTED, text)

    def reject(self) -> None:
        self._decide([self.cursor], Status.REJECTED)

    def skip(self) -> None:
        self._decide([self.cursor], Status.SKIPPED)

    def accept_term(self) -> None:
        """Accept the current proposal and every undecided one of its term (fixes and checks apart)."""
        self._decide(self._with_term(), Status.ACCEPTED)

    def reject_term(self) -> None:
        self._decide(self._with_term(), Status.REJECTED)

    def undo(self) -> bool:
        """Undo the last decision and return to the proposal it was made on."""
        if not self.history:
            return False
        step = self.history.pop()
        for i, status, text in step.before:
            self.statuses[i], self.texts[i] = status, text
        self.cursor = step.cursor
        self._notify(i for i, _, _ in step.before)
        return True

    # -- moving ------------------------------------------------------------
    def next(self) -> None:
        self.cursor = min(self.cursor + 1, max(len(self.proposals) - 1, 0))

    def previous(self) -> None:
        self.cursor = max(self.cursor - 1, 0)

    # -- results -----------------------------------------------------------
    def accepted_edits(self, file: int) -> dict[int, list[Edit]]:
        """Accepted edits of one file, by segment index."""
        out: dict[int, list[Edit]] = {}
        for i, p in enumerate(self.proposals):
            if p.file == file and p.fixable and self.statuses[i] is Status.ACCEPTED:
                edit = p.finding.edit
                out.setdefault(p.segment, []).append(Edit(edit.start, edit.end, self.replacement(i)))
        return out

    def apply(self, file: int) -> list[str]:
        """The file's segment targets with its accepted edits applied."""
        edits = self.accepted_edits(file)
        return [apply_edits(s.target, edits[n]) if n in edits else s.target
                for n, s in enumerate(self.files[file].segments)]

    def of_file(self, file: int) -> list[tuple[Proposal, Status, str]]:
        return [(p, self.statuses[i], self.replacement(i))
                for i, p in enumerate(self.proposals) if p.file == file]

    # -- internals ---------------------------------------------------------
    def _undecided_like(self, index: int) -> list[int]:
        """Undecided proposals of the same term and the same sort (fix or check) as ``index``."""
        like = self.proposals[index]
        return [i for i, p in enumerate(self.proposals)
                if p.term == like.term and p.fixable == like.fixable and not self.statuses[i].decided]

    def _with_term(self) -> list[int]:
        if self.current is None:
            return []
        return [self.cursor, *(i for i in self._undecided_like(self.cursor) if i != self.cursor)]

    def _decide(self, indices: list[int], status: Status, text: str | None = None) -> None:
        if not indices or self.current is None:
            return
        self.history.append(_Step(self.cursor, tuple((i, self.statuses[i], self.texts[i]) for i in indices)))
        for i in indices:
            self.statuses[i] = status
            self.texts[i] = text if i == self.cursor and self.proposals[i].fixable else None
        self.cursor = self._next_undecided()
        self._notify(indices)

    def _next_undecided(self) -> int:
        """The next pending proposal after the cursor (wrapping), else the next skipped one."""
        n = len(self.proposals)
        order = [(self.cursor + k) % n for k in range(1, n + 1)]
        for wanted in (Status.PENDING, Status.SKIPPED):
            for i in order:
                if self.statuses[i] is wanted:
                    return i
        return self.cursor

    def _notify(self, indices: Iterable[int]) -> None:
        if self.on_change is not None:
            self.on_change({self.proposals[i].file for i in indices})
