"""Offsets in a buffer's text <-> LSP positions (line, character).

LSP lines end at ``\\n``, ``\\r\\n`` or ``\\r``, and characters are counted in
the code units the client and server agreed on: UTF-16 by default (an emoji
is two), or UTF-32 (code points, as Python counts) or UTF-8.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from itertools import accumulate

_BREAK = re.compile(r"\r\n|\n|\r")
UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"


def _units(text: str, encoding: str) -> int:
    """How many code units ``text`` takes in the agreed position encoding."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def _chars(line: str, units: int, encoding: str) -> int:
    """The number of characters of ``line`` that take ``units`` code units (clamped to the line)."""
    if encoding == UTF32 or line.isascii():
        return min(units, len(line))
    count = 0
    for index, char in enumerate(line):
        count += _units(char, encoding)
        if count > units:  # a position inside a surrogate pair (or a UTF-8 sequence) is before it
            return index
    return len(line)


class Positions:
    """Line starts of one text, for converting in both directions by bisection."""

    def __init__(self, text: str, encoding: str = UTF16):
        self.text, self.encoding = text, encoding
        self.starts = array("q", [0])
        if "\r" in text:
            self.starts.extend(m.end() for m in _BREAK.finditer(text))
        else:  # the common case, at C speed: a keystroke in a large buffer builds this
            self.starts.extend(accumulate(map((1).__add__, map(len, text.split("\n")[:-1]))))

    def _line_end(self, line: int) -> int:
        """Where line ``line``'s text ends (before its line break)."""
        if line + 1 < len(self.starts):
            end = self.starts[line + 1]
            return end - (2 if self.text.startswith("\r\n", end - 2) else 1)
        return len(self.text)

    def position(self, offset: int) -> tuple[int, int]:
        """The 0-based line and character of ``offset``."""
        line = bisect_right(self.starts, offset) - 1
        start = self.starts[line]
        return line, _units(self.text[start:offset], self.encoding)

    def offset(self, line: int, character: int) -> int:
        """The offset of a position; past the end of a line means its end, past the last line the text's end."""
        if line >= len(self.starts):
            return len(self.text)
        start, end = self.starts[line], self._line_end(line)
        return start + _chars(self.text[start:end], character, self.encoding)


def apply_change(text: str, start: tuple[int, int], end: tuple[int, int], new: str,
                 encoding: str = UTF16) -> str:
    """``text`` with the range ``start``..``end`` (LSP positions) replaced by ``new``."""
    positions = Positions(text, encoding)
    a, b = positions.offset(*start), positions.offset(*end)
    return text[:a] + new + text[max(a, b):]
