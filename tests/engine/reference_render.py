"""Re-casing a replacement as it was before issue 13: a frozen copy, kept to compare against.

``split_words`` (mtfix/engine/canon.py), ``detect_case`` and ``apply_case``
(casing.py) and ``render_replacement`` with its gap merging and caches
(rewrite.py), as they were before the fast paths of issue 13, character by
character. tests/engine/test_render_fast.py checks that the engine renders
exactly what this does; benchmarks/bench_render.py times the two side by side.
Do not change it to follow the engine: it is the specification the engine is
held to.
"""

from __future__ import annotations

import re
from functools import lru_cache

from mtfix.engine.canon import HYPHENS, LINE_BREAKS, SPACES, count_line_breaks
from mtfix.engine.casing import Case

_GAP = re.compile(f"[{re.escape(SPACES + LINE_BREAKS)}]+|[{re.escape(HYPHENS)}]")
_SMALL = frozenset("a an and as at but by for in nor of on or per the to vs via".split())


def split_words(text: str) -> tuple[list[str], list[str]]:
    words: list[str] = []
    gaps: list[str] = []
    pos = 0
    for m in _GAP.finditer(text):
        if m.start() == pos and words:
            gaps[-1] += m.group()
            pos = m.end()
            continue
        words.append(text[pos:m.start()])
        gaps.append(m.group())
        pos = m.end()
    words.append(text[pos:])
    return words, gaps


def _is_capitalised(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and letters[0].isupper() and all(c.islower() for c in letters[1:])


def detect_case(words: list[str]) -> Case:
    if all(w.islower() or not w.isupper() and w == w.lower() for w in words):
        return Case.LOWER
    letters = [c for w in words for c in w if c.isalpha() and (c.isupper() or c.islower())]
    if not letters or all(c.islower() for c in letters):
        return Case.LOWER
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return Case.UPPER
    worded = [w for w in words if any(c.isalpha() for c in w)]
    if _is_capitalised(worded[0]) and all(w.islower() for w in worded[1:]):
        return Case.SENTENCE
    if all(_is_capitalised(w) or w.lower() in _SMALL for w in worded):
        return Case.TITLE
    return Case.MIXED


def _capitalise(word: str) -> str:
    for i, c in enumerate(word):
        if c.isalpha():
            return word[:i] + c.upper() + word[i + 1:]
    return word


def apply_case(words: list[str], case: Case, own_capitals: bool) -> list[str]:
    if case is Case.UPPER:
        return [w.upper() for w in words]
    if own_capitals or case in (Case.LOWER, Case.MIXED):
        return list(words)
    if case is Case.SENTENCE:
        return [_capitalise(words[0]), *words[1:]]
    return [w if i and w in _SMALL else _capitalise(w) for i, w in enumerate(words)]


def _is_hyphen_gap(gap: str) -> bool:
    return bool(gap.strip(SPACES + LINE_BREAKS))


def _merge_gaps(old: list[str], preferred: list[str]) -> list[str]:
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
    breaks = "".join(c for c in old if c in LINE_BREAKS)
    if _is_hyphen_gap(new):
        return new + breaks
    return old if not _is_hyphen_gap(old) else breaks or new


def _merge_strict_gaps(old: list[str], preferred: list[str]) -> list[str]:
    if len(old) == len(preferred):
        return [_strict_gap(o, p) for o, p in zip(old, preferred, strict=True)]
    merged = _merge_gaps(old, preferred)
    return [p if gap == p else _strict_gap(gap, p) for gap, p in zip(merged, preferred, strict=True)]


@lru_cache(maxsize=8192)
def preferred_parts(preferred: str) -> tuple[list[str], list[str], bool]:
    return (*split_words(preferred), any(c.isupper() for c in preferred))


@lru_cache(maxsize=8192)
def render_replacement(matched: str, preferred: str, strict: bool = False) -> tuple[str, Case]:
    words, gaps = split_words(matched)
    case = detect_case(words)
    new_words, new_gaps, own_capitals = preferred_parts(preferred)
    new_words = apply_case(new_words, case, own_capitals)
    new_gaps = (_merge_strict_gaps if strict else _merge_gaps)(gaps, new_gaps)
    return "".join(w + g for w, g in zip(new_words, [*new_gaps, ""], strict=True)), case


def clear_caches() -> None:
    """Empty both caches, so that the next calls are misses (benchmarks)."""
    render_replacement.cache_clear()
    preferred_parts.cache_clear()
