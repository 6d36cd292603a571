"""Canonical text: the form the automata scan, with a map back to the original.

Matching is case-insensitive and treats any run of whitespace holding at most
one line break, or a single hyphen with or without whitespace around it
(``Hong Kong - Macao``), as one word gap; en and em dashes are not hyphens.
Rather than teaching the automaton every spelling of a gap, the text is
rewritten once (in C, through ``str.lower``/``str.translate``) so that each gap
becomes one space and each blank line a ``\\n`` that no key contains. Only runs
longer than one character change length; they are few, so the offset map is a
short list of anchors. Where a term's hyphens count (``high tech zone`` ->
``high-tech zone``), the matcher checks the gaps of the original text against
``separator_pattern`` of the glossary phrase.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

# Horizontal whitespace a gap may contain (space, tab, no-break and typographic spaces).
SPACES = " \t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
LINE_BREAKS = "\n\r"
HYPHENS = "-\u2010\u2011"
HARD_BREAKS = "\x0b\x0c\u2028\u2029"
# Typographic apostrophes match a glossary's straight one ("bull\u2019s nose").
APOSTROPHES = "\u2019\u2018\u02bc"

_FOLDS = tuple((c, " ") for c in SPACES + LINE_BREAKS + HYPHENS if c != " ") + tuple(
    (c, "\n") for c in HARD_BREAKS) + tuple((c, "'") for c in APOSTROPHES)


def fold_gaps(text: str) -> str:
    """Every gap character as a space, hard breaks as ``\n``, typographic apostrophes as ``'``.

    One ``str.replace`` per character the text holds: ``str.translate`` falls back to a
    per-character path as soon as the text has one non-ASCII character (a no-break space),
    ten times slower on a large text.
    """
    for char, replacement in _FOLDS:
        if char in text:
            text = text.replace(char, replacement)
    return text
# A gap longer than one character: a whitespace run, or a hyphen with whitespace around it.
_RUN = re.compile(f"[{re.escape(SPACES + LINE_BREAKS)}]*[{re.escape(HYPHENS)}][{re.escape(SPACES + LINE_BREAKS)}]*"
                  f"|[{re.escape(SPACES + LINE_BREAKS)}]{{2,}}")
GAP = re.compile(f"[{re.escape(SPACES + LINE_BREAKS)}]+|[{re.escape(HYPHENS)}]")


def count_line_breaks(run: str) -> int:
    """Line breaks in a whitespace run; ``\\r\\n`` counts once."""
    return run.count("\n") + run.count("\r") - run.count("\r\n")


@dataclass(frozen=True)
class CanonText:
    """``text`` is canonical; anchors map its offsets back to the original."""

    text: str
    anchors: tuple[int, ...] = (0,)
    origins: tuple[int, ...] = (0,)

    def to_original(self, pos: int) -> int:
        i = bisect_right(self.anchors, pos) - 1
        return self.origins[i] + (pos - self.anchors[i])

    def to_canonical(self, pos: int) -> int:
        """The canonical offset of original offset ``pos`` (in a collapsed gap: the gap's)."""
        i = bisect_right(self.origins, pos) - 1
        at = self.anchors[i] + (pos - self.origins[i])
        return min(at, self.anchors[i + 1] - 1) if i + 1 < len(self.anchors) else at


def lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    # A few characters (e.g. U+0130) lower to two; keep those as they are.
    return "".join(c if len(lc := c.lower()) != 1 else lc for c in text)


def _whitespace_runs(text: str, base: str) -> Iterator[re.Match[str]]:
    """Gaps of two or more characters in ``text`` (whitespace, or a hyphen with whitespace).

    Every such run is a double space in ``base`` (where gaps became spaces), and
    ``str.find`` skips to the next one far faster than a regex scans the text.
    """
    at = base.find("  ")
    while at >= 0:
        run = _RUN.match(text, at)
        if run is None or run.end() - at < 2:  # two hyphens: no gap, nothing matches across
            at = base.find("  ", at + 1)
            continue
        yield run
        at = base.find("  ", run.end())


def _latin1_table(lower: bool) -> bytes:
    folds = dict(_FOLDS)
    chars = (chr(c) for c in range(256))
    return "".join(folds.get(c, c) for c in (c.lower() if lower else c for c in chars)).encode("latin-1")


_LATIN1_FOLDS = {True: _latin1_table(True), False: _latin1_table(False)}
# The folds of characters beyond Latin-1, to Latin-1 characters the table folds as they should
# be: a hard break to "\x0b", not to a "\n" that the table would take for a line break.
_WIDE_FOLDS = tuple((c, "\x0b" if r == "\n" else r) for c, r in _FOLDS if c > "\xff")


def folded(text: str, lower: bool = True) -> str:
    """``text`` lower-cased (``lower``) and its gaps folded (``fold_gaps``), same length.

    Text that is Latin-1 once its typographic spaces and apostrophes are folded (English
    nearly always) goes through one 256-byte table in one pass; other text through
    ``str.lower``, per character and several times slower.
    """
    if not text.isascii():
        for char, replacement in _WIDE_FOLDS:  # typographic spaces and apostrophes out
            if char in text:
                text = text.replace(char, replacement)
    try:
        raw = text.encode("latin-1")
    except UnicodeEncodeError:
        return fold_gaps(lower_same_length(text) if lower else text)
    return raw.translate(_LATIN1_FOLDS[lower]).decode("latin-1")


def canonicalize(text: str, lower: bool = True) -> CanonText:
    """Canonical form of ``text`` with the map back to it."""
    base = folded(text, lower)
    runs = list(_whitespace_runs(text, base))
    if not runs:
        return CanonText(base)
    pieces: list[str] = []
    anchors, origins = [0], [0]
    prev = cpos = 0
    for m in runs:
        start, end = m.span()
        pieces.append(base[prev:start])
        pieces.append(" " if count_line_breaks(m.group()) <= 1 else "\n")
        cpos += start - prev + 1
        anchors.append(cpos)
        origins.append(end)
        prev = end
    pieces.append(base[prev:])
    return CanonText("".join(pieces), tuple(anchors), tuple(origins))


def canonical_key(phrase: str, lower: bool = True) -> str:
    """The automaton key of a glossary phrase: canonical and stripped."""
    return canonicalize(phrase.strip(), lower).text


def split_words(text: str) -> tuple[list[str], list[str]]:
    """Words and the gaps between them (``len(gaps) == len(words) - 1``)."""
    words: list[str] = []
    gaps: list[str] = []
    pos = 0
    for m in GAP.finditer(text):
        if m.start() == pos and words:
            gaps[-1] += m.group()  # a hyphen next to spaces stays one gap
            pos = m.end()
            continue
        words.append(text[pos:m.start()])
        gaps.append(m.group())
        pos = m.end()
    words.append(text[pos:])
    return words, gaps


def is_hyphen_gap(gap: str) -> bool:
    """Whether a gap from ``split_words`` holds a hyphen (stray whitespace around it or not)."""
    return any(c in HYPHENS for c in gap)


def separator_pattern(text: str) -> str:
    """Each word gap of ``text`` as ``-`` (a hyphen) or `` `` (whitespace): ``Hong Kong -Macao`` -> `` -``."""
    return "".join("-" if is_hyphen_gap(gap) else " " for gap in split_words(text)[1])


def separated_key(phrase: str, lower: bool = True) -> str:
    """``canonical_key`` with its hyphen gaps written ``-``: the key of a phrase whose separators count."""
    words, gaps = split_words(phrase.strip())
    marks = [*("-" if is_hyphen_gap(gap) else " " for gap in gaps), ""]
    return "".join(canonical_key(word, lower) + mark for word, mark in zip(words, marks, strict=True))


def is_cjk(char: str) -> bool:
    o = ord(char)
    return (0x2E80 <= o <= 0x9FFF or 0xAC00 <= o <= 0xD7AF or 0xF900 <= o <= 0xFAFF
            or 0xFF00 <= o <= 0xFFEF or o >= 0x20000)


def joined(a: str, b: str) -> bool:
    """True if ``a`` then ``b`` are inside one word: both letters or digits, same script."""
    return a.isalnum() and b.isalnum() and is_cjk(a) == is_cjk(b)


def is_mark(char: str) -> bool:
    """A combining mark (Unicode category M*): it belongs to the character before it."""
    return char >= "\u0300" and unicodedata.category(char)[0] == "M"


def word_boundary(text: str, pos: int) -> bool:
    """Whether a match may start or end at ``pos``: not inside a word.

    A combining mark is part of the letter before it, so a match may not end
    just before one (``owner`` + U+0301: the accent would land on the
    replacement) nor begin on one; after marks, the letter they sit on decides.
    """
    if pos <= 0 or pos >= len(text):
        return True
    before, after = text[pos - 1], text[pos]
    if before < "\u0300" and after < "\u0300":  # no mark, no CJK: the common case, decided at once
        return not (before.isalnum() and after.isalnum())
    if is_mark(after):
        return False
    base = pos - 1
    while base > 0 and is_mark(text[base]):
        base -= 1
    return not joined(text[base], text[pos])
