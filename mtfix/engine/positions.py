"""Line and column of offsets in one text, carried forward.

Counting lines from the start of the text (or searching back to the line
start) for every finding turns a linear job quadratic on long lines and big
segments; a cursor moves only over the text between two consecutive offsets.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence


class LineCursor:
    """1-based line and column (in characters) of ascending offsets in ``text``.

    ``line`` and ``column`` are the position of offset 0 (a segment starts
    anywhere in its file). An offset before the previous one restarts the
    count from offset 0, so any order is correct; ascending order is linear.
    """

    def __init__(self, text: str, line: int = 1, column: int = 1):
        self.text = text
        self.origin = (0, line, column)
        self.offset, self.line, self.column = self.origin

    def jump(self, offset: int, line: int, column: int) -> None:
        """Declare the file position of ``offset`` (where markup splits a segment)."""
        self.offset, self.line, self.column = offset, line, column

    def at(self, offset: int) -> tuple[int, int]:
        """The line and column of ``offset``."""
        if offset < self.offset:
            self.offset, self.line, self.column = self.origin
        text, start = self.text, self.offset
        breaks = text.count("\n", start, offset)
        if breaks:
            self.line += breaks
            self.column = offset - text.rfind("\n", start, offset)
        else:
            self.column += offset - start
        self.offset = offset
        return self.line, self.column


def anchored_positions(text: str, line: int, column: int, anchors: Sequence[tuple[int, int, int]],
                       offsets: Iterable[int]) -> Iterator[tuple[int, int]]:
    """File line and column of each offset in ``text``, which starts at ``line``:``column``.

    ``anchors`` are (offset, line, column), ascending: where markup between
    pieces of ``text`` moves the file position on. Linear for ascending offsets.
    """
    cursor, passed = LineCursor(text, line, column), 0
    for offset in offsets:
        if offset < cursor.offset:
            cursor, passed = LineCursor(text, line, column), 0
        while passed < len(anchors) and anchors[passed][0] <= offset:
            cursor.jump(*anchors[passed])
            passed += 1
        yield cursor.at(offset)
