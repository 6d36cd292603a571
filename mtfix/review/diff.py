"""Word-level diff of a line before and after a change, from rapidfuzz opcodes.

Words, runs of spaces and punctuation are the tokens; a change that spans
several words ("cluster area" -> "agglomeration zone") comes out as one
deletion and one insertion, not a word-by-word patchwork.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from rapidfuzz.distance import Levenshtein

_TOKENS = re.compile(r"\w+|\s+|[^\w\s]")

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


def word_diff(before: str, after: str) -> list[Piece]:
    """``before`` turned into ``after`` as equal, deleted and inserted pieces."""
    old, new = tokens(before), tokens(after)
    pieces: list[Piece] = []
    for tag, a1, a2, b1, b2 in _merged_opcodes(old, new):
        if tag == "equal":
            pieces.append(Piece("equal", "".join(old[a1:a2])))
            continue
        if a2 > a1:
            pieces.append(Piece("delete", "".join(old[a1:a2])))
        if b2 > b1:
            pieces.append(Piece("insert", "".join(new[b1:b2])))
    return pieces
