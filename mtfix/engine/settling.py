"""Findings whose fix leaves nothing to find, so that fixing twice changes nothing.

One scan is not always enough when variants overlap other terms' forms:

- a replacement can complete a longer variant with its context ("b" -> "c"
  next to "a", where "a c" is a variant of another term): preferred forms
  protect their inside, not a longer variant around them;
- an edit or an article repair can break the text that protected a
  neighbour (an exception such as "computing cluster area" loses "computing").

So the fixed text is scanned again. A finding there is laid back onto the
original text: it absorbs the edits it overlaps into one edit over their
whole span, so the findings still describe the original text and their
edits still never overlap. This repeats until a scan finds nothing.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import replace

from mtfix.engine.positions import LineCursor
from mtfix.model import Edit, Finding

# A round is needed for each link of a chain (a variant holding a preferred form whose
# variant holds another...); real glossaries settle in one or two. Only a cycle (a
# variant holding its own term's preferred form, "a c" -> "c") can go on for as long
# as the text feeds it; it stops here, left as the last round made it.
MAX_ROUNDS = 16

Span = tuple[int, int]


Rescan = Callable[[str, Sequence[Span]], list[Finding]]


def settle(text: str, findings: list[Finding], rescan: Rescan) -> list[Finding]:
    """``findings`` in ``text``, extended until ``rescan`` finds nothing in the fixed text.

    ``rescan(fixed, spans)`` scans the fixed text around ``spans``, where the
    replacements sit in it.
    """
    for _ in range(MAX_ROUNDS):
        if not findings:
            return findings
        fixed, spans = _apply(text, findings)
        later = rescan(fixed, spans)
        if not later:
            return findings
        findings = _merge(text, fixed, findings, spans, later)
    return findings


def _apply(text: str, findings: Sequence[Finding]) -> tuple[str, list[Span]]:
    """The fixed text and where each finding's replacement sits in it."""
    return applied(text, [(f.edit.start, f.edit.end, f.edit.replacement) for f in findings])


def applied(text: str, edits: Sequence[tuple[int, int, str]]) -> tuple[str, list[Span]]:
    """``text`` with ``edits`` ``(start, end, replacement)`` applied (in order, apart), and
    where each replacement sits in it."""
    pieces, spans, pos, out = [], [], 0, 0
    for start, end, replacement in edits:
        pieces += [text[pos:start], replacement]
        out += start - pos
        spans.append((out, out + len(replacement)))
        out += len(replacement)
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces), spans


def _groups(spans: Sequence[Span], later: Sequence[Finding]) -> list[tuple[list[int], list[Finding]]]:
    """Earlier replacements and later edits (both in fixed-text offsets) that overlap, grouped."""
    items = sorted([(lo, hi, i, None) for i, (lo, hi) in enumerate(spans)]
                   + [(f.edit.start, f.edit.end, -1, f) for f in later], key=lambda item: item[:2])
    groups: list[tuple[list[int], list[Finding]]] = []
    end = -1
    for lo, hi, index, finding in items:
        if not groups or lo >= end:
            groups.append(([], []))
        earlier, found = groups[-1]
        if finding is None:
            earlier.append(index)
        else:
            found.append(finding)
        end = hi if lo >= end else max(end, hi)
    return groups


class _Map:
    """Fixed-text offsets back to the original text (outside replacements)."""

    def __init__(self, findings: Sequence[Finding], spans: Sequence[Span]):
        self.findings, self.spans = findings, spans
        self.his = [hi for _, hi in spans]
        shifts, shift = [0], 0
        for finding, (lo, hi) in zip(findings, spans, strict=True):
            shift += (hi - lo) - (finding.edit.end - finding.edit.start)
            shifts.append(shift)
        self.shifts = shifts

    def start(self, pos: int) -> int:
        """Original offset of ``pos``, or of the start of the replacement that holds it."""
        k = bisect_right(self.his, pos)  # replacements ending at or before pos
        if k < len(self.spans) and self.spans[k][0] <= pos:
            return self.findings[k].edit.start
        return pos - self.shifts[k]

    def end(self, pos: int) -> int:
        """Original offset of ``pos``, or of the end of the replacement that holds it."""
        k = bisect_right(self.his, pos - 1)  # replacements ending before pos
        if k < len(self.spans) and self.spans[k][0] < pos:
            return self.findings[k].edit.end
        return pos - self.shifts[k]

    def outer(self, pos: int, left: bool) -> int:
        """``pos`` widened to the replacement that holds it, in the fixed text."""
        k = bisect_right(self.his, pos if left else pos - 1)
        if k < len(self.spans) and (self.spans[k][0] <= pos if left else self.spans[k][0] < pos):
            return self.spans[k][0] if left else self.spans[k][1]
        return pos


def _merge(text: str, fixed: str, findings: Sequence[Finding], spans: Sequence[Span],
           later: Sequence[Finding]) -> list[Finding]:
    """The findings of the next round, in the original text and in order."""
    where, cursor = _Map(findings, spans), LineCursor(text)
    merged = []
    for earlier, found in _groups(spans, later):
        if not found:
            merged.append(findings[earlier[0]])
            continue
        merged.append(_combined(text, fixed, where, cursor, found))
    return merged


def _combined(text: str, fixed: str, where: _Map, cursor: LineCursor, found: Sequence[Finding]) -> Finding:
    """One finding for a later finding (or several) and the earlier edits under it."""
    lo, hi = where.outer(found[0].edit.start, True), where.outer(found[-1].edit.end, False)
    pieces, pos = [], lo
    for f in found:
        pieces += [fixed[pos:f.edit.start], f.edit.replacement]
        pos = f.edit.end
    pieces.append(fixed[pos:hi])
    first = found[0]
    start, end = where.start(first.start), where.end(first.end)
    replacement = (fixed[where.outer(first.start, True):first.start] + first.replacement
                   + fixed[first.end:where.outer(first.end, False)])
    line, column = cursor.at(start)
    return replace(first, start=start, end=end, line=line, column=column, match=text[start:end],
                   replacement=replacement, edit=Edit(where.start(lo), where.end(hi), "".join(pieces)))
