"""The review's counters, kept up to date decision by decision.

The status line (counts, "all decided"), the term pane (how many of the term
remain) and the move to the next undecided proposal are computed on every key
press; recounting 15,000 proposals for each made every key O(n). ``Tally``
holds the counts by sort and status and the undecided count of every term;
``StatusList`` is the state's list of statuses, which tells the tally of each
assignment, so a decision costs O(1) here whoever makes it. A list replaced,
grown or shrunk (or a status list changed otherwise than item by item) makes
the next read recount once; a proposal replaced in place keeps its term and
sort (``E`` widens one), so it changes no count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any, SupportsIndex

from mtfix.model import KIND_INCONSISTENT
from mtfix.review.proposals import Proposal

Key = tuple[str, bool]  # term and fixable: the proposals a/r decide together


def sort_of(p: Proposal) -> str:
    """``fix``, ``check`` or ``group`` (a mined inconsistent item): what the counts tell apart."""
    if p.fixable:
        return "fix"
    return "group" if p.finding.kind == KIND_INCONSISTENT else "check"


def key_of(p: Proposal) -> Key | None:
    """The term and sort a/r decide together; None for a group, its own concept."""
    return None if p.finding.kind == KIND_INCONSISTENT else (p.term, p.fixable)


class Tally:
    def __init__(self) -> None:
        self._reset()
        self.stale = True

    def _reset(self) -> None:
        self.proposals: Sequence[Proposal] | None = None  # the lists counted
        self.statuses: Sequence[Any] | None = None
        self.size = 0
        self.by_status: Counter[tuple[str, Any]] = Counter()  # (sort, status) -> proposals
        self.undecided_of: Counter[Key] = Counter()
        self.members: dict[Key, list[int]] = {}  # the indices of each key, ascending
        self.sorts: list[str] = []
        self.keys: list[Key | None] = []
        self.undecided = 0
        self.stale = False

    def is_counting(self, proposals: Sequence[Proposal], statuses: Sequence[Any]) -> bool:
        """Whether the tally counts these lists as they are."""
        return (not self.stale and proposals is self.proposals and statuses is self.statuses
                and not getattr(statuses, "stale", True) and len(proposals) == self.size == len(statuses))

    def recount(self, proposals: Sequence[Proposal], statuses: Sequence[Any]) -> None:
        self._reset()
        self.proposals, self.statuses = proposals, statuses
        self.sorts = [sort_of(p) for p in proposals]
        self.keys = [key_of(p) for p in proposals]
        for i, key in enumerate(self.keys):
            if key is not None:
                self.members.setdefault(key, []).append(i)
        self.by_status = Counter(zip(self.sorts, statuses, strict=True))
        for key, status in zip(self.keys, statuses, strict=True):
            if not status.decided:
                self.undecided += 1
                if key is not None:
                    self.undecided_of[key] += 1
        self.size = len(self.sorts)

    def moved(self, index: int, old: Any, new: Any) -> None:
        """Proposal ``index`` went from status ``old`` to ``new``."""
        sort = self.sorts[index]
        self.by_status[sort, old] -= 1
        self.by_status[sort, new] += 1
        change = int(old.decided) - int(new.decided)  # +1: undecided again, -1: decided
        if change:
            self.undecided += change
            key = self.keys[index]
            if key is not None:
                self.undecided_of[key] += change


def _rebuilding(name: str) -> Callable[..., Any]:
    method = getattr(list, name)

    def rebuild(self: StatusList, *args: Any) -> Any:
        self.on_set = _ignored  # counted again from scratch at the next read
        self.stale = True
        return method(self, *args)

    rebuild.__name__ = name
    return rebuild


def _ignored(*_: Any) -> None:
    pass


class StatusList(list):  # type: ignore[type-arg]
    """A list of statuses that reports each ``statuses[i] = s`` to ``on_set``; any other
    change marks it ``stale`` (and reports nothing more)."""

    def __init__(self, items: Iterable[Any], on_set: Callable[[StatusList, int, Any, Any], None]):
        super().__init__(items)
        self.on_set, self.stale = on_set, False

    def __setitem__(self, index: SupportsIndex | slice, value: Any) -> None:
        if isinstance(index, slice):
            self.on_set, self.stale = _ignored, True
            super().__setitem__(index, value)
            return
        at = index.__index__() % len(self)
        old = self[at]
        super().__setitem__(at, value)
        self.on_set(self, at, old, value)

    __delitem__ = _rebuilding("__delitem__")
    __iadd__ = _rebuilding("__iadd__")
    append = _rebuilding("append")
    extend = _rebuilding("extend")
    insert = _rebuilding("insert")
    pop = _rebuilding("pop")
    remove = _rebuilding("remove")
    clear = _rebuilding("clear")
    sort = _rebuilding("sort")
    reverse = _rebuilding("reverse")
