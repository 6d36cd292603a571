"""What the review proposes: one ``Proposal`` per finding, and the ``Anchor``
that recognises it again in a later run.

Most proposals are fixes (variants). In a bilingual file the term checks
``missing`` and ``count-mismatch`` are proposals too, but they change no text:
they are noted or dismissed (``Proposal.fixable`` tells them apart).

An anchor is the term, the variant and the text on the same line around the
match (a bounded window that never crosses a line break), not an offset, so
a decision survives edits elsewhere in the file. A check's anchor is its kind,
its term, the source form and the window around that form in the source,
which mtfix never rewrites. Identical windows are told apart by ``ordinal``:
which of the file's proposals with that anchor it is, in reading order.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import accumulate
from typing import Any

from mtfix.bilingual import check_segment, evidence_for
from mtfix.engine import Matcher
from mtfix.formats.base import Segment
from mtfix.model import KIND_COUNT, KIND_MISSING, KIND_SPLIT, KIND_VARIANT, Edit, Finding

ANCHOR_CHARS = 40
_LINE_BREAKS = "\n\r\u2028\u2029\x0b\x0c\x85"
_BREAK = re.compile(f"[{_LINE_BREAKS}]")
# Checks shown in the review although nothing fixes them, a variant split by an
# inline tag (``split``, fixed by hand) among them, so review shows what check reports.
NOTED_KINDS = frozenset({KIND_MISSING, KIND_COUNT, KIND_SPLIT})

Span = tuple[int, int]


@dataclass(frozen=True)
class Anchor:
    term: str
    variant: str  # for a check: the source form (e.g. 链主)
    before: str  # up to ANCHOR_CHARS characters left of the match, same line
    after: str  # up to ANCHOR_CHARS characters right of the match, same line
    kind: str = KIND_VARIANT


@dataclass(frozen=True)
class Proposal:
    """One finding in one segment of one reviewed file.

    ``finding`` offsets are inside ``segment.target``; ``line``/``column`` are
    the position in the file. A check's ``source_spans`` are where the source
    has the term.
    """

    file: int
    segment: int
    finding: Finding
    anchor: Anchor
    line: int
    column: int
    ordinal: int = 0  # among the file's proposals with the same anchor, when it was read
    source_spans: tuple[Span, ...] = ()
    group: Any = None  # an ``inconsistent`` item's mined ``Group`` (its renderings to choose from)

    @property
    def term(self) -> str:
        return self.finding.term

    @property
    def inconsistent(self) -> bool:
        """An item of mined renderings: choosing one teaches the glossary, no text changes."""
        return self.group is not None

    @property
    def fixable(self) -> bool:
        """False for a check: accepting it notes it and changes no text."""
        return self.finding.fixable


@dataclass
class ReviewFile:
    """A file under review: its segments and the document that writes it back."""

    path: str
    segments: Sequence[Segment]
    document: Any = None  # a formats Document; only the session layer calls it
    fingerprint: str = ""  # hash of the bytes as read, to notice a change on disk
    earlier: list[Proposal] = field(default_factory=list)  # rejected in an earlier run, not shown


def _line_start(text: str, pos: int) -> int:
    # Searched back in widening windows: the cost is the line's length, not the offset's.
    width = 256
    while True:
        lo = max(0, pos - width)
        cut = max(text.rfind(c, lo, pos) for c in _LINE_BREAKS)
        if cut >= 0 or lo == 0:
            return cut + 1
        width *= 4


def _line_end(text: str, pos: int) -> int:
    found = _BREAK.search(text, pos)
    return len(text) if found is None else found.start()


def anchor_at(text: str, start: int, end: int, term: str, variant: str) -> Anchor:
    """The anchor of the match ``text[start:end]``; reads only the window around it."""
    before = _BREAK.split(text[max(0, start - ANCHOR_CHARS):start])[-1]
    after = _BREAK.split(text[end:end + ANCHOR_CHARS], maxsplit=1)[0]
    return Anchor(term, variant, before, after)


def line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Start of the line holding ``start`` and end of the line holding ``end``."""
    return _line_start(text, start), _line_end(text, end)


class Shifts:
    """How far the edits applied to a file move each offset of its segments, by bisection
    (summing the edits before each proposal made writing a big file quadratic)."""

    def __init__(self, edits: dict[int, list[Edit]]):
        self._ends: dict[int, list[int]] = {}
        self._sums: dict[int, list[int]] = {}
        for segment, applied in edits.items():
            applied = sorted(applied, key=lambda e: e.end)
            self._ends[segment] = [e.end for e in applied]
            self._sums[segment] = list(accumulate((len(e.replacement) - (e.end - e.start) for e in applied),
                                                  initial=0))

    def at(self, segment: int, offset: int) -> int:
        """The change in length made by the segment's edits that end at or before ``offset``."""
        ends = self._ends.get(segment)
        return self._sums[segment][bisect_right(ends, offset)] if ends else 0


def _source_spans(segment: Segment, finding: Finding, matcher: Matcher) -> tuple[Span, ...]:
    """Where the segment's source has the finding's term (as ``mtfix check`` found it)."""
    evidence = evidence_for(segment, matcher)
    if evidence is None:
        return ()
    return tuple((o.start, o.end) for o in evidence.occurrences if matcher.terms[o.term].id == finding.term)


def _check_proposal(file: int, index: int, segment: Segment, finding: Finding, matcher: Matcher) -> Proposal:
    spans = _source_spans(segment, finding, matcher)
    start, end = spans[0] if spans else (0, 0)
    window = anchor_at(segment.source or "", start, end, finding.term, finding.evidence)
    anchor = replace(window, kind=finding.kind)
    return Proposal(file, index, finding, anchor, finding.line, finding.column, source_spans=spans)


def segment_proposals(file: int, index: int, segment: Segment, matcher: Matcher) -> list[Proposal]:
    """The fixes ``mtfix fix`` would make in a segment (source evidence and inline tags
    respected) and, with a source, its ``missing`` and ``count-mismatch`` checks."""
    out = []
    for finding in check_segment(segment, matcher):
        if finding.kind in NOTED_KINDS:
            out.append(_check_proposal(file, index, segment, finding, matcher))
        elif finding.fixable:
            anchor = anchor_at(segment.target, finding.start, finding.end, finding.term, finding.variant)
            out.append(Proposal(file, index, finding, anchor, finding.line, finding.column))
    return out


def with_ordinals(proposals: Sequence[Proposal], anchors: Sequence[Anchor] | None = None) -> list[Proposal]:
    """The proposals (of one file, in reading order) numbered within each anchor;
    ``anchors`` replace theirs first (the anchors in the text as written)."""
    seen: Counter[Anchor] = Counter()
    out = []
    for n, p in enumerate(proposals):
        anchor = p.anchor if anchors is None else anchors[n]
        same = anchor == p.anchor and seen[anchor] == p.ordinal  # numbered so before: no copy
        out.append(p if same else replace(p, anchor=anchor, ordinal=seen[anchor]))
        seen[anchor] += 1
    return out


def file_proposals(file: int, review_file: ReviewFile, matcher: Matcher) -> list[Proposal]:
    """Every proposal in a file, in reading order."""
    return with_ordinals([p for i, segment in enumerate(review_file.segments)
                          for p in segment_proposals(file, i, segment, matcher)])
