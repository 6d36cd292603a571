"""Files and session records: load files for review, remember decisions, write.

A file's decisions live in ``.mtfix/<name>.review.json`` in the file's own
folder, rewritten atomically after every decision. A later run hides the
proposals rejected before (matched by anchor, each record used once, the
occurrence with the recorded ordinal first) and shows everything else again;
accepted changes are in the file once ``q`` has written it. Session files are
never read or written through a symbolic link (``store``), and one that is
not what mtfix writes is refused with its name, never half-used.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from functools import partial
from pathlib import Path

from mtfix.engine import Matcher
from mtfix.errors import InputError, MtfixError, OutputError
from mtfix.formats import handler_for
from mtfix.formats import text as text_format
from mtfix.formats.base import Document
from mtfix.formats.text import read_file_bytes
from mtfix.glossary.mine import Group
from mtfix.model import KIND_VARIANT, Edit, Glossary
from mtfix.review.groups import group_proposals
from mtfix.review.proposals import Anchor, Proposal, ReviewFile, anchor_at, file_proposals, with_ordinals
from mtfix.review.state import ReviewState, Status, reading_order
from mtfix.review.store import read_session, remove_session, write_session

SESSION_DIR = ".mtfix"
SESSION_VERSION = 1


def session_path(path: str) -> Path:
    target = Path(os.path.realpath(path))
    return target.parent / SESSION_DIR / f"{target.name}.review.json"


def fingerprint(path: str) -> str:
    return hashlib.sha256(read_file_bytes(path)).hexdigest()


def load_document(path: str) -> Document:
    """The file as segments, through its format's handler (plain text when there is none)."""
    module = handler_for(path) or text_format
    if not hasattr(module, "load"):
        raise InputError("this format is streamed, not reviewed; use mtfix check or mtfix fix", path)
    return module.load(path)


Rejection = tuple[Anchor, int | None]  # the anchor and which occurrence of it (None: any)


def read_rejections(path: str) -> list[Rejection]:
    """Anchors and ordinals of the proposals rejected in earlier runs on ``path``."""
    session = session_path(path)
    raw = read_session(session)
    if raw is None:
        return []
    try:
        records = _decisions(json.loads(raw.decode("utf-8")))
        return [(Anchor(r["term"], r["variant"], r["before"], r["after"], r.get("kind", KIND_VARIANT)),
                 r.get("ordinal")) for r in records if r["status"] == Status.REJECTED.value]
    except (ValueError, RecursionError) as exc:  # bad JSON, bad UTF-8, 5,000-digit numbers, deep nesting
        detail = str(exc) if isinstance(exc, ValueError) else "nested too deep"
        line = exc.lineno if isinstance(exc, json.JSONDecodeError) else None
        raise InputError(f"malformed review session ({detail[:200]}); move it away to start "
                         "this file's review afresh", str(session), line) from None


_TEXT_FIELDS = ("term", "variant", "before", "after", "status")
_MAX_ORDINAL = 1 << 31


def _decisions(data: object) -> list[dict]:
    """The records of a session file, each checked for the fields and types mtfix writes."""
    if not isinstance(data, dict) or not isinstance(data.get("decisions"), list):
        raise ValueError('not an object with a "decisions" list')
    if data.get("version", SESSION_VERSION) != SESSION_VERSION:
        raise ValueError("written by another version of mtfix")
    for n, record in enumerate(data["decisions"], 1):
        if not isinstance(record, dict):
            raise ValueError(f"decision {n} is not an object")
        for key in (*_TEXT_FIELDS, "kind"):
            value = record.get(key, KIND_VARIANT if key == "kind" else None)
            if not isinstance(value, str) or not _encodable(value):
                raise ValueError(f'decision {n}: "{key}" is missing or not a string')
        ordinal = record.get("ordinal")
        if ordinal is not None and (type(ordinal) is not int or not 0 <= ordinal < _MAX_ORDINAL):
            raise ValueError(f'decision {n}: "ordinal" is not a small whole number')
    return data["decisions"]


