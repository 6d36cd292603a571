"""The review's state and decisions, with no prompt_toolkit and no I/O.

Every decision moves to the next undecided proposal and is one step of the
undo history (accepting every remaining occurrence of a term is one step).
``on_change`` is called with the indices of the files a change touched, so
the session layer can save after every decision.

A check (a proposal that is not ``fixable``) is decided like a fix but
changes no text: accepting it notes it, rejecting it dismisses it. An
``inconsistent`` item (a mined group) is accepted with the rendering chosen as
its text, or dismissed.

A decision that taught the glossary (``teach``) may bring new proposals into
the review, in reading order; its undo calls the ``revert`` it was given (which
restores the glossary file) and withdraws them.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from mtfix.engine import apply_edits
from mtfix.model import KIND_INCONSISTENT, Edit
from mtfix.review.proposals import Proposal, ReviewFile
from mtfix.review.tally import StatusList, Tally


class Status(enum.Enum):
    PENDING = "pending"
    SKIPPED = "skipped"
    ACCEPTED = "accepted"
    REJECTED = "rejected"

    @property
    def decided(self) -> bool:
        return self in (Status.ACCEPTED, Status.REJECTED)

    def label(self, fixable: bool = True, kind: str = "") -> str:
        """What the decision is called: a check is ``noted`` or ``dismissed``, a group
        ``chosen`` or ``dismissed``."""
        if fixable or not self.decided:
            return self.value
        if self is Status.REJECTED:
            return "dismissed"
        return "chosen" if kind == KIND_INCONSISTENT else "noted"


class Scope(enum.Enum):
    """What a bulk move decides besides the current proposal (fixes and checks apart,
    never a mined group but the current one)."""

    VARIANT = "variant"  # every undecided occurrence of its variant, in every file
    TERM = "term"  # every undecided occurrence of its term, in every file
    FILE = "file"  # every undecided proposal in its file


@dataclass(frozen=True)
class Counts:
    accepted: int
    rejected: int
    pending: int  # pending and skipped: not decided yet
    noted: int = 0  # checks accepted
    dismissed: int = 0  # checks rejected
    checks: int = 0  # checks in all, decided or not
    chosen: int = 0  # inconsistent items decided by choosing a rendering (dismissed ones count as dismissed)
    groups: int = 0  # inconsistent items in all

    def labelled(self) -> list[tuple[str, int]]:
        """The counts by name, the checks' and groups' only in a review that has some."""
        shown = [("accepted", self.accepted), ("rejected", self.rejected)]
        if self.checks:
            shown.append(("noted", self.noted))
        if self.groups:
            shown.append(("chosen", self.chosen))
        if self.checks or self.groups:
            shown.append(("dismissed", self.dismissed))
        return [*shown, ("pending", self.pending)]


@dataclass(frozen=True)
class _Step:
    """One undoable decision: what the touched proposals were before it."""

    cursor: int
    before: tuple[tuple[int, Status, str | None], ...]
    added: tuple[Proposal, ...] = ()  # proposals the step brought in, withdrawn by its undo
    revert: Callable[[], None] | None = None  # undoes what the step did outside the state
    replaced: tuple[tuple[int, Proposal], ...] = ()  # proposals the step swapped (E widens one), put back


class ReviewState:
    def __init__(self, files: Sequence[ReviewFile], proposals: Sequence[Proposal],
                 on_change: Callable[[set[int]], None] | None = None):
        self.files = list(files)
        self._tally = Tally()  # counts kept up to date decision by decision (``tally``)
        self.proposals = list(proposals)
        self.statuses = [Status.PENDING] * len(self.proposals)
        self.texts: list[str | None] = [None] * len(self.proposals)  # edited replacements
        self.cursor = 0
        self.history: list[_Step] = []
        self.on_change = on_change

    def _status_set(self, statuses: StatusList, index: int, old: Status, new: Status) -> None:
        if statuses is self._tally.statuses:
            self._tally.moved(index, old, new)

    def _counted(self) -> Tally:
        """The counters, recounted once if the lists were replaced or grew since."""
        tally, statuses = self._tally, self.statuses
        if not tally.is_counting(self.proposals, statuses):
            if not isinstance(statuses, StatusList) or statuses.stale:  # ``statuses[i] = s`` then counts
                self.statuses = statuses = StatusList(statuses, self._status_set)
            tally.recount(self.proposals, statuses)
        return tally

    # -- reading -----------------------------------------------------------
    @property
    def current(self) -> Proposal | None:
        return self.proposals[self.cursor] if self.proposals else None

    @property
    def done(self) -> bool:
        return self._counted().undecided == 0

    def status(self, index: int | None = None) -> Status:
        return self.statuses[self.cursor if index is None else index]

    def replacement(self, index: int | None = None) -> str:
        """The text that replaces the proposal's edit span if accepted."""
        i = self.cursor if index is None else index
        text = self.texts[i]
        return self.proposals[i].finding.edit.replacement if text is None else text

    def counts(self) -> Counts:
        tally = self._counted().by_status
        accepted, rejected = tally["fix", Status.ACCEPTED], tally["fix", Status.REJECTED]
        noted, chosen = tally["check", Status.ACCEPTED], tally["group", Status.ACCEPTED]
        dismissed = tally["check", Status.REJECTED] + tally["group", Status.REJECTED]
        pending = len(self.statuses) - accepted - rejected - noted - chosen - dismissed
        groups = sum(n for (sort, _), n in tally.items() if sort == "group")
        checks = sum(n for (sort, _), n in tally.items() if sort == "check")
        return Counts(accepted, rejected, pending, noted, dismissed, checks=checks, chosen=chosen, groups=groups)

    def remaining_of_term(self, index: int | None = None) -> int:
        """Undecided occurrences of the proposal's term (fixes or checks, as it is) besides this one."""
        i = self.cursor if index is None else index
        tally = self._counted()
        key = tally.keys[i]
        return 0 if key is None else tally.undecided_of[key] - (0 if self.statuses[i].decided else 1)

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

    def decide_segment(self, proposal: Proposal, text: str, covered: Sequence[int] = ()) -> None:
        """``E``: the current proposal becomes ``proposal`` (the same change, its edit
        widened over the words the editor retyped) accepted as ``text``; the proposals
        whose words that took over (``covered``) are rejected with it, in one undo step."""
        if self.current is None:
            return
        indices = [self.cursor, *covered]
        self.history.append(_Step(self.cursor, tuple((i, self.statuses[i], self.texts[i]) for i in indices),
                                  replaced=((self.cursor, self.proposals[self.cursor]),)))
        self.proposals[self.cursor] = proposal
        for i in covered:
            self.statuses[i], self.texts[i] = Status.REJECTED, None
        self.statuses[self.cursor], self.texts[self.cursor] = Status.ACCEPTED, text
        self.cursor = self._next_undecided()
        self._notify(indices)

    def decide_all(self, status: Status, scope: Scope = Scope.TERM) -> list[int]:
        """Decide the current proposal and the undecided ones in ``scope`` alike, in one undo
        step; returns the indices decided."""
        if self.current is None:
            return []
        chosen = [self.cursor, *(i for i in self.in_scope(self.cursor, scope) if i != self.cursor)]
        self._decide(chosen, status)
        return chosen

    def decide(self, indices: Iterable[int], status: Status) -> list[int]:
        """Decide the undecided ``indices`` (a group of the overview) in one undo step, as
        proposed; returns those decided."""
        chosen = [i for i in indices if not self.statuses[i].decided] if self.current is not None else []
        self._decide(chosen, status)
        return chosen

    def in_scope(self, index: int, scope: Scope) -> list[int]:
        """Undecided proposals of the same sort (fix or check) as ``index`` in its ``scope``."""
        like = self.proposals[index]
        if scope is Scope.TERM or like.finding.kind == KIND_INCONSISTENT:
            return self._undecided_like(index)
        same = ((lambda p: p.term == like.term and p.anchor.variant == like.anchor.variant)
                if scope is Scope.VARIANT else (lambda p: p.file == like.file))
        return [i for i, p in enumerate(self.proposals) if same(p) and p.fixable == like.fixable
                and p.finding.kind != KIND_INCONSISTENT and not self.statuses[i].decided]

    def teach(self, added: Sequence[Proposal], revert: Callable[[], None] | None,
              status: Status | None = None, text: str | None = None) -> None:
        """A decision that taught the glossary: ``added`` join the review (pending) in
        reading order, and ``status`` (with ``text``) decides the current proposal (None:
        it stays as it is). Undo calls ``revert`` and withdraws ``added``."""
        if self.current is None:
            return
        current, cursor = self.current, self.cursor
        rows = sorted([*zip(self.proposals, self.statuses, self.texts, strict=True),
                       *((p, Status.PENDING, None) for p in added)], key=lambda row: reading_order(row[0]))
        self.proposals = [p for p, _, _ in rows]
        self.statuses = [s for _, s, _ in rows]
        self.texts = [t for _, _, t in rows]
        self.cursor = next(i for i, p in enumerate(self.proposals) if p is current)
        before = ((self.cursor, self.statuses[self.cursor], self.texts[self.cursor]),) if status else ()
        self.history.append(_Step(cursor, before, tuple(added), revert))
        if status is not None:
            self.statuses[self.cursor], self.texts[self.cursor] = status, text
            self.cursor = self._next_undecided()
        self._files_changed({current.file, *(p.file for p in added)})

    def undo(self) -> bool:
        """Undo the last decision and return to the proposal it was made on.

        A step that taught the glossary is reverted first (its ``revert`` may raise,
        and then nothing is undone)."""
        if not self.history:
            return False
        step = self.history[-1]
        if step.revert is not None:
            step.revert()
        self.history.pop()
        for i, status, text in step.before:
            self.statuses[i], self.texts[i] = status, text
        for i, proposal in step.replaced:
            self.proposals[i] = proposal
        files = {self.proposals[i].file for i, _, _ in step.before} | {p.file for p in step.added}
        if step.added:
            gone = {id(p) for p in step.added}
            kept = [n for n, p in enumerate(self.proposals) if id(p) not in gone]
            self.proposals = [self.proposals[n] for n in kept]
            self.statuses = [self.statuses[n] for n in kept]
            self.texts = [self.texts[n] for n in kept]
        self.cursor = step.cursor
        self._files_changed(files)
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
        if like.finding.kind == KIND_INCONSISTENT:  # each group is its own concept
            return [] if self.statuses[index].decided else [index]
        tally = self._counted()
        key = tally.keys[index]
        return [i for i in tally.members[key] if not self.statuses[i].decided] if key is not None else []

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
        statuses, after = self.statuses, self.cursor + 1
        for wanted in (Status.PENDING, Status.SKIPPED):  # list.index: a scan in C, not per proposal in Python
            for lo, hi in ((after, len(statuses)), (0, after)):
                try:
                    return statuses.index(wanted, lo, hi)
                except ValueError:
                    pass
        return self.cursor

    def _notify(self, indices: Iterable[int]) -> None:
        self._files_changed({self.proposals[i].file for i in indices})

    def _files_changed(self, files: set[int]) -> None:
        if self.on_change is not None:
            self.on_change(files)


def reading_order(p: Proposal) -> tuple[int, int, int, int]:
    return (p.file, p.segment, p.finding.start, p.finding.end)
