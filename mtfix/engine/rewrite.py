"""Build the replacement for one match, and apply edits to a text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from mtfix.engine.canon import HYPHENS, LINE_BREAKS, SPACES, count_line_breaks, word_boundary
from mtfix.engine.casing import CASES, Case, apply_case, case_article, case_index, has_own_capitals
from mtfix.model import Edit

_ARTICLE = re.compile(f"(an?)([{re.escape(SPACES + LINE_BREAKS)}]+)$", re.IGNORECASE)
ARTICLE_WINDOW = 16  # how far back an article repair looks
# ``split_words`` in one C call: its gaps are the maximal runs of gap characters.
_GAP_RUN = re.compile(f"([{re.escape(SPACES + LINE_BREAKS + HYPHENS)}]+)")


def _is_hyphen_gap(gap: str) -> bool:
    return bool(gap.strip(SPACES + LINE_BREAKS))


def _merge_gaps(old: list[str], preferred: list[str]) -> list[str]:
    """Gaps for the replacement: the original separators where they line up.

    A line break always survives; with a different number of words it moves to
    the nearest gap of the replacement. Hyphens are kept only when they join
    every word of the match ("chain-owner" -> "chain-leader"); a hyphen among
    spaces belongs to a compound ("large-scale industrial cluster") and goes.
    """
    if len(old) == len(preferred):
        hyphenated = all(_is_hyphen_gap(o) for o in old)
        return [o if count_line_breaks(o) or (hyphenated if _is_hyphen_gap(o) else p == " ") else p
                for o, p in zip(old, preferred, strict=True)]
    gaps = list(preferred)
    n, m = len(old) + 1, len(preferred) + 1
    for i, gap in enumerate(old, 1):
        if count_line_breaks(gap) and gaps:
            j = min(max(round(i * m / n), 1), m - 1)
            gaps[j - 1] = gap
    return gaps


def _strict_gap(old: str, new: str) -> str:
    """The preferred form's gap ``new`` where hyphens count: ``old``'s whitespace where both
    are spaces; a line break kept, after the hyphen where ``new`` has one (``high-\\ntech``)."""
    breaks = "".join(c for c in old if c in LINE_BREAKS)
    if _is_hyphen_gap(new):
        return new + breaks
    return old if not _is_hyphen_gap(old) else breaks or new


def _merge_strict_gaps(old: list[str], preferred: list[str]) -> list[str]:
    """Gaps for a term whose hyphens count: the preferred form's, with the original's
    whitespace where it lines up; a line break moves as in ``_merge_gaps``."""
    if len(old) == len(preferred):
        return [_strict_gap(o, p) for o, p in zip(old, preferred, strict=True)]
    merged = _merge_gaps(old, preferred)  # the preferred form's gaps, a line break moved into one
    return [p if gap == p else _strict_gap(gap, p) for gap, p in zip(merged, preferred, strict=True)]


@lru_cache(maxsize=8192)
def _preferred_parts(preferred: str) -> tuple[list[str], list[str], bool]:
    parts = _GAP_RUN.split(preferred)
    return parts[::2], parts[1::2], has_own_capitals(preferred)


@lru_cache(maxsize=8192)  # the same words come back in the same case: one rendering each
def render_replacement(matched: str, preferred: str, strict: bool = False) -> tuple[str, Case]:
    """``preferred`` in the case and with the separators of ``matched`` (``strict``: the
    preferred form's hyphens and spaces, whatever ``matched`` has; see ``keeps_separators``).

    Nearly every call here is a new matched string (most lower-case ones are settled
    before they come here), so the miss is kept short: one split, the case read with ``str`` methods, and the
    rendering looked up by what it depends on, the case pattern and the gaps.
    """
    words, gaps = _words_and_gaps(matched)
    index = case_index(words, matched)
    return _render(preferred, index, strict, gaps), CASES[index]


def _words_and_gaps(text: str) -> tuple[list[str], tuple[str, ...]]:
    """``split_words``, the gaps as a tuple (the ASCII gap characters: `` \\t\\n\\r-``)."""
    if text.isascii() and "  " not in text and "-" not in text and "\n" not in text and "\t" not in text \
            and "\r" not in text:  # single spaces only: ``str.split`` is faster than any regex
        words = text.split(" ")
        return words, (" ",) * (len(words) - 1)
    parts = _GAP_RUN.split(text)
    return parts[::2], tuple(parts[1::2])


@lru_cache(maxsize=16384)
def _render(preferred: str, index: int, strict: bool, gaps: tuple[str, ...]) -> str:
    """``preferred`` in case ``CASES[index]``, with the matched text's ``gaps`` merged in."""
    new_words, new_gaps, own_capitals = _preferred_parts(preferred)
    case = CASES[index]
    if strict or gaps.count(" ") != len(gaps):
        new_gaps = (_merge_strict_gaps if strict else _merge_gaps)(list(gaps), new_gaps)
    elif case is Case.UPPER:  # single spaces: ``_merge_gaps`` gives the preferred form's gaps,
        return preferred.upper()  # which are not cased
    elif own_capitals or case is Case.LOWER or case is Case.MIXED:
        return preferred
    new_words = apply_case(new_words, case, own_capitals)
    if new_gaps.count(" ") == len(new_gaps):
        return " ".join(new_words)
    pieces = new_words + new_gaps
    pieces[::2], pieces[1::2] = new_words, new_gaps
    return "".join(pieces)


def article_edit(text: str, start: int, end: int, replacement: str,
                 article: str | None, case: Case, floor: int = 0) -> Edit:
    """The edit for ``text[start:end]``, reaching back over "a"/"an" when it must change.

    It never reaches before ``floor`` (the end of the previous finding): two
    edits must not overlap, and an "a" that is itself rewritten is no article.
    """
    plain = Edit(start, end, replacement)
    if article is None:
        return plain
    lo = max(floor, start - ARTICLE_WINDOW)
    m = _ARTICLE.search(text, lo, start)
    if m is None or count_line_breaks(m.group(2)) > 1:
        return plain
    a_start = m.start(1)
    if not word_boundary(text, a_start):
        return plain
    old = m.group(1)
    if old.lower() == article:
        return plain
    new = case_article(article, old, case is Case.UPPER)
    return Edit(a_start, end, new + m.group(2) + replacement)


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits; raises ValueError if two overlap."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    pieces, pos = [], 0
    for edit in ordered:
        if edit.start < pos:
            raise ValueError(f"overlapping edits at offset {edit.start}")
        pieces.append(text[pos:edit.start])
        pieces.append(edit.replacement)
        pos = edit.end
    pieces.append(text[pos:])
    return "".join(pieces)