def _encodable(text: str) -> bool:
    """False for a lone surrogate (a JSON escape such as ``\\ud800``), which no file can hold."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def split_rejected(proposals: list[Proposal], rejected: Iterable[Rejection]) -> tuple[list[Proposal], list[Proposal]]:
    """(still to review, rejected before): each earlier rejection hides one proposal with its
    anchor, the one with its ordinal if there is one (identical lines are told apart so),
    else the first one left."""
    by_place: dict[Rejection, Proposal] = {(p.anchor, p.ordinal): p for p in proposals}
    hidden: set[Proposal] = set()
    loose: Counter[Anchor] = Counter()  # no occurrence with the recorded ordinal (any longer)
    for anchor, ordinal in rejected:
        exact = by_place.pop((anchor, ordinal), None)
        if exact is None:
            loose[anchor] += 1
        else:
            hidden.add(exact)
    for p in proposals:
        if p not in hidden and loose[p.anchor] > 0:
            loose[p.anchor] -= 1
            hidden.add(p)
    return [p for p in proposals if p not in hidden], [p for p in proposals if p in hidden]


def _load_file(path: str, index: int, matcher: Matcher) -> tuple[ReviewFile, list[Proposal]]:
    """A file ready for review and every proposal in it."""
    if path == "-":
        raise InputError("review works on files, not on stdin", "-")
    stamp = fingerprint(path)  # before loading: a change in between is then refused at write time
    document = load_document(path)
    review_file = ReviewFile(path, list(document.segments), document, stamp)
    return review_file, file_proposals(index, review_file, matcher)


def open_file(path: str, index: int, matcher: Matcher) -> tuple[ReviewFile, list[Proposal]]:
    """A file ready for review and the proposals to show in it."""
    review_file, found = _load_file(path, index, matcher)
    shown, review_file.earlier = split_rejected(found, read_rejections(path))
    return review_file, shown


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
    for index, review_file in enumerate(files):
        in_order = with_ordinals(sorted(found[index], key=reading_order))
        shown, review_file.earlier = split_rejected(in_order, read_rejections(review_file.path))
        shown_all.extend(shown)
    state = ReviewState(files, shown_all)
    state.on_change = partial(save_sessions, state)
    return state


Record = dict[str, str | int]


def _record(proposal: Proposal, status: Status, replacement: str | None = None) -> Record:
    record: Record = {**asdict(proposal.anchor), "ordinal": proposal.ordinal, "status": status.value}
    if replacement is not None and proposal.fixable:
        record["replacement"] = replacement
    return record


def save_session(state: ReviewState, file: int, written: dict[Proposal, Proposal] | None = None,
                 only_rejected: bool = False) -> None:
    """Write the file's decisions (earlier rejections included); remove the session if there are none.

    ``written`` maps proposals to themselves as they are in the file after ``q`` wrote it.
    """
    review_file, written = state.files[file], written or {}
    records = [_record(written.get(p, p), Status.REJECTED) for p in review_file.earlier]
    for proposal, status, text in state.of_file(file):
        if status is not Status.PENDING and (status is Status.REJECTED or not only_rejected):
            records.append(_record(written.get(proposal, proposal), status,
                                   text if status is Status.ACCEPTED else None))
    _write_records(review_file.path, records)


def _write_records(path: str, records: list[Record]) -> None:
    session = session_path(path)
    if not records:
        remove_session(session)
        return
    data = {"version": SESSION_VERSION, "file": os.path.basename(path), "decisions": records}
    write_session(session, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def save_sessions(state: ReviewState, files: Iterable[int]) -> None:
    """Save the sessions of the files a decision touched (the state's ``on_change``)."""
    for file in sorted(files):
        save_session(state, file)


def _anchor_after_write(p: Proposal, edits: dict[int, list[Edit]], targets: Sequence[str]) -> Anchor:
    if not p.fixable:
        return p.anchor  # a check's window is in the source, which is never written
    f = p.finding
    shift = sum(len(e.replacement) - (e.end - e.start) for e in edits.get(p.segment, []) if e.end <= f.start)
    return anchor_at(targets[p.segment], f.start + shift, f.end + shift, f.term, f.variant)


def proposals_after_write(state: ReviewState, file: int, targets: Sequence[str]) -> dict[Proposal, Proposal]:
    """The file's proposals that are still there once written, re-anchored in the text as
    written and numbered again among themselves (an accepted twin is gone)."""
    edits = state.accepted_edits(file)
    kept = [p for p, s, _ in state.of_file(file) if not (p.fixable and s is Status.ACCEPTED)]
    kept = sorted(kept + state.files[file].earlier, key=lambda p: (p.segment, p.finding.start, p.finding.end))
    again = with_ordinals(kept, [_anchor_after_write(p, edits, targets) for p in kept])
    return dict(zip(kept, again, strict=True))


def write_file(state: ReviewState, file: int) -> int:
    """Write one file's accepted changes; returns how many were written.

    Raises ``OutputError`` (and writes nothing) if the file changed on disk
    since the review started.
    """
    review_file = state.files[file]
    accepted = sum(len(e) for e in state.accepted_edits(file).values())
    if not accepted:
        return 0
    if fingerprint(review_file.path) != review_file.fingerprint:
        raise OutputError("changed on disk since the review started; not overwritten "
                          "(your decisions are kept: run mtfix review again)", review_file.path)
    targets = state.apply(file)
    review_file.document.write(targets)
    try:
        save_session(state, file, proposals_after_write(state, file, targets), only_rejected=True)
    except MtfixError as exc:
        raise SessionNotSaved(f"{exc.message} (the {accepted} accepted changes are written; "
                              "its rejections will be shown again)", exc.path, written=accepted) from None
    return accepted


class SessionNotSaved(OutputError):
    """The file was written, but its session could not be saved after it."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None, written: int = 0):
        super().__init__(message, path, line)
        self.written = written
