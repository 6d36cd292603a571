"""What every file format hands the engine: a document made of segments.

A segment is one piece of target text to check and fix (a whole text file,
a TSV line's target column, an XLIFF unit's target...), with its source text
where the format has one and its position in the file for reports. A
document knows how to write itself back with new target texts, keeping
everything else byte for byte.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from mtfix.model import Finding


@dataclass(frozen=True)
class Segment:
    target: str
    source: str | None = None
    ref: str = ""  # how a report names the segment: a unit id, "line 12"
    line: int = 1  # 1-based line of the file on which ``target`` starts
    column: int = 1  # 1-based column of the file at which ``target`` starts
    protected: tuple[tuple[int, int], ...] = field(default=())  # target spans never rewritten (inline tags)
    # Where pieces of ``target`` start in the file when markup sits between them:
    # (offset in target, file line, file column), ascending; empty when ``target`` is one run.
    anchors: tuple[tuple[int, int, int], ...] = field(default=())


def place_finding(segment: Segment, finding: Finding) -> Finding:
    """A finding made inside ``segment.target``, moved to file line and column."""
    from dataclasses import replace

    offset, line, column = 0, segment.line, segment.column
    for anchor in segment.anchors:
        if anchor[0] > finding.start:
            break
        offset, line, column = anchor
    before = segment.target[offset:finding.start]
    breaks = before.count("\n")
    column = column + len(before) if not breaks else len(before) - before.rfind("\n")
    return replace(finding, line=line + breaks, column=column)


class Document(Protocol):
    """A whole file read into segments."""

    path: str
    segments: Sequence[Segment]

    def render(self, targets: Sequence[str]) -> str:
        """The file's text with each segment's target replaced by ``targets[i]``."""
        ...

    def original(self) -> str:
        """The file's text as read (for diffs)."""
        ...

    def write(self, targets: Sequence[str]) -> None:
        """Atomically replace the file with ``render(targets)``, encoding kept."""
        ...
