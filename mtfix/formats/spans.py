"""Documents edited in place: each target is a list of pieces of the file's text.

A piece is a stretch of the file (``raw``) and the text it stands for
(``text``, escapes decoded). A target is its pieces joined; between pieces of
a tagged format sit inline tags that are never moved or rewritten. Writing
touches only pieces whose text changed, so every other byte of the file,
including untouched units, stays exactly as it was.
"""

from __future__ import annotations

import difflib
import re
import threading
from array import array
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from mtfix.engine.positions import LineCursor
from mtfix.errors import OutputError
from mtfix.formats.base import Segment
from mtfix.formats.text import Encoding, write_text_atomic

_TOKEN = re.compile(r"\w+|\s|[^\w\s]", re.UNICODE)  # one token per space: runs of spaces align


def _keep(text: str) -> str:
    return text


@dataclass(frozen=True)
class Piece:
    start: int  # raw span in the file's (decoded) text
    end: int
    text: str  # what the span stands for
    escape: Callable[[str], str] = field(default=_keep, compare=False)  # text -> raw


def _spans(text: str, start: int = 0) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in _TOKEN.finditer(text)]


def _home(owner: list[int], at: int, stop: int) -> int:
    """The piece that receives new text replacing ``old[at:stop]`` (an insertion: the piece before)."""
    if stop > at:
        return owner[at]
    return owner[at - 1] if at else 0


