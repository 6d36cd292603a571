"""What the review proposes: one ``Proposal`` per finding, and the ``Anchor``
that recognises it again in a later run.

An anchor is the term, the variant and the text on the same line around the
match (a bounded window that never crosses a line break), not an offset, so
a decision survives edits elsewhere in the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from mtfix.bilingual import segment_findings
from mtfix.engine import Matcher
from mtfix.formats.base import Segment
from mtfix.model import Finding

ANCHOR_CHARS = 40
_LINE_BREAKS = "\n\r\u2028\u2029\x0b\x0c\x85"


@dataclass(frozen=True)
class Anchor:
    term: str
    variant: str
    before: str  # up to ANCHOR_CHARS characters left of the match, same line
    after: str  # up to ANCHOR_CHARS characters right of the match, same line


@dataclass(frozen=True)
class Proposal:
    """One finding in one segment of one reviewed file.

    ``finding`` offsets are inside ``segment.target``; ``line``/``column`` are
    the position in the file.
    """

    file: int
    segment: int
    finding: Finding
    anchor: Anchor
    line: int
    column: int

    @property
    def term(self) -> str:
        return self.finding.term


@dataclass
class ReviewFile:
    """A file under review: its segments and the document that writes it back."""

    path: str
    segments: Sequence[Segment]
    document: Any = None  # a formats Document; only the session layer calls it
    fingerprint: str = ""  # hash of the bytes as read, to notice a change on disk
    earlier: list[Proposal] = field(default_factory=list)  # rejected in an earlier run, not shown


def _line_start(text: str, pos: int) -> int:
    return max((text.rfind(c, 0, pos) for c in _LINE_BREAKS), default=-1) + 1


def _line_end(text: str, pos: int) -> int:
    ends = [i for i in (text.find(c, pos) for c in _LINE_BREAKS) if i >= 0]
    return min(ends, default=len(text))


def anchor_at(text: str, start: int, end: int, term: str, variant: str) -> Anchor:
    """The anchor of the match ``text[start:end]``."""
    lo = max(_line_start(text, start), start - ANCHOR_CHARS)
    hi = min(_line_end(text, end), end + ANCHOR_CHARS)
    return Anchor(term, variant, text[lo:start], text[end:hi])


def line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Start of the line holding ``start`` and end of the line holding ``end``."""
    return _line_start(text, start), _line_end(text, end)


def segment_proposals(file: int, index: int, segment: Segment, matcher: Matcher) -> list[Proposal]:
    """The fixes ``mtfix fix`` would make in a segment: source evidence and inline tags respected."""
    out = []
    for finding in segment_findings(segment, matcher):
        if not finding.fixable:
            continue
        anchor = anchor_at(segment.target, finding.start, finding.end, finding.term, finding.variant)
        out.append(Proposal(file, index, finding, anchor, finding.line, finding.column))
    return out


def file_proposals(file: int, review_file: ReviewFile, matcher: Matcher) -> list[Proposal]:
    """Every proposal in a file, in reading order."""
    return [p for i, segment in enumerate(review_file.segments)
            for p in segment_proposals(file, i, segment, matcher)]
