"""How a proposal's text reads with the decisions taken around it: the
paragraph it sits in, the accepted changes near it applied, and the one edit
that turns a segment (or line) into the text the editor typed for it (``E``).

Pure: it reads a ``ReviewState`` and changes nothing. Proposals are kept in
reading order, so the ones of a segment are neighbours of the current one
and are found by walking out from it, never by scanning the whole review.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from mtfix.engine import apply_edits
from mtfix.model import Edit
from mtfix.review.proposals import Proposal, line_bounds
from mtfix.review.state import ReviewState, Status

# A paragraph longer than this on either side of the match is cut at a line
# (or, inside one enormous line, at a space) so a huge file still draws quickly.
PARAGRAPH_CHARS = 4000
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph (lines between blank lines) holding ``text[start:end]``, at most
    ``PARAGRAPH_CHARS`` either side of it."""
    lo, hi = line_bounds(text, start, end)
    floor, ceiling = max(0, start - PARAGRAPH_CHARS), min(len(text), end + PARAGRAPH_CHARS)
    blanks = list(_BLANK_LINE.finditer(text, max(floor, min(lo, floor + 1) - 1), lo))
    if blanks:
        lo = blanks[-1].end()
    elif floor > 0:
        lo = _cut_after(text, floor, start)
    else:
        lo = 0
    after = _BLANK_LINE.search(text, hi, ceiling)
    if after:
        hi = after.start()
    elif ceiling < len(text):
        hi = _cut_before(text, end, ceiling)
    else:
        hi = len(text)
    while hi > end and text[hi - 1].isspace():  # no blank row after the paragraph
        hi -= 1
    return lo, hi


def _cut_after(text: str, floor: int, start: int) -> int:
    """The first line start (else word start) after ``floor``, not past ``start``."""
    for mark in ("\n", " "):
        at = text.find(mark, floor, start)
        if at >= 0:
            return at + 1
    return floor


def _cut_before(text: str, end: int, ceiling: int) -> int:
    for mark in ("\n", " "):
        at = text.rfind(mark, end, ceiling)
        if at >= 0:
            return at
    return ceiling


def _same_segment(a: Proposal, b: Proposal) -> bool:
    return a.file == b.file and a.segment == b.segment


# No match is longer than this: walking back from a proposal, one that starts this far
# before ``lo`` ends before it, and so does every earlier one.
_LONGEST_MATCH = 1000


def _neighbours_near(state: ReviewState, index: int, lo: int, hi: int) -> Iterator[int]:
    """The other proposals of the segment of ``index`` that may have a change inside
    ``[lo, hi)`` (proposals are in reading order): the walk stops
    past it, so a render costs the same in a file that is one segment of 15,000 proposals."""
    p, proposals = state.proposals[index], state.proposals
    i = index - 1
    while i >= 0 and _same_segment(proposals[i], p) and proposals[i].finding.start + _LONGEST_MATCH >= lo:
        yield i
        i -= 1
    i = index + 1
    while i < len(proposals) and _same_segment(proposals[i], p) and proposals[i].finding.start <= hi:
        yield i  # a change ends after its finding starts: one starting past ``hi`` ends past it
        i += 1


def settled(state: ReviewState, index: int, lo: int, hi: int) -> list[Edit]:
    """The accepted changes of the other proposals of the segment inside ``[lo, hi)``
    that leave the current proposal's own span alone, in text order."""
    own = state.proposals[index].finding.edit
    out = []
    for i in _neighbours_near(state, index, lo, hi):
        p = state.proposals[i]
        edit = p.finding.edit
        if not p.fixable or state.statuses[i] is not Status.ACCEPTED:
            continue
        if lo <= edit.start and edit.end <= hi and (edit.end <= own.start or own.end <= edit.start):
            out.append(Edit(edit.start, edit.end, state.replacement(i)))
    return sorted(out, key=lambda e: (e.start, e.end))


def applied(text: str, lo: int, hi: int, edits: Sequence[Edit]) -> str:
    """``text[lo:hi]`` with ``edits`` (inside it) applied."""
    return apply_edits(text[lo:hi], [Edit(e.start - lo, e.end - lo, e.replacement) for e in edits])


def segment_span(text: str, start: int, end: int) -> tuple[int, int]:
    """What ``E`` edits: the whole segment when it is one line, else the line(s) of the change."""
    if not any(c in text for c in "\n\r\u2028\u2029\x0b\x0c\x85"):
        return 0, len(text)
    return line_bounds(text, start, end)


@dataclass(frozen=True)
class SegmentEdit:
    """The text typed for a segment (or line) as one decision: the current proposal,
    its edit widened to ``edit``'s span, accepted with ``edit.replacement``; the
    proposals whose changes the typed text took over (``covered``) are rejected with it."""

    proposal: Proposal
    edit: Edit
    covered: tuple[int, ...]


