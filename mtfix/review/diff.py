"""Word-level diff of a line before and after a change, from rapidfuzz opcodes.

Words (a hyphenated or apostrophed word is one), runs of spaces and
punctuation are the tokens; a change that spans several words ("cluster area"
-> "agglomeration zone") comes out as one deletion and one insertion, not a
word-by-word patchwork. Tokens the two sides share at the ends of a change are
left out of it, so neither side starts with a space both have.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from rapidfuzz.distance import Levenshtein

_TOKENS = re.compile(r"\w+(?:[-'’]\w+)*|\s+|[^\w\s]")

Kind = Literal["equal", "delete", "insert"]


@dataclass(frozen=True)
class Piece:
    kind: Kind
    text: str


def tokens(text: str) -> list[str]:
    return _TOKENS.findall(text)


def _merged_opcodes(old: list[str], new: list[str]) -> list[tuple[str, int, int, int, int]]:
    """Opcodes with spaces between two changes folded into the change."""
    ops = [(op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end)
           for op in Levenshtein.opcodes(old, new)]
    merged: list[tuple[str, int, int, int, int]] = []
    for k, op in enumerate(ops):
        tag = op[0]
        between = (tag == "equal" and 0 < k < len(ops) - 1 and merged and merged[-1][0] != "equal"
                   and ops[k + 1][0] != "equal" and "".join(old[op[1]:op[2]]).isspace())
        if merged and merged[-1][0] != "equal" and (tag != "equal" or between):
            last = merged.pop()
            merged.append(("replace", last[1], op[2], last[3], op[4]))
        else:
            merged.append(op)
    return merged


def _trimmed(old: list[str], new: list[str], a1: int, a2: int, b1: int, b2: int) -> tuple[int, int, int, int]:
    """A change without the tokens both sides share at its ends (they are equal text)."""
    while a1 < a2 and b1 < b2 and old[a1] == new[b1]:
        a1, b1 = a1 + 1, b1 + 1
    while a1 < a2 and b1 < b2 and old[a2 - 1] == new[b2 - 1]:
        a2, b2 = a2 - 1, b2 - 1
    return a1, a2, b1, b2


def _pieces(old: list[str], new: list[str]) -> list[Piece]:
    pieces: list[Piece] = []
    for tag, a1, a2, b1, b2 in _merged_opcodes(old, new):
        if tag != "equal":
            c1, c2, d1, d2 = _trimmed(old, new, a1, a2, b1, b2)
            pieces += [Piece("equal", "".join(old[a1:c1])), Piece("delete", "".join(old[c1:c2])),
                       Piece("insert", "".join(new[d1:d2])), Piece("equal", "".join(old[c2:a2]))]
        else:
            pieces.append(Piece("equal", "".join(old[a1:a2])))
    merged: list[Piece] = []
    for piece in (p for p in pieces if p.text):
        if merged and merged[-1].kind == piece.kind:
            piece = Piece(piece.kind, merged.pop().text + piece.text)
        merged.append(piece)
    return merged


def word_diff(before: str, after: str) -> list[Piece]:
    """``before`` turned into ``after`` as equal, deleted and inserted pieces."""
    return _pieces(tokens(before), tokens(after))
