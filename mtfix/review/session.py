"""Files and session records: load files for review, remember decisions, write.

A file's decisions live in ``.mtfix/<name>.review.json`` in the file's own
folder and the journal beside it (``journal``): every decision is appended
there before the screen shows it (``SessionSaver``). A later run hides the
proposals rejected before, restores the accepted (and edited) ones as
accepted, each matched by anchor, each record used once, the occurrence with
the recorded ordinal first, and shows everything else again; accepted changes
are in the file once ``q`` has written it. Session files are never read or
written through a symbolic link (``store``), and one that is not what mtfix
writes is refused with its name, never half-used.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Iterable, Sequence

from mtfix.engine import Matcher
from mtfix.errors import InputError, MtfixError, OutputError
from mtfix.formats import handler_for
from mtfix.formats import text as text_format
from mtfix.formats.base import Document
from mtfix.formats.text import read_file_bytes
from mtfix.glossary.mine import Group
from mtfix.model import KIND_VARIANT, Glossary
from mtfix.review import journal
from mtfix.review.autosave import SessionSaver, save_session
from mtfix.review.groups import group_proposals
from mtfix.review.journal import session_path
from mtfix.review.proposals import Anchor, Proposal, ReviewFile, Shifts, anchor_at, file_proposals, with_ordinals
from mtfix.review.reading import reached
from mtfix.review.state import ReviewState, Status, reading_order


def fingerprint(path: str) -> str:
    return hashlib.sha256(read_file_bytes(path)).hexdigest()


def load_document(path: str) -> Document:
    """The file as segments, through its format's handler (plain text when there is none)."""
    module = handler_for(path) or text_format
    if not hasattr(module, "load"):
        raise InputError("this format is streamed, not reviewed; use mtfix check or mtfix fix", path)
    return module.load(path)


Rejection = tuple[Anchor, int | None]  # the anchor and which occurrence of it (None: any)
Record = journal.Record


def read_decisions(path: str) -> list[Record]:
    """The decisions remembered for ``path`` (its session with its journal applied)."""
    return journal.read_stored(session_path(path)).records


def _place(record: Record) -> Rejection:
    anchor = Anchor(str(record["term"]), str(record["variant"]), str(record["before"]), str(record["after"]),
                    str(record.get("kind", KIND_VARIANT)))
    ordinal = record.get("ordinal")
    return anchor, ordinal if isinstance(ordinal, int) else None


def split_rejected(proposals: list[Proposal], rejected: Iterable[Rejection]) -> tuple[list[Proposal], list[Proposal]]:
    """(still to review, rejected before): each earlier rejection hides one proposal with its
    anchor, the one with its ordinal if there is one (identical lines are told apart so),
    else the first one left."""
    hidden = {id(p) for p, _ in match_places(proposals, [(place, None) for place in rejected])}
    return [p for p in proposals if id(p) not in hidden], [p for p in proposals if id(p) in hidden]


def match_places(proposals: Sequence[Proposal], places: Sequence[tuple[Rejection, object]],
                 ) -> list[tuple[Proposal, object]]:
    """Each place (with what it carries) paired with one proposal of its anchor: the one
    with its ordinal if there is one, else the first one left; unmatched places are dropped."""
    by_place: dict[Rejection, Proposal] = {(p.anchor, p.ordinal): p for p in proposals}
    taken: dict[int, tuple[Proposal, object]] = {}
    loose: dict[Anchor, deque[object]] = {}  # no occurrence with the recorded ordinal (any longer)
    for (anchor, ordinal), carried in places:
        exact = by_place.pop((anchor, ordinal), None)
        if exact is None:
            loose.setdefault(anchor, deque()).append(carried)
        else:
            taken[id(exact)] = (exact, carried)
    for p in proposals:
        if id(p) not in taken and loose.get(p.anchor):
            taken[id(p)] = (p, loose[p.anchor].popleft())
    return list(taken.values())


def _load_file(path: str, index: int, matcher: Matcher) -> tuple[ReviewFile, list[Proposal]]:
    """A file ready for review and every proposal in it."""
    if path == "-":
        raise InputError("review works on files, not on stdin", "-")
    stamp = fingerprint(path)  # before loading: a change in between is then refused at write time
    document = load_document(path)
    review_file = ReviewFile(path, list(document.segments), document, stamp)
    return review_file, file_proposals(index, review_file, matcher)


Restored = dict[int, tuple[Proposal, str | None]]  # by id of the proposal: it, and its edited text


def _resume(review_file: ReviewFile, proposals: list[Proposal]) -> tuple[list[Proposal], Restored, journal.Stored]:
    """The proposals to show, the accepted ones among them with their texts, and what the
    file's session holds (``review_file.earlier`` gets the rejected ones)."""
    stored = journal.read_stored(session_path(review_file.path))
    rejected = [_place(r) for r in stored.records if r["status"] == Status.REJECTED.value]
    shown, review_file.earlier = split_rejected(proposals, rejected)
    accepted = [(_place(r), r) for r in stored.records if r["status"] == Status.ACCEPTED.value]
    restored = {id(p): decided for p, r in match_places(shown, accepted)
                if (decided := _accepted(review_file, p, r)) is not None}
    return shown, restored, stored


