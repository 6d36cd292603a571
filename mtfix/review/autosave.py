"""Saving a review as it goes: every decision is in its file's session before the
screen shows it (``SessionSaver``, the state's ``on_change``), and ``save_session``
writes a file's decisions as a new snapshot (``journal``)."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict

from mtfix.errors import MtfixError
from mtfix.review import journal
from mtfix.review.journal import Record, session_path
from mtfix.review.proposals import Proposal
from mtfix.review.reading import reach_of
from mtfix.review.state import ReviewState, Status

Change = tuple[Proposal, Status, str | None]  # a proposal, its status now and its edited text


def record_of(proposal: Proposal, status: Status, replacement: str | None = None,
              target: str | None = None) -> Record:
    """The record of a decision; an accepted change whose edit reaches past its match (``E``
    widens it over a segment) also says how far and over what text of ``target``."""
    record: Record = {**asdict(proposal.anchor), "ordinal": proposal.ordinal, "status": status.value}
    if replacement is not None and proposal.fixable:
        record["replacement"] = replacement
        record.update(reach_of(proposal, target) if target is not None else {})
    return record


def save_session(state: ReviewState, file: int, written: dict[Proposal, Proposal] | None = None,
                 only_rejected: bool = False) -> str | None:
    """Write the file's decisions (earlier rejections included) as a new snapshot and drop its
    journal; remove the session if there are none. Returns the snapshot's generation (None:
    removed).

    ``written`` maps proposals to themselves as they are in the file after ``q`` wrote it.
    """
    review_file, written = state.files[file], written or {}
    records = [record_of(written.get(p, p), Status.REJECTED) for p in review_file.earlier]
    for proposal, status, text in state.of_file(file):
        if status is not Status.PENDING and (status is Status.REJECTED or not only_rejected):
            records.append(record_of(written.get(proposal, proposal), status,
                                     text if status is Status.ACCEPTED else None,
                                     None if written else review_file.segments[proposal.segment].target))
    path = review_file.path
    return journal.compact(session_path(path), os.path.basename(path), records)


class SessionSaver:
    """The state's ``on_change``: puts each decision in its file's session before the
    screen shows it, as one journal line holding the records it changed (found from the
    undo step it made, else by comparing the touched files with what was saved last).

    The journal is compacted into a new snapshot when it holds as many lines as the
    snapshot holds records (at least ``COMPACT_LINES``), when earlier rejections were
    revoked, at the first save of a resumed session (whose records may have matched their
    proposals loosely), after a failed save, and when nothing is left to remember (the
    session is removed then). A failure raises ``MtfixError`` once every file was tried;
    the next decision tries the failed files again. ``log`` (``--log``) is told of every
    decision too: ``log(state, changes, undone)``.
    """

    COMPACT_LINES = 512

    def __init__(self, state: ReviewState, stale: Iterable[int] = (),
                 generations: dict[int, str | None] | None = None):
        self.state = state
        self.log: Callable[[ReviewState, list[Change], bool], None] | None = None
        self.stale = set(stale)  # files whose next save is a compaction
        self.saved: dict[int, Change] = {id(p): (p, s, t) for p, s, t in
                                         zip(state.proposals, state.statuses, state.texts, strict=True)
                                         if s is not Status.PENDING}
        self.generation = [(generations or {}).get(n) for n in range(len(state.files))]
        self.lines = [0] * len(state.files)  # journal lines (0: no journal)
        self.base = [0] * len(state.files)  # records in the snapshot
        self.earlier = [len(f.earlier) for f in state.files]
        self.decided = Counter(p.file for p, _, _ in self.saved.values())  # saved records, by file
        self.steps = len(state.history)
        self.top = state.history[-1] if state.history else None  # the step an undo takes back

    def __call__(self, files: set[int]) -> None:
        undone = len(self.state.history) < self.steps
        changed = self._changes(files)
        self.steps = len(self.state.history)
        self.top = self.state.history[-1] if self.state.history else None
        error: MtfixError | None = None
        for file in sorted(set(files) | self.stale):
            try:
                self._save(file, [c for c in changed if c[0].file == file])
            except MtfixError as exc:
                self.stale.add(file)
                error = error or exc
        if self.log is not None and changed:
            try:
                self.log(self.state, changed, undone)
            except MtfixError as exc:
                error = error or exc
        if error is not None:
            raise error

    def _changes(self, files: set[int]) -> list[Change]:
        """The proposals whose status or text differ from what was saved, as they are now."""
        state = self.state
        step = (state.history[-1] if len(state.history) == self.steps + 1
                else self.top if len(state.history) == self.steps - 1 else None)
        if step is not None and not step.added and not getattr(step, "replaced", ()):
            # one decision, or its undo: the proposals it touched
            rows = [(state.proposals[i], state.statuses[i], state.texts[i]) for i, _, _ in step.before]
        else:  # a lesson, an ``E`` that replaced a proposal, their undo: compare the files touched
            rows = [row for row in zip(state.proposals, state.statuses, state.texts, strict=True)
                    if row[0].file in files]
            here = {id(p) for p, _, _ in rows}
            rows = [(p, Status.PENDING, None) for key, (p, _, _) in self.saved.items()
                    if p.file in files and key not in here] + rows  # gone first: the same anchor ends decided
        out = []
        for p, status, text in rows:
            if self.saved.get(id(p), (p, Status.PENDING, None))[1:] == (status, text):
                continue
            out.append((p, status, text))
            self.decided[p.file] += (status is not Status.PENDING) - (id(p) in self.saved)
            if status is Status.PENDING:
                self.saved.pop(id(p), None)
            else:
                self.saved[id(p)] = (p, status, text)
        return out

    def _save(self, file: int, changed: list[Change]) -> None:
        earlier = len(self.state.files[file].earlier)
        if (file in self.stale or earlier != self.earlier[file] or not (earlier or self.decided[file])
                or self.lines[file] >= max(self.COMPACT_LINES, self.base[file])):
            self.compact(file)
        elif changed:
            segments = self.state.files[file].segments
            records = [record_of(p, status, _replacement(p, text) if status is Status.ACCEPTED else None,
                                 segments[p.segment].target) for p, status, text in changed]
            journal.append(session_path(self.state.files[file].path), records,
                           new=self.lines[file] == 0, generation=self.generation[file])
            self.lines[file] += 1

    def compact(self, file: int) -> None:
        """Write the file's decisions as a new snapshot and drop its journal."""
        self.generation[file] = save_session(self.state, file)
        review_file = self.state.files[file]
        decided = sum(1 for _, status, _ in self.state.of_file(file) if status is not Status.PENDING)
        self.base[file], self.lines[file] = len(review_file.earlier) + decided, 0
        self.earlier[file] = len(review_file.earlier)
        self.stale.discard(file)


def _replacement(p: Proposal, text: str | None) -> str:
    return p.finding.edit.replacement if text is None else text
