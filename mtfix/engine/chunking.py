"""Where a long text may be cut so that no match or article repair spans the cut.

Chunks are fixed one by one, so a cut must fall where fixing the two sides
apart gives what fixing the whole would: a blank line, a sentence end at a
line break, or, as a last resort in text that has neither, a word gap that no
variant, protected phrase or article repair of the glossary can reach across.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable

from mtfix.engine.canon import LINE_BREAKS, SPACES, canonicalize, is_mark
from mtfix.engine.compiler import Matcher

# A line break after one of these ends a sentence; no multi-word term runs across it.
_SENTENCE_ENDS = (".", "!", "?", ":", ";", "\u3002", "\uff01", "\uff1f", "\u2026", '"', "\u201d")
_GAP = re.compile(f"[{re.escape(SPACES + LINE_BREAKS)}]+")
# How much of the end of a text is searched for a safe forced cut: the first size, doubled
# until a cut is found, up to the last; text with none there (a key across every gap, as
# in "a a a ...") is cut blind, as the search costs Python work for every gap.
_SEARCH, _SEARCH_MAX = 1 << 16, 1 << 18

Span = tuple[int, int]


# The safe cuts are searched for from the end backwards, in windows of this size and then
# four, sixteen... times larger: a cut is almost always near the end, and a needle that
# is nowhere (most sentence ends are) then costs a scan of the window, not of the text.
_NEAR = 1 << 16
_PARAGRAPH_ENDS = ("\n\n", "\n\r\n")
_SENTENCE_BREAKS = tuple(end + newline for end in _SENTENCE_ENDS for newline in ("\n", "\r\n"))


def _last_end(text: str, needles: tuple[str, ...], lo: int, hi: int) -> int:
    """The index just after the last occurrence of any of ``needles`` in ``text[lo:hi]``, or 0."""
    return max((at + len(needle) for needle in needles if (at := text.rfind(needle, lo, hi)) >= 0), default=0)


def _near_end(text: str, end: int | None, *kinds: tuple[str, ...]) -> int:
    """The last cut of the first kind found in the window at the end of ``text[:end]``,
    widening the window until one holds a cut.

    A window that holds an occurrence of a needle holds the last of all: every
    occurrence before the window ends before the one in it.
    """
    hi = len(text) if end is None else min(end, len(text))
    size = _NEAR
    while True:
        lo = max(0, hi - size)
        for needles in kinds:
            cut = _last_end(text, needles, lo, hi)
            if cut:
                return cut
        if lo == 0:
            return 0
        size *= 4


def paragraph_split(text: str, end: int | None = None) -> int:
    """Index just after the last blank line in ``text[:end]``, or 0 if there is none."""
    return _near_end(text, end, _PARAGRAPH_ENDS)


def sentence_split(text: str, end: int | None = None) -> int:
    """Index just after the last line break in ``text[:end]`` that follows sentence-final
    punctuation, or 0."""
    return _near_end(text, end, _SENTENCE_BREAKS)


def last_gap(text: str) -> int:
    """The last line break, else the last space; blind to what the glossary matches."""
    at = text.rfind("\n")
    if at < 0:
        at = text.rfind(" ")
    return at + 1 if at >= 0 else len(text)


def forced_split(text: str, matcher: Matcher | None = None) -> int:
    """Last resort for text with no paragraph or sentence end: the last safe word gap.

    With ``matcher``, best is a gap with no key of the glossary (variant,
    preferred form, exception) within ``longest + reach`` of it: neither side's
    fixes, nor a fix's fix (see ``settling``), can reach the other. Failing
    that, a gap that no key spans. Either after a line break if possible, so
    that chunks start lines, and never after an "a"/"an" that a fix may repair.
    The end of the text is searched first, widening until a cut is found.
    """
    if matcher is None or not matcher.variant_forms:
        return last_gap(text)
    size = _SEARCH
    while size <= _SEARCH_MAX:
        lo = max(0, len(text) - size)
        cut = _best_cut(text, lo, matcher)
        if cut or lo == 0:
            return cut or last_gap(text)
        size *= 2
    return last_gap(text)


def _best_cut(text: str, lo: int, matcher: Matcher) -> int:
    """The best cut in ``text[lo:]`` (what lies before ``lo`` is not looked at), or 0."""
    canon = canonicalize(text[lo:])
    margin = matcher.longest + matcher.reach + 1
    checks = [_Blocked(canon.text, matcher, near, bool(lo)) for near in (margin, 0)]
    best = [0, 0, 0, 0]  # no key near / none across, each at a line start or anywhere
    for run in _GAP.finditer(text, lo):
        run_start, run_end = run.span()
        if (run_start == lo and lo) or run_end == len(text) or is_mark(text[run_end]) \
                or _after_article(text, run_start):
            continue  # a run cut by lo, the end, or a gap a mark or an article repair ties
        c = canon.to_canonical(run_end - lo)
        newline = text.rfind("\n", run_start, run_end)
        for rank, check in enumerate(checks):
            if check.allows(c):
                best[2 * rank + 1] = run_end
                if newline >= 0:
                    best[2 * rank] = newline + 1
    return next((cut for cut in best if cut), 0)


class _Blocked:
    """Cut positions in a canonical text within ``near`` of an occurrence of a key."""

    def __init__(self, ctext: str, matcher: Matcher, near: int, cut_before: bool):
        spans: list[Span] = []
        for found in (matcher.variants_in(ctext), matcher.protected_in(ctext)):
            spans += _merged(sorted((start - near, stop + near) for start, stop, _ in found))
        self.spans = _merged(sorted(spans))
        self.starts = [a for a, _ in self.spans]
        # A key may run on past either end of what is seen: the text after it is
        # still to be read, the text before it (``cut_before``) was not looked at.
        guard = matcher.longest + near
        self.first, self.last = (guard if cut_before else 0), len(ctext) - guard

    def allows(self, cut: int) -> bool:
        if not self.first <= cut <= self.last:
            return False
        k = bisect_left(self.starts, cut) - 1  # the last range that begins before the cut
        return k < 0 or self.spans[k][1] <= cut


def _merged(spans: Iterable[Span]) -> list[Span]:
    """Open ranges ``(a, b)`` merged where they overlap; they come in increasing order of
    ``a`` (one range at most overlaps the last merged) or of ``b`` (several may)."""
    merged: list[Span] = []
    for a, b in spans:
        while merged and merged[-1][1] > a:
            a, b = min(a, merged[-1][0]), max(b, merged[-1][1])
            merged.pop()
        merged.append((a, b))
    return merged


def _after_article(text: str, end: int) -> bool:
    """Whether ``text[:end]`` ends with the word "a" or "an" (a repair may reach back to it)."""
    for article in ("a", "an"):
        start = end - len(article)
        if start >= 0 and text[start:end].lower() == article and (start == 0 or not text[start - 1].isalnum()):
            return True
    return False


def safe_split(text: str, force: bool = False, matcher: Matcher | None = None, end: int | None = None) -> int:
    """The cut of ``text[:end]`` nearest its end: a paragraph, then a sentence end, in the
    last 64 KB, then in a window four times larger...; 0 if none (unless ``force``: then a
    word gap, one the glossary of ``matcher`` cannot reach across if given)."""
    cut = _near_end(text, end, _PARAGRAPH_ENDS, _SENTENCE_BREAKS)
    if cut == 0 and force:
        cut = forced_split(text if end is None else text[:end], matcher)
    return cut