def _accepted(review_file: ReviewFile, p: Proposal, record: object) -> tuple[Proposal, str | None] | None:
    """An accepted proposal as it was decided: its edited text, and its edit widened as
    recorded (``E``); None (proposed again) when the widened text is no longer there."""
    assert isinstance(record, dict)
    text = record.get("replacement")
    if not p.fixable or not isinstance(text, str):
        return p, None
    if "was" not in record:
        return p, text
    wide = reached(p, review_file.segments[p.segment].target, record)
    return None if wide is None else (wide, text)


def open_files(paths: Sequence[str], matcher: Matcher, groups: Sequence[Group] = (),
               glossary: Glossary | None = None) -> ReviewState:
    """The review of ``paths``; mined ``groups`` the ``glossary`` does not cover join it as
    ``inconsistent`` items at their first occurrence."""
    files, found = [], []
    for index, path in enumerate(paths):
        review_file, proposals = _load_file(path, index, matcher)
        files.append(review_file)
        found.append(proposals)
    for item in group_proposals(files, groups, glossary or Glossary(())):
        found[item.file].append(item)
    shown_all: list[Proposal] = []
    restored: Restored = {}
    kept: set[int] = set()  # files with a session: the first save compacts it
    generations: dict[int, str | None] = {}
    for index, review_file in enumerate(files):
        shown, accepted, stored = _resume(review_file, with_ordinals(sorted(found[index], key=reading_order)))
        shown_all.extend(shown)
        restored.update(accepted)
        generations[index] = stored.generation
        if stored.records or stored.journal:
            kept.add(index)
    state = ReviewState(files, shown_all)
    for i, p in enumerate(state.proposals):
        if id(p) in restored:
            state.proposals[i], state.texts[i] = restored[id(p)]  # an E decision's edit widened again
            state.statuses[i] = Status.ACCEPTED
    state.cursor = next((i for i, s in enumerate(state.statuses) if not s.decided), 0)
    state.on_change = SessionSaver(state, kept, generations)
    return state


def revoke(state: ReviewState, proposal: Proposal) -> None:
    """Forget an earlier run's rejection (the overview's ^X): the proposal is reviewed again,
    pending, and its record leaves the session when the state's ``on_change`` saves it;
    ``u`` puts both back."""
    earlier = state.files[proposal.file].earlier
    if state.current is None:  # nothing to stand on (an empty review is never shown)
        return
    earlier.remove(proposal)
    state.teach([proposal], lambda: earlier.append(proposal))


def _anchor_after_write(p: Proposal, shifts: Shifts, targets: Sequence[str]) -> Anchor:
    if not p.fixable:
        return p.anchor  # a check's window is in the source, which is never written
    f = p.finding
    shift = shifts.at(p.segment, f.start)
    return anchor_at(targets[p.segment], f.start + shift, f.end + shift, f.term, f.variant)


def proposals_after_write(state: ReviewState, file: int, targets: Sequence[str]) -> dict[Proposal, Proposal]:
    """The file's proposals that are still there once written, re-anchored in the text as
    written and numbered again among themselves (an accepted twin is gone)."""
    edits = Shifts(state.accepted_edits(file))
    kept = [p for p, s, _ in state.of_file(file) if not (p.fixable and s is Status.ACCEPTED)]
    kept = sorted(kept + state.files[file].earlier, key=lambda p: (p.segment, p.finding.start, p.finding.end))
    again = with_ordinals(kept, [_anchor_after_write(p, edits, targets) for p in kept])
    return dict(zip(kept, again, strict=True))


def write_file(state: ReviewState, file: int) -> int:
    """Write one file's accepted changes; returns how many were written. Its session is
    compacted: after a write it keeps the rejections, otherwise every decision.

    Raises ``OutputError`` (and writes nothing) if the file changed on disk
    since the review started; its decisions are kept for the next run.
    """
    review_file = state.files[file]
    accepted = sum(len(e) for e in state.accepted_edits(file).values())
    if not accepted:
        _keep_decisions(state, file, "nothing to write in this file")
        return 0
    if fingerprint(review_file.path) != review_file.fingerprint:
        _keep_decisions(state, file, "changed on disk since the review started; not overwritten")
        raise OutputError("changed on disk since the review started; not overwritten "
                          "(your decisions are kept: run mtfix review again)", review_file.path)
    targets = state.apply(file)
    review_file.document.write(targets)
    try:
        save_session(state, file, proposals_after_write(state, file, targets), only_rejected=True)
    except MtfixError as exc:
        journal.forget(session_path(review_file.path))  # its accepted records are written now
        raise SessionNotSaved(f"{exc.message} (the {accepted} accepted changes are written; "
                              "its rejections will be shown again)", exc.path, written=accepted) from None
    return accepted


def _keep_decisions(state: ReviewState, file: int, why: str) -> None:
    """Compact the session of a file ``q`` leaves as it is; its journal keeps the decisions
    if that fails."""
    try:
        save_session(state, file)
    except MtfixError as exc:
        raise SessionNotSaved(f"{why}; {exc.message} (the decisions taken are in its journal "
                              "unless a save failed during the review)", exc.path) from None


class SessionNotSaved(OutputError):
    """The file was written, but its session could not be saved after it."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None, written: int = 0):
        super().__init__(message, path, line)
        self.written = written
