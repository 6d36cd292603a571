"""Moves through the review that decide nothing (search, next undecided, next
file) and the words a bulk move is reported in; pure, like ``state``.

Each move sets the state's cursor and returns what the status line says
(empty when there is nothing to say).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from mtfix.review.state import ReviewState, Scope, Status

# The line breaks ``proposals.line_bounds`` knows; a search looks at the proposal's line.
_BREAKS = re.compile("[\n\r\u2028\u2029\x0b\x0c\x85]")


def bulk_message(state: ReviewState, decided: Sequence[int], status: Status, scope: Scope | None) -> str:
    """``accepted 12 of 'cluster area' in 3 files``: what a bulk move decided (``scope`` None:
    a group of the overview)."""
    if not decided:
        return "nothing left to decide there"
    first = state.proposals[decided[0]]
    label = status.label(first.fixable, first.finding.kind)
    files = sorted({state.proposals[i].file for i in decided})
    where = f"{len(files)} file{'s' if len(files) != 1 else ''}"
    if scope is Scope.FILE:
        return f"{label} {len(decided)} in {state.files[first.file].path}"
    if scope is Scope.TERM:
        return f"{label} {len(decided)} of term {first.term} in {where}"
    return f"{label} {len(decided)} of {first.anchor.variant!r} in {where}"


def next_undecided(state: ReviewState, step: int = 1) -> str:
    """``]`` / ``[``: the next (previous) pending or skipped proposal, wrapping around."""
    n, here = len(state.proposals), state.cursor
    for k in range(1, n):
        i = (here + step * k) % n
        if not state.statuses[i].decided:
            state.cursor = i
            return "wrapped around" if (i < here if step > 0 else i > here) else ""
    return "no other undecided proposal"


def next_file(state: ReviewState, step: int = 1) -> str:
    """``}`` / ``{``: the first undecided proposal (else the first) of the next (previous) file."""
    here = state.proposals[state.cursor].file if state.proposals else 0
    files = sorted({p.file for p in state.proposals})
    wanted = [f for f in files if (f > here if step > 0 else f < here)]
    if not wanted:
        return "this is the last file with proposals" if step > 0 else "this is the first file with proposals"
    file = wanted[0] if step > 0 else wanted[-1]
    mine = [i for i, p in enumerate(state.proposals) if p.file == file]
    state.cursor = next((i for i in mine if not state.statuses[i].decided), mine[0])
    return f"file {file + 1} of {len(state.files)}: {state.files[file].path}"


_last: list = [None, []]  # the last search and its hits: Enter for the next one searches nothing again


def search_hits(state: ReviewState, query: str) -> list[int]:
    """The proposals whose line (or segment source) holds ``query``, ignoring case, in order.

    Each segment's line breaks and hits are found once, so a search over one big
    text stays linear; the texts never change during a review, the list of proposals
    only by a lesson or a revocation (a new list)."""
    proposals = state.proposals  # held by the cache, so no other list can take its id
    if not (_last[0] is not None and _last[0][0] is proposals and _last[0][1:] == (len(proposals), query)):
        _last[:] = [(proposals, len(proposals), query), _search(state, query)]
    return _last[1]


def _search(state: ReviewState, query: str) -> list[int]:
    pattern = re.compile(re.escape(query), re.IGNORECASE)
    seen: dict[tuple[int, int], tuple[list[int], set[int], bool]] = {}
    hits = []
    for i, p in enumerate(state.proposals):
        key = (p.file, p.segment)
        if key not in seen:
            segment = state.files[p.file].segments[p.segment]
            breaks = [m.start() for m in _BREAKS.finditer(segment.target)]
            lines = {bisect_left(breaks, m.start()) for m in pattern.finditer(segment.target)}
            seen[key] = (breaks, lines, bool(segment.source and pattern.search(segment.source)))
        breaks, lines, in_source = seen[key]
        first, last = bisect_left(breaks, p.finding.start), bisect_left(breaks, p.finding.end)
        if in_source or any(line in lines for line in range(first, last + 1)):
            hits.append(i)
    return hits


def search(state: ReviewState, query: str, step: int = 1) -> str:
    """``/``: the next proposal (after the cursor, wrapping) whose text holds ``query``."""
    if not query:
        return "search for what? / then type, Enter"
    hits = search_hits(state, query)
    if not hits:
        return f"no proposal's text has {query!r}"
    after = [i for i in hits if (i > state.cursor if step > 0 else i < state.cursor)]
    state.cursor = (after[0] if step > 0 else after[-1]) if after else (hits[0] if step > 0 else hits[-1])
    wrapped = "" if after else ", wrapped around"
    return f"{query!r}: hit {hits.index(state.cursor) + 1} of {len(hits)}{wrapped} (Enter: next)"
