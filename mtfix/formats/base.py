"""What every file format hands the engine: a document made of segments.

A segment is one piece of target text to check and fix (a whole text file,
a TSV line's target column, an XLIFF unit's target...), with its source text
where the format has one and its position in the file for reports. A
document knows how to write itself back with new target texts, keeping
everything else byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from mtfix.engine.positions import anchored_positions
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
    # A PO entry's format flags ("c-format", "no-python-format"): which placeholder families
    # apply to ``target`` (``placeholders.families_for_flags``); empty: the matcher's.
    format_flags: tuple[str, ...] = field(default=())


def place_findings(segment: Segment, findings: Iterable[Finding]) -> list[Finding]:
    """Findings made inside ``segment.target``, moved to file line and column.

    Positions are carried from one finding to the next (linear when they come
    in text order, as the engine gives them), never counted from the start.
    """
    from dataclasses import replace

    found = list(findings)
    places = anchored_positions(segment.target, segment.line, segment.column, segment.anchors,
                                (f.start for f in found))
    return [replace(f, line=line, column=column) for f, (line, column) in zip(found, places, strict=True)]


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