def written_span(state: ReviewState, index: int) -> tuple[int, int, str]:
    """The span ``E`` edits and how it reads now: the accepted changes in it and this
    proposal's replacement applied."""
    p = state.proposals[index]
    text, own = state.files[p.file].segments[p.segment].target, p.finding.edit
    lo, hi = segment_span(text, own.start, own.end)
    edits = [*settled(state, index, lo, hi), Edit(own.start, own.end, state.replacement(index))]
    return lo, hi, applied(text, lo, hi, edits)


def segment_edit(state: ReviewState, index: int, typed: str) -> SegmentEdit:
    """The decision that makes the span ``E`` edited read ``typed``.

    The change is the part of the shown text that differs from ``typed``, mapped
    back to the file's text and widened to the proposal's own span and to every
    change of the segment it touches (so no two edits of the file ever overlap)."""
    p = state.proposals[index]
    text, own = state.files[p.file].segments[p.segment].target, p.finding.edit
    lo, hi, shown = written_span(state, index)
    edits = sorted([*settled(state, index, lo, hi), Edit(own.start, own.end, state.replacement(index))],
                   key=lambda e: (e.start, e.end))
    prefix = _common_prefix(shown, typed)
    suffix = _common_prefix(shown[prefix:][::-1], typed[prefix:][::-1])
    start = min(_to_text(edits, lo, prefix, leftmost=True), own.start)
    end = max(_to_text(edits, lo, len(shown) - suffix, leftmost=False), own.end)
    spans = [(e.start, e.end) for e in edits] + [
        (q.finding.edit.start, q.finding.edit.end) for q in map(state.proposals.__getitem__,
                                                                _neighbours_near(state, index, lo, hi)) if q.fixable]
    start, end = _widened(spans, start, end)
    head = applied(text, lo, start, [e for e in edits if e.end <= start and e.start < start])
    tail = applied(text, end, hi, [e for e in edits if e.start >= end])
    covered = tuple(i for i in _neighbours_near(state, index, lo, hi)
                    if state.proposals[i].fixable and state.statuses[i] is not Status.REJECTED
                    and start <= state.proposals[i].finding.edit.start and state.proposals[i].finding.edit.end <= end)
    return SegmentEdit(widened(p, text, start, end), Edit(start, end, typed[len(head):len(typed) - len(tail)]),
                       covered)


def widened(p: Proposal, text: str, start: int, end: int) -> Proposal:
    """``p`` with its edit reaching over ``text[start:end]``; unchanged text around
    its replacement keeps it the same change until another text is given for it."""
    own = p.finding.edit
    edit = Edit(start, end, text[start:own.start] + own.replacement + text[own.end:end])
    return replace(p, finding=replace(p.finding, edit=edit))


def _widened(spans: Sequence[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` grown until no span crosses or touches its inside."""
    grown = True
    while grown:
        grown = False
        for a, b in spans:
            if (a < end and start < b or start <= a < end) and (a < start or b > end):
                start, end, grown = min(start, a), max(end, b), True
    return start, end


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


def _to_text(edits: Sequence[Edit], lo: int, at: int, leftmost: bool) -> int:
    """Offset ``at`` of the shown text (``edits`` applied from ``lo`` on) as an offset of
    the file's text; inside a change, its start (``leftmost``) or its end."""
    position, text_pos = 0, lo  # an offset in the shown text and the same place in the file's text
    for e in edits:
        before = e.start - text_pos  # unchanged characters up to this change
        if at <= position + before:
            return text_pos + at - position
        position += before
        if at < position + len(e.replacement):
            return e.start if leftmost else e.end
        position += len(e.replacement)
        text_pos = e.end
    return text_pos + at - position


def reach_of(p: Proposal, target: str) -> dict[str, str | int]:
    """What a session record needs to put back a change whose edit reaches past its match
    (``E``, an article repair): how far on either side, and the text it covered."""
    f = p.finding
    before, after = f.start - f.edit.start, f.edit.end - f.end
    if before <= 0 and after <= 0:
        return {}
    return {"reach_before": before, "reach_after": after, "was": target[f.edit.start:f.edit.end]}


def reached(p: Proposal, target: str, record: dict[str, object]) -> Proposal | None:
    """``p`` as found afresh, its edit reaching as ``record`` says (``reach_of``); None when
    the text there is no longer what it was, or the record is not one mtfix writes."""
    before, after, was = record.get("reach_before"), record.get("reach_after"), record.get("was")
    if type(before) is not int or type(after) is not int or not isinstance(was, str):
        return None
    start, end = p.finding.start - before, p.finding.end + after
    own = p.finding.edit
    if not 0 <= start <= own.start or not own.end <= end <= len(target) or target[start:end] != was:
        return None
    return widened(p, target, start, end)