class _Layout:
    """New piece texts being built, from the old text and which piece owns each character."""

    def __init__(self, pieces: Sequence[str]):
        self.old = "".join(pieces)
        self.owner = [i for i, piece in enumerate(pieces) for _ in piece]
        self.out = [""] * len(pieces)

    def keep(self, a: int, b: int) -> None:
        for k in range(a, b):
            self.out[self.owner[k]] += self.old[k]

    def change(self, a: int, b: int, text: str) -> None:
        if len(set(self.owner[a:b])) <= 1:
            self.out[_home(self.owner, a, b)] += text
            return
        # The change spans pieces: align it letter by letter, so text kept stays put.
        matcher = difflib.SequenceMatcher(None, self.old[a:b], text, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                self.keep(a + i1, a + i2)
            else:
                self.out[_home(self.owner, a + i1, a + i2)] += text[j1:j2]


def distribute(pieces: Sequence[str], new: str) -> list[str]:
    """New texts for ``pieces`` that join to ``new``, unchanged text kept in its piece.

    The old and new texts are aligned word by word (old words split where
    pieces meet); a change inside one piece stays there, an insertion goes to
    the piece before it, and a change across pieces is aligned letter by letter.
    """
    if len(pieces) == 1:
        return [new]
    layout = _Layout(pieces)
    head, tail = _common_ends(layout.old, new)
    layout.keep(0, head)
    pos, old_spans = 0, []
    for piece in pieces:
        old_spans += [(a, b) for a, b in _spans(piece, pos) if a >= head and b <= len(layout.old) - tail]
        pos += len(piece)
    new_spans = _spans(new[head:len(new) - tail], head)
    words = difflib.SequenceMatcher(None, [layout.old[a:b] for a, b in old_spans],
                                    [new[a:b] for a, b in new_spans], autojunk=False)
    ops = []
    for tag, i1, i2, j1, j2 in words.get_opcodes():
        a = old_spans[i1][0] if i1 < len(old_spans) else len(layout.old) - tail
        b = old_spans[i2 - 1][1] if i2 > i1 else a
        c = new_spans[j1][0] if j1 < len(new_spans) else len(new) - tail
        d = new_spans[j2 - 1][1] if j2 > j1 else c
        ops.append((tag, a, b, c, d, i2 - i1))
    for tag, a, b, c, d, _ in _merged_changes(ops, layout.owner):
        if tag == "equal":
            layout.keep(a, b)
        else:
            layout.change(a, b, new[c:d])
    layout.keep(len(layout.old) - tail, len(layout.old))
    return layout.out


_NEAR = 8  # tokens (words and single spaces) that may separate two parts of one change


def _merged_changes(ops: list[tuple[str, int, int, int, int, int]],
                    owner: list[int]) -> list[tuple[str, int, int, int, int, int]]:
    """Word opcodes with the parts of one change joined: a reordering such as
    "starting area of X" -> "X starting area" aligns as insert, equal, delete;
    inside one piece it is one replacement, so no part lands outside the piece."""
    out: list[tuple[str, int, int, int, int, int]] = []
    for op in ops:
        if (op[0] != "equal" and len(out) >= 2 and out[-1][0] == "equal" and out[-1][5] <= _NEAR
                and out[-2][0] != "equal" and len(set(owner[out[-2][1]:op[2]])) <= 1):
            out.pop()
            first = out.pop()
            op = ("replace", first[1], op[2], first[3], op[4], 0)
        out.append(op)
    return out


def _common_ends(old: str, new: str) -> tuple[int, int]:
    """Lengths of the common prefix and suffix, backed off to word boundaries."""
    limit = min(len(old), len(new))
    head = 0
    while head < limit and old[head] == new[head]:
        head += 1
    while head and old[head - 1].isalnum() and head < limit and old[head].isalnum():
        head -= 1
    tail = 0
    while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    while tail and old[-tail].isalnum() and tail < len(old) - head and old[-1 - tail].isalnum():
        tail -= 1
    return head, tail


def cut_positions(pieces: Sequence[Piece]) -> tuple[tuple[int, int], ...]:
    """Offsets in the joined target where an inline tag sits between two pieces."""
    cuts, pos = [], 0
    for piece in pieces[:-1]:
        pos += len(piece.text)
        cuts.append((pos, pos))
    return tuple(cuts)


def _raw(piece: Piece, text: str) -> str:
    """``text`` as the file writes it; where the format can keep what the edit left alone
    as it was written (XML character references, ``charrefs``), it does."""
    respell = getattr(piece.escape, "respell", None)
    return respell(text) if respell is not None else piece.escape(text)


@dataclass
class SpanDocument:
    """A file read whole; ``slots[i]`` are the pieces of ``segments[i].target``."""

    path: str
    text: str
    encoding: Encoding
    segments: list[Segment]
    slots: list[list[Piece]]
    encode_errors: str = "strict"

    def original(self) -> str:
        return self.text

    def _edits(self, targets: Sequence[str]) -> list[tuple[int, int, str]]:
        edits = []
        for segment, pieces, new in zip(self.segments, self.slots, targets, strict=True):
            if new == segment.target or not pieces:
                continue
            texts = distribute([p.text for p in pieces], new)
            edits.extend((p.start, p.end, _raw(p, t)) for p, t in zip(pieces, texts, strict=True)
                         if t != p.text)
        return edits

    def render(self, targets: Sequence[str]) -> str:
        out, pos = [], 0
        for start, end, raw in sorted(self._edits(targets)):
            out.append(self.text[pos:start])
            out.append(raw)
            pos = end
        out.append(self.text[pos:])
        return "".join(out)

    def write(self, targets: Sequence[str]) -> None:
        text = self.render(targets)
        self._check_encodable(text)
        write_text_atomic(self.path, text, self.encoding)

    def _check_encodable(self, text: str) -> None:
        """Refuse, before anything is written, a fix the file's charset (a PO file's
        CP1251, say) cannot hold."""
        try:
            text.encode(self.encoding.codec)
        except UnicodeEncodeError as exc:
            char = text[exc.start]
            line, _ = line_and_column(text, exc.start)
            raise OutputError(f"cannot write {char!r} (U+{ord(char):04X}) in {self.encoding.codec}, "
                              "the file's charset; the file was left as it is", self.path, line) from None


class LineIndex:
    """1-based line and column of any offset in one text, by bisecting its line starts:
    counting from the start of the text for each segment made big files quadratic."""

    def __init__(self, text: str):
        self.starts = array("q", [0])
        self.starts.extend(m.end() for m in re.finditer("\n", text))

    def __call__(self, pos: int) -> tuple[int, int]:
        index = bisect_right(self.starts, pos) - 1
        return index + 1, pos - self.starts[index] + 1


def line_and_column(text: str, pos: int) -> tuple[int, int]:
    """1-based line and column (in characters) of offset ``pos``.

    Readers ask for every segment of one file in file order: the count goes on
    from the previous call on the same text (counting from the start each time
    made files with many segments quadratic); any other call starts afresh.
    """
    cursor = getattr(_last, "cursor", None)
    if cursor is None or cursor.text is not text:
        cursor = _last.cursor = LineCursor(text)
    return cursor.at(pos)


_last = threading.local()  # per thread: the text of the last call and where it was
